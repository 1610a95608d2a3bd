// RestoreEngine::execute() and recover(); preflight() is in RestorePreflight.cpp, the journal in
// RestoreJournal.cpp, what differs between kinds in each kind's RestoreTarget.
#include "restore/RestoreEngine.h"

#include "kinds/NodeKind.h"
#include "common/Staging.h"
#include "restore/RestoreFiles.h"
#include "restore/RestoreTarget.h"
#include "snapshot/ArchiveReader.h"
#include "storage/ChainStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <pwd.h>
#include <unistd.h>

namespace tidemark {

using restorefs::canonical;
using restorefs::kJournal;
using restorefs::kNew;
using restorefs::kOld;

bool RestorePlan::hasErrors() const
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const RestoreFinding &f) { return f.severity == RestoreFinding::Severity::Error; });
}

Error RestorePlan::firstError() const
{
    for (const RestoreFinding &f : findings) {
        if (f.severity == RestoreFinding::Severity::Error)
            return makeError(f.code, f.message, f.fix);
    }
    return makeError(ErrorCode::Ok, {});
}

Result<RestoreEngine::Recovery> RestoreEngine::recover(const QString &configPath)
{
    for (const NodeKind *kind : NodeKind::all()) {
        const RestoreTarget &target = kind->restoreTarget();
        if (!target.recognizesConfig(configPath))
            continue;
        auto config = target.loadConfig(configPath);
        if (!config)
            return Recovery{};
        // The same resolved paths as execute() wrote the journal beside (a symlinked dir too).
        QString data;
        QStringList dirs;
        for (const RestoreTarget::Directory &d : config->dirs) {
            if (d.role == QLatin1String("data"))
                data = canonical(d.dir);
            else
                dirs << canonical(d.dir);
        }
        dirs.prepend(data);
        return RestoreJournal::recover(data, dirs);
    }
    return Recovery{};
}

