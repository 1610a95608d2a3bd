#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace tidemark::ui {

class RestoreWizard;

/// Page 5: what happened and what to do next (start the node, take a new full backup), or the
/// error with its hint.
class RestoreResultPage : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreResultPage)

public:
    explicit RestoreResultPage(RestoreWizard *wizard);

    void initializePage() override;

private:
    RestoreWizard *m_wizard;
    QLabel *m_headline;
    QLabel *m_details;
    QLineEdit *m_command;
};

} // namespace tidemark::ui
