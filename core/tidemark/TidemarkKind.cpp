#include "tidemark/TidemarkKind.h"

#include "tidemark/TidemarkPoints.h"
#include "config/NodeConfig.h"
#include "restore/OnlineImporter.h"
#include "tidemark/SnapshotClient.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "store/KeyEncoding.h"
#include "store/Lmdb.h"
#include "store/MetaStore.h"
#include "tidemark/TidemarkRestoreTarget.h"
#include "tidemark/TidemarkContents.h"
#include "tidemark/TidemarkOnlineImporter.h"

#include <QUuid>

#include <algorithm>
#include <map>

namespace tidemark {

namespace {

// Walks every entry of the given tables; `decode` checks one entry; stops early when cancelled.
Status walkTables(const QString &path, std::initializer_list<const char *> tables,
                  const std::function<bool(QByteArrayView, QByteArrayView)> &decode, const std::atomic_bool *cancelled)
{
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy()); // A copy in scratch: no lock file.
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    for (const char *table : tables) {
        auto dbi = txn->dbi(table, false);
        if (!dbi)
            return dbi.error();
        bool bad = false;
        Status walked = txn->forEach(dbi.value(), [&](QByteArrayView key, QByteArrayView value) {
            bad = !decode(key, value);
            return !bad && !(cancelled && cancelled->load());
        });
        if (!walked)
            return walked;
        if (bad)
            return makeError(ErrorCode::Integrity,
                             QCoreApplication::translate("ChainVerifier", "an entry of table '%1' does not decode")
                                 .arg(QString::fromLatin1(table)));
    }
    return {};
}

// What the node is told the chain holds (Manifest::asState(): format 2, each file's version as
// rebuilt). With block links, every file carries its checksum, by which the node finds its block
// map of that version: a format-2 head has none, so they come from the owning link's final
// manifest (read from its end, once per link).
Result<QByteArray> chainState(const BackupChain &chain, bool withChecksums)
{
    Manifest merged = chain.merged();
    if (withChecksums) {
        const std::map<QString, size_t> owners = chain.newestCopies(static_cast<int>(chain.links().size()) - 2);
        std::map<size_t, Manifest> finals;
        for (ManifestFile &f : merged.files) {
            if (!f.fileChecksum().isEmpty())
                continue;
            const auto owner = owners.find(f.name);
            if (owner == owners.end())
                continue;
            auto it = finals.find(owner->second);
            if (it == finals.end()) {
                auto final = chain.finalManifest(chain.links()[owner->second]);
                if (!final)
                    return final.error();
                it = finals.emplace(owner->second, final.takeValue()).first;
            }
            if (const ManifestFile *complete = it->second.file(f.name); complete && complete->index == f.index)
                f = *complete;
        }
    }
    return merged.asState().toJson();
}

} // namespace

bool TidemarkKind::blockLinksEnabled()
{
    const QByteArray forced = qgetenv("TIDEMARK_BLOCK_LINKS");
    if (forced == "1")
        return true;
    if (forced == "0")
        return false;
    return kBlockLinksByDefault;
}

QString TidemarkKind::displayName() const
{
    return tr("Tidemark node");
}

QString TidemarkKind::shortName() const
{
    return tr("Tidemark");
}

NodeKind::ScratchSetup TidemarkKind::scratchSetup(const QString &dir, const HostPort &http,
                                                  const HostPort &snapshot) const
{
    ScratchSetup setup;
    setup.configName = QStringLiteral("tidemarkd.conf");
    setup.configText =
        NodeConfig::defaultText(dir + QStringLiteral("/broker"), dir + QStringLiteral("/data"), http, snapshot)
            .toUtf8();
    setup.arguments = {QStringLiteral("-config"), dir + QLatin1Char('/') + setup.configName};
    setup.inspectArguments = {QStringLiteral("inspect"), QStringLiteral("-data"), dir + QStringLiteral("/data"),
                              QStringLiteral("--json")};
    return setup; // tidemarkd's /query answers SHOW DATABASES only: no per-database query.
}

QString TidemarkKind::startCommand(const QString &configPath) const
{
    return QStringLiteral("tidemarkd -config ") + configPath;
}

NodeKind::ConfigText TidemarkKind::configText() const
{
    return {tr("Node config file:"), QStringLiteral("/etc/tidemark/tidemarkd.conf"),
            tr("Give the node's config file (the one tidemarkd runs with: tidemarkd -config FILE)."),
            tr("Its config names the [broker] and [data] directories that are replaced. Every check runs before "
               "anything is touched.")};
}

