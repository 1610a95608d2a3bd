// Alerts and metrics (issue 18): desktop notifications over a private session bus (ctest runs
// this under dbus-run-session) received by a notification service this test owns, webhooks
// POSTed to a loopback HTTP server scripted here (answers, faults, silence), and the Prometheus
// metrics file written from a real job history and parsed back.
#include "alerts/Alert.h"
#include "alerts/Alerts.h"
#include "alerts/DesktopNotifier.h"
#include "alerts/MetricsFile.h"
#include "alerts/Webhook.h"
#include "history/JobHistory.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QtConcurrent>

#include <algorithm>
#include <cstdio>
#include <sys/stat.h>

using namespace tidemark;

namespace {

const QString kNotifications = QStringLiteral("org.freedesktop.Notifications");
const QString kSecret = QStringLiteral("s3cr3t-T0KEN");

Alert failedAlert()
{
    Alert a;
    a.kind = Alert::Kind::Failed;
    a.schedule = QStringLiteral("nightly");
    a.node = QStringLiteral("127.0.0.1:8808");
    a.chain = QStringLiteral("/backups/node1");
    a.job = QStringLiteral("backup");
    a.code = 4;
    a.message = QStringLiteral("Cannot connect to 127.0.0.1:8808: connection refused");
    a.attempts = 3;
    a.time = QDateTime(QDate(2026, 11, 30), QTime(2, 30, 5), QTimeZone::utc());
    a.lastSuccess = QDateTime(QDate(2026, 11, 29), QTime(2, 30, 41), QTimeZone::utc());
    return a;
}

Alert overdueAlert()
{
    Alert a;
    a.kind = Alert::Kind::Overdue;
    a.schedule = QStringLiteral("hourly");
    a.node = QStringLiteral("10.0.0.7:8808");
    a.chain = QStringLiteral("s3://backups/node7");
    a.job = QStringLiteral("backup");
    a.time = QDateTime(QDate(2026, 12, 1), QTime(8, 0), QTimeZone::utc());
    a.overdueHours = 26;
    return a;
}

/// The notification service of a desktop, as far as Tidemark uses it: it keeps what it is sent.
class NotificationListener : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Received {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
    };
    QList<Received> received;

public Q_SLOTS:
    uint Notify(const QString &app_name, uint replaces_id, const QString &app_icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expire_timeout)
    {
        received.append(Received{app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout});
        return static_cast<uint>(received.size());
    }
};

/// A webhook's server on loopback, playing a script: one step per request (the last repeats).
class FakeHook : public QObject {
    Q_OBJECT

public:
    enum class Answer { Status, Hang, Close };
    struct Step {
        Answer answer = Answer::Status;
        int status = 200;
    };
    struct Request {
        QByteArray method;
        QByteArray target;                     ///< Path and query.
        QHash<QByteArray, QByteArray> headers; ///< Names in lower case.
        QByteArray body;
    };

    explicit FakeHook(QList<Step> script) : m_script(std::move(script))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost))
            qFatal("FakeHook: cannot listen on loopback");
    }
    [[nodiscard]] QUrl url(const QString &path = QStringLiteral("/hooks/tidemark")) const
    {
        QUrl u;
        u.setScheme(QStringLiteral("http"));
        u.setHost(QStringLiteral("127.0.0.1"));
        u.setPort(m_server.serverPort());
        u.setPath(path);
        u.setQuery(QStringLiteral("token=") + kSecret);
        return u;
    }
    QList<Request> requests;

private:
    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request r;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        r.body = buffer.mid(end + 4, length);
        buffer.clear();
        const Step step = m_script.value(requests.size(), m_script.last());
        requests.append(r);
        switch (step.answer) {
        case Answer::Status: {
            const QByteArray reason = step.status == 200   ? "OK"
                                      : step.status == 400 ? "Bad Request"
                                      : step.status == 429 ? "Too Many Requests"
                                                           : "Server Error";
            socket->write("HTTP/1.1 " + QByteArray::number(step.status) + ' ' + reason +
                          "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            socket->disconnectFromHost();
            break;
        }
        case Answer::Hang:
            break; // read, never answered
        case Answer::Close:
            socket->abort();
            break;
        }
    }

    QTcpServer m_server;
    QList<Step> m_script;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

