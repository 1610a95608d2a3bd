#include "RestoreSession.h"

namespace tidemark::ui {

RestoreSession::RestoreSession(QObject *parent) : QObject(parent)
{
}

RestoreSession::~RestoreSession()
{
    if (m_running)
        m_running->cancel(); // The job's destructor (a child) waits for it.
}

bool RestoreSession::isRunning() const
{
    return m_running != nullptr;
}

void RestoreSession::watch(Job *job)
{
    m_running = job;
    m_stage.clear();
    connect(job, &Job::stageChanged, this, [this](const QString &stage) { m_stage = stage; });
    connect(job, &Job::progressChanged, this,
            [this](qint64 done, qint64 total) { Q_EMIT progressChanged(m_stage, done, total); });
}

bool RestoreSession::startPreflight(const RestoreEngine::Options &options)
{
    if (m_running)
        return false;
    auto *job = new RestorePreflightJob(options, this);
    watch(job);
    connect(job, &Job::finished, this, [this, job](const Error &) {
        m_running = nullptr;
        job->deleteLater();
        Q_EMIT preflightFinished(job->plan(), job->recovered());
    });
    job->start();
    return true;
}

bool RestoreSession::startExecute(const RestorePlan &plan)
{
    if (m_running)
        return false;
    auto *job = new RestoreJob(plan, this);
    watch(job);
    connect(job, &Job::finished, this, [this, job](const Error &) {
        m_running = nullptr;
        job->deleteLater();
        Q_EMIT executeFinished(job->outcome());
    });
    job->start();
    return true;
}

void RestoreSession::cancel()
{
    if (m_running)
        m_running->cancel();
}

} // namespace tidemark::ui