NodeHealth TidemarkKind::probe(const ConnectionSettings &settings) const
{
    NodeHealth health;
    health.kind = id();
    SnapshotClient client({settings.host, settings.token, settings.timeoutMs, nullptr, settings.tls});
    if (Status s = client.connect(); !s)
        return NodeHealth::failed(id(), s.error());
    auto info = client.nodeInfo();
    if (!info)
        return NodeHealth::failed(id(), info.error());
    health.info = info.takeValue();
    // A node with snapshots off still answers node-info; it refuses snapshots with 404.
    if (!health.info.snapshotsEnabled) {
        health.state = NodeHealth::State::SnapshotsDisabled;
        health.error = makeError(ErrorCode::SnapshotsDisabled,
                                 NodeHealth::tr("Snapshots are disabled on %1").arg(settings.host.toString()),
                                 NodeHealth::tr("Set [snapshot] enabled = true in the node's config and restart it."));
        return health;
    }
    health.state = NodeHealth::State::Reachable;
    return health;
}

Result<BackupResult> TidemarkKind::backup(const BackupContext &context) const
{
    const BackupChain &chain = context.chain;
    const ConnectionSettings &settings = context.settings;
    BackupResult result;
    // 2. Ask the node for what changed since the chain's merged manifest.
    context.stage(tr("connecting to %1").arg(settings.host.toString()));
    SnapshotClient::Options clientOptions;
    clientOptions.host = settings.host;
    clientOptions.token = settings.token;
    clientOptions.timeoutMs = settings.timeoutMs;
    clientOptions.cancelled = context.cancelled;
    clientOptions.tls = settings.tls;
    clientOptions.limiter = context.limiter;
    SnapshotClient client(clientOptions);
    if (Status s = client.connect(); !s)
        return s.error();
    const bool incremental = !chain.isEmpty();
    const QString chainId =
        incremental ? chain.links().front().manifest.chainId : QUuid::createUuid().toString(QUuid::WithoutBraces);
    const bool blockLinks = !context.wholeFiles && blockLinksEnabled();
    QByteArray base;
    if (incremental) {
        auto state = chainState(chain, blockLinks);
        if (!state)
            return state.error();
        base = state.takeValue();
    }
    context.stage(tr("asking %1 for a snapshot").arg(settings.host.toString()));
    auto answer = client.requestSnapshot(base, chainId, context.compression, blockLinks);
    if (!answer)
        return answer.error();
    // A node from before compression levels says nothing and compresses at level 3 on one thread.
    if (context.compression.zstd && answer->compressionLevel == 0 &&
        (context.compression.level != 0 || context.compression.threads > 0))
        context.stage(tr("%1 is an older tidemarkd: it ignores the compression level and threads and "
                         "compresses with zstd at level 3 on one thread")
                          .arg(settings.host.toString()));
    const std::vector<protocol::SnapshotAnswer::File> &announced = answer->files;
    // A block link's size is known only once it came: the total is the whole files' (which the
    // announced total counts) plus what block links sent so far; with no whole file, unknown (0).
    const bool anySizeKnown = std::any_of(announced.begin(), announced.end(),
                                          [](const protocol::SnapshotAnswer::File &f) { return f.size >= 0; });
    result.incremental = incremental;
    if (announced.empty()) {
        auto end = client.readData();
        if (!end)
            return end.error();
        result.nothingChanged = true;
        return result;
    }

    // 3. Stream into the chain's next link (visible only once committed) while checking every
    //    file against the manifest.
    const QString target = chain.nextPath();
    auto writer = chain.store().createLink(chain.nextNumber());
    if (!writer)
        return writer.error();
    QIODevice &out = writer.value()->device();
    qint64 archiveBytes = 0;
    const auto writeError = [&] {
        if (auto error = writer.value()->writeError())
            return *error;
        return makeError(ErrorCode::Io,
                         tr("%1 '%2': %3").arg(tr("Cannot write"), writer.value()->pendingName(), out.errorString()),
                         tr("Check free space and permissions of the backup directory."));
    };
    context.stage(tr("receiving %1 files into %2").arg(announced.size()).arg(target));

    QByteArray pending;
    qsizetype pendingPos = 0;
    bool streamEnded = false;
    ArchiveReader *readerPtr = nullptr;
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            while (pendingPos == pending.size()) {
                auto data = client.readData();
                if (!data) {
                    readerPtr->setSourceError(data.error());
                    return -1;
                }
                if (!data.value()) {
                    streamEnded = true;
                    return 0;
                }
                pending = std::move(*data.value());
                pendingPos = 0;
                // The bytes go to the link exactly as received: the stored archive is the stream.
                if (out.write(pending) != pending.size()) {
                    readerPtr->setSourceError(writeError());
                    return -1;
                }
                archiveBytes += pending.size();
            }
            const qsizetype n = std::min(capacity, pending.size() - pendingPos);
            std::memcpy(buffer, pending.constData() + pendingPos, static_cast<size_t>(n));
            pendingPos += n;
            return n;
        },
        tr("the stream from %1").arg(settings.host.toString()));
    readerPtr = &reader;

    auto manifest = reader.readManifest();
    if (!manifest)
        return manifest.error();
    if (manifest->chainId != chainId || manifest->incremental != incremental ||
        manifest->files.size() != announced.size())
        return makeError(ErrorCode::Integrity,
                         tr("The node's manifest does not match what it announced for '%1'").arg(target));
    qint64 done = 0;
    qint64 blockLinkDone = 0;
    for (size_t k = 0;; ++k) {
        const QString current = k < manifest->files.size() ? manifest->files[k].name : QString();
        const qint64 listedSize = k < manifest->files.size() ? manifest->files[k].size : 0;
        const qint64 currentSize = std::max<qint64>(listedSize, 0);
        qint64 fileDone = 0;
        auto file = reader.nextFile([&](const char *, qsizetype size) {
            fileDone += size;
            done += size;
            if (listedSize == ManifestFile::kUnknownSize)
                blockLinkDone += size;
            context.fileProgress(current, fileDone, currentSize);
            context.progress(done, anySizeKnown ? answer->totalBytes + blockLinkDone : 0);
            return !context.isCancelled();
        });
        if (!file)
            return file.error();
        if (!file.value())
            break;
    }
    if (Status s = reader.finish(); !s)
        return s.error();
    // Read on to the node's end frame: its 200 is the node's word that the stream is whole. What
    // comes before it (tar padding, the compressor's epilogue) belongs to the archive.
    while (!streamEnded) {
        auto data = client.readData();
        if (!data)
            return data.error();
        if (!data.value())
            break;
        if (out.write(*data.value()) != data.value()->size())
            return writeError();
        archiveBytes += data.value()->size();
    }

    // 4. Make it durable, then visible.
    context.stage(tr("syncing %1").arg(target));
    if (context.isCancelled())
        return makeError(ErrorCode::Cancelled, {});
    if (Status s = writer.value()->commit(); !s)
        return s.error();

    result.path = target;
    result.manifest = reader.manifest(); // With every checksum, also when they came last (format 2).
    result.archiveBytes = archiveBytes;
    return result;
}

