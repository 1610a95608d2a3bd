// RetentionPolicy: restic's `forget` rules. What apply() keeps is compared with an oracle of the
// test's own (every period's newest point, the N newest periods; the N newest points; the points
// within the span of the newest), over a table of cases, hand-written reasons, Europe/Berlin
// around DST changes and a year end, and a seeded random sweep. Plus the span syntax, describe()
// and the JSON form.
#include "retention/RetentionPolicy.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>

#include <algorithm>
#include <climits>
#include <functional>
#include <map>
#include <numeric>

#include <time.h>

using namespace tidemark;

Q_DECLARE_METATYPE(tidemark::RetentionPolicy)

namespace {

void useTimeZone(const char *zone)
{
    qputenv("TZ", zone);
    tzset();
}

QDateTime utc(QDate date, int hour = 12, int minute = 0)
{
    return QDateTime(date, QTime(hour, minute), Qt::UTC);
}

QDateTime utc(int year, int month, int day, int hour = 12, int minute = 0)
{
    return utc(QDate(year, month, day), hour, minute);
}

RetentionPolicy policyOf(int last, int hourly, int daily, int weekly, int monthly, int yearly,
                         std::optional<RetentionPolicy::Span> within = std::nullopt)
{
    RetentionPolicy p;
    p.last = last;
    p.hourly = hourly;
    p.daily = daily;
    p.weekly = weekly;
    p.monthly = monthly;
    p.yearly = yearly;
    p.within = within;
    return p;
}

RetentionPolicy::Span span(int years, int months, int days, int hours)
{
    return RetentionPolicy::Span{years, months, days, hours};
}

// The ISO week by its definition (the week's Thursday decides the year), not by QDate::weekNumber.
QString isoWeekLabel(QDate date)
{
    const QDate thursday = date.addDays(4 - date.dayOfWeek());
    return QString::asprintf("%04d-W%02d", thursday.year(), (thursday.dayOfYear() - 1) / 7 + 1);
}

// What the policy should keep, worked out without its walk: each rule by grouping all points.
// Reasons in the order last, hourly, daily, weekly, monthly, yearly, within.
std::vector<QStringList> oracle(const std::vector<QDateTime> &points, const RetentionPolicy &policy)
{
    const std::size_t n = points.size();
    // Newer first; of equal times, the one given first.
    const auto before = [&](std::size_t a, std::size_t b) {
        return points[a] != points[b] ? points[a] > points[b] : a < b;
    };
    const auto limit = [](int count) {
        return count < -1 ? std::size_t(0) : count == -1 ? SIZE_MAX : std::size_t(count);
    };
    std::vector<QStringList> reasons(n);
    if (n == 0)
        return reasons;
    std::vector<std::size_t> ranked(n);
    std::iota(ranked.begin(), ranked.end(), std::size_t(0));
    std::sort(ranked.begin(), ranked.end(), before);

    for (std::size_t k = 0; k < std::min(n, limit(policy.last)); ++k)
        reasons[ranked[k]] << QStringLiteral("last %1").arg(k + 1);

    using Label = std::function<QString(const QDateTime &)>;
    const std::vector<std::tuple<int, const char *, Label>> periods = {
        {policy.hourly, "hourly",
         [](const QDateTime &t) {
             return QString::asprintf("%04d-%02d-%02d %02d:00", t.date().year(), t.date().month(), t.date().day(),
                                      t.time().hour());
         }},
        {policy.daily, "daily",
         [](const QDateTime &t) {
             return QString::asprintf("%04d-%02d-%02d", t.date().year(), t.date().month(), t.date().day());
         }},
        {policy.weekly, "weekly", [](const QDateTime &t) { return isoWeekLabel(t.date()); }},
        {policy.monthly, "monthly",
         [](const QDateTime &t) { return QString::asprintf("%04d-%02d", t.date().year(), t.date().month()); }},
        {policy.yearly, "yearly", [](const QDateTime &t) { return QString::asprintf("%04d", t.date().year()); }},
    };
    for (const auto &[count, name, label] : periods) {
        std::map<QString, std::size_t> newest; // Of each period.
        for (std::size_t i = 0; i < n; ++i) {
            const QString key = label(points[i].toLocalTime());
            const auto it = newest.find(key);
            if (it == newest.end())
                newest.emplace(key, i);
            else if (before(i, it->second))
                it->second = i;
        }
        std::vector<std::pair<std::size_t, QString>> groups;
        for (const auto &[key, index] : newest)
            groups.emplace_back(index, key);
        std::sort(groups.begin(), groups.end(), [&](const auto &a, const auto &b) { return before(a.first, b.first); });
        for (std::size_t g = 0; g < std::min(groups.size(), limit(count)); ++g)
            reasons[groups[g].first] << QLatin1String(name) + QLatin1Char(' ') + groups[g].second;
    }

    if (policy.within) {
        const RetentionPolicy::Span &s = *policy.within;
        const QDateTime cutoff =
            points[ranked.front()].addYears(-s.years).addMonths(-s.months).addDays(-s.days).addSecs(-3600LL * s.hours);
        for (std::size_t i = 0; i < n; ++i) {
            if (points[i] >= cutoff)
                reasons[i] << QStringLiteral("within ") + RetentionPolicy::spanText(s);
        }
    }
    return reasons;
}

QString pointsText(const std::vector<QDateTime> &points)
{
    QStringList texts;
    for (const QDateTime &t : points)
        texts << t.toString(Qt::ISODate);
    return texts.join(QLatin1Char(' '));
}

// Empty when apply() agrees with the oracle, else what differs.
QString mismatch(const std::vector<QDateTime> &points, const RetentionPolicy &policy)
{
    const std::vector<RetentionPolicy::Decision> decisions = policy.apply(points);
    const std::vector<QStringList> expected = oracle(points, policy);
    if (decisions.size() != points.size())
        return QStringLiteral("%1 decisions for %2 points").arg(decisions.size()).arg(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (decisions[i].keep != !expected[i].isEmpty() || decisions[i].reasons != expected[i])
            return QStringLiteral("policy '%1', point %2 (%3): kept %4 for [%5], expected [%6]; points: %7")
                .arg(policy.describe())
                .arg(i)
                .arg(points[i].toString(Qt::ISODate))
                .arg(decisions[i].keep)
                .arg(decisions[i].reasons.join(QStringLiteral(", ")), expected[i].join(QStringLiteral(", ")),
                     pointsText(points));
    }
    return {};
}

qsizetype keptCount(const std::vector<RetentionPolicy::Decision> &decisions)
{
    return std::count_if(decisions.begin(), decisions.end(), [](const auto &d) { return d.keep; });
}

std::vector<QDateTime> toVector(const QList<QDateTime> &list)
{
    return {list.begin(), list.end()};
}

// 2026-11-28 21:15 to 2026-11-29 01:30 UTC: five hours over midnight, two days.
QList<QDateTime> overMidnight()
{
    return {utc(2026, 11, 28, 22, 45), utc(2026, 11, 29, 0, 5),  utc(2026, 11, 28, 21, 15), utc(2026, 11, 28, 23, 50),
            utc(2026, 11, 29, 1, 30),  utc(2026, 11, 28, 22, 5), utc(2026, 11, 29, 0, 40),  utc(2026, 11, 28, 23, 10)};
}

// Noon of 2024-12-27 .. 2025-01-06 and 2026-12-28 .. 2027-01-05, newest last: the ISO weeks
// 2024-W52, 2025-W01 (from 2024-12-30), 2025-W02, 2026-W53 (to 2027-01-03) and 2027-W01.
QList<QDateTime> yearEnds()
{
    QList<QDateTime> points;
    for (QDate d(2024, 12, 27); d <= QDate(2025, 1, 6); d = d.addDays(1))
        points << utc(d);
    for (QDate d(2026, 12, 28); d <= QDate(2027, 1, 5); d = d.addDays(1))
        points << utc(d);
    return points;
}

// Three points at one time, given in between the others.
QList<QDateTime> ties()
{
    return {utc(2026, 4, 30, 8), utc(2026, 5, 1, 10), utc(2026, 4, 1, 8), utc(2026, 5, 1, 10), utc(2026, 5, 1, 10)};
}

// Every 11 days over four years, some days twice and some points twice; not in time order.
QList<QDateTime> spread()
{
    QList<QDateTime> points;
    for (QDate d(2023, 1, 5); d < QDate(2027, 1, 10); d = d.addDays(11)) {
        points << utc(d, 9);
        if (d.day() % 3 == 0)
            points << utc(d, 21, 30) << utc(d, 9);
    }
    std::rotate(points.begin(), points.begin() + points.size() / 3, points.end());
    return points;
}

std::vector<QDateTime> randomPoints(QRandomGenerator &rng)
{
    const QDateTime start = utc(2024, 1, 1, 0);
    constexpr qint64 kThreeYears = 3 * 365 * 86400LL;
    const int n = static_cast<int>(rng.bounded(61));
    std::vector<QDateTime> points;
    while (points.size() < std::size_t(n)) {
        const QDateTime previous = points.empty() ? start.addSecs(rng.bounded(kThreeYears)) : points.back();
        switch (rng.bounded(6)) {
        case 0:
            points.push_back(start.addSecs(rng.bounded(kThreeYears)));
            break;
        case 1: // Within two hours.
            points.push_back(previous.addSecs(rng.bounded(-7200, 7201)));
            break;
        case 2: // Within ten days.
            points.push_back(previous.addSecs(rng.bounded(-864000, 864001)));
            break;
        case 3: // Within ten days of a new year.
            points.push_back(
                utc(QDate(2024 + static_cast<int>(rng.bounded(4)), 1, 1), 0).addSecs(rng.bounded(-864000, 864001)));
            break;
        case 4: // At the time of another.
            points.push_back(points.empty() ? previous
                                            : points[std::size_t(rng.bounded(static_cast<int>(points.size())))]);
            break;
        default: // Within a month.
            points.push_back(previous.addSecs(rng.bounded(-2592000, 2592001)));
            break;
        }
    }
    std::shuffle(points.begin(), points.end(), rng);
    return points;
}

RetentionPolicy randomPolicy(QRandomGenerator &rng)
{
    const auto count = [&rng] {
        switch (rng.bounded(8)) {
        case 0:
        case 1:
        case 2:
            return 0;
        case 3:
            return -1;
        case 4:
            return -3; // No rule.
        default:
            return static_cast<int>(rng.bounded(1, 13));
        }
    };
    RetentionPolicy p;
    p.last = count();
    p.hourly = count();
    p.daily = count();
    p.weekly = count();
    p.monthly = count();
    p.yearly = count();
    if (rng.bounded(3) == 0)
        p.within = span(static_cast<int>(rng.bounded(2)), static_cast<int>(rng.bounded(13)),
                        static_cast<int>(rng.bounded(40)), static_cast<int>(rng.bounded(48)));
    return p;
}

} // namespace

class TestRetentionPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { useTimeZone("UTC"); }

    void table_data()
    {
        QTest::addColumn<QList<QDateTime>>("points");
        QTest::addColumn<RetentionPolicy>("policy");
        QTest::addColumn<int>("kept"); // Counted by hand; -1: only the oracle.

        QTest::addRow("empty policy") << overMidnight() << RetentionPolicy{} << 0;
        QTest::addRow("all counts 0") << yearEnds() << policyOf(0, 0, 0, 0, 0, 0) << 0;
        QTest::addRow("count below -1 is none") << overMidnight() << policyOf(-2, -5, 0, 0, 0, 0) << 0;
        QTest::addRow("no points") << QList<QDateTime>{} << policyOf(3, 1, 1, 1, 1, 1, span(1, 0, 0, 0)) << 0;
        QTest::addRow("last 3") << overMidnight() << policyOf(3, 0, 0, 0, 0, 0) << 3;
        QTest::addRow("last -1") << overMidnight() << policyOf(-1, 0, 0, 0, 0, 0) << 8;
        QTest::addRow("last 20 of 8") << overMidnight() << policyOf(20, 0, 0, 0, 0, 0) << 8;
        QTest::addRow("hourly 3 over midnight") << overMidnight() << policyOf(0, 3, 0, 0, 0, 0) << 3;
        QTest::addRow("hourly -1 over midnight") << overMidnight() << policyOf(0, -1, 0, 0, 0, 0) << 5;
        QTest::addRow("hourly 10 over midnight") << overMidnight() << policyOf(0, 10, 0, 0, 0, 0) << 5;
        QTest::addRow("daily 1 over midnight") << overMidnight() << policyOf(0, 0, 1, 0, 0, 0) << 1;
        QTest::addRow("daily -1 over midnight") << overMidnight() << policyOf(0, 0, -1, 0, 0, 0) << 2;
        QTest::addRow("within 1h over midnight") << overMidnight() << policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 1)) << 2;
        QTest::addRow("within 0h keeps the newest")
            << overMidnight() << policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 0)) << 1;
        QTest::addRow("weekly 2 over year ends") << yearEnds() << policyOf(0, 0, 0, 2, 0, 0) << 2;
        QTest::addRow("weekly -1 over year ends") << yearEnds() << policyOf(0, 0, 0, -1, 0, 0) << 5;
        QTest::addRow("monthly -1 over year ends") << yearEnds() << policyOf(0, 0, 0, 0, -1, 0) << 4;
        QTest::addRow("yearly 3 over year ends") << yearEnds() << policyOf(0, 0, 0, 0, 0, 3) << 3;
        QTest::addRow("yearly -1 over year ends") << yearEnds() << policyOf(0, 0, 0, 0, 0, -1) << 4;
        QTest::addRow("within 2d is inclusive") << yearEnds() << policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 2, 0)) << 3;
        QTest::addRow("within 1y") << yearEnds() << policyOf(0, 0, 0, 0, 0, 0, span(1, 0, 0, 0)) << 9;
        // last: 01-05, 01-04; daily: 01-05, 01-04, 01-03; weekly: 01-05, 01-03; monthly: 01-05, 12-31.
        QTest::addRow("last daily weekly monthly") << yearEnds() << policyOf(2, 0, 3, 2, 2, 0) << 4;
        QTest::addRow("ties last 2") << ties() << policyOf(2, 0, 0, 0, 0, 0) << 2;
        QTest::addRow("ties last -1") << ties() << policyOf(-1, 0, 0, 0, 0, 0) << 5;
        QTest::addRow("ties daily -1") << ties() << policyOf(0, 0, -1, 0, 0, 0) << 3;
        QTest::addRow("ties hourly 1 monthly 2") << ties() << policyOf(0, 1, 0, 0, 2, 0) << 2;
        QTest::addRow("ties within 0h") << ties() << policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 0)) << 3;
        QTest::addRow("single point, every rule")
            << QList<QDateTime>{utc(2026, 6, 1)} << policyOf(1, 1, 1, 1, 1, 1, span(0, 0, 1, 0)) << 1;
        QTest::addRow("single point, unlimited")
            << QList<QDateTime>{utc(2026, 6, 1)} << policyOf(-1, -1, -1, -1, -1, -1) << 1;
        QTest::addRow("spread yearly -1") << spread() << policyOf(0, 0, 0, 0, 0, -1) << -1;
        QTest::addRow("spread monthly 12 yearly -1") << spread() << policyOf(0, 0, 0, 0, 12, -1) << -1;
        QTest::addRow("spread monthly -1") << spread() << policyOf(0, 0, 0, 0, -1, 0) << -1;
        QTest::addRow("spread weekly 30") << spread() << policyOf(0, 0, 0, 30, 0, 0) << -1;
        QTest::addRow("spread daily 7 hourly 5 last 3") << spread() << policyOf(3, 5, 7, 0, 0, 0) << -1;
        QTest::addRow("spread weekly 5 daily 7 last 3 within 1m")
            << spread() << policyOf(3, 0, 7, 5, 0, 0, span(0, 1, 0, 0)) << -1;
        QTest::addRow("spread everything") << spread() << policyOf(2, 24, 7, 4, 12, -1, span(0, 0, 14, 0)) << -1;
        QTest::addRow("spread within 1y5m7d2h") << spread() << policyOf(0, 0, 0, 0, 0, 0, span(1, 5, 7, 2)) << -1;
    }

    void table()
    {
        QFETCH(QList<QDateTime>, points);
        QFETCH(RetentionPolicy, policy);
        QFETCH(int, kept);
        const std::vector<QDateTime> input = toVector(points);
        const QString wrong = mismatch(input, policy);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        if (kept >= 0)
            QCOMPARE(keptCount(policy.apply(input)), qsizetype(kept));
    }

    void reasonsByHand()
    {
        const std::vector<QDateTime> points = {
            utc(2026, 11, 28, 14, 10), utc(2026, 11, 28, 14, 30), utc(2026, 11, 27, 23), utc(2026, 11, 28, 9),
            utc(2026, 11, 20, 12),     utc(2025, 12, 31, 12),     utc(2026, 10, 31, 12), utc(2026, 11, 25, 8),
        };
        const RetentionPolicy policy = policyOf(2, 2, 2, 2, 2, 2, span(0, 0, 1, 0));
        const std::vector<RetentionPolicy::Decision> decisions = policy.apply(points);
        const std::vector<QStringList> expected = {
            {QStringLiteral("last 2"), QStringLiteral("within 1d")},
            {QStringLiteral("last 1"), QStringLiteral("hourly 2026-11-28 14:00"), QStringLiteral("daily 2026-11-28"),
             QStringLiteral("weekly 2026-W48"), QStringLiteral("monthly 2026-11"), QStringLiteral("yearly 2026"),
             QStringLiteral("within 1d")},
            {QStringLiteral("daily 2026-11-27"), QStringLiteral("within 1d")},
            {QStringLiteral("hourly 2026-11-28 09:00"), QStringLiteral("within 1d")},
            {QStringLiteral("weekly 2026-W47")},
            {QStringLiteral("yearly 2025")},
            {QStringLiteral("monthly 2026-10")},
            {},
        };
        QCOMPARE(decisions.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(decisions[i].reasons, expected[i]);
            QCOMPARE(decisions[i].keep, !expected[i].isEmpty());
        }
        QCOMPARE(mismatch(points, policy), QString());
    }

    void berlinDstAndYearEnd()
    {
        useTimeZone("Europe/Berlin");
        const auto restore = qScopeGuard([] { useTimeZone("UTC"); });
        // The zone is in effect: 00:30 UTC on 25 October 2026 is 02:30 CEST, an hour later 02:30 CET.
        QCOMPARE(utc(2026, 10, 25, 0, 30).toLocalTime().time(), QTime(2, 30));
        QCOMPARE(utc(2026, 10, 25, 1, 30).toLocalTime().time(), QTime(2, 30));
        QCOMPARE(utc(2026, 12, 31, 23, 30).toLocalTime().date(), QDate(2027, 1, 1));

        const std::vector<QDateTime> points = {
            utc(2026, 10, 25, 0, 30),  // 0: 02:30 CEST
            utc(2026, 10, 25, 1, 30),  // 1: 02:30 CET, the same local hour
            utc(2026, 10, 25, 2, 30),  // 2: 03:30 CET
            utc(2026, 10, 24, 22, 30), // 3: 00:30 CEST on the 25th
            utc(2026, 12, 31, 23, 30), // 4: 2027-01-01 00:30, still ISO 2026-W53
            utc(2026, 12, 31, 22, 30), // 5: 2026-12-31 23:30
            utc(2027, 1, 3, 23, 30),   // 6: 2027-01-04 00:30, 2027-W01
            utc(2026, 3, 29, 0, 30),   // 7: 01:30 CET
            utc(2026, 3, 29, 1, 30),   // 8: 03:30 CEST (02:xx does not exist that day)
        };
        const RetentionPolicy policy = policyOf(0, -1, -1, -1, -1, -1);
        const std::vector<QStringList> expected = {
            {},
            {QStringLiteral("hourly 2026-10-25 02:00")},
            {QStringLiteral("hourly 2026-10-25 03:00"), QStringLiteral("daily 2026-10-25"),
             QStringLiteral("weekly 2026-W43"), QStringLiteral("monthly 2026-10")},
            {QStringLiteral("hourly 2026-10-25 00:00")},
            {QStringLiteral("hourly 2027-01-01 00:00"), QStringLiteral("daily 2027-01-01"),
             QStringLiteral("weekly 2026-W53")},
            {QStringLiteral("hourly 2026-12-31 23:00"), QStringLiteral("daily 2026-12-31"),
             QStringLiteral("monthly 2026-12"), QStringLiteral("yearly 2026")},
            {QStringLiteral("hourly 2027-01-04 00:00"), QStringLiteral("daily 2027-01-04"),
             QStringLiteral("weekly 2027-W01"), QStringLiteral("monthly 2027-01"), QStringLiteral("yearly 2027")},
            {QStringLiteral("hourly 2026-03-29 01:00")},
            {QStringLiteral("hourly 2026-03-29 03:00"), QStringLiteral("daily 2026-03-29"),
             QStringLiteral("weekly 2026-W13"), QStringLiteral("monthly 2026-03")},
        };
        const std::vector<RetentionPolicy::Decision> decisions = policy.apply(points);
        QCOMPARE(decisions.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(decisions[i].reasons, expected[i]);
        for (const RetentionPolicy &p :
             {policy, policyOf(2, 3, 2, 2, 1, 1, span(0, 0, 3, 0)), policyOf(0, 4, 0, 0, 0, 0, span(0, 0, 0, 2))}) {
            const QString wrong = mismatch(points, p);
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        }

        // In UTC the same points fall otherwise: point 4 is the newest of 2026 there.
        useTimeZone("UTC");
        QCOMPARE(policyOf(0, 0, 0, 0, 0, -1).apply(points)[4].reasons, QStringList{QStringLiteral("yearly 2026")});
        QVERIFY(policyOf(0, 0, 0, 0, 0, -1).apply(points)[5].reasons.isEmpty());
    }

    void randomSweep_data()
    {
        QTest::addColumn<QByteArray>("zone");
        QTest::addColumn<int>("sets");
        QTest::addRow("UTC") << QByteArray("UTC") << 200;
        QTest::addRow("Europe/Berlin") << QByteArray("Europe/Berlin") << 100;
    }

    void randomSweep()
    {
        QFETCH(QByteArray, zone);
        QFETCH(int, sets);
        useTimeZone(zone.constData());
        const auto restore = qScopeGuard([] { useTimeZone("UTC"); });
        QRandomGenerator rng(20261128);
        qsizetype kept = 0;
        qsizetype dropped = 0;
        for (int set = 0; set < sets; ++set) {
            const std::vector<QDateTime> points = randomPoints(rng);
            for (int round = 0; round < 4; ++round) {
                const RetentionPolicy policy = randomPolicy(rng);
                const QString wrong = mismatch(points, policy);
                QVERIFY2(wrong.isEmpty(), qPrintable(QStringLiteral("set %1: %2").arg(set).arg(wrong)));
                const qsizetype k = keptCount(policy.apply(points));
                kept += k;
                dropped += qsizetype(points.size()) - k;
            }
        }
        // The sweep is not vacuous: both outcomes happen plenty.
        QVERIFY2(kept > 1000 && dropped > 1000,
                 qPrintable(QStringLiteral("%1 kept, %2 dropped").arg(kept).arg(dropped)));
    }

    void parseSpan_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("years");
        QTest::addColumn<int>("months");
        QTest::addColumn<int>("days");
        QTest::addColumn<int>("hours");
        QTest::addRow("30d") << QStringLiteral("30d") << 0 << 0 << 30 << 0;
        QTest::addRow("12h") << QStringLiteral("12h") << 0 << 0 << 0 << 12;
        QTest::addRow("1y6m") << QStringLiteral("1y6m") << 1 << 6 << 0 << 0;
        QTest::addRow("2y3m7d12h") << QStringLiteral("2y3m7d12h") << 2 << 3 << 7 << 12;
        QTest::addRow("1y5m7d2h") << QStringLiteral("1y5m7d2h") << 1 << 5 << 7 << 2;
        QTest::addRow("5y2h") << QStringLiteral("5y2h") << 5 << 0 << 0 << 2;
        QTest::addRow("1m1d") << QStringLiteral("1m1d") << 0 << 1 << 1 << 0;
        QTest::addRow("0h") << QStringLiteral("0h") << 0 << 0 << 0 << 0;
        QTest::addRow("0y0m0d0h") << QStringLiteral("0y0m0d0h") << 0 << 0 << 0 << 0;
        QTest::addRow("007d") << QStringLiteral("007d") << 0 << 0 << 7 << 0;
        QTest::addRow("largest") << QStringLiteral("100000y100000m100000d100000h") << 100000 << 100000 << 100000
                                 << 100000;
    }

    void parseSpan()
    {
        QFETCH(QString, text);
        QFETCH(int, years);
        QFETCH(int, months);
        QFETCH(int, days);
        QFETCH(int, hours);
        const Result<RetentionPolicy::Span> parsed = RetentionPolicy::parseSpan(text, QStringLiteral("--keep-within"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed.value(), span(years, months, days, hours));
    }

    void parseSpanRefuses_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *text :
             {"",     "d",     "30",   "30x",   "30D",  "1w",  "1d1y", "1m1y", "1h2d",    "1d1d",
              "1y2y", "1y 2m", " 30d", "30d ",  "-1d",  "+1d", "1.5d", "1,5d", "100001d", "99999999999999999999999d",
              "1dd",  "y1",    "1y2",  "1y-2m", "0x1Ah"})
            QTest::addRow("'%s'", text) << QString::fromUtf8(text);
        QTest::addRow("trailing newline") << QStringLiteral("30d\n");
        QTest::addRow("fullwidth digit") << QStringLiteral("\uFF13d");
        QTest::addRow("arabic-indic digit") << QStringLiteral("\u0663d");
    }

    void parseSpanRefuses()
    {
        QFETCH(QString, text);
        const Result<RetentionPolicy::Span> parsed = RetentionPolicy::parseSpan(text, QStringLiteral("--keep-within"));
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::Usage);
        QVERIFY2(parsed.error().message.contains(QStringLiteral("--keep-within")), qPrintable(parsed.error().message));
        QVERIFY2(parsed.error().message.contains(QLatin1Char('\'') + text + QLatin1Char('\'')),
                 qPrintable(parsed.error().message));
        QCOMPARE(parsed.error().hint, QStringLiteral("Use a span like 30d, 12h, 1y6m or 2y3m7d12h."));
    }

    void spanText()
    {
        QCOMPARE(RetentionPolicy::spanText(span(0, 0, 30, 0)), QStringLiteral("30d"));
        QCOMPARE(RetentionPolicy::spanText(span(1, 6, 0, 0)), QStringLiteral("1y6m"));
        QCOMPARE(RetentionPolicy::spanText(span(2, 3, 7, 12)), QStringLiteral("2y3m7d12h"));
        QCOMPARE(RetentionPolicy::spanText(span(5, 0, 0, 2)), QStringLiteral("5y2h"));
        QCOMPARE(RetentionPolicy::spanText(span(0, 0, 0, 0)), QStringLiteral("0h"));
        // Round trips both ways: every span through its text, every canonical text through its span.
        for (int y : {0, 1, 12})
            for (int m : {0, 5, 100000})
                for (int d : {0, 7})
                    for (int h : {0, 2, 48}) {
                        const RetentionPolicy::Span s = span(y, m, d, h);
                        const QString text = RetentionPolicy::spanText(s);
                        const Result<RetentionPolicy::Span> parsed =
                            RetentionPolicy::parseSpan(text, QStringLiteral("x"));
                        QVERIFY2(parsed.ok(), qPrintable(text));
                        QCOMPARE(parsed.value(), s);
                        QCOMPARE(RetentionPolicy::spanText(parsed.value()), text);
                    }
        // A zero part is not written back.
        QCOMPARE(RetentionPolicy::spanText(
                     RetentionPolicy::parseSpan(QStringLiteral("0y3d0h"), QStringLiteral("x")).value()),
                 QStringLiteral("3d"));
    }

    void subtract()
    {
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 11, 28, 14, 30), span(1, 5, 7, 2)), utc(2025, 6, 21, 12, 30));
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 3, 31), span(0, 1, 0, 0)), utc(2026, 2, 28));
        QCOMPARE(RetentionPolicy::subtract(utc(2024, 2, 29), span(1, 0, 0, 0)), utc(2023, 2, 28));
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 1, 1, 1), span(0, 0, 0, 2)), utc(2025, 12, 31, 23));
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 1, 1, 1), span(0, 0, 0, 0)), utc(2026, 1, 1, 1));
        // Calendar steps first: 1m1d from 31 March is 27 February (28 Feb, then a day), not 28 February.
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 3, 31), span(0, 1, 1, 0)), utc(2026, 2, 27));
        QCOMPARE(RetentionPolicy::subtract(utc(2026, 3, 31), span(0, 1, 1, 0)).timeSpec(), Qt::UTC);
        // The largest span still gives a valid time.
        QVERIFY(RetentionPolicy::subtract(utc(2026, 1, 1), span(100000, 100000, 100000, 100000)).isValid());
    }

    void describe()
    {
        QCOMPARE(RetentionPolicy{}.describe(), QString());
        QCOMPARE(policyOf(3, 0, 7, 0, 0, 0, span(0, 0, 30, 0)).describe(),
                 QStringLiteral("--keep-last 3 --keep-daily 7 --keep-within 30d"));
        QCOMPARE(policyOf(1, 2, 3, 4, 5, -1, span(1, 2, 0, 0)).describe(),
                 QStringLiteral("--keep-last 1 --keep-hourly 2 --keep-daily 3 --keep-weekly 4 --keep-monthly 5 "
                                "--keep-yearly -1 --keep-within 1y2m"));
        QCOMPARE(policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 0)).describe(), QStringLiteral("--keep-within 0h"));
        QCOMPARE(policyOf(0, 0, 0, 0, 12, 0).describe(), QStringLiteral("--keep-monthly 12"));
        QCOMPARE(policyOf(-3, 0, 0, 0, 0, 0).describe(), QString()); // Below -1: no rule.
    }

    void isEmpty()
    {
        QVERIFY(RetentionPolicy{}.isEmpty());
        QVERIFY(policyOf(-2, 0, -7, 0, 0, 0).isEmpty());
        QVERIFY(!policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 0)).isEmpty());
        QVERIFY(!policyOf(-1, 0, 0, 0, 0, 0).isEmpty());
        QVERIFY(!policyOf(0, 0, 0, 0, 0, 1).isEmpty());
        QVERIFY(!policyOf(0, 0, 0, 1, 0, 0).isEmpty());
    }

    void jsonRoundTrip()
    {
        const QJsonObject json = policyOf(3, 0, 7, 0, 0, 0, span(0, 0, 30, 0)).toJson();
        QCOMPARE(json, (QJsonObject{{QStringLiteral("last"), 3},
                                    {QStringLiteral("daily"), 7},
                                    {QStringLiteral("within"), QStringLiteral("30d")}}));
        QCOMPARE(RetentionPolicy{}.toJson(), QJsonObject{});
        QVERIFY(RetentionPolicy::fromJson(QJsonObject{}).ok());
        QCOMPARE(RetentionPolicy::fromJson(QJsonObject{}).value(), RetentionPolicy{});
        for (const RetentionPolicy &p :
             {RetentionPolicy{}, policyOf(3, 0, 7, 0, 0, 0, span(0, 0, 30, 0)), policyOf(1, 2, 3, 4, 5, 6),
              policyOf(-1, -1, -1, -1, -1, -1, span(2, 3, 7, 12)), policyOf(0, 0, 0, 0, 0, 0, span(0, 0, 0, 0)),
              policyOf(0, 24, 0, 0, 0, 0, span(1, 0, 0, 0)), policyOf(INT_MAX, 0, 0, 0, 0, 0)}) {
            // Also through the text the GUI stores.
            const QByteArray text = QJsonDocument(p.toJson()).toJson();
            const Result<RetentionPolicy> back = RetentionPolicy::fromJson(QJsonDocument::fromJson(text).object());
            QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
            QCOMPARE(back.value(), p);
            QCOMPARE(back->describe(), p.describe());
        }
    }

    void fromJsonRefuses_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::addRow("string count") << QByteArray(R"({"last":"3"})") << QStringLiteral("last");
        QTest::addRow("fraction") << QByteArray(R"({"daily":1.5})") << QStringLiteral("daily");
        QTest::addRow("below -1") << QByteArray(R"({"weekly":-2})") << QStringLiteral("weekly");
        QTest::addRow("bool") << QByteArray(R"({"monthly":true})") << QStringLiteral("monthly");
        QTest::addRow("null") << QByteArray(R"({"yearly":null})") << QStringLiteral("yearly");
        QTest::addRow("array") << QByteArray(R"({"hourly":[1]})") << QStringLiteral("hourly");
        QTest::addRow("too large") << QByteArray(R"({"hourly":1e10})") << QStringLiteral("hourly");
        QTest::addRow("within number") << QByteArray(R"({"within":30})") << QStringLiteral("within");
        QTest::addRow("within bad span") << QByteArray(R"({"within":"30 d"})") << QStringLiteral("within");
        QTest::addRow("within empty") << QByteArray(R"({"within":""})") << QStringLiteral("within");
        QTest::addRow("unknown key") << QByteArray(R"({"last":1,"keep":1})") << QStringLiteral("keep");
        QTest::addRow("key case") << QByteArray(R"({"Last":1})") << QStringLiteral("Last");
    }

    void fromJsonRefuses()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        const QJsonDocument document = QJsonDocument::fromJson(json);
        QVERIFY(document.isObject());
        const Result<RetentionPolicy> policy = RetentionPolicy::fromJson(document.object());
        QVERIFY(!policy.ok());
        QCOMPARE(policy.error().code, ErrorCode::Config);
        QVERIFY2(policy.error().message.contains(QLatin1Char('"') + key + QLatin1Char('"')),
                 qPrintable(policy.error().message));
    }
};

QTEST_GUILESS_MAIN(TestRetentionPolicy)
#include "tst_retentionpolicy.moc"
