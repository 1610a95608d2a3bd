#pragma once

#include "browse/ContentsReader.h"
#include "browse/PointWriter.h"
#include "common/Error.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <limits>
#include <memory>

namespace tidemark {

/// How one kind of node's files give their points back (NodeKind::pointReader(), for
/// `tidemark-cli export`). ChainExporter plans which link gives which file, reads the meta file
/// (through the kind's ContentsReader: databases, policies, shards) and streams each shard the
/// export needs, in time order, into a Sink a Session opens; the session writes the points to
/// its PointWriter. Implemented by `tidemark/TidemarkPoints` (each shard's LMDB file read as it
/// comes) and `influx1/InfluxPoints` (the shards restored into a scratch influxd and read back
/// through its HTTP API once all are in).
class PointReader {
public:
    virtual ~PointReader() = default;

    /// What is exported: one database, optionally one retention policy and one measurement
    /// (unescaped), points from `start` (inclusive) to `end` (exclusive), in nanoseconds.
    struct Filter {
        QString database;
        QString retentionPolicy;
        QString measurement;
        std::int64_t start = std::numeric_limits<std::int64_t>::min();
        std::int64_t end = std::numeric_limits<std::int64_t>::max();
    };
    /// A shard to read, as the meta file names it.
    struct Shard {
        quint64 id = 0;
        QString retentionPolicy;
        qint64 startNs = 0;
        qint64 endNs = 0;
    };

    /// One export.
    class Session {
    public:
        virtual ~Session() = default;
        /// A sink for the `meta` file's bytes besides the ContentsReader's, or nullptr when
        /// the session needs none.
        [[nodiscard]] virtual Result<std::unique_ptr<ContentsReader::Sink>>
        openMeta(const ContentsReader::Context &context) = 0;
        /// The sink of `shards/<id>`; shards come in time order per retention policy.
        [[nodiscard]] virtual Result<std::unique_ptr<ContentsReader::Sink>>
        openShard(const ContentsReader::Context &context, const Shard &shard) = 0;
        /// After the last shard (the scratch directory is still there).
        [[nodiscard]] virtual Status finish(const ContentsReader::Context &context) = 0;
        /// Whether any shard given held the filter's measurement (at any time).
        [[nodiscard]] virtual bool measurementSeen() const = 0;
    };

    /// A session writing to `out` (which outlives it).
    [[nodiscard]] virtual Result<std::unique_ptr<Session>> begin(const Filter &filter, PointWriter &out) const = 0;
};

} // namespace tidemark
