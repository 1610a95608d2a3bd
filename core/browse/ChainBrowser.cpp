#include "browse/ChainBrowser.h"

#include "browse/ContentsReader.h"
#include "browse/LinkFiles.h"
#include "kinds/NodeKind.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainStore.h"

#include <QStringList>

#include <map>
#include <memory>
#include <optional>

namespace tidemark {

namespace {

QString listOf(const QStringList &names)
{
    return names.isEmpty() ? ChainBrowser::tr("nothing") : names.join(QStringLiteral(", "));
}

} // namespace

Result<ChainBrowser::Selection> ChainBrowser::Selection::parse(const QString &path)
{
    Selection selection;
    if (path.isEmpty())
        return selection;
    const auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Usage, tr("'%1' is not a path inside a backup: %2").arg(path, why),
                         tr("Give DATABASE, DATABASE/RP, DATABASE/RP/SHARD-ID or DATABASE/RP/SHARD-ID/MEASUREMENT."));
    };
    const QStringList parts = path.split(QLatin1Char('/'));
    selection.database = parts.value(0);
    selection.retentionPolicy = parts.value(1);
    if (parts.size() > 3)
        selection.measurement = parts.mid(3).join(QLatin1Char('/')); // A measurement may hold slashes.
    for (qsizetype i = 0; i < std::min<qsizetype>(parts.size(), 4); ++i) {
        if (parts[i].isEmpty())
            return bad(tr("part %1 is empty").arg(i + 1));
    }
    if (parts.size() > 2) {
        bool ok = false;
        const quint64 id = parts[2].toULongLong(&ok);
        if (!ok || id == 0)
            return bad(tr("'%1' is not a shard id").arg(parts[2]));
        selection.shard = id;
    }
    return selection;
}

QString ChainBrowser::Selection::toString() const
{
    QStringList parts;
    if (!database.isEmpty())
        parts << database;
    if (!retentionPolicy.isEmpty())
        parts << retentionPolicy;
    if (shard)
        parts << QString::number(*shard);
    if (!measurement.isEmpty())
        parts << measurement;
    return parts.join(QLatin1Char('/'));
}

Result<std::pair<QString, std::optional<int>>> ChainBrowser::parseChainArgument(const QString &argument)
{
    const qsizetype colon = argument.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || argument.indexOf(QLatin1Char('/'), colon) >= 0)
        return std::pair<QString, std::optional<int>>{argument, std::nullopt};
    const QString chain = argument.left(colon);
    const QString number = argument.mid(colon + 1);
    if (chain.isEmpty())
        return makeError(ErrorCode::Usage, tr("'%1' names no chain before its ':'").arg(argument),
                         tr("Give CHAIN or CHAIN:N, e.g. /backups/node1:2 for /backups/node1.2."));
    if (number.isEmpty())
        return std::pair<QString, std::optional<int>>{chain, std::nullopt};
    bool ok = false;
    const int n = number.toInt(&ok);
    if (!ok || n < -1)
        return makeError(ErrorCode::Usage,
                         tr("'%1' is not a link of a chain: '%2' is not a link number").arg(argument, number),
                         tr("N is -1 for the full snapshot, 0 for CHAIN.0, 1 for CHAIN.1, …; without :N the newest "
                            "link. For a chain whose name holds a colon after its last slash, add one more colon at "
                            "the end (CHAIN:)."));
    return std::pair<QString, std::optional<int>>{chain, n};
}

