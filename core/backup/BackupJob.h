#pragma once

#include "common/Error.h"
#include "backup/SnapshotClient.h"
#include "config/NodeConfig.h"
#include "snapshot/Manifest.h"

#include <QStringList>

#include <QFuture>
#include <QObject>

#include <atomic>

namespace tidemark {

class BackupChain;

/// What a finished backup did.
struct BackupResult {
    Error error{ErrorCode::Ok, {}, {}}; ///< code Ok on success.
    QString path;                       ///< The archive written (PATH or PATH.N); empty when nothing changed.
    bool nothingChanged = false;
    bool incremental = false;
    Manifest manifest;       ///< Of the archive written.
    qint64 archiveBytes = 0; ///< Size of the archive file (compressed when zstd).
    qint64 seconds10 = 0;    ///< Duration in tenths of a second.
    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// Takes one backup of a node into a chain, following the seed's rule: PATH absent → a full
/// snapshot at PATH; PATH present → the next incremental PATH.N holding only files whose index
/// grew; nothing grew → no new file.
///
/// The archive is streamed into `PATH.N.tmp` while every file's size and checksum are checked
/// against the manifest; then fsync, rename, fsync of the directory. On any failure or cancel the
/// temporary file is removed and the chain is exactly as before. A `PATH.lock` keeps two backups
/// from writing one chain at once. Memory does not grow with the snapshot's size.
///
/// With `retries` > 0 an attempt that fails with ErrorCode::Connection (refused, lost, timed out)
/// is run again from the start after a wait (`retryWaitMs`, doubled after each retry, at most
/// 30 s), announced by retrying(). Every other error (auth, protocol, snapshots disabled,
/// integrity, disk, cancel) ends the job at once. The lock is held across the attempts.
///
/// Threading: start() returns at once; the work runs on a pool thread; signals arrive through
/// queued connections in the receiver's thread. finished() is emitted exactly once.
///
/// Usage:
/// @code
///   auto *job = new BackupJob({host, path}, parent);
///   connect(job, &BackupJob::progressChanged, bar, ...);
///   connect(job, &BackupJob::finished, this, [](const BackupResult &r) { ... });
///   job->start();
/// @endcode
class BackupJob : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(BackupJob)

public:
    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8808};
        QString path;
        QByteArray token;
        bool compress = false;
        int timeoutMs = 60000;
        /// The kind of node at `host`: its snapshot service (Tidemark's on 8808, InfluxDB 1.x's on
        /// 8088). A chain holds snapshots of one kind only.
        Manifest::Kind kind = Manifest::Kind::Tidemark;
        QStringList databases;     ///< InfluxDB 1.x only: the databases to back up (empty: all).
        int retries = 0;           ///< Attempts after the first, only after a Connection error.
        int retryWaitMs = 1000;    ///< The wait before the first retry; doubled for each next one.
        SnapshotClient::Tls tls{}; ///< Tidemark nodes only.
    };

    /// The wait before retry `retry` (1-based): `retryWaitMs` doubled `retry - 1` times, at most
    /// kMaxRetryWaitMs.
    [[nodiscard]] static int retryWait(int retryWaitMs, int retry);
    static constexpr int kMaxRetryWaitMs = 30000;

    explicit BackupJob(Options options, QObject *parent = nullptr);
    ~BackupJob() override;

    void start();
    /// Asks the job to stop; it then finishes with ErrorCode::Cancelled, chain untouched.
    void cancel();

    /// Runs the whole backup on the calling thread (start() runs this on a pool thread).
    [[nodiscard]] BackupResult run();

Q_SIGNALS:
    /// A human-readable stage: "connecting", "node is staging 3 files", "receiving", "syncing".
    void stageChanged(const QString &stage);
    /// Verified file bytes of the whole snapshot.
    void progressChanged(qint64 done, qint64 total);
    /// Verified bytes of the file being received.
    void fileProgressChanged(const QString &name, qint64 done, qint64 total);
    /// Attempt `attempt` of `attempts` failed with the transient `error` (its message); the next
    /// starts after `waitMs`. The failed attempt's temporary file is already removed.
    void retrying(int attempt, int attempts, const QString &error, int waitMs);
    void finished(const tidemark::BackupResult &result);

private:
    /// One attempt with the lock held: opens the chain, removes leftovers, runs the kind's flow.
    [[nodiscard]] Result<BackupResult> attempt(const QString &path);
    /// The Tidemark flow after the chain is locked and open (see SnapshotClient).
    [[nodiscard]] Result<BackupResult> runTidemark(const BackupChain &chain);
    /// Sleeps `ms` in short steps; false when cancelled meanwhile.
    [[nodiscard]] bool waitUnlessCancelled(int ms) const;
    /// The InfluxDB 1.x flow after the chain is locked and open (see InfluxBackup).
    [[nodiscard]] Result<BackupResult> runInflux(const BackupChain &chain);

    Options m_options;
    std::atomic_bool m_cancelled{false};
    QFuture<void> m_future;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::BackupResult)
