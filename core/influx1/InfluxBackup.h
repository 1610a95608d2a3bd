#pragma once

#include "common/CompressionOptions.h"
#include "common/Error.h"
#include "common/RateLimiter.h"
#include "config/NodeConfig.h"
#include "kinds/ConnectionSettings.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace tidemark {

/// One link of a backup chain of an InfluxDB 1.x node (a Manifest of kind `influxdb1`).
///
/// The node's snapshot service streams shards as tars of unknown length, while a snapshot
/// archive names each file's size and checksum before its bytes. So every shard is first staged
/// as a file in `stagingDir` (checked with ShardTar once it is in), then the archive is written
/// from the staged files: the backup needs free space for one more copy of the shards it takes
/// beside the chain. influxd serves one shard per connection, so `connections` shards are
/// fetched at once, each on its own thread and connection; the first failure stops the others
/// and names its shard. Staged files are not fsynced (the scratch is discarded on any failure;
/// the link is synced when committed). Memory does not grow with the node's size: about 2 MiB
/// per connection.
///
/// Full: the meta store and every shard (of `databases`, or all). Incremental: the meta store
/// and every shard that changed since the chain's copy of it, each copied whole, like a
/// Tidemark shard file: the newest copy in a chain is the shard, so a restore never brings back
/// files that influxd compacted away or deleted. Whether a shard changed is asked of the node
/// by the time of the newest file the chain holds of it, on the node's own clock (a tar entry's
/// mtime, kept as the shard's `index` in milliseconds), never the client's. Tar times have whole
/// seconds, so the node sends the files of that second again; the manifest lists them
/// (`boundary`, name and size) and they do not count as a change. Shards that exist are named by
/// the newest link's meta store. Nothing changed and the same meta store → nullopt, nothing
/// written.
class InfluxBackup {
    Q_DECLARE_TR_FUNCTIONS(InfluxBackup)

public:
    /// A shard the node answers with nothing is asked this often, kShardRetryMs apart.
    static constexpr int kShardAttempts = 10;
    static constexpr int kShardRetryMs = 1000;
    /// Shards fetched at once when nothing else is said, and the most accepted.
    static constexpr int kDefaultConnections = ConnectionSettings::kDefaultConnections;
    static constexpr int kMaxConnections = ConnectionSettings::kMaxConnections;

    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8088};
        QStringList databases; ///< Empty: every database.
        CompressionOptions compression;
        int timeoutMs = 60000;
        const std::atomic_bool *cancelled = nullptr;
        RateLimiter *limiter = nullptr;        ///< Holds what the node sends down to `--limit-rate`; null: no limit.
        int connections = kDefaultConnections; ///< Shards fetched at once (clamped to 1..kMaxConnections).
    };
    /// Called on the thread that called write(), never on a fetching thread.
    struct Callbacks {
        std::function<void(const QString &stage)> stage;
        std::function<void(qint64 done, qint64 total)> progress;
        std::function<void(const QString &name, qint64 done, qint64 total)> fileProgress;
    };

    /// Writes the next link into `out`: a full snapshot when `base` has no files, else an
    /// incremental against `base` (the chain's merged manifest). Returns the link's manifest.
    [[nodiscard]] static Result<std::optional<Manifest>> write(const Options &options, const Manifest &base,
                                                               const QString &chainId, const QString &stagingDir,
                                                               QIODevice &out, const Callbacks &callbacks);
};

} // namespace tidemark
