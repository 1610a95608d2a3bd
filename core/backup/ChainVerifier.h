#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"

#include <QCoreApplication>

#include <atomic>
#include <functional>

namespace tidemark {

/// Re-reads a whole chain through its store: structure and continuity (BackupChain), every
/// archive entry against its manifest (names, types, sizes, checksums), and every file as its
/// node kind checks it (NodeKind::checkFile: a Tidemark node's LMDB files are opened read-only
/// and walked, every key and value must decode; an InfluxDB 1.x node's meta store must parse and
/// its shard tars pass ShardTar's checks). Files are extracted one at a time into the store's
/// scratch directory and removed right after, so space needed is one file. A block link (format
/// 3) or reference link (format 4: an InfluxDB shard as references into its version before)
/// must apply to the chain's version before it (Manifest::steps); its file is rebuilt there from
/// that version as its link is read (RebuiltFiles), compared with its `fileChecksum` and checked
/// like a whole file (a rebuilt shard tar passes ShardTar's checks), so the versions a later
/// block or reference link changes stay in the scratch until then (at most one copy of each such
/// file; a reference link needs its new version beside it while it is rebuilt).
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
};

} // namespace tidemark
