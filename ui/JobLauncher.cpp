#include "JobLauncher.h"

#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "NodeStore.h"
#include "OnlineRestoreWizard.h"
#include "RestoreWizard.h"
#include "Units.h"
#include "backup/BackupJob.h"
#include "backup/VerifyJob.h"
#include "history/JobHistory.h"
#include "restore/OnlineRestoreJob.h"
#include "storage/ChainLocation.h"

#include <QtConcurrent>

namespace tidemark::ui {

JobLauncher::JobLauncher(NodeStore *store, JobsPanel *jobs, LogView *log, QWidget *window)
    : QObject(window), m_store(store), m_jobs(jobs), m_log(log), m_window(window)
{
}

void JobLauncher::launch(Job *job, const Launch &what, const std::function<QString(bool *ok)> &outcome)
{
    JobRow *row = m_jobs->addJob(job, what.title);
    row->setFileBarVisible(what.fileBar);
    if (!what.stage.isEmpty())
        row->setStage(what.stage);
    m_busy.insert(what.path);
    Q_EMIT busyChanged();
    m_log->addInfo(what.started);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    connect(job, &Job::finished, this, [this, job, row, what, outcome, started](const Error &error) {
        // Into the job history, off the GUI thread (another process may hold the database a moment).
        (void)QtConcurrent::run([entry = HistoryEntry::of(*job, error, started, QStringLiteral("gui"))] {
            if (Status s = JobHistory::record(entry); !s)
                qWarning("tidemark: the job was not recorded in the history: %s", qPrintable(s.error().message));
        });
        bool ok = error.code == ErrorCode::Ok;
        const QString message = outcome(&ok);
        row->finish(ok, message);
        log(ok, message);
        Q_EMIT jobEnded(ok, message);
        m_busy.remove(what.path);
        Q_EMIT busyChanged();
        job->deleteLater();
        Q_EMIT chainJobEnded(what.path, ok);
        if (!what.nodeId.isEmpty())
            Q_EMIT nodeChanged(what.nodeId);
    });
    job->start();
}

void JobLauncher::log(bool ok, const QString &message)
{
    if (ok)
        m_log->addInfo(message);
    else
        m_log->addError(message);
}

void JobLauncher::backUp(const QString &nodeId, const QString &path)
{
    const NodeEntry *entry = m_store->node(nodeId);
    // An S3 location whose secret key is still being read from the keyring waits for it.
    // So does a node whose auth token is still being read from the keyring.
    if (!entry || m_busy.contains(path) || m_store->isReadingKeyring(path) || m_store->isReadingToken(nodeId))
        return;
    const std::optional<ConnectionSettings> settings = m_store->settings(nodeId);
    if (!settings)
        return;
    BackupJob::Options options;
    static_cast<ConnectionSettings &>(options) = *settings;
    options.path = path;
    options.maxLinks = entry->maxLinks;
    // A new chain the location dialog was asked to encrypt: its first key (an encrypted chain
    // stays encrypted anyway; a chain with links no longer needs it, see ChainPane).
    if (auto secret = m_store->newChainSecret(path)) {
        options.encrypt = true;
        options.newChainSecret = std::move(secret);
        options.keyLabel = tr("set in the Tidemark GUI");
    }
    auto *job = new BackupJob(options, this);
    // The row counts down to the next attempt; the log keeps why each one failed.
    connect(job, &BackupJob::retrying, this,
            [this, name = entry->name](int attempt, int attempts, const QString &error) {
                m_log->addError(tr("Backup of %1: attempt %2 of %3 failed: %4")
                                    .arg(name, QString::number(attempt), QString::number(attempts), error));
            });
    launch(job,
           {.path = path,
            .title = tr("Backup of %1 → %2").arg(entry->name, path),
            .started = tr("Backup of %1 into %2 started").arg(entry->name, path),
            .stage = {},
            .nodeId = entry->id, // the node's index and size moved on
            .fileBar = true},
           [this, job, path, nodeId](bool *) -> QString {
               const BackupResult &result = job->result();
               if (!result.ok())
                   return result.error.toString();
               m_store->setNewChainSecret(path, nullptr); // the chain has its keys now
               if (result.nothingChanged)
                   return tr("Nothing changed since the last link: no new file.");
               // The node's policy, as saved now, once this job's row and log are done; over the
               // folder of `path` (where a series' newer chains are too).
               QMetaObject::invokeMethod(
                   this,
                   [this, nodeId, path, url = result.manifest.clusterUrl] { pruneAfterBackup(nodeId, path, url); },
                   Qt::QueuedConnection);
               QString message =
                   tr("Wrote %1: %2 (%n file(s)), index %3.", nullptr, static_cast<int>(result.manifest.files.size()))
                       .arg(result.path, Units::bytes(result.archiveBytes))
                       .arg(result.manifest.index);
               if (!result.rolledFrom.isEmpty())
                   message += QLatin1Char(' ') +
                              tr("%1 was full: rolled onto a synthetic full at %2 (%3) first.")
                                  .arg(result.rolledFrom, result.chain, Units::bytes(result.syntheticBytes));
               return message;
           });
}

void JobLauncher::verify(const BackupChain &chain)
{
    if (chain.isEmpty())
        return;
    const QString path = chain.path();
    auto *job = new VerifyJob(path, this);
    const std::vector<BackupChain::Link> links = chain.links();
    launch(job,
           {.path = path,
            .title = tr("Verify %1").arg(path),
            .started = tr("Verification of %1 started").arg(path),
            .stage = tr("reading every link, checksum and file"),
            .nodeId = {},
            .fileBar = false},
           [this, job, path, links](bool *) -> QString {
               const VerifyResult &result = job->result();
               if (result.error.code != ErrorCode::Cancelled)
                   Q_EMIT chainVerified(links, result.ok(), result.error.message);
               return result.ok()
                          ? tr("The chain %1 is complete; every checksum and every file it holds is valid.").arg(path)
                          : result.error.toString();
           });
}

bool JobLauncher::prune(const PruneJob::Options &options)
{
    const QString location = options.location;
    if (options.policy.isEmpty())
        return false;
    if (m_busy.contains(location)) {
        m_log->addError(tr("Prune of %1 did not start: a prune runs there already.").arg(location));
        return false;
    }
    auto *job = new PruneJob(options, this);
    const QString policy = options.policy.describe();
    launch(job,
           {.path = location,
            .title = tr("Prune %1 (%2)").arg(location, policy),
            .started = options.node.isEmpty()
                           ? tr("Prune of %1 started (%2)").arg(location, policy)
                           : tr("Prune of %1 started (%2, the chains of %3)").arg(location, policy, options.node),
            .stage = {},
            .nodeId = {},
            .fileBar = false},
           [job](bool *) -> QString {
               const PruneResult &result = job->result();
               QStringList removed;
               QStringList notes;
               for (const PruneDecision &d : result.chains) {
                   if (d.removed)
                       removed << d.chain.name;
                   else if (d.error)
                       notes << tr("%1 stays: %2").arg(d.chain.name, d.error->message);
               }
               QString message = tr("Removed %n chain(s), freed %1 (%2).", nullptr, result.removedCount)
                                     .arg(Units::bytes(result.bytesFreed), result.policy.describe());
               if (!removed.isEmpty())
                   message += QLatin1Char(' ') + tr("Gone: %1.").arg(removed.join(QStringLiteral(", ")));
               if (!notes.isEmpty())
                   message += QLatin1Char(' ') + notes.join(QStringLiteral("; ")) + QLatin1Char('.');
               if (result.ok())
                   return message;
               return result.removedCount == 0 ? result.error.toString()
                                               : result.error.toString() + QLatin1Char('\n') + message;
           });
    return true;
}

void JobLauncher::pruneAfterBackup(const QString &nodeId, const QString &location, const QString &nodeUrl)
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry || !entry->pruneAfterBackup || entry->retention.isEmpty() || nodeUrl.isEmpty())
        return;
    // An S3 chain's folder is read with the chain's endpoint and keys.
    m_store->registerS3Folder(location);
    PruneJob::Options options;
    options.location = ChainLocation::locationOf(location);
    options.policy = entry->retention;
    options.node = nodeUrl;
    (void)prune(options);
}

