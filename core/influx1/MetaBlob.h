#pragma once

#include "common/Error.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QStringList>

#include <vector>

namespace tidemark {

/// The meta store of an InfluxDB 1.x node as its snapshot service sends it: the protocol
/// buffer `meta.Data` that the node keeps as `<meta dir>/meta.db`.
///
/// parse() walks the protocol buffer wire format (it needs no schema compiler) and reads the
/// fields Tidemark needs: `Term` (1), `Index` (2), `ClusterID` (3), and of `Databases` (5) each
/// `Name` (1), `DefaultRetentionPolicy` (2) and, through `RetentionPolicies` (3: `Name` 1,
/// `Duration` 2, `ShardGroupDuration` 3, `ReplicaN` 4, `ShardGroups` 5: `StartTime` 2, `EndTime`
/// 3, `DeletedAt` 4, `Shards` 5: `ID` 1), the policies and the shards that exist (groups not
/// deleted). Field numbers as in InfluxDB 1.x's meta.proto, checked against influxd 1.6.7. A
/// blob that is not a well-formed protocol buffer, or lacks `Index`, is ErrorCode::Integrity
/// naming `source`.
struct MetaBlob {
    Q_DECLARE_TR_FUNCTIONS(MetaBlob)

public:
    quint64 term = 0;
    quint64 index = 0;
    quint64 clusterId = 0;
    QStringList databases;
    struct RetentionPolicy {
        QString database;
        QString name;
        qint64 durationNs = 0; ///< 0: kept forever.
        qint64 shardGroupDurationNs = 0;
        quint32 replicaN = 0;
        bool isDefault = false; ///< The database's default policy.
    };
    std::vector<RetentionPolicy> retentionPolicies; ///< In the order of the blob.
    struct Shard {
        QString database;
        QString retentionPolicy;
        quint64 id = 0;
        qint64 startNs = 0; ///< Its shard group's time range: from (inclusive) …
        qint64 endNs = 0;   ///< … to (exclusive), nanoseconds since the epoch.
    };
    std::vector<Shard> shards; ///< In the order of the blob.

    [[nodiscard]] static Result<MetaBlob> parse(QByteArrayView blob, const QString &source);

    /// What an online restore sends with a meta store update: `blob` with only database
    /// `database`, of it only policy `retentionPolicy` (all when empty), of its shard groups only
    /// the live ones holding a shard of `shardIds` (all live ones when empty), no users and no
    /// subscriptions (a restored copy must not send its writes to the source's subscribers); every
    /// other field as it was. The node then creates exactly the shards chosen.
    [[nodiscard]] static Result<QByteArray> selection(QByteArrayView blob, const QString &database,
                                                      const QString &retentionPolicy, const QList<quint64> &shardIds,
                                                      const QString &source);
};

} // namespace tidemark
