#include "backup/RebuiltFiles.h"

#include "snapshot/FileRebuild.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

Error ioError(const QString &path, const QString &doing)
{
    return makeError(ErrorCode::Io,
                     RebuiltFiles::tr("Cannot %1 '%2': %3").arg(doing, path, QString::fromLocal8Bit(strerror(errno))),
                     RebuiltFiles::tr("Check free space and permissions of the scratch directory."));
}

} // namespace

RebuiltFiles::RebuiltFiles(QString directory) : m_directory(std::move(directory))
{
}

RebuiltFiles::~RebuiltFiles()
{
    abort();
    for (const auto &[name, checksum] : m_kept)
        QFile::remove(path(name));
}

QString RebuiltFiles::path(const QString &name) const
{
    // `meta` or `shards/<id>` (Manifest::isValidFileName): a flat name in the directory.
    return m_directory + QLatin1Char('/') + QString(name).replace(QLatin1Char('/'), QLatin1Char('-'));
}

QString RebuiltFiles::checksum(const QString &name) const
{
    const auto it = m_kept.find(name);
    return it == m_kept.end() ? QString() : it->second;
}

void RebuiltFiles::remove(const QString &name)
{
    if (m_kept.erase(name))
        QFile::remove(path(name));
}

void RebuiltFiles::abort()
{
    if (m_fd < 0)
        return;
    ::close(m_fd);
    m_fd = -1;
    m_applier.reset();
    // The file is neither the version before nor the one begun.
    m_kept.erase(m_file.name);
    QFile::remove(path(m_file.name));
}

Status RebuiltFiles::begin(const ManifestFile &file, const QString &where)
{
    abort();
    m_file = file;
    m_where = where;
    m_position = 0;
    m_error.reset();
    const QString target = path(file.name);
    int flags = O_RDWR | O_CREAT | O_CLOEXEC;
    if (file.isBlockLink()) {
        const auto it = m_kept.find(file.name);
        if (it == m_kept.end())
            return makeError(ErrorCode::Integrity,
                             tr("%1 holds changed blocks, but no earlier link holds a version of it").arg(where),
                             tr("The chain is incomplete or damaged: restore up to an earlier link (--upto), or "
                                "from another backup."));
        if (it->second != file.blocks.base)
            return makeError(ErrorCode::Integrity,
                             tr("%1 holds changed blocks of the version with checksum %2, but the chain's version "
                                "before it has checksum %3")
                                 .arg(where, file.blocks.base, it->second),
                             tr("The chain is incomplete or damaged: restore up to an earlier link (--upto), or "
                                "from another backup."));
    } else {
        flags |= O_TRUNC;
    }
    m_fd = ::open(QFile::encodeName(target).constData(), flags, 0600);
    if (m_fd < 0)
        return ioError(target, tr("create"));
    if (file.isBlockLink())
        m_applier.emplace(m_fd, file.blocks.blockSize, file.blocks.fileSize, where);
    return {};
}

bool RebuiltFiles::write(const char *data, qsizetype size)
{
    if (m_fd < 0 && !m_error)
        m_error = makeError(ErrorCode::Failure, tr("%1: no entry begun").arg(m_where));
    if (m_error)
        return false;
    if (m_applier) {
        if (Status s = m_applier->write(data, size); !s) {
            m_error = s.error();
            return false;
        }
        return true;
    }
    for (qsizetype done = 0; done < size;) {
        const ssize_t n = ::pwrite(m_fd, data + done, static_cast<size_t>(size - done), m_position);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_error = ioError(path(m_file.name), tr("write"));
            return false;
        }
        done += n;
        m_position += n;
    }
    return true;
}

Status RebuiltFiles::end()
{
    if (m_fd < 0)
        return makeError(ErrorCode::Failure, tr("%1: no entry begun").arg(m_where));
    if (m_error) {
        const Error e = *m_error;
        abort();
        return e;
    }
    if (m_applier) {
        if (Status s = m_applier->finish(); !s) {
            abort();
            return s;
        }
    }
    const QString target = path(m_file.name);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        m_applier.reset();
        m_kept.erase(m_file.name);
        QFile::remove(target);
        return ioError(target, tr("write"));
    }
    m_fd = -1;
    const bool patched = m_applier.has_value();
    m_applier.reset();
    m_kept.erase(m_file.name);
    if (patched) {
        // Only the whole rebuilt file proves the block link right.
        if (Status s = FileRebuild::checkRebuilt(target, m_file.blocks.fileChecksum, m_where); !s) {
            QFile::remove(target);
            return s;
        }
    }
    m_kept[m_file.name] = m_file.fileChecksum();
    return {};
}

} // namespace tidemark
