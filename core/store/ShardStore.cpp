#include "store/ShardStore.h"

#include "store/KeyEncoding.h"

#include <QCoreApplication>

#include <algorithm>

namespace tidemark {

Result<std::unique_ptr<ShardStore>> ShardStore::open(const QString &path, bool readOnly)
{
    std::unique_ptr<ShardStore> store(new ShardStore());
    auto env = LmdbEnv::open(path, {.readOnly = readOnly, .maxDbs = 4});
    if (!env)
        return env.error();
    store->m_env = env.takeValue();
    if (!readOnly) {
        Status created = store->m_env->write([](LmdbTxn &txn) -> Status {
            for (const char *name : {"points", "meta"}) {
                if (auto dbi = txn.dbi(name, true); !dbi)
                    return dbi.error();
            }
            return {};
        });
        if (!created)
            return created.error();
    }
    auto txn = LmdbTxn::begin(*store->m_env, true);
    if (!txn)
        return txn.error();
    auto meta = txn->dbi("meta", false);
    if (!meta)
        return meta.error();
    auto index = txn->getU64(meta.value(), "index");
    if (!index)
        return index.error();
    store->m_index = index.value().value_or(0);
    return store;
}

Status ShardStore::write(quint64 index, std::vector<Entry> &entries)
{
    // Sorted keys fill B-tree pages in order: fewer page splits, smaller files. Stable, so that of
    // two entries for one key the later one is merged last.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.first < b.first; });
    size_t kept = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (kept > 0 && entries[kept - 1].first == entries[i].first) {
            QByteArray merged;
            if (!keys::mergeFields(entries[kept - 1].second, entries[i].second, &merged))
                return makeError(ErrorCode::Failure, QStringLiteral("malformed packed fields"));
            entries[kept - 1].second = std::move(merged);
            continue;
        }
        if (kept != i)
            entries[kept] = std::move(entries[i]);
        ++kept;
    }
    entries.resize(kept);

    Status status = m_env->write([&](LmdbTxn &txn) -> Status {
        auto points = txn.dbi("points", true);
        if (!points)
            return points.error();
        auto meta = txn.dbi("meta", true);
        if (!meta)
            return meta.error();
        QByteArray existing;
        QByteArray merged;
        for (const Entry &e : entries) {
            auto inserted = txn.insert(points.value(), e.first, e.second, &existing);
            if (!inserted)
                return inserted.error();
            if (inserted.value())
                continue;
            if (!keys::mergeFields(existing, e.second, &merged))
                return makeError(
                    ErrorCode::Integrity,
                    QCoreApplication::translate("ShardStore", "Shard '%1' holds a malformed point").arg(path()),
                    QCoreApplication::translate("ShardStore", "Restore the node from a backup."));
            if (Status s = txn.put(points.value(), e.first, merged); !s)
                return s;
        }
        return txn.put(meta.value(), "index", keys::encodeU64(index));
    });
    if (status)
        m_index = index;
    return status;
}

} // namespace tidemark
