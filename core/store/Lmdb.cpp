#include "store/Lmdb.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

constexpr size_t kInitialMapSize = 64ULL << 20;
constexpr size_t kMaxMapSize = 1ULL << 40;
constexpr int kMaxGrowAttempts = 16;

MDB_val toVal(QByteArrayView bytes)
{
    return MDB_val{static_cast<size_t>(bytes.size()), const_cast<char *>(bytes.data())};
}

QByteArrayView toView(const MDB_val &v)
{
    return QByteArrayView(static_cast<const char *>(v.mv_data), static_cast<qsizetype>(v.mv_size));
}

} // namespace

LmdbEnv::~LmdbEnv()
{
    if (m_env)
        mdb_env_close(m_env);
}

Error LmdbEnv::error(int rc, const QString &what) const
{
    const QString reason = QString::fromLocal8Bit(mdb_strerror(rc));
    QString hint;
    if (rc == ENOSPC)
        hint = tr("Free space on the filesystem that holds this file.");
    else if (rc == EACCES)
        hint = tr("Check the ownership and permissions of the file and its directory.");
    else if (rc == MDB_INVALID || rc == MDB_CORRUPTED || rc == MDB_VERSION_MISMATCH)
        hint = tr("The file is not a valid LMDB environment; restore it from a backup.");
    return makeError(ErrorCode::Io, tr("%1 '%2': %3").arg(what, m_path, reason), hint);
}

Result<std::unique_ptr<LmdbEnv>> LmdbEnv::open(const QString &path, Options options)
{
    std::unique_ptr<LmdbEnv> env(new LmdbEnv());
    env->m_path = path;
    if (int rc = mdb_env_create(&env->m_env); rc != MDB_SUCCESS) {
        env->m_env = nullptr;
        return env->error(rc, tr("Cannot create LMDB environment for"));
    }
    if (int rc = mdb_env_set_maxdbs(env->m_env, options.maxDbs); rc != MDB_SUCCESS)
        return env->error(rc, tr("Cannot configure"));
    if (!options.readOnly) {
        // Never shrink an existing file's map: start at its size when it is larger.
        const size_t existing = static_cast<size_t>(QFileInfo(path).size());
        const size_t size = std::max(kInitialMapSize, existing * 2);
        if (int rc = mdb_env_set_mapsize(env->m_env, size); rc != MDB_SUCCESS)
            return env->error(rc, tr("Cannot size map of"));
    } else if (!QFileInfo::exists(path)) {
        return makeError(ErrorCode::NotFound, tr("LMDB file '%1' does not exist").arg(path));
    }
    const unsigned flags =
        MDB_NOSUBDIR | MDB_NOTLS | (options.readOnly ? MDB_RDONLY : 0u) | (options.noLock ? MDB_NOLOCK : 0u);
    if (int rc = mdb_env_open(env->m_env, path.toLocal8Bit().constData(), flags, 0640); rc != MDB_SUCCESS)
        return env->error(rc, tr("Cannot open LMDB file"));
    return env;
}

Status LmdbEnv::growMap()
{
    MDB_envinfo info{};
    mdb_env_info(m_env, &info);
    const size_t next = info.me_mapsize * 2;
    if (next > kMaxMapSize)
        return makeError(ErrorCode::Io, tr("LMDB file '%1' reached the maximum map size").arg(m_path));
    if (int rc = mdb_env_set_mapsize(m_env, next); rc != MDB_SUCCESS)
        return error(rc, tr("Cannot grow map of"));
    return {};
}

Status LmdbEnv::write(const std::function<Status(LmdbTxn &)> &body)
{
    for (int attempt = 0; attempt < kMaxGrowAttempts; ++attempt) {
        bool mapFull = false;
        {
            auto txn = LmdbTxn::begin(*this, false);
            if (!txn)
                return txn.error();
            Status status = body(txn.value());
            if (status)
                status = txn->commit();
            if (status)
                return status;
            if (!txn->mapFull())
                return status;
            mapFull = true;
        } // The transaction is aborted here, before the map may be resized.
        if (mapFull) {
            if (Status grown = growMap(); !grown)
                return grown;
        }
    }
    return makeError(ErrorCode::Io, tr("LMDB file '%1' stays full after growing its map").arg(m_path));
}

LmdbTxn::~LmdbTxn()
{
    if (m_txn)
        mdb_txn_abort(m_txn);
}

LmdbTxn::LmdbTxn(LmdbTxn &&other) noexcept
    : m_env(other.m_env), m_txn(std::exchange(other.m_txn, nullptr)), m_mapFull(other.m_mapFull)
{
}

Result<LmdbTxn> LmdbTxn::begin(LmdbEnv &env, bool readOnly)
{
    MDB_txn *txn = nullptr;
    int rc = mdb_txn_begin(env.handle(), nullptr, readOnly ? MDB_RDONLY : 0, &txn);
    if (rc == MDB_MAP_RESIZED) {
        // Another process grew the map; adopt its size (0 = the size now in the file).
        mdb_env_set_mapsize(env.handle(), 0);
        rc = mdb_txn_begin(env.handle(), nullptr, readOnly ? MDB_RDONLY : 0, &txn);
    }
    if (rc != MDB_SUCCESS)
        return env.error(rc, tr("Cannot begin a transaction on"));
    return LmdbTxn(&env, txn);
}

