#include "schedule/SystemdUnits.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

namespace tidemark {

namespace {

QString execLine(const QStringList &program, const QStringList &args)
{
    QStringList words;
    for (const QString &word : program + args)
        words << SystemdUnits::execWord(word);
    return words.join(QLatin1Char(' '));
}

// What a unit passes on so the run reads the same files the CLI wrote.
QString environment(ScheduleScope scope)
{
    QString lines = QStringLiteral("Environment=TIDEMARK_HISTORY_ORIGIN=timer\n");
    for (const char *name : {"TIDEMARK_SCHEDULES_DIR", "TIDEMARK_STATE_DIR", "TIDEMARK_HISTORY"}) {
        const QString value = QString::fromLocal8Bit(qgetenv(name));
        if (!value.isEmpty())
            lines += QStringLiteral("Environment=") +
                     SystemdUnits::execWord(QString::fromLatin1(name) + QLatin1Char('=') + value) + QLatin1Char('\n');
    }
    if (scope == ScheduleScope::System && qgetenv("TIDEMARK_HISTORY").isEmpty())
        lines += QStringLiteral("Environment=TIDEMARK_HISTORY=/var/lib/tidemark/history.sqlite\n");
    return lines;
}

Status writeUnit(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                             QFileDevice::ReadOther) ||
        file.write(text.toUtf8()) < 0 || !file.commit())
        return makeError(ErrorCode::Io,
                         SystemdUnits::tr("Cannot write the unit '%1': %2").arg(path, file.errorString()),
                         SystemdUnits::tr("System schedules need root; a user's need a writable ~/.config."));
    return {};
}

struct Ran {
    bool started = false;
    int exitCode = -1;
    QString output;
};

Ran systemctl(ScheduleScope scope, const QStringList &args, int timeoutMs = 30000)
{
    Ran ran;
    const QString program = QStandardPaths::findExecutable(QStringLiteral("systemctl"));
    if (program.isEmpty())
        return ran;
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program,
                  (scope == ScheduleScope::User ? QStringList{QStringLiteral("--user")} : QStringList{}) + args);
    ran.started = process.waitForStarted(5000);
    if (!ran.started)
        return ran;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return ran;
    }
    ran.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ran.output = QString::fromUtf8(process.readAll()).trimmed();
    return ran;
}

} // namespace

QString SystemdUnits::unitBase(const QString &name)
{
    return QStringLiteral("tidemark-schedule-") + name;
}

QString SystemdUnits::execWord(const QString &word)
{
    QString escaped;
    bool quote = word.isEmpty();
    for (const QChar c : word) {
        if (c == QLatin1Char('%'))
            escaped += QStringLiteral("%%");
        else if (c == QLatin1Char('$'))
            escaped += QStringLiteral("$$");
        else if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('\''))
            escaped += QLatin1Char('\\') + QString(c);
        else
            escaped += c;
        if (c.isSpace() || c == QLatin1Char(';') || c == QLatin1Char('"') || c == QLatin1Char('\''))
            quote = true;
    }
    return quote ? QLatin1Char('"') + escaped + QLatin1Char('"') : escaped;
}

QString SystemdUnits::service(const Schedule &schedule, ScheduleScope scope, const QStringList &program)
{
    QStringList args{QStringLiteral("schedule"), QStringLiteral("run")};
    if (scope == ScheduleScope::System)
        args << QStringLiteral("--system");
    args << schedule.name;
    QString unit = QStringLiteral("# Written by tidemark-cli schedule add; rewritten on each add of '%1'.\n"
                                  "[Unit]\n"
                                  "Description=Tidemark backup %1 (%2 to %3)\n"
                                  "Documentation=man:tidemark-cli(1)\n")
                       .arg(schedule.name, schedule.host.isEmpty() ? schedule.kind : schedule.host,
                            QString(schedule.chain).replace(QLatin1Char('%'), QStringLiteral("%%")));
    if (scope == ScheduleScope::System)
        unit += QStringLiteral("Wants=network-online.target\nAfter=network-online.target\n");
    unit += QStringLiteral("\n[Service]\n"
                           "Type=oneshot\n"
                           "ExecStart=%1\n")
                .arg(execLine(program, args));
    unit += environment(scope);
    if (scope == ScheduleScope::System) {
        unit += QStringLiteral("StateDirectory=tidemark\n");
        if (!schedule.user.isEmpty())
            unit += QStringLiteral("User=%1\n").arg(schedule.user);
    }
    // A backup is background work: the node and the machine's users come first.
    unit += QStringLiteral("Nice=10\nIOSchedulingClass=best-effort\nIOSchedulingPriority=7\n");
    return unit;
}

