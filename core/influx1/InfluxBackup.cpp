#include "influx1/InfluxBackup.h"

#include "common/Staging.h"

#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "influx1/TsmBlocks.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "snapshot/RefPatch.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <unistd.h>
#include <utility>

namespace tidemark {

namespace {

constexpr qsizetype kOutBlockBytes = 1 << 20;
// Writes of at least this size (parts, the last one of a shard too) go out from their own buffer.
constexpr qsizetype kDirectWriteBytes = 64 << 10;

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, InfluxBackup::tr("Backup cancelled"));
}

// One shard to take, in id order; `before` is the chain's copy of it (nullptr: none).
struct ShardTask {
    quint64 id = 0;
    QString shardPath; // db/rp/id
    const ManifestFile *before = nullptr;
    bool changed = true; // Cleared by the probe when nothing is newer than the chain's copy.
    // A reference link against the chain's copy (`before`): its tar is received into
    // `spoolPath`, its blocks matched against the copy's block map (in the cache, or `baseMap`
    // when it could not be cached).
    bool asRefs = false;
    QString spoolPath;
    std::shared_ptr<const TsmBlockMap> baseMap;

    // The shard's tar on its way from the thread that fetches it to the archive (guarded by
    // Fetching's mutex): parts of at most kPartBytes, at most kQueuedParts of them, then the end.
    std::deque<QByteArray> parts;
    bool ended = false;
    ManifestFile entry; // Size, index, boundary and checksum, once ended.
};

// What the fetching threads share with the thread that called write(). Only that thread calls
// the callbacks and writes the archive: the fetching threads leave stage lines and parts here and
// count the bytes.
class Fetching {
public:
    Fetching(int threads, qsizetype readAheadBytes)
        : m_running(threads), m_maxBuffers(std::max<qsizetype>(readAheadBytes / kPartBytes, 1))
    {
    }

    std::atomic_bool abort{false}; // Cancelled, another fetch failed, or write() returns: stop.
    std::atomic<qint64> receivedBytes{0};
    std::atomic<size_t> nextTask{0};

