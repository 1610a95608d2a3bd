#include "retention/Catalog.h"

#include "crypto/LinkCipher.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainLocation.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <map>

namespace tidemark {

namespace {

constexpr qsizetype kSniffBytes = 512;

/// Whether `head` (a file's first bytes) starts a backup link: a tar, zstd or an encrypted link.
bool looksLikeLink(const QByteArray &head)
{
    if (BackupChain::isZstd(head))
        return true;
    if (LinkCipher::isEncrypted(head))
        return true;
    return head.size() >= 262 && head.mid(257, 5) == "ustar";
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

QDateTime CatalogChain::first() const
{
    return links.empty() ? QDateTime() : links.front().created;
}

QDateTime CatalogChain::last() const
{
    return links.empty() ? QDateTime() : links.back().created;
}

QString CatalogChain::nodeKey() const
{
    return QStringLiteral("%1 %2 #%3").arg(Manifest::kindName(kind), clusterUrl).arg(nodeId);
}

QString CatalogChain::nodeLabel() const
{
    if (clusterUrl.isEmpty())
        return QString();
    return Catalog::tr("%1 (node %2)").arg(clusterUrl).arg(nodeId);
}

bool CatalogChain::matchesNode(const QString &id) const
{
    if (clusterUrl.isEmpty())
        return false;
    if (id == QString::number(nodeId) || id == clusterUrl)
        return true;
    const qsizetype scheme = clusterUrl.indexOf(QStringLiteral("://"));
    return scheme >= 0 && id == clusterUrl.mid(scheme + 3);
}

qint64 Catalog::totalBytes() const
{
    qint64 total = 0;
    for (const CatalogChain &c : chains)
        total += c.bytes;
    return total;
}

CatalogChain Catalog::readChain(const QString &chainPath)
{
    CatalogChain chain;
    chain.path = ChainStore::canonicalLocation(chainPath);
    chain.name = ChainLocation::nameOf(chain.path);
    const std::shared_ptr<ChainStore> raw(ChainStore::open(chain.path));
    auto listing = raw->list();
    if (!listing) {
        chain.problem = listing.error();
        return chain;
    }
    for (const ChainStore::LinkEntry &e : listing->links) {
        chain.links.push_back({e.number, e.bytes, {}});
        chain.bytes += e.bytes;
    }
    for (const QString &leftover : listing->leftovers)
        chain.leftovers << leftover;
    chain.incomplete = !listing->links.empty() && listing->links.front().number != -1;
    if (auto keys = raw->readSidecar(EncryptedChainStore::kKeysSidecar); keys && keys.value()) {
        chain.encrypted = true;
        chain.bytes += keys.value()->size();
    }
    for (const auto &[sidecar, field] : {std::pair{VerifyRecord::kSidecar, &CatalogChain::verified},
                                         std::pair{VerifyRecord::kDrillSidecar, &CatalogChain::drilled}}) {
        if (auto bytes = raw->readSidecar(sidecar); bytes && bytes.value()) {
            chain.bytes += bytes.value()->size();
            if (auto record = VerifyRecord::fromJson(*bytes.value(), raw->sidecarPath(sidecar)))
                chain.*field = record.takeValue();
        }
    }
    if (chain.incomplete) {
        chain.problem =
            makeError(ErrorCode::Integrity, tr("'%1' has incrementals but no full snapshot").arg(chain.path),
                      tr("Nothing can be restored from it; remove its files by hand once you are sure."));
        return chain;
    }
    if (chain.links.empty()) {
        chain.problem =
            makeError(ErrorCode::NotFound, tr("'%1' holds no link, only what a chain keeps beside it").arg(chain.path),
                      tr("A backup writing its first link, or a chain not wholly removed: prune removes "
                         "what is left once no backup holds its lock."));
        return chain;
    }
    auto store = BackupChain::openStore(chain.path);
    if (!store) {
        chain.problem = store.error();
        return chain;
    }
    auto opened = BackupChain::open(store.value());
    if (!opened) {
        chain.problem = opened.error();
        return chain;
    }
    const auto &links = opened->links();
    if (links.size() != chain.links.size()) {
        chain.problem = makeError(ErrorCode::State, tr("'%1' changed while it was read").arg(chain.path),
                                  tr("List it again once the backup writing it is done."));
        return chain;
    }
    for (size_t i = 0; i < links.size(); ++i)
        chain.links[i].created = links[i].manifest.created;
    const Manifest &full = links.front().manifest;
    chain.kind = full.kind;
    chain.nodeId = full.nodeId;
    chain.clusterUrl = links.back().manifest.clusterUrl;
    chain.chainId = full.chainId;
    chain.compressed = opened->isCompressed(links.front());
    return chain;
}

Result<Catalog> Catalog::read(const QString &location, const Progress &progress, const std::atomic_bool *cancelled)
{
    Catalog catalog;
    catalog.location = ChainLocation::canonical(location);
    auto entries = ChainLocation::list(catalog.location);
    if (!entries)
        return entries.error();
    QSet<QString> names;
    std::map<QString, qint64> sizes;
    for (const ChainLocation::Entry &e : entries.value()) {
        names.insert(e.name);
        sizes[e.name] = e.bytes;
    }
    static const QRegularExpression linkName(QStringLiteral("^(.+)\\.(0|[1-9][0-9]{0,8})$"));
    static const QRegularExpression sidecarName(QStringLiteral("^(.+)\\.(keys|verified|drilled|lock)$"));
    // A name is a chain's (its full) unless it is a link, a sidecar or a writer's temporary file
    // of a chain there; `bases` gathers every chain named, with or without its full.
    QHash<QString, int> linksOf; // How many names look like an incremental of each base.
    for (const QString &name : std::as_const(names))
        if (const auto m = linkName.match(name); m.hasMatch())
            ++linksOf[m.captured(1)];
    QSet<QString> bases;
    QSet<QString> candidates; // Names that are no one's link: fulls if their bytes say so.
    for (const QString &name : std::as_const(names)) {
        if (name.endsWith(QLatin1String(".tmp")))
            continue;
        if (const auto m = sidecarName.match(name); m.hasMatch()) {
            bases.insert(m.captured(1)); // A lock or sidecar alone: a chain unfinished, or not all removed.
            continue;
        }
        if (const auto m = linkName.match(name); m.hasMatch()) {
            const QString base = m.captured(1);
            // Its full, its keys, or another incremental of the same base is there.
            if (names.contains(base) || names.contains(base + QStringLiteral(".keys")) || linksOf.value(base) > 1) {
                bases.insert(base);
                continue;
            }
        }
        candidates.insert(name);
    }
    for (const QString &name : std::as_const(candidates)) {
        if (bases.contains(name))
            continue;
        // A lone file: a chain of one full snapshot, or something else kept there.
        const std::unique_ptr<ChainStore> store(ChainStore::open(ChainLocation::chainPath(catalog.location, name)));
        auto device = store->openLink(-1);
        if (!device)
            continue;
        if (looksLikeLink(device.value()->read(kSniffBytes)))
            bases.insert(name);
    }
    QStringList sorted(bases.begin(), bases.end());
    sorted.sort();
    int done = 0;
    for (const QString &name : std::as_const(sorted)) {
        if (cancelled && cancelled->load())
            return makeError(ErrorCode::Cancelled, tr("Listing '%1' cancelled").arg(catalog.location));
        if (progress)
            progress(name, done, static_cast<int>(sorted.size()));
        catalog.chains.push_back(readChain(ChainLocation::chainPath(catalog.location, name)));
        ++done;
    }
    return catalog;
}

QJsonObject Catalog::toJson(const CatalogChain &chain)
{
    QJsonArray links;
    for (const CatalogChain::Link &l : chain.links) {
        QJsonObject o{{QStringLiteral("number"), l.number}, {QStringLiteral("bytes"), l.bytes}};
        if (l.created.isValid())
            o.insert(QStringLiteral("created"), isoTime(l.created));
        links.append(o);
    }
    QJsonObject o{{QStringLiteral("name"), chain.name},
                  {QStringLiteral("path"), chain.path},
                  {QStringLiteral("links"), links},
                  {QStringLiteral("bytes"), chain.bytes},
                  {QStringLiteral("encrypted"), chain.encrypted}};
    if (chain.timesKnown()) {
        o.insert(QStringLiteral("kind"), Manifest::kindName(chain.kind));
        o.insert(QStringLiteral("nodeId"), QString::number(chain.nodeId));
        o.insert(QStringLiteral("node"), chain.clusterUrl);
        o.insert(QStringLiteral("chainId"), chain.chainId);
        o.insert(QStringLiteral("first"), isoTime(chain.first()));
        o.insert(QStringLiteral("last"), isoTime(chain.last()));
    }
    if (chain.compressed)
        o.insert(QStringLiteral("compressed"), *chain.compressed);
    for (const auto &[key, record] : {std::pair{QStringLiteral("verified"), &chain.verified},
                                      std::pair{QStringLiteral("drilled"), &chain.drilled}}) {
        if (!*record)
            continue;
        QJsonObject v{{QStringLiteral("time"), isoTime((*record)->time)},
                      {QStringLiteral("ok"), (*record)->ok},
                      {QStringLiteral("links"), (*record)->links}};
        if (!(*record)->message.isEmpty())
            v.insert(QStringLiteral("message"), (*record)->message);
        o.insert(key, v);
    }
    if (chain.problem)
        o.insert(QStringLiteral("problem"), QJsonObject{{QStringLiteral("code"), static_cast<int>(chain.problem->code)},
                                                        {QStringLiteral("message"), chain.problem->message},
                                                        {QStringLiteral("hint"), chain.problem->hint}});
    if (!chain.leftovers.isEmpty())
        o.insert(QStringLiteral("leftovers"), QJsonArray::fromStringList(chain.leftovers));
    return o;
}

QJsonObject Catalog::toJson() const
{
    QJsonArray list;
    for (const CatalogChain &c : chains)
        list.append(toJson(c));
    return QJsonObject{{QStringLiteral("location"), location},
                       {QStringLiteral("chains"), list},
                       {QStringLiteral("bytes"), totalBytes()}};
}

} // namespace tidemark
