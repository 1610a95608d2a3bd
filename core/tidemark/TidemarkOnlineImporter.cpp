#include "tidemark/TidemarkOnlineImporter.h"

#include "protocol/Messages.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "storage/ChainStore.h"
#include "store/MetaStore.h"
#include "tidemark/SnapshotClient.h"

#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>
#include <map>

namespace tidemark {

namespace {

using Context = OnlineImporter::Context;

constexpr int kCommitTimeoutMs = 10 * 60 * 1000; // The node checks and commits what it received.

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled,
                     TidemarkOnlineImporter::tr("Restore cancelled; nothing changed on the node"));
}

// What the chain holds of the request: its database (with the policies asked for) and the shard
// groups chosen, each with its newest copy.
struct ChainDatabase {
    DatabaseInfo database;
    struct Shard {
        ShardGroup group;
        ManifestFile file; ///< Its newest copy (size, index; checksum only from format-1 heads).
        size_t link = 0;   ///< Position in chain.links() of the link holding it.
        /// When its newest copy is a block link: the whole copy and the block links after it
        /// (`file` is then the block link's complete entry, with the rebuilt size and checksum).
        std::vector<Manifest::Step> steps;
    };
    std::vector<Shard> shards;
    QStringList links;
};

// A link's files with every checksum, in archive order: a format-2 link's are in its final
// manifest (read from its end where the store allows).
Result<Manifest> linkChecksums(const BackupChain &chain, const BackupChain::Link &link)
{
    if (link.manifest.hasChecksums() && link.manifest.format == Manifest::kFormatChecksumsFirst)
        return link.manifest;
    return chain.finalManifest(link);
}

// Reads one link from its start as far as the files in `wanted`, checking every entry on the way
// against the link's checksums as it comes; `write` gets each wanted file's bytes, `done` is
// called once a wanted file is complete and checked.
Status readLink(const Context &context, const BackupChain::Link &link, const QSet<QString> &wanted,
                const std::function<Status(const QString &name, QByteArrayView bytes)> &write,
                const std::function<Status(const QString &name)> &done)
{
    auto planned = linkChecksums(context.chain, link);
    if (!planned)
        return planned.error();
    const bool useFinal = planned->format != Manifest::kFormatChecksumsFirst || !link.manifest.hasChecksums();
    auto device = context.chain.openLink(link);
    if (!device)
        return device.error();
    QIODevice &in = *device.value();
    std::unique_ptr<ArchiveReader> reader;
    reader = std::make_unique<ArchiveReader>(
        [&](char *buffer, qsizetype capacity) {
            if (context.isCancelled())
                return qsizetype(-1);
            const qint64 n = in.read(buffer, capacity);
            if (n < 0) {
                reader->setSourceError(ChainStore::readError(in, link.path));
                return qsizetype(-1);
            }
            if (context.limiter)
                context.limiter->consume(n, context.cancelled);
            return static_cast<qsizetype>(n);
        },
        link.path);
    auto head = reader->readManifest();
    if (context.isCancelled())
        return cancelledError();
    if (!head)
        return head.error();
    if (useFinal) {
        if (Status s = reader->useFinalManifest(planned.value()); !s)
            return s;
    }
    qsizetype left = wanted.size();
    for (size_t next = 0; left > 0; ++next) {
        if (next >= planned->files.size())
            return makeError(ErrorCode::Integrity,
                             TidemarkOnlineImporter::tr("%1 ended before the files asked of it").arg(link.path));
        const QString name = planned->files[next].name;
        const bool isWanted = wanted.contains(name);
        Status sinkStatus;
        auto got = reader->nextFile(isWanted ? ArchiveReader::DataSink([&](const char *data, qsizetype size) {
            if (sinkStatus.ok())
                sinkStatus = write(name, QByteArrayView(data, size));
            return sinkStatus.ok() && !context.isCancelled();
        })
                                             : ArchiveReader::DataSink());
        if (context.isCancelled())
            return cancelledError();
        if (!sinkStatus)
            return sinkStatus;
        if (!got)
            return got.error();
        if (!got.value() || got.value()->name != name)
            return makeError(ErrorCode::Integrity,
                             TidemarkOnlineImporter::tr("%1: expected '%2' next in the archive").arg(link.path, name));
        if (isWanted) {
            if (Status s = done(name); !s)
                return s;
            --left;
        }
    }
    return {};
}

