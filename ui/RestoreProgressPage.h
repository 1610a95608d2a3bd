#pragma once

#include <QWizardPage>

class QLabel;
class QListWidget;
class QProgressBar;

namespace tidemark::ui {

class RestoreWizard;

/// Page 4: runs the restore and shows each step; moves on to the result when it ends.
class RestoreProgressPage : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreProgressPage)

public:
    explicit RestoreProgressPage(RestoreWizard *wizard);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;

private:
    RestoreWizard *m_wizard;
    QLabel *m_stage;
    QProgressBar *m_progress;
    QListWidget *m_steps;
    QString m_lastStage;
    bool m_done = false;
    bool m_running = false;
};

} // namespace tidemark::ui
