#include "schedule/ScheduleWhen.h"

#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace tidemark {

namespace {

const char *const kDayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char *const kLongDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

Result<QTime> parseTimeOfDay(const QString &text, const QString &what)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,2}):(\\d{2})$"));
    const auto match = form.match(text.trimmed());
    const int h = match.hasMatch() ? match.captured(1).toInt() : -1;
    const int m = match.hasMatch() ? match.captured(2).toInt() : -1;
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return makeError(ErrorCode::Usage,
                         ScheduleWhen::tr("%1 takes a time of day as HH:MM (00:00 to 23:59), not '%2'").arg(what, text),
                         ScheduleWhen::tr("For example: %1 02:30").arg(what));
    return QTime(h, m);
}

struct Analyzed {
    int exitCode = -1;
    QString out;
    QString err;
};

Result<Analyzed> analyze(const QStringList &args)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
    if (program.isEmpty())
        return makeError(ErrorCode::Config,
                         ScheduleWhen::tr("systemd-analyze is not installed: calendar expressions cannot be read"),
                         ScheduleWhen::tr("Install the Debian package systemd, or use every, daily or weekly."));
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(1000);
        return makeError(ErrorCode::Failure, ScheduleWhen::tr("systemd-analyze did not answer within 10 s"));
    }
    return Analyzed{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                    QString::fromUtf8(process.readAllStandardOutput()),
                    QString::fromUtf8(process.readAllStandardError()).trimmed()};
}

} // namespace

Result<ScheduleWhen> ScheduleWhen::every(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,2})\\s*h?$"));
    const auto match = form.match(text.trimmed());
    const int hours = match.hasMatch() ? match.captured(1).toInt() : 0;
    if (hours < 1 || hours > 24)
        return makeError(ErrorCode::Usage,
                         tr("every takes a number of hours from 1 to 24, like 6h, not '%1'").arg(text),
                         tr("Runs start at midnight and then every N hours (every 6h: 00:00, 06:00, 12:00, 18:00); "
                            "for other times use daily, weekly or a calendar expression."));
    ScheduleWhen when;
    when.kind = Kind::Every;
    when.hours = hours;
    return when;
}

Result<ScheduleWhen> ScheduleWhen::daily(const QString &text)
{
    auto at = parseTimeOfDay(text, QStringLiteral("daily"));
    if (!at)
        return at.error();
    ScheduleWhen when;
    when.kind = Kind::Daily;
    when.at = at.value();
    return when;
}

Result<ScheduleWhen> ScheduleWhen::weekly(const QString &text)
{
    const QStringList parts = text.simplified().split(QLatin1Char(' '));
    int day = 0;
    for (int i = 0; i < 7 && parts.size() == 2; ++i) {
        if (parts[0].compare(QLatin1String(kDayNames[i]), Qt::CaseInsensitive) == 0 ||
            parts[0].compare(QLatin1String(kLongDayNames[i]), Qt::CaseInsensitive) == 0)
            day = i + 1;
    }
    if (day == 0)
        return makeError(ErrorCode::Usage, tr("weekly takes a day and a time, like 'Sun 03:00', not '%1'").arg(text),
                         tr("Days: Mon, Tue, Wed, Thu, Fri, Sat, Sun."));
    auto at = parseTimeOfDay(parts[1], QStringLiteral("weekly"));
    if (!at)
        return at.error();
    ScheduleWhen when;
    when.kind = Kind::Weekly;
    when.weekday = day;
    when.at = at.value();
    return when;
}

Result<ScheduleWhen> ScheduleWhen::fromCalendar(const QString &expression)
{
    const QString text = expression.simplified();
    if (text.isEmpty() || text.contains(QLatin1Char('\n')))
        return makeError(ErrorCode::Usage, tr("calendar takes a systemd calendar expression, like 'Mon..Fri 02:00'"));
    auto analyzed = analyze({QStringLiteral("calendar"), text});
    if (!analyzed)
        return analyzed.error();
    if (analyzed->exitCode != 0)
        return makeError(ErrorCode::Usage,
                         tr("'%1' is not a calendar expression systemd reads: %2")
                             .arg(text, analyzed->err.isEmpty() ? analyzed->out.trimmed() : analyzed->err),
                         tr("See man 7 systemd.time (CALENDAR EVENTS), e.g. 'Mon..Fri *-*-* 02:00' or 'daily'."));
    ScheduleWhen when;
    when.kind = Kind::Calendar;
    when.calendar = text;
    return when;
}

QString ScheduleWhen::value() const
{
    switch (kind) {
    case Kind::Every:
        return QStringLiteral("%1h").arg(hours);
    case Kind::Daily:
        return at.toString(QStringLiteral("HH:mm"));
    case Kind::Weekly:
        return QLatin1String(kDayNames[weekday - 1]) + QLatin1Char(' ') + at.toString(QStringLiteral("HH:mm"));
    case Kind::Calendar:
        break;
    }
    return calendar;
}

QString ScheduleWhen::keyName() const
{
    switch (kind) {
    case Kind::Every:
        return QStringLiteral("every");
    case Kind::Daily:
        return QStringLiteral("daily");
    case Kind::Weekly:
        return QStringLiteral("weekly");
    case Kind::Calendar:
        break;
    }
    return QStringLiteral("calendar");
}

