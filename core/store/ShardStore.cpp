#include "store/ShardStore.h"

#include "store/KeyEncoding.h"

#include <QCoreApplication>

#include <algorithm>

namespace tidemark {

Result<std::unique_ptr<ShardStore>> ShardStore::open(const QString &path, bool readOnly)
{
    std::unique_ptr<ShardStore> store(new ShardStore());
    auto env = LmdbEnv::open(path, {readOnly, 4});
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
    auto index = txn->get(meta.value(), "index");
    if (!index)
        return index.error();
    std::uint64_t value = 0;
    if (index.value() && !keys::decodeU64(*index.value(), &value))
        return makeError(ErrorCode::State, QCoreApplication::translate("ShardStore", "Shard '%1' has a malformed index").arg(path));
    store->m_index = value;
    return store;
}

Status ShardStore::write(quint64 index, std::vector<Entry> &entries)
{
    // Sorted keys fill B-tree pages in order: fewer page splits, smaller files.
    // Stable, so that of two values for one key in a batch the later one wins.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.first < b.first; });
    Status status = m_env->write([&](LmdbTxn &txn) -> Status {
        auto points = txn.dbi("points", true);
        if (!points)
            return points.error();
        auto meta = txn.dbi("meta", true);
        if (!meta)
            return meta.error();
        for (const Entry &e : entries) {
            if (Status s = txn.put(points.value(), e.first, e.second); !s)
                return s;
        }
        return txn.put(meta.value(), "index", keys::encodeU64(index));
    });
    if (status)
        m_index = index;
    return status;
}

} // namespace tidemark
