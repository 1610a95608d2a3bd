#pragma once

#include "RestoreSession.h"

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QProgressBar;
class QVBoxLayout;

namespace tidemark::ui {

class RestoreWizard;

/// Page 2: the node's config file (tidemarkd's, or influxdb.conf when the chain is of an
/// InfluxDB 1.x node; each kind remembers its last path) and the owner of the restored files; runs preflight and
/// shows every finding with its fix. When the owner change needs root and we are not root, the
/// exact `sudo tidemark-cli restore …` command is offered to copy.
class RestoreConfigPage : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreConfigPage)

public:
    explicit RestoreConfigPage(RestoreWizard *wizard);

    void initializePage() override;
    [[nodiscard]] bool isComplete() const override;
    /// Runs preflight again with the fields as they are.
    void check();
    /// Preflight has answered and found no error.
    [[nodiscard]] bool isChecked() const { return m_checked; }

Q_SIGNALS:
    void checked(bool ok);

private:
    void showPlan(const RestorePlan &plan, const QString &recovered);
    void addCommandRow(const QString &label, const QString &command, const QString &objectName);
    /// Runs the whole restore as root through pkexec (tidemark-cli beside this program).
    void runWithPkexec();
    /// The config's label, placeholder and help for the chain's kind.
    void showKind();
    [[nodiscard]] static QString configKey(Manifest::Kind kind);

    RestoreWizard *m_wizard;
    QLineEdit *m_config;
    QLabel *m_configLabel;
    Manifest::Kind m_kind = Manifest::Kind::Tidemark;
    QLineEdit *m_owner;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QWidget *m_findingsBox;
    QVBoxLayout *m_findings;
    QString m_checkedConfig; ///< The fields as last checked.
    QString m_checkedOwner;
    QString m_pkexec; ///< pkexec's path, empty when it is not installed.
    bool m_checked = false;
    bool m_running = false;
    bool m_again = false;
};

} // namespace tidemark::ui
