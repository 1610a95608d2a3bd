#include "backup/BackupJob.h"

#include "backup/SnapshotClient.h"
#include "influx1/InfluxBackup.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"

#include <QDir>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLockFile>
#include <QThread>
#include <QUuid>
#include <QtConcurrent>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

Error ioError(const QString &path, const QString &what, const QFile &file)
{
    QString hint =
        QCoreApplication::translate("BackupJob", "Check free space and permissions of the backup directory.");
    return makeError(ErrorCode::Io,
                     QCoreApplication::translate("BackupJob", "%1 '%2': %3").arg(what, path, file.errorString()), hint);
}

Status syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io,
                         QCoreApplication::translate("BackupJob", "Cannot open directory '%1' to sync it").arg(dir));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorCode::Io,
                         QCoreApplication::translate("BackupJob", "Cannot sync directory '%1'").arg(dir));
    return {};
}

// Removes the temporary archive unless the backup committed it.
class TempFile {
public:
    explicit TempFile(QString path) : m_file(std::move(path)) {}
    ~TempFile()
    {
        if (!m_committed) {
            m_file.close();
            QFile::remove(m_file.fileName());
        }
    }
    TempFile(const TempFile &) = delete;
    TempFile &operator=(const TempFile &) = delete;
    QFile &file() { return m_file; }
    void commit() { m_committed = true; }

private:
    QFile m_file;
    bool m_committed = false;
};

// Makes a finished temporary archive durable, then visible: fsync, rename, fsync the directory.
Status commitArchive(TempFile &tmp, const QString &target)
{
    if (!tmp.file().flush() || ::fsync(tmp.file().handle()) != 0)
        return ioError(tmp.file().fileName(), QCoreApplication::translate("BackupJob", "Cannot sync"), tmp.file());
    tmp.file().close();
    if (!QFile::rename(tmp.file().fileName(), target))
        return makeError(
            ErrorCode::Io,
            QCoreApplication::translate("BackupJob", "Cannot rename '%1' to '%2'").arg(tmp.file().fileName(), target));
    tmp.commit();
    return syncDirectory(QFileInfo(target).path());
}

// Reads a whole archive file back and checks every entry against its manifest.
Status rereadArchive(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            ErrorCode::Io,
            QCoreApplication::translate("BackupJob", "Cannot read '%1': %2").arg(path, file.errorString()));
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) { return static_cast<qsizetype>(file.read(buffer, capacity)); }, path);
    if (auto manifest = reader.readManifest(); !manifest)
        return manifest.error();
    for (;;) {
        auto next = reader.nextFile({});
        if (!next)
            return next.error();
        if (!next.value())
            break;
    }
    return reader.finish();
}

// Removes a staging directory when it goes out of scope.
class StagingDir {
public:
    explicit StagingDir(QString path) : m_path(std::move(path)) { QDir(m_path).removeRecursively(); }
    ~StagingDir() { QDir(m_path).removeRecursively(); }
    StagingDir(const StagingDir &) = delete;
    StagingDir &operator=(const StagingDir &) = delete;
    [[nodiscard]] bool create() const { return QDir().mkpath(m_path); }
    [[nodiscard]] const QString &path() const { return m_path; }

private:
    QString m_path;
};

} // namespace

BackupJob::BackupJob(Options options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<BackupResult>();
}

BackupJob::~BackupJob()
{
    m_cancelled = true;
    m_future.waitForFinished();
}

void BackupJob::start()
{
    m_future = QtConcurrent::run([this] {
        const BackupResult result = run();
        Q_EMIT finished(result);
    });
}

void BackupJob::cancel()
{
    m_cancelled = true;
}

int BackupJob::retryWait(int retryWaitMs, int retry)
{
    qint64 wait = std::max(0, retryWaitMs);
    for (int k = 1; k < retry && wait < kMaxRetryWaitMs; ++k)
        wait *= 2;
    return static_cast<int>(std::min<qint64>(wait, kMaxRetryWaitMs));
}

bool BackupJob::waitUnlessCancelled(int ms) const
{
    QDeadlineTimer deadline(ms);
    while (!m_cancelled && !deadline.hasExpired())
        QThread::msleep(static_cast<unsigned long>(std::clamp<qint64>(deadline.remainingTime(), 1, 50)));
    return !m_cancelled;
}

