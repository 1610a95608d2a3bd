#pragma once

#include "common/Error.h"
#include "store/Lmdb.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace tidemark {

/// One shard, `<data>/shards/<id>` (LMDB): table `points` (point key → value, see KeyEncoding.h)
/// and table `meta` (key `index`: the highest index applied, 8-byte big-endian).
///
/// Writes come from one thread; read-only transactions (inspect, snapshots) may run beside them
/// from other threads or processes.
class ShardStore {
public:
    /// Opens or creates the shard file at `path`.
    [[nodiscard]] static Result<std::unique_ptr<ShardStore>> open(const QString &path, bool readOnly);

    using Entry = std::pair<QByteArray, QByteArray>;
    /// Writes `entries` (point key, packed fields; see KeyEncoding.h) and records `index`, in one
    /// transaction. A point that exists already gets its fields merged (new values win), as in
    /// InfluxDB; so do entries with the same key within `entries` (later wins).
    [[nodiscard]] Status write(quint64 index, std::vector<Entry> &entries);

    /// Checks that the closed file at `path` (a copy nothing else opens: an import's staged file)
    /// is a shard, with tables `points` and `meta`, and records `index` in it, in one transaction
    /// (an online import re-stamps a chain's shard with an index of the node that takes it).
    /// Integrity error naming the file when it is no LMDB shard.
    [[nodiscard]] static Status stampIndex(const QString &path, quint64 index);

    [[nodiscard]] quint64 index() const { return m_index; }
    [[nodiscard]] LmdbEnv &env() { return *m_env; }
    /// The environment, shared: it stays open while anyone holds it.
    [[nodiscard]] std::shared_ptr<LmdbEnv> sharedEnv() const { return m_env; }
    [[nodiscard]] const QString &path() const { return m_env->path(); }

    /// One series of a shard: its key (`measurement,k1=v1,...`, see Point::seriesKey) and the
    /// times of its first and last point; valid only during the call.
    struct SeriesSpan {
        QByteArrayView series;
        std::int64_t first = 0;
        std::int64_t last = 0;
    };
    /// Calls `visit` for every series of the closed shard copy at `path` (a file extracted from a
    /// link, opened as LmdbEnv::Options::closedCopy()), in key order, until it returns false. A
    /// series is one run of point keys: its first and last point are found by seeking past it,
    /// so the walk costs a few B-tree lookups per series, whatever its number of points.
    /// Integrity error naming the file when a key is not a point key; `cancelled` stops it
    /// early (no error: the caller knows).
    [[nodiscard]] static Status forEachSeries(const QString &path, const std::function<bool(const SeriesSpan &)> &visit,
                                              const std::atomic_bool *cancelled = nullptr);

    /// What forEachPoint() reads: the series of one measurement (its escaped name as a series key
    /// starts with it; empty: every series) and the points from `start` (inclusive) to `end`
    /// (exclusive).
    struct PointRange {
        QByteArray measurement; ///< Escaped as in a series key (`disk\\ io`); empty: all.
        std::int64_t start = std::numeric_limits<std::int64_t>::min();
        std::int64_t end = std::numeric_limits<std::int64_t>::max();
    };
    /// One point of a shard: its series key, time and packed fields (see KeyEncoding.h); valid
    /// only during the call.
    struct StoredPoint {
        QByteArrayView series;
        std::int64_t time = 0;
        QByteArrayView fields;
    };
    /// Calls `visit` for every point of the closed shard copy at `path` in `range`, series by
    /// series in key order and each series' points in time order, until it returns false. Seeks:
    /// to the measurement's first series, to each series' first point at or after `start`, and
    /// past the series once a point reaches `end`, so what lies outside the range is not read.
    /// `measurementSeen` (optional) is set when the shard holds a series of the measurement,
    /// whatever its times. Errors as forEachSeries().
    [[nodiscard]] static Status forEachPoint(const QString &path, const PointRange &range,
                                             const std::function<bool(const StoredPoint &)> &visit,
                                             bool *measurementSeen = nullptr,
                                             const std::atomic_bool *cancelled = nullptr);

private:
    ShardStore() = default;
    std::shared_ptr<LmdbEnv> m_env;
    quint64 m_index = 0;
};

} // namespace tidemark
