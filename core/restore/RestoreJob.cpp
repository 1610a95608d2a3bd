#include "restore/RestoreJob.h"

#include "common/RateLimiter.h"
#include "storage/ChainStore.h"
#include "storage/S3Settings.h"

#include <QRegularExpression>

#include <pwd.h>
#include <unistd.h>

namespace tidemark {

namespace {

// Forwards the engine's (stage, done, total) to a job's stage (when it changes) and progress.
class ProgressForwarder {
public:
    explicit ProgressForwarder(std::function<void(const QString &)> stage, std::function<void(qint64, qint64)> progress)
        : m_stage(std::move(stage)), m_progress(std::move(progress))
    {
    }
    void operator()(const QString &stage, qint64 done, qint64 total)
    {
        if (stage != m_last) {
            m_last = stage;
            m_stage(stage);
        }
        m_progress(done, total);
    }

private:
    std::function<void(const QString &)> m_stage;
    std::function<void(qint64, qint64)> m_progress;
    QString m_last;
};

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

RestorePreflightJob::RestorePreflightJob(RestoreEngine::Options options, QObject *parent)
    : Job(parent), m_options(std::move(options))
{
    qRegisterMetaType<RestorePlan>();
}

RestorePreflightJob::~RestorePreflightJob()
{
    cancel();
    waitForFinished();
}

QString RestorePreflightJob::title() const
{
    return RestoreEngine::tr("Restore check of %1 for %2").arg(m_options.chainPath, m_options.configPath);
}

Error RestorePreflightJob::execute()
{
    m_recovered.clear();
    m_recoveryFinished = false;
    // An earlier restore that died is finished or rolled back before anything else. recover()
    // reads either kind of config and does nothing when it cannot be read (preflight says why).
    auto recovery = RestoreEngine::recover(m_options.configPath);
    if (!recovery)
        return recovery.error();
    if (recovery->kind != RestoreEngine::Recovery::Kind::Nothing) {
        m_recovered = recovery->message;
        m_recoveryFinished = recovery->kind == RestoreEngine::Recovery::Kind::Finished;
    }
    RestoreEngine engine(m_options);
    ProgressForwarder forward([this](const QString &s) { reportStage(s); },
                              [this](qint64 done, qint64 total) { reportProgress(done, total); });
    m_plan = engine.preflight(std::ref(forward), cancelFlag());
    if (isCancelled())
        return makeError(ErrorCode::Cancelled, RestoreEngine::tr("Restore cancelled before anything was replaced"));
    return m_plan.hasErrors() ? m_plan.firstError() : Error{ErrorCode::Ok, {}, {}};
}

RestoreJob::RestoreJob(RestorePlan plan, QObject *parent) : Job(parent), m_plan(std::move(plan))
{
    qRegisterMetaType<RestorePlan>();
    qRegisterMetaType<RestoreEngine::Outcome>();
}

RestoreJob::~RestoreJob()
{
    cancel();
    waitForFinished();
}

QString RestoreJob::title() const
{
    return RestoreEngine::tr("Restore of %1 for %2").arg(m_plan.chainPath, m_plan.configPath);
}

Error RestoreJob::execute()
{
    RestoreEngine engine({m_plan.configPath, m_plan.chainPath, m_plan.upto, m_plan.owner});
    ProgressForwarder forward([this](const QString &s) { reportStage(s); },
                              [this](qint64 done, qint64 total) { reportProgress(done, total); });
    m_outcome = engine.execute(m_plan, std::ref(forward), cancelFlag());
    return m_outcome.error;
}

QStringList RestoreJob::cliArguments(const RestoreEngine::Options &options)
{
    QStringList args{QStringLiteral("restore"), QStringLiteral("-config"), options.configPath,
                     options.chainPath,         QStringLiteral("--owner"), options.owner};
    if (options.upto)
        args << QStringLiteral("--upto") << QString::number(*options.upto);
    if (options.limitRate > 0)
        args << QStringLiteral("--limit-rate") << RateLimiter::format(options.limitRate);
    // An S3 chain's endpoint, region and addressing as registered for it (a GUI location); its
    // keys never go on a command line: tidemark-cli reads them from the AWS environment or files.
    if (ChainStore::isRemote(options.chainPath)) {
        const S3Settings::Overrides s3 = S3Settings::overrides(ChainStore::canonicalLocation(options.chainPath));
        if (!s3.endpoint.isEmpty())
            args << QStringLiteral("--s3-endpoint") << s3.endpoint;
        if (!s3.region.isEmpty())
            args << QStringLiteral("--s3-region") << s3.region;
        if (s3.pathStyle.value_or(false))
            args << QStringLiteral("--s3-path-style");
    }
    return args;
}

QString RestoreJob::cliCommand(const RestoreEngine::Options &options, bool asRoot)
{
    QStringList words{QStringLiteral("tidemark-cli")};
    for (const QString &arg : cliArguments(options))
        words << shellWord(arg);
    const QString command = words.join(QLatin1Char(' '));
    return asRoot ? QStringLiteral("sudo ") + command : command;
}

bool RestoreJob::ownerNeedsRoot(const QString &owner)
{
    if (::geteuid() == 0)
        return false;
    const struct passwd *user = ::getpwnam(owner.toLocal8Bit().constData());
    return user && user->pw_uid != ::geteuid();
}

} // namespace tidemark
