// RestoreEngine::preflight(): the checklist before anything is touched, one named step each.
#include "kinds/NodeKind.h"
#include "restore/RestoreEngine.h"
#include "restore/RestoreFiles.h"
#include "restore/RestoreTarget.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainLocation.h"
#include "storage/ChainStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QStorageInfo>
#include <QTcpSocket>

#include <optional>

#include <pwd.h>
#include <unistd.h>

namespace tidemark {

namespace {

using restorefs::canonical;

// restore --dry-run's rebuild of the files block or reference links change: each step applied as its link
// streams through the byte check, as RestoreEngine::execute() applies them (RestoreTarget::fileSink),
// into the chain store's scratch, each rebuilt file read back against the chain's checksum.
class Rebuild {
public:
    Rebuild() = default;
    Rebuild(const Rebuild &) = delete;
    Rebuild &operator=(const Rebuild &) = delete;
    ~Rebuild()
    {
        if (m_readBack)
            m_readBack->cancel(); // A preflight that ended early does not wait for checks it no longer needs.
    }

    Status prepare(const BackupChain &chain, const RestoreTarget::FileSteps &steps)
    {
        for (const auto &[name, fileSteps] : steps) {
            if (fileSteps.size() < 2)
                continue;
            RestorePlan::Write write;
            for (const Manifest::Step &step : fileSteps)
                write.steps.push_back({step.file, chain.links().at(step.link).path});
            write.file = write.steps.back().file;
            write.fromLink = write.steps.back().fromLink;
            m_writes.push_back(std::move(write));
        }
        if (m_writes.empty())
            return {};
        auto scratch = chain.store().scratch();
        if (!scratch)
            return scratch.error();
        m_scratch = scratch.takeValue();
        m_readBack = std::make_unique<restorefs::ReadBack>();
        for (size_t w = 0; w < m_writes.size(); ++w) {
            for (size_t i = 0; i < m_writes[w].steps.size(); ++i) {
                const RestorePlan::Step &step = m_writes[w].steps[i];
                m_planned.insert(step.fromLink + QLatin1Char('\n') + step.file.name, {w, i});
            }
        }
        return {};
    }

    /// The sink of entry `listed` of `link` when it is a step of a rebuilt file; else none.
    Result<std::unique_ptr<RestoreTarget::EntrySink>> open(const QString &link, const ManifestFile &listed)
    {
        const auto found = m_planned.constFind(link + QLatin1Char('\n') + listed.name);
        if (found == m_planned.constEnd())
            return std::unique_ptr<RestoreTarget::EntrySink>();
        const RestorePlan::Write &write = m_writes[found->first];
        if (!write.steps[found->second].isEntry(listed))
            return std::unique_ptr<RestoreTarget::EntrySink>(); // Counted missing by check().
        ++m_opened;
        QString file = write.file.name;
        file.replace(QLatin1Char('/'), QLatin1Char('-'));
        return RestoreTarget::fileSink(m_scratch->filePath(file), write, found->second, *m_readBack);
    }

    /// After every link: each planned step was applied, each rebuilt file read back right.
    Status check()
    {
        if (!m_readBack)
            return {};
        if (Status s = m_readBack->wait(); !s)
            return s;
        if (m_opened != static_cast<size_t>(m_planned.size()))
            return makeError(ErrorCode::Integrity,
                             RestoreEngine::tr("Only %1 of %2 entries of the files rebuilt from block or reference "
                                               "links were found in the chain")
                                 .arg(m_opened)
                                 .arg(m_planned.size()),
                             RestoreEngine::tr("The chain changed while it was read: run the restore again."));
        return {};
    }

private:
    std::vector<RestorePlan::Write> m_writes;
    QHash<QString, std::pair<size_t, size_t>> m_planned; ///< "link\nname" → write, step.
    size_t m_opened = 0;
    std::unique_ptr<ChainStore::Scratch> m_scratch;
    std::unique_ptr<restorefs::ReadBack> m_readBack; ///< Its thread ends before the scratch goes.
};

// The steps share the plan they add findings to and what step 1 learnt.
class Preflight {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    Preflight(const RestoreEngine::Options &options, RestorePlan &plan, const RestoreEngine::Progress &progress,
              const std::atomic_bool *cancelled)
        : m_options(options), m_plan(plan), m_progress(progress), m_cancelled(cancelled)
    {
    }

