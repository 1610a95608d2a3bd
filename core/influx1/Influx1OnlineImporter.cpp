#include "influx1/Influx1OnlineImporter.h"

#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTimer>
#include <QUrlQuery>

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace tidemark {

namespace {

QString shardEntry(quint64 id)
{
    return QStringLiteral("shards/%1").arg(id);
}

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, Influx1OnlineImporter::tr("Online restore cancelled"));
}

// Reads the files `wanted` of one link, in archive order, each checked against the chain's
// checksum as it ends (the final manifest is read first), and streams each into its sink.
using EntrySink = std::function<Status(const char *, qsizetype)>;
using EntryEnd = std::function<Status()>; // Called once the reader confirmed the file whole.
struct Wanted {
    EntrySink data;
    EntryEnd end;
};

Status readLink(const OnlineImporter::Context &context, const BackupChain::Link &link,
                const std::map<QString, Wanted> &wanted)
{
    Manifest planned = link.manifest;
    bool useFinal = false;
    if (!planned.hasChecksums() || planned.format != Manifest::kFormatChecksumsFirst) {
        auto final = context.chain.finalManifest(link);
        if (!final)
            return final.error();
        planned = final.takeValue();
        useFinal = true;
    }
    for (const auto &entry : wanted)
        if (!planned.file(entry.first))
            return makeError(
                ErrorCode::Integrity,
                Influx1OnlineImporter::tr("%1 does not hold '%2' as the chain listed").arg(link.path, entry.first));
    auto device = context.chain.openLink(link);
    if (!device)
        return device.error();
    QIODevice *input = device.value().get();
    std::unique_ptr<ArchiveReader> reader;
    reader = std::make_unique<ArchiveReader>(
        [&](char *buffer, qsizetype capacity) {
            if (context.isCancelled())
                return qsizetype(-1);
            const qint64 n = input->read(buffer, capacity);
            if (n < 0) {
                reader->setSourceError(
                    makeError(ErrorCode::Io,
                              Influx1OnlineImporter::tr("Cannot read %1: %2").arg(link.path, input->errorString())));
                return qsizetype(-1);
            }
            if (context.limiter && n > 0)
                context.limiter->consume(n, context.cancelled);
            return static_cast<qsizetype>(n);
        },
        link.path);
    if (auto head = reader->readManifest(); !head)
        return context.isCancelled() ? cancelledError() : head.error();
    if (useFinal)
        if (Status s = reader->useFinalManifest(planned); !s)
            return s;
    size_t left = wanted.size();
    for (size_t next = 0; left > 0; ++next) {
        if (next >= planned.files.size())
            return makeError(ErrorCode::Integrity,
                             Influx1OnlineImporter::tr("%1 ended before the files asked of it").arg(link.path));
        const QString name = planned.files[next].name;
        const auto it = wanted.find(name);
        Status sinkStatus;
        auto got = reader->nextFile(it != wanted.end() ? ArchiveReader::DataSink([&](const char *data, qsizetype size) {
            if (sinkStatus)
                sinkStatus = it->second.data(data, size);
            return !context.isCancelled();
        })
                                                       : ArchiveReader::DataSink());
        if (context.isCancelled())
            return cancelledError();
        if (!got)
            return got.error();
        if (!got.value() || got.value()->name != name)
            return makeError(ErrorCode::Integrity,
                             Influx1OnlineImporter::tr("%1: expected '%2' next in the archive").arg(link.path, name));
        if (!sinkStatus)
            return sinkStatus;
        if (it != wanted.end()) {
            if (Status s = it->second.end(); !s)
                return s;
            --left;
        }
    }
    return {};
}

// Reads a file rebuilt from the chain's links (FileRebuild::write, its checksum checked there)
// from the local `path` into `wanted`, in chunks, and checks its checksum once more before the end:
// what comes out of the scratch directory is what the chain gave.
Status readRebuilt(const OnlineImporter::Context &context, const QString &path, const QString &checksum,
                   const Wanted &wanted)
{
    Checksum sum;
    Status read = FileRebuild::readFile(
        path,
        [&](const char *data, qsizetype size) {
            sum.add(QByteArrayView(data, size));
            return wanted.data(data, size);
        },
        context.cancelled);
    if (!read)
        return context.isCancelled() ? cancelledError() : read;
    if (sum.hex() != checksum)
        return makeError(ErrorCode::Integrity,
                         Influx1OnlineImporter::tr("'%1', rebuilt from the chain's reference links, changed in the "
                                                   "scratch directory")
                             .arg(path),
                         Influx1OnlineImporter::tr("Check the disk of the chain's scratch directory, then restore "
                                                   "again."));
    return wanted.end();
}

