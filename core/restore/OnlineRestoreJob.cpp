#include "restore/OnlineRestoreJob.h"

#include "common/RateLimiter.h"
#include "kinds/NodeKind.h"
#include "snapshot/BackupChain.h"

#include <QCoreApplication>

namespace tidemark {

OnlineRestoreJob::OnlineRestoreJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
}

OnlineRestoreJob::OnlineRestoreJob(Options options, OnlineRestorePlan plan, QObject *parent)
    : Job(parent), m_options(std::move(options)), m_plan(std::move(plan)), m_import(true)
{
}

OnlineRestoreJob::~OnlineRestoreJob()
{
    cancel();
    waitForFinished();
}

QString OnlineRestoreJob::title() const
{
    return QCoreApplication::translate("OnlineRestoreJob", "Restore of database %1 from %2 into %3")
        .arg(m_options.request.database, m_options.chain, m_options.settings.host.toString());
}

Error OnlineRestoreJob::execute()
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("OnlineRestoreJob", text); };
    reportStage(tr("reading %1").arg(m_options.chain));
    auto store = BackupChain::openStore(m_options.chain); // Decrypting, for an encrypted chain.
    if (!store)
        return store.error();
    auto opened = BackupChain::open(store.value());
    if (!opened)
        return opened.error();
    const BackupChain &chain = opened.value();
    if (chain.isEmpty())
        return makeError(ErrorCode::NotFound, tr("There is no backup at '%1'").arg(chain.path()),
                         tr("Give the path of a chain's full snapshot."));
    const auto &links = chain.links();
    size_t linkCount = links.size();
    if (m_options.upto) {
        const int newest = chain.nextNumber() - 1;
        if (*m_options.upto < -1 || *m_options.upto > newest)
            return makeError(ErrorCode::NotFound,
                             tr("Backup chain '%1' has no link %2").arg(chain.path()).arg(*m_options.upto),
                             tr("Give --upto from -1 (the full snapshot) to %1.").arg(newest));
        linkCount = static_cast<size_t>(*m_options.upto + 2);
    }
    ConnectionSettings settings = m_options.settings;
    settings.kind = links.front().manifest.kind; // The chain's kind decides the importer.
    RateLimiter limiter(m_options.limitRate);
    OnlineImporter::Context context{settings,
                                    chain,
                                    linkCount,
                                    cancelFlag(),
                                    m_options.limitRate > 0 ? &limiter : nullptr,
                                    [this](const QString &stage) { reportStage(stage); },
                                    [this](qint64 done, qint64 total) { reportProgress(done, total); }};
    const OnlineImporter &importer = NodeKind::of(settings.kind).onlineImporter();
    if (!m_import) {
        auto planned = importer.plan(context, m_options.request);
        if (isCancelled())
            return makeError(ErrorCode::Cancelled, tr("Restore cancelled; nothing changed on the node"));
        if (!planned)
            return planned.error();
        m_plan = planned.takeValue();
        return {ErrorCode::Ok, {}, {}};
    }
    if (Status s = importer.import(context, m_plan); !s)
        return s.error();
    return {ErrorCode::Ok, {}, {}};
}

} // namespace tidemark