QString SystemdUnits::timer(const Schedule &schedule)
{
    return QStringLiteral("# Written by tidemark-cli schedule add; rewritten on each add of '%1'.\n"
                          "[Unit]\n"
                          "Description=Tidemark backup %1, %2\n"
                          "Documentation=man:tidemark-cli(1)\n"
                          "\n[Timer]\n"
                          "OnCalendar=%3\n"
                          "Persistent=true\n"
                          "Unit=%4\n"
                          "\n[Install]\n"
                          "WantedBy=timers.target\n")
        .arg(schedule.name, schedule.when.describe(), schedule.when.onCalendar(), serviceName(schedule.name));
}

QString SystemdUnits::checkService(ScheduleScope scope, const QStringList &program)
{
    QStringList args{QStringLiteral("schedule"), QStringLiteral("check")};
    if (scope == ScheduleScope::System)
        args << QStringLiteral("--system");
    QString unit = QStringLiteral("# Written by tidemark-cli schedule add.\n"
                                  "[Unit]\n"
                                  "Description=Tidemark: report schedules whose newest good backup is overdue\n"
                                  "Documentation=man:tidemark-cli(1)\n"
                                  "\n[Service]\n"
                                  "Type=oneshot\n"
                                  "ExecStart=%1\n")
                       .arg(execLine(program, args));
    unit += environment(scope);
    if (scope == ScheduleScope::System)
        unit += QStringLiteral("StateDirectory=tidemark\n");
    return unit;
}

QString SystemdUnits::checkTimer()
{
    return QStringLiteral("# Written by tidemark-cli schedule add.\n"
                          "[Unit]\n"
                          "Description=Tidemark: hourly check for overdue backups\n"
                          "Documentation=man:tidemark-cli(1)\n"
                          "\n[Timer]\n"
                          "OnCalendar=hourly\n"
                          "Persistent=true\n"
                          "RandomizedDelaySec=5min\n"
                          "Unit=%1.service\n"
                          "\n[Install]\n"
                          "WantedBy=timers.target\n")
        .arg(kCheckBase);
}

Result<QStringList> SystemdUnits::write(const Schedule &schedule, const ScheduleStore &store,
                                        const QStringList &program)
{
    const QString dir = store.unitDir();
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, tr("Cannot create the unit directory '%1'").arg(dir),
                         tr("System schedules need root; a user's need a writable ~/.config."));
    const std::pair<QString, QString> units[] = {
        {serviceName(schedule.name), service(schedule, store.scope(), program)},
        {timerName(schedule.name), timer(schedule)},
        {kCheckBase + QStringLiteral(".service"), checkService(store.scope(), program)},
        {kCheckBase + QStringLiteral(".timer"), checkTimer()}};
    QStringList written;
    for (const auto &[name, text] : units) {
        const QString path = dir + QLatin1Char('/') + name;
        if (auto done = writeUnit(path, text); !done)
            return done.error();
        written << path;
    }
    return written;
}

Status SystemdUnits::remove(const QString &name, const ScheduleStore &store, bool last)
{
    QStringList names{serviceName(name), timerName(name)};
    if (last)
        names << kCheckBase + QStringLiteral(".service") << kCheckBase + QStringLiteral(".timer");
    for (const QString &unit : names) {
        const QString path = store.unitDir() + QLatin1Char('/') + unit;
        if (QFileInfo::exists(path) && !QFile::remove(path))
            return makeError(ErrorCode::Io, tr("Cannot remove the unit '%1'").arg(path),
                             tr("System schedules need root."));
    }
    return {};
}

