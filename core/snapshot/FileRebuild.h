#pragma once

#include "common/Error.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include "snapshot/BlockPatch.h"
#include "snapshot/RefPatch.h"

namespace tidemark {

/// Writes one file of a chain, as it is after `steps` (BackupChain::steps), to a local path: its
/// whole copy, then every block or reference link after it applied in chain order
/// (FileVersionWriter). Every
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
    /// Streams the local file at `path` (a file rebuilt in scratch) to `sink` in chunks of 1 MiB,
    /// in order, until its end or the sink's first error. Io error naming the file; Cancelled
    /// (before each chunk) when `cancelled` becomes true.
    [[nodiscard]] static Status readFile(const QString &path,
                                         const std::function<Status(const char *, qsizetype)> &sink,
                                         const std::atomic_bool *cancelled = nullptr);
    /// Opens (creates) the local file a version is written into, read-write, emptied when
    /// `truncate` (before a whole copy); Io error naming it.
    [[nodiscard]] static Result<int> openFile(const QString &path, bool truncate);
};

/// Writes one version of a file (a step of BackupChain::steps) into the file open on `fd` as its
/// entry's bytes stream in: a whole copy from the start (into a file openFile() emptied), a
/// block link applied over the version there (BlockPatchApplier), or a reference link, written
/// into `path`.refs-new from the version there (RefPatchApplier) and renamed over `path` by
/// finish(), which also makes `fd` refer to the new file (dup2), so that callers keep using `fd`
/// and `path` for the version after it. The space for a reference link is the file twice. What every reader that
/// rebuilds files shares (FileRebuild, and the readers of each link once: browse, verify, consolidate); `where` names
/// the entry ("'shards/3' in PATH.4"), `path` the file written, in messages. The rebuilt file's checksum is the
/// caller's to check (FileRebuild::checkRebuilt) once its newest version is in.
class FileVersionWriter {
    Q_DECLARE_TR_FUNCTIONS(FileVersionWriter)

public:
    FileVersionWriter(int fd, const ManifestFile &file, const QString &where, QString path);
    ~FileVersionWriter();
    FileVersionWriter(const FileVersionWriter &) = delete;
    FileVersionWriter &operator=(const FileVersionWriter &) = delete;

    [[nodiscard]] Status write(const char *data, qsizetype size);
    /// After the entry's last bytes: a block or reference link's end record and the file's size
    /// (a reference link's new file then replaces the version before at `path` and on `fd`).
    [[nodiscard]] Status finish();
    [[nodiscard]] bool isBlockLink() const { return m_applier.has_value(); }
    /// Whether this version applies to the one before (a block or reference link).
    [[nodiscard]] bool isDelta() const { return m_applier.has_value() || m_refs.has_value(); }

private:
    int m_fd;
    QString m_path;
    qint64 m_position = 0;
    std::optional<BlockPatchApplier> m_applier;
    std::optional<RefPatchApplier> m_refs;
    int m_newFd = -1; ///< A reference link's new file (`path`.refs-new) until finish().
    std::optional<Error> m_openError;
};

} // namespace tidemark