    // 1. The chain opens (its kind says which config), the config parses and names directories.
    bool loadChainAndConfig()
    {
        auto chain = BackupChain::open(m_plan.chainPath);
        if (chain && !chain->isEmpty()) {
            m_plan.kind = chain->links().front().manifest.kind;
        } else if (!chain) {
            // A broken chain is reported in step 4; its full snapshot may still tell the kind.
            const auto store = BackupChain::openStore(m_plan.chainPath);
            if (auto full = store ? store.value()->openLink(-1) : Result<std::unique_ptr<QIODevice>>(store.error())) {
                if (auto manifest = BackupChain::readManifest(*full.value(), m_plan.chainPath))
                    m_plan.kind = manifest->kind;
            }
        }
        m_target = &NodeKind::of(m_plan.kind).restoreTarget();
        auto config = m_target->loadConfig(m_options.configPath);
        if (!config) {
            error(config.error().code, config.error().message, config.error().hint);
            return false;
        }
        m_config = config.takeValue();
        m_plan.brokerUrl = m_config.brokerUrl;
        for (const RestoreTarget::Directory &d : m_config.dirs)
            m_targets.push_back({d.key, canonical(d.dir), d.role});
        if (chain)
            m_chain = std::make_unique<BackupChain>(chain.takeValue());
        else
            m_chainError = chain.error();
        return true;
    }

    // 2. Directories that must never be replaced, nor contain each other or the chain.
    void checkDirectories()
    {
        // Where the chain lives on this machine (none for a remote store: nothing to collide with).
        const QString local = ChainStore::open(m_plan.chainPath)->localDirectory();
        for (const Target &t : m_targets) {
            if (restorefs::isProtectedDir(t.dir))
                error(ErrorCode::Config,
                      tr("refusing to restore into '%1' (%2): it is a system or home directory and would be removed")
                          .arg(t.dir, t.key),
                      tr("Point %1 in '%2' at a directory of its own, e.g. %3.")
                          .arg(t.key, m_options.configPath, m_target->exampleDir(t.key)));
            else if (!local.isEmpty() && restorefs::isSameOrAncestor(t.dir, canonical(local)))
                error(ErrorCode::Config,
                      tr("refusing to restore into '%1' (%2): the backup chain '%3' is inside it")
                          .arg(t.dir, t.key, m_plan.chainPath),
                      tr("Move the backup out of that directory first."));
        }
        for (size_t i = 0; i < m_targets.size(); ++i) {
            for (size_t j = i + 1; j < m_targets.size(); ++j) {
                if (restorefs::isSameOrAncestor(m_targets[i].dir, m_targets[j].dir) ||
                    restorefs::isSameOrAncestor(m_targets[j].dir, m_targets[i].dir))
                    error(ErrorCode::Config,
                          tr("refusing to restore into '%1' and '%2': one contains the other")
                              .arg(m_targets[i].dir, m_targets[j].dir),
                          tr("Give %1 and %2 separate directories.").arg(m_targets[i].key, m_targets[j].key));
            }
        }
    }

    // 3. The node must be stopped: its directory locks (where the kind takes them) and its ports.
    void checkStopped()
    {
        for (const Target &t : m_target->locksDirectories() ? m_targets : std::vector<Target>{}) {
            if (!QFileInfo::exists(t.dir + QStringLiteral("/tidemarkd.lock")))
                continue;
            QLockFile lock(t.dir + QStringLiteral("/tidemarkd.lock"));
            lock.setStaleLockTime(0);
            if (lock.tryLock(0)) {
                lock.unlock();
                continue;
            }
            qint64 pid = 0;
            QString host;
            QString app;
            lock.getLockInfo(&pid, &host, &app);
            error(ErrorCode::Busy, tr("The node is running: '%1' (%2) is locked by pid %3").arg(t.dir, t.key).arg(pid),
                  m_target->stopFix());
        }
        for (const HostPort &address : m_config.addresses) {
            if (address.port == 0)
                continue;
            QTcpSocket probe;
            probe.connectToHost(address.host, address.port);
            if (probe.waitForConnected(500))
                error(ErrorCode::Busy,
                      tr("The node is running: something answers on %1 (from '%2')")
                          .arg(address.toString(), m_options.configPath),
                      m_target->stopFix());
        }
    }

