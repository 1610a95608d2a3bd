#include "storage/LocalChainStore.h"

#include "common/Staging.h"
#include "storage/LocalScratch.h"
#include "storage/S3ChainStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <algorithm>

namespace tidemark {

namespace {

// The N of `BASE.N`, or -1 when `suffix` is not a plain decimal (so `snap.01` and `snap.old` are
// not links, just other files).
int linkNumber(QStringView suffix)
{
    if (suffix.isEmpty() || (suffix.size() > 1 && suffix.front() == QLatin1Char('0')))
        return -1;
    if (!std::all_of(suffix.begin(), suffix.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }))
        return -1;
    bool ok = false;
    const int n = suffix.toInt(&ok);
    return ok ? n : -1;
}

Error ioError(const QString &path, const QString &what, const QFile &file)
{
    return makeError(ErrorCode::Io, LocalChainStore::tr("%1 '%2': %3").arg(what, path, file.errorString()),
                     LocalChainStore::tr("Check free space and permissions of the backup directory."));
}

// The backup directory's hint on every error of a new link.
Status withHint(Status status)
{
    if (status || !status.error().hint.isEmpty())
        return status;
    return makeError(status.error().code, status.error().message,
                     LocalChainStore::tr("Check free space and permissions of the backup directory."));
}

// `PATH.N.tmp` (a StagedFile), renamed to `PATH.N` on commit; removed when dropped uncommitted.
class LocalWriter : public ChainStore::Writer {
public:
    explicit LocalWriter(const QString &target) : m_staged(target) {}

    Status open() { return withHint(m_staged.open()); }
    QIODevice &device() override { return m_staged.file(); }
    QString pendingName() const override { return m_staged.target() + QStringLiteral(".tmp"); }
    // Durable, then visible: fsync the file, rename, fsync the directory.
    Status commit() override { return withHint(m_staged.commit()); }

private:
    StagedFile m_staged;
};

class LocalLock : public ChainStore::Lock {
public:
    explicit LocalLock(const QString &path) : m_lock(path) { m_lock.setStaleLockTime(0); }
    bool tryLock() { return m_lock.tryLock(0); }

private:
    QLockFile m_lock;
};

} // namespace

std::unique_ptr<ChainStore> ChainStore::open(const QString &location)
{
    if (S3Url::isS3(location))
        return std::make_unique<S3ChainStore>(location);
    return std::make_unique<LocalChainStore>(location);
}

QString ChainStore::canonicalLocation(const QString &location)
{
    if (S3Url::isS3(location)) {
        const S3Url url = S3Url::parse(location);
        return url.valid ? url.toString() : location;
    }
    return QDir::cleanPath(QFileInfo(location).absoluteFilePath());
}

bool ChainStore::isRemote(const QString &location)
{
    return S3Url::isS3(location);
}

QString ChainStore::linkPath(int number) const
{
    return number < 0 ? path() : path() + QLatin1Char('.') + QString::number(number);
}

LocalChainStore::LocalChainStore(const QString &path) : m_path(QDir::cleanPath(path))
{
}

QString LocalChainStore::localDirectory() const
{
    return QFileInfo(m_path).absolutePath();
}

Result<ChainStore::Listing> LocalChainStore::list() const
{
    const QFileInfo info(m_path);
    const QString prefix = info.fileName() + QLatin1Char('.');
    Listing listing;
    if (info.exists()) {
        if (!info.isFile())
            return makeError(ErrorCode::Io, tr("Backup chain '%1' is not a file.").arg(m_path),
                             tr("Give the path of the full snapshot file, not a directory."));
        listing.links.push_back({-1, info.size()});
    }
    const QDir dir = info.absoluteDir();
    const QStringList names = dir.entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    std::vector<LinkEntry> incrementals;
    for (const QString &name : names) {
        if (!name.startsWith(prefix))
            continue;
        if (name.endsWith(QLatin1String(".tmp"))) {
            listing.leftovers << QFileInfo(QDir(info.path()), name).filePath();
            continue;
        }
        const int n = linkNumber(QStringView(name).sliced(prefix.size()));
        if (n >= 0)
            incrementals.push_back({n, QFileInfo(dir.filePath(name)).size()});
    }
    std::sort(incrementals.begin(), incrementals.end(),
              [](const LinkEntry &a, const LinkEntry &b) { return a.number < b.number; });
    listing.links.insert(listing.links.end(), incrementals.begin(), incrementals.end());
    return listing;
}

