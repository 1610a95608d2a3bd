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

Status ShardStore::stampIndex(const QString &path, quint64 index)
{
    auto env = LmdbEnv::open(path, {.readOnly = false, .maxDbs = 4, .noLock = true});
    if (!env)
        return makeError(
            ErrorCode::Integrity,
            QCoreApplication::translate("ShardStore", "'%1' is not an LMDB shard: %2").arg(path, env.error().message));
    return env.value()->write([&](LmdbTxn &txn) -> Status {
        auto points = txn.dbi("points", false);
        auto meta = txn.dbi("meta", false);
        if (!points || !meta)
            return makeError(ErrorCode::Integrity,
                             QCoreApplication::translate("ShardStore", "'%1' is not a shard: it lacks the tables "
                                                                       "'points' and 'meta'")
                                 .arg(path));
        return txn.put(meta.value(), "index", keys::encodeU64(index));
    });
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

Status ShardStore::forEachSeries(const QString &path, const std::function<bool(const SeriesSpan &)> &visit,
                                 const std::atomic_bool *cancelled)
{
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy());
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    auto points = txn->dbi("points", false);
    if (!points)
        return points.error();
    const auto malformed = [&] {
        return makeError(ErrorCode::Integrity,
                         QCoreApplication::translate("ShardStore", "Shard '%1' holds a malformed point").arg(path),
                         QCoreApplication::translate("ShardStore", "Restore the node from a backup."));
    };
    const QString reading = QCoreApplication::translate("ShardStore", "Cannot read from");
    MDB_cursor *cursor = nullptr;
    if (int rc = mdb_cursor_open(txn->handle(), points.value(), &cursor); rc != MDB_SUCCESS)
        return env.value()->error(rc, reading);
    const std::unique_ptr<MDB_cursor, void (*)(MDB_cursor *)> closer(cursor, mdb_cursor_close);
    const auto view = [](const MDB_val &v) {
        return QByteArrayView(static_cast<const char *>(v.mv_data), static_cast<qsizetype>(v.mv_size));
    };

    // A point key is `escaped series 00 01 time`: every key of a series starts with the same
    // bytes up to its `00 01`, and `... 00 02` sorts after all of them and before any other series.
    MDB_val key{};
    MDB_val value{};
    QByteArray series;
    QByteArray lastSeries;
    QByteArray past;
    int rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST);
    while (rc == MDB_SUCCESS) {
        if (cancelled && cancelled->load())
            return {};
        std::int64_t first = 0;
        if (!keys::splitPointKey(view(key), &series, &first))
            return malformed();
        past = view(key).first(view(key).size() - 8).toByteArray();
        past.back() = '\x02';
        MDB_val seek{static_cast<size_t>(past.size()), past.data()};
        rc = mdb_cursor_get(cursor, &seek, &value, MDB_SET_RANGE);
        const bool more = rc == MDB_SUCCESS;
        if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND)
            return env.value()->error(rc, reading);
        // The series' last point: the entry before the next series, or the table's last.
        rc = mdb_cursor_get(cursor, &key, &value, more ? MDB_PREV : MDB_LAST);
        if (rc != MDB_SUCCESS)
            return env.value()->error(rc, reading);
        std::int64_t last = 0;
        if (!keys::splitPointKey(view(key), &lastSeries, &last) || lastSeries != series || last < first)
            return malformed();
        if (!visit(SeriesSpan{series, first, last}))
            return {};
        if (!more)
            break;
        rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT);
    }
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND)
        return env.value()->error(rc, reading);
    return {};
}

} // namespace tidemark

