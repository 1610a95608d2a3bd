#include "backup/VerifyJob.h"

namespace tidemark {

VerifyJob::VerifyJob(QString path, QObject *parent) : Job(parent), m_path(std::move(path))
{
    qRegisterMetaType<VerifyResult>();
}

VerifyJob::~VerifyJob()
{
    cancel();
    waitForFinished();
}

QString VerifyJob::title() const
{
    return ChainVerifier::tr("Verification of %1").arg(m_path);
}

Error VerifyJob::execute()
{
    VerifyResult result;
    result.path = m_path;
    reportStage(ChainVerifier::tr("verifying %1").arg(m_path));
    auto reports = ChainVerifier::verify(
        m_path, [this](qint64 done, qint64 total) { reportProgress(done, total); }, cancelFlag());
    if (isCancelled())
        result.error = makeError(ErrorCode::Cancelled, ChainVerifier::tr("Verification of '%1' cancelled").arg(m_path));
    else if (!reports)
        result.error = reports.error();
    else
        result.links = reports.takeValue();
    m_result = result;
    return result.error;
}

} // namespace tidemark
