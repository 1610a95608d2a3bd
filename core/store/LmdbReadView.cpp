#include "store/LmdbReadView.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace tidemark {

namespace {

// LMDB keeps two meta pages (pages 0 and 1) and writes the newest commit's root to one of them
// in turn; a file is never smaller than these two.
constexpr qint64 kMetaPages = 2;

QString systemError(int error)
{
    return QString::fromLocal8Bit(::strerror(error));
}

} // namespace

LmdbReadView::~LmdbReadView()
{
    close();
}

Result<std::unique_ptr<LmdbReadView>> LmdbReadView::open(std::shared_ptr<LmdbEnv> env)
{
    std::unique_ptr<LmdbReadView> view(new LmdbReadView());
    view->m_env = std::move(env);
    LmdbEnv &lmdb = *view->m_env;
    view->m_path = lmdb.path();
    MDB_env *handle = lmdb.handle();
    const auto committedMeanwhile = [&view] {
        return makeError(
            ErrorCode::State,
            tr("A write transaction committed on LMDB file '%1' while a read view of it opened").arg(view->m_path),
            tr("This is a bug in Tidemark: read views must open while writers wait. Please report it."));
    };

    // The recorded index, in a transaction of its own that ends here: a table handle opened in
    // the view's long transaction would be shared with writers until it ends.
    quint64 indexTxnId = 0;
    {
        auto txn = LmdbTxn::begin(lmdb, true);
        if (!txn)
            return txn.error();
        indexTxnId = txn->id();
        MDB_dbi dbi = 0;
        const int rc = mdb_dbi_open(txn->handle(), "meta", 0, &dbi);
        if (rc == MDB_SUCCESS) {
            auto index = txn->getU64(dbi, "index");
            if (!index)
                return index.error();
            view->m_recordedIndex = index.value().value_or(0);
        } else if (rc != MDB_NOTFOUND) {
            return lmdb.error(rc, tr("Cannot read from"));
        }
    }

    auto txn = LmdbTxn::begin(lmdb, true);
    if (!txn)
        return txn.error();
    view->m_txnId = txn->id();
    view->m_txn.emplace(txn.takeValue());
    if (view->m_txnId != indexTxnId)
        return committedMeanwhile();

    MDB_envinfo info{};
    if (int rc = mdb_env_info(handle, &info); rc != MDB_SUCCESS)
        return lmdb.error(rc, tr("Cannot read the state of"));
    if (info.me_last_txnid != view->m_txnId)
        return committedMeanwhile();
    MDB_stat stat{};
    if (int rc = mdb_env_stat(handle, &stat); rc != MDB_SUCCESS)
        return lmdb.error(rc, tr("Cannot read the state of"));
    if (int rc = mdb_env_get_fd(handle, &view->m_fd); rc != MDB_SUCCESS)
        return lmdb.error(rc, tr("Cannot read the state of"));
    const qint64 pageSize = stat.ms_psize;

    // Both meta pages as they are now: one holds the view's commit, the other the one before.
    view->m_metas.resize(kMetaPages * pageSize);
    for (qint64 done = 0; done < view->m_metas.size();) {
        const ssize_t n = ::pread(view->m_fd, view->m_metas.data() + done, view->m_metas.size() - done, done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return makeError(
                ErrorCode::Io,
                tr("Cannot read LMDB file '%1' at byte %2: %3").arg(view->m_path).arg(done).arg(systemError(errno)));
        if (n == 0)
            return makeError(ErrorCode::Integrity,
                             tr("LMDB file '%1' is shorter than its two meta pages").arg(view->m_path),
                             tr("The file is damaged; restore it from a backup."));
        done += n;
    }
    if (int rc = mdb_env_info(handle, &info); rc != MDB_SUCCESS)
        return lmdb.error(rc, tr("Cannot read the state of"));
    if (info.me_last_txnid != view->m_txnId)
        return committedMeanwhile();

    // Pages up to the last one of the view's commit. Trailing pages that the commit allocated and
    // freed again were never written, so the file may end before them: then it ends the copy too.
    struct stat st {};
    if (::fstat(view->m_fd, &st) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot read the size of LMDB file '%1': %2").arg(view->m_path, systemError(errno)));
    view->m_size = std::min<qint64>(static_cast<qint64>(info.me_last_pgno + 1) * pageSize, st.st_size);
    if (view->m_size < view->m_metas.size())
        return makeError(ErrorCode::Integrity,
                         tr("LMDB file '%1' is shorter than its two meta pages").arg(view->m_path),
                         tr("The file is damaged; restore it from a backup."));
    return view;
}

qsizetype LmdbReadView::fail(Error error)
{
    if (m_error.message.isEmpty())
        m_error = std::move(error);
    return -1;
}

qsizetype LmdbReadView::read(char *buffer, qsizetype capacity)
{
    if (!m_error.message.isEmpty())
        return -1;
    if (!m_txn)
        return fail(makeError(ErrorCode::State, tr("The read view of LMDB file '%1' is closed").arg(m_path)));
    qsizetype done = 0;
    while (done < capacity && m_position < m_size) {
        const qint64 wanted = std::min<qint64>(capacity - done, m_size - m_position);
        if (m_position < m_metas.size()) {
            const qint64 n = std::min<qint64>(wanted, m_metas.size() - m_position);
            std::memcpy(buffer + done, m_metas.constData() + m_position, static_cast<size_t>(n));
            done += n;
            m_position += n;
            continue;
        }
        const ssize_t n = ::pread(m_fd, buffer + done, static_cast<size_t>(wanted), m_position);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(makeError(
                ErrorCode::Io,
                tr("Cannot read LMDB file '%1' at byte %2: %3").arg(m_path).arg(m_position).arg(systemError(errno))));
        if (n == 0)
            return fail(makeError(ErrorCode::Io, tr("LMDB file '%1' ended at byte %2, before the %3 bytes of its "
                                                    "read view")
                                                     .arg(m_path)
                                                     .arg(m_position)
                                                     .arg(m_size)));
        done += n;
        m_position += n;
    }
    return done;
}

void LmdbReadView::close()
{
    m_txn.reset();
    m_env.reset();
    m_fd = -1;
    m_metas = QByteArray();
}

} // namespace tidemark
