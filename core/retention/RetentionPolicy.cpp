#include "retention/RetentionPolicy.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QTime>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace tidemark {

namespace {

// The largest number before a letter of a span: 100000 years is far beyond any history, and
// 100000 hours in seconds still fits an int.
constexpr int kMaxSpanPart = 100000;

enum class Period { Last, Hour, Day, Week, Month, Year };

struct CountRule {
    Period period;
    int RetentionPolicy::*count;
    const char *key;    // In the JSON object.
    const char *option; // On the command line.
};

// In the order of describe(), toJson() and of a decision's reasons.
constexpr std::array<CountRule, 6> kCountRules = {{
    {Period::Last, &RetentionPolicy::last, "last", "--keep-last"},
    {Period::Hour, &RetentionPolicy::hourly, "hourly", "--keep-hourly"},
    {Period::Day, &RetentionPolicy::daily, "daily", "--keep-daily"},
    {Period::Week, &RetentionPolicy::weekly, "weekly", "--keep-weekly"},
    {Period::Month, &RetentionPolicy::monthly, "monthly", "--keep-monthly"},
    {Period::Year, &RetentionPolicy::yearly, "yearly", "--keep-yearly"},
}};
const QString kWithinKey = QStringLiteral("within");

// A count below -1 is no rule (fromJson refuses it; apply(), isEmpty(), describe() and toJson()
// read it as 0, so a policy that keeps nothing is always one that says so).
int effectiveCount(int count)
{
    return count < -1 ? 0 : count;
}

QString padded(int number, int width)
{
    return QStringLiteral("%1").arg(number, width, 10, QLatin1Char('0'));
}

// The period of `local` (a local time) as the operator reads a calendar, which is also the text
// of the reason: 2026-11-28 14:00, 2026-11-28, 2026-W48, 2026-11, 2026. Equal texts, same period.
QString periodText(Period period, const QDateTime &local)
{
    const QDate date = local.date();
    const QString day =
        padded(date.year(), 4) + QLatin1Char('-') + padded(date.month(), 2) + QLatin1Char('-') + padded(date.day(), 2);
    switch (period) {
    case Period::Last:
        return {};
    case Period::Hour:
        return day + QLatin1Char(' ') + padded(local.time().hour(), 2) + QStringLiteral(":00");
    case Period::Day:
        return day;
    case Period::Week: {
        int weekYear = 0;
        const int week = date.weekNumber(&weekYear);
        return padded(weekYear, 4) + QStringLiteral("-W") + padded(week, 2);
    }
    case Period::Month:
        return padded(date.year(), 4) + QLatin1Char('-') + padded(date.month(), 2);
    case Period::Year:
        return padded(date.year(), 4);
    }
    return {};
}

QString reasonText(Period period, const QString &periodLabel, int lastPosition)
{
    switch (period) {
    case Period::Last:
        return RetentionPolicy::tr("last %1").arg(lastPosition);
    case Period::Hour:
        return RetentionPolicy::tr("hourly %1").arg(periodLabel);
    case Period::Day:
        return RetentionPolicy::tr("daily %1").arg(periodLabel);
    case Period::Week:
        return RetentionPolicy::tr("weekly %1").arg(periodLabel);
    case Period::Month:
        return RetentionPolicy::tr("monthly %1").arg(periodLabel);
    case Period::Year:
        return RetentionPolicy::tr("yearly %1").arg(periodLabel);
    }
    return {};
}

// A JSON value as it is written, for messages: 3, -2.5, "x", true, [1], {"a":1}.
QString jsonText(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

} // namespace

bool RetentionPolicy::isEmpty() const
{
    return std::all_of(kCountRules.begin(), kCountRules.end(),
                       [this](const CountRule &rule) { return effectiveCount(this->*rule.count) == 0; }) &&
           !within.has_value();
}

Result<RetentionPolicy::Span> RetentionPolicy::parseSpan(const QString &text, const QString &what)
{
    const QString hint = tr("Use a span like 30d, 12h, 1y6m or 2y3m7d12h.");
    const auto usage = [&] {
        return makeError(ErrorCode::Usage,
                         tr("%1 takes a span of years, months, days and hours (y, m, d, h, in that order); not '%2'")
                             .arg(what, text),
                         hint);
    };
    static constexpr char16_t kUnits[] = {u'y', u'm', u'd', u'h'};
    Span span;
    int *const parts[] = {&span.years, &span.months, &span.days, &span.hours};
    std::size_t nextUnit = 0; // Units before this one are taken (or skipped): the order is y m d h.
    qsizetype i = 0;
    if (text.isEmpty())
        return usage();
    while (i < text.size()) {
        qint64 number = 0;
        const qsizetype start = i;
        for (; i < text.size() && text.at(i).unicode() >= u'0' && text.at(i).unicode() <= u'9'; ++i) {
            number = number * 10 + (text.at(i).unicode() - u'0');
            if (number > kMaxSpanPart)
                return makeError(
                    ErrorCode::Usage,
                    tr("%1 takes at most %2 of each part of a span; not '%3'").arg(what).arg(kMaxSpanPart).arg(text),
                    hint);
        }
        if (i == start || i == text.size())
            return usage(); // A letter without a number, or a number without a letter.
        const auto unit = std::find(std::begin(kUnits) + static_cast<std::ptrdiff_t>(nextUnit), std::end(kUnits),
                                    text.at(i).unicode());
        if (unit == std::end(kUnits))
            return usage(); // Another character, a unit twice or out of order.
        const auto index = static_cast<std::size_t>(unit - std::begin(kUnits));
        *parts[index] = static_cast<int>(number);
        nextUnit = index + 1;
        ++i;
    }
    return span;
}

QString RetentionPolicy::spanText(const Span &span)
{
    QString text;
    if (span.years != 0)
        text += QString::number(span.years) + QLatin1Char('y');
    if (span.months != 0)
        text += QString::number(span.months) + QLatin1Char('m');
    if (span.days != 0)
        text += QString::number(span.days) + QLatin1Char('d');
    if (span.hours != 0)
        text += QString::number(span.hours) + QLatin1Char('h');
    return text.isEmpty() ? QStringLiteral("0h") : text;
}

QDateTime RetentionPolicy::subtract(const QDateTime &time, const Span &span)
{
    // In `time`'s own time spec: UTC for the points of a chain, so a day is always 24 hours and
    // the calendar steps (a month back from 31 March is 28 or 29 February) are UTC's.
    return time.addYears(-span.years).addMonths(-span.months).addDays(-span.days).addSecs(-qint64(span.hours) * 3600);
}

QString RetentionPolicy::describe() const
{
    QStringList parts;
    for (const CountRule &rule : kCountRules) {
        if (const int count = effectiveCount(this->*rule.count); count != 0)
            parts << QLatin1String(rule.option) + QLatin1Char(' ') + QString::number(count);
    }
    if (within)
        parts << QStringLiteral("--keep-within ") + spanText(*within);
    return parts.join(QLatin1Char(' '));
}

QJsonObject RetentionPolicy::toJson() const
{
    QJsonObject json;
    for (const CountRule &rule : kCountRules) {
        if (const int count = effectiveCount(this->*rule.count); count != 0)
            json.insert(QLatin1String(rule.key), count);
    }
    if (within)
        json.insert(kWithinKey, spanText(*within));
    return json;
}

Result<RetentionPolicy> RetentionPolicy::fromJson(const QJsonObject &json)
{
    RetentionPolicy policy;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        if (key == kWithinKey) {
            if (!value.isString())
                return makeError(
                    ErrorCode::Config,
                    tr("The retention policy's \"%1\" must be a span like \"30d\", not %2").arg(key, jsonText(value)));
            Result<Span> span = parseSpan(value.toString(), tr("The retention policy's \"%1\"").arg(key));
            if (!span)
                return makeError(ErrorCode::Config, span.error().message, span.error().hint);
            policy.within = span.value();
            continue;
        }
        const auto rule = std::find_if(kCountRules.begin(), kCountRules.end(),
                                       [&](const CountRule &r) { return key == QLatin1String(r.key); });
        if (rule == kCountRules.end())
            return makeError(ErrorCode::Config, tr("The retention policy has an unknown key \"%1\"").arg(key),
                             tr("The keys are last, hourly, daily, weekly, monthly, yearly and within."));
        const double number = value.toDouble();
        if (!value.isDouble() || number != std::floor(number) || number < -1 ||
            number > std::numeric_limits<int>::max())
            return makeError(ErrorCode::Config,
                             tr("The retention policy's \"%1\" must be a whole number, -1 (every period) or more; "
                                "not %2")
                                 .arg(key, jsonText(value)));
        policy.*rule->count = static_cast<int>(number);
    }
    return policy;
}

