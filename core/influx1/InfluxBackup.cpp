#include "influx1/InfluxBackup.h"

#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <map>

namespace tidemark {

namespace {

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

    // 3. Stage every shard's tar, checked entry by entry.
    bool changed = !incremental;
    if (incremental) {
        const ManifestFile *oldMeta = base.file(QStringLiteral("meta"));
        changed = !oldMeta || oldMeta->checksum != staged.front().file.checksum;
    }
    qint64 receivedBytes = 0;
    // One shard's tar (files modified after `since`; all when invalid) into `path`, checked.
    // The node answers nothing while it is still writing an earlier snapshot of the shard (e.g.
    // right after heavy writes): ask again, as influxd backup does.
    // `checksum` (optional) gets the bytes as they arrive: an attempt asked again sent none.
    const auto fetch = [&](quint64 id, const QDateTime &since, const QString &path,
                           Checksum *checksum) -> Result<ShardTar::Summary> {
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
                receivedBytes += n;
                if (callbacks.progress)
                    callbacks.progress(receivedBytes, 0); // The total is unknown until every shard is in.
                return true;
            });
            if (writeFailed)
                return writeError(path, file);
            if (sent)
                break;
            file.close();
            if (sent.error().code != ErrorCode::NotFound || attempt == kShardAttempts)
                return sent.error();
            stage(tr("shard %1 sent nothing; asking again (%2 of %3)").arg(id).arg(attempt + 1).arg(kShardAttempts));
            for (int waited = 0; waited < kShardRetryMs; waited += 100) {
                if (options.cancelled && options.cancelled->load())
                    return makeError(ErrorCode::Cancelled, tr("Backup cancelled"));
                QThread::msleep(100);
            }
        }
        if (!file.flush())
            return writeError(path, file);
        file.close();
        return ShardTar::inspect(path, id, tr("the stream from %1").arg(options.host.toString()));
    };

    int done = 0;
    for (const auto &[id, shardPath] : shards) {
        ++done;
        const QString name = QStringLiteral("shards/%1").arg(id);
        const QString path = stagingDir + QStringLiteral("/shard-%1.tar").arg(id);
        const ManifestFile *before = base.file(name);
        if (before) {
            // Is anything newer than the chain's copy? Tar times have whole seconds, so the
            // files of the copy's newest second come again: those (`boundary`) do not count.
            stage(tr("looking for changes in shard %1 (%2 of %3)").arg(shardPath).arg(done).arg(shards.size()));
            auto probe = fetch(id, QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(before->index) - 1, Qt::UTC),
                               path, nullptr);
            if (!probe)
                return probe.error();
            bool newer = false;
            for (qsizetype i = 0; i < probe->files.size(); ++i) {
                const QString key = QStringLiteral("%1:%2").arg(probe->files[i]).arg(probe->sizes[i]);
                newer = newer || probe->modified[i] * 1000 > static_cast<qint64>(before->index) ||
                        !before->boundary.contains(key);
            }
            QFile::remove(path);
            if (!newer)
                continue; // The chain's copy is still the shard.
        }
        // A shard is always copied whole: the newest copy in a chain is the shard, so files that
        // influxd compacted away or deleted since never come back on a restore.
        stage(tr("receiving shard %1 (%2 of %3)").arg(shardPath).arg(done).arg(shards.size()));
        Checksum checksum;
        auto summary = fetch(id, QDateTime(), path, &checksum);
        if (!summary)
            return summary.error();
        const qint64 newest = summary->newestModified();
        ManifestFile entry{name, QFileInfo(path).size(), static_cast<quint64>(newest * 1000), {}};
        for (qsizetype i = 0; i < summary->files.size(); ++i) {
            if (summary->modified[i] == newest)
                entry.boundary << QStringLiteral("%1:%2").arg(summary->files[i]).arg(summary->sizes[i]);
        }
        entry.checksum = checksum.hex();
        staged.push_back({path, entry});
        changed = true;
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
    for (const Staged &s : staged)
        manifest.files.push_back(s.file);
    manifest.sortFiles();
    const qint64 total = manifest.totalBytes();
    stage(tr("writing %1 files").arg(manifest.files.size()));
    ArchiveWriter writer([&](const char *data, qsizetype n) { return out.write(data, n) == n; }, options.compression);
    if (!writer.open() || !writer.addData(QStringLiteral("manifest"), manifest.toJson()))
        return writer.error();
    qint64 written = 0;
    for (const ManifestFile &f : manifest.files) {
        const auto it =
            std::find_if(staged.begin(), staged.end(), [&](const Staged &s) { return s.file.name == f.name; });
        if (options.cancelled && options.cancelled->load())
            return makeError(ErrorCode::Cancelled, tr("Backup cancelled"));
        const bool added = writer.addFile(f.name, it->path, f.size, [&](qint64 fileDone) {
            if (callbacks.fileProgress)
                callbacks.fileProgress(f.name, fileDone, f.size);
            if (callbacks.progress)
                callbacks.progress(written + fileDone, total);
        });
        if (!added)
            return writer.error();
        written += f.size;
        QFile::remove(it->path);
    }
    if (!writer.finish())
        return writer.error();
    return std::optional<Manifest>(std::move(manifest));
}

} // namespace tidemark
