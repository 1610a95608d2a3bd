#pragma once

#include "common/Error.h"
#include "store/Lmdb.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>

namespace tidemark {

/// A consistent copy of a live LMDB file, read as a stream: the bytes a non-compacting
/// `mdb_env_copyfd2(env, fd, 0)` would write at the view's moment, with their exact size known
/// before the first byte, and no file of its own.
///
/// open() begins a read transaction and captures what the copy needs while no writer commits:
/// both meta pages, the last page number and the page size. read() then hands out the captured
/// meta pages followed by pages 2..last of the file, read with pread() from the environment's
/// own descriptor straight into the caller's buffer. The transaction keeps every page of its
/// moment from being reused, so those bytes stay as they were; pages free at that moment may be
/// overwritten meanwhile, which does not matter: nothing in the copy refers to them.
///
/// Memory: two pages plus the caller's buffer; the map is never read after open(), so neither a
/// writer that grows (remaps) it nor the size of the file costs memory here.
///
/// Meanwhile the file grows: pages that writers free after the view's moment cannot be reused
/// until the view ends (see README.md, "Read views and file growth"). End views early: close().
///
/// Threads: open() where the caller can hold off writers (see there); read() and close() from any
/// one thread at a time (the environment is `MDB_NOTLS`). The view keeps the environment open for
/// as long as it lives, even if its file is removed meanwhile (a dropped database).
///
/// Example:
/// @code
///   std::unique_ptr<LmdbReadView> view;
///   {
///       std::lock_guard lock(writeMutex); // No commit on env while the view opens.
///       auto opened = LmdbReadView::open(env);
///       if (!opened) return opened.error();
///       view = opened.takeValue();
///   }
///   entry.begin(name, view->size()); // E.g. a tar header, which needs the size first.
///   std::vector<char> block(1 << 20);
///   for (qsizetype n; (n = view->read(block.data(), qsizetype(block.size()))) > 0;)
///       entry.append(block.data(), n);
///   if (!view->error().message.isEmpty()) return view->error();
///   view->close(); // As soon as the file is copied: an open view lets the file grow.
/// @endcode
class LmdbReadView {
    Q_DECLARE_TR_FUNCTIONS(LmdbReadView)

public:
    ~LmdbReadView();
    LmdbReadView(const LmdbReadView &) = delete;
    LmdbReadView &operator=(const LmdbReadView &) = delete;

    /// Opens a read transaction on `env` and captures what the copy needs (both meta pages, the
    /// last page number, the page size, and the recorded index).
    ///
    /// The caller guarantees that no write transaction runs on `env` in this process during this
    /// call (DataNode holds its write mutex): a commit would change the meta pages being captured,
    /// and a writer growing the map remaps what the capture reads. A commit is detected (the
    /// newest transaction id, `mdb_env_info`'s `me_last_txnid`, must equal the view's before and
    /// after the meta pages are read) and fails with ErrorCode::State; Io errors name the file.
    [[nodiscard]] static Result<std::unique_ptr<LmdbReadView>> open(std::shared_ptr<LmdbEnv> env);

    /// Exactly the number of bytes read() produces: (last page number + 1) × page size, capped at
    /// the file's size at open() (as `mdb_env_copyfd2` does; trailing pages may be free and not
    /// yet written). Files only grow, so the bytes are there until the end.
    [[nodiscard]] qint64 size() const { return m_size; }
    /// The id of the view's read transaction: the newest commit at open().
    [[nodiscard]] quint64 txnId() const { return m_txnId; }
    /// The index recorded in the file at the view's moment (table `meta`, key `index`, 8-byte
    /// big-endian, as the meta store and shards write it; see readRecordedIndex()); 0 when the
    /// file has no such table or key. Read during open(), so it is no lookup beside writers.
    [[nodiscard]] quint64 recordedIndex() const { return m_recordedIndex; }
    /// The environment's file.
    [[nodiscard]] const QString &path() const { return m_path; }
    /// The bytes read so far.
    [[nodiscard]] qint64 position() const { return m_position; }

    /// Sequential reading: fills up to `capacity` bytes of `buffer` (less only at the end), returns
    /// the count, 0 at the end (or for a `capacity` of 0), -1 on error (then error() says what,
    /// naming the file; every later call fails the same way). Large buffers (a MiB) mean few
    /// system calls.
    [[nodiscard]] qsizetype read(char *buffer, qsizetype capacity);
    /// The error of the last failed read(); empty message otherwise.
    [[nodiscard]] const Error &error() const { return m_error; }

    /// Ends the read transaction early (writers may reuse its pages again) and lets go of the
    /// environment; read() fails afterwards. The destructor does it too.
    void close();

private:
    LmdbReadView() = default;
    qsizetype fail(Error error);

    // Declared before m_txn, so the transaction ends before the environment may close.
    std::shared_ptr<LmdbEnv> m_env;
    std::optional<LmdbTxn> m_txn;
    QString m_path;
    int m_fd = -1;
    QByteArray m_metas; ///< The first NUM_METAS (2) pages, as they were at open().
    qint64 m_size = 0;
    qint64 m_position = 0;
    quint64 m_txnId = 0;
    quint64 m_recordedIndex = 0;
    Error m_error{ErrorCode::Ok, {}, {}};
};

} // namespace tidemark
