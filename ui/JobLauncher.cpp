#include "JobLauncher.h"

#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "NodeStore.h"
#include "RestoreWizard.h"
#include "Units.h"
#include "backup/BackupJob.h"
#include "backup/VerifyJob.h"

namespace tidemark::ui {

namespace {

// The row shows whatever its kind of job reports, and its Cancel cancels the job. A job with no
// per-file stream (verify) hides the file bar.
template <typename Job> void connectRow(Job *job, JobRow *row)
{
    if constexpr (requires { &Job::stageChanged; })
        QObject::connect(job, &Job::stageChanged, row, &JobRow::setStage);
    QObject::connect(job, &Job::progressChanged, row, &JobRow::setProgress);
    if constexpr (requires { &Job::fileProgressChanged; })
        QObject::connect(job, &Job::fileProgressChanged, row, &JobRow::setFileProgress);
    else
        row->setFileBarVisible(false);
    if constexpr (requires { &Job::retrying; })
        QObject::connect(job, &Job::retrying, row, &JobRow::setRetrying);
    QObject::connect(row, &JobRow::cancelRequested, job, &Job::cancel);
}

} // namespace

JobLauncher::JobLauncher(NodeStore *store, JobsPanel *jobs, LogView *log, QWidget *window)
    : QObject(window), m_store(store), m_jobs(jobs), m_log(log), m_window(window)
{
}

template <typename Result, typename Job>
void JobLauncher::launch(Job *job, const Launch &what, const std::function<QString(const Result &)> &outcome)
{
    JobRow *row = m_jobs->addJob(what.title);
    connectRow(job, row);
    if (!what.stage.isEmpty())
        row->setStage(what.stage);
    m_busy.insert(what.path);
    Q_EMIT busyChanged();
    m_log->addInfo(what.started);
    connect(job, &Job::finished, this, [this, job, row, what, outcome](const Result &result) {
        const QString message = outcome(result);
        row->finish(result.ok(), message);
        log(result.ok(), message);
        Q_EMIT jobEnded(result.ok(), message);
        m_busy.remove(what.path);
        Q_EMIT busyChanged();
        job->deleteLater();
        Q_EMIT chainJobEnded(what.path, result.ok());
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
    if (!entry || m_busy.contains(path))
        return;
    auto host = HostPort::parse(entry->host);
    if (!host)
        return;
    BackupJob::Options options;
    options.host = host.value();
    options.path = path;
    options.kind = entry->kind;
    options.retries = entry->retries;
    if (entry->kind == Manifest::Kind::InfluxDb1) {
        options.databases = entry->databases;
    } else {
        options.token = m_store->token(entry->id);
        options.tls = entry->tls;
    }
    auto *job = new BackupJob(options, this);
    // The row counts down to the next attempt; the log keeps why each one failed.
    connect(job, &BackupJob::retrying, this,
            [this, name = entry->name](int attempt, int attempts, const QString &error) {
                m_log->addError(tr("Backup of %1: attempt %2 of %3 failed: %4")
                                    .arg(name, QString::number(attempt), QString::number(attempts), error));
            });
    launch<BackupResult>(job,
                         {.path = path,
                          .title = tr("Backup of %1 → %2").arg(entry->name, path),
                          .started = tr("Backup of %1 into %2 started").arg(entry->name, path),
                          .stage = {},
                          .nodeId = entry->id}, // the node's index and size moved on
                         [](const BackupResult &result) -> QString {
                             if (!result.ok())
                                 return result.error.toString();
                             if (result.nothingChanged)
                                 return tr("Nothing changed since the last link: no new file.");
                             return tr("Wrote %1: %2 (%n file(s)), index %3.", nullptr,
                                       static_cast<int>(result.manifest.files.size()))
                                 .arg(result.path, Units::bytes(result.archiveBytes))
                                 .arg(result.manifest.index);
                         });
}

void JobLauncher::verify(const BackupChain &chain)
{
    if (chain.isEmpty())
        return;
    const QString path = chain.path();
    auto *job = new VerifyJob(path, this);
    const std::vector<BackupChain::Link> links = chain.links();
    launch<VerifyResult>(
        job,
        {.path = path,
         .title = tr("Verify %1").arg(path),
         .started = tr("Verification of %1 started").arg(path),
         .stage = tr("reading every link, checksum and file"),
         .nodeId = {}},
        [this, path, links](const VerifyResult &result) -> QString {
            if (result.error.code != ErrorCode::Cancelled)
                Q_EMIT chainVerified(links, result.ok(), result.error.message);
            return result.ok()
                       ? tr("The chain %1 is complete; every checksum and every file it holds is valid.").arg(path)
                       : result.error.toString();
        });
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

} // namespace tidemark::ui
