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
#include <memory>

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

private:
    enum class Type : quint8 { ShardBackup = 0, MetaStore = 1, DatabaseInfo = 3 };
    [[nodiscard]] Status send(Type type, const QJsonObject &request, const QString &what);
    /// Reads exactly `size` bytes; an Error when the node closes first or stays silent too long.
    [[nodiscard]] Result<QByteArray> read(qint64 size, const QString &what);
    [[nodiscard]] Result<quint64> readU64(const QString &what);
    [[nodiscard]] Error lost(const QString &what) const;
    /// The most to read from the socket at once.
    [[nodiscard]] qint64 readLimit() const;

    Options m_options;
    std::unique_ptr<QTcpSocket> m_socket;
};

} // namespace tidemark
