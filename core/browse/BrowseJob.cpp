#include "browse/BrowseJob.h"

namespace tidemark {

BrowseJob::BrowseJob(ChainBrowser::Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
}

BrowseJob::~BrowseJob()
{
    cancel();
    waitForFinished();
}

QString BrowseJob::title() const
{
    return tr("Contents of %1").arg(m_options.chain);
}

Error BrowseJob::execute()
{
    QString lastStage;
    auto contents = ChainBrowser::browse(
        m_options,
        [&](const QString &stage, qint64 done, qint64 total) {
            if (stage != lastStage) {
                lastStage = stage;
                reportStage(stage);
            }
            reportProgress(done, total);
        },
        cancelFlag());
    if (!contents)
        return contents.error();
    m_contents = contents.takeValue();
    return {ErrorCode::Ok, {}, {}};
}

} // namespace tidemark
