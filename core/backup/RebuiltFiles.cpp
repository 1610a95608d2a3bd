#include "backup/RebuiltFiles.h"

#include "snapshot/FileRebuild.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

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
    m_writer.reset();
    // The file is neither the version before nor the one begun.
    m_kept.erase(m_file.name);
    QFile::remove(path(m_file.name));
}

Status RebuiltFiles::begin(const ManifestFile &file, const QString &where)
{
    abort();
    m_file = file;
    m_where = where;
    m_error.reset();
    const QString target = path(file.name);
    if (file.isDelta()) {
        const auto it = m_kept.find(file.name);
        if (it == m_kept.end())
            return makeError(ErrorCode::Integrity,
                             (file.isBlockLink()
                                  ? tr("%1 holds changed blocks, but no earlier link holds a version of it")
                                  : tr("%1 holds references into an earlier version, but no earlier link holds one"))
                                 .arg(where),
                             tr("The chain is incomplete or damaged: restore up to an earlier link (--upto), or "
                                "from another backup."));
        if (it->second != file.deltaBase())
            return makeError(ErrorCode::Integrity,
                             (file.isBlockLink() ? tr("%1 holds changed blocks of the version with checksum %2, but "
                                                      "the chain's version before it has checksum %3")
                                                 : tr("%1 holds references into the version with checksum %2, but "
                                                      "the chain's version before it has checksum %3"))
                                 .arg(where, file.deltaBase(), it->second),
                             tr("The chain is incomplete or damaged: restore up to an earlier link (--upto), or "
                                "from another backup."));
    }
    auto opened = FileRebuild::openFile(target, !file.isDelta());
    if (!opened)
        return opened.error();
    m_fd = opened.value();
    m_writer.emplace(m_fd, file, where, target);
    return {};
}

bool RebuiltFiles::write(const char *data, qsizetype size)
{
    if (m_fd < 0 && !m_error)
        m_error = makeError(ErrorCode::Failure, tr("%1: no entry begun").arg(m_where));
    if (m_error)
        return false;
    if (Status s = m_writer->write(data, size); !s) {
        m_error = s.error();
        return false;
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
    if (Status s = m_writer->finish(); !s) {
        abort();
        return s;
    }
    const QString target = path(m_file.name);
    const bool patched = m_writer->isDelta();
    m_writer.reset();
    const int closed = ::close(m_fd);
    const QString reason = QString::fromLocal8Bit(strerror(errno));
    m_fd = -1;
    if (closed != 0) {
        const Error e = makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(target, reason),
                                  tr("Check free space and permissions of the scratch directory."));
        m_kept.erase(m_file.name);
        QFile::remove(target);
        return e;
    }
    m_kept.erase(m_file.name);
    if (patched) {
        // Only the whole rebuilt file proves the block link right.
        if (Status s = FileRebuild::checkRebuilt(target, m_file.fileChecksum(), m_where); !s) {
            QFile::remove(target);
            return s;
        }
    }
    m_kept[m_file.name] = m_file.fileChecksum();
    return {};
}

} // namespace tidemark
