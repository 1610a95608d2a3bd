// RestoreEngine::execute() and recover(); preflight() is in RestorePreflight.cpp, the journal in
// RestoreJournal.cpp, what differs between kinds in each kind's RestoreTarget.
#include "restore/RestoreEngine.h"

#include "kinds/NodeKind.h"
#include "common/RateLimiter.h"
#include "common/Staging.h"
#include "restore/RestoreFiles.h"
#include "restore/RestoreTarget.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/FileRebuild.h"
#include "storage/ChainStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

namespace tidemark {

namespace {

/// How far ahead of the reader the kernel is asked to read a local link.
constexpr qint64 kReadAheadBytes = 32 << 20;

/// A damaged link, with the way out.
Error damaged(Error e)
{
    if (e.code == ErrorCode::Integrity && e.hint.isEmpty())
        e.hint = RestoreEngine::tr("This link of the chain is damaged: restore with --upto to an earlier link, or "
                                   "from another backup. Nothing was replaced.");
    return e;
}

} // namespace

Result<std::unique_ptr<RestoreTarget::EntrySink>> RestoreTarget::fileSink(const QString &path,
                                                                          const RestorePlan::Write &write, size_t step,
                                                                          restorefs::ReadBack &readBack)
{
    class FileSink : public EntrySink {
    public:
        FileSink(const QString &path, const QString &checksum, restorefs::ReadBack &readBack,
                 restorefs::StreamedFile::ReadBackMode mode)
            : m_file(path, readBack, checksum, mode)
        {
        }
        Status open() { return m_file.open(); }
        Status write(const char *bytes, qsizetype size) override { return m_file.write(bytes, size); }
        Status finish() override { return m_file.close(); }

    private:
        restorefs::StreamedFile m_file;
    };
    // A block link, applied in place to the file the steps before it staged at `path`, or a
    // reference link, rebuilt beside it and renamed over it (FileVersionWriter).
    class DeltaSink : public EntrySink {
    public:
        DeltaSink(const QString &path, int fd, const ManifestFile &file, const QString &where,
                  restorefs::ReadBack &readBack, QString rebuilt)
            : m_path(path), m_fd(fd), m_writer(fd, file, where, path), m_checksum(file.fileChecksum()),
              m_readBack(readBack), m_rebuilt(std::move(rebuilt))
        {
        }
        ~DeltaSink() override
        {
            if (m_fd >= 0)
                ::close(m_fd);
        }
        DeltaSink(const DeltaSink &) = delete;
        DeltaSink &operator=(const DeltaSink &) = delete;
        Status write(const char *bytes, qsizetype size) override { return m_writer.write(bytes, size); }
        Status finish() override
        {
            if (Status s = m_writer.finish(); !s)
                return s;
            const int fd = std::exchange(m_fd, -1);
            if (::close(fd) != 0)
                return makeError(
                    ErrorCode::Io,
                    RestoreEngine::tr("Cannot write '%1': %2").arg(m_path, QString::fromLocal8Bit(::strerror(errno))));
            // The last link: the rebuilt file is read back once, against the chain's checksum.
            if (!m_rebuilt.isEmpty())
                m_readBack.close(m_readBack.open(m_path), m_checksum, m_rebuilt);
            return {};
        }

    private:
        QString m_path;
        int m_fd;
        FileVersionWriter m_writer; ///< After m_fd: it may replace the file open on it (dup2).
        QString m_checksum;
        restorefs::ReadBack &m_readBack;
        QString m_rebuilt; ///< Set for the last step.
    };

    const std::vector<RestorePlan::Step> one{RestorePlan::Step{write.file, write.fromLink}};
    const std::vector<RestorePlan::Step> &steps = write.steps.empty() ? one : write.steps;
    if (step >= steps.size())
        return makeError(ErrorCode::Failure, RestoreEngine::tr("'%1' has no step %2").arg(write.file.name).arg(step));
    const RestorePlan::Step &current = steps[step];
    if (step == 0) {
        if (current.file.isDelta())
            return makeError(ErrorCode::Integrity,
                             (current.file.isBlockLink()
                                  ? RestoreEngine::tr("%1 holds '%2' as changed blocks, but the restore has no earlier "
                                                      "version of it to apply them to")
                                  : RestoreEngine::tr("%1 holds '%2' as references into an earlier version, but the "
                                                      "restore has no earlier version of it"))
                                 .arg(current.fromLink, current.file.name),
                             RestoreEngine::tr("Restore up to the link before it (--upto), or from another backup."));
        auto sink = std::make_unique<FileSink>(path, current.file.checksum, readBack,
                                               steps.size() > 1 ? restorefs::StreamedFile::ReadBackMode::Later
                                                                : restorefs::StreamedFile::ReadBackMode::AsWritten);
        if (Status s = sink->open(); !s)
            return s.error();
        return std::unique_ptr<EntrySink>(std::move(sink));
    }
    if (!current.file.isDelta())
        return makeError(ErrorCode::Failure, RestoreEngine::tr("'%1' in %2 is neither a block nor a reference link")
                                                 .arg(current.file.name, current.fromLink));
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io,
                         RestoreEngine::tr("Cannot open '%1' to apply '%2' of %3 to it: %4")
                             .arg(path, current.file.name, current.fromLink, QString::fromLocal8Bit(::strerror(errno))),
                         RestoreEngine::tr("Check free space and permissions beside %1.").arg(QFileInfo(path).path()));
    const bool last = step + 1 == steps.size();
    const QString rebuilt = !last ? QString()
                            : current.file.isBlockLink()
                                ? RestoreEngine::tr("'%1', rebuilt from %2 and its block links up to %3")
                                      .arg(current.file.name, steps.front().fromLink, current.fromLink)
                                : RestoreEngine::tr("'%1', rebuilt from %2 and its reference links up to %3")
                                      .arg(current.file.name, steps.front().fromLink, current.fromLink);
    return std::unique_ptr<EntrySink>(std::make_unique<DeltaSink>(
        path, fd, current.file, RestoreEngine::tr("'%1' in %2").arg(current.file.name, current.fromLink), readBack,
        rebuilt));
}

