#include "backup/CopyJob.h"

#include "common/RateLimiter.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainStore.h"

#include <QElapsedTimer>

#include <algorithm>

namespace tidemark {

int CopyResult::copiedCount() const
{
    return static_cast<int>(std::count_if(links.begin(), links.end(), [](const Link &l) { return l.copied; }));
}

CopyJob::CopyJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<CopyResult>();
}

CopyJob::~CopyJob()
{
    cancel();
    waitForFinished();
}

QString CopyJob::title() const
{
    return tr("Copy of %1 to %2").arg(m_options.source, m_options.destination);
}

Error CopyJob::execute()
{
    m_result = run();
    return m_result.error;
}

CopyResult CopyJob::run()
{
    QElapsedTimer timer;
    timer.start();
    CopyResult result;
    result.source = ChainStore::canonicalLocation(m_options.source);
    result.destination = ChainStore::canonicalLocation(m_options.destination);
    if (Status s = copyChain(result); !s) {
        result.error = s.error();
        if (isCancelled()) {
            const int copied = result.copiedCount();
            result.error = makeError(
                ErrorCode::Cancelled,
                copied == 0 ? tr("Copy cancelled; nothing was added to '%1'").arg(result.destination)
                            : tr("Copy cancelled; '%1' keeps the %n link(s) copied before, and nothing of the link "
                                 "that was being copied",
                                 nullptr, copied)
                                  .arg(result.destination));
        }
    }
    result.seconds10 = timer.elapsed() / 100;
    return result;
}

Result<size_t> CopyJob::linksPresent(const BackupChain &source, const BackupChain &destination)
{
    if (destination.isEmpty())
        return size_t(0);
    const QString &src = source.path();
    const QString &dest = destination.path();
    const QString fresh = tr("Copy into a new DEST, or move '%1' and its incrementals aside: a copy never overwrites "
                             "or mixes chains.")
                              .arg(dest);
    const Manifest &srcFull = source.links().front().manifest;
    const Manifest &destFull = destination.links().front().manifest;
    if (destFull.chainId != srcFull.chainId)
        return makeError(ErrorCode::State,
                         tr("'%1' holds another chain (id %2) than '%3' (id %4): it is not a copy of it")
                             .arg(dest, destFull.chainId, src, srcFull.chainId),
                         fresh);
    const auto &srcLinks = source.links();
    const auto &destLinks = destination.links();
    if (destLinks.size() > srcLinks.size())
        return makeError(ErrorCode::State,
                         tr("'%1' has %2 links of chain %3, more than the %4 of '%5': it is ahead of the chain it "
                            "would be copied from")
                             .arg(dest)
                             .arg(destLinks.size())
                             .arg(srcFull.chainId)
                             .arg(srcLinks.size())
                             .arg(src),
                         tr("Copy from the location that holds every link (maybe the other way round), or into a new "
                            "DEST."));
    for (size_t i = 0; i < destLinks.size(); ++i) {
        const BackupChain::Link &have = destLinks[i];
        const BackupChain::Link &want = srcLinks[i];
        if (have.manifest.toJson() != want.manifest.toJson())
            return makeError(ErrorCode::State,
                             tr("'%1' is not the same link as '%2': their manifests differ (a different backup of "
                                "chain %3)")
                                 .arg(have.path, want.path, srcFull.chainId),
                             fresh);
        if (have.bytes != want.bytes)
            return makeError(ErrorCode::State,
                             tr("'%1' has %2 bytes but '%3' has %4: the same link, but one of them is damaged")
                                 .arg(have.path)
                                 .arg(have.bytes)
                                 .arg(want.path)
                                 .arg(want.bytes),
                             tr("Run 'tidemark-cli verify' on both; move the damaged one and its later incrementals "
                                "aside, then copy again."));
    }
    return destLinks.size();
}

