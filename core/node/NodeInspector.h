#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace tidemark {

/// What `tidemarkd inspect` reports about a data directory.
///
/// Digests are SHA-256 (hex) over content only (keys and values in key order, database
/// definitions), never over file layout or indexes, so two nodes that hold the same data have the
/// same digests even if their LMDB files differ byte for byte.
struct InspectReport {
    struct Shard {
        quint64 id = 0;
        QString retentionPolicy;
        qint64 startNs = 0;
        qint64 endNs = 0;
        quint64 points = 0; ///< Distinct (series, time) pairs.
        quint64 values = 0; ///< Stored field values.
        quint64 series = 0;
        quint64 index = 0; ///< Highest index applied to the shard.
        qint64 bytes = 0;  ///< Size of the shard file.
        QString digest;
    };
    struct Database {
        QString name;
        quint64 points = 0;
        quint64 values = 0;
        qint64 bytes = 0;
        quint64 index = 0; ///< Highest index among its shards.
        QString digest;
        std::vector<Shard> shards;
    };
    QString dataDir;
    quint64 metaIndex = 0; ///< Highest index applied to the meta store.
    quint64 index = 0;     ///< Highest index in the data (meta store and shards).
    qint64 bytes = 0;      ///< Meta store plus shard files.
    QString digest;        ///< Over every database digest: equal digests, equal data.
    std::vector<Database> databases;

    [[nodiscard]] QJsonObject toJson() const;
    /// A table for people: one line per database and shard.
    [[nodiscard]] QString toText() const;
};

/// Reads a data directory read-only. Works on a stopped node and beside a running one (LMDB
/// readers never block the writer), and on directories extracted from a snapshot.
class NodeInspector {
    Q_DECLARE_TR_FUNCTIONS(NodeInspector)

public:
    [[nodiscard]] static Result<InspectReport> inspect(const QString &dataDir);
};

} // namespace tidemark
