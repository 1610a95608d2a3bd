#include "ScheduleSetup.h"

#include "schedule/SystemdUnits.h"
#include "storage/ChainLocation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtConcurrent>

namespace tidemark::ui {

namespace {

QMutex g_mutex;
QStringList g_program; ///< setProgram()'s; empty: the default.

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Only the owner may read the token, from the moment the file exists.
Status writeSecret(const QString &path, const QByteArray &data)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir) ||
        !QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return makeError(ErrorCode::Io, ScheduleSetup::tr("Cannot create the directory '%1'").arg(dir),
                         ScheduleSetup::tr("Check the permissions of your ~/.config."));
    if (QFileInfo::exists(path) && readAll(path) == data)
        return {};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(data) != data.size() || !file.commit())
        return makeError(ErrorCode::Io,
                         ScheduleSetup::tr("Cannot write the token file '%1': %2").arg(path, file.errorString()),
                         ScheduleSetup::tr("Check the permissions of your ~/.config."));
    return {};
}

QString sanitized(const QString &text)
{
    static const QRegularExpression other(QStringLiteral("[^A-Za-z0-9_-]+"));
    static const QRegularExpression dashes(QStringLiteral("-{2,}"));
    QString out = text;
    out.replace(other, QStringLiteral("-"));
    out.replace(dashes, QStringLiteral("-"));
    while (!out.isEmpty() && !out.front().isLetterOrNumber())
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

} // namespace

QStringList ScheduleSetup::program()
{
    {
        const QMutexLocker lock(&g_mutex);
        if (!g_program.isEmpty())
            return g_program;
    }
    return SystemdUnits::cliProgram();
}

void ScheduleSetup::setProgram(const QStringList &program)
{
    const QMutexLocker lock(&g_mutex);
    g_program = program;
}

QString ScheduleSetup::tokenFilePath(const QString &name)
{
    const QDir definitions(ScheduleStore(ScheduleScope::User).definitionsDir());
    return QDir::cleanPath(definitions.absoluteFilePath(QStringLiteral("../tokens/%1.token").arg(name)));
}

QFuture<bool> ScheduleSetup::managerRuns()
{
    if (qgetenv("TIDEMARK_SYSTEMCTL") == "off")
        return QtFuture::makeReadyFuture(false);
    static QMutex mutex;
    static QFuture<bool> asked;
    const QMutexLocker lock(&mutex);
    if (!asked.isValid())
        asked = QtConcurrent::run([] { return SystemdUnits::managerRuns(ScheduleScope::User); });
    return asked;
}

Result<ScheduleSetup::Applied> ScheduleSetup::apply(Schedule schedule, const QByteArray &token, bool manager)
{
    const ScheduleStore store(ScheduleScope::User);
    const QString tokenPath = tokenFilePath(schedule.name);
    schedule.tokenFile.clear();
    if (auto valid = schedule.validate(); !valid)
        return valid.error();
    if (!token.isEmpty()) {
        if (Status written = writeSecret(tokenPath, token); !written)
            return written.error();
        schedule.tokenFile = tokenPath;
    } else if (QFileInfo::exists(tokenPath) && !QFile::remove(tokenPath)) {
        return makeError(ErrorCode::Io, tr("Cannot remove the token file '%1'").arg(tokenPath));
    }

    const QStringList cli = program();
    const QString unitDir = store.unitDir() + QLatin1Char('/');
    const bool same =
        readAll(store.definitionPath(schedule.name)) == schedule.toToml().toUtf8() &&
        readAll(unitDir + SystemdUnits::serviceName(schedule.name)) ==
            SystemdUnits::service(schedule, ScheduleScope::User, cli).toUtf8() &&
        readAll(unitDir + SystemdUnits::timerName(schedule.name)) == SystemdUnits::timer(schedule).toUtf8();
    if (same)
        return Applied{tr("Schedule %1 is unchanged: %2.").arg(schedule.name, schedule.when.describe()), false};

    if (Status installed = SystemdUnits::install(schedule, store, cli, manager); !installed)
        return installed.error();
    if (!manager)
        return Applied{tr("Schedule %1 saved (%2): Tidemark runs it while it is open, as no systemd user manager "
                          "runs here.")
                           .arg(schedule.name, schedule.when.describe()),
                       true};
    return Applied{tr("Schedule %1 saved (%2) and its timer %3 enabled.")
                       .arg(schedule.name, schedule.when.describe(), SystemdUnits::timerName(schedule.name)),
                   true};
}

Status ScheduleSetup::remove(const QString &name, bool manager)
{
    std::optional<Error> systemctlError;
    if (Status removed = SystemdUnits::uninstall(name, ScheduleStore(ScheduleScope::User), manager, &systemctlError);
        !removed)
        return removed;
    const QString tokenPath = tokenFilePath(name);
    if (QFileInfo::exists(tokenPath) && !QFile::remove(tokenPath))
        return makeError(ErrorCode::Io, tr("Cannot remove the token file '%1'").arg(tokenPath));
    if (systemctlError)
        return *systemctlError;
    return {};
}

QString ScheduleSetup::suggestName(const QString &nodeName, const QString &location, const QStringList &taken)
{
    const QString node = sanitized(nodeName);
    const QString chain = sanitized(ChainLocation::nameOf(location));
    QString base = node;
    if (chain.compare(node, Qt::CaseInsensitive) != 0 && !chain.isEmpty())
        base = node.isEmpty() ? chain : node + QLatin1Char('-') + chain;
    base = base.left(56);
    while (base.endsWith(QLatin1Char('-')))
        base.chop(1);
    if (base.isEmpty())
        base = QStringLiteral("backup");
    QString name = base;
    for (int n = 2; n < 10000 && (taken.contains(name, Qt::CaseInsensitive) || !Schedule::validName(name)); ++n)
        name = base + QStringLiteral("-%1").arg(n);
    return name;
}

} // namespace tidemark::ui