    void say(const QString &stage)
    {
        const std::lock_guard lock(m_mutex);
        m_stages.push_back(stage);
        m_changed.notify_all();
    }
    // The first failure is the one reported; the others stop because of it.
    void fail(Error error)
    {
        const std::lock_guard lock(m_mutex);
        if (!m_error)
            m_error = std::move(error);
        abort = true;
        m_changed.notify_all();
    }
    // Stops every thread (write() returns, whatever happened).
    void stop()
    {
        const std::lock_guard lock(m_mutex);
        abort = true;
        m_changed.notify_all();
    }
    void threadDone()
    {
        const std::lock_guard lock(m_mutex);
        --m_running;
        m_changed.notify_all();
    }
    // Waits up to `ms` for a stage line or the last thread's end; returns the stage lines so far
    // and whether every thread has ended.
    bool wait(int ms, std::vector<QString> *stages)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, std::chrono::milliseconds(ms), [&] { return m_running == 0 || !m_stages.empty(); });
        stages->swap(m_stages);
        m_stages.clear();
        return m_running == 0;
    }
    [[nodiscard]] std::optional<Error> error()
    {
        const std::lock_guard lock(m_mutex);
        return m_error;
    }

    // A buffer for the next part of `task`'s tar, once one is free: parts are received ahead of
    // the archive, all shards together, into at most m_maxBuffers (the fetching thread then
    // stops reading its socket, and TCP holds the node back); the shard the archive takes now
    // may always have kQueuedParts waiting, so it never waits for the shards after it. nullopt
    // when the backup stops.
    std::optional<QByteArray> buffer(const ShardTask &task)
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (abort.load())
                return std::nullopt;
            // A written part's buffer may still be read by its shard's check for a moment.
            const auto free =
                std::find_if(m_free.begin(), m_free.end(), [](const QByteArray &b) { return b.isDetached(); });
            if (free != m_free.end()) {
                QByteArray part = std::move(*free);
                m_free.erase(free);
                return part;
            }
            if (m_buffers < m_maxBuffers || (&task == m_head && task.parts.size() < kQueuedParts)) {
                ++m_buffers;
                return QByteArray(kPartBytes, Qt::Uninitialized);
            }
            m_changed.wait_for(lock, std::chrono::milliseconds(m_free.empty() ? 100 : 1));
        }
    }
    // The archive has written `part`: its buffer is taken again, unless more than
    // m_maxBuffers are out (the current shard's reserve).
    void recycle(QByteArray part)
    {
        const std::lock_guard lock(m_mutex);
        if (part.capacity() >= kPartBytes && m_buffers <= m_maxBuffers)
            m_free.push_back(std::move(part));
        else
            --m_buffers;
        m_changed.notify_all();
    }
    // The shard whose parts the archive takes now.
    void setHead(const ShardTask *task)
    {
        const std::lock_guard lock(m_mutex);
        m_head = task;
        m_changed.notify_all();
    }
    // A fetching thread hands on the next part of `task`'s tar (its buffer came from buffer()).
    // False when the backup stops.
    bool push(ShardTask &task, QByteArray part)
    {
        const std::lock_guard lock(m_mutex);
        if (abort.load())
            return false;
        task.parts.push_back(std::move(part));
        m_changed.notify_all();
        return true;
    }
    // Adds `n` bytes to `part` (a buffer from buffer() once it holds any), handing each full
    // part (kPartBytes) on with push(). False when the backup stops.
    bool append(ShardTask &task, std::optional<QByteArray> &part, const char *data, qsizetype n)
    {
        while (n > 0) {
            if (!part) {
                part = buffer(task);
                if (!part)
                    return false;
                part->resize(0); // Keeps the buffer's room.
            }
            const qsizetype take = std::min(n, kPartBytes - part->size());
            part->append(data, take);
            data += take;
            n -= take;
            if (part->size() == kPartBytes && !push(task, *std::exchange(part, std::nullopt)))
                return false;
        }
        return true;
    }
    void end(ShardTask &task, ManifestFile entry)
    {
        const std::lock_guard lock(m_mutex);
        task.entry = std::move(entry);
        task.ended = true;
        m_changed.notify_all();
    }
    // The archive's thread takes the next part of `task`: a part, nullopt at the tar's end, or
    // the first failure. While it waits, `report` runs every 100 ms (stage lines, progress,
    // cancel), without the lock.
    Result<std::optional<QByteArray>> take(ShardTask &task, const std::function<void()> &report)
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_error)
                return *m_error;
            if (!task.parts.empty()) {
                QByteArray part = std::move(task.parts.front());
                task.parts.pop_front();
                m_changed.notify_all();
                return std::optional<QByteArray>(std::move(part));
            }
            if (task.ended)
                return std::optional<QByteArray>();
            m_changed.wait_for(lock, std::chrono::milliseconds(100));
            lock.unlock();
            report();
            lock.lock();
        }
    }
    std::vector<QString> takeStages()
    {
        const std::lock_guard lock(m_mutex);
        std::vector<QString> out;
        out.swap(m_stages);
        return out;
    }

    static constexpr qsizetype kPartBytes = InfluxBackup::kPartBytes;
    // Parts of the current shard that may wait beyond the read-ahead.
    static constexpr size_t kQueuedParts = 2;

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<QString> m_stages;
    int m_running;
    std::vector<QByteArray> m_free; // Part buffers to use again.
    qsizetype m_buffers = 0;        // Part buffers out (free ones included).
    qsizetype m_maxBuffers;         // kReadAheadBytes' worth (less when compressing).
    const ShardTask *m_head = nullptr;
    std::optional<Error> m_error;
};

// Asks the node for shard `id` until it sends something: it answers nothing while it is still
// writing an earlier snapshot of the shard (e.g. right after heavy writes), so ask again, as
// influxd backup does. `attempt` streams one answer; it must give ErrorCode::NotFound only when
// nothing came (and so nothing was handed on).
Status askShard(Fetching &shared, quint64 id, const std::function<Status()> &attempt)
{
    for (int n = 1;; ++n) {
        Status s = attempt();
        if (s || s.error().code != ErrorCode::NotFound || n == InfluxBackup::kShardAttempts)
            return s;
        shared.say(InfluxBackup::tr("shard %1 sent nothing; asking again (%2 of %3)")
                       .arg(id)
                       .arg(n + 1)
                       .arg(InfluxBackup::kShardAttempts));
        for (int waited = 0; waited < InfluxBackup::kShardRetryMs; waited += 100) {
            if (shared.abort.load())
                return cancelledError();
            QThread::msleep(100);
        }
    }
}

QString streamSource(const InfluxBackup::Options &options)
{
    return InfluxBackup::tr("the stream from %1").arg(options.host.toString());
}