BackupResult BackupJob::run()
{
    QElapsedTimer timer;
    timer.start();
    const auto finish = [&](Result<BackupResult> outcome) {
        BackupResult result;
        if (outcome) {
            result = outcome.takeValue();
        } else {
            result.error = outcome.error();
            if (m_cancelled)
                result.error = makeError(ErrorCode::Cancelled,
                                         tr("Backup cancelled; the chain '%1' is unchanged").arg(m_options.path));
        }
        result.seconds10 = timer.elapsed() / 100;
        return result;
    };

    // 1. One backup per chain at a time; then leftovers of interrupted backups are ours to remove.
    const QString path = QDir::cleanPath(QFileInfo(m_options.path).absoluteFilePath());
    if (!QFileInfo(QFileInfo(path).path()).isDir())
        return finish(makeError(ErrorCode::Io, tr("Backup directory '%1' does not exist").arg(QFileInfo(path).path()),
                                tr("Create it first, or give another PATH.")));
    QLockFile lock(path + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0))
        return finish(makeError(ErrorCode::Busy, tr("Another backup is writing the chain '%1'").arg(path),
                                tr("Wait for it to finish (or remove '%1.lock' if no backup runs).").arg(path)));

    // Only a broken or unreachable connection is worth another try: the node may be restarting
    // or the network hiccuped. A refusal (auth, 404, 400) or a local failure would fail again.
    const int attempts = 1 + std::max(0, m_options.retries);
    for (int k = 1;; ++k) {
        auto outcome = attempt(path);
        if (outcome || outcome.error().code != ErrorCode::Connection || k == attempts || m_cancelled)
            return finish(std::move(outcome));
        const int waitMs = retryWait(m_options.retryWaitMs, k);
        Q_EMIT retrying(k, attempts, outcome.error().message, waitMs);
        if (!waitUnlessCancelled(waitMs))
            return finish(std::move(outcome));
    }
}

Result<BackupResult> BackupJob::attempt(const QString &path)
{
    auto chain = BackupChain::open(path);
    if (!chain)
        return chain.error();
    for (const QString &leftover : chain->leftovers())
        QFile::remove(leftover);
    const Manifest::Kind chainKind = chain->isEmpty() ? m_options.kind : chain->links().front().manifest.kind;
    if (chainKind != m_options.kind)
        return makeError(ErrorCode::Usage,
                         tr("The chain '%1' holds snapshots of a node of kind '%2', but this backup is of kind '%3'")
                             .arg(path, Manifest::kindName(chainKind), Manifest::kindName(m_options.kind)),
                         tr("Back up that node with --kind %1, or give a new PATH to start a chain of this node.")
                             .arg(Manifest::kindName(chainKind)));
    if (m_options.kind == Manifest::Kind::InfluxDb1)
        return runInflux(chain.value());
    return runTidemark(chain.value());
}

