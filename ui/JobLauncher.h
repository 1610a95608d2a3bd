#pragma once

#include "common/Job.h"
#include "retention/PruneJob.h"
#include "snapshot/BackupChain.h"

#include <QObject>
#include <QSet>

#include <functional>
#include <vector>

class QWidget;

namespace tidemark::ui {

class JobRow;
class JobsPanel;
class LogView;
class NodeStore;
class OnlineRestoreWizard;

/// Starts the jobs the panes ask for and follows them: a BackupJob (backUp()), a VerifyJob
/// (verify()) or a PruneJob (prune()) gets a JobRow in the JobsPanel and lines in the LogView; the restore wizard
/// (openRestoreWizard()) runs its own restore jobs (RestoreSession) and only writes the log when it ends.
///
/// launch() is the one place where a job meets its row and the log, and where every job ends
/// (row, log, jobEnded(), the chain freed, chainJobEnded(), nodeChanged()); a new kind of job is a
/// new function like verify() that calls it. One job per chain at a time: busyLocations().
class JobLauncher : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(JobLauncher)

public:
    /// Rows go to `jobs`, lines to `log`; `window` (the parent) is the wizard's parent.
    JobLauncher(NodeStore *store, JobsPanel *jobs, LogView *log, QWidget *window);

    /// Backs up node `nodeId` into the chain at `path` (a full snapshot when it is empty, else an
    /// incremental); nothing when the node is gone or a job runs on that chain. With the node's
    /// `maxLinks`, `path` names a series (BackupJob::Options::maxLinks). When the backup wrote a
    /// link and the node's saved retention policy applies after each backup (and is not empty),
    /// a prune of the chain's location follows for that node's chains (the link's cluster URL).
    void backUp(const QString &nodeId, const QString &path);
    /// Removes the chains of `options.location` its policy keeps no point of (PruneJob; the
    /// location is busy meanwhile); false, and nothing starts, for an empty policy or while a
    /// prune runs there (the log says so).
    bool prune(const tidemark::PruneJob::Options &options);
    /// Verifies every link of `chain` (nothing when it has none).
    void verify(const tidemark::BackupChain &chain);
    /// Opens the restore wizard on the chain at `chainPath` (empty: the wizard asks).
    void openRestoreWizard(const QString &chainPath);
    /// Opens the online restore wizard (OnlineRestoreWizard) on `database` of the chain at link
    /// `upto`; its import runs here as every job (a row, the log, the target node probed again).
    OnlineRestoreWizard *openOnlineRestoreWizard(const QString &chain, int upto, const QString &database,
                                                 tidemark::Manifest::Kind kind);

    /// Number of backup or verify jobs still running.
    [[nodiscard]] int running() const { return static_cast<int>(m_busy.size()); }
    /// The chains a job runs on.
    [[nodiscard]] const QSet<QString> &busyLocations() const { return m_busy; }

Q_SIGNALS:
    /// A job started or ended: busyLocations() changed.
    void busyChanged();
    /// A job (backup, verify or restore) ended; its row and the log say so already. For a
    /// notification.
    void jobEnded(bool ok, const QString &message);
    /// A backup, verify or prune job on the chain (or, for a prune, the location) at `path` ended
    /// (after jobEnded): it may hold a new link, a new verification or fewer chains, so it is to
    /// be read again.
    void chainJobEnded(const QString &path, bool ok);
    /// A verification of `links` ended (not when cancelled): remember what it found
    /// (ChainPane::rememberVerification). Comes before jobEnded.
    void chainVerified(const std::vector<tidemark::BackupChain::Link> &links, bool ok, const QString &message);
    /// A job talked to node `nodeId` and moved its index and size on: probe it again.
    void nodeChanged(const QString &nodeId);

private:
    /// What launch() shows of a job and what it does when the job ends.
    struct Launch {
        QString path;        ///< The chain (or a prune's location) the job works on.
        QString title;       ///< The row's title.
        QString started;     ///< The log's line when it starts.
        QString stage;       ///< The row's first stage, for a job that reports none (empty: none).
        QString nodeId;      ///< The node it talks to, probed again when it ends (empty: none).
        bool fileBar = true; ///< Whether the job reports per-file progress.
    };

    /// Starts `job`: adds its row (which shows any Job: stage, progress, file progress, retries;
    /// Cancel cancels it) and connects its end to `outcome`, which does what is particular to the
    /// job and returns the line for the row, the log and the notification (it may set `ok`).
    void launch(Job *job, const Launch &what, const std::function<QString(bool *ok)> &outcome);
    /// After a backup of node `nodeId` into its location `location` wrote a link (the node's URL
    /// `nodeUrl` in it): prune the folder holding it with the node's policy when it applies after
    /// each backup.
    void pruneAfterBackup(const QString &nodeId, const QString &location, const QString &nodeUrl);
    void log(bool ok, const QString &message);

    NodeStore *m_store;
    JobsPanel *m_jobs;
    LogView *m_log;
    QWidget *m_window;
    QSet<QString> m_busy; ///< Locations with a job running.
};

} // namespace tidemark::ui
