#include "backup/BackupJob.h"

#include "backup/ConsolidateJob.h"
#include "kinds/NodeKind.h"
#include "storage/ChainLocation.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QDir>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

namespace tidemark {

BackupJob::BackupJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<BackupResult>();
}

BackupJob::~BackupJob()
{
    cancel();
    waitForFinished();
}

QString BackupJob::title() const
{
    return tr("Backup of %1 into %2").arg(m_options.host.toString(), m_options.path);
}

Error BackupJob::execute()
{
    m_result = run();
    return m_result.error;
}

int BackupJob::retryWait(int retryWaitMs, int retry)
{
    qint64 wait = std::max(0, retryWaitMs);
    for (int k = 1; k < retry && wait < kMaxRetryWaitMs; ++k)
        wait *= 2;
    return static_cast<int>(std::min<qint64>(wait, kMaxRetryWaitMs));
}

bool BackupJob::waitUnlessCancelled(int ms) const
{
    QDeadlineTimer deadline(ms);
    while (!isCancelled() && !deadline.hasExpired())
        QThread::msleep(static_cast<unsigned long>(std::clamp<qint64>(deadline.remainingTime(), 1, 50)));
    return !isCancelled();
}

BackupResult BackupJob::run()
{
    QElapsedTimer timer;
    timer.start();
    const auto finish = [&](Result<BackupResult> outcome) {
        BackupResult result;
        if (outcome) {
            result = outcome.takeValue();
        } else {
            result.error = outcome.error();
            if (isCancelled())
                result.error = makeError(ErrorCode::Cancelled,
                                         tr("Backup cancelled; the chain '%1' is unchanged").arg(m_options.path));
        }
        result.seconds10 = timer.elapsed() / 100;
        return result;
    };

    // 1. One backup per chain at a time; then leftovers of interrupted backups are ours to remove.
    QString path = ChainStore::canonicalLocation(m_options.path);
    if (m_options.maxLinks > 0) {
        auto head = ChainLocation::seriesHead(path);
        if (!head)
            return finish(head.error());
        path = head.takeValue();
    }
    std::shared_ptr<ChainStore> store(ChainStore::open(path));
    auto locked = store->lock();
    if (!locked)
        return finish(locked.error());
    std::unique_ptr<ChainStore::Lock> lock = locked.takeValue();
    BackupResult rolled;
    if (m_options.maxLinks > 0) {
        if (Status s = rollIfFull(store, lock, rolled); !s)
            return finish(s.error());
    }
    const auto withRoll = [&](Result<BackupResult> outcome) {
        BackupResult result = finish(std::move(outcome));
        result.chain = store->path();
        result.rolledFrom = rolled.rolledFrom;
        result.syntheticBytes = rolled.syntheticBytes;
        return result;
    };

    // Only a broken or unreachable connection is worth another try: the node may be restarting
    // or the network hiccuped. A refusal (auth, 404, 400) or a local failure would fail again.
    const int attempts = 1 + std::max(0, m_options.retries);
    RateLimiter limiter(m_options.limitRate);
    for (int k = 1;; ++k) {
        auto outcome = attempt(store, limiter);
        if (outcome || outcome.error().code != ErrorCode::Connection || k == attempts || isCancelled())
            return withRoll(std::move(outcome));
        const int waitMs = retryWait(m_options.retryWaitMs, k);
        Q_EMIT retrying(k, attempts, outcome.error().message, waitMs);
        if (!waitUnlessCancelled(waitMs))
            return withRoll(std::move(outcome));
    }
}

Status BackupJob::rollIfFull(std::shared_ptr<ChainStore> &store, std::unique_ptr<ChainStore::Lock> &lock,
                             BackupResult &rolled)
{
    auto listing = store->list();
    if (!listing)
        return listing.error();
    if (static_cast<int>(listing->links.size()) < m_options.maxLinks)
        return {};
    auto chain = BackupChain::open(store);
    if (!chain)
        return chain.error();
    store->removeLeftovers();
    auto next =
        ChainLocation::nextInSeries(ChainStore::canonicalLocation(m_options.path), QDateTime::currentDateTimeUtc());
    if (!next)
        return next.error();
    const std::shared_ptr<ChainStore> newStore(ChainStore::open(next.value()));
    auto newLock = newStore->lock();
    if (!newLock)
        return newLock.error();
    Q_EMIT stageChanged(
        tr("rolling %1 (%n link(s)) onto a synthetic full at %2", nullptr, static_cast<int>(listing->links.size()))
            .arg(store->path(), newStore->path()));
    ConsolidateResult made;
    if (Status s = ConsolidateJob::consolidate(
            chain.value(), chain->nextNumber() - 1, newStore,
            m_options.compression.zstd ? std::optional<CompressionOptions>(m_options.compression) : std::nullopt, made,
            [this](const QString &, qint64 done, qint64 total) { reportProgress(done, total); }, cancelFlag());
        !s)
        return s;
    rolled.rolledFrom = store->path();
    rolled.syntheticBytes = made.bytesWritten;
    store = newStore;
    lock = newLock.takeValue();
    return {};
}