RestoreEngine::Outcome RestoreEngine::execute(const RestorePlan &plan, const Progress &progress,
                                              const std::atomic_bool *cancelled)
{
    Outcome outcome;
    const auto fail = [&](Error e) {
        outcome.error = std::move(e);
        return outcome;
    };
    const auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    if (plan.hasErrors())
        return fail(plan.firstError());
    const RestoreTarget &target = NodeKind::of(plan.kind).restoreTarget();
    // The targets, data first: it holds the journal and is swapped first.
    QStringList dirs;
    QStringList roles; // for the test hook: data, broker, meta, wal
    for (const RestorePlan::Removal &r : plan.removals) {
        const int at = r.role == QLatin1String("data") ? 0 : static_cast<int>(dirs.size());
        dirs.insert(at, canonical(r.dir));
        roles.insert(at, r.role);
    }
    if (dirs.isEmpty() || roles.first() != QLatin1String("data"))
        return fail(makeError(ErrorCode::Failure, tr("The restore plan names no data directory")));
    RestoreTarget::NewDirs newDirs;
    for (qsizetype i = 0; i < dirs.size(); ++i)
        newDirs.insert(roles[i], dirs[i] + QLatin1String(kNew));
    const QString data = dirs.first();
    const QString journalPath = data + QLatin1String(kJournal);
    const struct passwd *user = ::getpwnam(plan.owner.toLocal8Bit().constData());
    if (!user)
        return fail(makeError(ErrorCode::NotFound, tr("User '%1' does not exist").arg(plan.owner)));
    const uid_t uid = user->pw_uid;
    const gid_t gid = user->pw_gid;

    for (const QString &dir : dirs) {
        if (Status s = restorefs::makePath(QFileInfo(dir).path()); !s)
            return fail(s.error());
        QDir(dir + QLatin1String(kNew)).removeRecursively();
    }
    QJsonObject journal{{QStringLiteral("step"), QStringLiteral("extracting")},
                        {QStringLiteral("chain"), plan.chainPath},
                        {QStringLiteral("dirs"), QJsonArray::fromStringList(dirs)}};
    if (Status s = RestoreJournal::write(journalPath, journal); !s)
        return fail(s.error());
    // Before the swap, any failure only has to drop what it made.
    const auto abandon = [&](Error e) {
        for (const QString &dir : dirs)
            QDir(dir + QLatin1String(kNew)).removeRecursively();
        QFile::remove(journalPath);
        return fail(std::move(e));
    };
    for (const QString &dir : dirs) {
        if (Status s = restorefs::makePath(dir + QLatin1String(kNew)); !s)
            return abandon(s.error());
    }
    if (Status s = target.prepare(newDirs); !s)
        return abandon(s.error());

    // Extract: each planned entry from its link, read through the chain's store, checked while
    // read and again from disk; the kind says where it goes and what follows it.
    const auto store = ChainStore::open(plan.chainPath);
    qint64 done = 0;
    std::size_t written = 0;
    for (qsizetype linkIndex = 0; linkIndex < plan.links.size(); ++linkIndex) {
        const QString &linkPath = plan.links[linkIndex];
        auto archive = store->openLink(static_cast<int>(linkIndex) - 1);
        if (!archive)
            return abandon(archive.error());
        ArchiveReader reader(*archive.value(), linkPath);
        auto manifest = reader.readManifest();
        if (!manifest)
            return abandon(manifest.error());
        // The reader insists on manifest order, so entry k is manifest->files[k].
        for (std::size_t k = 0;; ++k) {
            if (isCancelled())
                return abandon(makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced")));
            const RestorePlan::Write *write = nullptr;
            if (k < manifest->files.size()) {
                for (const RestorePlan::Write &w : plan.writes) {
                    if (w.fromLink == linkPath && w.file == manifest->files[k])
                        write = &w;
                }
            }
            const QString path = write ? target.entryPath(*write, newDirs) : QString();
            restorefs::CheckedFile out(path);
            if (write) {
                if (Status s = out.open(); !s)
                    return abandon(s.error());
            }
            auto file = reader.nextFile([&](const char *bytes, qsizetype size) {
                if (isCancelled())
                    return false;
                if (!write)
                    return true;
                done += size;
                if (progress)
                    progress(tr("writing %1").arg(write->file.name), done, plan.bytesToWrite);
                return out.write(bytes, size);
            });
            if (isCancelled())
                return abandon(makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced")));
            if (!file) {
                Error e = file.error();
                if (e.code == ErrorCode::Io && write)
                    e.message += out.writeError();
                return abandon(e);
            }
            if (!file.value())
                break;
            if (!write)
                continue;
            if (Status s = out.finish(write->file.checksum); !s)
                return abandon(s.error());
            if (Status s = target.afterEntry(*write, path, linkPath, newDirs); !s)
                return abandon(s.error());
            ++written;
        }
        if (Status s = reader.finish(); !s)
            return abandon(s.error());
    }
    if (written != plan.writes.size())
        return abandon(
            makeError(ErrorCode::Integrity,
                      tr("Only %1 of %2 planned files were found in the chain").arg(written).arg(plan.writes.size())));
    for (const QString &dir : dirs) {
        if (Status s = restorefs::syncTree(dir + QLatin1String(kNew)); !s)
            return abandon(s.error());
    }
    restorefs::stopHook("extracted");

    // What the kind adds that is not in the backup (a Tidemark broker, regenerated).
    const auto stage = [&](const QString &text) {
        if (progress)
            progress(text, done, plan.bytesToWrite);
    };
    if (Status s = target.finish(plan, newDirs, stage); !s)
        return abandon(s.error());

    for (const QString &dir : dirs) {
        if (Status s = restorefs::chownTree(dir + QLatin1String(kNew), uid, gid); !s)
            return abandon(s.error());
    }
    restorefs::stopHook("chowned");

    // The swap: from here on, a crash is finished by recover(), never rolled back.
    journal.insert(QStringLiteral("step"), QStringLiteral("swapping"));
    if (Status s = RestoreJournal::write(journalPath, journal); !s)
        return abandon(s.error());
    for (qsizetype i = 0; i < dirs.size(); ++i) {
        const QString &dir = dirs[i];
        stage(tr("swapping in %1").arg(dir));
        if (QFileInfo::exists(dir)) {
            if (Status s = restorefs::renameDir(dir, dir + QLatin1String(kOld)); !s)
                return fail(s.error());
        }
        if (Status s = restorefs::renameDir(dir + QLatin1String(kNew), dir); !s)
            return fail(s.error());
        restorefs::stopHook((roles[i] + QStringLiteral("-swapped")).toLatin1().constData());
    }
    // Only now, with the new data in place, does the old go.
    for (const QString &dir : dirs) {
        if (!QDir(dir + QLatin1String(kOld)).removeRecursively())
            return fail(makeError(ErrorCode::Io,
                                  tr("Restored, but cannot remove the old '%1'").arg(dir + QLatin1String(kOld)),
                                  tr("Remove it by hand.")));
    }
    QFile::remove(journalPath);
    (void)syncDirectory(QFileInfo(journalPath).path());
    return outcome;
}

} // namespace tidemark
