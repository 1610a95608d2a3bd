#include "cli/InspectCommands.h"

#include "backup/ChainVerifier.h"
#include "backup/SnapshotClient.h"
#include "cli/CommonOptions.h"
#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "snapshot/BackupChain.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark::cli {

namespace {

// Parses `args` expecting one PATH; false (with exitCode set) when the command should stop.
bool parsePath(QCommandLineParser &parser, CommonOptions &common, const QStringList &args, CliStreams streams,
               int *exitCode)
{
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The backup chain's full snapshot file."));
    if (!common.parse(args, streams, exitCode))
        return false;
    if (parser.positionalArguments().size() != 1) {
        streams.err << args.value(0) << ": give exactly one PATH\n\n" << parser.helpText() << Qt::flush;
        *exitCode = static_cast<int>(ErrorCode::Usage);
        return false;
    }
    return true;
}

QJsonObject manifestJson(const Manifest &manifest)
{
    return QJsonDocument::fromJson(manifest.toJson()).object();
}

} // namespace

namespace {

// node-info of an InfluxDB 1.x node: what its snapshot service tells (meta store and shard list).
int influxNodeInfo(const CommonOptions &common, CliStreams streams)
{
    InfluxSnapshotClient client({common.host(), common.timeoutMs(), nullptr});
    auto blob = client.metaStore();
    if (!blob)
        return reportError(blob.error(), common.json(), streams);
    auto meta = MetaBlob::parse(blob.value(), common.host().toString());
    if (!meta)
        return reportError(meta.error(), common.json(), streams);
    auto paths = client.shardPaths();
    if (!paths)
        return reportError(paths.error(), common.json(), streams);
    if (common.json()) {
        QJsonArray shards;
        for (const QString &path : paths.value())
            shards.append(QJsonObject{{QStringLiteral("id"), path.section(QLatin1Char('/'), 2).toLongLong()},
                                      {QStringLiteral("database"), path.section(QLatin1Char('/'), 0, 0)},
                                      {QStringLiteral("retentionPolicy"), path.section(QLatin1Char('/'), 1, 1)}});
        printJson(QJsonObject{{QStringLiteral("kind"), Manifest::kindName(Manifest::Kind::InfluxDb1)},
                              {QStringLiteral("clusterId"), QString::number(meta->clusterId)},
                              {QStringLiteral("index"), static_cast<qint64>(meta->index)},
                              {QStringLiteral("metaBytes"), blob->size()},
                              {QStringLiteral("databases"), QJsonArray::fromStringList(meta->databases)},
                              {QStringLiteral("shards"), shards}},
                  streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "node        " << common.host().toString() << " (InfluxDB 1.x, cluster " << meta->clusterId << ")\n"
        << "meta index  " << meta->index << " (" << formatBytes(blob->size()) << ")\n"
        << "databases   "
        << (meta->databases.isEmpty() ? QStringLiteral("(none)") : meta->databases.join(QStringLiteral(", "))) << "\n";
    for (const QString &path : paths.value())
        out << "  shard " << path.section(QLatin1Char('/'), 2) << "  " << path.section(QLatin1Char('/'), 0, 1) << "\n";
    out << Qt::flush;
    return 0;
}

} // namespace

int NodeInfoCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    CommonOptions common(parser, true);
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (common.kind() == Manifest::Kind::InfluxDb1)
        return influxNodeInfo(common, streams);
    SnapshotClient client({common.host(), common.token(), common.timeoutMs(), nullptr, common.tls()});
    if (Status s = client.connect(); !s)
        return reportError(s.error(), common.json(), streams);
    auto info = client.nodeInfo();
    if (!info)
        return reportError(info.error(), common.json(), streams);
    if (common.json()) {
        printJson(info->toJson(), streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "node        " << common.host().toString() << " (id " << info->nodeId << ", " << info->version << ")\n"
        << "cluster url " << info->clusterUrl << "\n"
        << "index       " << info->index << "\n"
        << "snapshots   " << (info->snapshotsEnabled ? "enabled" : "disabled ([snapshot] enabled = false)") << "\n"
        << "size        " << formatBytes(info->bytes) << "\n"
        << "databases   "
        << (info->databases.isEmpty() ? QStringLiteral("(none)") : info->databases.join(QStringLiteral(", "))) << "\n";
    for (const auto &shard : info->shards)
        out << "  shard " << shard.id << "  " << shard.database << '/' << shard.retentionPolicy << "  index "
            << shard.index << "  " << formatBytes(shard.bytes) << "\n";
    out << Qt::flush;
    return 0;
}

int InfoCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    CommonOptions common(parser, false);
    int exitCode = 0;
    if (!parsePath(parser, common, args, streams, &exitCode))
        return exitCode;
    auto chain = BackupChain::open(parser.positionalArguments().first());
    if (!chain)
        return reportError(chain.error(), common.json(), streams);
    if (chain->isEmpty())
        return reportError(makeError(ErrorCode::NotFound,
                                     QStringLiteral("There is no backup at '%1'").arg(chain->path()),
                                     QStringLiteral("Take one with: tidemark-cli backup %1").arg(chain->path())),
                           common.json(), streams);
    if (common.json()) {
        QJsonArray links;
        for (const BackupChain::Link &link : chain->links()) {
            links.append(QJsonObject{{QStringLiteral("path"), link.path},
                                     {QStringLiteral("bytes"), link.bytes},
                                     {QStringLiteral("manifest"), manifestJson(link.manifest)}});
        }
        printJson(QJsonObject{{QStringLiteral("path"), chain->path()},
                              {QStringLiteral("links"), links},
                              {QStringLiteral("merged"), manifestJson(chain->merged())},
                              {QStringLiteral("next"), chain->nextPath()}},
                  streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "chain " << chain->path() << " (id " << chain->links().front().manifest.chainId << ", "
        << (chain->links().front().manifest.kind == Manifest::Kind::InfluxDb1 ? "InfluxDB 1.x node" : "Tidemark node")
        << ")\n";
    for (const BackupChain::Link &link : chain->links()) {
        const Manifest &m = link.manifest;
        out << "  " << (m.incremental ? "incr " : "full ") << link.path << "  " << m.created.toString(Qt::ISODate)
            << "  " << m.files.size() << " files  " << formatBytes(link.bytes) << "  index " << m.index << "\n";
    }
    const Manifest merged = chain->merged();
    out << "merged manifest: " << merged.files.size() << " files, " << formatBytes(merged.totalBytes()) << ", index "
        << merged.index << "\n";
    for (const ManifestFile &f : merged.files)
        out << "  " << f.name.leftJustified(14) << " index " << QString::number(f.index).leftJustified(10) << ' '
            << formatBytes(f.size) << "  " << f.checksum << "\n";
    for (const QString &leftover : chain->leftovers())
        out << "note: leftover of an interrupted backup (removed by the next backup): " << leftover << "\n";
    out << "next backup goes to " << chain->nextPath() << Qt::endl;
    return 0;
}

int VerifyCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(summary());
    CommonOptions common(parser, false);
    int exitCode = 0;
    if (!parsePath(parser, common, args, streams, &exitCode))
        return exitCode;
    auto reports = ChainVerifier::verify(parser.positionalArguments().first());
    if (!reports)
        return reportError(reports.error(), common.json(), streams);
    if (common.json()) {
        QJsonArray links;
        for (const auto &r : reports.value())
            links.append(QJsonObject{{QStringLiteral("path"), r.path},
                                     {QStringLiteral("files"), r.files},
                                     {QStringLiteral("bytes"), r.bytes},
                                     {QStringLiteral("index"), static_cast<qint64>(r.index)}});
        printJson(QJsonObject{{QStringLiteral("verified"), true}, {QStringLiteral("links"), links}}, streams.out);
        return 0;
    }
    for (const auto &r : reports.value())
        streams.out << "ok  " << r.path << ": " << r.files << " files, " << formatBytes(r.bytes) << ", index "
                    << r.index << "\n";
    streams.out << "The chain is complete and every checksum and every file it holds is valid." << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
