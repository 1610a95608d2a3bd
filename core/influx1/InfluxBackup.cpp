#include "influx1/InfluxBackup.h"

#include "common/Staging.h"

#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"

#include <QDateTime>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QHash>
#include <QThread>

#include <condition_variable>
#include <map>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

constexpr qsizetype kOutBlockBytes = 1 << 20;

struct Staged {
    QString path;
    ManifestFile file;
};

Error writeError(const QString &path, const QFile &file)
{
    return makeError(
        ErrorCode::Io, InfluxBackup::tr("Cannot write '%1': %2").arg(path, file.errorString()),
        InfluxBackup::tr("Check free space and permissions of the backup directory; an InfluxDB backup stages "
                         "the shards beside the chain before writing the archive."));
}

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, InfluxBackup::tr("Backup cancelled"));
}

// One shard to take, in id order; `before` is the chain's copy of it (nullptr: none).
struct ShardTask {
    quint64 id = 0;
    QString shardPath; // db/rp/id
    const ManifestFile *before = nullptr;
    std::optional<Staged> staged; // Set by the thread that took it, when it changed.
};

// What the fetching threads share with the thread that called write(). Only that thread calls
// the callbacks: the fetching threads leave stage lines here and count the bytes.
class Fetching {
public:
    explicit Fetching(int threads) : m_running(threads) {}

    std::atomic_bool abort{false}; // Cancelled, or another fetch failed: stop.
    std::atomic<qint64> receivedBytes{0};
    std::atomic<size_t> nextTask{0};

    void say(const QString &stage)
    {
        const std::lock_guard lock(m_mutex);
        m_stages.push_back(stage);
        m_wake.notify_one();
    }
    // The first failure is the one reported; the others stop because of it.
    void fail(Error error)
    {
        const std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = std::move(error);
        abort = true;
    }
    void threadDone()
    {
        const std::lock_guard lock(m_mutex);
        --m_running;
        m_wake.notify_one();
    }
    // Waits up to `ms` for a stage line or the last thread's end; returns the stage lines so far
    // and whether every thread has ended.
    bool wait(int ms, std::vector<QString> *stages)
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_running == 0 || !m_stages.empty(); });
        stages->swap(m_stages);
        m_stages.clear();
        return m_running == 0;
    }
    [[nodiscard]] std::optional<Error> error()
    {
        const std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<QString> m_stages;
    int m_running;
    std::optional<Error> m_error;
};

// One shard's tar (files modified after `since`; all when invalid) into `path`, checked.
// The node answers nothing while it is still writing an earlier snapshot of the shard (e.g.
// right after heavy writes): ask again, as influxd backup does. `checksum` (optional) gets the
// bytes as they arrive: an attempt asked again sent none. The file is not fsynced: the scratch
// is discarded on any failure, and the archive made from it is synced when committed.
Result<ShardTar::Summary> fetchShard(InfluxSnapshotClient &client, const InfluxBackup::Options &options,
                                     Fetching &shared, quint64 id, const QDateTime &since, const QString &path,
                                     Checksum *checksum)
{
    QFile file(path);
    for (int attempt = 1;; ++attempt) {
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return writeError(path, file);
        bool writeFailed = false;
        auto sent = client.shardBackup(id, since, [&](const char *data, qsizetype n) {
            if (file.write(data, n) != n) {
                writeFailed = true;
                return false;
            }
            if (checksum)
                checksum->add(QByteArrayView(data, n));
            shared.receivedBytes += n;
            return true;
        });
        if (writeFailed)
            return writeError(path, file);
        if (sent)
            break;
        file.close();
        if (sent.error().code != ErrorCode::NotFound || attempt == InfluxBackup::kShardAttempts)
            return sent.error();
        shared.say(InfluxBackup::tr("shard %1 sent nothing; asking again (%2 of %3)")
                       .arg(id)
                       .arg(attempt + 1)
                       .arg(InfluxBackup::kShardAttempts));
        for (int waited = 0; waited < InfluxBackup::kShardRetryMs; waited += 100) {
            if (shared.abort.load())
                return cancelledError();
            QThread::msleep(100);
        }
    }
    if (!file.flush())
        return writeError(path, file);
    file.close();
    return ShardTar::inspect(path, id, InfluxBackup::tr("the stream from %1").arg(options.host.toString()));
}