QString shardName(quint64 id)
{
    return QStringLiteral("shards/") + QString::number(id);
}

Result<ChainDatabase> readChainDatabase(const Context &context, const OnlineRestoreRequest &request)
{
    const BackupChain &chain = context.chain;
    const auto &links = chain.links();
    if (context.linkCount == 0 || context.linkCount > links.size())
        return makeError(ErrorCode::NotFound,
                         TidemarkOnlineImporter::tr("There is no backup at '%1'").arg(chain.path()));
    const int upto = links[context.linkCount - 1].number;
    auto merged = chain.mergedUpTo(upto);
    if (!merged)
        return merged.error();
    const std::map<QString, size_t> newest = chain.newestCopies(upto);
    // Of the files whose newest copy is a block link, the steps that rebuild them.
    std::map<QString, std::vector<Manifest::Step>> rebuilt;
    if (chain.hasBlockLinks(upto)) {
        auto steps = chain.steps(upto);
        if (!steps)
            return steps.error();
        for (auto &[name, fileSteps] : steps.value()) {
            if (fileSteps.size() > 1)
                rebuilt.emplace(name, std::move(fileSteps));
        }
    }
    const auto metaAt = newest.find(QStringLiteral("meta"));
    if (metaAt == newest.end())
        return makeError(ErrorCode::Integrity,
                         TidemarkOnlineImporter::tr("The chain at '%1' holds no meta store").arg(chain.path()),
                         TidemarkOnlineImporter::tr("Run `tidemark-cli verify` on the chain."));
    ChainDatabase out;
    for (size_t i = 0; i < context.linkCount; ++i)
        out.links << links[i].path;

    // The newest meta store of the chain, in a private scratch directory.
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/tidemark-online-XXXXXX"));
    if (!scratch.isValid())
        return makeError(ErrorCode::Io,
                         TidemarkOnlineImporter::tr("Cannot create a scratch directory in '%1'").arg(QDir::tempPath()));
    const QString metaPath = scratch.filePath(QStringLiteral("meta"));
    QFile metaFile(metaPath);
    if (!metaFile.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io,
                         TidemarkOnlineImporter::tr("Cannot write '%1': %2").arg(metaPath, metaFile.errorString()));
    if (context.stage)
        context.stage(TidemarkOnlineImporter::tr("reading the meta store from %1").arg(links[metaAt->second].path));
    Status read;
    if (const auto steps = rebuilt.find(QStringLiteral("meta")); steps != rebuilt.end()) {
        metaFile.close();
        read = FileRebuild::write(chain, steps->second, metaPath, context.cancelled);
        if (!read && context.isCancelled())
            return cancelledError();
    } else {
        read = readLink(
            context, links[metaAt->second], {QStringLiteral("meta")},
            [&](const QString &, QByteArrayView bytes) -> Status {
                if (metaFile.write(bytes.data(), bytes.size()) != bytes.size())
                    return makeError(
                        ErrorCode::Io,
                        TidemarkOnlineImporter::tr("Cannot write '%1': %2").arg(metaPath, metaFile.errorString()));
                return {};
            },
            [](const QString &) -> Status { return {}; });
    }
    metaFile.close();
    if (!read)
        return read.error();
    auto meta = MetaStore::openCopy(metaPath);
    if (!meta)
        return meta.error();

    const DatabaseInfo *db = meta.value()->database(request.database);
    if (!db) {
        QStringList names;
        for (const auto &[name, info] : meta.value()->databases())
            names << name;
        return makeError(
            ErrorCode::NotFound,
            TidemarkOnlineImporter::tr("The chain at '%1' holds no database \"%2\"")
                .arg(chain.path(), request.database),
            TidemarkOnlineImporter::tr("Its databases: %1.")
                .arg(names.isEmpty() ? TidemarkOnlineImporter::tr("none") : names.join(QStringLiteral(", "))));
    }
    out.database = *db;
    if (!request.retentionPolicy.isEmpty()) {
        const RetentionPolicyInfo *rp = db->policy(request.retentionPolicy);
        if (!rp) {
            QStringList names;
            for (const RetentionPolicyInfo &p : db->retentionPolicies)
                names << p.name;
            return makeError(
                ErrorCode::NotFound,
                TidemarkOnlineImporter::tr("Database \"%1\" in the chain has no retention policy \"%2\"")
                    .arg(request.database, request.retentionPolicy),
                TidemarkOnlineImporter::tr("Its retention policies: %1.").arg(names.join(QStringLiteral(", "))));
        }
        // The policy asked for becomes the default of a database the node does not have yet.
        out.database.retentionPolicies = {*rp};
        out.database.defaultRetentionPolicy = rp->name;
    }
    QList<quint64> unknown = request.shardIds;
    for (const auto &[id, group] : meta.value()->shardGroups()) {
        if (group.database != request.database || !out.database.policy(group.retentionPolicy) ||
            group.retentionPolicy.isEmpty())
            continue;
        if (!request.shardIds.isEmpty() && !request.shardIds.contains(id))
            continue;
        unknown.removeAll(id);
        const auto at = newest.find(shardName(id));
        const ManifestFile *file = merged->file(shardName(id));
        if (at == newest.end() || !file)
            continue; // A group whose first batch never reached its shard file: nothing to import.
        if (const auto steps = rebuilt.find(shardName(id)); steps != rebuilt.end())
            out.shards.push_back({group, steps->second.back().file, at->second, steps->second});
        else
            out.shards.push_back({group, *file, at->second, {}});
    }
    if (!unknown.isEmpty()) {
        QStringList ids;
        for (quint64 id : unknown)
            ids << QString::number(id);
        return makeError(
            ErrorCode::NotFound,
            TidemarkOnlineImporter::tr("Database \"%1\"%2 in the chain has no shard %3")
                .arg(request.database,
                     request.retentionPolicy.isEmpty()
                         ? QString()
                         : TidemarkOnlineImporter::tr(", retention policy \"%1\",").arg(request.retentionPolicy),
                     ids.join(QStringLiteral(", "))),
            TidemarkOnlineImporter::tr("List its shards with: tidemark-cli ls %1 %2")
                .arg(chain.path(), request.database));
    }
    return out;
}

