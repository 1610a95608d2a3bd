#pragma once

#include "common/Error.h"
#include "snapshot/Checksum.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <memory>

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
/// Creates `path` and its parents; the error names the directory, the cause and the fix.
[[nodiscard]] Status makePath(const QString &path);
/// rename(2) of a directory, then fsync of its new parent.
[[nodiscard]] Status renameDir(const QString &from, const QString &to);
/// lchown of `dir` and everything under it.
[[nodiscard]] Status chownTree(const QString &dir, uid_t uid, gid_t gid);
/// Directories whose loss would break the system or someone's home.
[[nodiscard]] bool isProtectedDir(const QString &dir);

/// Syncs the whole file system that holds `dir` (syncfs(2)): every file and directory written
/// there reaches the disk in one call instead of an fsync each. The error names `dir`.
[[nodiscard]] Status syncFileSystem(const QString &dir);

// Reads restored files back and compares their checksums with what they must be, on a thread
// of its own that follows the writers (each file is read back in step with its writing, from
// the page cache, so the check costs no extra wait at the end): what is in the files must be what
// the chain says, not only what went through memory.
class ReadBack {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    using Id = quint64;

    ReadBack();
    ~ReadBack(); ///< Finishes the checks queued.
    ReadBack(const ReadBack &) = delete;
    ReadBack &operator=(const ReadBack &) = delete;

    /// A file being written at `path`.
    [[nodiscard]] Id open(const QString &path);
    /// Its first `upTo` bytes are written: read them back.
    void advance(Id id, qint64 upTo);
    /// It is complete and closed: read the rest back and compare with `checksum`. `rebuiltFrom`
    /// (e.g. "'shards/3', rebuilt from PATH.1 and its block links up to PATH.4"): the file was
    /// rebuilt from block or reference links, so a mismatch means they do not fit together, and the error says
    /// so, starting with that text.
    void close(Id id, const QString &checksum, const QString &rebuiltFrom = {});
    /// Waits for every queued check; the first mismatch or read error, naming the file.
    [[nodiscard]] Status wait();
    /// Ends early: checks still queued are dropped (the restore is being abandoned).
    void cancel();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Writes one restored file as its bytes stream in, without an fsync of its own (the restore syncs
// each file system once, syncFileSystem, before anything is swapped): every kWritebackStepBytes it
// asks the kernel to start writing what came so far (startWriteback), so the disk writes while the
// chain is still being read rather than all at the end, and has `readBack` read it back. The
// file must read back with `checksum`; when none is given (a file no manifest names), with the
// checksum of the bytes written to it.
//
// With ReadBackMode::Later the file is written only (a whole copy that block or reference links change next:
// whoever applies the last one reads the rebuilt file back, ReadBack::close's `rebuiltFrom`).
class StreamedFile {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    enum class ReadBackMode { AsWritten, Later };
    StreamedFile(const QString &path, ReadBack &readBack, QString checksum = {},
                 ReadBackMode mode = ReadBackMode::AsWritten);
    ~StreamedFile();
    StreamedFile(const StreamedFile &) = delete;
    StreamedFile &operator=(const StreamedFile &) = delete;

    /// Creates (or truncates) the file; the error names it and what to check.
    [[nodiscard]] Status open();
    /// Appends; the error names the file and the system's reason (e.g. no space left).
    [[nodiscard]] Status write(const char *bytes, qsizetype size);
    /// Closes the file (a failed close is an error: it may report a lost write) and queues the
    /// read-back of the rest.
    [[nodiscard]] Status close();
    [[nodiscard]] const QString &fileName() const { return m_path; }

private:
    QString m_path;
    ReadBack &m_readBack;
    QString m_checksum;
    ReadBackMode m_mode;
    std::unique_ptr<Checksum> m_hash; ///< Of what was written, when no checksum was given.
    ReadBack::Id m_id = 0;
    int m_fd = -1;
    qint64 m_written = 0;
    qint64 m_flushed = 0; ///< Bytes already handed to writeback (startWriteback).
};

} // namespace tidemark::restorefs