Result<ChainContents> ChainBrowser::browse(const Options &options, const Progress &progress,
                                           const std::atomic_bool *cancelled)
{
    LinkReading reading{progress, cancelled, 0, 0, 0, {}, {}};
    reading.stage = tr("reading %1").arg(options.chain);
    reading.report();
    auto state = ChainAtLink::open(options.chain, options.upto);
    if (!state)
        return state.error();
    const BackupChain &chain = state->chain;
    const std::vector<BackupChain::Link> &links = chain.links();
    const int upto = state->upto;
    const Manifest *merged = &state->merged;
    const size_t taken = state->taken;
    const auto ownerOf = [&](const ManifestFile &file) { return state->ownerOf(file.name); };

    ChainContents contents;
    contents.chain = chain.path();
    contents.upto = upto;
    contents.link = links[taken - 1].path;
    contents.kind = links.front().manifest.kind;
    contents.created = links[taken - 1].manifest.created;
    contents.clusterUrl = merged->clusterUrl;
    const ContentsReader &reader = NodeKind::of(contents.kind).contentsReader();
    auto scratch = chain.store().scratch();
    if (!scratch)
        return scratch.error();
    const auto contextFor = [&](const QString &link) {
        return ContentsReader::Context{scratch.value()->path(), link, cancelled};
    };

    if (options.shallow && !options.selection.measurement.isEmpty())
        return makeError(ErrorCode::Usage, tr("A shallow listing stops at the shards: it lists no measurement"),
                         tr("Leave out the measurement, or list without --shallow."));
    // The meta file first: it says what the node held, and so which shards to read.
    const ManifestFile *metaFile = merged->file(QStringLiteral("meta"));
    const size_t metaLink = metaFile ? ownerOf(*metaFile) : taken;
    if (metaLink == taken)
        return makeError(ErrorCode::Integrity,
                         tr("Backup chain '%1' holds no meta store up to %2").arg(chain.path(), contents.link));
    // A meta store whose newest copy is a block or reference link is rebuilt from its steps' links (each read
    // only as far as `meta`, the first file of a link); a whole one is read from its link, which
    // stays open for the shards it holds.
    std::vector<ChainContents::Database> databases;
    const Opener metaOpener = [&](const QString &link) { return reader.openMeta(contextFor(link), &databases); };
    const std::vector<RebuiltFile::Read> metaReads =
        state->reads(QStringLiteral("meta"), scratch.value()->path(), metaOpener);
    reading.total = 0;
    for (const RebuiltFile::Read &read : metaReads)
        reading.total += links[read.link].bytes;
    std::optional<LinkFiles> metaFiles;
    for (const RebuiltFile::Read &read : metaReads) {
        metaFiles.reset();
        metaFiles.emplace(chain, links[read.link], reading);
        if (Status s = metaFiles->open(); !s)
            return s.error();
        if (Status s = metaFiles->read({{QStringLiteral("meta"), read.open}}); !s)
            return s.error();
    }
    if (metaReads.size() > 1 || !state->rebuilt.empty())
        metaFiles.reset(); // Block and reference links are read in chain order, each link from its start.
    const auto plannedBytes = [&](const std::map<size_t, std::map<QString, Opener>> &plan) {
        // The meta link counts whole when it is still being read, else what was read of links.
        qint64 bytes = !metaFiles ? reading.done : plan.count(metaLink) ? 0 : links[metaLink].bytes;
        for (const auto &entry : plan)
            bytes += links[entry.first].bytes;
        return bytes;
    };
    contents.databases = std::move(databases);

    // What the selection keeps; naming what is not there is NotFound, with what is.
    const Selection &selection = options.selection;
    const QString at = contents.link;
    if (!selection.database.isEmpty()) {
        QStringList names;
        std::vector<ChainContents::Database> kept;
        for (ChainContents::Database &db : contents.databases) {
            names << db.name;
            if (db.name == selection.database)
                kept.push_back(std::move(db));
        }
        if (kept.empty())
            return makeError(ErrorCode::NotFound,
                             tr("%1 holds no database '%2' at %3").arg(chain.path(), selection.database, at),
                             tr("Its databases there: %1.").arg(listOf(names)));
        contents.databases = std::move(kept);
        ChainContents::Database &db = contents.databases.front();
        if (!selection.retentionPolicy.isEmpty()) {
            QStringList policies;
            std::vector<ChainContents::RetentionPolicy> keptPolicies;
            for (ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
                policies << rp.name;
                if (rp.name == selection.retentionPolicy)
                    keptPolicies.push_back(std::move(rp));
            }
            if (keptPolicies.empty())
                return makeError(
                    ErrorCode::NotFound,
                    tr("Database '%1' has no retention policy '%2' at %3").arg(db.name, selection.retentionPolicy, at),
                    tr("Its retention policies there: %1.").arg(listOf(policies)));
            db.retentionPolicies = std::move(keptPolicies);
            ChainContents::RetentionPolicy &rp = db.retentionPolicies.front();
            if (selection.shard) {
                QStringList ids;
                std::vector<ChainContents::Shard> keptShards;
                for (ChainContents::Shard &shard : rp.shards) {
                    ids << QString::number(shard.id);
                    if (shard.id == *selection.shard)
                        keptShards.push_back(std::move(shard));
                }
                if (keptShards.empty())
                    return makeError(
                        ErrorCode::NotFound,
                        tr("%1/%2 has no shard %3 at %4").arg(db.name, rp.name).arg(*selection.shard).arg(at),
                        tr("Its shards there: %1.").arg(listOf(ids)));
                rp.shards = std::move(keptShards);
            }
        }
    }

    // Each kept shard from the link that holds its newest copy; links in chain order, each once.
    std::map<size_t, std::map<QString, Opener>> plan;
    for (ChainContents::Database &db : contents.databases) {
        for (ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            for (ChainContents::Shard &shard : rp.shards) {
                const QString name = QStringLiteral("shards/%1").arg(shard.id);
                const ManifestFile *file = merged->file(name);
                if (!file)
                    continue; // Named by the meta store, never copied (a group without points): nothing to read.
                const size_t owner = ownerOf(*file);
                if (owner == taken)
                    continue;
                shard.bytes = file->fileSize();
                shard.link = links[owner].path;
                if (options.shallow)
                    continue;
                ChainContents::Shard *target = &shard;
                // Its newest copy, or each of its steps when that is a block or reference link.
                for (RebuiltFile::Read &read :
                     state->reads(name, scratch.value()->path(), [&reader, &contextFor, target](const QString &link) {
                         target->read = true;
                         return reader.openShard(contextFor(link), target->id, &target->measurements);
                     }))
                    plan[read.link][name] = std::move(read.open);
            }
        }
    }
    reading.total = plannedBytes(plan);
    reading.report();
    if (const auto it = plan.find(metaLink); metaFiles && it != plan.end()) {
        if (Status s = metaFiles->read(it->second); !s)
            return s.error();
        plan.erase(it);
    }
    for (const auto &[i, files] : plan) {
        LinkFiles linkFiles(chain, links[i], reading);
        if (Status s = linkFiles.open(); !s)
            return s.error();
        if (Status s = linkFiles.read(files); !s)
            return s.error();
    }

    if (!selection.measurement.isEmpty()) {
        ChainContents::Shard &shard = contents.databases.front().retentionPolicies.front().shards.front();
        QStringList names;
        std::vector<ChainContents::Measurement> kept;
        for (ChainContents::Measurement &m : shard.measurements) {
            names << m.name;
            if (m.name == selection.measurement)
                kept.push_back(std::move(m));
        }
        if (kept.empty())
            return makeError(ErrorCode::NotFound,
                             tr("Shard %1 of %2/%3 holds no measurement '%4' at %5")
                                 .arg(shard.id)
                                 .arg(contents.databases.front().name,
                                      contents.databases.front().retentionPolicies.front().name, selection.measurement,
                                      at),
                             tr("Its measurements there: %1.").arg(listOf(names)));
        shard.measurements = std::move(kept);
    }
    contents.linksRead = reading.links;
    contents.bytesRead = reading.done;
    contents.sort();
    return contents;
}

} // namespace tidemark