// The chain's state at its first `linkCount` links: which link holds each file's newest copy,
// and of each file whose newest copy is a reference (or block) link, the steps that rebuild it.
struct ChainState {
    int upto = -1;
    Manifest merged;
    std::map<QString, size_t> owners;
    std::map<QString, std::vector<Manifest::Step>> rebuilt;

    // The file `name` as it is at the link: its newest copy's entry, or the rebuilt file's.
    [[nodiscard]] const ManifestFile *file(const QString &name) const
    {
        if (const auto it = rebuilt.find(name); it != rebuilt.end())
            return &it->second.back().file;
        return merged.file(name);
    }
};

Result<ChainState> chainState(const OnlineImporter::Context &context)
{
    const auto &links = context.chain.links();
    if (links.empty())
        return makeError(ErrorCode::NotFound,
                         Influx1OnlineImporter::tr("There is no backup chain at '%1'").arg(context.chain.path()));
    const size_t count = context.linkCount == 0 ? links.size() : context.linkCount;
    if (count > links.size())
        return makeError(ErrorCode::NotFound, Influx1OnlineImporter::tr("The chain at '%1' has %2 links, not %3")
                                                  .arg(context.chain.path())
                                                  .arg(links.size())
                                                  .arg(count));
    if (links.front().manifest.kind != Manifest::Kind::InfluxDb1)
        return makeError(ErrorCode::Usage,
                         Influx1OnlineImporter::tr("The chain at '%1' is not a backup of an InfluxDB 1.x node")
                             .arg(context.chain.path()));
    ChainState state;
    state.upto = static_cast<int>(count) - 2;
    auto merged = context.chain.mergedUpTo(state.upto);
    if (!merged)
        return merged.error();
    state.merged = merged.takeValue();
    state.owners = context.chain.newestCopies(state.upto);
    if (!state.owners.count(QStringLiteral("meta")))
        return makeError(ErrorCode::Integrity,
                         Influx1OnlineImporter::tr("The chain at '%1' holds no meta store").arg(context.chain.path()),
                         Influx1OnlineImporter::tr("Run `tidemark-cli verify` on the chain."));
    // Shards stored as references into their version before (archive format 4) are rebuilt
    // before they are read (Manifest::steps refuses links that do not apply).
    if (context.chain.hasDeltas(state.upto)) {
        auto steps = context.chain.steps(state.upto);
        if (!steps)
            return steps.error();
        for (auto &[name, fileSteps] : steps.value()) {
            if (fileSteps.size() > 1)
                state.rebuilt.emplace(name, std::move(fileSteps));
        }
    }
    return state;
}

// Rebuilds `name` from its steps into `path` (FileRebuild::write: every entry through the
// chain's checksums, the rebuilt file against the newest link's `fileChecksum`).
Status rebuild(const OnlineImporter::Context &context, const ChainState &state, const QString &name,
               const QString &path)
{
    if (context.stage)
        context.stage(Influx1OnlineImporter::tr("rebuilding '%1' from %n link(s) of the chain", nullptr,
                                                static_cast<int>(state.rebuilt.at(name).size()))
                          .arg(name));
    Status s = FileRebuild::write(context.chain, state.rebuilt.at(name), path, context.cancelled);
    if (!s && context.isCancelled())
        return cancelledError();
    return s;
}

Result<QByteArray> readMeta(const OnlineImporter::Context &context, const ChainState &state)
{
    const QString meta = QStringLiteral("meta");
    const BackupChain::Link &link = context.chain.links()[state.owners.at(meta)];
    QByteArray blob;
    const Wanted wanted{[&](const char *data, qsizetype size) -> Status {
                            if (blob.size() + size > InfluxSnapshotClient::kMaxMetaBytes)
                                return makeError(
                                    ErrorCode::Integrity,
                                    Influx1OnlineImporter::tr("%1: the meta store is too large").arg(link.path));
                            blob.append(data, size);
                            return {};
                        },
                        [] { return Status(); }};
    Status s;
    if (state.rebuilt.count(meta)) {
        auto scratch = context.chain.store().scratch();
        if (!scratch)
            return scratch.error();
        const QString path = scratch.value()->filePath(QStringLiteral("meta"));
        s = rebuild(context, state, meta, path);
        if (s)
            s = readRebuilt(context, path, state.rebuilt.at(meta).back().file.fileChecksum(), wanted);
    } else {
        s = readLink(context, link, {{meta, wanted}});
    }
    if (!s)
        return s.error();
    return blob;
}