QStringList SystemdUnits::cliProgram()
{
    const QString self = QCoreApplication::applicationFilePath();
    if (QFileInfo(self).fileName() == QLatin1String("tidemark-cli"))
        return {self};
    const QString beside = QFileInfo(self).absolutePath() + QStringLiteral("/tidemark-cli");
    if (QFileInfo(beside).isExecutable())
        return {beside};
    return {self, QStringLiteral("--cli")};
}

Status SystemdUnits::install(const Schedule &schedule, const ScheduleStore &store, const QStringList &program,
                             bool enable)
{
    if (Status saved = store.save(schedule); !saved)
        return saved;
    if (auto units = write(schedule, store, program); !units)
        return units.error();
    if (!enable)
        return {};
    return SystemdUnits::enable({timerName(schedule.name), kCheckBase + QStringLiteral(".timer")}, store.scope(), true);
}

Status SystemdUnits::uninstall(const QString &name, const ScheduleStore &store, bool manager,
                               std::optional<Error> *systemctlError)
{
    QStringList others = QDir(store.definitionsDir()).entryList({QStringLiteral("*.toml")}, QDir::Files);
    others.removeAll(name + QStringLiteral(".toml"));
    const bool last = others.isEmpty();
    if (manager && QFileInfo::exists(store.unitDir() + QLatin1Char('/') + timerName(name))) {
        QStringList timers{timerName(name)};
        if (last)
            timers << kCheckBase + QStringLiteral(".timer");
        if (Status disabled = enable(timers, store.scope(), false); !disabled && systemctlError)
            *systemctlError = disabled.error();
    }
    if (Status removed = remove(name, store, last); !removed)
        return removed;
    if (Status removed = store.remove(name); !removed)
        return removed;
    if (manager) {
        if (Status reloaded = reload(store.scope()); !reloaded && systemctlError && !*systemctlError)
            *systemctlError = reloaded.error();
    }
    return {};
}

bool SystemdUnits::managerRuns(ScheduleScope scope)
{
    if (qgetenv("TIDEMARK_SYSTEMCTL") == "off")
        return false;
    if (scope == ScheduleScope::System)
        return QFileInfo::exists(QStringLiteral("/run/systemd/system"));
    const Ran ran = systemctl(scope, {QStringLiteral("show-environment")}, 5000);
    return ran.started && ran.exitCode == 0;
}

Status SystemdUnits::reload(ScheduleScope scope)
{
    const Ran ran = systemctl(scope, {QStringLiteral("daemon-reload")});
    if (!ran.started || ran.exitCode != 0)
        return makeError(ErrorCode::Failure, tr("systemctl daemon-reload failed: %1").arg(ran.output),
                         tr("Run it yourself, then: systemctl%1 list-timers 'tidemark-*'")
                             .arg(scope == ScheduleScope::User ? QStringLiteral(" --user") : QString()));
    return {};
}

Status SystemdUnits::enable(const QStringList &timers, ScheduleScope scope, bool on)
{
    if (auto reloaded = reload(scope); !reloaded)
        return reloaded;
    if (timers.isEmpty())
        return {};
    const Ran ran = systemctl(
        scope,
        QStringList{on ? QStringLiteral("enable") : QStringLiteral("disable"), QStringLiteral("--now")} + timers);
    if (!ran.started || ran.exitCode != 0)
        return makeError(
            ErrorCode::Failure,
            tr("systemctl %1 --now %2 failed: %3")
                .arg(on ? QStringLiteral("enable") : QStringLiteral("disable"), timers.join(QLatin1Char(' ')),
                     ran.output),
            tr("The units are written; see: systemctl%1 status %2")
                .arg(scope == ScheduleScope::User ? QStringLiteral(" --user") : QString(), timers.value(0)));
    return {};
}

} // namespace tidemark
