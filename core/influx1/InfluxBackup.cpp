#include "influx1/InfluxBackup.h"

#include "common/Staging.h"

#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"

#include <QDateTime>
#include <QFileDevice>
#include <QHash>
#include <QThread>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <utility>

namespace tidemark {

namespace {

constexpr qsizetype kOutBlockBytes = 1 << 20;

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
    explicit Fetching(int threads) : m_running(threads) {}

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

    // A fetching thread hands on the next part of `task`'s tar: waits while kQueuedParts wait to
    // be written (the thread stops reading the socket, and TCP holds the node back). False when
    // the backup stops.
    bool push(ShardTask &task, QByteArray part)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return abort.load() || task.parts.size() < kQueuedParts; });
        if (abort.load())
            return false;
        task.parts.push_back(std::move(part));
        m_changed.notify_all();
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

    // A shard's tar goes into the archive in entries ("parts") of this size, the last one shorter.
    static constexpr qsizetype kPartBytes = 2 << 20;
    // Parts of one shard received and not yet written.
    static constexpr size_t kQueuedParts = 2;

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<QString> m_stages;
    int m_running;
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
        QByteArray part;
        qint64 size = 0;
        Status bad;
        auto sent = client.shardBackup(task.id, QDateTime(), [&](const char *data, qsizetype n) {
            // Checked before it is handed on: a bad tar stops here.
            if (bad = check.write(data, n); !bad)
                return false;
            checksum.add(QByteArrayView(data, n));
            shared.receivedBytes += n;
            size += n;
            while (n > 0) {
                if (part.isEmpty())
                    part.reserve(Fetching::kPartBytes);
                const qsizetype take = std::min(n, Fetching::kPartBytes - part.size());
                part.append(data, take);
                data += take;
                n -= take;
                if (part.size() == Fetching::kPartBytes && !shared.push(task, std::exchange(part, QByteArray()))) {
                    bad = cancelledError();
                    return false;
                }
            }
            return true;
        });
        if (!bad)
            return bad.error();
        if (!sent)
            return sent.error();
        if (!part.isEmpty() && !shared.push(task, std::move(part)))
            return cancelledError();
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

// One fetching thread: its own connection to the node, tasks taken in order until none is left,
// one fails or the backup stops.
void fetchShards(const InfluxBackup::Options &options, std::vector<ShardTask *> &tasks, bool probing, Fetching &shared)
{
    InfluxSnapshotClient client({options.host, options.timeoutMs, &shared.abort, options.limiter});
    while (!shared.abort.load()) {
        const size_t next = shared.nextTask++;
        if (next >= tasks.size())
            break;
        Status s = probing ? probeShard(client, options, shared, *tasks[next], next + 1, tasks.size())
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
          m_shared(m_threads)
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
    for (const auto &[id, shardPath] : shards)
        tasks.push_back({id, shardPath, chainCopies.value(QStringLiteral("shards/%1").arg(id)), true, {}, false, {}});

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

    // 4. The head manifest (format 2): the meta store with its size and index, each shard by
    // name only (influxd streams a tar of unknown length); checksums, shard sizes, indexes and
    // boundaries come in the final manifest at the end.
    Manifest head;
    head.format = Manifest::kFormatChecksumsLast;
    head.kind = Manifest::Kind::InfluxDb1;
    head.nodeId = meta->clusterId;
    head.clusterUrl = QStringLiteral("influxdb1://") + options.host.toString();
    head.created = started;
    head.chainId = chainId;
    head.incremental = incremental;
    head.index = static_cast<quint64>(started.toMSecsSinceEpoch());
    head.files.push_back(ManifestFile{QStringLiteral("meta"), blob->size(), head.index, {}});
    for (const ShardTask *task : sending)
        head.files.push_back(
            ManifestFile{QStringLiteral("shards/%1").arg(task->id), ManifestFile::kUnknownSize, 0, {}});
    head.sortFiles();
    Manifest final = head;

    // 5. The shards are fetched `connections` at once in manifest order: the archive takes the
    // first one's parts as they come while the others are received into bounded queues ahead.
    std::sort(sending.begin(), sending.end(), [&](const ShardTask *a, const ShardTask *b) {
        return QStringLiteral("shards/%1").arg(a->id) < QStringLiteral("shards/%1").arg(b->id);
    });
    Fetchers fetchers(options, sending, false);
    Fetching &shared = fetchers.shared();

    // The archive's 10 KiB tar blocks go out in writes of kOutBlockBytes. When the link is a
    // local file, the kernel is asked to start writing back every kWritebackStepBytes as they come
    // (not to wait for it), so the commit's fsync finds most of the link on disk already.
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
        pending.clear();
        if (ok)
            writeback();
        return ok;
    };
    ArchiveWriter writer(
        [&](const char *data, qsizetype n) {
            archiveBytes += n;
            if (pending.size() + n > kOutBlockBytes && !flushPending())
                return false;
            if (n >= kOutBlockBytes)
                return out.write(data, n) == n;
            pending.append(data, n);
            return true;
        },
        options.compression);
    if (!writer.open() || !writer.addData(QStringLiteral("manifest"), head.toJson()) ||
        !writer.addData(QStringLiteral("meta"), blob.value()))
        return writer.error();
    final.files.front().checksum = metaChecksum;

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
            if (callbacks.fileProgress)
                callbacks.fileProgress(name, written, 0);
            report();
        }
        auto it =
            std::find_if(final.files.begin(), final.files.end(), [&](const ManifestFile &f) { return f.name == name; });
        it->size = task.entry.size;
        it->index = task.entry.index;
        it->boundary = task.entry.boundary;
        it->checksum = task.entry.checksum;
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
