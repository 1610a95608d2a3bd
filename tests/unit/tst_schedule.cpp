// Schedules (issue 18): when they run, checked against systemd's own reading of the same
// OnCalendar= expressions (systemd-analyze calendar --base-time) with a clock the test sets; the
// due and overdue logic across clock changes and sleeps; the definition's TOML both ways and its
// errors; the units, checked by systemd-analyze verify.
#include "schedule/Schedule.h"
#include "schedule/ScheduleStore.h"
#include "schedule/SystemdUnits.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <ctime>

using namespace tidemark;

namespace {

struct Analyzed {
    int exitCode = -1;
    QString out;
};

Analyzed systemdAnalyze(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("systemd-analyze"), args);
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAll())};
}

// systemd's next elapse of `expression` after `base`, read from its "(in UTC)" line or, when the
// local zone is UTC, its "Next elapse" line.
QDateTime systemdNext(const QString &expression, const QDateTime &base)
{
    const Analyzed a = systemdAnalyze({QStringLiteral("calendar"), QStringLiteral("--iterations=1"),
                                       QStringLiteral("--base-time=@%1").arg(base.toSecsSinceEpoch()), expression});
    static const QRegularExpression stamp(QStringLiteral("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})"));
    QString utc;
    for (const QString &line : a.out.split(QLatin1Char('\n'))) {
        const auto m = stamp.match(line);
        if (m.hasMatch() &&
            (line.contains(QLatin1String("(in UTC)")) || (utc.isEmpty() && line.contains(QLatin1String("Next")))))
            utc = m.captured(1);
    }
    QDateTime t = QDateTime::fromString(utc, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    t.setTimeSpec(Qt::UTC);
    return t;
}

template <typename T> QByteArray why(const Result<T> &result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

ScheduleWhen must(Result<ScheduleWhen> when)
{
    if (!when)
        qFatal("%s", qPrintable(when.error().message));
    return when.value();
}

} // namespace

class TestSchedule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A zone with summer time, so local time is not UTC: the forms are local times.
        qputenv("TZ", "Europe/Berlin");
        tzset();
        QVERIFY2(QProcess::execute(QStringLiteral("systemd-analyze"), {QStringLiteral("--version")}) == 0,
                 "systemd-analyze is needed (Debian package systemd; scripts/deps.sh installs it)");
    }

    void parsesTheForms()
    {
        QCOMPARE(must(ScheduleWhen::every(QStringLiteral("6h"))).onCalendar(), QStringLiteral("*-*-* 00/6:00:00"));
        QCOMPARE(must(ScheduleWhen::every(QStringLiteral("24"))).onCalendar(), QStringLiteral("*-*-* 00:00:00"));
        QCOMPARE(must(ScheduleWhen::daily(QStringLiteral("2:30"))).onCalendar(), QStringLiteral("*-*-* 02:30:00"));
        QCOMPARE(must(ScheduleWhen::weekly(QStringLiteral("sunday 03:05"))).onCalendar(),
                 QStringLiteral("Sun *-*-* 03:05:00"));
        QCOMPARE(must(ScheduleWhen::weekly(QStringLiteral("Mon 23:59"))).value(), QStringLiteral("Mon 23:59"));
        QCOMPARE(must(ScheduleWhen::fromCalendar(QStringLiteral("Mon..Fri *-*-* 02:00"))).onCalendar(),
                 QStringLiteral("Mon..Fri *-*-* 02:00"));
        for (const QString &bad : {QStringLiteral("0h"), QStringLiteral("25h"), QStringLiteral("x")})
            QVERIFY(!ScheduleWhen::every(bad));
        for (const QString &bad : {QStringLiteral("24:00"), QStringLiteral("2"), QStringLiteral("02:60")})
            QVERIFY(!ScheduleWhen::daily(bad));
        QVERIFY(!ScheduleWhen::weekly(QStringLiteral("Someday 03:00")));
        const auto calendar = ScheduleWhen::fromCalendar(QStringLiteral("Mon..Fry 02:00"));
        QVERIFY(!calendar);
        QVERIFY2(calendar.error().message.contains(QLatin1String("Mon..Fry")), qPrintable(calendar.error().message));
        // Every form's OnCalendar= is one systemd reads.
        for (const QString &expression : {QStringLiteral("*-*-* 00/5:00:00"), QStringLiteral("Sun *-*-* 03:05:00")})
            QCOMPARE(systemdAnalyze({QStringLiteral("calendar"), expression}).exitCode, 0);
    }

    // Our next run equals systemd's for the same expression, at random moments over two years
    // (summer time changes included), for each fixed form; the calendar form asks systemd itself.
    void nextRunAgreesWithSystemd_data()
    {
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("value");
        QTest::newRow("every 1h") << QStringLiteral("every") << QStringLiteral("1h");
        QTest::newRow("every 5h") << QStringLiteral("every") << QStringLiteral("5h");
        QTest::newRow("every 6h") << QStringLiteral("every") << QStringLiteral("6h");
        QTest::newRow("every 24h") << QStringLiteral("every") << QStringLiteral("24h");
        QTest::newRow("daily 00:00") << QStringLiteral("daily") << QStringLiteral("00:00");
        QTest::newRow("daily 23:45") << QStringLiteral("daily") << QStringLiteral("23:45");
        QTest::newRow("daily 04:10") << QStringLiteral("daily") << QStringLiteral("04:10");
        QTest::newRow("weekly Sun 03:00") << QStringLiteral("weekly") << QStringLiteral("Sun 03:00");
        QTest::newRow("weekly Wed 12:30") << QStringLiteral("weekly") << QStringLiteral("Wed 12:30");
        QTest::newRow("calendar") << QStringLiteral("calendar") << QStringLiteral("Mon..Fri *-*-* 05:15");
    }

    void nextRunAgreesWithSystemd()
    {
        QFETCH(QString, form);
        QFETCH(QString, value);
        const ScheduleWhen when = must(form == QLatin1String("every")    ? ScheduleWhen::every(value)
                                       : form == QLatin1String("daily")  ? ScheduleWhen::daily(value)
                                       : form == QLatin1String("weekly") ? ScheduleWhen::weekly(value)
                                                                         : ScheduleWhen::fromCalendar(value));
        QRandomGenerator random(0x7E1DE);
        const qint64 start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        std::vector<QDateTime> bases;
        for (int i = 0; i < 40; ++i)
            bases.push_back(QDateTime::fromSecsSinceEpoch(start + random.bounded(2 * 365 * 86400), Qt::UTC));
        // Exactly on a run, and around the summer-time changes of 2026 (29 March, 25 October).
        bases.push_back(must(ScheduleWhen::daily(QStringLiteral("00:00"))).nextAfter(bases[0]).value().toUTC());
        bases.push_back(QDateTime(QDate(2026, 3, 28), QTime(23, 0), Qt::UTC));
        bases.push_back(QDateTime(QDate(2026, 10, 24), QTime(23, 30), Qt::UTC));
        for (const QDateTime &base : bases) {
            const auto ours = when.nextAfter(base);
            QVERIFY2(ours, why(ours).constData());
            const QDateTime theirs = systemdNext(when.onCalendar(), base);
            QVERIFY(theirs.isValid());
            QVERIFY2(ours.value().toUTC() == theirs,
                     qPrintable(QStringLiteral("after %1: ours %2, systemd %3")
                                    .arg(base.toString(Qt::ISODate), ours.value().toUTC().toString(Qt::ISODate),
                                         theirs.toString(Qt::ISODate))));
            QVERIFY(ours.value() > base);
        }
    }

    // Due: once per run time, whatever the clock does.
    void dueOnceAcrossClockChangesAndSleep()
    {
        const ScheduleWhen daily = must(ScheduleWhen::daily(QStringLiteral("02:30")));
        ScheduleState state;
        state.created = QDateTime(QDate(2026, 11, 28), QTime(12, 0)); // Local.
        QVERIFY(!state.isDue(daily, QDateTime(QDate(2026, 11, 29), QTime(2, 29))));
        QVERIFY(state.isDue(daily, QDateTime(QDate(2026, 11, 29), QTime(2, 30))));
        // It ran at 02:30:05; later that night it is not due again.
        state.lastStart = QDateTime(QDate(2026, 11, 29), QTime(2, 30, 5));
        QVERIFY(!state.isDue(daily, QDateTime(QDate(2026, 11, 29), QTime(23, 59))));
        // The clock is set back an hour after the run (to 01:35, then past 02:30 again): no second run.
        QVERIFY(!state.isDue(daily, QDateTime(QDate(2026, 11, 29), QTime(1, 35))));
        QVERIFY(!state.isDue(daily, QDateTime(QDate(2026, 11, 29), QTime(2, 31))));
        // The laptop sleeps from the 29th to the 3rd: three runs missed, one run at wake-up.
        const QDateTime wake(QDate(2026, 12, 3), QTime(9, 0));
        QVERIFY(state.isDue(daily, wake));
        state.lastStart = wake;
        QVERIFY(!state.isDue(daily, wake.addSecs(3600)));
        QCOMPARE(state.nextRun(daily).value(), QDateTime(QDate(2026, 12, 4), QTime(2, 30)));
        // A clock far in the future and then set right: the run made then keeps it from firing
        // until the first time after it (as systemd's Persistent= timers do).
        state.lastStart = QDateTime(QDate(2027, 1, 1), QTime(0, 0));
        QVERIFY(!state.isDue(daily, QDateTime(QDate(2026, 12, 5), QTime(3, 0))));
        // A schedule added after today's time first runs tomorrow.
        ScheduleState fresh;
        fresh.created = QDateTime(QDate(2026, 11, 29), QTime(3, 0));
        QCOMPARE(fresh.nextRun(daily).value(), QDateTime(QDate(2026, 11, 30), QTime(2, 30)));
    }

    void overdue()
    {
        ScheduleState state;
        state.created = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
        QVERIFY(!state.isOverdue(50 * 3600, state.created.addSecs(49 * 3600)));
        QVERIFY(state.isOverdue(50 * 3600, state.created.addSecs(51 * 3600))); // Never a good backup.
        state.lastSuccess = state.created.addDays(5);
        QVERIFY(!state.isOverdue(50 * 3600, state.lastSuccess.addSecs(3600)));
        QVERIFY(state.isOverdue(50 * 3600, state.lastSuccess.addSecs(50 * 3600 + 1)));
        Schedule s;
        s.when = must(ScheduleWhen::daily(QStringLiteral("02:00")));
        QCOMPARE(s.overdueAfter(), 2 * 86400 + 3600);
        s.overdueSeconds = 26 * 3600;
        QCOMPARE(s.overdueAfter(), 26 * 3600);
        // The state file keeps every field.
        state.lastStart = state.created.addDays(6);
        state.lastCode = 4;
        state.lastMessage = QStringLiteral("Cannot connect");
        state.goodRuns = 3;
        state.overdueAlerted = state.lastSuccess;
        const ScheduleState back = ScheduleState::fromJson(state.toJson());
        QCOMPARE(back.lastStart, state.lastStart);
        QCOMPARE(back.lastSuccess, state.lastSuccess);
        QCOMPARE(back.lastCode, 4);
        QCOMPARE(back.lastMessage, state.lastMessage);
        QCOMPARE(back.goodRuns, 3);
        QCOMPARE(back.overdueAlerted, state.overdueAlerted);
        QCOMPARE(ScheduleState().lastCode, -1);
    }

    void definitionRoundTrip()
    {
        Schedule s;
        s.name = QStringLiteral("node-1_nightly");
        s.host = QStringLiteral("10.0.0.5:8808");
        s.tokenFile = QStringLiteral("/etc/tidemark/node \"1\".token");
        s.tlsCa = QStringLiteral("/etc/tidemark/ca.pem");
        s.chain = QStringLiteral("s3://backups/nodes/node1");
        s.compress = QStringLiteral("zstd:9");
        s.maxLinks = 8;
        s.keyFile = QStringLiteral("/etc/tidemark/chain.key");
        s.s3Endpoint = QStringLiteral("http://127.0.0.1:7480");
        s.s3PathStyle = true;
        s.when = must(ScheduleWhen::weekly(QStringLiteral("Sat 01:15")));
        s.retries = 3;
        s.retryDelaySeconds = 90;
        RetentionPolicy policy;
        policy.daily = 7;
        policy.monthly = -1;
        policy.within = RetentionPolicy::Span{0, 0, 2, 12};
        s.prune = policy;
        s.verifyEvery = 7;
        s.verifyWeekly = true;
        s.drillEvery = 30;
        s.drillWeekly = true;
        s.overdueSeconds = 26 * 3600;
        s.desktop = false;
        s.webhook = QStringLiteral("https://hooks.example/T000?token=abc");
        s.webhookFormat = QStringLiteral("alertmanager");
        s.metricsFile = QStringLiteral("/var/lib/prometheus/node-exporter/tidemark.prom");
        const auto back = Schedule::fromToml(s.toToml(), QStringLiteral("x.toml"), s.name);
        QVERIFY2(back, why(back).constData());
        QCOMPARE(back->toToml(), s.toToml());
        QCOMPARE(back->tokenFile, s.tokenFile);
        QCOMPARE(back->when, s.when);
        QVERIFY(back->prune == s.prune);
        QCOMPARE(back->retryDelaySeconds, 90);
        QCOMPARE(back->webhookFormat, QStringLiteral("alertmanager"));
        QCOMPARE(back->drillEvery, 30);
        QVERIFY(back->drillWeekly);
        QVERIFY(s.toToml().contains(QStringLiteral("\n[drill]\nevery = 30\nweekly = true\n")));
        QCOMPARE(s.drillArguments(QString()).constFirst(), QStringLiteral("drill"));
        QCOMPARE(s.drillArguments(QStringLiteral("s3://backups/nodes/node1-x")).constLast(),
                 QStringLiteral("s3://backups/nodes/node1-x"));
        // The commands a run starts.
        QCOMPARE(s.backupArguments(), (QStringList{QStringLiteral("backup"),
                                                   QStringLiteral("--kind"),
                                                   QStringLiteral("tidemark"),
                                                   QStringLiteral("-host"),
                                                   s.host,
                                                   QStringLiteral("--token-file"),
                                                   s.tokenFile,
                                                   QStringLiteral("--tls-ca"),
                                                   s.tlsCa,
                                                   QStringLiteral("--compress"),
                                                   QStringLiteral("zstd:9"),
                                                   QStringLiteral("--max-links"),
                                                   QStringLiteral("8"),
                                                   QStringLiteral("--encrypt"),
                                                   QStringLiteral("--s3-endpoint"),
                                                   s.s3Endpoint,
                                                   QStringLiteral("--s3-path-style"),
                                                   QStringLiteral("--key-file"),
                                                   s.keyFile,
                                                   s.chain}));
        QVERIFY(s.pruneArguments(s.chain, QString()).isEmpty()); // No node named: nothing to prune.
        const QStringList prune = s.pruneArguments(QStringLiteral("s3://backups/nodes/node1-20261130T020000Z"),
                                                   QStringLiteral("http://10.0.0.5:8086"));
        QCOMPARE(prune.constFirst(), QStringLiteral("prune"));
        QVERIFY(prune.join(QLatin1Char(' '))
                    .contains(QLatin1String(
                        "--keep-daily 7 --keep-monthly -1 --keep-within 2d12h --node http://10.0.0.5:8086")));
        QCOMPARE(prune.constLast(), QStringLiteral("s3://backups/nodes/"));
        QCOMPARE(s.verifyArguments(QString()).constLast(), s.chain);
    }

    void definitionErrorsNameFileLineAndFix_data()
    {
        QTest::addColumn<QString>("toml");
        QTest::addColumn<QString>("expected");
        const QString head = QStringLiteral("[backup]\nchain = \"/b/n\"\n");
        QTest::newRow("no time") << head << QStringLiteral("x.toml: no time to run");
        QTest::newRow("unknown key") << head + QStringLiteral("[when]\ndaily = \"02:00\"\nhourly = 3\n")
                                     << QStringLiteral("x.toml:5: unknown key 'hourly' in [when]");
        QTest::newRow("unknown section") << head + QStringLiteral("[whenever]\n")
                                         << QStringLiteral("x.toml:3: unknown section 'whenever'");
        QTest::newRow("two times") << head + QStringLiteral("[when]\ndaily = \"02:00\"\nevery = \"6h\"\n")
                                   << QStringLiteral("x.toml:5: 'when.every': a schedule has one of");
        QTest::newRow("bad time") << head + QStringLiteral("[when]\ndaily = \"25:00\"\n")
                                  << QStringLiteral("x.toml:4: daily takes a time of day as HH:MM");
        QTest::newRow("bad type") << head + QStringLiteral("[when]\ndaily = \"02:00\"\nretries = \"2\"\n")
                                  << QStringLiteral("x.toml:5: 'when.retries' must be a whole number");
        QTest::newRow("bad calendar") << head + QStringLiteral("[when]\ncalendar = \"Mon..Fry 02:00\"\n")
                                      << QStringLiteral("x.toml:4: 'Mon..Fry 02:00' is not a calendar expression");
        QTest::newRow("not TOML") << head + QStringLiteral("[when\n") << QStringLiteral("x.toml:3: not valid TOML");
        QTest::newRow("relative chain") << QStringLiteral("[backup]\nchain = \"b/n\"\n[when]\ndaily = \"02:00\"\n")
                                        << QStringLiteral("x.toml: The chain 'b/n' must be an absolute path");
        QTest::newRow("empty prune") << head + QStringLiteral("[when]\ndaily = \"02:00\"\n[prune]\nkeep_daily = 0\n")
                                     << QStringLiteral("x.toml: The prune policy keeps nothing");
        QTest::newRow("webhook") << head +
                                        QStringLiteral("[when]\ndaily = \"02:00\"\n[alerts]\nwebhook = \"ftp://x\"\n")
                                 << QStringLiteral("x.toml: The webhook must be an http:// or https:// URL");
    }

    void definitionErrorsNameFileLineAndFix()
    {
        QFETCH(QString, toml);
        QFETCH(QString, expected);
        const auto parsed = Schedule::fromToml(toml, QStringLiteral("x.toml"), QStringLiteral("x"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.startsWith(expected), qPrintable(parsed.error().message));
        QCOMPARE(parsed.error().code, ErrorCode::Config);
    }

    void storeKeepsDefinitionsAndState()
    {
        QTemporaryDir dir;
        qputenv("TIDEMARK_SCHEDULES_DIR", QFile::encodeName(dir.filePath(QStringLiteral("defs"))));
        qputenv("TIDEMARK_STATE_DIR", QFile::encodeName(dir.filePath(QStringLiteral("state"))));
        const ScheduleStore store(ScheduleScope::User);
        Schedule s;
        s.name = QStringLiteral("nightly");
        s.chain = QStringLiteral("/backups/node");
        s.webhook = QStringLiteral("https://hooks.example/secret");
        QVERIFY(store.save(s));
        QCOMPARE(QFile(store.definitionPath(s.name)).permissions() & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
        QVERIFY(store.state(s.name).created.isValid());
        s.name = QStringLiteral("bad name");
        QVERIFY(!store.save(s));
        QFile broken(dir.filePath(QStringLiteral("defs/broken.toml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("[when]\ndaily = 3\n");
        broken.close();
        const ScheduleStore::Listing listing = store.list();
        QCOMPARE(listing.schedules.size(), 1u);
        QCOMPARE(listing.schedules[0].name, QStringLiteral("nightly"));
        QCOMPARE(listing.broken.size(), 1u);
        QVERIFY2(listing.broken[0].message.contains(QLatin1String("broken.toml:2")),
                 qPrintable(listing.broken[0].message));
        QCOMPARE(store.load(QStringLiteral("absent")).error().code, ErrorCode::NotFound);
        QVERIFY(store.remove(QStringLiteral("nightly")));
        QVERIFY(!QFile::exists(store.definitionPath(QStringLiteral("nightly"))));
        QVERIFY(!QFile::exists(store.statePath(QStringLiteral("nightly"))));
        qunsetenv("TIDEMARK_SCHEDULES_DIR");
        qunsetenv("TIDEMARK_STATE_DIR");
    }

    // The units pass systemd-analyze verify (user and system), with the real CLI as ExecStart.
    void unitsPassSystemdAnalyzeVerify_data()
    {
        QTest::addColumn<bool>("system");
        QTest::newRow("user") << false;
        QTest::newRow("system") << true;
    }

    void unitsPassSystemdAnalyzeVerify()
    {
        QFETCH(bool, system);
        const QString cli = QString::fromLocal8Bit(qgetenv("TIDEMARK_CLI"));
        QVERIFY2(QFileInfo(cli).isExecutable(), "TIDEMARK_CLI must name the built tidemark-cli");
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/tidemark units XXXXXX")); // A space on purpose.
        QVERIFY(QFile::copy(cli, dir.filePath(QStringLiteral("tidemark-cli"))));
        qputenv("TIDEMARK_UNIT_DIR", QFile::encodeName(dir.filePath(QStringLiteral("units"))));
        const ScheduleStore store(system ? ScheduleScope::System : ScheduleScope::User);
        for (const QString &value :
             {QStringLiteral("6h"), QStringLiteral("Sun 03:00"), QStringLiteral("Mon..Fri 02:00")}) {
            Schedule s;
            s.name = QStringLiteral("nightly-%1").arg(value.size());
            s.host = QStringLiteral("127.0.0.1:8808");
            s.chain = QStringLiteral("/var/backups/100%/node 1");
            s.when = must(value == QLatin1String("6h")          ? ScheduleWhen::every(value)
                          : value == QLatin1String("Sun 03:00") ? ScheduleWhen::weekly(value)
                                                                : ScheduleWhen::fromCalendar(value));
            if (system)
                s.user = QStringLiteral("tidemark-backup");
            const auto written = SystemdUnits::write(s, store, {dir.filePath(QStringLiteral("tidemark-cli"))});
            QVERIFY2(written, why(written).constData());
            QCOMPARE(written->size(), 4);
            // A user manager's verify needs a runtime directory; the test's own stands in for it.
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir.path()));
            // Documentation=man:tidemark-cli(1) is looked up: the project's page, as the package installs it.
            QDir().mkpath(dir.filePath(QStringLiteral("man/man1")));
            QFile::remove(dir.filePath(QStringLiteral("man/man1/tidemark-cli.1")));
            QVERIFY(QFile::copy(QStringLiteral(TIDEMARK_MAN_PAGE),
                                dir.filePath(QStringLiteral("man/man1/tidemark-cli.1"))));
            qputenv("MANPATH", QFile::encodeName(dir.filePath(QStringLiteral("man"))));
            QStringList args{QStringLiteral("verify")};
            if (!system)
                args.prepend(QStringLiteral("--user"));
            const Analyzed verified = systemdAnalyze(args + written.value());
            QVERIFY2(verified.exitCode == 0 && !verified.out.contains(QLatin1String("tidemark")),
                     qPrintable(verified.out));
            QFile timer(written->at(1));
            QVERIFY(timer.open(QIODevice::ReadOnly));
            const QString timerText = QString::fromUtf8(timer.readAll());
            QVERIFY(timerText.contains(QLatin1String("Persistent=true")));
            QVERIFY(timerText.contains(QStringLiteral("OnCalendar=") + s.when.onCalendar()));
            QFile service(written->at(0));
            QVERIFY(service.open(QIODevice::ReadOnly));
            const QString serviceText = QString::fromUtf8(service.readAll());
            QVERIFY2(serviceText.contains(QStringLiteral("ExecStart=\"%1\" schedule run %2%3")
                                              .arg(dir.filePath(QStringLiteral("tidemark-cli")),
                                                   system ? QStringLiteral("--system ") : QString(), s.name)),
                     qPrintable(serviceText));
            QVERIFY(serviceText.contains(QLatin1String("Environment=TIDEMARK_HISTORY_ORIGIN=timer")));
            QCOMPARE(serviceText.contains(QLatin1String("User=tidemark-backup")), system);
        }
        QVERIFY(SystemdUnits::remove(QStringLiteral("nightly-2"), store, true));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("units/tidemark-schedule-nightly-2.timer"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("units/tidemark-overdue.timer"))));
        qunsetenv("TIDEMARK_UNIT_DIR");
    }

    void execWords()
    {
        QCOMPARE(SystemdUnits::execWord(QStringLiteral("/usr/bin/tidemark-cli")),
                 QStringLiteral("/usr/bin/tidemark-cli"));
        QCOMPARE(SystemdUnits::execWord(QStringLiteral("a b")), QStringLiteral("\"a b\""));
        QCOMPARE(SystemdUnits::execWord(QStringLiteral("100%$HOME")), QStringLiteral("100%%$$HOME"));
        QCOMPARE(SystemdUnits::execWord(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \\\"hi\\\"\""));
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
