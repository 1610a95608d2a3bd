#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <vector>

namespace tidemark {

/// Writes one file of a chain, as it is after `steps` (BackupChain::steps), to a local path: its
/// whole copy, then every block link after it applied in chain order (BlockPatchApplier). Every
/// link is read only as far as the file, each entry checked by an ArchiveReader (with the link's
/// final manifest, so the file's bytes are checked before they are used), and the rebuilt file's
/// checksum is compared with the newest step's `fileChecksum()`. For readers that want a file or
/// a few (browse, online import, consolidate, tests); a restore applies block links as it reads
/// each link once (restore/RestoreEngine).
class FileRebuild {
    Q_DECLARE_TR_FUNCTIONS(FileRebuild)

public:
    /// Creates or replaces `destPath` (removed again on failure). Cancelled when `cancelled`
    /// becomes true; Integrity errors name the link and file; Io errors the destination.
    [[nodiscard]] static Status write(const BackupChain &chain, const std::vector<Manifest::Step> &steps,
                                      const QString &destPath, const std::atomic_bool *cancelled = nullptr);
    /// Checks that the file at `path` has `checksum` (the rebuilt file's): Integrity naming `what`.
    [[nodiscard]] static Status checkRebuilt(const QString &path, const QString &checksum, const QString &what);
};

} // namespace tidemark