// Is anything in the shard newer than the chain's copy? The node's answer is checked with
// ShardTar as it streams and then dropped: nothing is written. Tar times have whole seconds, so
// the files of the copy's newest second come again: those (`boundary`) do not count.
Status probeShard(InfluxSnapshotClient &client, const InfluxBackup::Options &options, Fetching &shared, ShardTask &task,
                  size_t number, size_t count)
{
    const ManifestFile *before = task.before;
    shared.say(
        InfluxBackup::tr("looking for changes in shard %1 (%2 of %3)").arg(task.shardPath).arg(number).arg(count));
    const QDateTime since = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(before->index) - 1, Qt::UTC);
    std::optional<ShardTar::Summary> probe;
    Status s = askShard(shared, task.id, [&]() -> Status {
        ShardTar::Extractor check(task.id, streamSource(options));
        Status bad;
        auto sent = client.shardBackup(task.id, since, [&](const char *data, qsizetype n) {
            shared.receivedBytes += n;
            bad = check.write(data, n);
            return bad.ok();
        });
        if (!bad)
            return bad.error();
        if (!sent)
            return sent.error();
        auto summary = check.finish();
        if (!summary)
            return summary.error();
        probe = std::move(summary.value());
        return {};
    });
    if (!s)
        return s;
    bool newer = false;
    for (qsizetype i = 0; i < probe->files.size() && !newer; ++i) {
        const QString key = QStringLiteral("%1:%2").arg(probe->files[i]).arg(probe->sizes[i]);
        newer = probe->modified[i] * 1000 > static_cast<qint64>(before->index) || !before->boundary.contains(key);
    }
    task.changed = newer;
    return {};
}

// The whole shard (a shard is always copied whole: the newest copy in a chain is the shard, so
// files that influxd compacted away or deleted since never come back on a restore), handed on in
// parts as it arrives, checked with ShardTar and checksummed on the way. A retry happens only
// when nothing came, so nothing of the shard reached the archive.
Status streamShard(InfluxSnapshotClient &client, const InfluxBackup::Options &options, Fetching &shared,
                   ShardTask &task)
{
    return askShard(shared, task.id, [&]() -> Status {
        ShardTar::Extractor check(task.id, streamSource(options));
        Checksum checksum;
        qint64 size = 0;
        Status bad;
        // The socket is read straight into the part buffers; each part is checked (the check
        // shares the buffer) and checksummed before it is handed on: a bad tar stops here.
        auto sent = client.shardBackupParts(
            task.id, QDateTime(), Fetching::kPartBytes,
            [&]() -> std::optional<QByteArray> {
                auto part = shared.buffer(task);
                if (!part)
                    bad = cancelledError();
                return part;
            },
            [&](QByteArray part) {
                checksum.add(QByteArrayView(part));
                if (bad = check.write(part); !bad)
                    return false;
                shared.receivedBytes += part.size();
                size += part.size();
                if (!shared.push(task, std::move(part))) {
                    bad = cancelledError();
                    return false;
                }
                return true;
            });
        if (!bad)
            return bad.error();
        if (!sent)
            return sent.error();
        auto summary = check.finish();
        if (!summary)
            return summary.error();
        const qint64 newest = summary->newestModified();
        ManifestFile entry{QStringLiteral("shards/%1").arg(task.id), size, static_cast<quint64>(newest * 1000), {}};
        for (qsizetype i = 0; i < summary->files.size(); ++i) {
            if (summary->modified[i] == newest)
                entry.boundary << QStringLiteral("%1:%2").arg(summary->files[i]).arg(summary->sizes[i]);
        }
        entry.checksum = checksum.hex();
        shared.end(task, std::move(entry));
        return {};
    });
}

QString percentOf(qint64 part, qint64 whole)
{
    return whole <= 0 ? QStringLiteral("0")
                      : QString::number(100.0 * static_cast<double>(part) / static_cast<double>(whole), 'f', 1);
}