InfluxSnapshotClient::Options clientOptions(const OnlineImporter::Context &context)
{
    InfluxSnapshotClient::Options options;
    options.host = context.settings.host;
    options.timeoutMs = context.settings.timeoutMs;
    options.cancelled = context.cancelled;
    return options;
}

HostPort httpAddress(const ConnectionSettings &settings)
{
    if (settings.influxHttp.port != 0)
        return settings.influxHttp;
    return {settings.host.host, 8086};
}

// `DROP DATABASE` through the node's HTTP API (the snapshot service has no such request).
Status dropDatabase(const ConnectionSettings &settings, const QString &database)
{
    const HostPort http = httpAddress(settings);
    QNetworkAccessManager network;
    QUrl url(QStringLiteral("http://%1/query").arg(http.toString()));
    QUrlQuery form;
    QString quoted = database;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    form.addQueryItem(QStringLiteral("q"), QStringLiteral("DROP DATABASE \"%1\"").arg(quoted));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(std::min(settings.timeoutMs, 30000));
    std::unique_ptr<QNetworkReply> reply(network.post(request, form.toString(QUrl::FullyEncoded).toUtf8()));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError || status != 200 || body.contains("\"error\""))
        return makeError(
            status == 401 || status == 403 ? ErrorCode::Auth : ErrorCode::Connection,
            Influx1OnlineImporter::tr("Cannot drop database '%1' through the HTTP API of InfluxDB node %2: %3")
                .arg(database, http.toString(),
                     body.isEmpty() ? reply->errorString() : QString::fromUtf8(body.left(300))),
            Influx1OnlineImporter::tr("Give its HTTP address (influxdb.conf [http] bind-address) if it is not %1; with "
                                      "authentication on, run DROP DATABASE \"%2\" yourself.")
                .arg(http.toString(), database));
    return {};
}

// The journal: written before the node is changed, removed once the import is complete or
// rolled back. Its presence says that the database on the node is this importer's half-import.
Status writeJournal(const QString &path, const ConnectionSettings &settings, const QString &database,
                    const QString &chain)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    const QJsonObject body{{QStringLiteral("node"), settings.host.toString()},
                           {QStringLiteral("http"), httpAddress(settings).toString()},
                           {QStringLiteral("database"), database},
                           {QStringLiteral("chain"), chain},
                           {QStringLiteral("started"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(body).toJson()) < 0 || !file.commit())
        return makeError(ErrorCode::Io, Influx1OnlineImporter::tr("Cannot write the online restore's journal '%1': %2")
                                            .arg(path, file.errorString()));
    return {};
}

QDateTime fromNs(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC);
}

// The node's view: whether `database` exists.
Result<bool> nodeHas(const OnlineImporter::Context &context, const QString &database)
{
    InfluxSnapshotClient client(clientOptions(context));
    auto blob = client.metaStore();
    if (!blob)
        return blob.error();
    auto meta = MetaBlob::parse(blob.value(), context.settings.host.toString());
    if (!meta)
        return meta.error();
    return meta->databases.contains(database);
}

// A TSM file's generation and sequence (`000000005-000000002.tsm`).
std::optional<std::pair<quint64, quint64>> generationOf(const QString &file)
{
    const QStringList parts = QString(file).remove(QLatin1String(".tsm")).split(QLatin1Char('-'));
    bool a = false;
    bool b = false;
    if (parts.size() != 2)
        return std::nullopt;
    const quint64 generation = parts[0].toULongLong(&a);
    const quint64 sequence = parts[1].toULongLong(&b);
    if (!a || !b)
        return std::nullopt;
    return std::make_pair(generation, sequence);
}

