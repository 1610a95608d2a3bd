#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <lmdb.h>

#include <functional>
#include <memory>
#include <optional>

namespace tidemark {

/// One LMDB environment stored as a single file (`MDB_NOSUBDIR`): `<path>` plus `<path>-lock`.
///
/// The map starts small and doubles when a write transaction hits `MDB_MAP_FULL` (see
/// LmdbEnv::write), so files stay small on disk and never run out of map. Read-only environments
/// follow a writer that grew the map (`MDB_MAP_RESIZED`). Opened with `MDB_NOTLS`, so a read
/// transaction may be used from any thread, one thread at a time.
///
/// open() is the one place that opens an LMDB environment; nothing outside core/store calls
/// LMDB itself.
class LmdbEnv {
    Q_DECLARE_TR_FUNCTIONS(LmdbEnv)

public:
    /// How to open an environment, named at each call site, e.g.
    /// `LmdbEnv::open(path, {.readOnly = true, .maxDbs = 4})` or
    /// `LmdbEnv::open(path, LmdbEnv::Options::closedCopy())`.
    ///
    /// Not options, because every Tidemark LMDB file is the same: one file (`MDB_NOSUBDIR`),
    /// `MDB_NOTLS`, mode 0640, and a map that sizes itself (a writer starts at 64 MiB or twice
    /// the file's size, whichever is larger, and doubles it on `MDB_MAP_FULL`).
    struct Options {
        /// `MDB_RDONLY`: never creates the file, never writes; runs beside a writer in another
        /// process (through the lock file) unless `noLock`.
        bool readOnly = false;
        /// How many named tables the environment may open (`mdb_env_set_maxdbs`).
        unsigned maxDbs = 8;
        /// `MDB_NOLOCK`: no `-lock` file and no reader table; only for files no other process
        /// opens meanwhile.
        bool noLock = false;

        /// A closed copy of a Tidemark file that nothing else opens (a snapshot's staged copy, a
        /// file extracted for verification): read-only, without a lock file.
        [[nodiscard]] static constexpr Options closedCopy() { return {.readOnly = true, .noLock = true}; }
    };

    ~LmdbEnv();
    LmdbEnv(const LmdbEnv &) = delete;
    LmdbEnv &operator=(const LmdbEnv &) = delete;

    /// Opens (and, unless read-only, creates) the environment file at `path`; a read-only open
    /// of a missing file is ErrorCode::NotFound naming it.
    [[nodiscard]] static Result<std::unique_ptr<LmdbEnv>> open(const QString &path, Options options);

    [[nodiscard]] MDB_env *handle() const { return m_env; }
    [[nodiscard]] const QString &path() const { return m_path; }

    /// Runs `body` in a write transaction and commits it. When the map is full the transaction is
    /// aborted, the map doubled and `body` run again, so `body` must only depend on its inputs.
    [[nodiscard]] Status write(const std::function<Status(class LmdbTxn &)> &body);

    /// An error naming this environment's file, from an LMDB return code.
    [[nodiscard]] Error error(int rc, const QString &what) const;

private:
    LmdbEnv() = default;
    [[nodiscard]] Status growMap();

    MDB_env *m_env = nullptr;
    QString m_path;
};

/// A transaction that aborts on destruction unless committed. Values returned by get() are
/// copied out, so they stay valid after the transaction ends.
class LmdbTxn {
    // The context of LmdbEnv: check() translates the QT_TRANSLATE_NOOP("LmdbEnv", ...) texts of
    // its callers, and the messages name the environment's file.
    Q_DECLARE_TR_FUNCTIONS(LmdbEnv)

public:
    ~LmdbTxn();
    LmdbTxn(LmdbTxn &&other) noexcept;
    LmdbTxn &operator=(LmdbTxn &&) = delete;
    LmdbTxn(const LmdbTxn &) = delete;

    /// Begins a transaction; a read-only one survives a concurrent map resize by a writer.
    [[nodiscard]] static Result<LmdbTxn> begin(LmdbEnv &env, bool readOnly);

    /// Opens a named sub-database; `create` only in a write transaction.
    [[nodiscard]] Result<MDB_dbi> dbi(const char *name, bool create);
    /// The value of `key`, or nullopt when absent.
    [[nodiscard]] Result<std::optional<QByteArray>> get(MDB_dbi dbi, QByteArrayView key);
    /// The 8-byte big-endian number stored at `key`, or nullopt when absent; State error naming
    /// the file and key when the value is not 8 bytes long.
    [[nodiscard]] Result<std::optional<quint64>> getU64(MDB_dbi dbi, const char *key);
    [[nodiscard]] Status put(MDB_dbi dbi, QByteArrayView key, QByteArrayView value);
    /// Puts `key` only when it is absent: true when inserted; false when it exists, with its
    /// current value copied to `existing` (one B-tree search either way).
    [[nodiscard]] Result<bool> insert(MDB_dbi dbi, QByteArrayView key, QByteArrayView value, QByteArray *existing);
    /// Removes `key`; absent keys are not an error.
    [[nodiscard]] Status remove(MDB_dbi dbi, QByteArrayView key);
    /// Calls `visit(key, value)` for every entry in key order until it returns false. The views
    /// point into the map and are valid only during the call.
    [[nodiscard]] Status forEach(MDB_dbi dbi, const std::function<bool(QByteArrayView, QByteArrayView)> &visit);
    [[nodiscard]] Status commit();

    /// True when the last failure was MDB_MAP_FULL (LmdbEnv::write then grows the map).
    [[nodiscard]] bool mapFull() const { return m_mapFull; }
    /// The transaction's id (`mdb_txn_id`): for a read transaction, the commit it sees.
    [[nodiscard]] quint64 id() const { return mdb_txn_id(m_txn); }
    /// The LMDB handle, for the store classes that need more than the calls above.
    [[nodiscard]] MDB_txn *handle() const { return m_txn; }

private:
    LmdbTxn(LmdbEnv *env, MDB_txn *txn) : m_env(env), m_txn(txn) {}
    Status check(int rc, const char *what);

    LmdbEnv *m_env = nullptr;
    MDB_txn *m_txn = nullptr;
    bool m_mapFull = false;
};

/// The index recorded in a closed Tidemark LMDB file (meta store or shard: table `meta`, key
/// `index`; 0 when absent), e.g. a snapshot copy. Opened as Options::closedCopy().
[[nodiscard]] Result<quint64> readRecordedIndex(const QString &path);

} // namespace tidemark
