#include "storage/LocalScratch.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace tidemark {

namespace {

const QLatin1String kPrefix(".tidemark-scratch-");
const QLatin1String kOldPrefix(".tidemark-verify-"); // What earlier versions' verify left.
const QLatin1String kLockName("owner.lock");

} // namespace

LocalScratch::LocalScratch(const QString &templatePath) : m_dir(templatePath)
{
}

LocalScratch::~LocalScratch()
{
    if (m_lock)
        m_lock->unlock();
    m_lock.reset();
    m_dir.remove();
}

Result<std::unique_ptr<LocalScratch>> LocalScratch::create(const QString &chainPath)
{
    const QString dir = QFileInfo(chainPath).absolutePath();
    std::unique_ptr<LocalScratch> scratch(
        new LocalScratch(dir + QLatin1Char('/') + kPrefix + QStringLiteral("XXXXXX")));
    if (!scratch->m_dir.isValid())
        return makeError(ErrorCode::Io, tr("Cannot create a scratch directory beside '%1'").arg(chainPath),
                         tr("Tidemark works on one file at a time in a scratch directory next to the chain; check free "
                            "space and permissions there."));
    scratch->m_lock = std::make_unique<QLockFile>(scratch->m_dir.filePath(kLockName));
    if (!scratch->m_lock->tryLock(0))
        return makeError(ErrorCode::Io, tr("Cannot create a scratch directory beside '%1'").arg(chainPath),
                         tr("Tidemark works on one file at a time in a scratch directory next to the chain; check free "
                            "space and permissions there."));
    return scratch;
}

int LocalScratch::removeLeftovers(const QString &chainPath)
{
    const QDir dir = QFileInfo(chainPath).absoluteDir();
    int removed = 0;
    const QStringList names = dir.entryList({kPrefix + QLatin1Char('*'), kOldPrefix + QLatin1Char('*')},
                                            QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        const QString lockPath = path + QLatin1Char('/') + kLockName;
        if (!QFileInfo::exists(lockPath)) {
            // Created but not yet locked by a process that may still run: only an old one is dead.
            if (QFileInfo(path).lastModified().secsTo(QDateTime::currentDateTime()) < 60)
                continue;
        } else {
            QLockFile lock(lockPath);
            lock.setStaleLockTime(0);
            if (!lock.tryLock(0))
                continue; // Its owner runs.
            lock.unlock();
        }
        if (QDir(path).removeRecursively())
            ++removed;
    }
    return removed;
}

} // namespace tidemark