// Whether the node may have compacted `sent` away already (it can start as soon as the shard
// reopened): a compaction writes its output under the newest input's generation with the next
// sequence, so the shard then holds a file of a later generation, or of the same one with a
// higher sequence.
bool compactedSince(const QString &sent, const QStringList &onNode)
{
    const auto mine = generationOf(sent);
    if (!mine)
        return false;
    return std::any_of(onNode.begin(), onNode.end(), [&](const QString &file) {
        const auto other = file.endsWith(QLatin1String(".tsm")) ? generationOf(file) : std::nullopt;
        return other && (other->first > mine->first || (other->first == mine->first && other->second > mine->second));
    });
}

} // namespace

QString Influx1OnlineImporter::journalPath(const QString &node, const QString &database)
{
    const QString home = qEnvironmentVariable("XDG_STATE_HOME").isEmpty()
                             ? QDir::homePath() + QStringLiteral("/.local/state")
                             : qEnvironmentVariable("XDG_STATE_HOME");
    const QByteArray key =
        QCryptographicHash::hash((node + QLatin1Char('\n') + database).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(24);
    return home + QStringLiteral("/tidemark/online-restore/") + QString::fromLatin1(key) + QStringLiteral(".json");
}

Result<OnlineRestorePlan> Influx1OnlineImporter::plan(const Context &context, const OnlineRestoreRequest &request) const
{
    if (request.database.isEmpty())
        return makeError(ErrorCode::Usage, tr("Name the database to restore (--database NAME)."));
    auto state = chainState(context);
    if (!state)
        return state.error();
    if (context.stage)
        context.stage(tr("reading the meta store of the chain"));
    auto blob = readMeta(context, state.value());
    if (!blob)
        return blob.error();
    const QString metaLink = context.chain.links()[state->owners.at(QStringLiteral("meta"))].path;
    auto meta = MetaBlob::parse(blob.value(), metaLink);
    if (!meta)
        return meta.error();
    if (!meta->databases.contains(request.database))
        return makeError(ErrorCode::NotFound,
                         tr("The chain at '%1' holds no database '%2'").arg(context.chain.path(), request.database),
                         tr("It holds: %1.").arg(meta->databases.join(QStringLiteral(", "))));
    if (!request.retentionPolicy.isEmpty() &&
        std::none_of(meta->retentionPolicies.begin(), meta->retentionPolicies.end(), [&](const auto &rp) {
            return rp.database == request.database && rp.name == request.retentionPolicy;
        }))
        return makeError(ErrorCode::NotFound, tr("Database '%1' in the chain has no retention policy '%2'")
                                                  .arg(request.database, request.retentionPolicy));

    OnlineRestorePlan plan;
    plan.chainPath = context.chain.path();
    for (int k = 0; k <= state->upto + 1; ++k)
        plan.links << context.chain.links()[static_cast<size_t>(k)].path;
    plan.node = context.settings.host.toString();
    plan.request = request;
    const std::set<quint64> wanted(request.shardIds.begin(), request.shardIds.end());
    std::set<quint64> named = wanted; // What is left to find.
    for (const MetaBlob::Shard &shard : meta->shards) {
        if (shard.database != request.database ||
            (!request.retentionPolicy.isEmpty() && shard.retentionPolicy != request.retentionPolicy))
            continue;
        if (!wanted.empty() && !wanted.count(shard.id))
            continue;
        named.erase(shard.id);
        const QString entry = shardEntry(shard.id);
        const ManifestFile *file = state->file(entry);
        if (!file || !state->owners.count(entry))
            return makeError(ErrorCode::NotFound,
                             tr("The chain at '%1' holds no copy of shard %2 (%3/%4)")
                                 .arg(context.chain.path())
                                 .arg(shard.id)
                                 .arg(shard.database, shard.retentionPolicy),
                             tr("Restore the other shards with --shard, or take a backup that includes it."));
        OnlineRestorePlan::Shard out;
        out.id = shard.id;
        out.retentionPolicy = shard.retentionPolicy;
        out.start = fromNs(shard.startNs);
        out.end = fromNs(shard.endNs);
        out.bytes = file->fileSize(); // The tar as rebuilt, for a reference link.
        out.fromLink = context.chain.links()[state->owners.at(entry)].path;
        plan.shards.push_back(out);
    }
    if (!named.empty()) {
        QStringList missing;
        for (const quint64 id : named)
            missing << QString::number(id);
        return makeError(
            ErrorCode::NotFound,
            tr("Database '%1' in the chain has no shard %2").arg(request.database, missing.join(QStringLiteral(", "))),
            tr("`tidemark-cli ls %1` lists its shards.").arg(context.chain.path()));
    }

    if (context.stage)
        context.stage(tr("asking %1 for its meta store").arg(plan.node));
    const QString target = request.targetDatabase();
    auto exists = nodeHas(context, target);
    if (!exists)
        return exists.error();
    plan.databaseExists = exists.value();
    const QString journal = journalPath(plan.node, target);
    const bool halfImported = plan.databaseExists && QFile::exists(journal);
    if (halfImported) {
        plan.notes << tr("Database '%1' on %2 is what an earlier restore half-imported (journal %3): it is dropped "
                         "through the HTTP API at %4, then imported again.")
                          .arg(target, plan.node, journal, httpAddress(context.settings).toString());
    } else if (plan.databaseExists) {
        switch (request.onConflict) {
        case OnlineRestoreRequest::OnConflict::Fail:
            return makeError(
                ErrorCode::Conflict, tr("InfluxDB node %1 has a database '%2' already").arg(plan.node, target),
                tr("Restore under another name (--as NEWNAME), or --on-conflict skip to leave it as it is."));
        case OnlineRestoreRequest::OnConflict::Replace:
            return makeError(
                ErrorCode::Conflict,
                tr("InfluxDB node %1 has a database '%2' already, and InfluxDB cannot replace it while it runs")
                    .arg(plan.node, target),
                tr("Its snapshot service creates only new databases, and its shard update adds files to a shard "
                   "without removing any, so a replace would mix old and restored points. Restore under a new "
                   "name (--as NEWNAME), check it, then DROP DATABASE \"%1\"; or drop it first and restore again.")
                    .arg(target));
        case OnlineRestoreRequest::OnConflict::Skip:
            for (auto &shard : plan.shards) {
                shard.action = OnlineRestorePlan::Shard::Action::Skip;
                shard.reason =
                    tr("database '%1' exists on the node (InfluxDB adds shards only to a new database)").arg(target);
            }
            break;
        }
    }
    for (const auto &shard : plan.shards)
        if (shard.action != OnlineRestorePlan::Shard::Action::Skip)
            plan.bytesToImport += shard.bytes;
    if (plan.bytesToImport > 0 || (!plan.databaseExists && !plan.shards.empty()))
        plan.notes << tr("Database '%1' becomes visible on the node when its meta store is updated, with empty "
                         "shards that fill one by one; a failure drops it again through the HTTP API at %2.")
                          .arg(target, httpAddress(context.settings).toString())
                   << tr("Tombstones are not imported (influxd's shard update takes only TSM files): points deleted "
                         "but not yet compacted away at backup time come back.");
    return plan;
}

Status Influx1OnlineImporter::import(const Context &context, const OnlineRestorePlan &plan) const
{
    const OnlineRestoreRequest &request = plan.request;
    const QString target = request.targetDatabase();
    std::vector<const OnlineRestorePlan::Shard *> chosen;
    for (const auto &shard : plan.shards)
        if (shard.action != OnlineRestorePlan::Shard::Action::Skip)
            chosen.push_back(&shard);
    // A database without shards in the chain is still created (its policies), unless it exists.
    if (chosen.empty() && (plan.databaseExists || !plan.shards.empty())) {
        if (context.stage)
            context.stage(tr("nothing to import into %1").arg(target));
        return {};
    }
    auto state = chainState(context);
    if (!state)
        return state.error();
    const auto stage = [&](const QString &text) {
        if (context.stage)
            context.stage(text);
    };
    qint64 done = 0;
    const qint64 total = plan.bytesToImport * 2; // Checked once, then sent.
    const auto progress = [&](qint64 n) {
        done += n;
        if (context.progress)
            context.progress(done, total);
    };

    // 1. Everything the node will get, checked before it is touched: the meta store and every
    // chosen shard's tar, through the chain's checksums and ShardTar's rules.
    auto blob = readMeta(context, state.value());
    if (!blob)
        return blob.error();
    QList<quint64> ids;
    for (const auto *shard : chosen)
        ids << shard->id;
    auto selection = MetaBlob::selection(blob.value(), request.database, request.retentionPolicy, ids,
                                         context.chain.links()[state->owners.at(QStringLiteral("meta"))].path);
    if (!selection)
        return selection.error();
    std::map<size_t, std::vector<const OnlineRestorePlan::Shard *>> byLink;
    for (const auto *shard : chosen) {
        const auto owner = state->owners.find(shardEntry(shard->id));
        if (owner == state->owners.end())
            return makeError(ErrorCode::NotFound, tr("The chain holds no copy of shard %1").arg(shard->id));
        byLink[owner->second].push_back(shard);
    }
    // Shards whose newest copy is a reference link: rebuilt into the chain's scratch directory
    // first (each kept there until the import ends), then read from there like a whole tar.
    std::unique_ptr<ChainStore::Scratch> scratch;
    std::map<quint64, QString> rebuiltPaths;
    for (const auto *shard : chosen) {
        if (!state->rebuilt.count(shardEntry(shard->id)))
            continue;
        if (!scratch) {
            auto made = context.chain.store().scratch();
            if (!made)
                return made.error();
            scratch = made.takeValue();
        }
        rebuiltPaths[shard->id] = scratch->filePath(QStringLiteral("shard-%1").arg(shard->id));
    }
    // A shard's tar into `wanted`: from its link, or from its rebuilt file.
    const auto readShard = [&](const BackupChain::Link &link, quint64 id, const Wanted &wanted) -> Status {
        const auto rebuilt = rebuiltPaths.find(id);
        if (rebuilt == rebuiltPaths.end())
            return readLink(context, link, {{shardEntry(id), wanted}});
        return readRebuilt(context, rebuilt->second, state->file(shardEntry(id))->fileChecksum(), wanted);
    };
    std::map<quint64, ShardTar::Summary> summaries;
    std::map<quint64, int> tombstones; ///< Tombstone files per shard: influxd's shard update skips them.
    for (const auto &[linkIndex, shards] : byLink) {
        const BackupChain::Link &link = context.chain.links()[linkIndex];
        std::map<QString, Wanted> wanted;
        std::map<quint64, std::unique_ptr<ShardTar::Extractor>> checkers;
        std::vector<quint64> rebuiltHere;
        for (const auto *shard : shards) {
            const quint64 id = shard->id;
            auto &checker = checkers[id];
            checker = std::make_unique<ShardTar::Extractor>(id, link.path + QLatin1Char(':') + shardEntry(id));
            if (rebuiltPaths.count(id))
                rebuiltHere.push_back(id);
            wanted[shardEntry(id)] =
                Wanted{[&checker, &progress](const char *data, qsizetype size) {
                           progress(size);
                           return checker->write(data, size);
                       },
                       [&checker, &summaries, &tombstones, id]() -> Status {
                           auto summary = checker->finish();
                           if (!summary)
                               return summary.error();
                           summaries[id] = summary.takeValue();
                           tombstones[id] = static_cast<int>(
                               std::count_if(summaries[id].files.begin(), summaries[id].files.end(),
                                             [](const QString &f) { return f.endsWith(QLatin1String(".tombstone")); }));
                           return {};
                       }};
        }
        for (const quint64 id : rebuiltHere) {
            const QString entry = shardEntry(id);
            if (Status s = rebuild(context, state.value(), entry, rebuiltPaths.at(id)); !s)
                return s;
            stage(tr("checking shard %1, rebuilt from its reference links up to %2").arg(id).arg(link.path));
            if (Status s =
                    readRebuilt(context, rebuiltPaths.at(id), state->file(entry)->fileChecksum(), wanted.at(entry));
                !s)
                return s;
            wanted.erase(entry);
        }
        if (wanted.empty())
            continue;
        stage(tr("checking %n shard(s) in %1", nullptr, static_cast<int>(wanted.size())).arg(link.path));
        if (Status s = readLink(context, link, wanted); !s)
            return s;
    }

    // 2. The node as it is now (the plan may be old).
    const QString journal = journalPath(plan.node, target);
    // One import into a database of a node at a time (on this machine): the journal is its own.
    // QLockFile takes over the lock of a process that was killed.
    QDir().mkpath(QFileInfo(journal).absolutePath());
    QLockFile importLock(journal + QStringLiteral(".lock"));
    importLock.setStaleLockTime(0);
    if (!importLock.tryLock(0))
        return makeError(ErrorCode::Busy,
                         tr("Another restore into database '%1' on %2 is running").arg(target, plan.node),
                         tr("Wait for it to end (its lock is %1).").arg(importLock.fileName()));
    auto exists = nodeHas(context, target);
    if (!exists)
        return exists.error();
    if (exists.value()) {
        if (!QFile::exists(journal))
            return makeError(ErrorCode::Conflict,
                             tr("InfluxDB node %1 has a database '%2' now (it had none when the restore was planned)")
                                 .arg(plan.node, target),
                             tr("Plan the restore again."));
        stage(tr("dropping the half-imported database '%1' of an earlier restore").arg(target));
        if (Status s = dropDatabase(context.settings, target); !s)
            return s;
    }
    if (Status s = writeJournal(journal, context.settings, target, plan.chainPath); !s)
        return s;

    // From here on, a failure drops the database again; one that cannot leaves the journal.
    const auto rollBack = [&](const Error &error) -> Status {
        auto has = nodeHas(context, target);
        Status dropped = has && !has.value() ? Status() : dropDatabase(context.settings, target);
        if (dropped) {
            QFile::remove(journal);
            Error out = error;
            out.hint = (out.hint.isEmpty() ? QString() : out.hint + QLatin1Char(' ')) +
                       tr("Database '%1' was dropped again: the node has what it had before.").arg(target);
            return out;
        }
        Error out = error;
        out.hint = (out.hint.isEmpty() ? QString() : out.hint + QLatin1Char(' ')) +
                   tr("Database '%1' stays half-imported on the node (%2). The next restore into it drops it first; "
                      "or run DROP DATABASE \"%1\".")
                       .arg(target, dropped.error().message);
        return out;
    };

    // 3. The meta store update: the database with the chosen shard groups, empty shards.
    stage(tr("creating database '%1' on %2").arg(target, plan.node));
    std::map<quint64, quint64> newIds;
    {
        InfluxSnapshotClient client(clientOptions(context));
        auto answer = client.updateMeta(selection.value(), request.database, target, request.retentionPolicy);
        if (!answer) {
            // A refusal changed nothing; anything else may have (the node may have applied it).
            if (answer.error().code == ErrorCode::Conflict) {
                // influxd answers a database without shards as it answers a refusal (no ids).
                auto created = nodeHas(context, target);
                if (chosen.empty() && created && created.value()) {
                    QFile::remove(journal);
                    stage(tr("database '%1' created on %2 (the chain holds no shards of it)").arg(target, plan.node));
                    return {};
                }
                QFile::remove(journal);
                return answer.error();
            }
            return rollBack(answer.error());
        }
        newIds = answer.takeValue();
    }
    for (const auto *shard : chosen)
        if (!newIds.count(shard->id))
            return rollBack(makeError(
                ErrorCode::Protocol, tr("InfluxDB node %1 gave no new id for shard %2").arg(plan.node).arg(shard->id)));

    // 4. Each shard, streamed from the chain again (checked again), its TSM files renamed to
    // `target/rp/<new id>/`; the tar's end goes out only once the chain confirmed the file whole.
    int number = 0;
    for (const auto &[linkIndex, shards] : byLink) {
        const BackupChain::Link &link = context.chain.links()[linkIndex];
        for (const auto *shard : shards) {
            ++number;
            const quint64 newId = newIds.at(shard->id);
            const QString rp = shard->retentionPolicy;
            const ShardTar::Summary &summary = summaries.at(shard->id);
            stage(tr("importing shard %1 as %2/%3/%4 (%5 of %6)")
                      .arg(shard->id)
                      .arg(target, rp)
                      .arg(newId)
                      .arg(number)
                      .arg(chosen.size()));
            InfluxSnapshotClient client(clientOptions(context));
            Status sent = client.uploadShard(newId, [&](const auto &write) -> Status {
                // The renamed tar is made on the checker's thread into `pending`; this thread
                // sends it on after every chunk it feeds in (so it holds at most what the
                // checker's queue held).
                std::mutex mutex;
                std::deque<QByteArray> pending;
                ShardTar::Writer writer([&](const char *bytes, qsizetype size) {
                    std::lock_guard lock(mutex);
                    pending.emplace_back(bytes, size);
                    return Status();
                });
                struct Renamer : ShardTar::Visitor {
                    ShardTar::Writer &writer;
                    QString prefix;
                    bool copying = false;
                    Renamer(ShardTar::Writer &w, QString p) : writer(w), prefix(std::move(p)) {}
                    Status begin(const QString &file, qint64 size) override
                    {
                        copying = file.endsWith(QLatin1String(".tsm"));
                        return copying ? writer.begin(prefix + file, size, QDateTime::currentSecsSinceEpoch())
                                       : Status();
                    }
                    Status write(const char *bytes, qsizetype size) override
                    {
                        return copying ? writer.write(bytes, size) : Status();
                    }
                    Status end() override { return {}; }
                } renamer(writer, QStringLiteral("%1/%2/%3/").arg(target, rp).arg(newId));
                const auto flush = [&]() -> Status {
                    for (;;) {
                        QByteArray next;
                        {
                            std::lock_guard lock(mutex);
                            if (pending.empty())
                                return {};
                            next = std::move(pending.front());
                            pending.pop_front();
                        }
                        if (Status s = write(next.constData(), next.size()); !s)
                            return s;
                    }
                };
                auto extractor = std::make_unique<ShardTar::Extractor>(
                    shard->id, link.path + QLatin1Char(':') + shardEntry(shard->id), renamer);
                const Wanted wanted{[&](const char *data, qsizetype size) -> Status {
                                        progress(size);
                                        if (Status s = extractor->write(data, size); !s)
                                            return s;
                                        return flush();
                                    },
                                    [&]() -> Status {
                                        auto again = extractor->finish();
                                        if (!again)
                                            return again.error();
                                        if (again->files != summary.files || again->sizes != summary.sizes)
                                            return makeError(ErrorCode::Integrity,
                                                             tr("%1 changed while it was restored").arg(link.path));
                                        if (Status s = flush(); !s)
                                            return s;
                                        // Confirmed whole by the chain: the tar's end.
                                        if (Status s = writer.finish(); !s)
                                            return s;
                                        return flush();
                                    }};
                return readShard(link, shard->id, wanted);
            });
            if (!sent)
                return rollBack(sent.error());

            // 5. influxd answers nothing: read the shard back (names and sizes of its files) to
            // know it holds every TSM file sent.
            InfluxSnapshotClient readBack(clientOptions(context));
            ShardTar::Extractor checker(newId, plan.node + QStringLiteral(" shard ") + QString::number(newId));
            Status fed;
            auto got = readBack.shardBackup(newId, {}, [&](const char *data, qsizetype size) {
                fed = checker.write(data, size);
                return fed.ok();
            });
            if (!got)
                return rollBack(fed ? got.error() : fed.error());
            auto onNode = checker.finish();
            if (!onNode)
                return rollBack(onNode.error());
            for (qsizetype k = 0; k < summary.files.size(); ++k) {
                if (!summary.files[k].endsWith(QLatin1String(".tsm")))
                    continue;
                const qsizetype at = onNode->files.indexOf(summary.files[k]);
                if ((at < 0 || onNode->sizes[at] != summary.sizes[k]) &&
                    !compactedSince(summary.files[k], onNode->files))
                    return rollBack(makeError(ErrorCode::Integrity,
                                              tr("InfluxDB node %1 did not take %2 of shard %3 (as %4)")
                                                  .arg(plan.node, summary.files[k])
                                                  .arg(shard->id)
                                                  .arg(newId),
                                              tr("Its log says why.")));
            }
        }
    }
    QStringList deleted;
    for (const auto &[id, count] : tombstones)
        if (count > 0)
            deleted << QString::number(id);
    if (!deleted.isEmpty())
        stage(tr("warning: shard(s) %1 carried tombstones, which influxd's shard update does not take: points "
                 "deleted there before the backup (and not compacted away yet) are back in '%2'; delete them again")
                  .arg(deleted.join(QStringLiteral(", ")), target));
    QFile::remove(journal);
    stage(tr("database '%1' restored on %2: %n shard(s)", nullptr, static_cast<int>(chosen.size()))
              .arg(target, plan.node));
    return {};
}

QString Influx1OnlineImporter::replaceRefusal() const
{
    return tr("InfluxDB cannot replace a database while it runs: its snapshot service creates only new databases, "
              "and its shard update adds files to a shard without removing any. Restore under a new name, check "
              "it, then drop the old database.");
}

} // namespace tidemark
