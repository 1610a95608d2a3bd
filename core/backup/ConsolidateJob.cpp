#include "backup/ConsolidateJob.h"

#include "backup/RebuiltFiles.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QFile>
#include <QSet>
#include <QUuid>

#include <map>

#include <fcntl.h>

namespace tidemark {

namespace {

constexpr qint64 kReadAheadBytes = 32 << 20;

/// One link of the source that gives files to the new full: read once, from its start.
struct Input {
    const BackupChain::Link *link = nullptr;
    std::unique_ptr<QIODevice> device;
    std::unique_ptr<ArchiveReader> reader;
    Manifest manifest;  ///< With every checksum (its final manifest for format 2).
    bool final = false; ///< `manifest` is the final one (format 2), for the reader to use.
    size_t next = 0;    ///< Entry of `manifest.files` the reader is at.
    size_t left = 0;    ///< Files still to take from it; it is closed when none is left.
    int fd = -1;        ///< A local link's file, for read-ahead advice.
    qint64 position = 0;
    qint64 advised = 0;
};

} // namespace

ConsolidateJob::ConsolidateJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<ConsolidateResult>();
}

ConsolidateJob::~ConsolidateJob()
{
    cancel();
    waitForFinished();
}

QString ConsolidateJob::title() const
{
    return tr("Synthetic full of %1 into %2").arg(m_options.source, m_options.destination);
}

Error ConsolidateJob::execute()
{
    m_result = run();
    return m_result.error;
}

ConsolidateResult ConsolidateJob::run()
{
    QElapsedTimer timer;
    timer.start();
    ConsolidateResult result;
    result.source = ChainStore::canonicalLocation(m_options.source);
    result.destination = ChainStore::canonicalLocation(m_options.destination);
    const auto finish = [&](Status status) {
        if (!status)
            result.error = status.error();
        if (!status && isCancelled())
            result.error =
                makeError(ErrorCode::Cancelled,
                          tr("Consolidation cancelled; nothing was written to '%1'").arg(result.destination));
        result.seconds10 = timer.elapsed() / 100;
        return result;
    };
    if (result.source == result.destination)
        return finish(makeError(ErrorCode::Usage, tr("Cannot consolidate '%1' onto itself").arg(result.source),
                                tr("Give a NEWPATH where no chain is: the new chain goes there.")));

    reportStage(tr("reading %1").arg(result.source));
    auto source = BackupChain::open(result.source);
    if (!source)
        return finish(source.error());
    if (source->isEmpty())
        return finish(makeError(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(result.source),
                                tr("Give the path of a chain's full snapshot.")));
    const int upto = m_options.upto.value_or(source->nextNumber() - 1);

    const std::shared_ptr<ChainStore> destination(ChainStore::open(result.destination));
    auto lock = destination->lock();
    if (!lock)
        return finish(lock.error());
    auto listing = destination->list();
    if (!listing)
        return finish(listing.error());
    if (!listing->links.empty())
        return finish(makeError(ErrorCode::State, tr("'%1' holds a chain already").arg(result.destination),
                                tr("Give a NEWPATH where no chain is: consolidate never overwrites or mixes chains.")));
    destination->removeLeftovers();
    return finish(consolidate(
        source.value(), upto, destination, m_options.compression, result,
        [this](const QString &stage, qint64 done, qint64 total) {
            if (!stage.isEmpty())
                reportStage(stage);
            reportProgress(done, total);
        },
        cancelFlag()));
}

