#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"

#include <QCoreApplication>

#include <atomic>
#include <functional>

namespace tidemark {

/// Re-reads a whole chain: structure and continuity (BackupChain), every archive entry against
/// its manifest (names, types, sizes, checksums), and opens every LMDB file read-only and walks
/// it: every key and value must decode. In a chain of an InfluxDB 1.x node the meta store must
/// parse and every shard tar must pass ShardTar's checks instead. Files are extracted one at a time into a temporary
/// directory next to the chain and removed right after, so space needed is one file.
class ChainVerifier {
    Q_DECLARE_TR_FUNCTIONS(ChainVerifier)

public:
    struct LinkReport {
        QString path;
        int files = 0;
        qint64 bytes = 0;
        quint64 index = 0;
    };
    using Progress = std::function<void(qint64 done, qint64 total)>;

    /// Verifies `path`'s chain; the first problem found is the error (ErrorCode::Integrity).
    [[nodiscard]] static Result<std::vector<LinkReport>> verify(const QString &path, const Progress &progress = {},
                                                                const std::atomic_bool *cancelled = nullptr);

    /// Walks one LMDB file of a snapshot (`meta` or `shards/<id>`) read-only.
    [[nodiscard]] static Status walkLmdbFile(const QString &name, const QString &path);
    /// Checks one file of an InfluxDB 1.x snapshot: the meta store blob (MetaBlob) or a shard's
    /// tar (ShardTar); `source` names the archive in messages.
    [[nodiscard]] static Status walkInfluxFile(const QString &name, const QString &path, const QString &source);
};

} // namespace tidemark
