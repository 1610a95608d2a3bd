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

class BackupChain;

/// One link of a backup chain of an InfluxDB 1.x node (a Manifest of kind `influxdb1`).
///
/// The node's snapshot service streams shards as tars of unknown length: nothing is staged.
/// The link is archive format 2 (Manifest::kFormatChecksumsLast): its head lists the meta store
/// with its size and every shard it sends by name only (ManifestFile::kUnknownSize); each shard's
/// tar goes into the archive as influxd sends it, in entries of its name of at most kPartBytes
/// ("parts", whose concatenation is the tar), checked with ShardTar and checksummed on the way;
/// the final manifest (`manifest.final`, at the end) carries every size, index, boundary and
/// checksum. A bad tar fails the backup before the link is committed, so the link is never read
/// back. influxd serves one shard per connection, so `connections` shards are fetched at once,
/// each on its own thread and connection, in manifest order: the archive takes the first one's
/// parts as they come while the others are read ahead, all together into at most
/// kReadAheadBytes of part buffers (kCompressedReadAheadBytes with zstd; used again and again;
/// when none is free a thread stops
/// reading its socket, and TCP holds the node back), and the first one may always have two parts
/// waiting beyond that. The socket is read straight into the part buffers, which ShardTar's check
/// shares and the archive writes from, so each byte is copied once in the client. The first
/// failure stops the others and names its shard. A shard the node answers with nothing is asked
/// again (kShardAttempts), which is sound because nothing of it reached the archive yet. Memory
/// does not grow with the node's or a shard's size: the read-ahead, plus about 2 MiB per
/// connection (its socket buffer and the part it fills); 4 connections peak near 60 MiB of RSS,
/// some 20 MiB of which are the shared libraries.
///
/// Full: the meta store and every shard (of `databases`, or all). Incremental: the meta store
/// and every shard that changed since the chain's copy of it, each the whole shard once rebuilt:
/// the newest copy in a chain is the shard, so a restore never brings back files that influxd
/// compacted away or deleted. With `refLinks`, a changed shard the chain holds is stored as a
/// *reference link* (ManifestFile::refs, archive format 4): its tar is received into a scratch
/// file (checked and checksummed as it comes), its TSM blocks are listed and hashed
/// (TsmBlocks), each block the chain's version held byte for byte (by that version's block map,
/// TsmMapCache, rebuilt from the chain when not cached) becomes a reference to it, everything
/// else is literal (RefPatchEncoder); the encoded bytes go into the archive in the same parts.
/// The new version's map is cached for the next incremental, the scratch file removed. Whether a shard changed is asked
/// of the node by the time of the newest file the chain holds of it, on the node's own clock (a tar entry's mtime, kept
/// as the shard's `index` in milliseconds), never the client's. Tar times have whole seconds, so the node sends the
/// files of that second again; the manifest lists them
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
    /// A shard's tar goes into the archive in entries ("parts") of this size, the last one shorter.
    static constexpr qsizetype kPartBytes = 1 << 20;
    /// Part buffers of all shards received ahead of the archive (or being received).
    static constexpr qsizetype kReadAheadBytes = 12 << 20;
    /// The same with zstd, which is then the slowest stage (its workers hold their own jobs).
    static constexpr qsizetype kCompressedReadAheadBytes = 4 << 20;

    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8088};
        QStringList databases; ///< Empty: every database.
        CompressionOptions compression;
        int timeoutMs = 60000;
        const std::atomic_bool *cancelled = nullptr;
        RateLimiter *limiter = nullptr; ///< Holds what the node sends down to `--limit-rate`; null: no limit.
        /// Shards fetched at once (clamped to 1..kMaxConnections; ConnectionSettings::effectiveConnections()
        /// picks the default, fewer when compressing).
        int connections = kDefaultConnections;
        /// Store changed shards the chain holds as reference links (see refLinksEnabled()).
        bool refLinks = false;
        /// The chain `base` merges: a version whose block map is not cached is rebuilt from it.
        /// Null: such shards go whole.
        const BackupChain *chain = nullptr;
        QString mapCacheDir = {}; ///< Empty: TsmMapCache's default (`$XDG_CACHE_HOME/tidemark/tsm-maps`).
        QString scratchDir = {};  ///< Where shards are received and versions rebuilt; empty: QDir::tempPath() (TMPDIR).
    };
    /// Called on the thread that called write(), never on a fetching thread.
    struct Callbacks {
        std::function<void(const QString &stage)> stage;
        std::function<void(qint64 done, qint64 total)> progress;
        std::function<void(const QString &name, qint64 done, qint64 total)> fileProgress;
    };

    /// What write() wrote.
    struct Written {
        Manifest manifest;     ///< The final manifest: every file's size, index and checksum.
        qint64 archiveBytes{}; ///< Bytes written into `out`.
    };

    /// Whether incrementals store changed shards as reference links unless `--whole-files` says
    /// otherwise: on, unless the environment sets TIDEMARK_REF_LINKS=0.
    [[nodiscard]] static bool refLinksEnabled();

    /// Writes the next link into `out`: a full snapshot when `base` has no files, else an
    /// incremental against `base` (the chain's merged manifest). nullopt: nothing changed,
    /// nothing written.
    [[nodiscard]] static Result<std::optional<Written>> write(const Options &options, const Manifest &base,
                                                              const QString &chainId, QIODevice &out,
                                                              const Callbacks &callbacks);
};

} // namespace tidemark
