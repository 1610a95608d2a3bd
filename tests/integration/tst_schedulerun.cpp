// Schedules end to end (issue 18): the real tidemark-cli adds schedules, runs them against a real
// tidemarkd (backup, prune, verify), records their state and history, writes the metrics file, and
// alerts: a webhook received by a loopback HTTP server of this test, and a desktop notification
// received by this test's own notification service on the private session bus that ctest starts
// (dbus-run-session). A failed run is retried as set and alerts once; a schedule never runs twice
// at once; an overdue node alerts once per overdue stretch; --due runs only what is due.
#include "support/CliRun.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tidemark::test;

namespace {

// A webhook receiver: answers every POST with 200 and keeps the bodies.
class HookServer : public QObject {
public:
    HookServer()
    {
        m_server.listen(QHostAddress::LocalHost);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
                    *buffer += socket->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(end).split('\n'))
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    if (buffer->size() < end + 4 + length)
                        return;
                    bodies.push_back(QJsonDocument::fromJson(buffer->mid(end + 4, length)));
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    socket->disconnectFromHost();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook?token=s3cret").arg(m_server.serverPort()); }
    std::vector<QJsonDocument> bodies;

private:
    QTcpServer m_server;
};

// The desktop's notification service, as a notification daemon offers it on the session bus.
class Notifications : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Seen {
        QString app;
        QString summary;
        QString body;
        int urgency = -1;
    };
    std::vector<Seen> seen;

public Q_SLOTS:
    uint Notify(const QString &app, uint, const QString &, const QString &summary, const QString &body,
                const QStringList &, const QVariantMap &hints, int)
    {
        seen.push_back({app, summary, body, hints.value(QStringLiteral("urgency")).toInt()});
        return static_cast<uint>(seen.size());
    }
};

} // namespace