// A changed shard the chain holds, as a reference link (see InfluxBackup): the tar is received
// into the task's spool file (checked with ShardTar and checksummed as it comes), its TSM blocks
// listed and hashed under the secret of the chain's version's block map; each block that map
// holds (hash and length) becomes a copy of the version's range, the rest is literal. The
// encoded bytes are handed on in parts, as a whole shard's are. The new version's map is cached
// for the next incremental; the spool file is removed whatever happens.
Status streamShardAsRefs(InfluxSnapshotClient &client, const InfluxBackup::Options &options, Fetching &shared,
                         ShardTask &task)
{
    struct RemoveSpool {
        QString path;
        ~RemoveSpool() { QFile::remove(path); }
    } removeSpool{task.spoolPath};
    const QString spoolDir = QFileInfo(task.spoolPath).absolutePath();
    const auto spoolError = [&](const QString &why) {
        return makeError(
            ErrorCode::Io,
            InfluxBackup::tr("Cannot write shard %1 into the scratch file '%2': %3")
                .arg(task.shardPath, task.spoolPath, why),
            InfluxBackup::tr(
                "An incremental receives each changed shard into '%1' before it stores it as "
                "a reference link, so that needs room for the largest changed shards (one per connection): free "
                "space there, set TMPDIR to a directory with room, or back up with "
                "--whole-files.")
                .arg(QFileInfo(spoolDir).absolutePath()));
    };

    // 1. The tar, into the spool file.
    std::optional<Checksum> tarChecksum;
    qint64 tarSize = 0;
    std::optional<ShardTar::Summary> summary;
    Status received = askShard(shared, task.id, [&]() -> Status {
        QFile spool(task.spoolPath);
        if (!spool.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return spoolError(spool.errorString());
        ShardTar::Extractor check(task.id, streamSource(options));
        tarChecksum.emplace();
        tarSize = 0;
        Status bad;
        auto sent = client.shardBackup(task.id, QDateTime(), [&](const char *data, qsizetype n) {
            if (bad = check.write(data, n); !bad)
                return false;
            if (spool.write(data, n) != n) {
                bad = spoolError(spool.errorString());
                return false;
            }
            tarChecksum->add(QByteArrayView(data, n));
            shared.receivedBytes += n;
            tarSize += n;
            return !shared.abort.load();
        });
        if (!bad)
            return bad.error();
        if (!sent)
            return shared.abort.load() ? cancelledError() : sent.error();
        if (!spool.flush())
            return spoolError(spool.errorString());
        spool.close();
        auto checked = check.finish();
        if (!checked)
            return checked.error();
        summary = std::move(checked.value());
        return {};
    });
    if (!received)
        return received;
    if (shared.abort.load())
        return cancelledError();
    // Literals are read back from the spool file: it must hold exactly what came (and was checked).
    if (auto spooled = Checksum::ofFile(task.spoolPath); !spooled || spooled.value() != tarChecksum->hex())
        return makeError(ErrorCode::Io,
                         InfluxBackup::tr("The scratch file '%1' of shard %2 does not hold the bytes received.")
                             .arg(task.spoolPath, task.shardPath),
                         InfluxBackup::tr("Check the disk of '%1' (or set TMPDIR to another one), then back up again.")
                             .arg(spoolDir));

    // 2. The chain's version's map, and the new tar's blocks under its secret.
    const QString baseChecksum = task.before->fileChecksum();
    const qint64 baseSize = task.before->fileSize();
    std::shared_ptr<const TsmBlockMap> map = task.baseMap;
    const TsmMapCache cache(options.mapCacheDir);
    if (!map) {
        if (auto loaded = cache.load(baseChecksum))
            map = std::make_shared<const TsmBlockMap>(std::move(*loaded));
    }
    if (map && map->fileSize != baseSize)
        map.reset();
    if (!map)
        shared.say(InfluxBackup::tr("the block map of shard %1 is gone from '%2': storing its bytes as they are")
                       .arg(task.shardPath, cache.dir()));
    const QByteArray secret = map ? map->secret : TsmBlocks::newSecret();
    shared.say(InfluxBackup::tr("listing the TSM blocks of shard %1").arg(task.shardPath));
    std::vector<TsmBlock> blocks;
    if (auto listed = TsmBlocks::list(task.spoolPath, secret, streamSource(options), &shared.abort)) {
        blocks = listed.takeValue();
    } else {
        if (listed.error().code == ErrorCode::Cancelled || shared.abort.load())
            return cancelledError();
        if (listed.error().code == ErrorCode::Io)
            return listed.error();
        // A TSM file whose index does not read as expected: its bytes are stored as they are.
        shared.say(InfluxBackup::tr("shard %1: %2; storing its bytes as they are")
                       .arg(task.shardPath, listed.error().message));
    }

    // 3. Which blocks the version before held (hash and length), in the new tar's order.
    struct Copy {
        qint64 offset; // In the new tar.
        qint64 length;
        qint64 baseOffset;
    };
    std::vector<Copy> copies;
    qint64 held = 0;
    if (map) {
        for (const TsmBlock &b : blocks) {
            if (const TsmBlock *was = map->find(b)) {
                copies.push_back({b.offset, b.length, was->offset});
                held += b.length;
            }
        }
    }
    shared.say(InfluxBackup::tr("encoding shard %1: %2% held before").arg(task.shardPath, percentOf(held, tarSize)));

    // 4. Encoded, and handed on in parts.
    QFile spool(task.spoolPath);
    if (!spool.open(QIODevice::ReadOnly))
        return makeError(
            ErrorCode::Io,
            InfluxBackup::tr("Cannot read the scratch file '%1': %2").arg(task.spoolPath, spool.errorString()));
    Checksum stored;
    qint64 storedSize = 0;
    std::optional<QByteArray> part;
    bool aborted = false;
    RefPatchEncoder encoder(tarSize, baseSize, [&](const char *data, qsizetype n) {
        stored.add(QByteArrayView(data, n));
        storedSize += n;
        if (!shared.append(task, part, data, n)) {
            aborted = true;
            return false;
        }
        return true;
    });
    QByteArray buffer(refpatch::kMaxLiteral, Qt::Uninitialized);
    qint64 at = 0;
    const auto literal = [&](qint64 to) -> Status {
        while (at < to) {
            if (shared.abort.load())
                return cancelledError();
            const qint64 n = std::min<qint64>(to - at, buffer.size());
            if (TsmBlocks::readAt(spool.handle(), buffer.data(), n, at) != n)
                return makeError(ErrorCode::Io, InfluxBackup::tr("Cannot read the scratch file '%1': %2")
                                                    .arg(task.spoolPath, QString::fromLocal8Bit(std::strerror(errno))));
            if (!encoder.addLiteral(buffer.constData(), static_cast<qsizetype>(n)))
                return aborted
                           ? cancelledError()
                           : makeError(
                                 ErrorCode::Failure,
                                 InfluxBackup::tr("Cannot encode shard %1 as a reference link.").arg(task.shardPath));
            at += n;
        }
        return {};
    };
    for (const Copy &c : copies) {
        if (Status s = literal(c.offset); !s)
            return s;
        if (!encoder.addCopy(c.baseOffset, c.length))
            return aborted
                       ? cancelledError()
                       : makeError(ErrorCode::Failure,
                                   InfluxBackup::tr("Cannot encode shard %1 as a reference link.").arg(task.shardPath));
        at += c.length;
    }
    if (Status s = literal(tarSize); !s)
        return s;
    if (!encoder.finish())
        return aborted ? cancelledError()
                       : makeError(ErrorCode::Failure,
                                   InfluxBackup::tr("Cannot encode shard %1 as a reference link.").arg(task.shardPath));
    if (part && !part->isEmpty() && !shared.push(task, *std::exchange(part, std::nullopt)))
        return cancelledError();
    if (part)
        shared.recycle(*std::exchange(part, std::nullopt));

    // 5. The entry; the new version's map for the next incremental.
    const qint64 newest = summary->newestModified();
    ManifestFile entry{QStringLiteral("shards/%1").arg(task.id), storedSize, static_cast<quint64>(newest * 1000), {}};
    for (qsizetype i = 0; i < summary->files.size(); ++i) {
        if (summary->modified[i] == newest)
            entry.boundary << QStringLiteral("%1:%2").arg(summary->files[i]).arg(summary->sizes[i]);
    }
    entry.checksum = stored.hex();
    entry.refs = RefLink{baseChecksum, tarSize, tarChecksum->hex()};
    TsmBlockMap next{entry.refs.fileChecksum, tarSize, secret, std::move(blocks)};
    next.sort();
    if (Status s = cache.store(next); !s)
        shared.say(InfluxBackup::tr("shard %1: %2 The next incremental rebuilds it from the chain.")
                       .arg(task.shardPath, s.error().message));
    shared.end(task, std::move(entry));
    return {};
}

// One fetching thread: its own connection to the node, tasks taken in order until none is left,
// one fails or the backup stops.
void fetchShards(const InfluxBackup::Options &options, std::vector<ShardTask *> &tasks, bool probing, Fetching &shared)
{
    InfluxSnapshotClient client({options.host, options.timeoutMs, &shared.abort, options.limiter});
    while (!shared.abort.load()) {
        const size_t next = shared.nextTask++;
        if (next >= tasks.size())
            break;
        Status s = probing               ? probeShard(client, options, shared, *tasks[next], next + 1, tasks.size())
                   : tasks[next]->asRefs ? streamShardAsRefs(client, options, shared, *tasks[next])
                                         : streamShard(client, options, shared, *tasks[next]);
        if (!s) {
            shared.fail(s.error());
            break;
        }
    }
    shared.threadDone();
}

// Fetching threads, stopped and joined whatever way write() returns.
class Fetchers {
public:
    Fetchers(const InfluxBackup::Options &options, std::vector<ShardTask *> &tasks, bool probing)
        : m_threads(static_cast<int>(std::min<size_t>(
              static_cast<size_t>(std::clamp(options.connections, 1, InfluxBackup::kMaxConnections)), tasks.size()))),
          // Compressing, zstd is the slowest stage: reading far ahead of it would only cost memory.
          m_shared(m_threads,
                   options.compression.zstd ? InfluxBackup::kCompressedReadAheadBytes : InfluxBackup::kReadAheadBytes)
    {
        for (int t = 0; t < m_threads; ++t) {
            m_fetchers.emplace_back(
                QThread::create(fetchShards, std::cref(options), std::ref(tasks), probing, std::ref(m_shared)));
            m_fetchers.back()->start();
        }
    }
    ~Fetchers()
    {
        m_shared.stop();
        for (const auto &fetcher : m_fetchers)
            fetcher->wait();
    }
    Fetchers(const Fetchers &) = delete;
    Fetchers &operator=(const Fetchers &) = delete;

    [[nodiscard]] int threads() const { return m_threads; }
    [[nodiscard]] Fetching &shared() { return m_shared; }

private:
    int m_threads;
    Fetching m_shared;
    std::vector<std::unique_ptr<QThread>> m_fetchers;
};

} // namespace