QString ScheduleWhen::onCalendar() const
{
    switch (kind) {
    case Kind::Every:
        return hours == 24 ? QStringLiteral("*-*-* 00:00:00") : QStringLiteral("*-*-* 00/%1:00:00").arg(hours);
    case Kind::Daily:
        return QStringLiteral("*-*-* %1:00").arg(at.toString(QStringLiteral("HH:mm")));
    case Kind::Weekly:
        return QStringLiteral("%1 *-*-* %2:00")
            .arg(QLatin1String(kDayNames[weekday - 1]), at.toString(QStringLiteral("HH:mm")));
    case Kind::Calendar:
        break;
    }
    return calendar;
}

QString ScheduleWhen::describe() const
{
    switch (kind) {
    case Kind::Every:
        return tr("every %1 h").arg(hours);
    case Kind::Daily:
        return tr("daily at %1").arg(at.toString(QStringLiteral("HH:mm")));
    case Kind::Weekly:
        return tr("weekly on %1 at %2")
            .arg(QLocale().dayName(weekday, QLocale::LongFormat), at.toString(QStringLiteral("HH:mm")));
    case Kind::Calendar:
        break;
    }
    return tr("%1 (calendar)").arg(calendar);
}

qint64 ScheduleWhen::periodSeconds(const QDateTime &from) const
{
    switch (kind) {
    case Kind::Every:
        return static_cast<qint64>(hours) * 3600;
    case Kind::Daily:
        return 86400;
    case Kind::Weekly:
        return 7 * 86400;
    case Kind::Calendar:
        break;
    }
    const auto first = nextAfter(from);
    const auto second = first ? nextAfter(first.value()) : first;
    if (!second)
        return 86400;
    return std::max<qint64>(60, first->secsTo(second.value()));
}

Result<QDateTime> ScheduleWhen::nextAfter(const QDateTime &after) const
{
    const QDateTime local = after.toLocalTime();
    if (kind == Kind::Calendar) {
        auto analyzed = analyze({QStringLiteral("calendar"), QStringLiteral("--iterations=1"),
                                 QStringLiteral("--base-time=@%1").arg(local.toSecsSinceEpoch()), calendar});
        if (!analyzed)
            return analyzed.error();
        // "Next elapse: Mon 2026-11-30 02:00:00 CET" and, when local time is not UTC,
        // "(in UTC): Mon 2026-11-30 01:00:00 UTC": the UTC line is read when there is one.
        static const QRegularExpression stamp(QStringLiteral("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})"));
        QString utc;
        for (const QString &line : analyzed->out.split(QLatin1Char('\n'))) {
            const auto match = stamp.match(line);
            if (!match.hasMatch())
                continue;
            if (line.contains(QLatin1String("(in UTC)")) || (utc.isEmpty() && line.contains(QLatin1String("Next"))))
                utc = match.captured(1);
        }
        if (analyzed->exitCode != 0 || utc.isEmpty())
            return makeError(
                ErrorCode::Config,
                tr("The calendar expression '%1' has no run after %2").arg(calendar, local.toString(Qt::ISODate)),
                tr("Check it with: systemd-analyze calendar '%1'").arg(calendar));
        QDateTime next = QDateTime::fromString(utc, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        next.setTimeSpec(Qt::UTC);
        return next.toLocalTime();
    }
    // Candidates from the day of `after` on: the first strictly later one wins. Eight days cover a week.
    for (int day = 0; day <= 8; ++day) {
        const QDate date = local.date().addDays(day);
        if (kind == Kind::Weekly && date.dayOfWeek() != weekday)
            continue;
        if (kind == Kind::Every) {
            for (int hour = 0; hour < 24; hour += hours) {
                const QDateTime slot(date, QTime(hour, 0));
                if (slot > local)
                    return slot;
            }
            continue;
        }
        const QDateTime slot(date, at);
        if (slot > local)
            return slot;
    }
    return makeError(ErrorCode::Failure, tr("No run found after %1").arg(local.toString(Qt::ISODate)));
}

Result<qint64> parseDurationSeconds(const QString &text, const QString &what)
{
    static const QRegularExpression form(QStringLiteral("^(\\d{1,9})\\s*([smhd]?)$"));
    const auto match = form.match(text.trimmed());
    if (!match.hasMatch())
        return makeError(ErrorCode::Usage,
                         ScheduleWhen::tr("%1 takes a duration like 90s, 5m, 26h or 2d, not '%2'").arg(what, text));
    const qint64 n = match.captured(1).toLongLong();
    const QString unit = match.captured(2);
    const qint64 factor = unit == QLatin1String("m")   ? 60
                          : unit == QLatin1String("h") ? 3600
                          : unit == QLatin1String("d") ? 86400
                                                       : 1;
    return n * factor;
}

QString durationText(qint64 seconds)
{
    if (seconds > 0 && seconds % 86400 == 0)
        return QStringLiteral("%1d").arg(seconds / 86400);
    if (seconds > 0 && seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds > 0 && seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

} // namespace tidemark
