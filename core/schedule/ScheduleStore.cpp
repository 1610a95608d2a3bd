#include "schedule/ScheduleStore.h"

#include "history/JobHistory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace tidemark {

namespace {

QString fromEnv(const char *name)
{
    return QString::fromLocal8Bit(qgetenv(name));
}

QString xdg(const char *variable, const QString &fallback)
{
    const QString set = fromEnv(variable);
    return set.isEmpty() || !QDir::isAbsolutePath(set) ? QDir::homePath() + QLatin1Char('/') + fallback : set;
}

QString stamp(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime unstamp(const QJsonValue &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (time.isValid())
        time = time.toUTC();
    return time;
}

Status writeAtomically(const QString &path, const QByteArray &data, QFileDevice::Permissions permissions)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(ErrorCode::Io,
                         ScheduleStore::tr("Cannot create the directory '%1'").arg(QFileInfo(path).absolutePath()),
                         ScheduleStore::tr("Check its permissions (system schedules need root)."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(permissions) || file.write(data) != data.size() ||
        !file.commit())
        return makeError(ErrorCode::Io, ScheduleStore::tr("Cannot write '%1': %2").arg(path, file.errorString()),
                         ScheduleStore::tr("Check the directory's permissions and free space."));
    return {};
}

} // namespace

QJsonObject ScheduleState::toJson() const
{
    return QJsonObject{{QStringLiteral("created"), stamp(created)},
                       {QStringLiteral("lastStart"), stamp(lastStart)},
                       {QStringLiteral("lastEnd"), stamp(lastEnd)},
                       {QStringLiteral("lastCode"), lastCode},
                       {QStringLiteral("lastMessage"), lastMessage},
                       {QStringLiteral("lastChain"), lastChain},
                       {QStringLiteral("lastLink"), lastLink},
                       {QStringLiteral("lastBytes"), lastBytes},
                       {QStringLiteral("lastSeconds"), lastSeconds},
                       {QStringLiteral("lastAttempts"), lastAttempts},
                       {QStringLiteral("lastSuccess"), stamp(lastSuccess)},
                       {QStringLiteral("goodRuns"), goodRuns},
                       {QStringLiteral("goodRunsSinceVerify"), goodRunsSinceVerify},
                       {QStringLiteral("lastVerify"), stamp(lastVerify)},
                       {QStringLiteral("goodRunsSinceDrill"), goodRunsSinceDrill},
                       {QStringLiteral("lastDrill"), stamp(lastDrill)},
                       {QStringLiteral("overdueAlerted"), stamp(overdueAlerted)}};
}

ScheduleState ScheduleState::fromJson(const QJsonObject &json)
{
    ScheduleState s;
    s.created = unstamp(json.value(QStringLiteral("created")));
    s.lastStart = unstamp(json.value(QStringLiteral("lastStart")));
    s.lastEnd = unstamp(json.value(QStringLiteral("lastEnd")));
    s.lastCode = json.value(QStringLiteral("lastCode")).toInt(-1);
    s.lastMessage = json.value(QStringLiteral("lastMessage")).toString();
    s.lastChain = json.value(QStringLiteral("lastChain")).toString();
    s.lastLink = json.value(QStringLiteral("lastLink")).toString();
    s.lastBytes = json.value(QStringLiteral("lastBytes")).toInteger();
    s.lastSeconds = json.value(QStringLiteral("lastSeconds")).toDouble();
    s.lastAttempts = json.value(QStringLiteral("lastAttempts")).toInt();
    s.lastSuccess = unstamp(json.value(QStringLiteral("lastSuccess")));
    s.goodRuns = json.value(QStringLiteral("goodRuns")).toInt();
    s.goodRunsSinceVerify = json.value(QStringLiteral("goodRunsSinceVerify")).toInt();
    s.lastVerify = unstamp(json.value(QStringLiteral("lastVerify")));
    s.goodRunsSinceDrill = json.value(QStringLiteral("goodRunsSinceDrill")).toInt();
    s.lastDrill = unstamp(json.value(QStringLiteral("lastDrill")));
    s.overdueAlerted = unstamp(json.value(QStringLiteral("overdueAlerted")));
    return s;
}

Result<QDateTime> ScheduleState::nextRun(const ScheduleWhen &when) const
{
    QDateTime from = created.isValid() ? created : QDateTime::currentDateTimeUtc();
    if (lastStart.isValid() && lastStart > from)
        from = lastStart;
    return when.nextAfter(from);
}

bool ScheduleState::isDue(const ScheduleWhen &when, const QDateTime &now) const
{
    const auto next = nextRun(when);
    return next && next.value() <= now;
}

bool ScheduleState::isOverdue(qint64 seconds, const QDateTime &now) const
{
    const QDateTime since = lastSuccess.isValid() ? lastSuccess : created;
    return since.isValid() && since.secsTo(now) > seconds;
}

QString ScheduleStore::definitionsDir() const
{
    if (const QString set = fromEnv("TIDEMARK_SCHEDULES_DIR"); !set.isEmpty())
        return set;
    return m_scope == ScheduleScope::System
               ? QStringLiteral("/etc/tidemark/schedules.d")
               : xdg("XDG_CONFIG_HOME", QStringLiteral(".config")) + QStringLiteral("/tidemark/schedules.d");
}

QString ScheduleStore::stateDir() const
{
    if (const QString set = fromEnv("TIDEMARK_STATE_DIR"); !set.isEmpty())
        return set;
    return m_scope == ScheduleScope::System
               ? QStringLiteral("/var/lib/tidemark/schedules")
               : xdg("XDG_STATE_HOME", QStringLiteral(".local/state")) + QStringLiteral("/tidemark/schedules");
}

QString ScheduleStore::unitDir() const
{
    if (const QString set = fromEnv("TIDEMARK_UNIT_DIR"); !set.isEmpty())
        return set;
    return m_scope == ScheduleScope::System
               ? QStringLiteral("/etc/systemd/system")
               : xdg("XDG_CONFIG_HOME", QStringLiteral(".config")) + QStringLiteral("/systemd/user");
}

QString ScheduleStore::historyPath() const
{
    if (m_scope == ScheduleScope::System && fromEnv("TIDEMARK_HISTORY").isEmpty())
        return QStringLiteral("/var/lib/tidemark/history.sqlite");
    return JobHistory::defaultPath();
}

QString ScheduleStore::definitionPath(const QString &name) const
{
    return definitionsDir() + QLatin1Char('/') + name + QStringLiteral(".toml");
}

QString ScheduleStore::statePath(const QString &name) const
{
    return stateDir() + QLatin1Char('/') + name + QStringLiteral(".json");
}

QString ScheduleStore::lockPath(const QString &name) const
{
    return stateDir() + QLatin1Char('/') + name + QStringLiteral(".lock");
}

ScheduleStore::Listing ScheduleStore::list() const
{
    Listing listing;
    const QDir dir(definitionsDir());
    const QStringList files = dir.entryList({QStringLiteral("*.toml")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        auto schedule = load(QFileInfo(file).completeBaseName());
        if (schedule)
            listing.schedules.push_back(schedule.takeValue());
        else
            listing.broken.push_back(schedule.error());
    }
    return listing;
}

Result<Schedule> ScheduleStore::load(const QString &name) const
{
    const QString path = definitionPath(name);
    if (!Schedule::validName(name))
        return makeError(ErrorCode::Config, tr("'%1': the file name cannot name a schedule").arg(path),
                         tr("Rename it to letters, digits, '-' and '_' followed by .toml."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (!file.exists())
            return makeError(ErrorCode::NotFound, tr("There is no schedule '%1' in %2").arg(name, definitionsDir()),
                             tr("See the schedules with: tidemark-cli schedule list%1")
                                 .arg(m_scope == ScheduleScope::System ? QStringLiteral(" --system") : QString()));
        return makeError(ErrorCode::Config, tr("Cannot read '%1': %2").arg(path, file.errorString()));
    }
    return Schedule::fromToml(QString::fromUtf8(file.readAll()), path, name);
}

Status ScheduleStore::save(const Schedule &schedule) const
{
    if (auto valid = schedule.validate(); !valid)
        return valid;
    const QFileDevice::Permissions permissions =
        m_scope == ScheduleScope::System ? QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                         : QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (auto written = writeAtomically(definitionPath(schedule.name), schedule.toToml().toUtf8(), permissions);
        !written)
        return written;
    ScheduleState current = state(schedule.name);
    if (!QFileInfo::exists(statePath(schedule.name))) {
        current.created = QDateTime::currentDateTimeUtc();
        return saveState(schedule.name, current);
    }
    return {};
}

Status ScheduleStore::remove(const QString &name) const
{
    for (const QString &path : {definitionPath(name), statePath(name)}) {
        if (QFileInfo::exists(path) && !QFile::remove(path))
            return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(path),
                             tr("Check the directory's permissions (system schedules need root)."));
    }
    return {};
}

ScheduleState ScheduleStore::state(const QString &name) const
{
    QFile file(statePath(name));
    ScheduleState s;
    if (file.open(QIODevice::ReadOnly))
        s = ScheduleState::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!s.created.isValid()) {
        // A definition copied in by hand: its time counts as the creation.
        const QFileInfo definition(definitionPath(name));
        s.created = definition.exists() ? definition.lastModified().toUTC() : QDateTime::currentDateTimeUtc();
    }
    return s;
}

Status ScheduleStore::saveState(const QString &name, const ScheduleState &state) const
{
    return writeAtomically(statePath(name), QJsonDocument(state.toJson()).toJson(QJsonDocument::Indented),
                           QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                               QFileDevice::ReadOther);
}

} // namespace tidemark
