#include "backup/VerifyJob.h"

#include <QtConcurrent>

namespace tidemark {

VerifyJob::VerifyJob(QString path, QObject *parent) : QObject(parent), m_path(std::move(path))
{
    qRegisterMetaType<VerifyResult>();
}

VerifyJob::~VerifyJob()
{
    m_cancelled = true;
    m_future.waitForFinished();
}

void VerifyJob::start()
{
    m_future = QtConcurrent::run([this] {
        VerifyResult result;
        result.path = m_path;
        auto reports = ChainVerifier::verify(
            m_path, [this](qint64 done, qint64 total) { Q_EMIT progressChanged(done, total); }, &m_cancelled);
        if (m_cancelled)
            result.error =
                makeError(ErrorCode::Cancelled, ChainVerifier::tr("Verification of '%1' cancelled").arg(m_path));
        else if (!reports)
            result.error = reports.error();
        else
            result.links = reports.takeValue();
        Q_EMIT finished(result);
    });
}

void VerifyJob::cancel()
{
    m_cancelled = true;
}

} // namespace tidemark
