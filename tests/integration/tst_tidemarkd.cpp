// The real tidemarkd binary on a loopback port with temporary directories, driven over real
// HTTP (Qt's client, raw sockets, and curl and the influx shell where installed).
#include "support/NodeProcess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

namespace {

QJsonObject inspectJson(const QString &configPath)
{
    QByteArray out;
    QByteArray err;
    const int rc = NodeProcess::run(
        {QStringLiteral("inspect"), QStringLiteral("-config"), configPath, QStringLiteral("--json")}, &out, &err);
    if (rc != 0)
        qWarning() << "inspect failed:" << err;
    return QJsonDocument::fromJson(out).object();
}

qint64 pointsIn(const QJsonObject &report, const QString &db)
{
    for (const QJsonValue &v : report.value(QStringLiteral("databases")).toArray()) {
        if (v.toObject().value(QStringLiteral("name")).toString() == db)
            return v.toObject().value(QStringLiteral("points")).toInteger();
    }
    return -1;
}

// Sends raw bytes on a fresh connection and returns everything the node answers until it closes.
QByteArray rawExchange(quint16 port, const QByteArray &bytes)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(bytes);
    socket.waitForBytesWritten(5000);
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    return answer + socket.readAll();
}

} // namespace

class TestTidemarkd : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void ping()
    {
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("HEAD")}) {
            const auto reply = m_node.request(method, QStringLiteral("/ping"));
            QCOMPARE(reply.status, 204);
            QVERIFY(reply.header("X-Influxdb-Version").startsWith("1.8-tidemark-"));
            QVERIFY(reply.body.isEmpty());
        }
        QCOMPARE(m_node.request("POST", QStringLiteral("/ping")).status, 405);
    }

    void createAndShowDatabases()
    {
        auto reply = m_node.request("POST", QStringLiteral("/query?q=CREATE%20DATABASE%20%22metrics%22"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("{\"results\":[{\"statement_id\":0}]}\n"));
        reply = m_node.request("POST", QStringLiteral("/query"), "q=CREATE+DATABASE+other",
                               "application/x-www-form-urlencoded");
        QCOMPARE(reply.status, 200);
        reply = m_node.request("GET", QStringLiteral("/query?q=SHOW+DATABASES"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.body, QByteArray("{\"results\":[{\"series\":[{\"columns\":[\"name\"],\"name\":\"databases\","
                                        "\"values\":[[\"metrics\"],[\"other\"]]}],\"statement_id\":0}]}\n"));
        reply = m_node.request("POST", QStringLiteral("/query?q=DROP%20DATABASE%20other"));
        QCOMPARE(reply.status, 200);
        reply = m_node.request("GET", QStringLiteral("/query?q=SELECT+1"));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.body.startsWith("{\"error\":\"error parsing query: found SELECT"));
    }

    void writeAndPartialWrite()
    {
        auto reply = m_node.request("POST", QStringLiteral("/write?db=metrics&precision=s"),
                                    "cpu,host=a value=1,idle=90i 1700000000\n"
                                    "cpu,host=b value=2,ok=true,msg=\"fine, thanks\" 1700000000\n");
        QCOMPARE(reply.status, 204);
        reply = m_node.request(
            "POST", QStringLiteral("/write?db=metrics&precision=s"),
            "cpu,host=c value=3 1700000001\ncpu,host=d value= 1700000001\ncpu,host=e value=5 1700000002\n");
        QCOMPARE(reply.status, 400);
        const QString error = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("error")).toString();
        QVERIFY2(error.startsWith(QStringLiteral("partial write: unable to parse line 2:")), qPrintable(error));
        QVERIFY2(error.endsWith(QStringLiteral("dropped=1")), qPrintable(error));
        QCOMPARE(pointsIn(inspectJson(m_node.configPath()), QStringLiteral("metrics")),
                 4); // Read beside the running node.
    }

    void writeErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("no db") << QStringLiteral("/write") << QByteArray("m v=1") << 400
                               << QStringLiteral("database is required");
        QTest::newRow("unknown db") << QStringLiteral("/write?db=nope") << QByteArray("m v=1") << 404
                                    << QStringLiteral("database not found: \"nope\"");
        QTest::newRow("unknown rp") << QStringLiteral("/write?db=metrics&rp=weekly") << QByteArray("m v=1") << 404
                                    << QStringLiteral("retention policy not found: \"weekly\"");
        QTest::newRow("bad precision") << QStringLiteral("/write?db=metrics&precision=d") << QByteArray("m v=1") << 400
                                       << QStringLiteral("invalid precision \"d\" (use n, u, ms, s, m or h)");
        QTest::newRow("all lines bad") << QStringLiteral("/write?db=metrics") << QByteArray("m\n") << 400
                                       << QStringLiteral("unable to parse line 1:");
        QTest::newRow("wrong endpoint") << QStringLiteral("/api/v2/write") << QByteArray("m v=1") << 404
                                        << QStringLiteral("no such endpoint: /api/v2/write");
    }

    void writeErrors()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        const auto reply = m_node.request("POST", path, body);
        QCOMPARE(reply.status, status);
        QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
        const QString message = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("error")).toString();
        QVERIFY2(message.startsWith(error), qPrintable(message));
    }

    void garbageBytesGet400AndTheNodeKeepsServing()
    {
        const QByteArray answer = rawExchange(m_node.httpPort(), QByteArray("\x16\x03\x01\x00\xff garbage", 13));
        QVERIFY2(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.constData());
        QVERIFY(answer.contains("Connection: close"));
        QCOMPARE(m_node.request("GET", QStringLiteral("/ping")).status, 204);
    }

    void chunkedAndPipelinedRequests()
    {
        const QByteArray answer =
            rawExchange(m_node.httpPort(),
                        "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                        "POST /write?db=metrics&precision=s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "f\r\nmem,host=a used\r\n9\r\n=1i 1700\r\n0\r\n\r\n"
                        "GET /ping HTTP/1.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(answer.count("HTTP/1.1 204 No Content\r\n"), 3);
    }

    void curlAsInTheDocs()
    {
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (curl.isEmpty())
            QSKIP("curl is not installed");
        QProcess process;
        process.start(curl,
                      {QStringLiteral("-sS"), QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                       QStringLiteral("%{http_code}"), QStringLiteral("-XPOST"),
                       QStringLiteral("http://127.0.0.1:%1/write?db=metrics").arg(m_node.httpPort()),
                       QStringLiteral("--data-binary"),
                       QStringLiteral("cpu_load_short,host=server01,region=us-west value=0.64 1434055562000000000")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.readAllStandardOutput(), QByteArray("204"));
    }

    void bodyLimitAnswers413()
    {
        // 25 MB default limit: one byte more is refused before the body is stored.
        const auto reply = m_node.request("POST", QStringLiteral("/write?db=metrics"), QByteArray(25000001, 'x'));
        QCOMPARE(reply.status, 413);
    }

    void influxShell()
    {
        const QString influx = QStandardPaths::findExecutable(QStringLiteral("influx"));
        if (influx.isEmpty())
            QSKIP("the influx shell (Debian package influxdb-client) is not installed");
        const QStringList connect{QStringLiteral("-host"), QStringLiteral("127.0.0.1"), QStringLiteral("-port"),
                                  QString::number(m_node.httpPort())};
        QProcess process;
        process.start(influx,
                      connect + QStringList{QStringLiteral("-execute"), QStringLiteral("CREATE DATABASE shell")});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        process.start(influx, connect + QStringList{QStringLiteral("-database"), QStringLiteral("shell"),
                                                    QStringLiteral("-execute"),
                                                    QStringLiteral("INSERT cpu,host=shell value=42")});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        process.start(influx, connect + QStringList{QStringLiteral("-execute"), QStringLiteral("SHOW DATABASES")});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY(process.readAllStandardOutput().contains("shell"));
        QCOMPARE(pointsIn(inspectJson(m_node.configPath()), QStringLiteral("shell")), 1);
    }

    void secondNodeOnTheSameDirsIsRefused()
    {
        QByteArray err;
        const int rc = NodeProcess::run({QStringLiteral("-config"), m_node.configPath()}, nullptr, &err);
        QCOMPARE(rc, 9); // Busy
        QVERIFY2(err.contains(
                     QStringLiteral("Directory '%1' is in use by another tidemarkd").arg(m_node.dataDir()).toUtf8()),
                 err.constData());
    }

    void dataAndIndexesSurviveARestart()
    {
        const QJsonObject before = inspectJson(m_node.configPath());
        QVERIFY(before.value(QStringLiteral("index")).toInteger() > 0);
        QCOMPARE(m_node.stop(), 0);
        QVERIFY(m_node.stderrText().contains("stopped cleanly at index"));
        const QJsonObject stopped = inspectJson(m_node.configPath());
        QCOMPARE(stopped.value(QStringLiteral("digest")), before.value(QStringLiteral("digest")));
        QCOMPARE(stopped.value(QStringLiteral("index")), before.value(QStringLiteral("index")));

        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        const qint64 index = before.value(QStringLiteral("index")).toInteger();
        QVERIFY(m_node.stderrText().contains(QStringLiteral(", index %1)").arg(index).toUtf8()));
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=metrics"), "after,restart=1 v=1 1").status, 204);
        const QJsonObject after = inspectJson(m_node.configPath());
        QCOMPARE(after.value(QStringLiteral("index")).toInteger(), index + 1);
        QVERIFY(after.value(QStringLiteral("digest")) != before.value(QStringLiteral("digest")));
    }
};

class TestTidemarkdStartup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badConfigNamesFileAndLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.conf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[broker]\ndir = \"/tmp/b\"\n[data]\ndir = \"relative\"\n");
        file.close();
        QByteArray err;
        QCOMPARE(NodeProcess::run({QStringLiteral("-config"), path}, nullptr, &err), 3);
        QVERIFY2(err.contains((path + QStringLiteral(":4: 'data.dir' must be an absolute path")).toUtf8()),
                 err.constData());
    }

    void missingConfigSaysHowToMakeOne()
    {
        QByteArray err;
        QCOMPARE(NodeProcess::run({QStringLiteral("-config"), QStringLiteral("/nonexistent.conf")}, nullptr, &err), 3);
        QVERIFY(err.contains("HINT: Create one with: tidemarkd config > /nonexistent.conf"));
    }

    void brokerBehindDataIsRefused()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+d")).status, 200);
        QCOMPARE(node.stop(), 0);
        QVERIFY(QDir(node.brokerDir()).removeRecursively());
        QVERIFY(!node.start(&error));
        QVERIFY2(error.contains(QStringLiteral("exited with 11")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("The broker index 0")));
        QVERIFY(error.contains(QStringLiteral("is lower than the data index 1")));
    }

    void guiBinaryRunsHeadlessWithCli()
    {
        // `tidemark --cli` must not need a display: no QT_QPA_PLATFORM, no DISPLAY.
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("TIDEMARK_GUI"), {QStringLiteral("--cli"), QStringLiteral("help")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains("backup") && out.contains("Exit codes:"), out.constData());
    }

    void configCommandPrintsAParsableConfig()
    {
        QByteArray out;
        QCOMPARE(NodeProcess::run({QStringLiteral("config")}, &out, nullptr), 0);
        QVERIFY(out.contains("[snapshot]\n"));
        QVERIFY(out.contains("enabled = true\n"));
        QVERIFY(out.contains("dir = \"/var/lib/tidemark/data\"\n"));
        QVERIFY(out.contains("bind-address = \"127.0.0.1:8086\"\n"));
        QVERIFY(out.contains("bind-address = \"127.0.0.1:8808\"\n"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        TestTidemarkdStartup startup;
        status |= QTest::qExec(&startup, argc, argv);
    }
    {
        TestTidemarkd node;
        status |= QTest::qExec(&node, argc, argv);
    }
    return status;
}

#include "tst_tidemarkd.moc"
