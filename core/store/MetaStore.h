#pragma once

#include "common/Error.h"
#include "store/Lmdb.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <map>
#include <memory>
#include <vector>

namespace tidemark {

/// A database's retention policy as InfluxDB keeps it (named apart from retention/RetentionPolicy,
/// which says which backups to keep: one name for two types broke the one-definition rule).
struct RetentionPolicyInfo {
    QString name;
    qint64 durationNs = 0; ///< 0 keeps data forever.
    qint64 shardGroupDurationNs = 0;
    int replicaN = 1;
};

struct DatabaseInfo {
    QString name;
    QString defaultRetentionPolicy;
    std::vector<RetentionPolicyInfo> retentionPolicies;

    [[nodiscard]] const RetentionPolicyInfo *policy(const QString &rp) const;
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static bool fromJson(const QJsonObject &json, DatabaseInfo *out);
};

/// A time range of one retention policy; all its points go to the shard with the same id.
struct ShardGroup {
    quint64 id = 0; ///< Also the shard id: `<data>/shards/<id>`.
    QString database;
    QString retentionPolicy;
    qint64 startNs = 0; ///< Inclusive.
    qint64 endNs = 0;   ///< Exclusive.

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static bool fromJson(const QJsonObject &json, ShardGroup *out);
};

/// The node's meta store, `<data>/meta` (LMDB): tables `meta` (index, node-id, next-shard-id),
/// `databases` (name → JSON) and `shardgroups` (8-byte id → JSON).
///
/// The whole store is small and kept in memory; every change is written through in one
/// transaction together with the index that caused it. Not thread-safe: one owner.
class MetaStore {
    Q_DECLARE_TR_FUNCTIONS(MetaStore)

public:
    /// Opens or creates the store. Read-only opens never create and work beside a running node.
    [[nodiscard]] static Result<std::unique_ptr<MetaStore>> open(const QString &path, bool readOnly);
    /// Opens a closed copy of a meta store that nothing else opens (a file extracted from a
    /// chain's link): read-only, without a lock file (LmdbEnv::Options::closedCopy()).
    [[nodiscard]] static Result<std::unique_ptr<MetaStore>> openCopy(const QString &path);

    [[nodiscard]] quint64 index() const { return m_index; }
    [[nodiscard]] quint64 nodeId() const { return m_nodeId; }
    /// The id the next new group gets (apply() hands them out in order).
    [[nodiscard]] quint64 nextShardId() const { return m_nextShardId; }
    [[nodiscard]] const std::map<QString, DatabaseInfo> &databases() const { return m_databases; }
    [[nodiscard]] const std::map<quint64, ShardGroup> &shardGroups() const { return m_groups; }
    [[nodiscard]] const DatabaseInfo *database(const QString &name) const;
    [[nodiscard]] const QString &path() const { return m_env->path(); }
    [[nodiscard]] std::shared_ptr<LmdbEnv> sharedEnv() const { return m_env; }

    /// The group of `database`/`rp` that covers `timeNs`, or nullptr.
    [[nodiscard]] const ShardGroup *findGroup(const QString &database, const QString &rp, qint64 timeNs) const;

    /// Records `index` and, in the same transaction, the given changes. New groups get ids here.
    struct Change {
        std::vector<DatabaseInfo> createDatabases;
        std::vector<QString> dropDatabases;   ///< Also drops their shard groups.
        std::vector<ShardGroup> createGroups; ///< `id` is assigned and written back.
        std::vector<quint64> dropGroups;      ///< Groups removed (an online import's replace).
    };
    [[nodiscard]] Status apply(quint64 index, Change &change);

private:
    MetaStore() = default;
    [[nodiscard]] Status load();

    std::shared_ptr<LmdbEnv> m_env;
    quint64 m_index = 0;
    quint64 m_nodeId = 1;
    quint64 m_nextShardId = 1;
    std::map<QString, DatabaseInfo> m_databases;
    std::map<quint64, ShardGroup> m_groups;
};

} // namespace tidemark