namespace tidemark {

Status ShardStore::forEachPoint(const QString &path, const PointRange &range,
                                const std::function<bool(const StoredPoint &)> &visit, bool *measurementSeen,
                                const std::atomic_bool *cancelled)
{
    if (measurementSeen)
        *measurementSeen = false;
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy());
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    auto points = txn->dbi("points", false);
    if (!points)
        return points.error();
    const auto malformed = [&] {
        return makeError(ErrorCode::Integrity,
                         QCoreApplication::translate("ShardStore", "Shard '%1' holds a malformed point").arg(path),
                         QCoreApplication::translate("ShardStore", "Restore the node from a backup."));
    };
    const QString reading = QCoreApplication::translate("ShardStore", "Cannot read from");
    MDB_cursor *cursor = nullptr;
    if (int rc = mdb_cursor_open(txn->handle(), points.value(), &cursor); rc != MDB_SUCCESS)
        return env.value()->error(rc, reading);
    const std::unique_ptr<MDB_cursor, void (*)(MDB_cursor *)> closer(cursor, mdb_cursor_close);
    const auto view = [](const MDB_val &v) {
        return QByteArrayView(static_cast<const char *>(v.mv_data), static_cast<qsizetype>(v.mv_size));
    };
    if (range.start >= range.end)
        return {};

    // A point key is `escaped series 00 01 time` (a 00 inside the series is `00 FF`): the keys of
    // a series share their bytes up to the `00 01`, and `... 00 02` sorts after all of them.
    // A series of the measurement starts with its escaped name, then `,` (tags) or `00 01`.
    const QByteArray prefix =
        range.measurement.isEmpty() ? QByteArray() : keys::pointKey(range.measurement, 0).chopped(10);
    MDB_val key{};
    MDB_val value{};
    int rc = MDB_NOTFOUND;
    QByteArray seek = prefix;
    if (prefix.isEmpty()) {
        rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST);
    } else {
        MDB_val at{static_cast<size_t>(seek.size()), seek.data()};
        rc = mdb_cursor_get(cursor, &at, &value, MDB_SET_RANGE);
        key = at;
    }
    QByteArray series;
    QByteArray past;
    while (rc == MDB_SUCCESS) {
        if (cancelled && cancelled->load())
            return {};
        const QByteArrayView k = view(key);
        if (k.size() < 10)
            return malformed();
        if (!prefix.isEmpty()) {
            if (!k.startsWith(prefix))
                break; // Past the measurement's series.
            const char next = k[prefix.size()];
            const bool ofIt =
                next == ',' || (next == '\0' && k.size() > prefix.size() + 1 && k[prefix.size() + 1] == '\x01');
            if (!ofIt) { // `cpu2` after `cpu`: skip that series.
                past = k.first(k.size() - 8).toByteArray();
                past.back() = '\x02';
                MDB_val at{static_cast<size_t>(past.size()), past.data()};
                rc = mdb_cursor_get(cursor, &at, &value, MDB_SET_RANGE);
                key = at;
                continue;
            }
        }
        std::int64_t time = 0;
        if (!keys::splitPointKey(k, &series, &time))
            return malformed();
        if (measurementSeen)
            *measurementSeen = true;
        const QByteArray seriesPrefix = k.first(k.size() - 8).toByteArray(); // Up to and with `00 01`.
        if (time < range.start) {
            const QByteArray first = keys::pointKey(series, range.start);
            MDB_val at{static_cast<size_t>(first.size()), const_cast<char *>(first.data())};
            rc = mdb_cursor_get(cursor, &at, &value, MDB_SET_RANGE);
            key = at;
        }
        // The series' points from `start` on, until `end` or the next series.
        while (rc == MDB_SUCCESS) {
            const QByteArrayView pk = view(key);
            if (pk.size() != seriesPrefix.size() + 8 || !pk.startsWith(seriesPrefix))
                break;
            if (!keys::splitPointKey(pk, &series, &time))
                return malformed();
            if (time >= range.end)
                break;
            if (!visit(StoredPoint{series, time, view(value)}))
                return {};
            if (cancelled && cancelled->load())
                return {};
            rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT);
        }
        if (rc != MDB_SUCCESS)
            break;
        const QByteArrayView pk = view(key);
        if (pk.size() == seriesPrefix.size() + 8 && pk.startsWith(seriesPrefix)) { // Stopped at `end`.
            past = seriesPrefix;
            past.back() = '\x02';
            MDB_val at{static_cast<size_t>(past.size()), past.data()};
            rc = mdb_cursor_get(cursor, &at, &value, MDB_SET_RANGE);
            key = at;
        }
    }
    if (rc != MDB_SUCCESS && rc != MDB_NOTFOUND)
        return env.value()->error(rc, reading);
    return {};
}

} // namespace tidemark
