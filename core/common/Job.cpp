#include "common/Job.h"

#include <QtConcurrent>

namespace tidemark {

Job::Job(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Error>();
}

Job::~Job()
{
    cancel();
    waitForFinished();
}

bool Job::start()
{
    if (m_future.isRunning())
        return false;
    m_future = QtConcurrent::run([this] {
        Error error = execute();
        if (m_cancelled && error.code != ErrorCode::Ok && error.code != ErrorCode::Cancelled)
            error = makeError(ErrorCode::Cancelled, error.message, error.hint);
        Q_EMIT finished(error);
    });
    return true;
}

void Job::cancel()
{
    m_cancelled = true;
}

void Job::waitForFinished()
{
    m_future.waitForFinished();
}

} // namespace tidemark