    // 4. The chain is complete: every link's manifest is read (through its store) and they merge;
    //    the kind then plans which entry of which link becomes which file. Every byte is checked
    //    by execute() as it extracts, before anything outside staging changes, so the chain is
    //    read once; with Options::checkEveryByte (restore --dry-run) it is read here as well.
    bool checkChain()
    {
        if (!m_chain) {
            error(m_chainError.code, m_chainError.message, m_chainError.hint);
            return false;
        }
        if (m_chain->isEmpty()) {
            error(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(m_plan.chainPath),
                  tr("Check the path of the full snapshot."));
            return false;
        }
        // A series (backup --max-links) goes on in newer chains: this one's points are older.
        if (const QString newer = ChainLocation::newerInSeries(m_plan.chainPath); !newer.isEmpty())
            m_plan.findings.push_back(RestoreFinding{
                RestoreFinding::Severity::Warning, ErrorCode::State,
                tr("'%1' is not the newest chain of its series (backup --max-links): '%2' holds later points")
                    .arg(m_plan.chainPath, newer),
                tr("Restore '%1' for the latest data; go on with this one only for a point in time it holds.")
                    .arg(newer)});
        auto merged = m_options.upto ? m_chain->mergedUpTo(*m_options.upto) : Result<Manifest>(m_chain->merged());
        if (!merged) {
            error(merged.error().code, merged.error().message, merged.error().hint);
            return false;
        }
        const size_t linkCount = m_options.upto ? static_cast<size_t>(*m_options.upto + 2) : m_chain->links().size();
        // Each file's steps: its newest whole copy, then the block links (format 3) or reference
        // links (format 4) after it, refused here, before anything is touched, when one does not
        // apply to the version before, or the kind's chains never hold that form.
        const int upto = static_cast<int>(linkCount) - 2;
        const auto refuseForm = [&](bool blocks) {
            QString holder;
            for (size_t i = 0; i < linkCount && holder.isEmpty(); ++i) {
                const Manifest &manifest = m_chain->links()[i].manifest;
                if (blocks ? manifest.hasBlockLinks() : manifest.hasRefLinks())
                    holder = m_chain->links()[i].path;
            }
            error(ErrorCode::Integrity,
                  (blocks ? tr("'%1' holds block links (only the changed blocks of a file), which chains of %2 "
                               "never hold")
                          : tr("'%1' holds reference links (a file as byte ranges of its version before), which "
                               "chains of %2 never hold"))
                      .arg(holder, NodeKind::of(m_plan.kind).displayName()),
                  tr("The link is damaged or was not written by Tidemark's backup of that kind: restore up to the "
                     "link before it (--upto), or from another backup."));
            return false;
        };
        if (m_chain->hasBlockLinks(upto) && !m_target->takesBlockLinks())
            return refuseForm(true);
        if (m_chain->hasRefLinks(upto) && !m_target->takesRefLinks())
            return refuseForm(false);
        auto steps = m_chain->steps(upto);
        if (!steps) {
            error(steps.error().code, steps.error().message, steps.error().hint);
            return false;
        }
        // With checkEveryByte, files rebuilt from block or reference links are rebuilt here too, as
        // execute() does (each step applied as its link streams), in scratch, and checked whole.
        Rebuild rebuild;
        if (m_options.checkEveryByte) {
            if (Status s = rebuild.prepare(*m_chain, steps.value()); !s) {
                error(s.error().code, s.error().message, s.error().hint);
                return false;
            }
        }
        qint64 total = 0;
        for (size_t i = 0; i < linkCount; ++i) {
            total += m_chain->links()[i].bytes;
            m_plan.links << m_chain->links()[i].path;
        }
        m_plan.bytesToRead = total;
        qint64 done = 0;
        QByteArray newestMeta;
        for (size_t i = 0; i < linkCount; ++i) {
            // The newest link's meta store, for kinds whose plan depends on it.
            const bool keepMeta = m_target->needsNewestMeta() && i == linkCount - 1;
            if (!m_options.checkEveryByte && !keepMeta)
                continue;
            const BackupChain::Link &link = m_chain->links()[i];
            auto archive = m_chain->openLink(link);
            if (!archive) {
                error(archive.error().code, archive.error().message, archive.error().hint);
                return false;
            }
            QIODevice &device = *archive.value();
            ArchiveReader reader(
                [&](char *buffer, qsizetype capacity) -> qsizetype {
                    if (isCancelled())
                        return -1;
                    const qint64 n = device.read(buffer, capacity);
                    if (m_progress && n > 0)
                        m_progress(tr("verifying %1").arg(link.path), done += n, total);
                    return static_cast<qsizetype>(n);
                },
                link.path);
            auto manifest = reader.readManifest();
            // A head listing files by name only (format 2, InfluxDB shards) has their sizes and
            // indexes, which the rebuild's steps compare, in the final manifest at the link's end.
            if (m_options.checkEveryByte && manifest && !manifest->hasSizes()) {
                auto final = m_chain->finalManifest(link);
                Status used = final ? reader.useFinalManifest(final.value()) : Status(final.error());
                manifest = used ? Result<Manifest>(reader.manifest()) : Result<Manifest>(used.error());
            }
            Result<std::optional<ManifestFile>> next =
                manifest ? Result<std::optional<ManifestFile>>(std::optional<ManifestFile>())
                         : Result<std::optional<ManifestFile>>(manifest.error());
            bool metaRead = false;
            for (size_t k = 0; next; ++k) {
                const bool isMeta = keepMeta && manifest && k < manifest->files.size() &&
                                    manifest->files[k].name == QLatin1String("meta");
                std::unique_ptr<RestoreTarget::EntrySink> sink;
                if (manifest && k < manifest->files.size()) {
                    auto opened = rebuild.open(link.path, manifest->files[k]);
                    if (!opened) {
                        error(opened.error().code, opened.error().message, opened.error().hint);
                        return false;
                    }
                    sink = opened.takeValue();
                }
                std::optional<Error> sinkError;
                next = reader.nextFile([&](const char *bytes, qsizetype size) {
                    if (isMeta)
                        newestMeta.append(bytes, size);
                    if (sink && !sinkError) {
                        if (Status w = sink->write(bytes, size); !w)
                            sinkError = w.error();
                    }
                    return !sinkError;
                });
                if (sinkError) {
                    error(sinkError->code, sinkError->message, sinkError->hint);
                    return false;
                }
                if (next && next.value() && sink) {
                    if (Status f = sink->finish(); !f) {
                        error(f.error().code, f.error().message, f.error().hint);
                        return false;
                    }
                }
                if (next && !next.value())
                    break;
                metaRead = metaRead || (next && isMeta);
                if (metaRead && !m_options.checkEveryByte)
                    break; // Checked (its own checksum); the rest is checked by execute().
            }
            Status finished = !next                                   ? Status(next.error())
                              : metaRead && !m_options.checkEveryByte ? Status{}
                                                                      : reader.finish();
            if (isCancelled()) {
                error(ErrorCode::Cancelled, tr("Restore cancelled before anything was replaced"), {});
                return false;
            }
            if (!finished) {
                error(ErrorCode::Integrity, finished.error().message,
                      tr("This link of the chain is damaged: restore with --upto to an earlier link, or from another "
                         "backup."));
                return false;
            }
        }
        if (Status s = rebuild.check(); !s) {
            error(s.error().code, s.error().message, s.error().hint);
            return false;
        }
        if (Status s = m_target->planWrites(*m_chain, linkCount, merged.value(), steps.value(), newestMeta, m_plan);
            !s) {
            error(s.error().code, s.error().message, s.error().hint);
            return false;
        }
        for (const Target &t : m_targets)
            m_plan.removals.push_back({t.dir, QFileInfo::exists(t.dir) ? restorefs::treeBytes(t.dir) : 0,
                                       QFileInfo::exists(t.dir), t.key, t.role});
        return true;
    }

