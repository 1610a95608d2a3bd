#include "cli/InspectCommands.h"

#include "backup/VerifyJob.h"
#include "kinds/NodeHealth.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "kinds/NodeKind.h"
#include "snapshot/BackupChain.h"
#include "storage/EncryptedChainStore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

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

// The merged manifest as `info --json` shows it: each file's `size` and `checksum` are the file's
// (for a block or reference link the rebuilt file's, as before such links), and a block link adds
// `"blockLink":true`, a reference link `"refLink":true`, and both `"storedBytes"` and
// `"storedChecksum"` (its entry's in the link) beside its `blocks` or `refs`.
QJsonObject mergedJson(const Manifest &merged)
{
    QJsonObject json = manifestJson(merged);
    QJsonArray files = json.value(QStringLiteral("files")).toArray();
    for (qsizetype i = 0; i < files.size() && i < static_cast<qsizetype>(merged.files.size()); ++i) {
        const ManifestFile &f = merged.files[static_cast<size_t>(i)];
        if (!f.isDelta())
            continue;
        QJsonObject file = files[i].toObject();
        file.insert(QStringLiteral("size"), f.fileSize());
        file.insert(QStringLiteral("checksum"), f.fileChecksum());
        file.insert(QStringLiteral("storedBytes"), f.size);
        file.insert(QStringLiteral("storedChecksum"), f.checksum);
        file.insert(f.isBlockLink() ? QStringLiteral("blockLink") : QStringLiteral("refLink"), true);
        files[i] = file;
    }
    json.insert(QStringLiteral("files"), files);
    return json;
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
    // Whatever the kind, its answer is a NodeHealth (NodeKind::probe).
    ConnectionSettings settings = common.settings();
    const NodeKind &kind = NodeKind::of(settings.kind);
    const NodeHealth health = NodeHealth::probe(settings);
    if (health.state != NodeHealth::State::Reachable && health.state != NodeHealth::State::SnapshotsDisabled)
        return reportError(health.error, common.json(), streams);
    const protocol::NodeInfo *info = &health.info;
    if (common.json()) {
        QJsonObject json = info->toJson();
        json.insert(QStringLiteral("kind"), kind.name());
        printJson(json, streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "node        " << common.host().toString() << " (" << kind.displayName() << ", id " << info->nodeId << ", "
        << info->version << ")\n"
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
    // Each link's manifest with its checksums: a streamed link (format 2) has them in its final
    // manifest, read from the link's end (a few KiB, not the link).
    std::vector<Manifest> manifests;
    for (const BackupChain::Link &link : chain->links()) {
        if (link.manifest.hasChecksums()) {
            manifests.push_back(link.manifest);
            continue;
        }
        auto final = chain->finalManifest(link);
        if (!final)
            return reportError(final.error(), common.json(), streams);
        manifests.push_back(final.takeValue());
    }
    const Manifest merged = Manifest::merge(manifests);
    if (common.json()) {
        QJsonArray links;
        for (size_t i = 0; i < chain->links().size(); ++i) {
            const BackupChain::Link &link = chain->links()[i];
            links.append(QJsonObject{{QStringLiteral("path"), link.path},
                                     {QStringLiteral("bytes"), link.bytes},
                                     {QStringLiteral("manifest"), manifestJson(manifests[i])}});
        }
        printJson(QJsonObject{{QStringLiteral("path"), chain->path()},
                              {QStringLiteral("encrypted"), chain->isEncrypted()},
                              {QStringLiteral("links"), links},
                              {QStringLiteral("merged"), mergedJson(merged)},
                              {QStringLiteral("next"), chain->nextPath()}},
                  streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << "chain " << chain->path() << " (id " << chain->links().front().manifest.chainId << ", "
        << NodeKind::of(chain->links().front().manifest.kind).displayName()
        << (chain->isEncrypted() ? QStringLiteral(", encrypted: keys in %1")
                                       .arg(chain->store().sidecarPath(EncryptedChainStore::kKeysSidecar))
                                 : QString())
        << ")\n";
    for (size_t i = 0; i < chain->links().size(); ++i) {
        const BackupChain::Link &link = chain->links()[i];
        const Manifest &m = link.manifest;
        const auto blockLinks = std::count_if(manifests[i].files.begin(), manifests[i].files.end(),
                                              [](const ManifestFile &f) { return f.isBlockLink(); });
        const auto refLinks = std::count_if(manifests[i].files.begin(), manifests[i].files.end(),
                                            [](const ManifestFile &f) { return f.isRefLink(); });
        out << "  " << (m.incremental ? "incr " : "full ") << link.path << "  " << m.created.toString(Qt::ISODate)
            << "  " << m.files.size() << " files"
            << (blockLinks ? QStringLiteral(" (%1 as blocks)").arg(blockLinks) : QString())
            << (refLinks ? QStringLiteral(" (%1 as references)").arg(refLinks) : QString()) << "  "
            << formatBytes(link.bytes) << "  index " << m.index << "\n";
    }
    // Sizes and checksums of the files as a restore writes them; a block or reference link's stored bytes beside.
    out << "merged manifest: " << merged.files.size() << " files, " << formatBytes(merged.asState().totalBytes())
        << ", index " << merged.index << "\n";
    for (const ManifestFile &f : merged.files) {
        out << "  " << f.name.leftJustified(14) << " index " << QString::number(f.index).leftJustified(10) << ' '
            << formatBytes(f.fileSize()) << "  " << f.fileChecksum();
        if (f.isBlockLink())
            out << "  (blocks: " << formatBytes(f.size) << " of " << formatBytes(f.fileSize()) << ")";
        else if (f.isRefLink())
            out << "  (references: stored " << formatBytes(f.size) << " of " << formatBytes(f.fileSize()) << ")";
        out << "\n";
    }
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
    VerifyJob job(parser.positionalArguments().first());
    JobRunner runner(streams, common.json());
    runner.setJsonEvents(false); // --json prints the report alone, as it always did.
    const Error error = runner.run(job);
    // The outcome is kept beside the chain for `list`; where it cannot be, the verdict stands.
    if (!job.result().recordError.isEmpty())
        streams.err << "tidemark: warning: the outcome was not kept beside the chain (" << job.result().recordError
                    << "); `list` will not show it" << Qt::endl;
    if (error.code != ErrorCode::Ok)
        return reportError(error, common.json(), streams);
    const auto *reports = &job.result().links;
    if (common.json()) {
        QJsonArray links;
        for (const auto &r : *reports)
            links.append(QJsonObject{{QStringLiteral("path"), r.path},
                                     {QStringLiteral("files"), r.files},
                                     {QStringLiteral("bytes"), r.bytes},
                                     {QStringLiteral("index"), static_cast<qint64>(r.index)}});
        printJson(QJsonObject{{QStringLiteral("verified"), true}, {QStringLiteral("links"), links}}, streams.out);
        return 0;
    }
    for (const auto &r : *reports)
        streams.out << "ok  " << r.path << ": " << r.files << " files, " << formatBytes(r.bytes) << ", index "
                    << r.index << "\n";
    streams.out << "The chain is complete and every checksum and every file it holds is valid." << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