// Takes one shard into the staging directory: first, when the chain has a copy, asks whether
// anything is newer; then the whole shard. Leaves `task.staged` empty when it did not change.
Status takeShard(InfluxSnapshotClient &client, const InfluxBackup::Options &options, Fetching &shared, ShardTask &task,
                 size_t number, size_t count, const QString &stagingDir)
{
    const QString name = QStringLiteral("shards/%1").arg(task.id);
    const QString path = stagingDir + QStringLiteral("/shard-%1.tar").arg(task.id);
    if (const ManifestFile *before = task.before) {
        // Is anything newer than the chain's copy? Tar times have whole seconds, so the
        // files of the copy's newest second come again: those (`boundary`) do not count.
        shared.say(
            InfluxBackup::tr("looking for changes in shard %1 (%2 of %3)").arg(task.shardPath).arg(number).arg(count));
        auto probe =
            fetchShard(client, options, shared, task.id,
                       QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(before->index) - 1, Qt::UTC), path, nullptr);
        if (!probe)
            return probe.error();
        bool newer = false;
        for (qsizetype i = 0; i < probe->files.size() && !newer; ++i) {
            const QString key = QStringLiteral("%1:%2").arg(probe->files[i]).arg(probe->sizes[i]);
            newer = probe->modified[i] * 1000 > static_cast<qint64>(before->index) || !before->boundary.contains(key);
        }
        QFile::remove(path);
        if (!newer)
            return {}; // The chain's copy is still the shard.
    }
    // A shard is always copied whole: the newest copy in a chain is the shard, so files that
    // influxd compacted away or deleted since never come back on a restore.
    shared.say(InfluxBackup::tr("receiving shard %1 (%2 of %3)").arg(task.shardPath).arg(number).arg(count));
    Checksum checksum;
    auto summary = fetchShard(client, options, shared, task.id, QDateTime(), path, &checksum);
    if (!summary)
        return summary.error();
    const qint64 newest = summary->newestModified();
    ManifestFile entry{name, QFileInfo(path).size(), static_cast<quint64>(newest * 1000), {}};
    for (qsizetype i = 0; i < summary->files.size(); ++i) {
        if (summary->modified[i] == newest)
            entry.boundary << QStringLiteral("%1:%2").arg(summary->files[i]).arg(summary->sizes[i]);
    }
    entry.checksum = checksum.hex();
    task.staged = Staged{path, entry};
    return {};
}

// One fetching thread: its own connection to the node, shards taken in turn until none is left,
// one fails or the backup is cancelled.
void fetchShards(const InfluxBackup::Options &options, std::vector<ShardTask> &tasks, const QString &stagingDir,
                 Fetching &shared)
{
    InfluxSnapshotClient client({options.host, options.timeoutMs, &shared.abort, options.limiter});
    while (!shared.abort.load()) {
        const size_t next = shared.nextTask++;
        if (next >= tasks.size())
            break;
        if (Status s = takeShard(client, options, shared, tasks[next], next + 1, tasks.size(), stagingDir); !s) {
            shared.fail(s.error());
            break;
        }
    }
    shared.threadDone();
}

// Asks the kernel to read `path` ahead (the next staged file, while one is copied).
void readAhead(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    ::close(fd);
}

} // namespace