FakeHook::Step status(int code)
{
    return FakeHook::Step{FakeHook::Answer::Status, code};
}

/// Runs `f` on a pool thread while this (the main) thread serves its events; its result.
template <typename F> auto onWorker(F f, int limitMs = 60000)
{
    auto future = QtConcurrent::run(f);
    QElapsedTimer timer;
    timer.start();
    while (!future.isFinished() && timer.elapsed() < limitMs)
        QTest::qWait(5);
    if (!future.isFinished())
        qFatal("a call on the worker thread did not return within %d ms", limitMs);
    return future.result();
}

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

/// One sample of the metrics file.
struct Sample {
    QString name;
    QString node;
    QString chain;
    QString value;
};

QString unescapeLabel(const QString &value)
{
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == QLatin1Char('\\') && i + 1 < value.size()) {
            ++i;
            out += value[i] == QLatin1Char('n') ? QLatin1Char('\n') : value[i];
        } else {
            out += value[i];
        }
    }
    return out;
}

/// The metrics text parsed back line by line; every sample's family announced by # HELP and
/// # TYPE gauge before it, else a failure in `*error`.
std::vector<Sample> parseMetrics(const QByteArray &text, QString *error)
{
    static const QRegularExpression sampleLine(
        QString::fromLatin1(R"re(^([a-z_]+)\{node="((?:[^"\\]|\\.)*)",chain="((?:[^"\\]|\\.)*)"\} ([0-9.eE+-]+)$)re"));
    std::vector<Sample> samples;
    QSet<QString> helped;
    QSet<QString> typed;
    if (!text.endsWith('\n'))
        *error = QStringLiteral("no newline at the end");
    for (const QByteArray &raw : text.split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("# HELP "))) {
            helped.insert(line.section(QLatin1Char(' '), 2, 2));
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            if (line.section(QLatin1Char(' '), 3) != QLatin1String("gauge"))
                *error = QStringLiteral("not a gauge: ") + line;
            typed.insert(line.section(QLatin1Char(' '), 2, 2));
            continue;
        }
        const QRegularExpressionMatch m = sampleLine.match(line);
        if (!m.hasMatch()) {
            *error = QStringLiteral("not a sample: ") + line;
            continue;
        }
        if (!helped.contains(m.captured(1)) || !typed.contains(m.captured(1)))
            *error = QStringLiteral("no HELP or TYPE before: ") + line;
        samples.push_back(
            Sample{m.captured(1), unescapeLabel(m.captured(2)), unescapeLabel(m.captured(3)), m.captured(4)});
    }
    return samples;
}

/// The value of `name` for (node, chain); null when there is no such sample.
QString valueOf(const std::vector<Sample> &samples, const QString &name, const QString &node, const QString &chain)
{
    for (const Sample &s : samples)
        if (s.name == name && s.node == node && s.chain == chain)
            return s.value;
    return {};
}

HistoryEntry entry(const QString &job, const QString &node, const QString &chain, const QString &link, qint64 bytes,
                   int code, qint64 startedMs, qint64 finishedMs)
{
    HistoryEntry e;
    e.job = job;
    e.node = node;
    e.chain = chain;
    e.link = link;
    e.bytes = bytes;
    e.code = code;
    e.message = code == 0 ? QStringLiteral("done") : QStringLiteral("Cannot connect: connection refused");
    e.started = at(startedMs);
    e.finished = at(finishedMs);
    e.origin = QStringLiteral("timer");
    return e;
}

