#include "influx1/Influx1Kind.h"

#include "influx1/Influx1RestoreTarget.h"
#include "influx1/InfluxBackup.h"
#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"

#include <QFile>
#include <QUuid>

namespace tidemark {

namespace {

// Reads a whole archive back and checks every entry against its manifest.
Status rereadArchive(QIODevice &archive, const QString &name)
{
    ArchiveReader reader(archive, name);
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

} // namespace

QString Influx1Kind::displayName() const
{
    return tr("InfluxDB 1.x node");
}

QString Influx1Kind::shortName() const
{
    return tr("InfluxDB 1.x");
}

QString Influx1Kind::startCommand(const QString &configPath) const
{
    return QStringLiteral("influxd run -config ") + configPath;
}

NodeKind::ConfigText Influx1Kind::configText() const
{
    return {tr("InfluxDB config (influxdb.conf):"), QStringLiteral("/etc/influxdb/influxdb.conf"),
            tr("Give the node's influxdb.conf (the one influxd runs with: influxd -config FILE; Debian: "
               "/etc/influxdb/influxdb.conf)."),
            tr("This chain is of an InfluxDB 1.x node: its influxdb.conf names the [meta] dir and the [data] dir and "
               "wal-dir that are replaced. Every check runs before anything is touched.")};
}

// influxd's snapshot service tells the meta store and the shard paths, nothing else: the same
// two questions as `tidemark-cli node-info --kind influxdb1`.
NodeHealth Influx1Kind::probe(const ConnectionSettings &settings) const
{
    InfluxSnapshotClient client({settings.host, settings.timeoutMs, nullptr});
    auto blob = client.metaStore();
    if (!blob)
        return NodeHealth::failed(id(), blob.error());
    auto meta = MetaBlob::parse(blob.value(), settings.host.toString());
    if (!meta)
        return NodeHealth::failed(id(), meta.error());
    auto paths = client.shardPaths();
    if (!paths)
        return NodeHealth::failed(id(), paths.error());
    NodeHealth health;
    health.kind = id();
    health.state = NodeHealth::State::Reachable;
    health.info.version = QStringLiteral("InfluxDB 1.x");
    health.info.index = meta->index;
    health.info.snapshotsEnabled = true;
    health.info.databases = meta->databases;
    for (const QString &path : paths.value()) {
        protocol::NodeInfo::Shard shard;
        shard.database = path.section(QLatin1Char('/'), 0, 0);
        shard.retentionPolicy = path.section(QLatin1Char('/'), 1, 1);
        shard.id = path.section(QLatin1Char('/'), 2, 2).toULongLong();
        health.info.shards.push_back(shard);
    }
    return health;
}

Result<BackupResult> Influx1Kind::backup(const BackupContext &context) const
{
    const BackupChain &chain = context.chain;
    BackupResult result;
    result.incremental = !chain.isEmpty();
    const QString target = chain.nextPath();
    const QString chainId = result.incremental ? chain.links().front().manifest.chainId
                                               : QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Shards arrive as tars of unknown length: each is staged in the store's scratch first.
    auto staging = chain.store().scratch();
    if (!staging)
        return staging.error();
    auto writer = chain.store().createLink(chain.nextNumber());
    if (!writer)
        return writer.error();

    InfluxBackup::Callbacks callbacks;
    callbacks.stage = context.stage;
    callbacks.progress = context.progress;
    callbacks.fileProgress = context.fileProgress;
    auto manifest = InfluxBackup::write(
        {context.settings.host, context.settings.databases, context.compression, context.settings.timeoutMs,
         context.cancelled, context.limiter, context.settings.connections},
        chain.merged(), chainId, staging.value()->path(), writer.value()->device(), callbacks);
    if (!manifest)
        return manifest.error();
    if (!manifest.value()) {
        result.nothingChanged = true;
        return result;
    }
    // The archive was written from staged files: read it back whole before it joins the chain.
    context.stage(tr("checking %1").arg(target));
    auto back = writer.value()->readBack();
    if (!back)
        return back.error();
    if (Status s = rereadArchive(*back.value(), writer.value()->pendingName()); !s)
        return s.error();
    const qint64 archiveBytes = back.value()->size();
    back.value().reset();
    if (context.isCancelled())
        return makeError(ErrorCode::Cancelled, {});
    context.stage(tr("syncing %1").arg(target));
    if (Status s = writer.value()->commit(); !s)
        return s.error();
    result.path = target;
    result.manifest = std::move(*manifest.value());
    result.archiveBytes = archiveBytes;
    return result;
}

Status Influx1Kind::checkFile(const QString &name, const QString &path, const QString &source,
                              const std::atomic_bool *) const
{
    if (name == QLatin1String("meta")) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(
                ErrorCode::Io,
                QCoreApplication::translate("ChainVerifier", "Cannot read '%1': %2").arg(path, file.errorString()));
        auto meta = MetaBlob::parse(file.readAll(), source);
        return meta ? Status{} : Status(meta.error());
    }
    auto shard = ShardTar::inspect(path, Manifest::shardId(name), source);
    return shard ? Status{} : Status(shard.error());
}

const RestoreTarget &Influx1Kind::restoreTarget() const
{
    static const Influx1RestoreTarget target;
    return target;
}

} // namespace tidemark