Result<std::optional<Manifest>> InfluxBackup::write(const Options &options, const Manifest &base,
                                                    const QString &chainId, const QString &stagingDir, QIODevice &out,
                                                    const Callbacks &callbacks)
{
    const auto stage = [&](const QString &text) {
        if (callbacks.stage)
            callbacks.stage(text);
    };
    const bool incremental = !base.files.empty();
    const QDateTime started = QDateTime::currentDateTimeUtc();
    InfluxSnapshotClient client({options.host, options.timeoutMs, options.cancelled, options.limiter});

    // 1. The meta store, checked as a protocol buffer.
    stage(tr("reading the meta store of %1").arg(options.host.toString()));
    auto blob = client.metaStore();
    if (!blob)
        return blob.error();
    auto meta = MetaBlob::parse(blob.value(), options.host.toString());
    if (!meta)
        return meta.error();
    std::vector<Staged> staged;
    {
        const QString path = stagingDir + QStringLiteral("/meta");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(blob.value()) != blob->size() || !file.flush())
            return writeError(path, file);
        staged.push_back(
            {path, ManifestFile{QStringLiteral("meta"), blob->size(), static_cast<quint64>(started.toMSecsSinceEpoch()),
                                Checksum::of(blob.value())}});
    }

    // 2. Which shards: of the chosen databases, or all.
    QStringList paths;
    for (const QString &database : options.databases.isEmpty() ? QStringList{QString()} : options.databases) {
        auto some = client.shardPaths(database);
        if (!some)
            return some.error();
        paths += some.value();
    }
    std::map<quint64, QString> shards; // id → db/rp/id, in id order
    for (const QString &path : paths)
        shards[path.section(QLatin1Char('/'), 2).toULongLong()] = path;
    QHash<QString, const ManifestFile *> chainCopies; // The chain's file of each name, looked up once per shard.
    chainCopies.reserve(static_cast<qsizetype>(base.files.size()));
    for (const ManifestFile &f : base.files)
        chainCopies.insert(f.name, &f);
    std::vector<ShardTask> tasks;
    tasks.reserve(shards.size());
    for (const auto &[id, shardPath] : shards)
        tasks.push_back({id, shardPath, chainCopies.value(QStringLiteral("shards/%1").arg(id)), std::nullopt});

    // 3. Stage every shard's tar, checked entry by entry, `connections` at a time. This thread
    // reports what the fetching threads do and passes a cancel on to them.
    bool changed = !incremental;
    if (incremental) {
        const ManifestFile *oldMeta = chainCopies.value(QStringLiteral("meta"));
        changed = !oldMeta || oldMeta->checksum != staged.front().file.checksum;
    }
    const int threads = static_cast<int>(
        std::min<size_t>(static_cast<size_t>(std::clamp(options.connections, 1, kMaxConnections)), tasks.size()));
    Fetching shared(threads);
    std::vector<std::unique_ptr<QThread>> fetchers;
    for (int t = 0; t < threads; ++t) {
        fetchers.emplace_back(
            QThread::create(fetchShards, std::cref(options), std::ref(tasks), std::cref(stagingDir), std::ref(shared)));
        fetchers.back()->start();
    }
    qint64 reported = -1;
    for (bool allDone = threads == 0; !allDone;) {
        std::vector<QString> lines;
        allDone = shared.wait(100, &lines);
        for (const QString &line : lines)
            stage(line);
        if (const qint64 received = shared.receivedBytes.load(); received != reported && callbacks.progress) {
            reported = received;
            callbacks.progress(received, 0); // The total is unknown until every shard is in.
        }
        if (options.cancelled && options.cancelled->load())
            shared.abort = true;
    }
    for (const auto &fetcher : fetchers)
        fetcher->wait();
    if (options.cancelled && options.cancelled->load())
        return cancelledError();
    if (std::optional<Error> failed = shared.error())
        return *failed;
    for (ShardTask &task : tasks) {
        if (task.staged) {
            staged.push_back(std::move(*task.staged));
            changed = true;
        }
    }
    if (!changed)
        return std::optional<Manifest>();

    // 4. The archive: manifest, meta, shards in name order, from the staged files.
    Manifest manifest;
    manifest.kind = Manifest::Kind::InfluxDb1;
    manifest.nodeId = meta->clusterId;
    manifest.clusterUrl = QStringLiteral("influxdb1://") + options.host.toString();
    manifest.created = started;
    manifest.chainId = chainId;
    manifest.incremental = incremental;
    manifest.index = static_cast<quint64>(started.toMSecsSinceEpoch());
    QHash<QString, QString> stagedPaths; // name → staged file
    stagedPaths.reserve(static_cast<qsizetype>(staged.size()));
    for (const Staged &s : staged) {
        manifest.files.push_back(s.file);
        stagedPaths.insert(s.file.name, s.path);
    }
    manifest.sortFiles();
    const qint64 total = manifest.totalBytes();
    stage(tr("writing %1 files").arg(manifest.files.size()));
    // The archive's 10 KiB tar blocks go out in writes of kOutBlockBytes. When the link is a
    // local file, the kernel is asked to start writing back every kWritebackStepBytes as they come
    // (not to wait for it), so the commit's fsync finds most of the link on disk already.
    QByteArray pending;
    pending.reserve(kOutBlockBytes);
    auto *outFile = qobject_cast<QFileDevice *>(&out);
    qint64 writebackFrom = outFile ? outFile->pos() : 0;
    const auto writeback = [&] {
        if (outFile && outFile->pos() - writebackFrom >= kWritebackStepBytes && outFile->flush())
            (void)startWriteback(outFile->handle(), writebackFrom, outFile->pos(), 0);
    };
    const auto flushPending = [&] {
        const bool ok = pending.isEmpty() || out.write(pending) == pending.size();
        pending.clear();
        if (ok)
            writeback();
        return ok;
    };
    ArchiveWriter writer(
        [&](const char *data, qsizetype n) {
            if (pending.size() + n > kOutBlockBytes && !flushPending())
                return false;
            if (n >= kOutBlockBytes)
                return out.write(data, n) == n;
            pending.append(data, n);
            return true;
        },
        options.compression);
    if (!writer.open() || !writer.addData(QStringLiteral("manifest"), manifest.toJson()))
        return writer.error();
    qint64 written = 0;
    for (size_t i = 0; i < manifest.files.size(); ++i) {
        const ManifestFile &f = manifest.files[i];
        const QString path = stagedPaths.value(f.name);
        if (options.cancelled && options.cancelled->load())
            return cancelledError();
        if (i + 1 < manifest.files.size())
            readAhead(stagedPaths.value(manifest.files[i + 1].name));
        const bool added = writer.addFile(f.name, path, f.size, [&](qint64 fileDone) {
            if (callbacks.fileProgress)
                callbacks.fileProgress(f.name, fileDone, f.size);
            if (callbacks.progress)
                callbacks.progress(written + fileDone, total);
        });
        if (!added)
            return writer.error();
        written += f.size;
        QFile::remove(path);
    }
    if (!writer.finish())
        return writer.error();
    if (!flushPending())
        return makeError(ErrorCode::Io, tr("Cannot write the archive: %1").arg(out.errorString()),
                         tr("Check free space and permissions of the backup directory."));
    return std::optional<Manifest>(std::move(manifest));
}

} // namespace tidemark
