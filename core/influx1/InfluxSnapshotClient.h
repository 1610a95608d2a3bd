#pragma once

#include "common/Error.h"
#include "common/RateLimiter.h"
#include "config/NodeConfig.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>

class QTcpSocket;

namespace tidemark {

/// The client end of an InfluxDB 1.x node's snapshot service (`services/snapshotter`, TCP,
/// `bind-address`, default 127.0.0.1:8088), blocking: use it from a worker thread. One client
/// per thread (its socket lives on the thread that made the request); several clients may talk
/// to one node at once.
///
/// Every request is one connection: the mux byte 3, a request type byte, the request as JSON with
/// Go's field names and a newline; the node answers and closes. Checked against influxd 1.6.7:
/// - meta store (type 1): u64 big-endian magic 0x59590101, u64 length, the meta blob (what the
///   node keeps as `meta.db`), u64 length, the node's JSON (`null` on 1.6);
/// - database info (type 3): `{"Paths":["db/rp/id",...]}` (every database when the name is empty);
/// - shard backup (type 0): a plain tar of the shard's TSM and tombstone files modified after
///   `Since` (entries `db/rp/id/file`), after the node flushed its WAL into a snapshot.
/// - meta store update (type 6, what `influxd restore -portable` sends): the JSON with
///   `BackupDatabase`, `RestoreDatabase`, `BackupRetentionPolicy`, `RestoreRetentionPolicy` and
///   `UploadSize`, its newline, then exactly `UploadSize` bytes of a meta blob; the node creates
///   the database (never into an existing one) with its shard groups and empty shards renumbered,
///   and answers u64 magic, u64 n, n pairs (u64 old id, u64 new id): n = 0 is its only "no"
///   (database exists, not in the blob, blob damaged);
/// - shard update (type 7): no JSON, the u64 big-endian id of a shard that exists, then a tar
///   whose `*.tsm` entries named `db/rp/<that id>/file` are added to the shard; every other entry
///   is skipped silently. The node answers nothing and closes when it is done.
/// The protocol has no error channel: the node closes without a byte. This client turns that
/// into an Error naming the request, and bounds every length it reads.
class InfluxSnapshotClient {
    Q_DECLARE_TR_FUNCTIONS(InfluxSnapshotClient)

public:
    static constexpr quint64 kMetaMagic = 0x59590101;
    static constexpr qint64 kMaxMetaBytes = 512LL * 1024 * 1024;
    static constexpr qint64 kMaxInfoBytes = 64LL * 1024 * 1024;
    /// A shard's tar is read in chunks of this size, and the socket buffers at most one more.
    static constexpr qsizetype kShardChunkBytes = 1 << 20;

    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8088};
        int timeoutMs = 60000; ///< Longest silence accepted from the node.
        const std::atomic_bool *cancelled = nullptr;
        /// Holds what the node sends down to its rate (may be shared by several clients); null: no limit.
        RateLimiter *limiter = nullptr;
    };
    /// Receives a shard's tar bytes; returns false to stop (cancelled, disk full).
    using Sink = std::function<bool(const char *data, qsizetype size)>;

    explicit InfluxSnapshotClient(Options options);
    ~InfluxSnapshotClient();

    /// The meta store blob (the node's `meta.db`).
    [[nodiscard]] Result<QByteArray> metaStore();
    /// `db/rp/id` of every shard of `database`, or of every database when it is empty.
    [[nodiscard]] Result<QStringList> shardPaths(const QString &database = {});
    /// Streams the tar of shard `id` with the files modified after `since` (every file when
    /// `since` is invalid) into `sink`; returns the number of bytes. A node that sends nothing
    /// (no such shard) is ErrorCode::NotFound.
    [[nodiscard]] Result<qint64> shardBackup(quint64 id, const QDateTime &since, const Sink &sink);
    /// Hands out a buffer for the next part (any content, resized by the client); nullopt stops
    /// the transfer (cancelled).
    using PartBuffer = std::function<std::optional<QByteArray>()>;
    /// Receives one part of a shard's tar; returns false to stop.
    using PartSink = std::function<bool(QByteArray part)>;
    /// shardBackup() without a copy: the socket is read straight into buffers from `buffer`,
    /// each handed to `sink` once it holds `partBytes` (the last one when the tar ends).
    [[nodiscard]] Result<qint64> shardBackupParts(quint64 id, const QDateTime &since, qsizetype partBytes,
                                                  const PartBuffer &buffer, const PartSink &sink);

    /// Creates database `restoreDatabase` (empty: `backupDatabase`) on the node from `backupDatabase`
    /// of `blob` (only `retentionPolicy` of it when not empty) and returns the node's shard ids by
    /// the blob's. A refusal (n = 0) is ErrorCode::Conflict: the node says no more than that.
    [[nodiscard]] Result<std::map<quint64, quint64>> updateMeta(const QByteArray &blob, const QString &backupDatabase,
                                                                const QString &restoreDatabase,
                                                                const QString &retentionPolicy);
    /// Sends a shard update for shard `id` (which must exist on the node): `produce` writes the tar
    /// through the sink it is given (bounded: each write waits until the socket took it); then
    /// waits for the node to close, which it does once the shard reopened with the files.
    using Producer = std::function<Status(const std::function<Status(const char *, qsizetype)> &write)>;
    [[nodiscard]] Status uploadShard(quint64 id, const Producer &produce);

private:
    enum class Type : quint8 { ShardBackup = 0, MetaStore = 1, DatabaseInfo = 3, MetaStoreUpdate = 6, ShardUpdate = 7 };
    [[nodiscard]] Status connectToNode();
    [[nodiscard]] Status writeAll(const char *bytes, qsizetype size, const QString &what);
    [[nodiscard]] Status send(Type type, const QJsonObject &request, const QString &what);
    /// Reads exactly `size` bytes; an Error when the node closes first or stays silent too long.
    [[nodiscard]] Result<QByteArray> read(qint64 size, const QString &what);
    [[nodiscard]] Result<quint64> readU64(const QString &what);
    [[nodiscard]] Error lost(const QString &what) const;
    /// The most to read from the socket at once.
    [[nodiscard]] qint64 readLimit() const;
    /// Asks for shard `id` and reads the answer until the node closes: into the space `room`
    /// gives (null: stop), each read handed on with `filled` (false: stop).
    [[nodiscard]] Result<qint64> receiveShard(quint64 id, const QDateTime &since,
                                              const std::function<std::pair<char *, qint64>()> &room,
                                              const std::function<bool(qint64)> &filled);

    Options m_options;
    std::unique_ptr<QTcpSocket> m_socket;
};

} // namespace tidemark
