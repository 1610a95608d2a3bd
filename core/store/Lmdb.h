#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QByteArrayView>
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
class LmdbEnv {
public:
    struct Options {
        bool readOnly = false;
        unsigned maxDbs = 8;
        bool noLock = false; ///< MDB_NOLOCK: for private copies no other process opens.
    };

    ~LmdbEnv();
    LmdbEnv(const LmdbEnv &) = delete;
    LmdbEnv &operator=(const LmdbEnv &) = delete;

    /// Opens (and, unless read-only, creates) the environment file at `path`.
    [[nodiscard]] static Result<std::unique_ptr<LmdbEnv>> open(const QString &path, Options options);

    [[nodiscard]] MDB_env *handle() const { return m_env; }
    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

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
    bool m_readOnly = false;
};

/// A transaction that aborts on destruction unless committed. Values returned by get() are
/// copied out, so they stay valid after the transaction ends.
class LmdbTxn {
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
    /// Number of entries in `dbi`.
    [[nodiscard]] Result<quint64> count(MDB_dbi dbi);
    [[nodiscard]] Status commit();

    [[nodiscard]] MDB_txn *handle() const { return m_txn; }
    /// True when the last failure was MDB_MAP_FULL (LmdbEnv::write then grows the map).
    [[nodiscard]] bool mapFull() const { return m_mapFull; }

private:
    LmdbTxn(LmdbEnv *env, MDB_txn *txn) : m_env(env), m_txn(txn) {}
    Status check(int rc, const char *what);

    LmdbEnv *m_env = nullptr;
    MDB_txn *m_txn = nullptr;
    bool m_mapFull = false;
};

/// The index recorded in a closed Tidemark LMDB file (meta store or shard: table `meta`, key
/// `index`; 0 when absent), e.g. a snapshot copy. Opened read-only without a lock file.
[[nodiscard]] Result<quint64> readRecordedIndex(const QString &path);

} // namespace tidemark