Result<bool> BackupJob::prepareKeys(ChainStore &store)
{
    auto listing = store.list();
    if (!listing)
        return listing.error();
    auto keys = EncryptedChainStore::readKeys(store);
    if (!keys)
        return keys.error();
    const QString &path = store.path();
    if (!listing->links.empty()) {
        if (m_options.encrypt && !keys.value())
            return makeError(ErrorCode::Usage,
                             tr("The chain '%1' is not encrypted: a chain is encrypted from its full snapshot on, "
                                "and mixing is refused")
                                 .arg(path),
                             tr("Leave out --encrypt to add to this chain, or give a new PATH to start an encrypted "
                                "chain."));
        return false;
    }
    // No link yet: keys found here were left by an encrypted backup that wrote none.
    if (!m_options.encrypt) {
        if (keys.value())
            if (Status s = store.removeSidecar(EncryptedChainStore::kKeysSidecar); !s)
                return s.error();
        return false;
    }
    Q_EMIT stageChanged(tr("making the chain's key"));
    auto secret = m_options.newChainSecret ? std::optional<KeySecret>(m_options.newChainSecret->copy())
                                           : ChainSecrets::firstSecret(path);
    if (!secret)
        return makeError(ErrorCode::Usage,
                         tr("--encrypt needs a passphrase or key file for the new chain '%1'").arg(path),
                         tr("Give --passphrase-file FILE or --key-file FILE, set TIDEMARK_PASSPHRASE_FILE, or pass a "
                            "systemd credential named tidemark-passphrase."));
    auto created = ChainKeys::create(*secret, m_options.kdf, m_options.keyLabel);
    if (!created)
        return created.error();
    if (Status s = EncryptedChainStore::writeKeys(store, created->first); !s)
        return s.error();
    ChainSecrets::remember(created->first, created->second);
    return true;
}

Result<BackupResult> BackupJob::attempt(const std::shared_ptr<ChainStore> &store, RateLimiter &limiter)
{
    auto madeKeys = prepareKeys(*store);
    if (!madeKeys)
        return madeKeys.error();
    auto result = attemptWithKeys(store, limiter);
    // A new encrypted chain that got no link keeps no keys either.
    if (!result && madeKeys.value())
        (void)store->removeSidecar(EncryptedChainStore::kKeysSidecar);
    return result;
}

Result<BackupResult> BackupJob::attemptWithKeys(const std::shared_ptr<ChainStore> &store, RateLimiter &limiter)
{
    auto chain = BackupChain::open(store);
    if (!chain)
        return chain.error();
    store->removeLeftovers();
    const QString &path = chain->path();
    const Manifest::Kind chainKind = chain->isEmpty() ? m_options.kind : chain->links().front().manifest.kind;
    if (chainKind != m_options.kind)
        return makeError(ErrorCode::Usage,
                         tr("The chain '%1' holds snapshots of a node of kind '%2', but this backup is of kind '%3'")
                             .arg(path, Manifest::kindName(chainKind), Manifest::kindName(m_options.kind)),
                         tr("Back up that node with --kind %1, or give a new PATH to start a chain of this node.")
                             .arg(Manifest::kindName(chainKind)));
    NodeKind::BackupContext context{
        m_options, chain.value(), m_options.compression, cancelFlag(), limiter.isLimited() ? &limiter : nullptr, {}, {},
        {},        false};
    context.wholeFiles = m_options.wholeFiles;
    context.stage = [this](const QString &stage) { Q_EMIT stageChanged(stage); };
    context.progress = [this](qint64 done, qint64 total) { reportProgress(done, total); };
    context.fileProgress = [this](const QString &name, qint64 done, qint64 total) {
        reportFileProgress(name, done, total);
    };
    return NodeKind::of(m_options.kind).backup(context);
}

} // namespace tidemark