    // 5. Enough free space beside the data directory (the old data stays until the new is in place),
    //    with the room rebuilding files from reference links takes while the restore runs.
    void checkSpace()
    {
        QString existing = m_targets.front().dir;
        for (const Target &t : m_targets) {
            if (t.role == QLatin1String("data"))
                existing = t.dir;
        }
        while (!QFileInfo::exists(existing) && existing != QLatin1String("/"))
            existing = QFileInfo(existing).path();
        const QStorageInfo storage(existing);
        const qint64 needed = m_plan.bytesToWrite + m_plan.scratchBytes + (1 << 20);
        if (storage.isValid() && storage.bytesAvailable() < needed)
            error(ErrorCode::Io,
                  tr("Not enough free space on '%1' for the restore: it needs %2 bytes, %3 are available")
                      .arg(storage.rootPath())
                      .arg(needed)
                      .arg(storage.bytesAvailable()),
                  tr("Free space there, or restore an earlier point with --upto."));
    }

    // 6. The owner exists, and we may give it the files.
    void checkOwner()
    {
        const struct passwd *user = ::getpwnam(m_options.owner.toLocal8Bit().constData());
        if (!user) {
            error(ErrorCode::NotFound, tr("User '%1' does not exist").arg(m_options.owner),
                  tr("Create it (useradd --system %1) or pass --owner USER.").arg(m_options.owner));
        } else if (::geteuid() != 0 && user->pw_uid != ::geteuid()) {
            QString command = QStringLiteral("sudo tidemark-cli restore -config %1 %2 --owner %3")
                                  .arg(m_options.configPath, m_plan.chainPath, m_options.owner);
            if (m_options.upto)
                command += QStringLiteral(" --upto %1").arg(*m_options.upto);
            error(ErrorCode::Usage, tr("Only root can give the restored files to '%1'").arg(m_options.owner),
                  tr("Run instead: %1").arg(command));
        }
    }

private:
    struct Target {
        QString key;
        QString dir; ///< Resolved.
        QString role;
    };

