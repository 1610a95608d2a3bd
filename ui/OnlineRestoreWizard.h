#pragma once

#include "common/Error.h"
#include "restore/OnlineImporter.h"
#include "snapshot/Manifest.h"

#include <QWizard>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QTableWidget;

namespace tidemark {
class OnlineRestoreJob;
}

namespace tidemark::ui {

class NodeStore;

/// "Restore this database…" of the contents view (issue 20): one database of a chain, at one
/// link, into a running node (core's OnlineRestoreJob, `tidemark-cli restore CHAIN --database NAME
/// -host H:P`). Three pages:
///
/// 1. **Target** (targetPage): the node (nodeCombo: the GUI's nodes of the chain's kind, with
///    their connection settings, token and TLS from NodeStore), the name on the node (newNameEdit,
///    default the database's), what happens when it exists (conflictCombo: fail, skip, replace;
///    replace disabled with the kind's reason, OnlineImporter::replaceRefusal(), in
///    replaceNoteLabel).
/// 2. **Plan** (planPage): a planning OnlineRestoreJob (reads the chain, asks the node, changes
///    nothing) on a pool thread, then its plan as a table (planTable: shard, retention policy,
///    from, to, bytes, action, reason), its notes and the same restore as a command line
///    (planSummary); or its error in planError (a conflict under "fail" explained: exit code 14,
///    nothing changed, how to resolve it). Next only with a plan that imports something.
/// 3. **Restore** (restorePage): the import job, through the launcher given (JobLauncher: a row in
///    the jobs panel, lines in the log, the node probed again), its stage and progress
///    (restoreStatus, restoreProgress), then the result (resultLabel): what was restored, or the
///    error with its hint. Cancel cancels a running import (the node keeps what it had).
class OnlineRestoreWizard : public QWizard {
    Q_OBJECT
    Q_DISABLE_COPY(OnlineRestoreWizard)

public:
    enum PageId { TargetPage, PlanPage, RestorePage };
    /// Runs the import job and owns it from then on (deletes it once finished); `nodeId` is the
    /// target. Empty: the wizard starts and owns the job itself.
    using Launcher = std::function<void(tidemark::OnlineRestoreJob *job, const QString &nodeId)>;

    OnlineRestoreWizard(NodeStore *store, QString chain, int upto, QString database, Manifest::Kind kind,
                        Launcher launcher = {}, QWidget *parent = nullptr);
    ~OnlineRestoreWizard() override;

    [[nodiscard]] QString chain() const { return m_chain; }
    [[nodiscard]] int upto() const { return m_upto; }
    [[nodiscard]] QString database() const { return m_database; }
    /// The request as the target page has it.
    [[nodiscard]] OnlineRestoreRequest request() const;
    /// The node chosen on the target page (its id), empty when there is none.
    [[nodiscard]] QString nodeId() const;
    /// Whether a planning or importing job runs.
    [[nodiscard]] bool isPlanning() const { return m_planJob != nullptr; }
    [[nodiscard]] bool isRestoring() const { return m_importJob != nullptr; }
    /// The plan last made; nullopt before, while planning and after a failed plan.
    [[nodiscard]] const std::optional<OnlineRestorePlan> &plan() const { return m_plan; }
    /// Why the last plan or import failed (code Ok when it did not).
    [[nodiscard]] const Error &error() const { return m_error; }
    /// Whether the import finished (with result() ok or not).
    [[nodiscard]] bool isFinished() const { return m_finished; }

    /// What the wizard says of `error` (message, hint; a conflict explained).
    [[nodiscard]] static QString errorText(const Error &error);

    void reject() override;

Q_SIGNALS:
    /// The plan job ended (ok: plan() holds it).
    void planned(bool ok);
    /// The import ended; the result page says so.
    void restoreFinished(bool ok, const QString &message);

private:
    friend class OnlineTargetPage;
    friend class OnlinePlanPage;
    friend class OnlineRestorePage;

    [[nodiscard]] std::optional<ConnectionSettings> settings() const;
    void startPlan();
    void stopPlan();
    void startImport();

    NodeStore *m_store;
    QString m_chain;
    int m_upto;
    QString m_database;
    Manifest::Kind m_kind;
    Launcher m_launcher;
    OnlineRestoreJob *m_planJob = nullptr;
    OnlineRestoreJob *m_importJob = nullptr;
    std::optional<OnlineRestorePlan> m_plan;
    Error m_error{ErrorCode::Ok, {}, {}};
    bool m_finished = false;

    QComboBox *m_nodeCombo;
    QLineEdit *m_nameEdit;
    QComboBox *m_conflictCombo;
    QLabel *m_replaceNote;
    QLabel *m_planStatus;
    QProgressBar *m_planProgress;
    QTableWidget *m_planTable;
    QLabel *m_planSummary;
    QLabel *m_planError;
    QLabel *m_restoreStatus;
    QProgressBar *m_restoreProgress;
    QLabel *m_resultLabel;
};

} // namespace tidemark::ui
