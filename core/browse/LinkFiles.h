#pragma once

#include "browse/ChainBrowser.h"
#include "browse/ContentsReader.h"
#include "browse/RebuiltFile.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainStore.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace tidemark {

/// What every link read adds to: bytes for the progress, and the cancel.
struct LinkReading {
    const ChainBrowser::Progress &progress;
    const std::atomic_bool *cancelled = nullptr;
    qint64 done = 0;
    qint64 total = 0;
    int links = 0;
    QString stage;
    QString cancelledMessage; ///< The Cancelled error's message; empty: "Listing cancelled".

    [[nodiscard]] bool isCancelled() const { return cancelled && cancelled->load(); }
    void report()
    {
        if (progress)
            progress(stage, done, total);
    }
    [[nodiscard]] Error cancelledError() const
    {
        return makeError(ErrorCode::Cancelled,
                         cancelledMessage.isEmpty() ? ChainBrowser::tr("Listing cancelled") : cancelledMessage);
    }
};

/// A chain opened at link `upto` for reading its state there, as a restore up to it would write
/// it (what `ls` and `export` share): its merged manifest and, of each file, the link holding its
/// newest copy (BackupChain::newestCopies, Manifest::merge's rule); of a file whose newest copy
/// is a block or reference link, its steps (BackupChain::steps), and in `merged` that link's
/// complete entry (the rebuilt file's size and checksum: ManifestFile::fileSize()).
struct ChainAtLink {
    BackupChain chain;
    int upto = -1;    ///< -1: the full snapshot; N: PATH.N.
    Manifest merged;  ///< Of the full and PATH.0 … PATH.upto.
    size_t taken = 0; ///< Those links: upto + 2.
    std::map<QString, size_t> owners;
    std::map<QString, std::vector<Manifest::Step>> rebuilt; ///< The block- or reference-linked files' steps.

    /// The index in chain.links() of the link holding `name`'s newest copy; `taken` when none does.
    [[nodiscard]] size_t ownerOf(const QString &name) const
    {
        const auto it = owners.find(name);
        return it == owners.end() ? taken : it->second;
    }
    /// The bytes of the chain read for `name`: its newest copy's, or of each of its steps.
    [[nodiscard]] qint64 storedBytes(const QString &name) const
    {
        if (const auto it = rebuilt.find(name); it != rebuilt.end()) {
            qint64 bytes = 0;
            for (const Manifest::Step &step : it->second)
                bytes += std::max<qint64>(step.file.size, 0);
            return bytes;
        }
        const ManifestFile *file = merged.file(name);
        return file ? std::max<qint64>(file->size, 0) : 0;
    }
    /// The reads that give `name` as it is at the link (RebuiltFile): from its owner link, or,
    /// when it is a block or reference link, from each of its steps' links, rebuilt in `scratchDir`.
    [[nodiscard]] std::vector<RebuiltFile::Read> reads(const QString &name, const QString &scratchDir,
                                                       Opener target) const
    {
        if (const auto it = rebuilt.find(name); it != rebuilt.end())
            return RebuiltFile::rebuilt(it->second,
                                        scratchDir + QStringLiteral("/rebuilt-") +
                                            QString(name).replace(QLatin1Char('/'), QLatin1Char('-')),
                                        std::move(target));
        return RebuiltFile::whole(ownerOf(name), std::move(target));
    }
    /// The link whose state is read (PATH.upto, or the full).
    [[nodiscard]] const BackupChain::Link &link() const { return chain.links()[taken - 1]; }

    /// Opens `path` at `upto` (absent: the newest link). NotFound when there is no chain or no
    /// such link (the hint names the links there are); the chain's own errors else.
    [[nodiscard]] static Result<ChainAtLink> open(const QString &path, std::optional<int> upto)
    {
        auto opened = BackupChain::open(path);
        if (!opened)
            return opened.error();
        ChainAtLink at{std::move(opened.value()), -1, {}, 0, {}, {}};
        const BackupChain &chain = at.chain;
        if (chain.isEmpty())
            return makeError(ErrorCode::NotFound, ChainBrowser::tr("There is no backup at '%1'").arg(chain.path()),
                             ChainBrowser::tr("Give the path of a chain's full snapshot."));
        const int newest = chain.nextNumber() - 1;
        at.upto = upto.value_or(newest);
        if (at.upto < -1 || at.upto > newest)
            return makeError(
                ErrorCode::NotFound,
                ChainBrowser::tr("Backup chain '%1' has no link %2").arg(chain.path()).arg(at.upto),
                newest < 0
                    ? ChainBrowser::tr("It holds its full snapshot only: give %1 or %1:-1.").arg(chain.path())
                    : ChainBrowser::tr("Give a link from -1 (the full snapshot) to %1 (%2), or none for the newest.")
                          .arg(newest)
                          .arg(chain.store().linkPath(newest)));
        auto merged = chain.mergedUpTo(at.upto);
        if (!merged)
            return merged.error();
        at.merged = std::move(merged.value());
        at.taken = static_cast<size_t>(at.upto + 2);
        at.owners = chain.newestCopies(at.upto);
        if (chain.hasDeltas(at.upto)) {
            auto steps = chain.steps(at.upto);
            if (!steps)
                return steps.error();
            for (auto &[name, fileSteps] : steps.value()) {
                if (fileSteps.size() < 2)
                    continue;
                for (ManifestFile &f : at.merged.files) {
                    if (f.name == name)
                        f = fileSteps.back().file;
                }
                at.rebuilt.emplace(name, std::move(fileSteps));
            }
        }
        return at;
    }
};