QDateTime fromNs(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC);
}

SnapshotClient::Options clientOptions(const Context &context)
{
    const ConnectionSettings &s = context.settings;
    return {s.host, s.token, s.timeoutMs, context.cancelled, s.tls, nullptr};
}

} // namespace

Result<OnlineRestorePlan> TidemarkOnlineImporter::plan(const Context &context,
                                                       const OnlineRestoreRequest &request) const
{
    auto chainDb = readChainDatabase(context, request);
    if (!chainDb)
        return chainDb.error();
    if (context.isCancelled())
        return cancelledError();

    if (context.stage)
        context.stage(tr("asking %1 what it holds").arg(context.settings.host.toString()));
    SnapshotClient client(clientOptions(context));
    if (Status s = client.connect(); !s)
        return s.error();
    auto info = client.nodeInfo();
    if (!info)
        return info.error();
    if (!info->snapshotsEnabled)
        return makeError(ErrorCode::SnapshotsDisabled,
                         tr("Node %1 has its snapshot service disabled ([snapshot] enabled = false), which an online "
                            "restore needs")
                             .arg(context.settings.host.toString()),
                         tr("Set [snapshot] enabled = true in the node's config and restart it."));

    OnlineRestorePlan plan;
    plan.chainPath = context.chain.path();
    plan.links = chainDb->links;
    plan.node = context.settings.host.toString();
    plan.request = request;
    const QString target = request.targetDatabase();
    plan.databaseExists = info->databases.contains(target);
    QStringList met;
    for (const ChainDatabase::Shard &shard : chainDb->shards) {
        OnlineRestorePlan::Shard s;
        s.id = shard.group.id;
        s.retentionPolicy = shard.group.retentionPolicy;
        s.start = fromNs(shard.group.startNs);
        s.end = fromNs(shard.group.endNs);
        s.bytes = shard.file.fileSize();
        s.fromLink = context.chain.links()[shard.link].path;
        QStringList nodeShards;
        for (const protocol::NodeInfo::Shard &n : info->shards) {
            if (n.database == target && n.retentionPolicy == shard.group.retentionPolicy &&
                n.startNs < shard.group.endNs && shard.group.startNs < n.endNs)
                nodeShards << QString::number(n.id);
        }
        if (!nodeShards.isEmpty()) {
            met << tr("shard %1 (%2 %3 to %4)")
                       .arg(nodeShards.join(QStringLiteral(", ")), s.retentionPolicy, s.start.toString(Qt::ISODate),
                            s.end.toString(Qt::ISODate));
            if (request.onConflict == OnlineRestoreRequest::OnConflict::Skip) {
                s.action = OnlineRestorePlan::Shard::Action::Skip;
                s.reason = tr("the node has shard %1 of this time range").arg(nodeShards.join(QStringLiteral(", ")));
            } else if (request.onConflict == OnlineRestoreRequest::OnConflict::Replace) {
                s.action = OnlineRestorePlan::Shard::Action::Replace;
                s.reason = tr("replaces the node's shard %1").arg(nodeShards.join(QStringLiteral(", ")));
            }
        }
        if (s.action != OnlineRestorePlan::Shard::Action::Skip)
            plan.bytesToImport += s.bytes;
        plan.shards.push_back(s);
    }
    if (plan.databaseExists && request.onConflict == OnlineRestoreRequest::OnConflict::Fail)
        return makeError(ErrorCode::Conflict,
                         met.isEmpty() ? tr("Database \"%1\" exists on node %2").arg(target, plan.node)
                                       : tr("Database \"%1\" exists on node %2, with %3")
                                             .arg(target, plan.node, met.join(QStringLiteral("; "))),
                         tr("Restore under another name with --as NEWNAME, or choose --on-conflict skip (keep the "
                            "node's shards) or --on-conflict replace (the chain's replace them)."));
    plan.notes << (plan.databaseExists
                       ? tr("database \"%1\" exists on the node; policies it lacks are added").arg(target)
                       : tr("database \"%1\" is created on the node").arg(target));
    plan.notes << tr("the node gives the shards new ids and its next index, and makes them visible in one step");
    return plan;
}

