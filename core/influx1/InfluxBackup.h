#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
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
/// as a file in `stagingDir` (checked with ShardTar while it is written), then the archive is
/// written from the staged files: the backup needs free space for one more copy of the shards
/// it takes beside the chain. Memory does not grow with the node's size.
///
/// Full: the meta store and every shard (of `databases`, or all). Incremental: the meta store,
/// and for every shard that exists now the files modified after the newest file the chain holds
/// of that shard. That time is the node's own (a tar entry's mtime, kept as the shard's `index`
/// in milliseconds), so the client's clock never matters. Tar times have whole seconds, so the
/// node sends the files of that last second again; the manifest lists them (`boundary`, name and
/// size) and they are left out of the new link. A shard with nothing new is still listed (an
/// empty tar), so the newest link always names the shards the node has. Nothing newer at all and the same meta store → nullopt, nothing
/// written.
class InfluxBackup {
    Q_DECLARE_TR_FUNCTIONS(InfluxBackup)

public:
    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8088};
        QStringList databases; ///< Empty: every database.
        bool compress = false;
        int timeoutMs = 60000;
        const std::atomic_bool *cancelled = nullptr;
    };
    struct Callbacks {
        std::function<void(const QString &stage)> stage;
        std::function<void(qint64 done, qint64 total)> progress;
        std::function<void(const QString &name, qint64 done, qint64 total)> fileProgress;
    };

    /// Writes the next link into `out`: a full snapshot when `base` has no files, else an
    /// incremental against `base` (the chain's merged manifest). Returns the link's manifest.
    [[nodiscard]] static Result<std::optional<Manifest>> write(const Options &options, const Manifest &base, const QString &chainId,
                                                               const QString &stagingDir, QIODevice &out, const Callbacks &callbacks);
};

} // namespace tidemark