Status LmdbTxn::check(int rc, const char *what)
{
    if (rc == MDB_SUCCESS)
        return {};
    m_mapFull = rc == MDB_MAP_FULL || rc == MDB_TXN_FULL;
    return m_env->error(rc, tr(what));
}

Result<MDB_dbi> LmdbTxn::dbi(const char *name, bool create)
{
    MDB_dbi dbi = 0;
    const int rc = mdb_dbi_open(m_txn, name, create ? MDB_CREATE : 0, &dbi);
    if (rc == MDB_NOTFOUND)
        return makeError(ErrorCode::State, tr("LMDB file '%1' has no '%2' table; it was not written by tidemarkd")
                                               .arg(m_env->path(), QString::fromUtf8(name)));
    if (Status s = check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot open a table in")); !s)
        return s.error();
    return dbi;
}

Result<std::optional<QByteArray>> LmdbTxn::get(MDB_dbi dbi, QByteArrayView key)
{
    MDB_val k = toVal(key);
    MDB_val v{};
    const int rc = mdb_get(m_txn, dbi, &k, &v);
    if (rc == MDB_NOTFOUND)
        return std::optional<QByteArray>();
    if (Status s = check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot read from")); !s)
        return s.error();
    return std::optional<QByteArray>(toView(v).toByteArray());
}

Result<std::optional<quint64>> LmdbTxn::getU64(MDB_dbi dbi, const char *key)
{
    auto value = get(dbi, QByteArrayView(key));
    if (!value)
        return value.error();
    if (!value.value())
        return std::optional<quint64>();
    const QByteArray &bytes = *value.value();
    if (bytes.size() != 8)
        return makeError(ErrorCode::State,
                         tr("'%1': key '%2' is not an 8-byte number").arg(m_env->path(), QString::fromUtf8(key)),
                         tr("The file is damaged; restore it from a backup."));
    quint64 v = 0;
    for (char c : bytes)
        v = (v << 8) | static_cast<unsigned char>(c);
    return std::optional<quint64>(v);
}

Result<quint64> readRecordedIndex(const QString &path)
{
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy());
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    auto dbi = txn->dbi("meta", false);
    if (!dbi)
        return dbi.error();
    auto index = txn->getU64(dbi.value(), "index");
    if (!index)
        return index.error();
    return index.value().value_or(0);
}

Status LmdbTxn::put(MDB_dbi dbi, QByteArrayView key, QByteArrayView value)
{
    MDB_val k = toVal(key);
    MDB_val v = toVal(value);
    return check(mdb_put(m_txn, dbi, &k, &v, 0), QT_TRANSLATE_NOOP("LmdbEnv", "Cannot write to"));
}

Result<bool> LmdbTxn::insert(MDB_dbi dbi, QByteArrayView key, QByteArrayView value, QByteArray *existing)
{
    MDB_val k = toVal(key);
    MDB_val v = toVal(value);
    const int rc = mdb_put(m_txn, dbi, &k, &v, MDB_NOOVERWRITE);
    if (rc == MDB_KEYEXIST) {
        *existing = toView(v).toByteArray(); // On MDB_KEYEXIST, v points at the stored value.
        return false;
    }
    if (Status s = check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot write to")); !s)
        return s.error();
    return true;
}

Status LmdbTxn::remove(MDB_dbi dbi, QByteArrayView key)
{
    MDB_val k = toVal(key);
    const int rc = mdb_del(m_txn, dbi, &k, nullptr);
    if (rc == MDB_NOTFOUND)
        return {};
    return check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot delete from"));
}

Status LmdbTxn::forEach(MDB_dbi dbi, const std::function<bool(QByteArrayView, QByteArrayView)> &visit)
{
    MDB_cursor *cursor = nullptr;
    if (Status s = check(mdb_cursor_open(m_txn, dbi, &cursor), QT_TRANSLATE_NOOP("LmdbEnv", "Cannot read from")); !s)
        return s;
    MDB_val k{};
    MDB_val v{};
    int rc = mdb_cursor_get(cursor, &k, &v, MDB_FIRST);
    while (rc == MDB_SUCCESS) {
        if (!visit(toView(k), toView(v)))
            break;
        rc = mdb_cursor_get(cursor, &k, &v, MDB_NEXT);
    }
    mdb_cursor_close(cursor);
    if (rc == MDB_NOTFOUND)
        return {};
    return check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot read from"));
}

Status LmdbTxn::commit()
{
    const int rc = mdb_txn_commit(std::exchange(m_txn, nullptr));
    return check(rc, QT_TRANSLATE_NOOP("LmdbEnv", "Cannot commit to"));
}

} // namespace tidemark