Result<std::unique_ptr<QIODevice>> LocalChainStore::openLink(int number) const
{
    auto file = std::make_unique<QFile>(linkPath(number));
    if (!file->open(QIODevice::ReadOnly)) {
        const ErrorCode code = file->exists() ? ErrorCode::Io : ErrorCode::NotFound;
        return makeError(code, tr("Cannot open backup '%1': %2").arg(file->fileName(), file->errorString()));
    }
    return std::unique_ptr<QIODevice>(std::move(file));
}

Result<std::unique_ptr<ChainStore::Writer>> LocalChainStore::createLink(int number)
{
    const QString target = linkPath(number);
    auto writer = std::make_unique<LocalWriter>(target);
    if (Status s = writer->open(); !s)
        return s.error();
    return std::unique_ptr<Writer>(std::move(writer));
}

Status LocalChainStore::removeLink(int number)
{
    const QString target = linkPath(number);
    if (!QFile::remove(target) && QFileInfo::exists(target))
        return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(target),
                         tr("Check the permissions of the backup directory."));
    return syncDirectory(localDirectory());
}

Result<std::unique_ptr<ChainStore::Lock>> LocalChainStore::lock()
{
    const QString dir = localDirectory();
    if (!QFileInfo(dir).isDir())
        return makeError(ErrorCode::Io, tr("Backup directory '%1' does not exist").arg(dir),
                         tr("Create it first, or give another PATH."));
    auto lock = std::make_unique<LocalLock>(m_path + QStringLiteral(".lock"));
    if (!lock->tryLock())
        return makeError(ErrorCode::Busy, tr("Another backup is writing the chain '%1'").arg(m_path),
                         tr("Wait for it to finish (or remove '%1.lock' if no backup runs).").arg(m_path));
    return std::unique_ptr<Lock>(std::move(lock));
}

void LocalChainStore::removeDeadScratch()
{
    LocalScratch::removeLeftovers(m_path);
}

void LocalChainStore::removeLeftovers()
{
    if (auto listing = list()) {
        for (const QString &leftover : listing->leftovers)
            QFile::remove(leftover);
    }
}

Result<std::unique_ptr<ChainStore::Scratch>> LocalChainStore::scratch() const
{
    auto scratch = LocalScratch::create(m_path);
    if (!scratch)
        return scratch.error();
    return std::unique_ptr<Scratch>(scratch.takeValue());
}

Result<std::optional<QByteArray>> LocalChainStore::readSidecar(const QString &name) const
{
    QFile file(sidecarPath(name));
    if (!file.open(QIODevice::ReadOnly)) {
        if (!file.exists())
            return std::optional<QByteArray>();
        return ioError(file.fileName(), tr("Cannot read"), file);
    }
    const QByteArray bytes = file.read(kMaxSidecarBytes + 1);
    if (bytes.size() > kMaxSidecarBytes)
        return makeError(ErrorCode::Integrity,
                         tr("'%1' is larger than %2 bytes").arg(file.fileName()).arg(kMaxSidecarBytes));
    return std::optional<QByteArray>(bytes);
}

Status LocalChainStore::writeSidecar(const QString &name, const QByteArray &bytes)
{
    StagedFile staged(sidecarPath(name), QStringLiteral(".new"));
    if (Status s = staged.open(); !s)
        return withHint(s);
    if (staged.file().write(bytes) != bytes.size())
        return withHint(ioError(staged.file().fileName(), tr("Cannot write"), staged.file()));
    return withHint(staged.commit());
}

Status LocalChainStore::removeSidecar(const QString &name)
{
    const QString target = sidecarPath(name);
    if (!QFile::remove(target) && QFileInfo::exists(target))
        return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(target),
                         tr("Check the permissions of the backup directory."));
    return syncDirectory(localDirectory());
}

} // namespace tidemark