Status CopyJob::copyChain(CopyResult &result)
{
    const QString &src = result.source;
    const QString &dest = result.destination;
    if (src == dest)
        return makeError(ErrorCode::Usage, tr("Cannot copy '%1' onto itself").arg(src),
                         tr("Give another DEST: a path or an s3:// location where the copy goes."));

    // 1. One writer per chain at a time in DEST; then what killed writers left there is ours.
    const std::shared_ptr<ChainStore> destStore(ChainStore::open(dest));
    reportStage(tr("locking %1").arg(dest));
    auto lock = destStore->lock();
    if (!lock)
        return lock.error();
    reportStage(tr("reading the chain %1").arg(src));
    auto source = BackupChain::open(std::shared_ptr<ChainStore>(ChainStore::open(src)));
    if (!source)
        return source.error();
    if (source->isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no backup chain at '%1'").arg(src),
                         tr("Give the location of a chain's full snapshot (the file or object without a .N suffix)."));
    reportStage(tr("reading the chain %1").arg(dest));
    auto destination = BackupChain::open(destStore);
    if (!destination)
        return destination.error();
    destStore->removeLeftovers();

    // 2. DEST must be SRC's first links (or nothing); the rest are copied.
    auto present = linksPresent(source.value(), destination.value());
    if (!present)
        return present.error();
    const auto &links = source->links();
    for (size_t i = 0; i < present.value(); ++i)
        result.links.push_back(
            {links[i].number, links[i].path, destStore->linkPath(links[i].number), links[i].bytes, false});
    qint64 total = 0;
    for (size_t i = present.value(); i < links.size(); ++i)
        total += links[i].bytes;
    RateLimiter limiter(m_options.limitRate);
    qint64 done = 0;
    reportProgress(0, total);
    for (size_t i = present.value(); i < links.size(); ++i) {
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Copy cancelled"));
        const qint64 before = done;
        if (Status s = copyLink(source.value(), i, *destStore, limiter, done, total); !s)
            return s;
        result.links.push_back(
            {links[i].number, links[i].path, destStore->linkPath(links[i].number), links[i].bytes, true});
        result.bytesCopied += done - before;
    }
    return {};
}

Status CopyJob::copyLink(const BackupChain &source, size_t index, ChainStore &destination, RateLimiter &limiter,
                         qint64 &done, qint64 total)
{
    const BackupChain::Link &link = source.links()[index];
    const QString target = destination.linkPath(link.number);
    reportStage(tr("copying %1 to %2").arg(link.path, target));
    auto input = source.openLink(link);
    if (!input)
        return input.error();
    auto writer = destination.createLink(link.number);
    if (!writer)
        return writer.error();
    QIODevice &in = *input.value();
    QIODevice &out = writer.value()->device();

    // The reader pulls the link through this source: every byte it is given goes to DEST first,
    // so what DEST gets is exactly what was checked.
    qint64 copied = 0;
    ArchiveReader *readerPtr = nullptr;
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            if (isCancelled()) {
                readerPtr->setSourceError(makeError(ErrorCode::Cancelled, tr("Copy cancelled")));
                return -1;
            }
            const qint64 n = in.read(buffer, capacity);
            if (n < 0) {
                readerPtr->setSourceError(
                    makeError(ErrorCode::Io, tr("Reading '%1' failed: %2").arg(link.path, in.errorString())));
                return -1;
            }
            if (n == 0)
                return 0;
            if (out.write(buffer, n) != n) {
                if (auto error = writer.value()->writeError()) {
                    readerPtr->setSourceError(*error);
                    return -1;
                }
                readerPtr->setSourceError(makeError(
                    ErrorCode::Io, tr("Cannot write '%1': %2").arg(writer.value()->pendingName(), out.errorString()),
                    tr("Check free space and permissions where the copy goes.")));
                return -1;
            }
            copied += n;
            done += n;
            Q_EMIT fileProgressChanged(link.path, copied, link.bytes);
            reportProgress(done, total);
            limiter.consume(n, cancelFlag());
            return static_cast<qsizetype>(n);
        },
        link.path);
    readerPtr = &reader;

    auto head = reader.readManifest();
    if (!head)
        return head.error();
    // The link read is the one the chain was opened with (not one replaced meanwhile).
    const Manifest &listed = link.manifest;
    if (head->chainId != listed.chainId || head->index != listed.index || head->created != listed.created ||
        head->incremental != listed.incremental)
        return makeError(ErrorCode::State, tr("'%1' changed while it was being copied").arg(link.path),
                         tr("Run the copy again when no one writes to '%1'.").arg(source.path()));
    if (Status s = reader.readToEnd(); !s)
        return s;
    // The reader reads its source to the end; a link of another length than listed changed.
    char extra = 0;
    const qint64 more = in.read(&extra, 1);
    if (more < 0)
        return makeError(ErrorCode::Io, tr("Reading '%1' failed: %2").arg(link.path, in.errorString()));
    if (more > 0 || copied != link.bytes)
        return makeError(ErrorCode::State,
                         tr("'%1' has %2 bytes, but was listed with %3: it changed while it was being copied")
                             .arg(link.path)
                             .arg(copied)
                             .arg(link.bytes),
                         tr("Run the copy again when no one writes to '%1'.").arg(source.path()));
    if (isCancelled())
        return makeError(ErrorCode::Cancelled, tr("Copy cancelled"));
    reportStage(tr("committing %1").arg(target));
    return writer.value()->commit();
}

} // namespace tidemark
