#pragma once

#include "common/Error.h"
#include "snapshot/Checksum.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <sys/types.h>
#include <unistd.h>

namespace tidemark::restorefs {

// File-system steps of a restore, shared by the engine, the journal and the kinds' targets.
// Messages are in the translation context "RestoreEngine".

inline constexpr const char *kNew = ".restore-new";         ///< `<dir>.restore-new`: what is being restored.
inline constexpr const char *kOld = ".restore-old";         ///< `<dir>.restore-old`: the old data during the swap.
inline constexpr const char *kJournal = ".restore-journal"; ///< `<data dir>.restore-journal`.

/// The test hook of RestoreEngine: `TIDEMARK_RESTORE_STOP_AT=<step>` kills the process
/// (SIGKILL) when the restore reaches `step`, as a kill -9 would.
void stopHook(const char *step);

/// The path with symlinks resolved; a symlinked directory is followed even while its target is
/// missing (in the middle of a swap, when the target was renamed away).
[[nodiscard]] QString canonical(const QString &path);
/// True when `dir` is `other` or contains it (whole path components: "/a" is not above "/ab").
[[nodiscard]] bool isSameOrAncestor(const QString &dir, const QString &other);
/// Bytes of the files under `dir`.
[[nodiscard]] qint64 treeBytes(const QString &dir);
/// fsync of a file (directories: common/Staging's syncDirectory).
[[nodiscard]] Status syncFile(const QString &path);
/// Fsyncs every directory under `root` and `root` itself, so new entries survive a crash.
[[nodiscard]] Status syncTree(const QString &root);
/// Creates `path` and its parents; the error names the directory, the cause and the fix.
[[nodiscard]] Status makePath(const QString &path);
/// rename(2) of a directory, then fsync of its new parent.
[[nodiscard]] Status renameDir(const QString &from, const QString &to);
/// lchown of `dir` and everything under it.
[[nodiscard]] Status chownTree(const QString &dir, uid_t uid, gid_t gid);
/// Directories whose loss would break the system or someone's home.
[[nodiscard]] bool isProtectedDir(const QString &dir);

// Writes `size` bytes of one archive entry to `path`, fsyncs it and reads it back: what is on
// disk must be what the manifest says, not only what went through memory.
class CheckedFile {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    explicit CheckedFile(const QString &path) : m_file(path) {}
    [[nodiscard]] Status open()
    {
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return makeError(
                ErrorCode::Io, tr("Cannot write '%1': %2").arg(m_file.fileName(), m_file.errorString()),
                tr("Check free space and permissions beside %1.").arg(QFileInfo(m_file.fileName()).path()));
        return {};
    }
    [[nodiscard]] bool write(const char *bytes, qsizetype size) { return m_file.write(bytes, size) == size; }
    [[nodiscard]] QString writeError() const
    {
        return tr(" (writing '%1': %2)").arg(m_file.fileName(), m_file.errorString());
    }
    [[nodiscard]] Status finish(const QString &checksum)
    {
        if (!m_file.flush() || ::fsync(m_file.handle()) != 0)
            return makeError(ErrorCode::Io, tr("Cannot sync '%1': %2").arg(m_file.fileName(), m_file.errorString()));
        m_file.close();
        auto onDisk = Checksum::ofFile(m_file.fileName());
        if (!onDisk)
            return onDisk.error();
        if (onDisk.value() != checksum)
            return makeError(ErrorCode::Integrity,
                             tr("'%1' does not read back with the checksum it was written with").arg(m_file.fileName()),
                             tr("The disk under %1 may be failing.").arg(QFileInfo(m_file.fileName()).path()));
        return {};
    }
    [[nodiscard]] QString fileName() const { return m_file.fileName(); }

private:
    QFile m_file;
};

} // namespace tidemark::restorefs
