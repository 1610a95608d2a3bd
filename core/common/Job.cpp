#include "common/Job.h"

#include <QtConcurrent>

#include <utility>

namespace tidemark {

Job::Job(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Error>();
}

Job::~Job()
{
    cancel();
    waitForFinished();
}

bool Job::start()
{
    if (m_future.isRunning())
        return false;
    {
        const QMutexLocker locker(&m_progressMutex);
        m_progress = {};
        m_fileProgress = {};
        m_clock.start();
    }
    m_future = QtConcurrent::run([this] {
        Error error = execute();
        flushHeldProgress();
        if (m_cancelled && error.code != ErrorCode::Ok && error.code != ErrorCode::Cancelled)
            error = makeError(ErrorCode::Cancelled, error.message, error.hint);
        Q_EMIT finished(error);
    });
    return true;
}

void Job::cancel()
{
    m_cancelled = true;
}

void Job::waitForFinished()
{
    m_future.waitForFinished();
}

bool Job::admit(Throttle &throttle, const Report &report)
{
    const qint64 now = m_clock.elapsed();
    const bool due = throttle.lastMs < 0 || now - throttle.lastMs >= kProgressIntervalMs;
    // A total that becomes known is news; one that grows with the bytes (block links) is not.
    const bool changed =
        !throttle.last || throttle.last->name != report.name || (throttle.last->total > 0) != (report.total > 0);
    const bool atEnd = report.total > 0 && report.done >= report.total;
    if (!due && !changed && !atEnd) {
        throttle.held = report;
        return false;
    }
    throttle.lastMs = now;
    throttle.last = report;
    throttle.held.reset();
    return true;
}

void Job::reportProgress(qint64 done, qint64 total)
{
    {
        const QMutexLocker locker(&m_progressMutex);
        if (!admit(m_progress, {{}, done, total}))
            return;
    }
    Q_EMIT progressChanged(done, total);
}

void Job::reportFileProgress(const QString &name, qint64 done, qint64 total)
{
    {
        const QMutexLocker locker(&m_progressMutex);
        if (!admit(m_fileProgress, {name, done, total}))
            return;
    }
    Q_EMIT fileProgressChanged(name, done, total);
}

void Job::flushHeldProgress()
{
    std::optional<Report> progress;
    std::optional<Report> fileProgress;
    {
        const QMutexLocker locker(&m_progressMutex);
        progress = std::exchange(m_progress.held, std::nullopt);
        fileProgress = std::exchange(m_fileProgress.held, std::nullopt);
    }
    if (fileProgress)
        Q_EMIT fileProgressChanged(fileProgress->name, fileProgress->done, fileProgress->total);
    if (progress)
        Q_EMIT progressChanged(progress->done, progress->total);
}

} // namespace tidemark
