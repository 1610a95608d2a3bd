#include "retention/PruneJob.h"

#include "storage/ChainStore.h"
#include "storage/EncryptedChainStore.h"

#include <QElapsedTimer>

#include <map>

#include <csignal>
#include <unistd.h>

namespace tidemark {

namespace {

/// Tests kill a prune at a chosen step: `TIDEMARK_PRUNE_KILL_AFTER=N` sends SIGKILL to this
/// process after its Nth removal of a file (a link or a sidecar).
void removalHook()
{
    static int removals = 0;
    static const int killAfter = qEnvironmentVariableIsSet("TIDEMARK_PRUNE_KILL_AFTER")
                                     ? qEnvironmentVariableIntValue("TIDEMARK_PRUNE_KILL_AFTER")
                                     : -1;
    if (killAfter >= 0 && ++removals >= killAfter)
        ::kill(::getpid(), SIGKILL);
}

} // namespace

PruneJob::PruneJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<PruneResult>();
}

PruneJob::~PruneJob()
{
    cancel();
    waitForFinished();
}

QString PruneJob::title() const
{
    return m_options.dryRun ? tr("Prune preview of %1").arg(m_options.location)
                            : tr("Prune of %1").arg(m_options.location);
}

Error PruneJob::execute()
{
    m_result = run();
    return m_result.error;
}

std::vector<PruneDecision> PruneJob::plan(const Catalog &catalog, const RetentionPolicy &policy, const QString &node)
{
    std::vector<PruneDecision> decisions;
    for (const CatalogChain &chain : catalog.chains) {
        if (!node.isEmpty() && chain.timesKnown() && !chain.matchesNode(node))
            continue;
        PruneDecision d;
        d.chain = chain;
        decisions.push_back(std::move(d));
    }
    // Each node's points: every link of its readable chains.
    std::map<QString, std::vector<size_t>> byNode;
    for (size_t i = 0; i < decisions.size(); ++i) {
        PruneDecision &d = decisions[i];
        if (d.chain.isLeftover()) { // No point in it: what is left of a chain goes.
            d.keep = false;
            continue;
        }
        if (!d.chain.timesKnown()) {
            d.keep = true;
            d.reasons << tr("times unknown: %1").arg(d.chain.problem ? d.chain.problem->message : tr("no link"));
            continue;
        }
        byNode[d.chain.nodeKey()].push_back(i);
    }
    for (const auto &[key, members] : byNode) {
        std::vector<QDateTime> points;
        std::vector<size_t> owner;
        for (size_t i : members) {
            for (const CatalogChain::Link &l : decisions[i].chain.links) {
                points.push_back(l.created);
                owner.push_back(i);
            }
        }
        const std::vector<RetentionPolicy::Decision> kept = policy.apply(points);
        for (size_t i : members)
            decisions[i].keep = false;
        for (size_t p = 0; p < points.size(); ++p) {
            if (!kept[p].keep)
                continue;
            PruneDecision &d = decisions[owner[p]];
            d.keep = true;
            for (const QString &reason : kept[p].reasons)
                if (!d.reasons.contains(reason))
                    d.reasons << reason;
        }
        // The newest chain of a node always stays (the one a backup continues).
        size_t newest = members.front();
        for (size_t i : members)
            if (decisions[i].chain.last() > decisions[newest].chain.last())
                newest = i;
        decisions[newest].keep = true;
        decisions[newest].reasons.prepend(tr("newest chain of its node"));
    }
    return decisions;
}

Status PruneJob::removeChain(PruneDecision &decision)
{
    const CatalogChain &chain = decision.chain;
    const std::unique_ptr<ChainStore> store(ChainStore::open(chain.path));
    auto lock = store->lock();
    if (!lock)
        return lock.error();
    // The chain as listed, or it is left for the next run: a link added since may be a point the
    // policy keeps.
    auto listing = store->list();
    if (!listing)
        return listing.error();
    std::vector<int> listed;
    for (const CatalogChain::Link &l : chain.links)
        listed.push_back(l.number);
    std::vector<int> now;
    for (const ChainStore::LinkEntry &e : listing->links)
        now.push_back(e.number);
    if (now != listed)
        return makeError(ErrorCode::State, tr("'%1' changed since it was listed").arg(chain.path),
                         tr("Run prune again: it decides on the chain as it is then."));
    // Newest first, the full last: whatever is left at any moment is a whole, shorter chain.
    for (auto it = now.rbegin(); it != now.rend(); ++it) {
        if (isCancelled())
            return makeError(ErrorCode::Cancelled,
                             tr("Prune cancelled; '%1' is a shorter whole chain now").arg(chain.path));
        if (Status s = store->removeLink(*it); !s)
            return s;
        removalHook();
    }
    for (const QString &sidecar :
         {VerifyRecord::kSidecar, VerifyRecord::kDrillSidecar, EncryptedChainStore::kKeysSidecar}) {
        if (Status s = store->removeSidecar(sidecar); !s)
            return s;
        removalHook();
    }
    store->removeLeftovers();
    return {};
}

PruneResult PruneJob::run()
{
    QElapsedTimer timer;
    timer.start();
    PruneResult result;
    result.location = m_options.location;
    result.policy = m_options.policy;
    result.node = m_options.node;
    result.dryRun = m_options.dryRun;
    const auto finish = [&](std::optional<Error> error) {
        if (error)
            result.error = *error;
        result.seconds10 = timer.elapsed() / 100;
        return result;
    };
    if (m_options.policy.isEmpty())
        return finish(makeError(ErrorCode::Usage,
                                tr("No retention rule given: prune would keep nothing but the newest "
                                   "chain of each node"),
                                tr("Give at least one of --keep-last, --keep-hourly, --keep-daily, --keep-weekly, "
                                   "--keep-monthly, --keep-yearly, --keep-within.")));
    reportStage(tr("listing %1").arg(m_options.location));
    auto catalog = Catalog::read(
        m_options.location,
        [this](const QString &chain, int done, int total) {
            reportStage(tr("reading %1").arg(chain));
            reportProgress(done, total);
        },
        cancelFlag());
    if (!catalog)
        return finish(catalog.error());
    result.location = catalog->location;
    result.chains = plan(catalog.value(), m_options.policy, m_options.node);
    for (const PruneDecision &d : result.chains)
        if (!d.keep)
            result.bytesFreed += d.chain.bytes;
    if (m_options.dryRun)
        return finish(std::nullopt);

    result.bytesFreed = 0;
    std::optional<Error> firstError;
    for (PruneDecision &d : result.chains) {
        if (d.keep)
            continue;
        if (isCancelled())
            return finish(makeError(ErrorCode::Cancelled, tr("Prune cancelled; every chain is whole")));
        reportStage(tr("removing %1").arg(d.chain.path));
        if (Status s = removeChain(d); !s) {
            d.keep = true;
            d.error = s.error();
            d.reasons << (s.error().code == ErrorCode::Busy ? tr("locked: a backup is writing it") : s.error().message);
            if (s.error().code == ErrorCode::Cancelled)
                return finish(s.error());
            if (s.error().code != ErrorCode::Busy && s.error().code != ErrorCode::State && !firstError)
                firstError = s.error();
            continue;
        }
        d.removed = true;
        ++result.removedCount;
        result.bytesFreed += d.chain.bytes;
    }
    return finish(firstError);
}

} // namespace tidemark
