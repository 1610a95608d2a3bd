#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QTime>

namespace tidemark {

/// When a schedule runs: every N hours, daily at HH:MM, weekly on a day at HH:MM, or a systemd
/// calendar expression. Times are the machine's local time, as systemd reads OnCalendar=.
///
/// Each form is also a systemd `OnCalendar=` expression (onCalendar()), so a timer unit and the
/// GUI's own runner fire at the same moments. `every` counts from midnight as systemd's `00/N`
/// does: every 6 h runs at 00:00, 06:00, 12:00 and 18:00; every 5 h at 00:00, 05:00, …, 20:00 and
/// again at 00:00.
struct ScheduleWhen {
    Q_DECLARE_TR_FUNCTIONS(ScheduleWhen)

public:
    enum class Kind { Every, Daily, Weekly, Calendar };
    Kind kind = Kind::Daily;
    int hours = 24;   ///< Every: 1 to 24.
    QTime at{2, 0};   ///< Daily, Weekly: the local time of day (minutes; seconds are 0).
    int weekday = 7;  ///< Weekly: 1 = Monday … 7 = Sunday.
    QString calendar; ///< Calendar: a systemd calendar expression, as `systemd-analyze calendar` takes it.

    /// `6h` (or `6`): every 6 hours.
    [[nodiscard]] static Result<ScheduleWhen> every(const QString &text);
    /// `02:30`.
    [[nodiscard]] static Result<ScheduleWhen> daily(const QString &text);
    /// `Sun 03:00` (Mon, Tue, …; full English names too).
    [[nodiscard]] static Result<ScheduleWhen> weekly(const QString &text);
    /// Checked with `systemd-analyze calendar`; an error quotes what it said.
    [[nodiscard]] static Result<ScheduleWhen> fromCalendar(const QString &expression);

    /// The value as written in a definition and on the command line: `6h`, `02:30`, `Sun 03:00`, the expression.
    [[nodiscard]] QString value() const;
    /// The definition's key and the CLI option: `every`, `daily`, `weekly`, `calendar`.
    [[nodiscard]] QString keyName() const;
    /// `*-*-* 00/6:00:00`, `*-*-* 02:30:00`, `Sun *-*-* 03:00:00`, or the expression.
    [[nodiscard]] QString onCalendar() const;
    /// "every 6 h", "daily at 02:30", "weekly on Sunday at 03:00", "Mon..Fri *-*-* 02:00 (calendar)".
    [[nodiscard]] QString describe() const;
    /// How long one period is, for the default overdue threshold: 6 h, 24 h, 168 h; a calendar
    /// expression's gap between its next two runs after `from`.
    [[nodiscard]] qint64 periodSeconds(const QDateTime &from = QDateTime::currentDateTime()) const;

    /// The first run strictly after `after`. The three fixed forms are computed here in local time;
    /// a calendar expression asks `systemd-analyze calendar --base-time` (an error if it is missing).
    [[nodiscard]] Result<QDateTime> nextAfter(const QDateTime &after) const;

    friend bool operator==(const ScheduleWhen &, const ScheduleWhen &) = default;
};

/// `90s`, `5m`, `26h`, `2d`, or a bare number of seconds; errors name `what`.
[[nodiscard]] Result<qint64> parseDurationSeconds(const QString &text, const QString &what);
/// The shortest of those forms that is exact: `300` → `5m`.
[[nodiscard]] QString durationText(qint64 seconds);

} // namespace tidemark