Status ConsolidateJob::consolidate(const BackupChain &source, int upto, const std::shared_ptr<ChainStore> &destination,
                                   const std::optional<CompressionOptions> &compression, ConsolidateResult &result,
                                   const Progress &progress, const std::atomic_bool *cancelled)
{
    const auto isCancelled = [cancelled] { return cancelled && cancelled->load(); };
    const auto cancelledError = [&] {
        return makeError(ErrorCode::Cancelled,
                         tr("Consolidation cancelled; nothing was written to '%1'").arg(destination->path()));
    };
    auto mergedUpTo = source.mergedUpTo(upto);
    if (!mergedUpTo)
        return mergedUpTo.error();
    result.upto = upto;

    // Which link holds each file's newest copy: Manifest::merge's rule (highest index, the later
    // link on a tie), so the new full is what a restore up to `upto` writes.
    const std::vector<BackupChain::Link> &links = source.links();
    const size_t taken = static_cast<size_t>(upto + 2);
    std::map<QString, size_t> owner = source.newestCopies(upto);
    // Files whose newest version is a block link (format 3) or a reference link (format 4) are
    // rebuilt first (below) and written whole: the new full holds plain whole files only.
    std::map<QString, std::vector<Manifest::Step>> rebuild;
    const bool refLinks = source.hasRefLinks(upto);
    if (source.hasDeltas(upto)) {
        auto steps = source.steps(upto);
        if (!steps)
            return steps.error();
        for (auto &[name, versions] : steps.value()) {
            if (versions.size() > 1) {
                owner.erase(name);
                rebuild.emplace(name, std::move(versions));
            }
        }
    }

    // An encrypted chain's new full is encrypted under the same keys: they go first, and go again
    // when no link follows them.
    bool keysWritten = false;
    bool committed = false;
    const auto dropKeys = qScopeGuard([&] {
        if (keysWritten && !committed)
            (void)destination->removeSidecar(EncryptedChainStore::kKeysSidecar);
    });
    std::shared_ptr<ChainStore> target = destination;
    if (const auto *encrypted = dynamic_cast<const EncryptedChainStore *>(&source.store())) {
        auto keys = encrypted->inner().readSidecar(EncryptedChainStore::kKeysSidecar);
        if (!keys)
            return keys.error();
        if (!keys.value())
            return makeError(ErrorCode::NotFound,
                             tr("The keys of the encrypted chain '%1' are gone").arg(source.path()));
        if (Status s = destination->writeSidecar(EncryptedChainStore::kKeysSidecar, *keys.value()); !s)
            return s;
        keysWritten = true;
        auto wrapped = EncryptedChainStore::open(destination);
        if (!wrapped)
            return wrapped.error();
        target = wrapped.takeValue();
    } else if (auto keys = EncryptedChainStore::readKeys(*destination); keys && keys.value()) {
        // Keys an interrupted encrypted backup or consolidation left where no link is.
        if (Status s = destination->removeSidecar(EncryptedChainStore::kKeysSidecar); !s)
            return s;
    }

    // Open the links that give files, each with its manifest and every checksum.
    std::map<size_t, Input> inputs; // Nodes never move: the readers' sources point at them.
    qint64 total = 0;
    for (const auto &entry : owner) {
        Input &input = inputs[entry.second];
        if (!input.link) {
            input.link = &links[entry.second];
            total += links[entry.second].bytes;
        }
    }
    result.linksRead = static_cast<int>(inputs.size());
    qint64 done = 0;
    const QString readingStage =
        tr("reading %n link(s) of %1", nullptr, static_cast<int>(inputs.size())).arg(source.path());
    // Every checksum of each: a format-1 head has them, a format-2 link's final manifest (read
    // from its end) too.
    for (auto &[i, input] : inputs) {
        if (isCancelled())
            return cancelledError();
        if (input.link->manifest.hasChecksums() && input.link->manifest.format == Manifest::kFormatChecksumsFirst) {
            input.manifest = input.link->manifest;
            continue;
        }
        auto final = source.finalManifest(*input.link);
        if (!final)
            return final.error();
        input.manifest = final.takeValue();
        input.final = true;
    }
    // Opens an input for reading (only when its first file is due, so at most two are open: the
    // one `meta` came from and the one being read).
    const auto open = [&](Input &input) -> Status {
        auto device = source.openLink(*input.link);
        if (!device)
            return device.error();
        input.device = device.takeValue();
        input.fd = -1;
        if (auto *file = qobject_cast<QFile *>(input.device.get()); file && file->handle() >= 0) {
            input.fd = file->handle();
            (void)::posix_fadvise(input.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        }
        Input *self = &input;
        input.reader = std::make_unique<ArchiveReader>(
            [self, &done, total, &progress, &readingStage, isCancelled](char *buffer, qsizetype capacity) {
                if (isCancelled())
                    return qsizetype(-1);
                // Keep the disk reading ahead of the checks and writes (a local link only), as a
                // restore does: the reads and the writes of the new link then overlap.
                if (self->fd >= 0 && self->advised - self->position < kReadAheadBytes / 2) {
                    (void)::posix_fadvise(self->fd, self->advised, kReadAheadBytes, POSIX_FADV_WILLNEED);
                    self->advised += kReadAheadBytes;
                }
                const qint64 n = self->device->read(buffer, capacity);
                if (n > 0)
                    self->position += n;
                if (n < 0)
                    self->reader->setSourceError(ChainStore::readError(*self->device, self->link->path));
                if (n > 0) {
                    done += n;
                    if (progress)
                        progress(readingStage, done, total);
                }
                return static_cast<qsizetype>(n);
            },
            input.link->path);
        auto head = input.reader->readManifest();
        if (!head)
            return head.error();
        // The link as read must be the one planned from: the same files, in the same order.
        bool same = head->files.size() == input.manifest.files.size();
        for (size_t k = 0; same && k < head->files.size(); ++k)
            same = head->files[k].name == input.manifest.files[k].name;
        if (!same)
            return makeError(ErrorCode::Integrity, tr("%1 changed while it was read").arg(input.link->path),
                             tr("Run `tidemark-cli verify` on the chain, then consolidate again."));
        if (input.final) {
            if (Status s = input.reader->useFinalManifest(input.manifest); !s)
                return s;
        }
        return {};
    };

    // The new full's manifest: the merged one, each file as its link's manifest has it (with its
    // checksum), a chain id of its own. The head leaves the checksums to the final manifest.
    Manifest merged = mergedUpTo.takeValue();
    for (const ManifestFile &f : merged.files) {
        if (rebuild.count(f.name))
            continue;
        const Input &input = inputs[owner.at(f.name)];
        const ManifestFile *had = input.manifest.file(f.name);
        if (!had || had->size != f.size || had->index != f.index)
            return makeError(
                ErrorCode::Integrity,
                tr("%1: '%2' is not what the chain listed when it was opened").arg(input.link->path, f.name),
                tr("The chain changed meanwhile (or is damaged): run `tidemark-cli verify` on it."));
    }
    // Its order: each link is read once, forward, one after the other (its files in its own
    // order); `meta` first, as in every archive, where its link allows.
    // Per file of the new full: its input and entry there, or (no input) a rebuilt file, by its
    // position in `wholeFiles`.
    std::vector<std::pair<Input *, size_t>> plan;
    std::vector<ManifestFile> wholeFiles; // The rebuilt files as the new full lists them.
    for (const auto &[name, versions] : rebuild) {
        const ManifestFile &newest = versions.back().file;
        ManifestFile whole{name, newest.fileSize(), newest.index, newest.fileChecksum(), newest.boundary};
        wholeFiles.push_back(whole);
    }
    const auto grouped = [&](bool metaFirst) {
        plan.clear();
        const bool rebuiltMeta = rebuild.count(QStringLiteral("meta")) != 0;
        if (metaFirst && rebuiltMeta)
            plan.emplace_back(nullptr, 0); // `meta` is the first of `rebuild` (ordered by name).
        if (metaFirst && owner.count(QStringLiteral("meta"))) {
            Input &input = inputs[owner.at(QStringLiteral("meta"))];
            for (size_t k = 0; k < input.manifest.files.size(); ++k)
                if (input.manifest.files[k].name == QLatin1String("meta"))
                    plan.emplace_back(&input, k);
        }
        for (auto &[i, input] : inputs) {
            for (size_t k = 0; k < input.manifest.files.size(); ++k) {
                const QString &name = input.manifest.files[k].name;
                const auto it = owner.find(name);
                if (it != owner.end() && it->second == i && merged.file(name) &&
                    !(metaFirst && name == QLatin1String("meta")))
                    plan.emplace_back(&input, k);
            }
        }
        for (size_t r = 0; r < wholeFiles.size(); ++r) {
            if (!(metaFirst && rebuiltMeta && wholeFiles[r].name == QLatin1String("meta")))
                plan.emplace_back(nullptr, r);
        }
        std::map<const Input *, size_t> reached;
        for (const auto &[input, k] : plan) {
            if (!input)
                continue;
            const auto it = reached.find(input);
            if (it != reached.end() && k <= it->second)
                return false;
            reached[input] = k;
        }
        return true;
    };
    if (!grouped(true))
        (void)grouped(false); // Always forward: each link's files in its own order.
    Manifest final = merged;
    final.format = Manifest::kFormatChecksumsLast;
    final.incremental = false;
    final.chainId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    final.files.clear();
    for (const auto &[input, k] : plan) {
        if (!input) {
            final.files.push_back(wholeFiles[k]);
            continue;
        }
        final.files.push_back(input->manifest.files[k]);
        ++input->left;
    }
    Manifest head = final;
    for (ManifestFile &f : head.files)
        f.checksum.clear();

    // The files block or reference links change, rebuilt in the source's scratch: each link
    // holding one of their versions read once, in chain order, only as far as its last such
    // version; every entry checked by its reader, every rebuilt file by its checksum.
    std::unique_ptr<ChainStore::Scratch> scratch;
    std::optional<RebuiltFiles> rebuilt;
    if (!rebuild.empty()) {
        auto made = source.store().scratch();
        if (!made)
            return made.error();
        scratch = made.takeValue();
        rebuilt.emplace(scratch->path());
        std::map<size_t, QSet<QString>> versionsIn; // Link → the files it holds a version of.
        for (const auto &[name, versions] : rebuild) {
            for (const Manifest::Step &step : versions)
                versionsIn[step.link].insert(name);
        }
        for (const auto &entry : versionsIn) {
            total += links[entry.first].bytes;
            if (!inputs.count(entry.first))
                ++result.linksRead;
        }
        const QString stage =
            refLinks ? tr("rebuilding %n file(s) from their reference links", nullptr, static_cast<int>(rebuild.size()))
                     : tr("rebuilding %n file(s) from their block links", nullptr, static_cast<int>(rebuild.size()));
        for (const auto &[i, wanted] : versionsIn) {
            const BackupChain::Link &link = links[i];
            Manifest planned = link.manifest;
            const bool useFinal = planned.checksumsLast() || !planned.hasChecksums();
            if (useFinal) {
                auto complete = source.finalManifest(link);
                if (!complete)
                    return complete.error();
                planned = complete.takeValue();
            }
            auto device = source.openLink(link);
            if (!device)
                return device.error();
            ArchiveReader reader(*device.value(), link.path);
            if (auto opened = reader.readManifest(); !opened)
                return opened.error();
            if (useFinal) {
                if (Status s = reader.useFinalManifest(planned); !s)
                    return s;
            }
            qsizetype left = wanted.size();
            for (size_t k = 0; k < planned.files.size() && left > 0; ++k) {
                if (isCancelled())
                    return cancelledError();
                const ManifestFile &f = planned.files[k];
                const bool take = wanted.contains(f.name);
                if (take) {
                    if (Status s = rebuilt->begin(f, tr("'%1' in %2").arg(f.name, link.path)); !s)
                        return s;
                }
                auto got = reader.nextFile([&](const char *data, qsizetype size) {
                    done += size;
                    if (progress)
                        progress(stage, done, total);
                    return !isCancelled() && (!take || rebuilt->write(data, size));
                });
                if (isCancelled())
                    return cancelledError();
                if (take && rebuilt->error()) {
                    const Error e = *rebuilt->error();
                    rebuilt->abort();
                    return e;
                }
                if (!got)
                    return got.error();
                if (!got.value() || got.value()->name != f.name)
                    return makeError(ErrorCode::Integrity,
                                     tr("%1: expected '%2' next in the archive").arg(link.path, f.name));
                if (take) {
                    if (Status s = rebuilt->end(); !s)
                        return s;
                    --left;
                }
            }
            if (left > 0)
                return makeError(ErrorCode::Integrity, tr("%1 ended before the files it lists").arg(link.path));
        }
    }

    // The new link: written through the destination store, visible only once committed.
    CompressionOptions how;
    if (compression)
        how = *compression;
    else
        how.zstd = source.isCompressed(links[taken - 1]);
    auto writer = target->createLink(-1);
    if (!writer)
        return writer.error();
    QIODevice &out = writer.value()->device();
    qint64 written = 0;
    bool sinkFailed = false;
    ArchiveWriter archive(
        [&](const char *data, qsizetype size) {
            if (isCancelled())
                return false;
            if (out.write(data, size) != size) {
                sinkFailed = true;
                return false;
            }
            written += size;
            return true;
        },
        how);
    archive.setModificationTime(final.created.toSecsSinceEpoch());
    const auto writeFailed = [&]() -> Error {
        if (isCancelled())
            return cancelledError();
        if (!sinkFailed)
            return archive.error();
        if (auto e = writer.value()->writeError())
            return *e;
        return makeError(ErrorCode::Io,
                         tr("Cannot write '%1': %2").arg(writer.value()->pendingName(), out.errorString()),
                         tr("Check free space and permissions where NEWPATH is; nothing of the new chain was kept."));
    };
    if (!archive.open() || !archive.addData(QStringLiteral("manifest"), head.toJson()))
        return writeFailed();
    // A rebuilt file, whole, from the scratch (removed once written); its checksum once more.
    const auto writeRebuilt = [&](const ManifestFile &want) -> Status {
        const QString path = rebuilt->path(want.name);
        QFile in(path);
        if (!in.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, in.errorString()));
        if (progress)
            progress(refLinks ? tr("writing %1, rebuilt from its reference links").arg(want.name)
                              : tr("writing %1, rebuilt from its block links").arg(want.name),
                     done, total);
        if (in.size() != want.size || !archive.beginEntry(want.name, want.size))
            return in.size() != want.size
                       ? makeError(ErrorCode::Integrity, tr("'%1', rebuilt, has %2 bytes where the chain says %3")
                                                             .arg(want.name)
                                                             .arg(in.size())
                                                             .arg(want.size))
                       : writeFailed();
        Checksum sum;
        QByteArray buffer(1 << 20, Qt::Uninitialized);
        for (;;) {
            if (isCancelled())
                return cancelledError();
            const qint64 n = in.read(buffer.data(), buffer.size());
            if (n < 0)
                return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, in.errorString()));
            if (n == 0)
                break;
            sum.add(QByteArrayView(buffer.constData(), n));
            if (!archive.appendEntryData(buffer.constData(), static_cast<qsizetype>(n)))
                return writeFailed();
        }
        if (!archive.endEntry())
            return writeFailed();
        if (sum.hex() != want.checksum)
            return makeError(
                ErrorCode::Integrity,
                tr("'%1', rebuilt from the chain's links, changed in the scratch directory '%2'").arg(want.name, path),
                tr("Check the disk of the scratch directory, then consolidate again."));
        rebuilt->remove(want.name);
        return {};
    };

    for (size_t n = 0; n < plan.size(); ++n) {
        const ManifestFile &want = final.files[n];
        if (!plan[n].first) {
            if (Status s = writeRebuilt(want); !s)
                return s;
            continue;
        }
        Input &input = *plan[n].first;
        const size_t k = plan[n].second;
        if (!input.reader) {
            if (Status s = open(input); !s)
                return s;
        }
        // Entries before it in its link are superseded: read and checked, not kept.
        while (input.next < k) {
            if (isCancelled())
                return cancelledError();
            auto skipped = input.reader->nextFile({});
            if (!skipped)
                return skipped.error();
            if (!skipped.value())
                return makeError(ErrorCode::Integrity, tr("%1 ended before '%2'").arg(input.link->path, want.name));
            ++input.next;
        }
        if (progress)
            progress(tr("writing %1 from %2").arg(want.name, input.link->path), done, total);
        if (!archive.beginEntry(want.name, want.size))
            return writeFailed();
        bool writeRefused = false;
        auto got = input.reader->nextFile([&](const char *data, qsizetype size) {
            if (isCancelled())
                return false;
            if (!archive.appendEntryData(data, size)) {
                writeRefused = true;
                return false;
            }
            return true;
        });
        if (isCancelled())
            return cancelledError();
        if (writeRefused)
            return writeFailed();
        if (!got)
            return got.error();
        if (!got.value() || got.value()->name != want.name)
            return makeError(ErrorCode::Integrity,
                             tr("%1: expected '%2' next in the archive").arg(input.link->path, want.name));
        ++input.next;
        // The reader checked its size and checksum against the link's manifest (its final one
        // for format 2, given up front) before returning it: the same sum goes in ours.
        if (got.value()->checksum != want.checksum || got.value()->size != want.size)
            return makeError(ErrorCode::Integrity,
                             tr("%1: '%2' has checksum %3, its manifest says %4")
                                 .arg(input.link->path, want.name, got.value()->checksum, want.checksum));
        if (!archive.endEntry())
            return writeFailed();
        if (--input.left == 0) { // Its last file: the rest of it is superseded.
            input.reader.reset();
            input.device.reset();
        }
    }
    if (!archive.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) || !archive.finish())
        return writeFailed();
    if (isCancelled())
        return cancelledError();
    if (progress)
        progress(tr("committing %1").arg(destination->path()), done, total);
    if (Status s = writer.value()->commit(); !s)
        return s;
    committed = true;
    result.manifest = final;
    result.bytesRead = done;
    result.bytesWritten = written;
    return {};
}

} // namespace tidemark