void JobLauncher::openRestoreWizard(const QString &chainPath)
{
    auto *wizard = new RestoreWizard(chainPath, m_window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &RestoreWizard::restoreFinished, this, [this](bool ok, const QString &message) {
        log(ok, message);
        Q_EMIT jobEnded(ok, message);
    });
    wizard->open();
}

OnlineRestoreWizard *JobLauncher::openOnlineRestoreWizard(const QString &chain, int upto, const QString &database,
                                                          Manifest::Kind kind)
{
    auto launcher = [this, chain, database](OnlineRestoreJob *job, const QString &nodeId) {
        job->setParent(this);
        const QString node = job->plan().node;
        const QString target = job->plan().request.targetDatabase();
        // The job's error, for the row and the log (connected before launch()'s own end).
        auto error = std::make_shared<Error>(Error{ErrorCode::Ok, {}, {}});
        connect(job, &Job::finished, this, [error](const Error &e) { *error = e; });
        launch(
            job,
            {.path = chain,
             .title = tr("Restore %1 into %2").arg(database, node),
             .started = tr("Restore of database %1 from %2 into %3 (as %4) started").arg(database, chain, node, target),
             .stage = tr("checking every shard of the chain"),
             .nodeId = nodeId,
             .fileBar = false},
            [error, database, node, target](bool *) -> QString {
                if (error->code == ErrorCode::Ok)
                    return tr("Restored database %1 into %2 as %3.").arg(database, node, target);
                return OnlineRestoreWizard::errorText(*error);
            });
    };
    auto *wizard = new OnlineRestoreWizard(m_store, chain, upto, database, kind, launcher, m_window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

} // namespace tidemark::ui
