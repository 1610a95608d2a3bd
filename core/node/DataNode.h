#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "node/LineProtocol.h"
#include "store/BrokerStore.h"
#include "store/LmdbReadView.h"
#include "store/MetaStore.h"
#include "store/ShardStore.h"

#include <QCoreApplication>
#include <QLockFile>
#include <QStringList>

#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <vector>

namespace tidemark {

/// The storage engine of `tidemarkd`: broker, meta store and shards of one node.
///
/// Every change (a write batch, creating or dropping a database) first takes the next index from
/// the broker, then is applied to the meta store and the shards it touches, each recording that
/// index. So the broker index is always ≥ every index in the data, and each file's index says
/// how new its content is: incremental snapshots compare exactly that.
///
/// Opening takes a lock on both directories (`tidemarkd.lock`, with the owner's pid), so a second
/// node on the same directories is refused. Thread-safe: changes are serialised by a mutex, and
/// openSnapshot() hands other threads read views of all files at one batch boundary, to stream
/// beside running writes.
///
/// Every write transaction on the node's files (broker, meta store, shards; including creating a
/// shard file) runs under that mutex: write(), createDatabase(), dropDatabase(), and open() before
/// the node is anyone else's. Between two of them the files are at a batch boundary.
///
/// Example:
/// @code
///   auto node = DataNode::open(config);
///   if (!node) { print(node.error().toString()); return; }
///   (*node)->createDatabase(QStringLiteral("metrics"));
///   auto batch = parseLineProtocol("cpu value=1 10", Precision::Seconds, 0);
///   auto written = (*node)->write(QStringLiteral("metrics"), {}, batch.points);
/// @endcode
class DataNode {
    Q_DECLARE_TR_FUNCTIONS(DataNode)

public:
    ~DataNode();
    DataNode(const DataNode &) = delete;
    DataNode &operator=(const DataNode &) = delete;

    /// Opens (creating on first use) the node's directories named in `config`.
    /// Fails when another process holds them, or when the broker index is below the data's.
    [[nodiscard]] static Result<std::unique_ptr<DataNode>> open(const NodeConfig &config);

    /// The highest index handed out by the broker.
    [[nodiscard]] quint64 index() const;
    /// Whether the database `name` exists.
    [[nodiscard]] bool hasDatabase(const QString &name) const;
    /// The names of all databases, sorted.
    [[nodiscard]] QStringList databaseNames() const;

    /// Creates `name` with the default retention policy `autogen`; existing names are no error.
    [[nodiscard]] Status createDatabase(const QString &name);
    /// Drops `name` and removes its shard files; unknown names are no error (as InfluxDB 1.x).
    [[nodiscard]] Status dropDatabase(const QString &name);

    struct WriteSummary {
        quint64 index = 0; ///< The index this batch was written at (0 when nothing was written).
        qsizetype points = 0;
        qsizetype values = 0;
    };
    /// Writes `points` to `database` / `retentionPolicy` (empty = the default) as one batch.
    /// Errors: NotFound for an unknown database or retention policy, Io for storage failures.
    [[nodiscard]] Result<WriteSummary> write(const QString &database, const QString &retentionPolicy,
                                             const std::vector<Point> &points);

    /// One file of a snapshot, as it was at the snapshot's moment.
    struct SnapshotView {
        QString name;      ///< `meta` or `shards/<id>`
        quint64 index = 0; ///< The index the file records in the view (its `meta` table).
        std::unique_ptr<LmdbReadView> view;
    };
    /// The files of one snapshot, all at one batch boundary.
    struct Snapshot {
        quint64 index = 0;               ///< The broker index at that moment: ≥ every file's index.
        std::vector<SnapshotView> files; ///< Meta first, then shards by name.
    };
    /// Under the write mutex, so at one batch boundary: opens a read view of every file (meta store
    /// and shards) whose current index satisfies `wanted(name, index)` (e.g. grew since a base
    /// snapshot). The views keep their files' pages and environments (even of a database dropped
    /// meanwhile) until they are closed; stream them from any thread, and close each when done, as
    /// an open view lets its file grow (core/store/README.md). `wanted` runs under the mutex: keep
    /// it quick and do not call back into the node.
    [[nodiscard]] Result<Snapshot>
    openSnapshot(const std::function<bool(const QString &name, quint64 index)> &wanted) const;

