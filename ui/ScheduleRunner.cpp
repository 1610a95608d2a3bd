#include "ScheduleRunner.h"

#include "schedule/ScheduleStore.h"

#include "ScheduleSetup.h"

#include <QFutureWatcher>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>
#include <QtConcurrent>

namespace tidemark::ui {

namespace {

constexpr qint64 kOverdueCheckSeconds = 3600;
constexpr int kKeptOutput = 8192;

struct Check {
    QStringList due;
    int count = 0;
    QStringList broken;
};

/// The user's schedules that are due at `now`; a start this runner made counts as the last one
/// when the state file says none later (a CLI that could not write it).
Check dueSchedules(const QHash<QString, QDateTime> &startedHere, const QDateTime &now)
{
    Check out;
    const ScheduleStore store(ScheduleScope::User);
    const ScheduleStore::Listing listing = store.list();
    out.count = static_cast<int>(listing.schedules.size());
    for (const Error &e : listing.broken)
        out.broken << e.message;
    for (const Schedule &schedule : listing.schedules) {
        ScheduleState state = store.state(schedule.name);
        const QDateTime here = startedHere.value(schedule.name);
        if (here.isValid() && (!state.lastStart.isValid() || here > state.lastStart))
            state.lastStart = here;
        if (state.isDue(schedule.when, now))
            out.due << schedule.name;
    }
    return out;
}

/// The last line the process wrote that says something.
QString lastLine(const QByteArray &output)
{
    const QStringList lines = QString::fromUtf8(output).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (!line.isEmpty() && !line.startsWith(QLatin1String("HINT:")))
            return line;
    }
    return {};
}

} // namespace

ScheduleRunner::ScheduleRunner(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setInterval(30000);
    connect(m_timer, &QTimer::timeout, this, &ScheduleRunner::checkNow);
}

ScheduleRunner::~ScheduleRunner()
{
    QList<QProcess *> processes = m_runs.values();
    if (m_overdueCheck)
        processes << m_overdueCheck;
    for (QProcess *process : processes) {
        process->disconnect(this);
        process->terminate();
    }
    for (QProcess *process : processes) {
        if (!process->waitForFinished(5000)) {
            process->kill();
            process->waitForFinished(1000);
        }
    }
}

void ScheduleRunner::start()
{
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_mode = watcher->result() ? Mode::Systemd : Mode::InProcess;
        Q_EMIT modeKnown(m_mode);
        if (m_mode != Mode::InProcess)
            return;
        m_timer->start();
        checkNow();
    });
    watcher->setFuture(ScheduleSetup::managerRuns());
}

void ScheduleRunner::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

QStringList ScheduleRunner::program() const
{
    return m_program.isEmpty() ? ScheduleSetup::program() : m_program;
}

void ScheduleRunner::checkNow()
{
    if (m_checking || m_mode != Mode::InProcess)
        return;
    m_checking = true;
    auto *watcher = new QFutureWatcher<Check>(this);
    connect(watcher, &QFutureWatcher<Check>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_checking = false;
        const Check check = watcher->result();
        m_scheduleCount = check.count;
        for (const QString &broken : check.broken) {
            if (!m_reported.contains(broken)) {
                m_reported.insert(broken);
                Q_EMIT logError(tr("A schedule does not read, so Tidemark does not run it: %1").arg(broken));
            }
        }
        for (const QString &name : check.due)
            startRun(name);
        if (m_scheduleCount > 0 && (!m_lastOverdueCheck.isValid() ||
                                    m_lastOverdueCheck.secsTo(QDateTime::currentDateTimeUtc()) >= kOverdueCheckSeconds))
            startOverdueCheck();
        Q_EMIT checked();
    });
    watcher->setFuture(QtConcurrent::run(dueSchedules, m_started, QDateTime::currentDateTimeUtc()));
}

void ScheduleRunner::startRun(const QString &name)
{
    if (m_runs.contains(name))
        return; // one run of a schedule at a time
    const QStringList command = program();
    if (command.isEmpty())
        return;
    auto *process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TIDEMARK_HISTORY_ORIGIN"), QStringLiteral("gui-timer"));
    process->setProcessEnvironment(environment);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setProgram(command.first());
    process->setArguments(command.mid(1) + QStringList{QStringLiteral("schedule"), QStringLiteral("run"), name});
    auto output = std::make_shared<QByteArray>();
    connect(process, &QProcess::readyRead, this, [process, output] {
        *output += process->readAll();
        if (output->size() > kKeptOutput)
            *output = output->right(kKeptOutput);
    });
    connect(process, &QProcess::finished, this, [this, process, name, output](int code, QProcess::ExitStatus status) {
        *output += process->readAll();
        m_runs.remove(name);
        process->deleteLater();
        const bool ok = status == QProcess::NormalExit && code == 0;
        QString message = lastLine(*output);
        if (ok) {
            Q_EMIT logInfo(message.isEmpty() ? tr("Scheduled backup %1 done.").arg(name)
                                             : tr("Scheduled backup %1 done: %2").arg(name, message));
        } else {
            if (status != QProcess::NormalExit)
                message = tr("the CLI stopped (%1)").arg(process->errorString());
            Q_EMIT logError(
                tr("Scheduled backup %1 failed (exit code %2): %3").arg(name, QString::number(code), message));
        }
        Q_EMIT runFinished(name, ok, message);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, name](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        m_runs.remove(name);
        process->deleteLater();
        const QString message = tr("cannot start %1: %2").arg(process->program(), process->errorString());
        Q_EMIT logError(tr("Scheduled backup %1 failed: %2").arg(name, message));
        Q_EMIT runFinished(name, false, message);
    });
    m_runs.insert(name, process);
    m_started.insert(name, QDateTime::currentDateTimeUtc());
    Q_EMIT logInfo(tr("Scheduled backup %1 started (no systemd user manager: Tidemark runs it).").arg(name));
    Q_EMIT runStarted(name);
    process->start();
}

void ScheduleRunner::startOverdueCheck()
{
    if (m_overdueCheck)
        return;
    const QStringList command = program();
    if (command.isEmpty())
        return;
    m_lastOverdueCheck = QDateTime::currentDateTimeUtc();
    m_overdueCheck = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("TIDEMARK_HISTORY_ORIGIN"), QStringLiteral("gui-timer"));
    m_overdueCheck->setProcessEnvironment(environment);
    m_overdueCheck->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_overdueCheck, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QString message = lastLine(m_overdueCheck->readAll());
        if (status != QProcess::NormalExit || code != 0)
            Q_EMIT logError(tr("Overdue check: %1").arg(message.isEmpty() ? tr("exit code %1").arg(code) : message));
        m_overdueCheck->deleteLater();
        m_overdueCheck = nullptr;
    });
    connect(m_overdueCheck, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        Q_EMIT logError(
            tr("Overdue check: cannot start %1: %2").arg(m_overdueCheck->program(), m_overdueCheck->errorString()));
        m_overdueCheck->deleteLater();
        m_overdueCheck = nullptr;
    });
    m_overdueCheck->start(command.first(),
                          command.mid(1) + QStringList{QStringLiteral("schedule"), QStringLiteral("check")});
}

} // namespace tidemark::ui