    void error(ErrorCode code, const QString &message, const QString &fix)
    {
        m_plan.findings.push_back(RestoreFinding{RestoreFinding::Severity::Error, code, message, fix});
    }
    [[nodiscard]] bool isCancelled() const { return m_cancelled && m_cancelled->load(); }

    const RestoreEngine::Options &m_options;
    RestorePlan &m_plan;
    const RestoreEngine::Progress &m_progress;
    const std::atomic_bool *m_cancelled;
    const RestoreTarget *m_target = nullptr;
    RestoreTarget::Config m_config;
    std::vector<Target> m_targets;
    std::unique_ptr<BackupChain> m_chain;
    Error m_chainError{ErrorCode::Ok, {}, {}};
};

} // namespace

RestorePlan RestoreEngine::preflight(const Progress &progress, const std::atomic_bool *cancelled)
{
    RestorePlan plan;
    plan.configPath = m_options.configPath;
    plan.chainPath = ChainStore::canonicalLocation(m_options.chainPath);
    plan.upto = m_options.upto;
    plan.owner = m_options.owner;
    plan.limitRate = m_options.limitRate;
    Preflight steps(m_options, plan, progress, cancelled);
    if (!steps.loadChainAndConfig())
        return plan;
    steps.checkDirectories();
    steps.checkStopped();
    if (!steps.checkChain())
        return plan;
    steps.checkSpace();
    steps.checkOwner();
    return plan;
}

} // namespace tidemark
