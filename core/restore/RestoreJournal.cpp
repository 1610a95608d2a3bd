#include "restore/RestoreJournal.h"

#include "common/Staging.h"
#include "restore/RestoreFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace tidemark {

Status RestoreJournal::write(const QString &path, const QJsonObject &journal)
{
    QSaveFile file(path);
    const QByteArray bytes = QJsonDocument(journal).toJson(QJsonDocument::Compact);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Io, tr("Cannot write the restore journal '%1': %2").arg(path, file.errorString()));
    return syncDirectory(QFileInfo(path).path());
}

// Finishes or rolls back what the journal beside `dataDir` says; `dirs` when the journal names none.
Result<RestoreJournal::Recovery> RestoreJournal::recover(const QString &dataDir, const QStringList &fallbackDirs)
{
    const QString journalPath = dataDir + QLatin1String(restorefs::kJournal);
    QFile journalFile(journalPath);
    if (!journalFile.exists())
        return Recovery{};
    if (!journalFile.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read the restore journal '%1'").arg(journalPath));
    const QJsonObject journal = QJsonDocument::fromJson(journalFile.readAll()).object();
    journalFile.close();
    const QString step = journal.value(QStringLiteral("step")).toString();
    const QString chain = journal.value(QStringLiteral("chain")).toString();
    QStringList dirs = journal.value(QStringLiteral("dirs")).toVariant().toStringList();
    if (dirs.isEmpty())
        dirs = fallbackDirs;

    if (step == QLatin1String("extracting")) {
        // The old directories were never touched: drop the half-made new ones.
        for (const QString &dir : dirs) {
            if (!QDir(dir + QLatin1String(restorefs::kNew)).removeRecursively())
                return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(dir + QLatin1String(restorefs::kNew)));
        }
        QFile::remove(journalPath);
        return Recovery{Recovery::Kind::RolledBack, tr("Rolled back an interrupted restore of '%1': it had not swapped "
                                                       "the directories yet, so the old ones are as they were.")
                                                        .arg(chain)};
    }
    // From the swap on the new directories are complete and verified: finish the swap.
    for (const QString &dir : dirs) {
        const QString fresh = dir + QLatin1String(restorefs::kNew);
        if (!QFileInfo::exists(fresh))
            continue;
        if (QFileInfo::exists(dir)) {
            if (Status s = restorefs::renameDir(dir, dir + QLatin1String(restorefs::kOld)); !s)
                return s.error();
        }
        if (Status s = restorefs::renameDir(fresh, dir); !s)
            return s.error();
    }
    for (const QString &dir : dirs)
        QDir(dir + QLatin1String(restorefs::kOld)).removeRecursively();
    QFile::remove(journalPath);
    return Recovery{
        Recovery::Kind::Finished,
        tr("Finished an interrupted restore of '%1': the restored directories are complete and in place.").arg(chain)};
}

} // namespace tidemark
