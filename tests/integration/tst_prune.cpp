// The catalog (`tidemark-cli list`) and retention (`tidemark-cli prune`) on chains made by real
// backups at chosen dates: a real tidemarkd stamps each snapshot's time with its own clock, so the
// node runs under libfaketime (Debian's faketime package) with a clock file the test moves before
// each backup. For each policy the kept set is computed here, independently of the engine, and
// compared with what --dry-run says and with what a real prune leaves on disk; the newest chain
// always survives; a prune killed (SIGKILL) after any of its removals leaves every chain whole
// and the next run finishes; locked, unreadable and other nodes' chains are left alone.
#include "support/CliRun.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/BackupChain.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>

#include <map>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QString kFaketime = QStringLiteral("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

// tidemark-cli in UTC (prune's periods are local time), with `extra` environment.
CliRun cli(const QStringList &args, const QStringList &extra = {})
{
    QList<QPair<QString, QString>> env{{QStringLiteral("TZ"), QStringLiteral("UTC")}};
    for (const QString &kv : extra)
        env.append({kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1)});
    return runCli(args, environmentWith(env));
}

QDateTime utc(const char *text)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
    t.setTimeZone(QTimeZone::utc());
    return t;
}

// One restorable point: link `number` of chain `chain`, made at `at`.
struct Point {
    QString chain;
    int number = -1;
    QDateTime at;
};

// The history every policy is tried on: 11 chains of 1 to 3 links over 18 months, with points on
// the same hour, the same day, both sides of a year's end in one ISO week, and months apart.
const std::vector<std::pair<QString, std::vector<const char *>>> kHistory = {
    {QStringLiteral("c01"), {"2024-01-15T02:00:00"}},
    {QStringLiteral("c02"), {"2024-06-10T02:00:00", "2024-06-11T02:00:00"}},
    {QStringLiteral("c03"), {"2024-12-30T02:00:00"}},
    {QStringLiteral("c04"), {"2025-01-05T02:00:00"}},
    {QStringLiteral("c05"), {"2025-03-01T02:00:00", "2025-03-15T02:00:00", "2025-03-31T02:00:00"}},
    {QStringLiteral("c06"), {"2025-05-01T02:00:00"}},
    {QStringLiteral("c07"), {"2025-06-01T02:00:00", "2025-06-08T02:00:00"}},
    {QStringLiteral("c08"), {"2025-06-20T10:00:00", "2025-06-20T15:00:00"}},
    {QStringLiteral("c09"), {"2025-06-21T02:00:00"}},
    {QStringLiteral("c10"), {"2025-06-22T09:00:00", "2025-06-22T09:30:00"}},
    {QStringLiteral("c11"), {"2025-06-23T02:00:00"}},
};

// The policy as this test reads restic's rules, written apart from the engine's code: each period
// rule keeps the newest point of each of its N newest periods; --keep-last the N newest points;
// --keep-within every point not older than the span before the newest point.
struct Policy {
    int last = 0, hourly = 0, daily = 0, weekly = 0, monthly = 0, yearly = 0;
    int withinYears = 0, withinMonths = 0, withinDays = 0, withinHours = 0;
    bool within = false;
    QStringList args;
};

