#include "restore/RestoreTask.h"

#include <QRegularExpression>
#include <QtConcurrent>

#include <pwd.h>
#include <unistd.h>

namespace tidemark {

RestoreTask::RestoreTask(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<RestorePlan>();
    qRegisterMetaType<RestoreJob::Outcome>();
}

RestoreTask::~RestoreTask()
{
    m_cancelled = true;
    m_future.waitForFinished();
}

bool RestoreTask::startPreflight(const RestoreJob::Options &options)
{
    if (m_future.isRunning())
        return false;
    m_options = options;
    m_future = QtConcurrent::run([this, options] {
        const auto progress = [this](const QString &stage, qint64 done, qint64 total) {
            Q_EMIT progressChanged(stage, done, total);
        };
        // An earlier restore that died is finished or rolled back first, as the CLI does.
        // recover() reads either kind of config and does nothing when it cannot be read.
        QString recovered;
        if (auto recovery = RestoreJob::recover(options.configPath);
            recovery && recovery->kind != RestoreJob::Recovery::Kind::Nothing)
            recovered = recovery->message;
        RestoreJob job(options);
        const RestorePlan plan = job.preflight(progress);
        Q_EMIT preflightFinished(plan, recovered);
    });
    return true;
}

bool RestoreTask::startExecute(const RestorePlan &plan)
{
    if (m_future.isRunning())
        return false;
    m_cancelled = false;
    m_future = QtConcurrent::run([this, plan] {
        const auto progress = [this](const QString &stage, qint64 done, qint64 total) {
            Q_EMIT progressChanged(stage, done, total);
        };
        RestoreJob job({plan.configPath, plan.chainPath, plan.upto, plan.owner});
        const RestoreJob::Outcome outcome = job.execute(plan, progress, &m_cancelled);
        Q_EMIT executeFinished(outcome);
    });
    return true;
}

void RestoreTask::cancel()
{
    m_cancelled = true;
}

namespace {

// Quotes a word for a POSIX shell when it holds anything but safe characters.
QString shellWord(const QString &word)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (safe.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

QStringList RestoreTask::cliArguments(const RestoreJob::Options &options)
{
    QStringList args{QStringLiteral("restore"), QStringLiteral("-config"), options.configPath,
                     options.chainPath,         QStringLiteral("--owner"), options.owner};
    if (options.upto)
        args << QStringLiteral("--upto") << QString::number(*options.upto);
    return args;
}

QString RestoreTask::cliCommand(const RestoreJob::Options &options, bool asRoot)
{
    QStringList words{QStringLiteral("tidemark-cli")};
    for (const QString &arg : cliArguments(options))
        words << shellWord(arg);
    const QString command = words.join(QLatin1Char(' '));
    return asRoot ? QStringLiteral("sudo ") + command : command;
}

bool RestoreTask::ownerNeedsRoot(const QString &owner)
{
    if (::geteuid() == 0)
        return false;
    const struct passwd *user = ::getpwnam(owner.toLocal8Bit().constData());
    return user && user->pw_uid != ::geteuid();
}

} // namespace tidemark