/// One link, read once from its start and only forward, as far as the files asked of it
/// (ChainBrowser's and ChainExporter's reader of links): every entry checked by an ArchiveReader,
/// the files asked for streamed into the sinks their openers give, finished once checked.
class LinkFiles {
public:
    LinkFiles(const BackupChain &chain, const BackupChain::Link &link, LinkReading &reading)
        : m_chain(chain), m_link(link), m_reading(reading)
    {
    }

    Status open()
    {
        // Every checksum up front (a format-2 link's are in its final manifest, read from its
        // end), so that each file is checked as soon as it is out, before a sink trusts it.
        m_planned = m_link.manifest;
        bool useFinal = false;
        if (!m_planned.hasChecksums() || m_planned.format != Manifest::kFormatChecksumsFirst) {
            auto final = m_chain.finalManifest(m_link);
            if (!final)
                return final.error();
            m_planned = final.takeValue();
            useFinal = true;
        }
        auto device = m_chain.openLink(m_link);
        if (!device)
            return device.error();
        m_device = device.takeValue();
        ++m_reading.links;
        m_reader = std::make_unique<ArchiveReader>(
            [this](char *buffer, qsizetype capacity) {
                if (m_reading.isCancelled())
                    return qsizetype(-1);
                const qint64 n = m_device->read(buffer, capacity);
                if (n < 0) {
                    m_reader->setSourceError(ChainStore::readError(*m_device, m_link.path));
                    return qsizetype(-1);
                }
                m_reading.done += n;
                m_reading.report();
                return static_cast<qsizetype>(n);
            },
            m_link.path);
        auto head = m_reader->readManifest();
        if (m_reading.isCancelled())
            return m_reading.cancelledError();
        if (!head)
            return head.error();
        bool same = head->files.size() == m_planned.files.size();
        for (size_t k = 0; same && k < head->files.size(); ++k)
            same = head->files[k].name == m_planned.files[k].name;
        if (!same)
            return makeError(ErrorCode::Integrity, ChainBrowser::tr("%1 changed while it was read").arg(m_link.path),
                             ChainBrowser::tr("Run `tidemark-cli verify` on the chain, then list it again."));
        if (useFinal) {
            if (Status s = m_reader->useFinalManifest(m_planned); !s)
                return s;
        }
        return {};
    }

    // Reads on to each file of `wanted` and streams it into the sink its opener gives (finished
    // once the reader checked it); the files on the way are checked and dropped.
    Status read(const std::map<QString, Opener> &wanted)
    {
        size_t left = 0;
        for (const auto &[name, open] : wanted) {
            if (!m_planned.file(name))
                return makeError(ErrorCode::Integrity,
                                 ChainBrowser::tr("%1 does not hold '%2' as the chain listed").arg(m_link.path, name));
            ++left;
        }
        while (left > 0) {
            if (m_next >= m_planned.files.size())
                return makeError(ErrorCode::Integrity,
                                 ChainBrowser::tr("%1 ended before the files asked of it").arg(m_link.path));
            const QString name = m_planned.files[m_next].name;
            const auto it = wanted.find(name);
            std::unique_ptr<ContentsReader::Sink> sink;
            if (it != wanted.end()) {
                auto opened = it->second(m_link.path);
                if (!opened)
                    return opened.error();
                sink = opened.takeValue();
                m_reading.stage = ChainBrowser::tr("reading %1 from %2").arg(name, m_link.path);
                m_reading.report();
            }
            // A sink that fails gets no more bytes, but the entry is read to its end: when its
            // bytes were damaged, the link's checksum is the error to report, not what the sink
            // made of them.
            Status sinkStatus;
            auto got = m_reader->nextFile(sink ? ArchiveReader::DataSink([&](const char *data, qsizetype size) {
                if (sinkStatus.ok())
                    sinkStatus = sink->write(data, size);
                return !m_reading.isCancelled();
            })
                                               : ArchiveReader::DataSink());
            if (m_reading.isCancelled())
                return m_reading.cancelledError();
            if (!got)
                return got.error();
            if (!sinkStatus)
                return sinkStatus;
            if (!got.value() || got.value()->name != name)
                return makeError(ErrorCode::Integrity,
                                 ChainBrowser::tr("%1: expected '%2' next in the archive").arg(m_link.path, name));
            ++m_next;
            if (sink) {
                if (Status s = sink->finish(); !s)
                    return s;
                --left;
            }
        }
        return {};
    }

    /// Whether `name` is still ahead of the reader (read() can reach it).
    [[nodiscard]] bool ahead(const QString &name) const
    {
        for (size_t k = m_next; k < m_planned.files.size(); ++k) {
            if (m_planned.files[k].name == name)
                return true;
        }
        return false;
    }

private:
    const BackupChain &m_chain;
    const BackupChain::Link &m_link;
    LinkReading &m_reading;
    Manifest m_planned; ///< The link's files with every checksum, in archive order.
    std::unique_ptr<QIODevice> m_device;
    std::unique_ptr<ArchiveReader> m_reader;
    size_t m_next = 0; ///< The entry of m_planned the reader is at.
};

} // namespace tidemark