std::vector<RetentionPolicy::Decision> RetentionPolicy::apply(const std::vector<QDateTime> &points) const
{
    std::vector<Decision> decisions(points.size());
    // Newest first; equal times in the order given. A point that is not a valid time is never kept.
    std::vector<std::size_t> order;
    order.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i].isValid())
            order.push_back(i);
    }
    if (order.empty())
        return decisions;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return points[a] > points[b]; });

    struct Walk {
        Period period;
        int left;           // -1: every period.
        QString lastPeriod; // Of the last point this rule kept.
        int kept = 0;
    };
    std::vector<Walk> walks;
    for (const CountRule &rule : kCountRules) {
        if (const int count = effectiveCount(this->*rule.count); count != 0)
            walks.push_back({rule.period, count, {}, 0});
    }
    const std::optional<QDateTime> cutoff =
        within ? std::optional(subtract(points[order.front()], *within)) : std::nullopt;

    for (const std::size_t index : order) {
        const QDateTime local = points[index].toLocalTime();
        Decision &decision = decisions[index];
        for (Walk &walk : walks) {
            if (walk.left == 0)
                continue;
            const QString period = periodText(walk.period, local);
            if (walk.period != Period::Last && walk.kept > 0 && period == walk.lastPeriod)
                continue;
            ++walk.kept;
            walk.lastPeriod = period;
            if (walk.left > 0)
                --walk.left;
            decision.keep = true;
            decision.reasons << reasonText(walk.period, period, walk.kept);
        }
        if (cutoff && points[index] >= *cutoff) {
            decision.keep = true;
            decision.reasons << tr("within %1").arg(spanText(*within));
        }
    }
    return decisions;
}

} // namespace tidemark