QSet<QString> expectedChains(const std::vector<Point> &points, const Policy &p)
{
    std::vector<Point> sorted = points;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Point &a, const Point &b) { return a.at > b.at; });
    QSet<int> kept; // Indexes into `sorted`.
    const auto periodRule = [&](int n, const std::function<QString(const QDateTime &)> &key) {
        if (n == 0)
            return;
        std::map<QString, int> newestOf; // period → first (newest) index
        QStringList order;
        for (int i = 0; i < static_cast<int>(sorted.size()); ++i) {
            const QString k = key(sorted[static_cast<size_t>(i)].at);
            if (!newestOf.count(k)) {
                newestOf[k] = i;
                order << k;
            }
        }
        for (int j = 0; j < order.size() && (n < 0 || j < n); ++j)
            kept.insert(newestOf[order[j]]);
    };
    periodRule(p.last, [n = 0](const QDateTime &) mutable { return QString::number(n++); });
    periodRule(p.hourly, [](const QDateTime &t) { return t.toString(QStringLiteral("yyyyMMddHH")); });
    periodRule(p.daily, [](const QDateTime &t) { return t.toString(QStringLiteral("yyyyMMdd")); });
    periodRule(p.weekly, [](const QDateTime &t) {
        int year = 0;
        const int week = t.date().weekNumber(&year);
        return QStringLiteral("%1-%2").arg(year).arg(week);
    });
    periodRule(p.monthly, [](const QDateTime &t) { return t.toString(QStringLiteral("yyyyMM")); });
    periodRule(p.yearly, [](const QDateTime &t) { return t.toString(QStringLiteral("yyyy")); });
    if (p.within && !sorted.empty()) {
        const QDateTime from = sorted.front()
                                   .at.addYears(-p.withinYears)
                                   .addMonths(-p.withinMonths)
                                   .addDays(-p.withinDays)
                                   .addSecs(-3600LL * p.withinHours);
        for (int i = 0; i < static_cast<int>(sorted.size()); ++i)
            if (sorted[static_cast<size_t>(i)].at >= from)
                kept.insert(i);
    }
    QSet<QString> chains;
    for (int i : std::as_const(kept))
        chains.insert(sorted[static_cast<size_t>(i)].chain);
    if (!sorted.empty())
        chains.insert(sorted.front().chain); // The newest chain of the node.
    return chains;
}

// The chain names (fulls) in `dir`, and whether every chain there is whole: links from the full
// on without a gap, no incremental without its full.
QSet<QString> chainsIn(const QString &dir, QString *broken = nullptr)
{
    static const QRegularExpression link(QStringLiteral("^(.+)\\.([0-9]+)$"));
    const QStringList names = QDir(dir).entryList(QDir::Files);
    QSet<QString> fulls;
    std::map<QString, QList<int>> incrementals;
    for (const QString &name : names) {
        if (name.endsWith(QLatin1String(".keys")) || name.endsWith(QLatin1String(".verified")) ||
            name.endsWith(QLatin1String(".lock")) || name.endsWith(QLatin1String(".tmp")))
            continue;
        if (const auto m = link.match(name); m.hasMatch())
            incrementals[m.captured(1)] << m.captured(2).toInt();
        else
            fulls.insert(name);
    }
    for (auto &[base, numbers] : incrementals) {
        std::sort(numbers.begin(), numbers.end());
        bool whole = fulls.contains(base);
        for (int k = 0; k < numbers.size(); ++k)
            whole = whole && numbers[k] == k;
        if (!whole && broken)
            *broken += base + QLatin1Char(' ');
    }
    return fulls;
}

void copyDir(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    for (const QString &name : QDir(from).entryList(QDir::Files | QDir::Hidden))
        QVERIFY(QFile::copy(from + QLatin1Char('/') + name, to + QLatin1Char('/') + name));
}

} // namespace

