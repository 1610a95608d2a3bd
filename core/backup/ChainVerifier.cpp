#include "backup/ChainVerifier.h"

#include "backup/RebuiltFiles.h"
#include "kinds/NodeKind.h"
#include "snapshot/ArchiveReader.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace tidemark {

Result<std::vector<ChainVerifier::LinkReport>> ChainVerifier::verify(const QString &path, const Progress &progress,
                                                                     const std::atomic_bool *cancelled)
{
    auto chain = BackupChain::open(path);
    if (!chain)
        return chain.error();
    if (chain->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(path));
    qint64 total = 0;
    for (const BackupChain::Link &link : chain->links())
        total += link.manifest.totalBytes();
    qint64 done = 0;

    const NodeKind &kind = NodeKind::of(chain->links().front().manifest.kind);
    const auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    const size_t count = chain->links().size();

    // Every link's complete manifest (format 2 and 3 have their checksums at the end; each file is
    // walked as soon as it is out, so they are read ahead from there: a file whose bytes changed
    // is never opened as LMDB), and the names of the links for messages.
    std::vector<Manifest> complete;
    QStringList names;
    for (const BackupChain::Link &link : chain->links()) {
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
        names << link.path;
        if (link.manifest.hasChecksums() && link.manifest.hasSizes()) {
            complete.push_back(link.manifest);
            continue;
        }
        auto final = chain->finalManifest(link);
        if (!final)
            return final.error();
        complete.push_back(final.takeValue());
    }
    // Block and reference links: each must apply to the chain's version before it (the check a
    // restore makes, Manifest::steps), and is rebuilt as its link is read: the version it applies
    // to is kept in the scratch directory until then (`keep`: per link, the files a later block or
    // reference link changes).
    // A file's version older than the one before it (a lower index) is no version of the chain.
    std::vector<QSet<QString>> keep(count);
    std::vector<QSet<QString>> stale(count);
    bool deltas = false;
    {
        struct Last {
            size_t link;
            quint64 index;
        };
        std::map<QString, Last> last;
        for (size_t i = 0; i < count; ++i) {
            for (const ManifestFile &f : complete[i].files) {
                const auto it = last.find(f.name);
                if (it != last.end() && f.index < it->second.index) {
                    if (f.isDelta())
                        return makeError(ErrorCode::Integrity,
                                         (f.isBlockLink()
                                              ? tr("'%1' holds '%2' as changed blocks of a version older than the "
                                                   "chain's version before it")
                                              : tr("'%1' holds '%2' as references into a version older than the "
                                                   "chain's version before it"))
                                             .arg(names[static_cast<qsizetype>(i)], f.name),
                                         tr("The chain is damaged: restore up to the link before '%1' (--upto), or "
                                            "from another backup.")
                                             .arg(names[static_cast<qsizetype>(i)]));
                    stale[i].insert(f.name);
                    continue;
                }
                if (f.isDelta()) {
                    deltas = true;
                    if (it != last.end())
                        keep[it->second.link].insert(f.name);
                }
                last[f.name] = Last{i, f.index};
            }
        }
    }
    if (deltas) {
        if (auto steps = Manifest::steps(complete, names); !steps)
            return steps.error();
    }

    auto scratch = chain->store().scratch();
    if (!scratch)
        return scratch.error();
    RebuiltFiles rebuilt(scratch.value()->path());
    std::vector<LinkReport> reports;
    for (size_t i = 0; i < count; ++i) {
        const BackupChain::Link &link = chain->links()[i];
        const Manifest &planned = complete[i];
        auto device = chain->openLink(link);
        if (!device)
            return device.error();
        ArchiveReader reader(*device.value(), link.path);
        auto manifest = reader.readManifest();
        if (!manifest)
            return manifest.error();
        if (planned.checksumsLast() || !manifest->hasChecksums()) {
            if (Status s = reader.useFinalManifest(planned); !s)
                return s.error();
        }
        LinkReport report{link.path, 0, 0, manifest->index};
        for (size_t k = 0;; ++k) {
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            // The reader returns the files in its manifest's order: the k-th is planned.files[k].
            const ManifestFile *next = k < planned.files.size() ? &planned.files[k] : nullptr;
            const bool tracked = next && !stale[i].contains(next->name);
            const QString where = next ? tr("'%1' in %2").arg(next->name, link.path) : QString();
            QString extracted;
            std::optional<QFile> out;
            if (tracked) {
                if (Status s = rebuilt.begin(*next, where); !s)
                    return s.error();
                extracted = rebuilt.path(next->name);
            } else {
                extracted = scratch.value()->filePath(QStringLiteral("file"));
                out.emplace(extracted);
                if (!out->open(QIODevice::WriteOnly | QIODevice::Truncate))
                    return makeError(ErrorCode::Io, tr("Cannot write '%1': %2").arg(extracted, out->errorString()));
            }
            auto file = reader.nextFile([&](const char *data, qsizetype size) {
                done += size;
                if (progress)
                    progress(done, total);
                if (isCancelled())
                    return false;
                if (!tracked)
                    return out->write(data, size) == size;
                // A block map or reference list the applier refuses is read on to the entry's end:
                // when its stored bytes differ from what the link's manifest says, the reader names
                // that first.
                return rebuilt.write(data, size) || rebuilt.error()->code == ErrorCode::Integrity;
            });
            if (out)
                out->close();
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            if (!file) {
                rebuilt.abort();
                return file.error();
            }
            if (!file.value())
                break;
            if (next && file.value()->name != next->name) {
                rebuilt.abort();
                return makeError(
                    ErrorCode::Integrity,
                    tr("%1 holds '%2' where its manifest lists '%3'").arg(link.path, file.value()->name, next->name),
                    tr("The link changed while it was read, or is damaged: verify again."));
            }
            if (tracked) {
                // The stored bytes were checked by the reader; a block or reference link's rebuilt
                // file is checked against its fileChecksum here.
                if (Status s = rebuilt.end(); !s)
                    return s.error();
            }
            const Status walked = kind.checkFile(file.value()->name, extracted, link.path, cancelled);
            if (isCancelled())
                return makeError(ErrorCode::Cancelled, tr("Verification cancelled"));
            if (!walked)
                return makeError(
                    walked.error().code,
                    next && next->isBlockLink()
                        ? tr("%1 (rebuilt from its block links): %2").arg(link.path, walked.error().message)
                    : next && next->isRefLink()
                        ? tr("%1 (rebuilt from its reference links): %2").arg(link.path, walked.error().message)
                        : tr("%1: %2").arg(link.path, walked.error().message),
                    walked.error().hint);
            if (!tracked)
                QFile::remove(extracted);
            else if (!keep[i].contains(next->name))
                rebuilt.remove(next->name);
            ++report.files;
            report.bytes += file.value()->size;
        }
        if (Status s = reader.finish(); !s)
            return s.error();
        reports.push_back(report);
    }
    return reports;
}

} // namespace tidemark