bool InfluxBackup::refLinksEnabled()
{
    return qgetenv("TIDEMARK_REF_LINKS") != "0";
}

Result<std::optional<InfluxBackup::Written>> InfluxBackup::write(const Options &options, const Manifest &base,
                                                                 const QString &chainId, QIODevice &out,
                                                                 const Callbacks &callbacks)
{
    const auto stage = [&](const QString &text) {
        if (callbacks.stage)
            callbacks.stage(text);
    };
    const auto isCancelled = [&] { return options.cancelled && options.cancelled->load(); };
    const bool incremental = !base.files.empty();
    const QDateTime started = QDateTime::currentDateTimeUtc();
    InfluxSnapshotClient client({options.host, options.timeoutMs, options.cancelled, options.limiter});

    // 1. The meta store, checked as a protocol buffer; small, so kept in memory.
    stage(tr("reading the meta store of %1").arg(options.host.toString()));
    auto blob = client.metaStore();
    if (!blob)
        return blob.error();
    auto meta = MetaBlob::parse(blob.value(), options.host.toString());
    if (!meta)
        return meta.error();
    const QString metaChecksum = Checksum::of(blob.value());

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
    for (const auto &[id, shardPath] : shards) {
        ShardTask task;
        task.id = id;
        task.shardPath = shardPath;
        task.before = chainCopies.value(QStringLiteral("shards/%1").arg(id));
        tasks.push_back(std::move(task));
    }

    qint64 reported = -1;
    qint64 probed = 0; // Bytes the probes received: the count goes on from there.
    const auto reportReceived = [&](Fetching &shared) {
        if (const qint64 received = probed + shared.receivedBytes.load(); received != reported && callbacks.progress) {
            reported = received;
            callbacks.progress(received, 0); // The total is unknown until every shard is in.
        }
    };

    // 3. An incremental first asks, `connections` shards at once, which shards have anything
    // newer than the chain's copy: the head manifest lists only those.
    bool changed = !incremental;
    if (incremental) {
        const ManifestFile *oldMeta = chainCopies.value(QStringLiteral("meta"));
        changed = !oldMeta || oldMeta->checksum != metaChecksum;
        std::vector<ShardTask *> probes;
        for (ShardTask &task : tasks) {
            if (task.before)
                probes.push_back(&task);
        }
        Fetchers probing(options, probes, true);
        for (bool allDone = probing.threads() == 0; !allDone;) {
            std::vector<QString> lines;
            allDone = probing.shared().wait(100, &lines);
            for (const QString &line : lines)
                stage(line);
            reportReceived(probing.shared());
            if (isCancelled())
                probing.shared().fail(cancelledError());
        }
        if (std::optional<Error> failed = probing.shared().error())
            return *failed;
        probed = probing.shared().receivedBytes.load();
    }
    std::vector<ShardTask *> sending;
    for (ShardTask &task : tasks) {
        if (task.changed) {
            sending.push_back(&task);
            changed = true;
        }
    }
    if (!changed)
        return std::optional<Written>();

    // 3b. Reference links: each changed shard the chain holds is matched against the block map of
    // the chain's version of it. A map not in the cache is made here, before anything is written:
    // that version rebuilt from the chain into the scratch directory, its blocks listed, the map
    // cached, the rebuilt file removed. A shard whose version cannot be rebuilt goes whole.
    std::optional<QTemporaryDir> scratch;
    const QString scratchParent = options.scratchDir.isEmpty() ? QDir::tempPath() : options.scratchDir;
    std::vector<ShardTask *> refCandidates;
    if (incremental && options.refLinks) {
        for (ShardTask *task : sending) {
            if (task->before && !task->before->fileChecksum().isEmpty() && task->before->fileSize() >= 0)
                refCandidates.push_back(task);
        }
    }
    if (!refCandidates.empty()) {
        scratch.emplace(scratchParent + QStringLiteral("/tidemark-refs-XXXXXX"));
        if (!scratch->isValid())
            return makeError(
                ErrorCode::Io,
                tr("Cannot create a scratch directory in '%1': %2").arg(scratchParent, scratch->errorString()),
                tr("An incremental receives each changed shard there before it stores it as a reference "
                   "link: set TMPDIR to a writable directory with room for the largest changed shards (one per "
                   "connection), or "
                   "back up with --whole-files."));
        const TsmMapCache cache(options.mapCacheDir);
        std::optional<std::map<QString, std::vector<Manifest::Step>>> steps;
        for (size_t k = 0; k < refCandidates.size(); ++k) {
            ShardTask &task = *refCandidates[k];
            const QString name = QStringLiteral("shards/%1").arg(task.id);
            const QString checksum = task.before->fileChecksum();
            task.spoolPath = scratch->filePath(QStringLiteral("shard-%1.tar").arg(task.id));
            if (cache.load(checksum)) {
                task.asRefs = true;
                continue;
            }
            if (!options.chain)
                continue;
            stage(tr("reading shard %1 from the chain for its block map (%2 of %3)")
                      .arg(task.shardPath)
                      .arg(k + 1)
                      .arg(refCandidates.size()));
            const auto wholeInstead = [&](const Error &error) {
                stage(tr("shard %1 goes whole: %2").arg(task.shardPath, error.message));
            };
            if (!steps) {
                auto all = options.chain->steps(static_cast<int>(options.chain->links().size()) - 2);
                if (!all) {
                    wholeInstead(all.error());
                    steps.emplace(); // Every later shard without a cached map goes whole too.
                    continue;
                }
                steps = all.takeValue();
            }
            const auto it = steps->find(name);
            if (it == steps->end() || it->second.empty() || it->second.back().file.fileChecksum() != checksum)
                continue; // Not the merged manifest's version: whole (never a reference into another).
            const QString basePath = scratch->filePath(QStringLiteral("base-%1.tar").arg(task.id));
            Status rebuilt = FileRebuild::write(*options.chain, it->second, basePath, options.cancelled);
            if (isCancelled())
                return cancelledError();
            if (!rebuilt) {
                QFile::remove(basePath);
                wholeInstead(rebuilt.error());
                continue;
            }
            const QByteArray secret = TsmBlocks::newSecret();
            auto listed = TsmBlocks::list(basePath, secret, options.chain->path(), options.cancelled);
            const qint64 baseSize = QFileInfo(basePath).size();
            QFile::remove(basePath);
            if (isCancelled())
                return cancelledError();
            if (!listed) {
                wholeInstead(listed.error());
                continue;
            }
            auto map = std::make_shared<TsmBlockMap>(TsmBlockMap{checksum, baseSize, secret, listed.takeValue()});
            map->sort();
            if (Status s = cache.store(*map); !s) {
                stage(s.error().message);
                task.baseMap = std::move(map); // Kept in memory for this backup.
            }
            task.asRefs = true;
        }
        cache.prune(started);
    }

    // 4. The head manifest (format 2): the meta store with its size and index, each shard by
    // name only (influxd streams a tar of unknown length); checksums, shard sizes, indexes and
    // boundaries come in the final manifest at the end.
    Manifest head;
    const bool anyRefs = std::any_of(sending.begin(), sending.end(), [](const ShardTask *t) { return t->asRefs; });
    head.format = anyRefs ? Manifest::kFormatRefLinks : Manifest::kFormatChecksumsLast;
    head.kind = Manifest::Kind::InfluxDb1;
    head.nodeId = meta->clusterId;
    head.clusterUrl = QStringLiteral("influxdb1://") + options.host.toString();
    head.created = started;
    head.chainId = chainId;
    head.incremental = incremental;
    head.index = static_cast<quint64>(started.toMSecsSinceEpoch());
    head.files.push_back(ManifestFile{QStringLiteral("meta"), blob->size(), head.index, {}});
    for (const ShardTask *task : sending) {
        ManifestFile file{QStringLiteral("shards/%1").arg(task->id), ManifestFile::kUnknownSize, 0, {}};
        if (task->asRefs)
            file.refs = RefLink{task->before->fileChecksum(), -1, {}};
        head.files.push_back(file);
    }
    head.sortFiles();
    Manifest final = head;

    // 5. The shards are fetched `connections` at once in manifest order: the archive takes the
    // first one's parts as they come while the others are received into bounded queues ahead.
    std::sort(sending.begin(), sending.end(), [&](const ShardTask *a, const ShardTask *b) {
        return QStringLiteral("shards/%1").arg(a->id) < QStringLiteral("shards/%1").arg(b->id);
    });
    Fetchers fetchers(options, sending, false);
    Fetching &shared = fetchers.shared();
    if (!sending.empty())
        stage(tr("receiving %1 shards, %2 at once").arg(sending.size()).arg(fetchers.threads()));

    // Headers and padding go out gathered in writes of kOutBlockBytes, parts from their own
    // buffers (the archive writer is unblocked). When the link is a local file, the kernel is
    // asked to start writing back every kWritebackStepBytes as they come (not to wait for it),
    // so the commit's fsync finds most of the link on disk already.
    QByteArray pending;
    pending.reserve(kOutBlockBytes);
    qint64 archiveBytes = 0;
    auto *outFile = qobject_cast<QFileDevice *>(&out);
    qint64 writebackFrom = outFile ? outFile->pos() : 0;
    const auto writeback = [&] {
        if (outFile && outFile->pos() - writebackFrom >= kWritebackStepBytes && outFile->flush())
            (void)startWriteback(outFile->handle(), writebackFrom, outFile->pos(), 0);
    };
    const auto flushPending = [&] {
        const bool ok = pending.isEmpty() || out.write(pending) == pending.size();
        pending.resize(0); // Keeps its room.
        if (ok)
            writeback();
        return ok;
    };
    ArchiveWriter writer(
        [&](const char *data, qsizetype n) {
            archiveBytes += n;
            if ((pending.size() + n > kOutBlockBytes || n >= kDirectWriteBytes) && !flushPending())
                return false;
            if (n >= kDirectWriteBytes) { // A part: written from its own buffer.
                if (out.write(data, n) != n)
                    return false;
                writeback();
                return true;
            }
            pending.append(data, n);
            return true;
        },
        options.compression);
    writer.setUnblocked();
    if (!writer.open() || !writer.addData(QStringLiteral("manifest"), head.toJson()) ||
        !writer.addData(QStringLiteral("meta"), blob.value()))
        return writer.error();
    final.files.front().checksum = metaChecksum;

    QHash<QString, size_t> position; // Of each file in `final`.
    for (size_t i = 0; i < final.files.size(); ++i)
        position.insert(final.files[i].name, i);
    const auto report = [&] {
        for (const QString &line : shared.takeStages())
            stage(line);
        reportReceived(shared);
        if (isCancelled())
            shared.fail(cancelledError());
    };
    for (size_t k = 0; k < sending.size(); ++k) {
        ShardTask &task = *sending[k];
        const QString name = QStringLiteral("shards/%1").arg(task.id);
        stage(tr("receiving shard %1 (%2 of %3)").arg(task.shardPath).arg(k + 1).arg(sending.size()));
        shared.setHead(&task);
        qint64 written = 0;
        for (;;) {
            auto part = shared.take(task, report);
            if (!part)
                return part.error();
            if (!part.value())
                break;
            if (!writer.addData(name, *part.value()))
                return writer.error();
            written += part.value()->size();
            shared.recycle(std::move(*part.value()));
            if (callbacks.fileProgress)
                callbacks.fileProgress(name, written, 0);
            report();
        }
        ManifestFile *it = &final.files[position.value(name)];
        it->size = task.entry.size;
        it->index = task.entry.index;
        it->boundary = task.entry.boundary;
        it->checksum = task.entry.checksum;
        it->refs = task.entry.refs;
    }
    if (!writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) || !writer.finish())
        return writer.error();
    if (!flushPending())
        return makeError(ErrorCode::Io, tr("Cannot write the archive: %1").arg(out.errorString()),
                         tr("Check free space and permissions of the backup directory."));
    reportReceived(shared);
    return std::optional<Written>(Written{std::move(final), archiveBytes});
}

} // namespace tidemark
