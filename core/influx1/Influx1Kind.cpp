#include "influx1/Influx1Kind.h"

#include "influx1/InfluxPoints.h"
#include "restore/OnlineImporter.h"
#include "influx1/Influx1OnlineImporter.h"
#include "influx1/Influx1RestoreTarget.h"
#include "influx1/InfluxContents.h"
#include "influx1/InfluxBackup.h"
#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/BackupChain.h"

#include <QFile>
#include <QUuid>

namespace tidemark {

QString Influx1Kind::displayName() const
{
    return tr("InfluxDB 1.x node");
}

QString Influx1Kind::shortName() const
{
    return tr("InfluxDB 1.x");
}

NodeKind::ScratchSetup Influx1Kind::scratchSetup(const QString &dir, const HostPort &http,
                                                 const HostPort &snapshot) const
{
    ScratchSetup setup;
    setup.configName = QStringLiteral("influxdb.conf");
    // Everything under `dir`, loopback only, nothing reported or monitored (no `_internal`
    // database appears), errors and warnings on stderr.
    setup.configText = QStringLiteral("reporting-disabled = true\n"
                                      "bind-address = \"%1\"\n"
                                      "[meta]\n  dir = \"%2/meta\"\n"
                                      "[data]\n  dir = \"%2/data\"\n  wal-dir = \"%2/wal\"\n"
                                      "  query-log-enabled = false\n"
                                      "[monitor]\n  store-enabled = false\n"
                                      "[http]\n  bind-address = \"%3\"\n  log-enabled = false\n"
                                      "[logging]\n  level = \"warn\"\n")
                           .arg(snapshot.toString(), dir, http.toString())
                           .toUtf8();
    setup.arguments = {QStringLiteral("run"), QStringLiteral("-config"), dir + QLatin1Char('/') + setup.configName};
    // Reads the first point of every measurement: the index and the TSM files must both open.
    setup.databaseQuery = QStringLiteral("SELECT * FROM /.*/ LIMIT 1");
    // influxd carries on past files it cannot read (a corrupt TSM file is renamed and its points
    // are gone from every answer) and says so only in its log, at level error.
    setup.errorLogMarker = QStringLiteral("lvl=error");
    return setup;
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
    // Whether the meta store changed is told by its checksum. A format-2 link whose head knew
    // every size (an incremental of the meta store alone) has it only in its final manifest.
    Manifest base = chain.merged();
    for (ManifestFile &f : base.files) {
        if (f.name != QLatin1String("meta") || !f.checksum.isEmpty())
            continue;
        auto final = chain.finalManifest(chain.links().back());
        if (!final)
            return final.error();
        if (const ManifestFile *meta = final->file(f.name))
            f.checksum = meta->checksum;
    }

    // Shards stream from the node into the link as they arrive, each checked on the way
    // (InfluxBackup): nothing is staged, and the link is not read back.
    auto writer = chain.store().createLink(chain.nextNumber());
    if (!writer)
        return writer.error();

    InfluxBackup::Callbacks callbacks;
    callbacks.stage = context.stage;
    callbacks.progress = context.progress;
    callbacks.fileProgress = context.fileProgress;
    InfluxBackup::Options options{context.settings.host,
                                  context.settings.databases,
                                  context.compression,
                                  context.settings.timeoutMs,
                                  context.cancelled,
                                  context.limiter,
                                  context.settings.effectiveConnections(context.compression.zstd)};
    // Changed shards the chain holds go as reference links into the chain's version of them
    // (TSM blocks kept byte for byte by influxd's compactions), unless --whole-files.
    options.refLinks = !context.wholeFiles && InfluxBackup::refLinksEnabled();
    options.chain = &chain;
    auto written = InfluxBackup::write(options, base, chainId, writer.value()->device(), callbacks);
    if (!written) {
        // A link the store stopped taking: its own error says why (an upload's code and hint).
        if (auto error = writer.value()->writeError(); error && written.error().code == ErrorCode::Io)
            return *error;
        return written.error();
    }
    if (!written.value()) {
        result.nothingChanged = true;
        return result;
    }
    if (context.isCancelled())
        return makeError(ErrorCode::Cancelled, {});
    context.stage(tr("syncing %1").arg(target));
    if (Status s = writer.value()->commit(); !s)
        return s.error();
    result.path = target;
    result.manifest = std::move(written.value()->manifest);
    result.archiveBytes = written.value()->archiveBytes;
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

const PointReader &Influx1Kind::pointReader() const
{
    static const InfluxPoints reader;
    return reader;
}

const ContentsReader &Influx1Kind::contentsReader() const
{
    static const InfluxContents reader;
    return reader;
}

const OnlineImporter &Influx1Kind::onlineImporter() const
{
    static const Influx1OnlineImporter importer;
    return importer;
}

} // namespace tidemark