using restorefs::canonical;
using restorefs::kJournal;
using restorefs::kNew;
using restorefs::kOld;

bool RestorePlan::Step::isEntry(const ManifestFile &listed) const
{
    const auto agree = [](const QString &a, const QString &b) { return a.isEmpty() || b.isEmpty() || a == b; };
    const auto sizesAgree = [](qint64 a, qint64 b) { return a == b || a < 0 || b < 0; };
    if (file.name != listed.name || file.index != listed.index || file.isBlockLink() != listed.isBlockLink() ||
        file.isRefLink() != listed.isRefLink() || !sizesAgree(file.size, listed.size) ||
        !agree(file.checksum, listed.checksum))
        return false;
    if (file.isRefLink())
        return file.refs.base == listed.refs.base && sizesAgree(file.refs.fileSize, listed.refs.fileSize) &&
               agree(file.refs.fileChecksum, listed.refs.fileChecksum);
    return !file.isBlockLink() ||
           (file.blocks.blockSize == listed.blocks.blockSize && file.blocks.base == listed.blocks.base &&
            sizesAgree(file.blocks.fileSize, listed.blocks.fileSize) &&
            agree(file.blocks.fileChecksum, listed.blocks.fileChecksum));
}

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

    // Extract: every link is read once, through the chain's store, and every entry checked as it
    // streams (size and checksum, by the reader); each planned entry goes to the kind's sink on
    // the way, the others are only checked. Nothing outside the new directories is touched until
    // the whole chain has passed, the files read back right and the file systems are synced.
    auto chainStore = BackupChain::openStore(plan.chainPath); // Decrypting, for an encrypted chain.
    if (!chainStore)
        return abandon(chainStore.error());
    const std::shared_ptr<ChainStore> store = chainStore.takeValue();
    // "link\nname" → the write and its step that entry is. A block link is applied to the file its
    // earlier steps staged: the links are read in chain order, so they come in the planned order.
    struct Planned {
        const RestorePlan::Write *write = nullptr;
        size_t step = 0;
        RestorePlan::Step version;
    };
    QHash<QString, Planned> planned;
    std::size_t plannedSteps = 0;
    for (const RestorePlan::Write &w : plan.writes) {
        const std::vector<RestorePlan::Step> steps =
            w.steps.empty() ? std::vector<RestorePlan::Step>{{w.file, w.fromLink}} : w.steps;
        for (size_t i = 0; i < steps.size(); ++i)
            planned.insert(steps[i].fromLink + QLatin1Char('\n') + steps[i].file.name, Planned{&w, i, steps[i]});
        plannedSteps += steps.size();
    }
    restorefs::ReadBack readBack;
    std::unique_ptr<RestoreTarget::EntrySink> sink; // The entry being written.
    const auto abandonAll = [&](Error e) {
        sink.reset(); // Its threads end before the new directories go.
        readBack.cancel();
        if (isCancelled()) // A read cut short by the cancel is not a damaged link.
            e = makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced"));
        return abandon(std::move(e));
    };
    RateLimiter limiter(plan.limitRate); // --limit-rate: on the bytes read from the chain.
    qint64 done = 0;
    std::size_t written = 0;
    for (qsizetype linkIndex = 0; linkIndex < plan.links.size(); ++linkIndex) {
        const QString &linkPath = plan.links[linkIndex];
        auto archive = store->openLink(static_cast<int>(linkIndex) - 1);
        if (!archive)
            return abandonAll(archive.error());
        QIODevice &device = *archive.value();
        auto *file = qobject_cast<QFile *>(&device);
        const int fd = file ? file->handle() : -1;
        if (fd >= 0)
            (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        qint64 position = 0;
        qint64 advised = 0;
        QString stageText = tr("reading %1").arg(linkPath);
        ArchiveReader *readerPtr = nullptr;
        ArchiveReader reader(
            [&](char *buffer, qsizetype capacity) -> qsizetype {
                if (isCancelled())
                    return -1;
                // Keep the disk reading ahead of the checks and writes (a local link only).
                if (fd >= 0 && advised - position < kReadAheadBytes / 2) {
                    (void)::posix_fadvise(fd, advised, kReadAheadBytes, POSIX_FADV_WILLNEED);
                    advised += kReadAheadBytes;
                }
                const qint64 n = device.read(buffer, capacity);
                if (n < 0)
                    readerPtr->setSourceError(ChainStore::readError(device, linkPath));
                if (n > 0) {
                    limiter.consume(n, cancelled);
                    position += n;
                    done += n;
                    if (progress)
                        progress(stageText, done, plan.bytesToRead);
                }
                return static_cast<qsizetype>(n);
            },
            linkPath);
        readerPtr = &reader;
        auto manifest = reader.readManifest();
        if (!manifest)
            return abandonAll(damaged(manifest.error()));
        // A head listing files by name only (format 2, InfluxDB shards) has their sizes and
        // indexes, which the plan compares, in the final manifest at the link's end.
        if (!manifest->hasSizes()) {
            auto final = BackupChain::finalManifest(*store, static_cast<int>(linkIndex) - 1, linkPath);
            if (!final)
                return abandonAll(damaged(final.error()));
            if (Status s = reader.useFinalManifest(final.value()); !s)
                return abandonAll(damaged(s.error()));
            manifest = reader.manifest();
        }
        // The reader insists on manifest order, so entry k is manifest->files[k].
        for (std::size_t k = 0;; ++k) {
            if (isCancelled())
                return abandonAll(
                    makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced")));
            Planned step = k < manifest->files.size()
                               ? planned.value(linkPath + QLatin1Char('\n') + manifest->files[k].name, Planned{})
                               : Planned{};
            if (step.write && !step.version.isEntry(manifest->files[k]))
                step = Planned{}; // The link changed since the plan: the count below refuses it.
            sink.reset();
            if (step.write) {
                auto opened = target.openEntry(*step.write, step.step, linkPath, newDirs, readBack);
                if (!opened)
                    return abandonAll(opened.error());
                sink = opened.takeValue();
                stageText = step.version.file.isBlockLink()
                                ? tr("applying the changed blocks of %1").arg(step.version.file.name)
                            : step.version.file.isRefLink()
                                ? tr("rebuilding %1 from its version before").arg(step.version.file.name)
                                : tr("writing %1").arg(step.version.file.name);
            } else if (k < manifest->files.size()) {
                stageText = tr("checking %1 (superseded)").arg(manifest->files[k].name);
            }
            std::optional<Error> sinkError;
            auto entry = reader.nextFile([&](const char *bytes, qsizetype size) {
                if (isCancelled())
                    return false;
                if (!sink)
                    return true;
                if (Status s = sink->write(bytes, size); !s) {
                    sinkError = s.error();
                    return false;
                }
                return true;
            });
            if (isCancelled())
                return abandonAll(
                    makeError(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced")));
            if (sinkError)
                return abandonAll(*sinkError);
            if (!entry)
                return abandonAll(damaged(entry.error()));
            if (!entry.value())
                break;
            if (!sink)
                continue;
            if (Status s = sink->finish(); !s)
                return abandonAll(s.error());
            ++written;
            if (step.version.file.isBlockLink())
                restorefs::stopHook("block-link"); // Killed in the middle of applying block links.
            else if (step.version.file.isRefLink())
                restorefs::stopHook("ref-link"); // Killed in the middle of applying reference links.
        }
        if (Status s = reader.finish(); !s)
            return abandonAll(damaged(s.error()));
    }
    sink.reset();
    if (written != plannedSteps)
        return abandonAll(
            makeError(ErrorCode::Integrity,
                      tr("Only %1 of %2 planned entries were found in the chain").arg(written).arg(plannedSteps),
                      tr("The chain changed since the plan was made: run the restore again.")));
    if (progress)
        progress(tr("reading back and syncing what was written"), done, plan.bytesToRead);
    if (Status s = readBack.wait(); !s)
        return abandon(s.error());
    // One sync per file system: syncfs writes every file and directory made there, so an fsync
    // of each new directory after it would only repeat it.
    for (const QString &dir : dirs) {
        if (Status s = restorefs::syncFileSystem(dir + QLatin1String(kNew)); !s)
            return abandon(s.error());
    }
    restorefs::stopHook("extracted");

    // What the kind adds that is not in the backup (a Tidemark broker, regenerated).
    const auto stage = [&](const QString &text) {
        if (progress)
            progress(text, done, plan.bytesToRead);
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
