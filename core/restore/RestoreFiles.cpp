#include "restore/RestoreFiles.h"

#include "common/Staging.h"

#include "snapshot/Checksum.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>

#include <condition_variable>
#include <csignal>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

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

Status syncFileSystem(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return makeError(
            ErrorCode::Io,
            Text::tr("Cannot open '%1' to sync it: %2").arg(dir, QString::fromLocal8Bit(::strerror(errno))));
    const int rc = ::syncfs(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0)
        return makeError(
            ErrorCode::Io,
            Text::tr("Cannot sync the file system of '%1': %2").arg(dir, QString::fromLocal8Bit(::strerror(error))),
            Text::tr("The disk may be full or failing (dmesg tells); the old data was not touched."));
    return {};
}

StreamedFile::StreamedFile(const QString &path, ReadBack &readBack, QString checksum, ReadBackMode mode)
    : m_path(path), m_readBack(readBack), m_checksum(std::move(checksum)), m_mode(mode),
      m_hash(m_checksum.isEmpty() && mode == ReadBackMode::AsWritten ? std::make_unique<Checksum>() : nullptr)
{
}

StreamedFile::~StreamedFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Status StreamedFile::open()
{
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot write '%1': %2").arg(m_path, QString::fromLocal8Bit(::strerror(errno))),
                         tr("Check free space and permissions beside %1.").arg(QFileInfo(m_path).path()));
    if (m_mode == ReadBackMode::AsWritten)
        m_id = m_readBack.open(m_path);
    return {};
}

Status StreamedFile::write(const char *bytes, qsizetype size)
{
    if (m_hash)
        m_hash->add(QByteArrayView(bytes, size));
    while (size > 0) {
        const ssize_t n = ::write(m_fd, bytes, static_cast<size_t>(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(
                ErrorCode::Io,
                tr("Cannot write '%1': %2").arg(m_path, QString::fromLocal8Bit(::strerror(n < 0 ? errno : ENOSPC))),
                tr("Free space beside %1 (df -h), then run the restore again; the old data was not touched.")
                    .arg(QFileInfo(m_path).path()));
        bytes += n;
        size -= n;
        m_written += n;
    }
    if (startWriteback(m_fd, m_flushed, m_written, kWritebackStepBytes) && m_mode == ReadBackMode::AsWritten)
        m_readBack.advance(m_id, m_written);
    return {};
}

Status StreamedFile::close()
{
    (void)startWriteback(m_fd, m_flushed, m_written, 0); // The tail too, now rather than at the final sync.
    const int fd = std::exchange(m_fd, -1);
    if (fd >= 0 && ::close(fd) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot write '%1': %2").arg(m_path, QString::fromLocal8Bit(::strerror(errno))));
    if (m_mode == ReadBackMode::AsWritten)
        m_readBack.close(m_id, m_hash ? m_hash->hex() : m_checksum);
    return {};
}

struct ReadBack::Private {
    struct Task {
        Id id;
        qint64 upTo;         ///< Read up to here; -1: to the end, then compare.
        QString checksum;    ///< With upTo == -1.
        QString rebuiltFrom; ///< With upTo == -1: how the file was rebuilt from block or reference links, if it was.
    };
    struct File {
        QString path;
        int fd = -1;
        qint64 offset = 0;
        Checksum checksum;
    };

    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Task> queue;
    QHash<Id, QString> paths; ///< Files opened, until the worker takes them.
    Id nextId = 1;
    bool busy = false;
    bool stopping = false;
    std::optional<Error> error;
    std::thread worker;
    // The worker's own.
    std::unordered_map<Id, std::unique_ptr<File>> files;
    QByteArray buffer{1 << 20, Qt::Uninitialized};

    void run()
    {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [this] { return stopping || !queue.empty(); });
            if (queue.empty())
                break;
            const Task task = queue.front();
            queue.pop_front();
            const QString path = task.upTo < 0 ? paths.take(task.id) : paths.value(task.id);
            busy = true;
            lock.unlock();
            std::optional<Error> failure = process(task, path);
            lock.lock();
            busy = false;
            if (failure && !error)
                error = failure;
            if (error)
                queue.clear();
            changed.notify_all();
        }
        lock.unlock();
        for (auto &[id, file] : files) {
            if (file->fd >= 0)
                ::close(file->fd);
        }
    }

    std::optional<Error> process(const Task &task, const QString &path)
    {
        auto &slot = files[task.id];
        if (!slot) {
            slot = std::make_unique<File>();
            slot->path = path;
            slot->fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
            if (slot->fd < 0)
                return makeError(ErrorCode::Io,
                                 tr("Cannot read '%1' back: %2").arg(path, QString::fromLocal8Bit(::strerror(errno))));
        }
        File &file = *slot;
        while (task.upTo < 0 || file.offset < task.upTo) {
            const qint64 want =
                task.upTo < 0 ? buffer.size() : std::min<qint64>(buffer.size(), task.upTo - file.offset);
            const ssize_t n = ::pread(file.fd, buffer.data(), static_cast<size_t>(want), file.offset);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return makeError(ErrorCode::Io,
                                 tr("Cannot read '%1' back: %2").arg(path, QString::fromLocal8Bit(::strerror(errno))));
            if (n == 0)
                break;
            file.checksum.add(QByteArrayView(buffer.constData(), n));
            file.offset += n;
        }
        if (task.upTo >= 0)
            return std::nullopt;
        const QString onDisk = file.checksum.hex();
        ::close(file.fd);
        files.erase(task.id);
        if (onDisk != task.checksum && !task.rebuiltFrom.isEmpty())
            return makeError(ErrorCode::Integrity,
                             tr("%1, has checksum %2 where the chain says %3 (restored as '%4')")
                                 .arg(task.rebuiltFrom, onDisk, task.checksum, path),
                             tr("The chain's block or reference links do not fit together: restore up to an "
                                "earlier link (--upto), or from another backup. Nothing was replaced."));
        if (onDisk != task.checksum)
            return makeError(ErrorCode::Integrity,
                             tr("'%1' does not read back with the checksum it was written with").arg(path),
                             tr("The disk under %1 may be failing.").arg(QFileInfo(path).path()));
        return std::nullopt;
    }

    void push(Task task)
    {
        {
            std::lock_guard lock(mutex);
            if (error)
                return;
            queue.push_back(std::move(task));
        }
        changed.notify_all();
    }
};

ReadBack::ReadBack() : d(std::make_unique<Private>())
{
    d->worker = std::thread([this] { d->run(); });
}

ReadBack::~ReadBack()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->changed.notify_all();
    d->worker.join();
}

ReadBack::Id ReadBack::open(const QString &path)
{
    std::lock_guard lock(d->mutex);
    const Id id = d->nextId++;
    d->paths.insert(id, path);
    return id;
}

void ReadBack::advance(Id id, qint64 upTo)
{
    d->push({id, upTo, {}, {}});
}

void ReadBack::close(Id id, const QString &checksum, const QString &rebuiltFrom)
{
    d->push({id, -1, checksum, rebuiltFrom});
}

Status ReadBack::wait()
{
    std::unique_lock lock(d->mutex);
    d->changed.wait(lock, [this] { return d->queue.empty() && !d->busy; });
    return d->error ? Status(*d->error) : Status{};
}

void ReadBack::cancel()
{
    std::lock_guard lock(d->mutex);
    d->queue.clear();
}

} // namespace tidemark::restorefs