Result<BackupResult> BackupJob::runTidemark(const BackupChain &chain)
{
    BackupResult result;
    // 2. Ask the node for what changed since the chain's merged manifest.
    Q_EMIT stageChanged(tr("connecting to %1").arg(m_options.host.toString()));
    SnapshotClient::Options clientOptions;
    clientOptions.host = m_options.host;
    clientOptions.token = m_options.token;
    clientOptions.timeoutMs = m_options.timeoutMs;
    clientOptions.cancelled = &m_cancelled;
    clientOptions.tls = m_options.tls;
    SnapshotClient client(clientOptions);
    if (Status s = client.connect(); !s)
        return s.error();
    const bool incremental = !chain.isEmpty();
    const QString chainId =
        incremental ? chain.links().front().manifest.chainId : QUuid::createUuid().toString(QUuid::WithoutBraces);
    Q_EMIT stageChanged(tr("node is copying its files"));
    auto response =
        client.requestSnapshot(incremental ? chain.merged().toJson() : QByteArray(), chainId, m_options.compress);
    if (!response)
        return response.error();
    const qint64 total = response->body.value(QStringLiteral("totalBytes")).toInteger();
    const QJsonArray announced = response->body.value(QStringLiteral("files")).toArray();
    result.incremental = incremental;
    if (announced.isEmpty()) {
        auto end = client.readData();
        if (!end)
            return end.error();
        result.nothingChanged = true;
        return result;
    }

    // 3. Stream into PATH.N.tmp while checking every file against the manifest.
    const QString target = chain.nextPath();
    TempFile tmp(target + QStringLiteral(".tmp"));
    if (!tmp.file().open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ioError(tmp.file().fileName(), tr("Cannot create"), tmp.file());
    Q_EMIT stageChanged(tr("receiving %1 files into %2").arg(announced.size()).arg(target));

    QByteArray pending;
    qsizetype pendingPos = 0;
    bool streamEnded = false;
    ArchiveReader *readerPtr = nullptr;
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            while (pendingPos == pending.size()) {
                auto data = client.readData();
                if (!data) {
                    readerPtr->setSourceError(data.error());
                    return -1;
                }
                if (!data.value()) {
                    streamEnded = true;
                    return 0;
                }
                pending = std::move(*data.value());
                pendingPos = 0;
                // The bytes go to disk exactly as received: the stored archive is the stream.
                if (tmp.file().write(pending) != pending.size()) {
                    readerPtr->setSourceError(ioError(tmp.file().fileName(), tr("Cannot write"), tmp.file()));
                    return -1;
                }
            }
            const qsizetype n = std::min(capacity, pending.size() - pendingPos);
            std::memcpy(buffer, pending.constData() + pendingPos, static_cast<size_t>(n));
            pendingPos += n;
            return n;
        },
        tr("the stream from %1").arg(m_options.host.toString()));
    readerPtr = &reader;

    auto manifest = reader.readManifest();
    if (!manifest)
        return manifest.error();
    if (manifest->chainId != chainId || manifest->incremental != incremental ||
        manifest->files.size() != static_cast<size_t>(announced.size()))
        return makeError(ErrorCode::Integrity,
                         tr("The node's manifest does not match what it announced for '%1'").arg(target));
    qint64 done = 0;
    for (size_t k = 0;; ++k) {
        const QString current = k < manifest->files.size() ? manifest->files[k].name : QString();
        const qint64 currentSize = k < manifest->files.size() ? manifest->files[k].size : 0;
        qint64 fileDone = 0;
        auto file = reader.nextFile([&](const char *, qsizetype size) {
            fileDone += size;
            done += size;
            Q_EMIT fileProgressChanged(current, fileDone, currentSize);
            Q_EMIT progressChanged(done, total);
            return !m_cancelled.load();
        });
        if (!file)
            return file.error();
        if (!file.value())
            break;
    }
    if (Status s = reader.finish(); !s)
        return s.error();
    // Read on to the node's end frame: its 200 is the node's word that the stream is whole. What
    // comes before it (tar padding, the compressor's epilogue) belongs to the archive file.
    while (!streamEnded) {
        auto data = client.readData();
        if (!data)
            return data.error();
        if (!data.value())
            break;
        if (tmp.file().write(*data.value()) != data.value()->size())
            return ioError(tmp.file().fileName(), tr("Cannot write"), tmp.file());
    }

    // 4. Make it durable, then visible: fsync the file, rename, fsync the directory.
    Q_EMIT stageChanged(tr("syncing %1").arg(target));
    if (m_cancelled)
        return makeError(ErrorCode::Cancelled, {});
    if (Status s = commitArchive(tmp, target); !s)
        return s.error();

    result.path = target;
    result.manifest = manifest.takeValue();
    result.archiveBytes = QFileInfo(target).size();
    return result;
}

Result<BackupResult> BackupJob::runInflux(const BackupChain &chain)
{
    BackupResult result;
    result.incremental = !chain.isEmpty();
    const QString target = chain.nextPath();
    const QString chainId = result.incremental ? chain.links().front().manifest.chainId
                                               : QUuid::createUuid().toString(QUuid::WithoutBraces);
    StagingDir staging(target + QStringLiteral(".tmp.d"));
    if (!staging.create())
        return makeError(ErrorCode::Io, tr("Cannot create the staging directory '%1'").arg(staging.path()),
                         tr("Check free space and permissions of the backup directory."));
    TempFile tmp(target + QStringLiteral(".tmp"));
    if (!tmp.file().open(QIODevice::WriteOnly | QIODevice::Truncate))
        return ioError(tmp.file().fileName(), tr("Cannot create"), tmp.file());

    InfluxBackup::Callbacks callbacks;
    callbacks.stage = [this](const QString &stage) { Q_EMIT stageChanged(stage); };
    callbacks.progress = [this](qint64 done, qint64 total) { Q_EMIT progressChanged(done, total); };
    callbacks.fileProgress = [this](const QString &name, qint64 done, qint64 total) {
        Q_EMIT fileProgressChanged(name, done, total);
    };
    auto manifest = InfluxBackup::write(
        {m_options.host, m_options.databases, m_options.compress, m_options.timeoutMs, &m_cancelled}, chain.merged(),
        chainId, staging.path(), tmp.file(), callbacks);
    if (!manifest)
        return manifest.error();
    if (!manifest.value()) {
        result.nothingChanged = true;
        return result;
    }
    // The archive was written from staged files: read it back whole before it joins the chain.
    Q_EMIT stageChanged(tr("checking %1").arg(target));
    if (!tmp.file().flush())
        return ioError(tmp.file().fileName(), tr("Cannot write"), tmp.file());
    if (Status s = rereadArchive(tmp.file().fileName()); !s)
        return s.error();
    if (m_cancelled)
        return makeError(ErrorCode::Cancelled, {});
    Q_EMIT stageChanged(tr("syncing %1").arg(target));
    if (Status s = commitArchive(tmp, target); !s)
        return s.error();
    result.path = target;
    result.manifest = std::move(*manifest.value());
    result.archiveBytes = QFileInfo(target).size();
    return result;
}

} // namespace tidemark
