#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <optional>
#include <vector>

#include "snapshot/BlockPatch.h"

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
    /// Opens (creates) the local file a version is written into, read-write, emptied when
    /// `truncate` (before a whole copy); Io error naming it.
    [[nodiscard]] static Result<int> openFile(const QString &path, bool truncate);
};

/// Writes one version of a file (a step of BackupChain::steps) into the file open on `fd` as its
/// entry's bytes stream in: a whole copy from the start (into a file openFile() emptied), or a
/// block link applied over the version there (BlockPatchApplier). What every reader that rebuilds
/// files shares (FileRebuild, and the readers of each link once: browse, verify, consolidate);
/// `where` names the entry ("'shards/3' in PATH.4"), `path` the file written, in messages. The
/// rebuilt file's checksum is the caller's to check (FileRebuild::checkRebuilt) once its newest
/// version is in.
class FileVersionWriter {
    Q_DECLARE_TR_FUNCTIONS(FileVersionWriter)

public:
    FileVersionWriter(int fd, const ManifestFile &file, const QString &where, QString path);

    [[nodiscard]] Status write(const char *data, qsizetype size);
    /// After the entry's last bytes: a block link's end record and the file's size.
    [[nodiscard]] Status finish();
    [[nodiscard]] bool isBlockLink() const { return m_applier.has_value(); }

private:
    int m_fd;
    QString m_path;
    qint64 m_position = 0;
    std::optional<BlockPatchApplier> m_applier;
};

} // namespace tidemark
