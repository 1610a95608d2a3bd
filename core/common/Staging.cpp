#include "common/Staging.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

// rename(2): atomic, replaces a file (or an empty directory) at `to`.
bool renamePath(const QString &from, const QString &to)
{
    return ::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

} // namespace

bool startWriteback(int fd, qint64 &from, qint64 to, qint64 step)
{
    if (fd < 0 || to <= from || to - from < step)
        return false;
    (void)::sync_file_range(fd, from, to - from, SYNC_FILE_RANGE_WRITE);
    from = to;
    return true;
}

Status syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io,
                         QCoreApplication::translate("Staging", "Cannot open directory '%1' to sync it: %2")
                             .arg(dir, systemError()));
    const int rc = ::fsync(fd);
    const QString reason = rc == 0 ? QString() : systemError();
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorCode::Io,
                         QCoreApplication::translate("Staging", "Cannot sync directory '%1': %2").arg(dir, reason));
    return {};
}

Result<StagingDir> StagingDir::create(const QString &path)
{
    StagingDir staging(path);
    QDir(path).removeRecursively();
    if (!QDir().mkpath(path)) {
        staging.commit(); // Nothing of ours to remove.
        return makeError(ErrorCode::Io, tr("Cannot create the staging directory '%1'").arg(path),
                         tr("Check free space and permissions of '%1'.").arg(QFileInfo(path).path()));
    }
    return staging;
}

StagingDir::StagingDir(StagingDir &&other) noexcept
    : m_path(std::move(other.m_path)), m_committed(std::exchange(other.m_committed, true))
{
}

StagingDir::~StagingDir()
{
    if (!m_committed && !m_path.isEmpty())
        QDir(m_path).removeRecursively();
}

QString StagingDir::filePath(const QString &name) const
{
    return m_path + QLatin1Char('/') + name;
}

Status StagingDir::commitAs(const QString &target)
{
    if (!renamePath(m_path, target))
        return makeError(ErrorCode::Io, tr("Cannot rename '%1' to '%2': %3").arg(m_path, target, systemError()));
    m_path = target;
    m_committed = true;
    return syncDirectory(QFileInfo(target).path());
}

StagedFile::StagedFile(QString target, const QString &suffix) : m_target(std::move(target)), m_file(m_target + suffix)
{
}

StagedFile::~StagedFile()
{
    if (!m_committed) {
        m_file.close();
        QFile::remove(m_file.fileName());
    }
}

Status StagedFile::open()
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, tr("Cannot create '%1': %2").arg(m_file.fileName(), m_file.errorString()));
    return {};
}

Status StagedFile::commit()
{
    if (!m_file.flush() || ::fsync(m_file.handle()) != 0)
        return makeError(ErrorCode::Io, tr("Cannot sync '%1': %2").arg(m_file.fileName(), m_file.errorString()));
    m_file.close();
    if (!renamePath(m_file.fileName(), m_target))
        return makeError(ErrorCode::Io,
                         tr("Cannot rename '%1' to '%2': %3").arg(m_file.fileName(), m_target, systemError()));
    m_committed = true;
    return syncDirectory(QFileInfo(m_target).path());
}

} // namespace tidemark