class TestPrune : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_dir;
    QString m_clock;   ///< libfaketime's clock file for the node.
    QString m_history; ///< The chains of kHistory, made once; each test works on a copy.
    std::vector<Point> m_points;
    int m_batch = 0;

    void setClock(const QDateTime &at)
    {
        QFile f(m_clock);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(at.toUTC().toString(QStringLiteral("'@'yyyy-MM-dd HH:mm:ss")).toLatin1() + '\n');
    }

    // One real backup of the node into `chain`, its snapshot stamped `at` by the node's clock.
    void backupAt(const QString &chain, const QDateTime &at, const QStringList &extra = {})
    {
        setClock(at);
        ++m_batch;
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(m_batch)).status, 204);
        const CliRun run = cli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost()} +
                               extra + QStringList{chain});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile file(chain);
        auto opened = BackupChain::open(chain);
        if (extra.isEmpty()) {
            QVERIFY(opened.ok());
            const QDateTime created = opened->links().back().manifest.created;
            QVERIFY2(qAbs(created.secsTo(at)) < 60,
                     qPrintable(created.toString(Qt::ISODate) + QStringLiteral(" for ") + at.toString(Qt::ISODate)));
        }
    }

    CliRun prune(const QString &dir, const QStringList &policy, const QStringList &extra = {},
                 const QStringList &env = {})
    {
        return cli(QStringList{QStringLiteral("prune"), QStringLiteral("--json"), dir} + policy + extra, env);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kFaketime), "libfaketime is missing: scripts/deps.sh installs Debian's faketime");
        m_clock = m_dir.filePath(QStringLiteral("clock"));
        setClock(utc("2024-01-01T00:00:00"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LD_PRELOAD"), kFaketime);
        env.insert(QStringLiteral("FAKETIME_TIMESTAMP_FILE"), m_clock);
        env.insert(QStringLiteral("FAKETIME_NO_CACHE"), QStringLiteral("1"));
        env.insert(QStringLiteral("FAKETIME_DONT_FAKE_MONOTONIC"), QStringLiteral("1"));
        // libfaketime comes before the sanitizer's runtime in a sanitized build.
        env.insert(QStringLiteral("ASAN_OPTIONS"),
                   env.value(QStringLiteral("ASAN_OPTIONS")) + QStringLiteral(":verify_asan_link_order=0"));
        m_node.setEnvironment(env);
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);

        m_history = m_dir.filePath(QStringLiteral("history"));
        QVERIFY(QDir().mkpath(m_history));
        for (const auto &[name, times] : kHistory) {
            int number = -1;
            for (const char *time : times) {
                backupAt(m_history + QLatin1Char('/') + name, utc(time));
                m_points.push_back({name, number++, utc(time)});
            }
        }
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void listShowsEveryChain()
    {
        // A verification is kept beside the chain and shown.
        QCOMPARE(cli({QStringLiteral("verify"), m_history + QStringLiteral("/c05")}).exitCode, 0);
        const CliRun run = cli({QStringLiteral("list"), QStringLiteral("--json"), m_history});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto catalogs = run.events(QStringLiteral("catalog"));
        QCOMPARE(catalogs.size(), size_t(1));
        const QJsonArray chains = catalogs.front().value(QStringLiteral("chains")).toArray();
        QCOMPARE(chains.size(), static_cast<int>(kHistory.size()));
        qint64 total = 0;
        for (int i = 0; i < chains.size(); ++i) {
            const QJsonObject c = chains[i].toObject();
            const auto &[name, times] = kHistory[static_cast<size_t>(i)];
            QCOMPARE(c.value(QStringLiteral("name")).toString(), name);
            QCOMPARE(c.value(QStringLiteral("links")).toArray().size(), static_cast<int>(times.size()));
            QCOMPARE(c.value(QStringLiteral("kind")).toString(), QStringLiteral("tidemark"));
            QCOMPARE(c.value(QStringLiteral("nodeId")).toString(), QStringLiteral("1"));
            QVERIFY(!c.value(QStringLiteral("encrypted")).toBool());
            QVERIFY(!c.value(QStringLiteral("compressed")).toBool());
            QCOMPARE(QDateTime::fromString(c.value(QStringLiteral("first")).toString(), Qt::ISODateWithMs)
                             .secsTo(utc(times.front())) /
                         60,
                     0);
            QCOMPARE(QDateTime::fromString(c.value(QStringLiteral("last")).toString(), Qt::ISODateWithMs)
                             .secsTo(utc(times.back())) /
                         60,
                     0);
            qint64 bytes = 0;
            for (const QString &file : QDir(m_history).entryList({name, name + QStringLiteral(".*")}, QDir::Files))
                bytes += QFileInfo(m_history + QLatin1Char('/') + file).size();
            QCOMPARE(c.value(QStringLiteral("bytes")).toInteger(), bytes);
            total += bytes;
            const QJsonObject verified = c.value(QStringLiteral("verified")).toObject();
            QCOMPARE(verified.isEmpty(), name != QLatin1String("c05"));
            if (name == QLatin1String("c05")) {
                QVERIFY(verified.value(QStringLiteral("ok")).toBool());
                QCOMPARE(verified.value(QStringLiteral("links")).toInt(), 3);
            }
        }
        QCOMPARE(catalogs.front().value(QStringLiteral("bytes")).toInteger(), total);
        // The text listing: one line per chain, and the verification.
        const CliRun text = cli({QStringLiteral("list"), m_history});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("11 chains"), text.out.constData());
        QVERIFY2(text.out.contains("2025-06-23 02:00"), text.out.constData());
        QVERIFY2(QString::fromUtf8(text.out).contains(QRegularExpression(QStringLiteral("c05 .* ok 20"))),
                 text.out.constData());
        QVERIFY(QFile::remove(m_history + QStringLiteral("/c05.verified")));
        // Not a location: a clear error.
        const CliRun missing = cli({QStringLiteral("list"), m_dir.filePath(QStringLiteral("nowhere"))});
        QCOMPARE(missing.exitCode, 12);
        QVERIFY2(missing.err.contains("does not exist"), missing.err.constData());
    }

    void policies_data()
    {
        QTest::addColumn<Policy>("policy");
        const auto row = [](const char *name, Policy p) { QTest::newRow(name) << p; };
        row("--keep-last 3",
            {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-last"), QStringLiteral("3")}});
        row("--keep-hourly 4",
            {0, 4, 0, 0, 0, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-hourly"), QStringLiteral("4")}});
        row("--keep-daily 4",
            {0, 0, 4, 0, 0, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-daily"), QStringLiteral("4")}});
        row("--keep-weekly 5",
            {0, 0, 0, 5, 0, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-weekly"), QStringLiteral("5")}});
        row("--keep-weekly 8 (a week across a year's end)",
            {0, 0, 0, 8, 0, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-weekly"), QStringLiteral("8")}});
        row("--keep-monthly 5",
            {0, 0, 0, 0, 5, 0, 0, 0, 0, 0, false, {QStringLiteral("--keep-monthly"), QStringLiteral("5")}});
        row("--keep-yearly 2",
            {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, false, {QStringLiteral("--keep-yearly"), QStringLiteral("2")}});
        row("--keep-within 30d",
            {0, 0, 0, 0, 0, 0, 0, 0, 30, 0, true, {QStringLiteral("--keep-within"), QStringLiteral("30d")}});
        row("--keep-within 1y1m",
            {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, true, {QStringLiteral("--keep-within"), QStringLiteral("1y1m")}});
        row("--keep-daily 2 --keep-monthly 3 --keep-yearly -1",
            {0,
             0,
             2,
             0,
             3,
             -1,
             0,
             0,
             0,
             0,
             false,
             {QStringLiteral("--keep-daily"), QStringLiteral("2"), QStringLiteral("--keep-monthly"),
              QStringLiteral("3"), QStringLiteral("--keep-yearly"), QStringLiteral("-1")}});
        row("--keep-last 1 --keep-within 2d12h", {1,
                                                  0,
                                                  0,
                                                  0,
                                                  0,
                                                  0,
                                                  0,
                                                  0,
                                                  2,
                                                  12,
                                                  true,
                                                  {QStringLiteral("--keep-last"), QStringLiteral("1"),
                                                   QStringLiteral("--keep-within"), QStringLiteral("2d12h")}});
    }

    void policies()
    {
        QFETCH(Policy, policy);
        const QSet<QString> expected = expectedChains(m_points, policy);
        QVERIFY(expected.contains(QStringLiteral("c11"))); // The newest chain, always.
        QTemporaryDir work;
        const QString dir = work.filePath(QStringLiteral("chains"));
        copyDir(m_history, dir);

        // --dry-run: every chain with its decision, and nothing changes.
        const QByteArray before = treeHash(dir);
        const CliRun dry = prune(dir, policy.args, {QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        QCOMPARE(treeHash(dir), before);
        QSet<QString> keptByDryRun;
        qint64 toFree = 0;
        for (const QJsonObject &c : dry.events(QStringLiteral("chain"))) {
            const QString name = c.value(QStringLiteral("name")).toString();
            if (c.value(QStringLiteral("keep")).toBool()) {
                keptByDryRun.insert(name);
                QVERIFY2(!c.value(QStringLiteral("reasons")).toArray().isEmpty(), qPrintable(name));
            } else {
                toFree += c.value(QStringLiteral("bytes")).toInteger();
            }
            QVERIFY(!c.value(QStringLiteral("removed")).toBool());
        }
        QCOMPARE(keptByDryRun, expected);
        QCOMPARE(dry.events(QStringLiteral("done")).front().value(QStringLiteral("bytesFreed")).toInteger(), toFree);

        // The real thing leaves exactly those chains, whole.
        const CliRun run = prune(dir, policy.args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QString broken;
        QCOMPARE(chainsIn(dir, &broken), expected);
        QVERIFY2(broken.isEmpty(), qPrintable(broken));
        QCOMPARE(run.events(QStringLiteral("done")).front().value(QStringLiteral("bytesFreed")).toInteger(), toFree);
        QCOMPARE(run.events(QStringLiteral("done")).front().value(QStringLiteral("removed")).toInt(),
                 static_cast<int>(kHistory.size()) - static_cast<int>(expected.size()));
        // Running it again changes nothing.
        const QByteArray after = treeHash(dir);
        QCOMPARE(prune(dir, policy.args).exitCode, 0);
        QCOMPARE(treeHash(dir), after);
    }

    void reasonsSayWhichRuleKeeps()
    {
        const CliRun dry = cli({QStringLiteral("prune"), m_history, QStringLiteral("--keep-daily"), QStringLiteral("2"),
                                QStringLiteral("--keep-monthly"), QStringLiteral("2"), QStringLiteral("--dry-run")});
        QVERIFY2(dry.exitCode == 0, dry.err.constData());
        const QString out = QString::fromUtf8(dry.out);
        QVERIFY2(out.contains(QRegularExpression(
                     QStringLiteral("c11 .*keep \\(newest chain of its node, daily 2025-06-23, monthly 2025-06\\)"))),
                 qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("c10 .*keep \\(daily 2025-06-22\\)"))),
                 qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("c06 .*keep \\(monthly 2025-05\\)"))), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("c01 .* remove\\n"))), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("would remove 8 chains")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("nothing was changed")), qPrintable(out));
    }

    void killedAfterAnyRemovalLeavesWholeChainsAndTheNextRunFinishes()
    {
        const Policy policy{0, 0, 0, 0, 3,     0,
                            0, 0, 0, 0, false, {QStringLiteral("--keep-monthly"), QStringLiteral("3")}};
        const QSet<QString> expected = expectedChains(m_points, policy);
        // The removals a whole run makes: each link of a removed chain, then its two sidecars.
        int steps = 0;
        for (const auto &[name, times] : kHistory)
            if (!expected.contains(name))
                steps += static_cast<int>(times.size()) + 2;
        QVERIFY(steps > 10);
        QList<int> killAfter{1, 2, steps - 1};
        QRandomGenerator random(42);
        while (killAfter.size() < 7)
            killAfter << 1 + random.bounded(steps - 1);
        for (int n : std::as_const(killAfter)) {
            QTemporaryDir work;
            const QString dir = work.filePath(QStringLiteral("chains"));
            copyDir(m_history, dir);
            const CliRun killed = prune(dir, policy.args, {}, {QStringLiteral("TIDEMARK_PRUNE_KILL_AFTER=%1").arg(n)});
            QVERIFY2(killed.crashed, qPrintable(QStringLiteral("kill after %1: %2").arg(n).arg(killed.exitCode)));
            QString broken;
            const QSet<QString> left = chainsIn(dir, &broken);
            QVERIFY2(broken.isEmpty(), qPrintable(QStringLiteral("kill after %1: %2").arg(n).arg(broken)));
            QVERIFY(left.contains(expected));
            QVERIFY(left.size() < static_cast<int>(kHistory.size()) || n <= 2);
            // Every chain there still opens and lists whole.
            const CliRun listed = cli({QStringLiteral("list"), QStringLiteral("--json"), dir});
            QCOMPARE(listed.exitCode, 0);
            // (A chain whose removal was cut after its full may leave its lock or sidecars alone,
            // listed as such, with no link: nothing to restore from, nothing broken.)
            for (const QJsonValue c :
                 listed.events(QStringLiteral("catalog")).front().value(QStringLiteral("chains")).toArray())
                QVERIFY2(!c.toObject().contains(QStringLiteral("problem")) ||
                             c.toObject().value(QStringLiteral("links")).toArray().isEmpty(),
                         QJsonDocument(c.toObject()).toJson().constData());
            // The next run finishes the job.
            QCOMPARE(prune(dir, policy.args).exitCode, 0);
            QCOMPARE(chainsIn(dir, &broken), expected);
            QVERIFY(broken.isEmpty());
            const QStringList stray = QDir(dir).entryList({QStringLiteral("*.lock"), QStringLiteral("*.keys")});
            QVERIFY2(stray.isEmpty(), qPrintable(stray.join(QLatin1Char(32))));
        }
    }

    void lockedChainStays()
    {
        QTemporaryDir work;
        const QString dir = work.filePath(QStringLiteral("chains"));
        copyDir(m_history, dir);
        QLockFile lock(dir + QStringLiteral("/c02.lock")); // As a running backup holds it.
        QVERIFY(lock.tryLock());
        const CliRun run = prune(dir, {QStringLiteral("--keep-last"), QStringLiteral("1")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QSet<QString> left = chainsIn(dir);
        QCOMPARE(left, (QSet<QString>{QStringLiteral("c02"), QStringLiteral("c11")}));
        bool said = false;
        for (const QJsonObject &c : run.events(QStringLiteral("chain")))
            if (c.value(QStringLiteral("name")).toString() == QLatin1String("c02"))
                said = c.value(QStringLiteral("reasons"))
                           .toArray()
                           .contains(QStringLiteral("locked: a backup is writing it"));
        QVERIFY2(said, run.out.constData());
        // Once the backup is done, the next prune removes it.
        lock.unlock();
        QCOMPARE(prune(dir, {QStringLiteral("--keep-last"), QStringLiteral("1")}).exitCode, 0);
        QCOMPARE(chainsIn(dir), (QSet<QString>{QStringLiteral("c11")}));
    }

    void encryptedChainNeedsItsKey()
    {
        QTemporaryDir work;
        const QString dir = work.filePath(QStringLiteral("chains"));
        copyDir(m_history, dir);
        const QString secret = work.filePath(QStringLiteral("pass"));
        {
            QFile f(secret);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("an old secret\n");
        }
        QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QStringList key{QStringLiteral("--passphrase-file"), secret};
        backupAt(dir + QStringLiteral("/c00"), utc("2023-03-01T02:00:00"),
                 key + QStringList{QStringLiteral("--encrypt"), QStringLiteral("--kdf-memory"), QStringLiteral("8"),
                                   QStringLiteral("--kdf-passes"), QStringLiteral("1")});
        const QStringList policy{QStringLiteral("--keep-last"), QStringLiteral("2")};
        // Without its key its times are unknown: it stays, and says why.
        const CliRun listed = cli({QStringLiteral("list"), dir});
        QVERIFY2(listed.out.contains("encrypted"), listed.out.constData());
        const CliRun locked = prune(dir, policy);
        QVERIFY2(locked.exitCode == 0, locked.err.constData());
        QSet<QString> left = chainsIn(dir);
        QVERIFY(left.contains(QStringLiteral("c00")));
        QCOMPARE(left, (QSet<QString>{QStringLiteral("c00"), QStringLiteral("c10"), QStringLiteral("c11")}));
        for (const QJsonObject &c : locked.events(QStringLiteral("chain")))
            if (c.value(QStringLiteral("name")).toString() == QLatin1String("c00"))
                QVERIFY2(c.value(QStringLiteral("reasons"))
                             .toArray()
                             .first()
                             .toString()
                             .startsWith(QStringLiteral("times unknown")),
                         QJsonDocument(c).toJson().constData());
        // With it, the policy decides: the chain goes, its keys with it.
        const CliRun run = prune(dir, policy, key);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        left = chainsIn(dir);
        QCOMPARE(left, (QSet<QString>{QStringLiteral("c10"), QStringLiteral("c11")}));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/c00.keys")));
    }

    void otherNodesAndTheNodeFilter()
    {
        QTemporaryDir work;
        const QString dir = work.filePath(QStringLiteral("chains"));
        copyDir(m_history, dir);
        // A second node, now, with two chains: its own newest survives any policy on the first.
        NodeProcess other;
        QString error;
        QVERIFY2(other.start(&error), qPrintable(error));
        QCOMPARE(other.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+x")).status, 200);
        for (const QString &name : {QStringLiteral("other-a"), QStringLiteral("other-b")}) {
            QCOMPARE(other.request("POST", QStringLiteral("/write?db=x"), batch(1)).status, 204);
            QCOMPARE(cli({QStringLiteral("backup"), QStringLiteral("-host"), other.snapshotHost(),
                          dir + QLatin1Char('/') + name})
                         .exitCode,
                     0);
        }
        const QString firstNode = QStringLiteral("127.0.0.1:%1").arg(m_node.httpPort());
        // --node: only the first node's chains are considered.
        CliRun run =
            prune(dir, {QStringLiteral("--keep-last"), QStringLiteral("1"), QStringLiteral("--node"), firstNode});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        for (const QJsonObject &c : run.events(QStringLiteral("chain")))
            QVERIFY2(c.value(QStringLiteral("name")).toString().startsWith(QLatin1Char('c')),
                     QJsonDocument(c).toJson().constData());
        QCOMPARE(chainsIn(dir),
                 (QSet<QString>{QStringLiteral("c11"), QStringLiteral("other-a"), QStringLiteral("other-b")}));
        // Without it, each node keeps its own newest.
        run = prune(dir, {QStringLiteral("--keep-last"), QStringLiteral("1")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(chainsIn(dir), (QSet<QString>{QStringLiteral("c11"), QStringLiteral("other-b")}));
        QCOMPARE(other.stop(), 0);
    }

    void refusals()
    {
        // No rule: refused, nothing touched.
        const QByteArray before = treeHash(m_history);
        CliRun run = cli({QStringLiteral("prune"), m_history});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("No retention rule given"), run.err.constData());
        run = cli({QStringLiteral("prune"), m_history, QStringLiteral("--keep-within"), QStringLiteral("3x")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--keep-within"), run.err.constData());
        run = cli({QStringLiteral("prune"), m_history, QStringLiteral("--keep-daily"), QStringLiteral("many")});
        QCOMPARE(run.exitCode, 2);
        run = cli({QStringLiteral("prune"), m_history + QStringLiteral("/c01"), QStringLiteral("--keep-last"),
                   QStringLiteral("1")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("is not a directory"), run.err.constData());
        QCOMPARE(treeHash(m_history), before);
    }
};

Q_DECLARE_METATYPE(Policy)

QTEST_GUILESS_MAIN(TestPrune)
#include "tst_prune.moc"
