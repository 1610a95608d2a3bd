#pragma once

#include "backup/VerifyJob.h"
#include "snapshot/BackupChain.h"

#include <QPointer>
#include <QWizardPage>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace tidemark::ui {

class RestoreWizard;

/// Page 1: which chain, and how far (`--upto`); the whole chain is verified with a progress bar.
class RestoreChainPage : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreChainPage)

public:
    explicit RestoreChainPage(RestoreWizard *wizard);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    bool validatePage() override;

    /// Finished verifying (ok or not).
    [[nodiscard]] bool isVerified() const { return m_verified; }

Q_SIGNALS:
    void verificationFinished(bool ok);

private:
    void load();
    void showChain();

    RestoreWizard *m_wizard;
    QLineEdit *m_path;
    QComboBox *m_upto;
    QProgressBar *m_progress;
    QLabel *m_status;
    std::optional<BackupChain> m_chain;
    QPointer<VerifyJob> m_job;
    bool m_verified = false;
    bool m_verifyOk = false;
    int m_generation = 0;
};

} // namespace tidemark::ui
