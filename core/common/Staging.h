#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QFile>
#include <QString>

namespace tidemark {

/// A scratch directory for work that must leave nothing behind when it fails: removed, with
/// everything in it, when the object goes, unless committed. Put it beside the place its content
/// is meant for (e.g. `<target>.tmp.d`), so that it is on the same filesystem and can be renamed
/// into place.
///
/// Usage:
/// @code
///   auto staging = StagingDir::create(target + QStringLiteral(".tmp.d"));
///   if (!staging)
///       return staging.error();
///   ... write into staging->path() ...
///   if (Status s = staging->commitAs(target); !s)   // or let it go: the directory is removed
///       return s;
/// @endcode
/// Not thread-safe; one owner. Movable, so create() can return it.
class StagingDir {
    Q_DECLARE_TR_FUNCTIONS(StagingDir)

public:
    /// Creates `path` and any missing parents, first removing whatever an interrupted earlier run
    /// left there. Io error naming the directory.
    [[nodiscard]] static Result<StagingDir> create(const QString &path);

    StagingDir(StagingDir &&other) noexcept;
    StagingDir &operator=(StagingDir &&) = delete;
    StagingDir(const StagingDir &) = delete;
    StagingDir &operator=(const StagingDir &) = delete;
    /// Removes the directory recursively unless it was committed.
    ~StagingDir();

    [[nodiscard]] const QString &path() const { return m_path; }
    /// `<path>/<name>`.
    [[nodiscard]] QString filePath(const QString &name) const;

    /// Keeps the directory where it is: the destructor leaves it alone.
    void commit() { m_committed = true; }
    /// Renames the directory to `target` (which must not exist, or be an empty directory), keeps
    /// it, and syncs `target`'s parent directory so the rename survives a crash. When the rename
    /// fails the directory stays staged (and goes with the destructor); when only the sync fails
    /// it is at `target` already.
    [[nodiscard]] Status commitAs(const QString &target);

private:
    explicit StagingDir(QString path) : m_path(std::move(path)) {}

    QString m_path;
    bool m_committed = false;
};

/// A file that appears under its name only once it is complete and durable: it is written as
/// `<target><suffix>` beside the target, and commit() syncs it, renames it over `target` and
/// syncs the directory. Removed on destruction unless committed, so a failure or a cancel leaves
/// neither the target nor a partial file.
///
/// Usage:
/// @code
///   StagedFile out(path);
///   if (Status s = out.open(); !s)
///       return s;
///   ... out.file().write(...) ...
///   if (Status s = out.commit(); !s)
///       return s;
/// @endcode
class StagedFile {
    Q_DECLARE_TR_FUNCTIONS(StagedFile)

public:
    explicit StagedFile(QString target, const QString &suffix = QStringLiteral(".tmp"));
    /// Closes and removes the temporary file unless commit() succeeded.
    ~StagedFile();
    StagedFile(const StagedFile &) = delete;
    StagedFile &operator=(const StagedFile &) = delete;

    /// Creates (or truncates) the temporary file for writing. Io error naming it.
    [[nodiscard]] Status open();
    /// The temporary file, open after open().
    [[nodiscard]] QFile &file() { return m_file; }
    [[nodiscard]] const QString &target() const { return m_target; }

    /// Makes the file durable, then visible: flush and fsync it, close it, rename it to the
    /// target (replacing a file there) and fsync the target's directory. Io errors name the file.
    [[nodiscard]] Status commit();

private:
    QString m_target;
    QFile m_file;
    bool m_committed = false;
};

/// Fsyncs the directory `dir`, so the entries created, renamed or removed in it survive a crash.
/// Io error naming the directory.
[[nodiscard]] Status syncDirectory(const QString &dir);

/// The bytes of a file written so far, handed to the disk as they come rather than all at the
/// final fsync or syncfs: once `to - from` reaches `step` bytes (any, with `step` 0), asks the
/// kernel to start writing `[from, to)` of `fd` (sync_file_range, no wait) and moves `from` to
/// `to`. Only a hint: errors surface at the sync that follows. True when it asked.
bool startWriteback(int fd, qint64 &from, qint64 to, qint64 step);
/// The step writers of big files use: 8 MiB.
inline constexpr qint64 kWritebackStepBytes = 8 << 20;

} // namespace tidemark