    struct ShardSummary {
        quint64 id = 0;
        QString database;
        QString retentionPolicy;
        quint64 index = 0;
        qint64 bytes = 0;
        qint64 startNs = 0;
        qint64 endNs = 0;
    };
    struct Summary {
        quint64 nodeId = 0;
        quint64 index = 0;
        QStringList databases;
        std::vector<ShardSummary> shards;
        qint64 bytes = 0;
    };
    /// Health figures for node-info, consistent with each other.
    [[nodiscard]] Summary summary() const;

    /// One shard of an online import (`import` request, core/protocol/README.md): a whole shard
    /// file from a chain, received and checked in the import's staging directory.
    struct ImportShard {
        QString retentionPolicy;
        qint64 startNs = 0; ///< The shard group's time range, as in the chain.
        qint64 endNs = 0;
        QString stagedPath; ///< Under importStagingDir(), on the data directory's filesystem.
    };
    struct Import {
        enum class OnConflict { Fail, Skip, Replace };
        /// The target database (its name on this node) with the chain's retention policies. When
        /// it exists, the policies it lacks are added; its own are kept as they are.
        DatabaseInfo database;
        OnConflict onConflict = OnConflict::Fail;
        std::vector<ImportShard> shards;
    };
    struct ImportOutcome {
        quint64 index = 0;             ///< The index the import was committed at.
        std::vector<quint64> shardIds; ///< Per Import::shards: the new id, 0 when skipped.
        std::vector<quint64> replaced; ///< The node's shards the import replaced (removed).
        bool createdDatabase = false;
    };
    /// What an import would meet now: the node's shards of `database` whose retention policy
    /// matches and whose time range overlaps one of `shards`, and whether the database exists.
    struct ImportConflicts {
        bool databaseExists = false;
        std::vector<ShardGroup> overlapping;
    };
    [[nodiscard]] ImportConflicts importConflicts(const QString &database,
                                                  const std::vector<ImportShard> &shards) const;
    /// Makes an import visible in one step, under the mutex: takes the next index from the broker,
    /// stamps it into every staged shard taken (so later incremental backups see them, and the
    /// broker stays ≥ every data index), moves them to `shards/<new id>`, then commits the meta
    /// store change (database, policies, new groups, replaced groups dropped) in one transaction:
    /// the commit point. Before it nothing of the import is visible; files moved in before a crash
    /// are orphans that open() removes. Replaced shards' files go after the commit. A conflict
    /// under OnConflict::Fail is ErrorCode::Conflict naming what exists; nothing changes then.
    [[nodiscard]] Result<ImportOutcome> importDatabase(const Import &import);
    /// `<data>/.import`: where import sessions stage the shard files they receive (one
    /// subdirectory each); open() removes whatever a killed node left there.
    [[nodiscard]] QString importStagingDir() const;

    /// Path of the shard file with `id`.
    [[nodiscard]] static QString shardPath(const QString &dataDir, quint64 id);

private:
    DataNode() = default;
    [[nodiscard]] Status lockDirectory(const QString &dir, std::unique_ptr<QLockFile> *lock);
    [[nodiscard]] Result<ShardStore *> shard(quint64 id);
    [[nodiscard]] Status removeOrphanShards();
    /// One LMDB file of the node, kept open (shared) for as long as the holder keeps it.
    struct SnapshotSource {
        QString name; ///< `meta` or `shards/<id>`
        std::shared_ptr<LmdbEnv> env;
        quint64 index = 0; ///< The file's index now.
    };
    /// The meta store and every shard, meta first, then by name; the caller holds the mutex.
    [[nodiscard]] std::vector<SnapshotSource> sourcesLocked() const;

    NodeConfig m_config;
    std::unique_ptr<QLockFile> m_dataLock;
    std::unique_ptr<QLockFile> m_brokerLock;
    std::unique_ptr<BrokerStore> m_broker;
    std::unique_ptr<MetaStore> m_meta;
    std::map<quint64, std::shared_ptr<ShardStore>> m_shards;
    mutable std::recursive_mutex m_mutex;
};

} // namespace tidemark
