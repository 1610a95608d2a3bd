#include "backup/CopyJob.h"

#include "common/RateLimiter.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QElapsedTimer>
#include <QVariant>

#include <algorithm>
#include <functional>

namespace tidemark {

namespace {

// Reads `source` on, handing every byte read to `forward` too (which may refuse it): an encrypted
// link read through its decryption while its stored bytes go to DEST. Seeks only where it stands.
class TeeDevice : public QIODevice {
public:
    TeeDevice(QIODevice &source, std::function<bool(const char *, qint64)> forward)
        : m_source(source), m_forward(std::move(forward))
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_source.size(); }
    bool seek(qint64 pos) override { return pos == m_at && QIODevice::seek(pos); }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        const qint64 n = m_source.read(data, max);
        if (n < 0) {
            setErrorString(m_source.errorString());
            const QVariant code = m_source.property("tidemarkErrorCode");
            if (code.isValid())
                setProperty("tidemarkErrorCode", code);
            return -1;
        }
        if (n > 0 && !m_forward(data, n)) {
            setErrorString(QCoreApplication::translate("CopyJob", "the copy could not be written"));
            return -1;
        }
        m_at += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QIODevice &m_source;
    std::function<bool(const char *, qint64)> m_forward;
    qint64 m_at = 0;
};

} // namespace

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

Status CopyJob::copyKeys(const BackupChain &source, ChainStore &destination)
{
    auto destKeys = EncryptedChainStore::readKeys(destination);
    if (!destKeys)
        return destKeys.error();
    auto destListing = destination.list();
    if (!destListing)
        return destListing.error();
    const bool destHasLinks = !destListing->links.empty();
    const QString &dest = destination.path();
    const QString fresh = tr("Copy into a new DEST, or move '%1' and its incrementals aside: a copy never overwrites "
                             "or mixes chains.")
                              .arg(dest);
    const auto *encrypted = dynamic_cast<const EncryptedChainStore *>(&source.store());
    if (!encrypted) {
        if (destKeys.value() && destHasLinks)
            return makeError(
                ErrorCode::State,
                tr("'%1' is an encrypted chain and '%2' a plain one: a copy never mixes them").arg(dest, source.path()),
                fresh);
        if (destKeys.value()) // Keys an interrupted copy or backup left on a chain without links.
            return destination.removeSidecar(EncryptedChainStore::kKeysSidecar);
        return {};
    }
    if (destHasLinks && !destKeys.value())
        return makeError(
            ErrorCode::State,
            tr("'%1' is a plain chain and '%2' an encrypted one: a copy never mixes them").arg(dest, source.path()),
            fresh);
    if (destHasLinks && destKeys.value()->keyId() != encrypted->keys().keyId())
        return makeError(
            ErrorCode::State,
            tr("'%1' is encrypted with another data key than '%2': it is not a copy of it").arg(dest, source.path()),
            fresh);
    // DEST gets SRC's keys as they are (a key added or removed in SRC is so in the copy too).
    auto srcBytes = encrypted->inner().readSidecar(EncryptedChainStore::kKeysSidecar);
    if (!srcBytes)
        return srcBytes.error();
    auto destBytes = destination.readSidecar(EncryptedChainStore::kKeysSidecar);
    if (!destBytes)
        return destBytes.error();
    if (!srcBytes.value() || (destBytes.value() && *destBytes.value() == *srcBytes.value()))
        return {};
    reportStage(tr("copying the keys to %1").arg(destination.sidecarPath(EncryptedChainStore::kKeysSidecar)));
    return destination.writeSidecar(EncryptedChainStore::kKeysSidecar, *srcBytes.value());
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
    if (Status s = copyKeys(source.value(), *destStore); !s)
        return s;
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
    // An encrypted link is copied as it is stored (the same bytes, under the same keys) and checked
    // through its decryption on the way.
    const auto *encrypted = dynamic_cast<const EncryptedChainStore *>(&source.store());
    auto input = encrypted ? encrypted->inner().openLink(link.number) : source.openLink(link);
    if (!input)
        return input.error();
    auto writer = destination.createLink(link.number);
    if (!writer)
        return writer.error();
    QIODevice &raw = *input.value();
    QIODevice &out = writer.value()->device();

    // Every byte read from SRC goes to DEST first, so what DEST gets is exactly what was checked.
    qint64 copied = 0;
    std::optional<Error> forwardError;
    const auto forward = [&](const char *data, qint64 n) {
        if (out.write(data, n) != n) {
            forwardError = writer.value()->writeError();
            if (!forwardError)
                forwardError = makeError(
                    ErrorCode::Io, tr("Cannot write '%1': %2").arg(writer.value()->pendingName(), out.errorString()),
                    tr("Check free space and permissions where the copy goes."));
            return false;
        }
        copied += n;
        done += n;
        reportFileProgress(link.path, copied, link.bytes);
        reportProgress(done, total);
        limiter.consume(n, cancelFlag());
        return true;
    };
    std::unique_ptr<QIODevice> decrypted;
    if (encrypted) {
        auto opened = encrypted->decrypt(std::make_unique<TeeDevice>(raw, forward), link.path);
        if (!opened)
            return forwardError ? *forwardError : opened.error();
        decrypted = opened.takeValue();
    }
    QIODevice &in = decrypted ? *decrypted : raw;

    // The reader pulls the link through this source.
    ArchiveReader *readerPtr = nullptr;
    ArchiveReader reader(
        [&](char *buffer, qsizetype capacity) -> qsizetype {
            if (isCancelled()) {
                readerPtr->setSourceError(makeError(ErrorCode::Cancelled, tr("Copy cancelled")));
                return -1;
            }
            const qint64 n = in.read(buffer, capacity);
            if (n < 0) {
                readerPtr->setSourceError(forwardError ? *forwardError : ChainStore::readError(in, link.path));
                return -1;
            }
            if (n > 0 && !decrypted && !forward(buffer, n)) {
                readerPtr->setSourceError(*forwardError);
                return -1;
            }
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
    const qint64 more = raw.read(&extra, 1);
    if (more < 0)
        return ChainStore::readError(raw, link.path);
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