Status TidemarkOnlineImporter::import(const Context &context, const OnlineRestorePlan &plan) const
{
    auto chainDb = readChainDatabase(context, plan.request);
    if (!chainDb)
        return chainDb.error();
    // The shards the plan takes, grouped by the link holding them; the node gets them in the order
    // they come out of the links.
    std::map<quint64, OnlineRestorePlan::Shard::Action> actions;
    for (const OnlineRestorePlan::Shard &s : plan.shards)
        actions[s.id] = s.action;
    std::map<size_t, std::vector<const ChainDatabase::Shard *>> byLink;
    std::vector<const ChainDatabase::Shard *> rebuiltShards; // Sent last, each rebuilt in turn.
    for (const ChainDatabase::Shard &shard : chainDb->shards) {
        const auto it = actions.find(shard.group.id);
        if (it == actions.end())
            return makeError(ErrorCode::State,
                             tr("The chain changed since the plan: shard %1 is new").arg(shard.group.id),
                             tr("Run the restore again."));
        if (it->second == OnlineRestorePlan::Shard::Action::Skip)
            continue;
        if (shard.steps.empty())
            byLink[shard.link].push_back(&shard);
        else
            rebuiltShards.push_back(&shard);
    }

    protocol::ImportPlan request;
    request.database = plan.request.targetDatabase();
    request.defaultRetentionPolicy = chainDb->database.defaultRetentionPolicy;
    for (const RetentionPolicyInfo &rp : chainDb->database.retentionPolicies)
        request.policies.push_back({rp.name, rp.durationNs, rp.shardGroupDurationNs, rp.replicaN});
    request.onConflict = plan.request.onConflict == OnlineRestoreRequest::OnConflict::Skip ? QStringLiteral("skip")
                         : plan.request.onConflict == OnlineRestoreRequest::OnConflict::Replace
                             ? QStringLiteral("replace")
                             : QStringLiteral("fail");
    std::vector<std::pair<size_t, QSet<QString>>> reads; // Link position, the files read from it.
    for (auto &[link, shards] : byLink) {
        if (context.stage)
            context.stage(tr("reading the checksums of %1").arg(context.chain.links()[link].path));
        auto planned = linkChecksums(context.chain, context.chain.links()[link]);
        if (!planned)
            return planned.error();
        QSet<QString> names;
        for (const ManifestFile &f : planned->files) {
            for (const ChainDatabase::Shard *shard : shards) {
                if (f.name != shardName(shard->group.id))
                    continue;
                if (!Checksum::isValidHex(f.checksum))
                    return makeError(ErrorCode::Integrity,
                                     tr("%1 has no checksum for '%2'").arg(planned->chainId, f.name));
                request.shards.push_back({shard->group.id, shard->group.retentionPolicy, shard->group.startNs,
                                          shard->group.endNs, f.size, f.checksum});
                names.insert(f.name);
            }
        }
        if (names.size() != static_cast<qsizetype>(shards.size()))
            return makeError(
                ErrorCode::Integrity,
                tr("%1 does not hold the shards the chain lists in it").arg(context.chain.links()[link].path),
                tr("Run `tidemark-cli verify` on the chain."));
        reads.emplace_back(link, names);
    }
    for (const ChainDatabase::Shard *shard : rebuiltShards) {
        if (!Checksum::isValidHex(shard->file.fileChecksum()))
            return makeError(ErrorCode::Integrity,
                             tr("%1 has no checksum for '%2'")
                                 .arg(context.chain.links()[shard->link].path, shardName(shard->group.id)));
        request.shards.push_back({shard->group.id, shard->group.retentionPolicy, shard->group.startNs,
                                  shard->group.endNs, shard->file.fileSize(), shard->file.fileChecksum()});
    }
    if (request.shards.empty() && plan.databaseExists) {
        if (context.stage)
            context.stage(tr("nothing to import: the node has every shard"));
        return {};
    }

    if (context.stage)
        context.stage(tr("connecting to %1").arg(context.settings.host.toString()));
    SnapshotClient client(clientOptions(context));
    if (Status s = client.connect(); !s)
        return s.error();
    if (Status s = client.beginImport(request); !s)
        return s.error();
    const qint64 total = request.totalBytes();
    qint64 sent = 0;
    for (const auto &[link, names] : reads) {
        if (context.stage)
            context.stage(tr("sending %1 shards from %2 to %3")
                              .arg(names.size())
                              .arg(context.chain.links()[link].path, context.settings.host.toString()));
        Status read = readLink(
            context, context.chain.links()[link], names,
            [&](const QString &, QByteArrayView bytes) -> Status {
                if (Status s = client.sendImportData(bytes); !s)
                    return s;
                sent += bytes.size();
                if (context.progress)
                    context.progress(sent, total);
                return {};
            },
            [](const QString &) -> Status { return {}; });
        if (!read) {
            // The chain is damaged or the user cancelled: the node discards what it received.
            client.abortImport(read.error().message);
            return read.error();
        }
    }
    // A shard whose newest copy is a block link: rebuilt from its steps into scratch (one at a
    // time, checked whole), then sent from there.
    if (!rebuiltShards.empty()) {
        QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/tidemark-online-XXXXXX"));
        if (!scratch.isValid()) {
            const Error e =
                makeError(ErrorCode::Io, tr("Cannot create a scratch directory in '%1'").arg(QDir::tempPath()));
            client.abortImport(e.message);
            return e;
        }
        for (const ChainDatabase::Shard *shard : rebuiltShards) {
            const QString name = shardName(shard->group.id);
            if (context.stage)
                context.stage(tr("rebuilding %1 from %2 block links and sending it to %3")
                                  .arg(name)
                                  .arg(shard->steps.size() - 1)
                                  .arg(context.settings.host.toString()));
            const QString path = scratch.filePath(QStringLiteral("shard"));
            Status sentShard = FileRebuild::write(context.chain, shard->steps, path, context.cancelled);
            if (context.isCancelled())
                sentShard = cancelledError();
            if (sentShard) {
                sentShard = FileRebuild::readFile(
                    path,
                    [&](const char *data, qsizetype n) -> Status {
                        if (context.limiter)
                            context.limiter->consume(n, context.cancelled);
                        if (Status s = client.sendImportData(QByteArrayView(data, n)); !s)
                            return s;
                        sent += n;
                        if (context.progress)
                            context.progress(sent, total);
                        return {};
                    },
                    context.cancelled);
                if (!sentShard && context.isCancelled())
                    sentShard = cancelledError();
            }
            QFile::remove(path);
            if (!sentShard) {
                client.abortImport(sentShard.error().message);
                return sentShard.error();
            }
        }
    }
    if (context.stage)
        context.stage(tr("%1 checks and commits the import").arg(context.settings.host.toString()));
    auto done = client.finishImport(kCommitTimeoutMs);
    if (!done)
        return done.error();
    if (context.stage)
        context.stage(tr("imported %1 shards into database \"%2\" at index %3")
                          .arg(request.shards.size())
                          .arg(request.database)
                          .arg(done->value(QStringLiteral("index")).toInteger()));
    return {};
}

} // namespace tidemark