/// Run as a child with DBUS_SESSION_BUS_ADDRESS naming nothing: what notify and dispatchAlert do.
int childWithoutBus()
{
    QElapsedTimer timer;
    timer.start();
    const Status status = DesktopNotifier::notify(failedAlert(), 3000);
    const qint64 notifyMs = timer.elapsed();
    timer.restart();
    const QStringList warnings = dispatchAlert(failedAlert(), AlertSettings{});
    const qint64 dispatchMs = timer.elapsed();
    QJsonObject out{{QStringLiteral("ok"), status.ok()},
                    {QStringLiteral("notify_ms"), notifyMs},
                    {QStringLiteral("dispatch_ms"), dispatchMs},
                    {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)}};
    if (!status) {
        out.insert(QStringLiteral("code"), static_cast<int>(status.error().code));
        out.insert(QStringLiteral("message"), status.error().message);
        out.insert(QStringLiteral("hint"), status.error().hint);
    }
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    return 0;
}

} // namespace

class TestAlerts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "run through ctest: it starts the test under dbus-run-session (a private session bus)");
        QVERIFY2(QDBusConnection::sessionBus().isConnected(),
                 qPrintable(QDBusConnection::sessionBus().lastError().message()));
    }

    void alertText()
    {
        const Alert failed = failedAlert();
        QCOMPARE(failed.title(), QStringLiteral("Tidemark: backup of 127.0.0.1:8808 failed"));
        QVERIFY2(failed.text().contains(failed.message), qPrintable(failed.text()));
        QVERIFY2(failed.text().contains(QLatin1String("2026-11-30 02:30:05 UTC")), qPrintable(failed.text()));
        QVERIFY2(failed.text().contains(QLatin1String("3 tries")), qPrintable(failed.text()));
        QVERIFY2(failed.text().contains(QLatin1String("nightly")), qPrintable(failed.text()));
        QVERIFY(failed.text().count(QLatin1Char('\n')) <= 1);

        const QJsonObject json = failed.toJson();
        QCOMPARE(json.value(QLatin1String("event")).toString(), QStringLiteral("failed"));
        QCOMPARE(json.value(QLatin1String("title")).toString(), failed.title());
        QCOMPARE(json.value(QLatin1String("text")).toString(), failed.text());
        QCOMPARE(json.value(QLatin1String("code")).toInt(), 4);
        QCOMPARE(json.value(QLatin1String("attempts")).toInt(), 3);
        QCOMPARE(json.value(QLatin1String("time")).toString(), QStringLiteral("2026-11-30T02:30:05Z"));
        QCOMPARE(json.value(QLatin1String("last_success")).toString(), QStringLiteral("2026-11-29T02:30:41Z"));
        for (const char *key : {"message", "schedule", "node", "chain", "job", "overdue_hours"})
            QVERIFY2(json.contains(QLatin1String(key)), key);

        const Alert overdue = overdueAlert();
        QVERIFY2(overdue.title().contains(QLatin1String("10.0.0.7:8808")), qPrintable(overdue.title()));
        QVERIFY2(overdue.text().contains(QLatin1String("26 hour")), qPrintable(overdue.text()));
        QVERIFY2(overdue.text().contains(QLatin1String("never")), qPrintable(overdue.text()));
        QCOMPARE(overdue.toJson().value(QLatin1String("event")).toString(), QStringLiteral("overdue"));
        QVERIFY(overdue.toJson().value(QLatin1String("last_success")).isNull());
        QCOMPARE(overdue.toJson().value(QLatin1String("overdue_hours")).toInt(), 26);
    }

    // The service owned by this process (its default session connection, served by this thread's
    // event loop); the notifier called from a pool thread opens a connection of its own.
    void notificationReceived()
    {
        NotificationListener listener;
        QDBusConnection bus = QDBusConnection::sessionBus();
        QVERIFY(bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &listener,
                                   QDBusConnection::ExportAllSlots));
        QVERIFY2(bus.registerService(kNotifications), qPrintable(bus.lastError().message()));

        const Alert failed = failedAlert();
        const Status first = onWorker([failed] { return DesktopNotifier::notify(failed); });
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
        const Alert overdue = overdueAlert();
        const Status second = onWorker([overdue] { return DesktopNotifier::notify(overdue); });
        QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().toString()));

        QCOMPARE(listener.received.size(), 2);
        const NotificationListener::Received &r = listener.received[0];
        QCOMPARE(r.appName, QStringLiteral("Tidemark"));
        QCOMPARE(r.replacesId, 0u);
        QCOMPARE(r.appIcon, QStringLiteral("tidemark"));
        QCOMPARE(r.summary, failed.title());
        QCOMPARE(r.body, failed.text());
        QVERIFY(r.actions.isEmpty());
        QCOMPARE(r.expireTimeout, -1);
        QCOMPARE(r.hints.value(QStringLiteral("urgency")).metaType().id(), QMetaType::UChar);
        QCOMPARE(r.hints.value(QStringLiteral("urgency")).toInt(), 2);
        QCOMPARE(listener.received[1].summary, overdue.title());
        QCOMPARE(listener.received[1].hints.value(QStringLiteral("urgency")).toInt(), 1);

        // The same through dispatchAlert: nothing to warn about.
        QCOMPARE(onWorker([failed] { return dispatchAlert(failed, AlertSettings{}); }), QStringList());
        QCOMPARE(listener.received.size(), 3);

        // A daemon that does not answer (this thread is busy in the call itself): an error once
        // the timeout has passed, not later.
        QElapsedTimer timer;
        timer.start();
        const Status silent = DesktopNotifier::notify(failed, 700);
        const qint64 ms = timer.elapsed();
        QVERIFY(!silent.ok());
        QCOMPARE(silent.error().code, ErrorCode::Connection);
        QVERIFY2(silent.error().message.contains(QLatin1String("did not answer")), qPrintable(silent.error().message));
        QVERIFY2(ms >= 600 && ms < 3000, qPrintable(QString::number(ms)));
        QTest::qWait(200); // the late call arrives; its answer goes nowhere

        bus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
        QVERIFY(bus.unregisterService(kNotifications));
    }

    void notificationWithoutDaemon()
    {
        QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(kNotifications).value());
        QElapsedTimer timer;
        timer.start();
        const Alert failed = failedAlert();
        const Status status = onWorker([failed] { return DesktopNotifier::notify(failed, 3000); });
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::Connection);
        QVERIFY2(status.error().message.contains(QLatin1String("no notification daemon")),
                 qPrintable(status.error().message));
        QVERIFY2(status.error().hint.contains(QLatin1String("webhook")), qPrintable(status.error().hint));

        const QStringList warnings = onWorker([failed] { return dispatchAlert(failed, AlertSettings{}); });
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].startsWith(QLatin1String("Desktop notification not sent")), qPrintable(warnings[0]));
    }

    // libdbus reads DBUS_SESSION_BUS_ADDRESS once per process: a child of this test with an
    // address that names nothing.
    void notificationWithoutBus()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
        env.insert(QStringLiteral("TIDEMARK_ALERTS_CHILD"), QStringLiteral("no-bus"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QElapsedTimer timer;
        timer.start();
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitCode(), 0);
        const QJsonObject out = QJsonDocument::fromJson(child.readAllStandardOutput()).object();
        QVERIFY2(!out.isEmpty(), "the child printed nothing");
        QCOMPARE(out.value(QLatin1String("ok")).toBool(true), false);
        QCOMPARE(out.value(QLatin1String("code")).toInt(), static_cast<int>(ErrorCode::Connection));
        QVERIFY2(out.value(QLatin1String("message")).toString().contains(QLatin1String("no D-Bus session bus")),
                 qPrintable(out.value(QLatin1String("message")).toString()));
        QVERIFY2(out.value(QLatin1String("hint"))
                     .toString()
                     .contains(QLatin1String("no desktop session"), Qt::CaseInsensitive),
                 qPrintable(out.value(QLatin1String("hint")).toString()));
        QVERIFY(out.value(QLatin1String("notify_ms")).toInt() < 3000);
        QVERIFY(out.value(QLatin1String("dispatch_ms")).toInt() < 5000);
        QCOMPARE(out.value(QLatin1String("warnings")).toArray().size(), 1);
    }

    void webhookRetriesThenDelivers()
    {
        FakeHook hook({status(500), status(500), status(200)});
        const QUrl url = hook.url();
        const Alert failed = failedAlert();
        const Status s = onWorker([url, failed] {
            return Webhook::post(url, failed, Webhook::Format::Json, Webhook::Options{3, 5000, 50});
        });
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        QCOMPARE(hook.requests.size(), 3);
        for (const FakeHook::Request &r : hook.requests) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.target, QByteArray("/hooks/tidemark?token=") + kSecret.toUtf8());
            QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
            QCOMPARE(r.headers.value("user-agent"), QByteArray("tidemark/" TIDEMARK_VERSION));
        }
        QJsonParseError error;
        const QJsonObject body = QJsonDocument::fromJson(hook.requests.last().body, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(body, failed.toJson());
        QCOMPARE(body.value(QLatin1String("event")).toString(), QStringLiteral("failed"));
        QCOMPARE(body.value(QLatin1String("node")).toString(), failed.node);
        QCOMPARE(body.value(QLatin1String("chain")).toString(), failed.chain);
        QCOMPARE(body.value(QLatin1String("schedule")).toString(), failed.schedule);
        QCOMPARE(body.value(QLatin1String("text")).toString(), failed.text());
        QCOMPARE(body.value(QLatin1String("attempts")).toInt(), 3);
    }

    // As the CLI calls it: on the main thread of a QCoreApplication (the server is served by the
    // post's own event loop); 429 is retried too.
    void webhookOnMainThread()
    {
        FakeHook hook({status(429), status(200)});
        const Status s = Webhook::post(hook.url(), failedAlert(), Webhook::Format::Json, Webhook::Options{3, 5000, 20});
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        QCOMPARE(hook.requests.size(), 2);
    }

    void webhookClientErrorIsFinal()
    {
        FakeHook hook({status(400), status(200)});
        QUrl url = hook.url();
        url.setUserInfo(QStringLiteral("alerts:pa55word"));
        const Alert failed = failedAlert();
        const Status s = onWorker([url, failed] {
            return Webhook::post(url, failed, Webhook::Format::Json, Webhook::Options{3, 5000, 50});
        });
        QVERIFY(!s.ok());
        QCOMPARE(hook.requests.size(), 1);
        const QString text = s.error().toString();
        QVERIFY2(text.contains(QLatin1String("400")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("127.0.0.1:%1/…").arg(url.port())), qPrintable(text));
        QVERIFY2(!text.contains(kSecret) && !text.contains(QLatin1String("pa55word")), qPrintable(text));
    }

    void webhookServerNeverAnswers()
    {
        FakeHook hook({FakeHook::Step{FakeHook::Answer::Hang, 0}});
        const QUrl url = hook.url();
        const Alert failed = failedAlert();
        QElapsedTimer timer;
        timer.start();
        const Status s = onWorker([url, failed] {
            return Webhook::post(url, failed, Webhook::Format::Json, Webhook::Options{2, 400, 100});
        });
        const qint64 ms = timer.elapsed();
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Connection);
        QCOMPARE(hook.requests.size(), 2);
        // 2 × 400 ms + 100 ms, and some room for a loaded machine.
        QVERIFY2(ms >= 900 && ms < 900 + 1500, qPrintable(QString::number(ms)));
        const QString text = s.error().toString();
        QVERIFY2(text.contains(QLatin1String("not delivered after 2 tries")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("no answer within 400 ms")), qPrintable(text));
        QVERIFY2(!text.contains(kSecret), qPrintable(text));
    }

    void webhookConnectionDropped()
    {
        FakeHook hook({FakeHook::Step{FakeHook::Answer::Close, 0}});
        const QUrl url = hook.url();
        const Alert failed = failedAlert();
        const Status s = onWorker([url, failed] {
            return Webhook::post(url, failed, Webhook::Format::Json, Webhook::Options{3, 5000, 20});
        });
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Connection);
        QVERIFY2(s.error().message.contains(QLatin1String("not delivered after 3 tries")),
                 qPrintable(s.error().message));
        // Three tries; Qt's HTTP layer may send a request twice on a connection closed unanswered.
        QVERIFY2(hook.requests.size() >= 3 && hook.requests.size() <= 6,
                 qPrintable(QString::number(hook.requests.size())));
        QVERIFY2(!s.error().toString().contains(kSecret), qPrintable(s.error().toString()));
    }

    void webhookClosedPort()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        QUrl url(QStringLiteral("http://127.0.0.1/hooks/tidemark?token=") + kSecret);
        url.setPort(port);
        const Alert failed = failedAlert();
        QElapsedTimer timer;
        timer.start();
        const Status s = onWorker([url, failed] {
            return Webhook::post(url, failed, Webhook::Format::Json, Webhook::Options{2, 2000, 20});
        });
        QVERIFY(!s.ok());
        QVERIFY(timer.elapsed() < 2 * 2000 + 20 + 1500);
        QCOMPARE(s.error().code, ErrorCode::Connection);
        const QString text = s.error().toString();
        QVERIFY2(text.contains(QLatin1String("not delivered after 2 tries")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("refused"), Qt::CaseInsensitive), qPrintable(text));
        QVERIFY2(!text.contains(kSecret), qPrintable(text));
        // A secret in the path (Slack's, Discord's URLs) is not shown either.
        QCOMPARE(Webhook::displayUrl(QUrl(QStringLiteral("https://u:p@hooks.example:8443/services/T0/B0/") + kSecret)),
                 QStringLiteral("https://hooks.example:8443/…"));
        QCOMPARE(Webhook::displayUrl(QUrl(QStringLiteral("http://127.0.0.1:9093"))),
                 QStringLiteral("http://127.0.0.1:9093"));
        // Through dispatchAlert: one warning, no failure.
        const QStringList warnings = onWorker(
            [url, failed] {
                return dispatchAlert(failed, AlertSettings{false, url, Webhook::Format::Json});
            },
            120000);
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].startsWith(QLatin1String("Webhook ")), qPrintable(warnings[0]));
        QVERIFY2(!warnings[0].contains(kSecret), qPrintable(warnings[0]));
    }

    void webhookAlertmanager()
    {
        QVERIFY(Webhook::formatByName(QStringLiteral("json")) == Webhook::Format::Json);
        QVERIFY(Webhook::formatByName(QStringLiteral("Alertmanager")) == Webhook::Format::Alertmanager);
        QVERIFY(!Webhook::formatByName(QStringLiteral("xml")).has_value());

        FakeHook hook({status(200)});
        const QUrl url = hook.url(QStringLiteral("/api/v2/alerts"));
        const Alert overdue = overdueAlert();
        const Status s =
            onWorker([url, overdue] { return Webhook::post(url, overdue, Webhook::Format::Alertmanager); });
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        QCOMPARE(hook.requests.size(), 1);
        QVERIFY(hook.requests[0].target.startsWith("/api/v2/alerts"));
        QCOMPARE(hook.requests[0].headers.value("content-type"), QByteArray("application/json"));
        const QJsonDocument doc = QJsonDocument::fromJson(hook.requests[0].body);
        QVERIFY(doc.isArray());
        QCOMPARE(doc.array().size(), 1);
        const QJsonObject alert = doc.array().at(0).toObject();
        const QJsonObject labels = alert.value(QLatin1String("labels")).toObject();
        QCOMPARE(labels.value(QLatin1String("alertname")).toString(), QStringLiteral("TidemarkBackupOverdue"));
        QCOMPARE(labels.value(QLatin1String("node")).toString(), overdue.node);
        QCOMPARE(labels.value(QLatin1String("schedule")).toString(), overdue.schedule);
        QCOMPARE(labels.value(QLatin1String("chain")).toString(), overdue.chain);
        QCOMPARE(labels.value(QLatin1String("job")).toString(), overdue.job);
        QCOMPARE(labels.value(QLatin1String("severity")).toString(), QStringLiteral("warning"));
        const QJsonObject annotations = alert.value(QLatin1String("annotations")).toObject();
        QCOMPARE(annotations.value(QLatin1String("summary")).toString(), overdue.title());
        QCOMPARE(annotations.value(QLatin1String("description")).toString(), overdue.text());
        QCOMPARE(QDateTime::fromString(alert.value(QLatin1String("startsAt")).toString(), Qt::ISODate), overdue.time);

        const QJsonObject failedLabels =
            QJsonDocument::fromJson(Webhook::body(failedAlert(), Webhook::Format::Alertmanager))
                .array()
                .at(0)
                .toObject()
                .value(QLatin1String("labels"))
                .toObject();
        QCOMPARE(failedLabels.value(QLatin1String("alertname")).toString(), QStringLiteral("TidemarkBackupFailed"));
        QCOMPARE(failedLabels.value(QLatin1String("severity")).toString(), QStringLiteral("critical"));
    }

    void metricsFromHistory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString history = dir.filePath(QStringLiteral("history.sqlite"));
        const QString node = QStringLiteral("127.0.0.1:8808");
        const QString chain = dir.filePath(QStringLiteral("backups/node1"));
        const QString odd = dir.filePath(QStringLiteral("backups/we\"ird\\chain"));
        const qint64 t0 = 1796000000000; // 2026-12-01
        const qint64 hour = 3600000;
        for (const HistoryEntry &e : {
                 entry(QStringLiteral("backup"), node, chain, chain, 1000, 0, t0, t0 + 10000),
                 entry(QStringLiteral("backup"), node, chain, chain + QStringLiteral(".0"), 200, 0, t0 + hour,
                       t0 + hour + 4500),
                 entry(QStringLiteral("verify"), QString(), chain, QString(), 1200, 0, t0 + hour + 5000,
                       t0 + hour + 7000),
                 entry(QStringLiteral("drill"), QString(), chain, QString(), 1200, 0, t0 + hour + 8000,
                       t0 + hour + 9000),
                 entry(QStringLiteral("drill"), QString(), chain, QString(), 1200, 11, t0 + hour + 9500,
                       t0 + hour + 9900),
                 entry(QStringLiteral("backup"), node, chain, QString(), 0, 4, t0 + 2 * hour, t0 + 2 * hour + 30000),
                 entry(QStringLiteral("backup"), node, odd, odd, 77, 0, t0, t0 + 1000),
                 entry(QStringLiteral("prune"), node, dir.filePath(QStringLiteral("backups")), QString(), 5, 0, t0,
                       t0 + 1000),
             }) {
            const Status s = JobHistory::record(e, history);
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        }

        const QString textfiles = dir.filePath(QStringLiteral("textfile"));
        QVERIFY(QDir().mkpath(textfiles));
        const QString metrics = textfiles + QStringLiteral("/tidemark.prom");
        const mode_t umaskBefore = ::umask(077); // the file is 0644 whatever the umask
        const Status written = MetricsFile::write(metrics, history);
        ::umask(umaskBefore);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        QCOMPARE(QDir(textfiles).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("tidemark.prom")});
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(metrics).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0644));

        QFile file(metrics);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QString error;
        const std::vector<Sample> samples = parseMetrics(text, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error + QLatin1Char('\n') + QString::fromUtf8(text)));
        const auto value = [&](const char *name, const QString &c) {
            return valueOf(samples, QString::fromLatin1(name), node, c);
        };
        const auto seconds = [](qint64 ms) { return static_cast<double>(ms) / 1000.0; };
        QCOMPARE(value("tidemark_backup_last_attempt_success", chain), QStringLiteral("0"));
        QCOMPARE(value("tidemark_backup_last_success_timestamp_seconds", chain).toDouble(), seconds(t0 + hour + 4500));
        QCOMPARE(value("tidemark_backup_last_attempt_timestamp_seconds", chain).toDouble(),
                 seconds(t0 + 2 * hour + 30000));
        QCOMPARE(value("tidemark_backup_last_bytes", chain), QStringLiteral("200"));
        QCOMPARE(value("tidemark_backup_last_duration_seconds", chain).toDouble(), 4.5);
        QCOMPARE(value("tidemark_chain_links", chain), QStringLiteral("2"));
        QCOMPARE(value("tidemark_verify_last_success_timestamp_seconds", chain).toDouble(), seconds(t0 + hour + 7000));
        QCOMPARE(value("tidemark_verify_last_attempt_success", chain), QStringLiteral("1"));
        QCOMPARE(value("tidemark_drill_last_success_timestamp_seconds", chain).toDouble(), seconds(t0 + hour + 9000));
        QCOMPARE(value("tidemark_drill_last_attempt_success", chain), QStringLiteral("0"));
        // The chain with a quote and a backslash: escaped in the file, the same once read back.
        const QByteArray escaped =
            QByteArray("chain=\"") + dir.filePath(QStringLiteral("backups/we\\\"ird\\\\chain")).toUtf8() + '"';
        QVERIFY2(text.contains(escaped), text.constData());
        QCOMPARE(value("tidemark_backup_last_attempt_success", odd), QStringLiteral("1"));
        QCOMPARE(value("tidemark_chain_links", odd), QStringLiteral("1"));
        QCOMPARE(value("tidemark_backup_last_bytes", odd), QStringLiteral("77"));
        // Backups of two chains, one verified; nothing of the prune.
        QCOMPARE(std::count_if(samples.begin(), samples.end(),
                               [](const Sample &s) { return s.name == QLatin1String("tidemark_chain_links"); }),
                 2);
        QCOMPARE(std::count_if(
                     samples.begin(), samples.end(),
                     [](const Sample &s) { return s.name == QLatin1String("tidemark_verify_last_attempt_success"); }),
                 1);
        for (const Sample &s : samples)
            QVERIFY2(s.chain != dir.filePath(QStringLiteral("backups")), qPrintable(s.name));

        // Written again over itself: the same, still 0644, nothing left beside it.
        QVERIFY(MetricsFile::write(metrics, history).ok());
        QCOMPARE(::stat(QFile::encodeName(metrics).constData(), &st), 0);
        QCOMPARE(st.st_mode & 07777, mode_t(0644));
        QCOMPARE(QDir(textfiles).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 1);

        // The same text from render(), and an empty history: families, no samples.
        const auto entries = JobHistory::read({}, history);
        QVERIFY(entries.ok());
        const auto rendered = MetricsFile::render(entries.value());
        QVERIFY(rendered.ok());
        file.close();
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(rendered.value(), file.readAll());
        const auto empty = MetricsFile::render({});
        QVERIFY(empty.ok());
        QVERIFY(parseMetrics(empty.value(), &error).empty());
        QVERIFY(empty.value().contains("# TYPE tidemark_backup_last_success_timestamp_seconds gauge\n"));
    }

    void metricsUnwritable()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString history = dir.filePath(QStringLiteral("history.sqlite"));
        QVERIFY(JobHistory::record(entry(QStringLiteral("backup"), QStringLiteral("n:1"), QStringLiteral("/c"),
                                         QStringLiteral("/c"), 1, 0, 1000, 2000),
                                   history)
                    .ok());
        // A directory that cannot be (a file stands in its place): refused even for root.
        QFile blocker(dir.filePath(QStringLiteral("not-a-dir")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString metrics = dir.filePath(QStringLiteral("not-a-dir/tidemark.prom"));
        const Status s = MetricsFile::write(metrics, history);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Io);
        QVERIFY2(s.error().message.contains(metrics), qPrintable(s.error().message));
        QVERIFY(!s.error().hint.isEmpty());
        QVERIFY(!QFileInfo::exists(metrics));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariable("TIDEMARK_ALERTS_CHILD") == QLatin1String("no-bus"))
        return childWithoutBus();
    TestAlerts test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_alerts.moc"
