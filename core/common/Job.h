#pragma once

#include "common/Error.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <optional>

namespace tidemark {

/// One long operation of the engine (a backup, a verification, a restore's preflight or its
/// execution, and every later one): the front ends run any Job the same way, the CLI through one
/// runner (event loop, Ctrl-C, terminal progress, `--json` events), the GUI through its jobs panel.
///
/// A job runs on a pool thread: start() returns at once, execute() does the work there, and the
/// signals reach receivers in their own threads through queued connections. finished() is
/// emitted exactly once, after result accessors of the subclass are set, with the user-facing
/// error (code Ok on success). cancel() may be called from any thread at any time: the job stops
/// at its next check (well under a second for every job here) and finishes with
/// ErrorCode::Cancelled, leaving what it worked on as it was before it started (or, for a restore
/// already past its swap, finished).
///
/// Subclasses implement execute() and call reportStage()/reportProgress() from it; a subclass's
/// destructor must call waitForFinished() before its members go away (the base destructor runs
/// after them).
///
/// Usage:
/// @code
///   auto *job = new BackupJob(options, parent);
///   connect(job, &Job::progressChanged, bar, ...);
///   connect(job, &Job::finished, this, [job](const Error &error) { ... job->result() ... });
///   job->start();
/// @endcode
class Job : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(Job)

public:
    /// The least time between two progress signals of one kind (see reportProgress()).
    static constexpr qint64 kProgressIntervalMs = 50;

    explicit Job(QObject *parent = nullptr);
    ~Job() override;

    /// What the job does, for a jobs list or a log: "Backup of 127.0.0.1:8808 into /b/node1".
    [[nodiscard]] virtual QString title() const = 0;

    /// Runs execute() on a pool thread; false (and nothing happens) while the job already runs. A
    /// job cancelled before it starts finishes with ErrorCode::Cancelled at its first check.
    bool start();
    /// Asks the job to stop; it then finishes with ErrorCode::Cancelled.
    void cancel();
    [[nodiscard]] bool isCancelled() const { return m_cancelled.load(); }
    /// Blocks until a started job has finished running (its finished() may still be queued).
    void waitForFinished();

Q_SIGNALS:
    /// A human-readable stage: "connecting to …", "receiving 3 files into …", "syncing …".
    void stageChanged(const QString &stage);
    /// Bytes done of the whole job's total (0 when not known yet).
    void progressChanged(qint64 done, qint64 total);
    /// Bytes done of the file being worked on, where the job goes file by file.
    void fileProgressChanged(const QString &name, qint64 done, qint64 total);
    /// Attempt `attempt` of `attempts` failed with the transient `error`; the next starts after
    /// `waitMs` (jobs that retry: BackupJob).
    void retrying(int attempt, int attempts, const QString &error, int waitMs);
    /// Emitted once per start(): code Ok, or the user-facing error (message and hint).
    void finished(const tidemark::Error &error);

protected:
    /// The work, on the pool thread. Returns the outcome; a cancelled job returns ErrorCode::Cancelled.
    [[nodiscard]] virtual Error execute() = 0;
    /// The flag execute() hands to the engine's loops (they stop when it is set).
    [[nodiscard]] const std::atomic_bool *cancelFlag() const { return &m_cancelled; }
    void reportStage(const QString &stage) { Q_EMIT stageChanged(stage); }
    /// Progress reaches the front end's thread as queued signals, an event and a wake-up each; one
    /// per chunk cost a client ~20% of its CPU. So these send at most one every
    /// kProgressIntervalMs, plus always: the first report, a total that becomes known, a new file,
    /// and the end of a known total. What was held back last is sent before finished(). Safe from any thread.
    void reportProgress(qint64 done, qint64 total);
    void reportFileProgress(const QString &name, qint64 done, qint64 total);

private:
    struct Report {
        QString name;
        qint64 done = 0;
        qint64 total = 0;
    };
    struct Throttle {
        qint64 lastMs = -1;         ///< When the last report went out (m_clock), -1 before the first.
        std::optional<Report> last; ///< The last one sent.
        std::optional<Report> held; ///< The last one held back since then.
    };
    /// Whether `report` goes out now; otherwise keeps it as `throttle.held`. Under m_progressMutex.
    bool admit(Throttle &throttle, const Report &report);
    void flushHeldProgress();

    std::atomic_bool m_cancelled{false};
    QFuture<void> m_future;
    QMutex m_progressMutex;
    QElapsedTimer m_clock;
    Throttle m_progress;
    Throttle m_fileProgress;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::Error)