class TestScheduleRun : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    NodeProcess m_node;
    HookServer m_hook;
    Notifications m_notifications;
    QProcessEnvironment m_env;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Runs tidemark-cli with the event loop turning, so this process answers the D-Bus calls and
    // HTTP requests the CLI makes meanwhile.
    CliRun cli(const QStringList &args, int timeoutMs = 120000)
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        process.start(NodeProcess::cliBinary(), args);
        if (process.state() != QProcess::NotRunning)
            loop.exec();
        CliRun run;
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    std::vector<QJsonObject> jsonLines(const QByteArray &out)
    {
        std::vector<QJsonObject> lines;
        for (const QByteArray &line : out.split('\n'))
            if (!line.isEmpty())
                lines.push_back(QJsonDocument::fromJson(line).object());
        return lines;
    }

    QJsonObject state(const QString &name)
    {
        QFile file(path(QStringLiteral("state/%1.json").arg(name)));
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
    }

    void setState(const QString &name, const QJsonObject &state)
    {
        QFile file(path(QStringLiteral("state/%1.json").arg(name)));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(state).toJson());
    }

    // metric name{labels} value lines of the Prometheus text file, for one node.
    std::map<QString, double> metrics(const QString &node)
    {
        std::map<QString, double> values;
        QFile file(path(QStringLiteral("metrics/tidemark.prom")));
        if (!file.open(QIODevice::ReadOnly))
            return values;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith('#') || !line.contains(QStringLiteral("node=\"%1\"").arg(node).toUtf8()))
                continue;
            const qsizetype brace = line.indexOf('{');
            values[QString::fromUtf8(line.left(brace))] = line.mid(line.lastIndexOf(' ') + 1).toDouble();
        }
        return values;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        QVERIFY(QDir().mkpath(path(QStringLiteral("backups"))));
        QVERIFY(QDir().mkpath(path(QStringLiteral("metrics")))); // node_exporter's textfile directory.
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("TIDEMARK_SCHEDULES_DIR"), path(QStringLiteral("schedules.d")));
        m_env.insert(QStringLiteral("TIDEMARK_STATE_DIR"), path(QStringLiteral("state")));
        m_env.insert(QStringLiteral("TIDEMARK_UNIT_DIR"), path(QStringLiteral("units")));
        m_env.insert(QStringLiteral("TIDEMARK_HISTORY"), path(QStringLiteral("history.sqlite")));
        m_env.insert(QStringLiteral("TIDEMARK_SYSTEMCTL"), QStringLiteral("off"));
        m_env.insert(QStringLiteral("TIDEMARK_HISTORY_ORIGIN"), QStringLiteral("timer"));
        // This process is the desktop's notification daemon on the private session bus.
        QDBusConnection bus = QDBusConnection::sessionBus();
        QVERIFY2(bus.isConnected(), "a session bus is needed: ctest runs this test under dbus-run-session");
        QVERIFY(bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &m_notifications,
                                   QDBusConnection::ExportAllSlots));
        QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.Notifications")));
    }

    void addListRunPruneVerify()
    {
        const QString chain = path(QStringLiteral("backups/node"));
        const QString metricsFile = path(QStringLiteral("metrics/tidemark.prom"));
        CliRun add =
            cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("nightly"),
                 QStringLiteral("--daily"), QStringLiteral("02:30"), QStringLiteral("-host"), m_node.snapshotHost(),
                 QStringLiteral("--max-links"), QStringLiteral("2"), QStringLiteral("--keep-last"), QStringLiteral("1"),
                 QStringLiteral("--verify-every"), QStringLiteral("2"), QStringLiteral("--webhook"), m_hook.url(),
                 QStringLiteral("--metrics-file"), metricsFile, chain});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        QVERIFY2(add.out.contains("No systemd user manager runs here"), add.out.constData());
        QVERIFY(QFile::exists(path(QStringLiteral("schedules.d/nightly.toml"))));
        QVERIFY(QFile::exists(path(QStringLiteral("units/tidemark-schedule-nightly.timer"))));
        QVERIFY(QFile::exists(path(QStringLiteral("units/tidemark-overdue.timer"))));

        CliRun list = cli({QStringLiteral("schedule"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        auto rows = jsonLines(list.out);
        QCOMPARE(rows.size(), size_t(1));
        QCOMPARE(rows[0].value(QStringLiteral("lastCode")).toInt(), -1);
        const QDateTime next = QDateTime::fromString(rows[0].value(QStringLiteral("nextRun")).toString(), Qt::ISODate);
        QVERIFY(next > QDateTime::currentDateTime());
        QVERIFY(next <= QDateTime::currentDateTime().addDays(1));
        QCOMPARE(next.toLocalTime().time(), QTime(2, 30));

        for (int k = 1; k <= 3; ++k) {
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
            const CliRun run = cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("nightly")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QCOMPARE(run.out.contains("verify: every checksum"), k == 2);
            // The third run rolls the chain of 2 links onto a synthetic full; prune then removes
            // the first chain, none of whose points the policy keeps.
            QCOMPARE(run.out.contains("rolled"), k == 3);
            QVERIFY2(run.out.contains(k == 3 ? "prune: 1 chain(s) removed" : "prune: 0 chain(s) removed"),
                     run.out.constData());
        }
        QVERIFY(!QFile::exists(chain));
        const QJsonObject s = state(QStringLiteral("nightly"));
        const QString second = s.value(QStringLiteral("lastChain")).toString();
        QVERIFY2(second.startsWith(chain + QLatin1Char('-')), qPrintable(second));
        QVERIFY(QFile::exists(second + QStringLiteral(".0")));
        QCOMPARE(s.value(QStringLiteral("lastCode")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("goodRuns")).toInt(), 3);
        QCOMPARE(s.value(QStringLiteral("goodRunsSinceVerify")).toInt(), 1);
        QCOMPARE(s.value(QStringLiteral("lastLink")).toString(), second + QStringLiteral(".0"));
        QVERIFY(!s.value(QStringLiteral("lastVerify")).toString().isEmpty());

        // The history has each job of the runs, from the timer.
        CliRun history = cli({QStringLiteral("history"), QStringLiteral("--json")});
        QStringList jobs;
        for (const QJsonObject &row : jsonLines(history.out)) {
            jobs << row.value(QStringLiteral("job")).toString();
            QCOMPARE(row.value(QStringLiteral("origin")).toString(), QStringLiteral("timer"));
            QCOMPARE(row.value(QStringLiteral("code")).toInt(), 0);
        }
        QCOMPARE(jobs, (QStringList{QStringLiteral("backup"), QStringLiteral("prune"), QStringLiteral("backup"),
                                    QStringLiteral("prune"), QStringLiteral("verify"), QStringLiteral("backup"),
                                    QStringLiteral("prune")}));

        // The metrics file, read back as node_exporter's collector would.
        const auto values = metrics(m_node.snapshotHost());
        QCOMPARE(values.at(QStringLiteral("tidemark_backup_last_attempt_success")), 1.0);
        QCOMPARE(values.at(QStringLiteral("tidemark_chain_links")), 2.0);
        // The series is one set of labels: its PATH, not the chain it rolled onto.
        QFile prom(metricsFile);
        QVERIFY(prom.open(QIODevice::ReadOnly));
        const QByteArray promText = prom.readAll();
        QVERIFY2(promText.contains(QStringLiteral("chain=\"%1\"").arg(chain).toUtf8()) &&
                     !promText.contains(QStringLiteral("chain=\"%1\"").arg(second).toUtf8()),
                 promText.constData());
        QCOMPARE(values.at(QStringLiteral("tidemark_backup_last_bytes")),
                 static_cast<double>(QFileInfo(second + QStringLiteral(".0")).size()));
        const double lastSuccess = values.at(QStringLiteral("tidemark_backup_last_success_timestamp_seconds"));
        QVERIFY(std::abs(lastSuccess - static_cast<double>(QDateTime::currentSecsSinceEpoch())) < 120);
        QCOMPARE(values.at(QStringLiteral("tidemark_verify_last_attempt_success")), 1.0);
        // Nothing failed: nobody was told anything.
        QCOMPARE(m_hook.bodies.size(), size_t(0));
        QCOMPARE(m_notifications.seen.size(), size_t(0));
    }

    void failedRunIsRetriedThenAlertsOnce()
    {
        CliRun add =
            cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("broken"), QStringLiteral("--every"),
                 QStringLiteral("6h"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"),
                 QStringLiteral("--retries"), QStringLiteral("2"), QStringLiteral("--retry-delay"),
                 QStringLiteral("1s"), QStringLiteral("--webhook"), m_hook.url(), QStringLiteral("--metrics-file"),
                 path(QStringLiteral("metrics/tidemark.prom")), path(QStringLiteral("backups/broken"))});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const CliRun run = cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("broken")});
        QCOMPARE(run.exitCode, 4); // The backup's own code: cannot connect.
        QVERIFY2(run.err.contains("attempt 1 of 3 failed") && run.err.contains("attempt 3 of 3 failed"),
                 run.err.constData());
        QVERIFY(!run.err.contains("attempt 4"));
        // One alert for the run, however many tries it made: one POST, one notification.
        QTRY_COMPARE(m_hook.bodies.size(), size_t(1));
        const QJsonObject body = m_hook.bodies[0].object();
        QCOMPARE(body.value(QStringLiteral("event")).toString(), QStringLiteral("failed"));
        QCOMPARE(body.value(QStringLiteral("schedule")).toString(), QStringLiteral("broken"));
        QCOMPARE(body.value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(body.value(QStringLiteral("code")).toInt(), 4);
        QVERIFY(!body.value(QStringLiteral("text")).toString().isEmpty());
        QCOMPARE(m_notifications.seen.size(), size_t(1));
        QCOMPARE(m_notifications.seen[0].app, QStringLiteral("Tidemark"));
        QVERIFY2(m_notifications.seen[0].summary.contains(QLatin1String("127.0.0.1:1")),
                 qPrintable(m_notifications.seen[0].summary));
        QCOMPARE(m_notifications.seen[0].urgency, 2);
        const QJsonObject s = state(QStringLiteral("broken"));
        QCOMPARE(s.value(QStringLiteral("lastCode")).toInt(), 4);
        QCOMPARE(s.value(QStringLiteral("lastAttempts")).toInt(), 3);
        QVERIFY(s.value(QStringLiteral("lastSuccess")).toString().isEmpty());
        // The failed attempt is in the metrics; the good node's are unchanged.
        QCOMPARE(metrics(QStringLiteral("127.0.0.1:1")).count(QStringLiteral("tidemark_backup_last_attempt_success")),
                 size_t(1));
        QCOMPARE(metrics(QStringLiteral("127.0.0.1:1")).at(QStringLiteral("tidemark_backup_last_attempt_success")),
                 0.0);
    }

    void brokenAlertsNeverFailTheRun()
    {
        // No notification daemon and a webhook nobody listens on: the run ends with the backup's
        // own result, and says what it could not send.
        QVERIFY(QDBusConnection::sessionBus().unregisterService(QStringLiteral("org.freedesktop.Notifications")));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        CliRun add = cli(
            {QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("unheard"), QStringLiteral("--every"),
             QStringLiteral("6h"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"), QStringLiteral("--webhook"),
             QStringLiteral("http://127.0.0.1:%1/hook").arg(port), path(QStringLiteral("backups/unheard"))});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        QElapsedTimer timer;
        timer.start();
        const CliRun run = cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("unheard")});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("Desktop notification not sent") && run.err.contains("not delivered"),
                 run.err.constData());
        QVERIFY2(!run.err.contains("s3cret"), run.err.constData());
        QVERIFY(timer.elapsed() < 60000);
        QVERIFY(QDBusConnection::sessionBus().registerService(QStringLiteral("org.freedesktop.Notifications")));
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("remove"), QStringLiteral("unheard")}).exitCode, 0);
    }

    void neverTwoRunsOfOneSchedule()
    {
        // "broken" waits 30 s between its tries: a second run meanwhile is refused.
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("broken"),
                      QStringLiteral("--every"), QStringLiteral("6h"), QStringLiteral("-host"),
                      QStringLiteral("127.0.0.1:1"), QStringLiteral("--retries"), QStringLiteral("2"),
                      QStringLiteral("--retry-delay"), QStringLiteral("30s"), QStringLiteral("--no-desktop"),
                      QStringLiteral("--webhook"), m_hook.url(), path(QStringLiteral("backups/broken"))})
                     .exitCode,
                 0);
        QProcess first;
        first.setProcessEnvironment(m_env);
        first.start(NodeProcess::cliBinary(),
                    {QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("broken")});
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path(QStringLiteral("state/broken.lock"))), 10000);
        const CliRun second = cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("broken")});
        QCOMPARE(second.exitCode, 9);
        QVERIFY2(second.err.contains("running already"), second.err.constData());
        // Stopped while it waits to try again (systemctl stop sends SIGTERM): it ends at once, as
        // cancelled, and alerts nobody.
        const size_t alerts = m_hook.bodies.size();
        QByteArray firstErr;
        QTRY_VERIFY_WITH_TIMEOUT((firstErr += first.readAllStandardError()).contains("attempt 1 of 3 failed"), 20000);
        first.terminate();
        QVERIFY(first.waitForFinished(10000));
        QCOMPARE(first.exitCode(), 13);
        QCOMPARE(state(QStringLiteral("broken")).value(QStringLiteral("lastCode")).toInt(), 13);
        QTest::qWait(500);
        QCOMPARE(m_hook.bodies.size(), alerts);
        // Once it ended, the schedule runs again.
        QVERIFY(!QFile::exists(path(QStringLiteral("state/broken.lock"))));
    }

    void overdueAlertsOncePerStretch()
    {
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("late"),
                      QStringLiteral("--daily"), QStringLiteral("03:00"), QStringLiteral("-host"),
                      m_node.snapshotHost(), QStringLiteral("--overdue"), QStringLiteral("26h"),
                      QStringLiteral("--webhook"), m_hook.url(), path(QStringLiteral("backups/late"))})
                     .exitCode,
                 0);
        const size_t before = m_hook.bodies.size();
        // The newest good backup is 30 h old.
        QJsonObject s = state(QStringLiteral("late"));
        s.insert(QStringLiteral("lastSuccess"),
                 QDateTime::currentDateTimeUtc().addSecs(-30 * 3600).toString(Qt::ISODateWithMs));
        setState(QStringLiteral("late"), s);
        CliRun check = cli({QStringLiteral("schedule"), QStringLiteral("check"), QStringLiteral("--json")});
        QCOMPARE(check.exitCode, 0);
        bool alerted = false;
        for (const QJsonObject &row : jsonLines(check.out))
            if (row.value(QStringLiteral("name")).toString() == QLatin1String("late"))
                alerted =
                    row.value(QStringLiteral("overdue")).toBool() && row.value(QStringLiteral("alerted")).toBool();
        QVERIFY2(alerted, check.out.constData());
        QTRY_COMPARE(m_hook.bodies.size(), before + 1);
        QCOMPARE(m_hook.bodies.back().object().value(QStringLiteral("event")).toString(), QStringLiteral("overdue"));
        // The hourly check again: still overdue, no second alert.
        check = cli({QStringLiteral("schedule"), QStringLiteral("check")});
        QVERIFY2(check.out.contains("late: OVERDUE"), check.out.constData());
        QCOMPARE(m_hook.bodies.size(), before + 1);
        // A good run ends the stretch: no longer overdue, and a later stretch alerts again.
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("late")}).exitCode, 0);
        check = cli({QStringLiteral("schedule"), QStringLiteral("check")});
        QVERIFY2(check.out.contains("late: ok"), check.out.constData());
        QCOMPARE(m_hook.bodies.size(), before + 1);
    }

    void dueRunsOnlyWhatIsDue()
    {
        // "late" was added yesterday (so today's 03:00 or yesterday's has passed since); "nightly"
        // ran just now. Only "late" runs.
        for (const QString &name : {QStringLiteral("late"), QStringLiteral("nightly")}) {
            QJsonObject s = state(name);
            const QDateTime created = QDateTime::currentDateTimeUtc().addDays(-2);
            s.insert(QStringLiteral("created"), created.toString(Qt::ISODateWithMs));
            if (name == QLatin1String("late"))
                s.insert(QStringLiteral("lastStart"), created.toString(Qt::ISODateWithMs));
            setState(name, s);
        }
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("remove"), QStringLiteral("broken")}).exitCode, 0);
        const QString lateBefore = state(QStringLiteral("late")).value(QStringLiteral("lastStart")).toString();
        const QString nightlyBefore = state(QStringLiteral("nightly")).value(QStringLiteral("lastStart")).toString();
        const CliRun due = cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("--due")});
        QVERIFY2(due.exitCode == 0, due.err.constData());
        QVERIFY(state(QStringLiteral("late")).value(QStringLiteral("lastStart")).toString() != lateBefore);
        QCOMPARE(state(QStringLiteral("nightly")).value(QStringLiteral("lastStart")).toString(), nightlyBefore);
    }

    // Without a schedule: backup --metrics-file writes the same file after a plain backup.
    void backupWritesMetricsFile()
    {
        const QString file = path(QStringLiteral("metrics/plain.prom"));
        const CliRun run = cli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(),
                                QStringLiteral("--metrics-file"), file, path(QStringLiteral("backups/plain"))});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile metrics(file);
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        const QByteArray text = metrics.readAll();
        const QByteArray line = QStringLiteral("tidemark_chain_links{node=\"%1\",chain=\"%2\"} 1")
                                    .arg(m_node.snapshotHost(), path(QStringLiteral("backups/plain")))
                                    .toUtf8();
        QVERIFY2(text.contains(line), text.constData());
    }

    void removeAndBadInput()
    {
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("remove"), QStringLiteral("late")}).exitCode, 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("schedules.d/late.toml"))));
        QVERIFY(!QFile::exists(path(QStringLiteral("units/tidemark-schedule-late.timer"))));
        QVERIFY(QFile::exists(path(QStringLiteral("units/tidemark-overdue.timer")))); // "nightly" is left.
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("late")}).exitCode, 12);
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("remove"), QStringLiteral("late")}).exitCode, 12);
        // Usage errors name the option and the form.
        CliRun bad = cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("x"),
                          QStringLiteral("--daily"), QStringLiteral("25:00"), path(QStringLiteral("b/x"))});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("HH:MM"), bad.err.constData());
        bad = cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--daily"),
                   QStringLiteral("02:00"), QStringLiteral("--every"), QStringLiteral("6h"),
                   path(QStringLiteral("b/x"))});
        QCOMPARE(bad.exitCode, 2);
        bad = cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("no way"),
                   QStringLiteral("--daily"), QStringLiteral("02:00"), path(QStringLiteral("b/x"))});
        QCOMPARE(bad.exitCode, 2);
        // A chain whose directory is missing is added, with a warning that each run would fail.
        const CliRun missing = cli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("elsewhere"),
                                    QStringLiteral("--daily"), QStringLiteral("02:00"), QStringLiteral("--no-enable"),
                                    path(QStringLiteral("not-mounted/node"))});
        QCOMPARE(missing.exitCode, 0);
        QVERIFY2(missing.err.contains("not-mounted' does not exist"), missing.err.constData());
        QVERIFY2(missing.out.contains("Not enabled"), missing.out.constData());
        QCOMPARE(cli({QStringLiteral("schedule"), QStringLiteral("remove"), QStringLiteral("elsewhere")}).exitCode, 0);
        // A definition broken by hand is named by file and line by list, and the others still list.
        QFile broken(path(QStringLiteral("schedules.d/hand.toml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("[backup]\nchain = \"/b/x\"\n[when]\ndaily = \"02:00\"\nretries = -1\n");
        broken.close();
        const CliRun list = cli({QStringLiteral("schedule"), QStringLiteral("list")});
        QCOMPARE(list.exitCode, 3);
        QVERIFY2(list.err.contains("hand.toml:5"), list.err.constData());
        QVERIFY(list.out.contains("nightly"));
        QVERIFY(QFile::remove(broken.fileName()));
    }
};

QTEST_GUILESS_MAIN(TestScheduleRun)
#include "tst_schedulerun.moc"