Status TidemarkKind::checkFile(const QString &name, const QString &path, const QString &,
                               const std::atomic_bool *cancelled) const
{
    const auto damaged = [&](const QString &why) {
        return makeError(
            ErrorCode::Integrity,
            QCoreApplication::translate("ChainVerifier", "'%1' in the snapshot is not a valid LMDB file: %2")
                .arg(name, why),
            QCoreApplication::translate("ChainVerifier", "This link of the chain is damaged; take a new full backup."));
    };
    if (name == QLatin1String("meta")) {
        if (Status s = walkTables(
                path, {"meta", "databases", "shardgroups"}, [](QByteArrayView, QByteArrayView) { return true; },
                cancelled);
            !s)
            return damaged(s.error().message);
        auto meta = MetaStore::open(path, true); // Decodes every database and shard group record.
        return meta ? Status{} : damaged(meta.error().message);
    }
    QByteArray series;
    std::vector<Field> fields;
    Status s = walkTables(
        path, {"meta", "points"},
        [&](QByteArrayView key, QByteArrayView value) {
            if (key == "index")
                return value.size() == 8;
            std::int64_t time = 0;
            return keys::splitPointKey(key, &series, &time) && keys::decodeFields(value, &fields);
        },
        cancelled);
    return s ? Status{} : damaged(s.error().message);
}

const RestoreTarget &TidemarkKind::restoreTarget() const
{
    static const TidemarkRestoreTarget target;
    return target;
}

const PointReader &TidemarkKind::pointReader() const
{
    static const TidemarkPoints reader;
    return reader;
}

const ContentsReader &TidemarkKind::contentsReader() const
{
    static const TidemarkContents reader;
    return reader;
}

const OnlineImporter &TidemarkKind::onlineImporter() const
{
    static const TidemarkOnlineImporter importer;
    return importer;
}

} // namespace tidemark
