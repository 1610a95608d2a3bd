#include "restore/RestoreFiles.h"

#include "common/Staging.h"

#include "snapshot/Checksum.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

namespace tidemark::restorefs {

namespace {

// The messages' translation context, as RestoreEngine's and CheckedFile's.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)
};

} // namespace

void stopHook(const char *step)
{
    if (qEnvironmentVariable("TIDEMARK_RESTORE_STOP_AT") == QLatin1String(step))
        ::kill(::getpid(), SIGKILL);
}

QString canonical(const QString &path)
{
    // A symlinked directory is followed even while its target is missing (as in the middle of a
    // swap, when the target was renamed away): the journal and the swap live beside the target.
    QFileInfo info(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
    for (int hops = 0; info.isSymLink() && hops < 40; ++hops)
        info = QFileInfo(QDir::cleanPath(info.symLinkTarget()));
    if (info.exists())
        return info.canonicalFilePath();
    const QString parent = QFileInfo(info.absolutePath()).canonicalFilePath();
    return parent.isEmpty() ? QDir::cleanPath(info.absoluteFilePath()) : parent + QLatin1Char('/') + info.fileName();
}

// True when `dir` is `other` or contains it; compares whole path components ("/a" is not an
// ancestor of "/ab").
bool isSameOrAncestor(const QString &dir, const QString &other)
{
    return other == dir || dir == QLatin1String("/") || other.startsWith(dir + QLatin1Char('/'));
}

qint64 treeBytes(const QString &dir)
{
    qint64 total = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

Status syncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io, Text::tr("Cannot open '%1' to sync it").arg(path));
    const int rc = ::fsync(fd);
    ::close(fd);
    return rc == 0 ? Status{} : makeError(ErrorCode::Io, Text::tr("Cannot sync '%1'").arg(path));
}

// Creates `path` and its parents; the error names the directory, the cause and the fix.
Status makePath(const QString &path)
{
    std::error_code error;
    std::filesystem::create_directories(QFile::encodeName(path).toStdString(), error);
    if (!error)
        return {};
    return makeError(
        ErrorCode::Io, Text::tr("Cannot create '%1': %2").arg(path, QString::fromLocal8Bit(error.message().c_str())),
        Text::tr(
            "Free space there (df -h and df -i show bytes and inodes) or fix its permissions, then run the restore "
            "again; the old data was not touched."));
}

Status renameDir(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return makeError(
            ErrorCode::Io,
            Text::tr("Cannot rename '%1' to '%2': %3").arg(from, to, QString::fromLocal8Bit(::strerror(errno))));
    return syncDirectory(QFileInfo(to).path());
}

Status chownTree(const QString &dir, uid_t uid, gid_t gid)
{
    const auto one = [&](const QString &path) -> Status {
        if (::lchown(QFile::encodeName(path).constData(), uid, gid) != 0)
            return makeError(
                ErrorCode::Io,
                Text::tr("Cannot change the owner of '%1': %2").arg(path, QString::fromLocal8Bit(::strerror(errno))));
        return {};
    };
    if (Status s = one(dir); !s)
        return s;
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        if (Status s = one(it.next()); !s)
            return s;
    }
    return {};
}

// Directories whose loss would break the system or someone's home.
bool isProtectedDir(const QString &dir)
{
    static const QStringList system = {
        QStringLiteral("/"),          QStringLiteral("/bin"),     QStringLiteral("/boot"),
        QStringLiteral("/dev"),       QStringLiteral("/etc"),     QStringLiteral("/home"),
        QStringLiteral("/lib"),       QStringLiteral("/lib32"),   QStringLiteral("/lib64"),
        QStringLiteral("/libx32"),    QStringLiteral("/media"),   QStringLiteral("/mnt"),
        QStringLiteral("/opt"),       QStringLiteral("/proc"),    QStringLiteral("/root"),
        QStringLiteral("/run"),       QStringLiteral("/sbin"),    QStringLiteral("/srv"),
        QStringLiteral("/sys"),       QStringLiteral("/tmp"),     QStringLiteral("/usr"),
        QStringLiteral("/usr/bin"),   QStringLiteral("/usr/lib"), QStringLiteral("/usr/local"),
        QStringLiteral("/usr/share"), QStringLiteral("/var"),     QStringLiteral("/var/lib"),
        QStringLiteral("/var/log"),   QStringLiteral("/var/tmp"), QStringLiteral("/var/cache")};
    if (system.contains(dir) || QFileInfo(dir).path() == QLatin1String("/home"))
        return true;
    const QString home = QDir::homePath();
    return !home.isEmpty() && home != QLatin1String("/") && dir == canonical(home);
}

// Fsyncs every directory under `root` and `root` itself, so new entries survive a crash.
Status syncTree(const QString &root)
{
    QStringList dirs;
    QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        dirs << it.next();
    dirs << root;
    for (const QString &dir : dirs) {
        if (Status s = syncDirectory(dir); !s)
            return s;
    }
    return {};
}

} // namespace tidemark::restorefs
