// The snapshot service's security against real tidemarkd and tidemark-cli processes (see
// docs/security.md): TLS with certificates made here by the openssl command line, the token rules
// (required off loopback, wrong token = exit 5, never in logs, output or command lines), and
// hostile peers (gigantic frame lengths, slowloris, too many connections) with the node's memory
// watched through /proc. The HTTP server's header deadline is checked in-process.
#include "support/NodeProcess.h"
#include "support/TestCertificate.h"

#include "node/HttpServer.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace tidemark;

namespace {

struct RawFrame {
    int type = 0; ///< 0: nothing complete arrived.
    QByteArray payload;
    [[nodiscard]] int status() const
    {
        return QJsonDocument::fromJson(payload).object().value(QStringLiteral("status")).toInt();
    }
};

// One frame from a raw socket, blocking.
RawFrame readFrame(QTcpSocket &socket, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QByteArray buffer;
    while (!deadline.hasExpired()) {
        if (buffer.size() >= 5) {
            const quint32 length = (quint32(quint8(buffer[1])) << 24) | (quint32(quint8(buffer[2])) << 16) |
                                   (quint32(quint8(buffer[3])) << 8) | quint32(quint8(buffer[4]));
            if (buffer.size() >= 5 + qsizetype(length))
                return {quint8(buffer[0]), buffer.mid(5, length)};
        }
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(50)) {
            if (socket.state() != QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0)
                break;
            continue;
        }
        buffer += socket.readAll();
    }
    return {};
}

// Waits until the peer closes; returns how long that took, or -1 after `timeoutMs`.
qint64 waitClosed(QTcpSocket &socket, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return timer.elapsed();
        socket.waitForReadyRead(50);
        socket.readAll();
    }
    return -1;
}

qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression rss(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    return rss.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray snapshotRequest()
{
    const QByteArray json = R"({"command":"node-info","protocol":1})";
    QByteArray frame(5, '\0');
    frame[0] = 0x02;
    frame[4] = char(json.size());
    return frame + json;
}

bool writeFile(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return false;
    return file.setPermissions(permissions);
}

QString quoted(const QString &s)
{
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Appends lines to [snapshot], whose last key in a generated config is idle-timeout.
void addSnapshotLines(NodeProcess &node, const QString &idleTimeout, const QStringList &lines)
{
    node.setConfigLine(QStringLiteral("idle-timeout"),
                       quoted(idleTimeout) + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
}

constexpr QFileDevice::Permissions kPrivate = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

} // namespace

class TestSecurity : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_openssl;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // A self-signed certificate (its own CA) and its EC key, named NAME.crt / NAME.key.
    bool makeCertificate(const QString &name, const QString &subjectAltName)
    {
        QString error;
        if (!TestCertificate::make(m_dir.path(), name, subjectAltName, &error)) {
            qWarning() << error;
            return false;
        }
        return true;
    }

    void useTls(NodeProcess &node, const QString &name, const QString &idleTimeout = QStringLiteral("30s"))
    {
        addSnapshotLines(node, idleTimeout,
                         {QStringLiteral("tls-cert = ") + quoted(path(name + QStringLiteral(".crt"))),
                          QStringLiteral("tls-key = ") + quoted(path(name + QStringLiteral(".key")))});
    }

    void requireOpenssl()
    {
        if (m_openssl.isEmpty())
            QSKIP("the openssl command is not installed (scripts/deps.sh installs it)");
    }

    static void writeSomeData(NodeProcess &node)
    {
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+d")).status, 200);
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=d"), "cpu,host=a v=1 1\ncpu,host=b v=2 2\n").status,
                 204);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_openssl = TestCertificate::openssl();
        if (m_openssl.isEmpty())
            return;
        QVERIFY(QSslSocket::supportsSsl());
        QVERIFY(makeCertificate(QStringLiteral("node"), QStringLiteral("DNS:localhost,IP:127.0.0.1")));
        QVERIFY(makeCertificate(QStringLiteral("other"), QStringLiteral("DNS:localhost,IP:127.0.0.1")));
        QVERIFY(makeCertificate(QStringLiteral("elsewhere"), QStringLiteral("DNS:elsewhere.example")));
    }

    // --- TLS -------------------------------------------------------------------------------

    void tlsBackupAndVerify()
    {
        requireOpenssl();
        NodeProcess node;
        useTls(node, QStringLiteral("node"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(!node.stderrText().contains("readable by other users"));
        writeSomeData(node);
        const QString chain = path(QStringLiteral("tls-chain"));
        QByteArray out, err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--tls-ca"), path(QStringLiteral("node.crt")), chain},
                                     &out, &err),
                 0);
        QVERIFY2(out.contains("Full backup written"), out.constData());
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=d"), "cpu,host=c v=3 3\n").status, 204);
        const int rc = NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                            QStringLiteral("--tls-ca"), path(QStringLiteral("node.crt")),
                                            QStringLiteral("--compress"), QStringLiteral("zstd"), chain},
                                           &out, &err);
        QVERIFY2(rc == 0, err.constData());
        QVERIFY2(out.contains("Incremental backup written"), out.constData());
        QCOMPARE(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err), 0);
        // The DNS name in the certificate works as well as its IP address.
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"),
                                      QStringLiteral("localhost:%1").arg(node.snapshotPort()),
                                      QStringLiteral("--tls-ca"), path(QStringLiteral("node.crt"))},
                                     &out, &err),
                 0);
        QVERIFY2(out.contains("index"), out.constData());
    }

    void untrustedCertificateIsRefused_data()
    {
        QTest::addColumn<QString>("nodeCert");
        QTest::addColumn<QStringList>("clientTls");
        QTest::newRow("wrong CA") << QStringLiteral("node")
                                  << QStringList{QStringLiteral("--tls-ca"), path(QStringLiteral("other.crt"))};
        QTest::newRow("system store only") << QStringLiteral("node") << QStringList{QStringLiteral("--tls")};
        QTest::newRow("name mismatch") << QStringLiteral("elsewhere")
                                       << QStringList{QStringLiteral("--tls-ca"),
                                                      path(QStringLiteral("elsewhere.crt"))};
    }

    void untrustedCertificateIsRefused()
    {
        requireOpenssl();
        QFETCH(QString, nodeCert);
        QFETCH(QStringList, clientTls);
        NodeProcess node;
        useTls(node, nodeCert);
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const QString chain =
            path(QStringLiteral("untrusted-") +
                 QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        QByteArray err;
        const int rc =
            NodeProcess::runCli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost()} +
                                    clientTls + QStringList{chain},
                                nullptr, &err);
        QVERIFY2(rc == 5, err.constData()); // ErrorCode::Auth
        QVERIFY2(err.contains("failed verification"), err.constData());
        QVERIFY2(err.contains("HINT: Trust the node's certificate"), err.constData());
        QVERIFY(!QFile::exists(chain));
        QVERIFY(!QFile::exists(chain + QStringLiteral(".tmp")));
    }

    void plaintextClientAgainstTlsNode()
    {
        requireOpenssl();
        NodeProcess node;
        useTls(node, QStringLiteral("node"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()},
                                     nullptr, &err),
                 10); // ErrorCode::Protocol
        QVERIFY2(err.contains("requires TLS; connect with --tls"), err.constData());
        QVERIFY2(timer.elapsed() < 15000, qPrintable(QString::number(timer.elapsed())));
    }

    void tlsClientAgainstPlaintextNode()
    {
        requireOpenssl();
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--tls-ca"), path(QStringLiteral("node.crt"))},
                                     nullptr, &err),
                 10); // ErrorCode::Protocol
        QVERIFY2(err.contains("TLS handshake with node"), err.constData());
        QVERIFY2(err.contains("drop --tls"), err.constData());
    }

    void tlsConfigErrors_data()
    {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QString>("expected");
        const QString cert = QStringLiteral("tls-cert = ") + quoted(path(QStringLiteral("node.crt")));
        const QString key = QStringLiteral("tls-key = ") + quoted(path(QStringLiteral("node.key")));
        QTest::newRow("cert without key") << QStringList{cert} << QStringLiteral("'tls-key' is missing");
        QTest::newRow("key without cert") << QStringList{key} << QStringLiteral("'tls-cert' is missing");
        QTest::newRow("missing key file") << QStringList{cert, QStringLiteral("tls-key = \"/nonexistent/node.key\"")}
                                          << QStringLiteral("'snapshot.tls-key': cannot read '/nonexistent/node.key'");
        QTest::newRow("relative path") << QStringList{cert, QStringLiteral("tls-key = \"node.key\"")}
                                       << QStringLiteral("'snapshot.tls-key' must be an absolute path");
        QTest::newRow("not a certificate")
            << QStringList{QStringLiteral("tls-cert = ") + quoted(path(QStringLiteral("garbage.pem"))), key}
            << QStringLiteral("holds no PEM certificate");
        QTest::newRow("not a key") << QStringList{cert, QStringLiteral("tls-key = ") +
                                                            quoted(path(QStringLiteral("node.crt")))}
                                   << QStringLiteral("holds no unencrypted PEM private key");
    }

    void tlsConfigErrors()
    {
        requireOpenssl();
        QFETCH(QStringList, lines);
        QFETCH(QString, expected);
        QVERIFY(writeFile(path(QStringLiteral("garbage.pem")), "not a certificate\n", kPrivate));
        NodeProcess node;
        addSnapshotLines(node, QStringLiteral("30s"), lines);
        QString error;
        QVERIFY(!node.start(&error));
        QVERIFY2(error.contains(QStringLiteral("exited with 3")), qPrintable(error)); // ErrorCode::Config
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("HINT: ")), qPrintable(error));
    }

    void readableKeyIsWarnedAbout()
    {
        requireOpenssl();
        QVERIFY(QFile::copy(path(QStringLiteral("node.key")), path(QStringLiteral("shared.key"))));
        QVERIFY(QFile::setPermissions(path(QStringLiteral("shared.key")),
                                      kPrivate | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        NodeProcess node;
        addSnapshotLines(node, QStringLiteral("30s"),
                         {QStringLiteral("tls-cert = ") + quoted(path(QStringLiteral("node.crt"))),
                          QStringLiteral("tls-key = ") + quoted(path(QStringLiteral("shared.key")))});
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY2(node.stderrText().contains("is readable by other users; make it private: chmod 600"),
                 node.stderrText().constData());
    }

    // --- The token -------------------------------------------------------------------------

    void offLoopbackBindNeedsToken_data()
    {
        QTest::addColumn<QString>("bind");
        QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0:0");
        QTest::newRow("[::]") << QStringLiteral("[::]:0");
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol) {
                QTest::newRow("this machine's address") << address.toString() + QStringLiteral(":0");
                break;
            }
        }
    }

    void offLoopbackBindNeedsToken()
    {
        QFETCH(QString, bind);
        NodeProcess node;
        node.setConfigLine(QStringLiteral("bind-address"), quoted(bind)); // [http] and [snapshot] both.
        QString error;
        QVERIFY(!node.start(&error));
        QVERIFY2(error.contains(QStringLiteral("exited with 3")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("is reachable from other machines but no auth token is set")),
                 qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("HINT: Set [snapshot] auth-token or auth-token-file")),
                 qPrintable(error));
    }

    void offLoopbackBindWithTokenServes()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("bind-address"), QStringLiteral("\"0.0.0.0:0\""));
        const QByteArray token = "token-for-any-address-0123456789";
        QVERIFY(writeFile(path(QStringLiteral("any.token")), token + '\n', kPrivate));
        addSnapshotLines(node, QStringLiteral("30s"),
                         {QStringLiteral("auth-token-file = ") + quoted(path(QStringLiteral("any.token")))});
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(node.stderrText().contains("(auth token required)"));
        const QString host = QStringLiteral("127.0.0.1:%1").arg(node.snapshotPort());
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), host}, nullptr, nullptr),
                 5);
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), host,
                                      QStringLiteral("--token-file"), path(QStringLiteral("any.token"))},
                                     nullptr, nullptr),
                 0);
    }

    void wrongTokenExitsWithAuth()
    {
        NodeProcess node;
        addSnapshotLines(node, QStringLiteral("30s"), {QStringLiteral("auth-token = \"right-token-0123456789\"")});
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(writeFile(path(QStringLiteral("wrong.token")), "wrong-token-0123456789", kPrivate));
        QByteArray err;
        const QString chain = path(QStringLiteral("wrong-token-chain"));
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--token-file"), path(QStringLiteral("wrong.token")), chain},
                                     nullptr, &err),
                 5);
        QVERIFY2(err.contains("answered 401: wrong auth token"), err.constData());
        QVERIFY(!QFile::exists(chain));
    }

    void tokenOnTheCommandLineIsRefused()
    {
        QByteArray out, err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("--token"),
                                      QStringLiteral("cmdline-secret-0123456789")},
                                     &out, &err),
                 2); // ErrorCode::Usage
        QVERIFY2(err.contains("--token is not accepted"), err.constData());
        QVERIFY2(err.contains("--token-file FILE"), err.constData());
        QVERIFY(!err.contains("cmdline-secret") && !out.contains("cmdline-secret"));
    }

    void tlsOptionsNeedATidemarkNode()
    {
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("--kind"),
                                      QStringLiteral("influxdb1"), QStringLiteral("--tls")},
                                     nullptr, &err),
                 2);
        QVERIFY2(err.contains("InfluxDB 1.x snapshot service has no TLS"), err.constData());
        QCOMPARE(NodeProcess::runCli(
                     {QStringLiteral("node-info"), QStringLiteral("--tls-ca"), QStringLiteral("/nonexistent/ca.pem")},
                     nullptr, &err),
                 3); // ErrorCode::Config
        QVERIFY2(err.contains("Cannot read CA certificates from '/nonexistent/ca.pem'"), err.constData());
    }

    void tokenNeverAppears()
    {
        const QByteArray token = "leak-canary-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-7f3a9c";
        const QByteArray wrongToken =
            "wrong-canary-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-c9a3f7";
        QVERIFY(writeFile(path(QStringLiteral("canary.token")), token + '\n', kPrivate));
        QVERIFY(writeFile(path(QStringLiteral("wrong-canary.token")), wrongToken + '\n', kPrivate));
        // Every debug message of ours on, in the node and in the CLI.
        qputenv("QT_LOGGING_RULES", "tidemark.*.debug=true");
        const auto restore = qScopeGuard([] { qunsetenv("QT_LOGGING_RULES"); });

        NodeProcess node;
        addSnapshotLines(node, QStringLiteral("30s"),
                         {QStringLiteral("auth-token-file = ") + quoted(path(QStringLiteral("canary.token")))});
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        writeSomeData(node);
        QVERIFY(!procFile(node.pid(), "cmdline").contains(token));
        QVERIFY(!procFile(node.pid(), "environ").contains(token));

        // A running CLI: it waits for the hello of a server that never sends one.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QProcess cli;
        cli.start(NodeProcess::cliBinary(),
                  {QStringLiteral("node-info"), QStringLiteral("-host"),
                   QStringLiteral("127.0.0.1:%1").arg(silent.serverPort()), QStringLiteral("--token-file"),
                   path(QStringLiteral("canary.token")), QStringLiteral("--timeout"), QStringLiteral("5")});
        QVERIFY(cli.waitForStarted());
        QVERIFY(silent.waitForNewConnection(30000));
        const QByteArray cmdline = procFile(cli.processId(), "cmdline");
        QVERIFY(cmdline.contains("canary.token")); // The file's name, that is all.
        QVERIFY(!cmdline.contains(token));
        QVERIFY(!procFile(cli.processId(), "environ").contains(token));
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 4); // ErrorCode::Connection: the silent server timed out.
        QVERIFY(!cli.readAll().contains(token));
        QVERIFY(!cli.readAllStandardError().contains(token));

        const QString chain = path(QStringLiteral("canary-chain"));
        QByteArray out, err;
        const QStringList withToken{QStringLiteral("-host"), node.snapshotHost(), QStringLiteral("--token-file"),
                                    path(QStringLiteral("canary.token"))};
        QCOMPARE(NodeProcess::runCli(QStringList{QStringLiteral("node-info")} + withToken, &out, &err), 0);
        QVERIFY(!out.contains(token) && !err.contains(token));
        QCOMPARE(NodeProcess::runCli(QStringList{QStringLiteral("backup"), QStringLiteral("--json")} + withToken +
                                         QStringList{chain},
                                     &out, &err),
                 0);
        QVERIFY(!out.contains(token) && !err.contains(token));
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--token-file"), path(QStringLiteral("wrong-canary.token"))},
                                     &out, &err),
                 5);
        QVERIFY(!out.contains(wrongToken) && !err.contains(wrongToken) && !err.contains(token));
        QFile archive(chain);
        QVERIFY(archive.open(QIODevice::ReadOnly));
        QVERIFY(!archive.readAll().contains(token));

        QCOMPARE(node.stop(), 0);
        const QByteArray log = node.stderrText();
        QVERIFY2(log.contains("answered 401"), log.constData()); // The log did see the session...
        QVERIFY(!log.contains(token));                           // ...but not the token,
        QVERIFY(!log.contains(wrongToken));                      // nor the wrong one.
    }

    // --- Hostile peers ---------------------------------------------------------------------

    void giganticFrameLengthIsRefused_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("expected");
        QTest::newRow("request of 4 GiB")
            << QByteArray::fromHex("02ffffffff") << QStringLiteral("declares 4294967295 bytes, over the limit");
        QTest::newRow("request 1 byte over")
            << QByteArray::fromHex("0201100001") << QStringLiteral("declares 17825793 bytes, over the limit");
        QTest::newRow("data frame of 4 GiB")
            << QByteArray::fromHex("04ffffffff") << QStringLiteral("over the limit of 1048576");
        QTest::newRow("unknown type") << QByteArray::fromHex("7f7fffffff") << QStringLiteral("unknown frame type 0x7f");
    }

    void giganticFrameLengthIsRefused()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, expected);
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const auto attack = [&] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, node.snapshotPort());
            QVERIFY(socket.waitForConnected(5000));
            QCOMPARE(readFrame(socket, 10000).type, 0x01);
            socket.write(header);
            QVERIFY(socket.waitForBytesWritten(5000));
            const RawFrame answer = readFrame(socket, 10000);
            QCOMPARE(answer.type, 0x03);
            QCOMPARE(answer.status(), 400);
            QVERIFY2(QString::fromUtf8(answer.payload).contains(expected), answer.payload.constData());
            QVERIFY(waitClosed(socket, 10000) >= 0);
        };
        attack(); // Warms up the allocator and the thread machinery before measuring.
        const qint64 before = residentKiB(node.pid());
        QVERIFY(before > 0);
        for (int i = 0; i < 10; ++i) {
            attack();
            if (QTest::currentTestFailed())
                return;
        }
        const qint64 after = residentKiB(node.pid());
        QVERIFY2(after - before < 32 * 1024, qPrintable(QStringLiteral("VmRSS %1 kB -> %2 kB").arg(before).arg(after)));
        // And the node still serves.
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()},
                                     nullptr, nullptr),
                 0);
    }

    void slowlorisIsDropped_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::newRow("plaintext request") << false;
        QTest::newRow("TLS handshake") << true;
    }

    // A client that sends one byte well within the idle timeout each time, but never a whole
    // request, is dropped once the request phase exceeds the idle timeout (2 s here); a normal
    // client is served meanwhile.
    void slowlorisIsDropped()
    {
        QFETCH(bool, tls);
        if (tls)
            requireOpenssl();
        NodeProcess node;
        if (tls)
            useTls(node, QStringLiteral("node"), QStringLiteral("2s"));
        else
            node.setConfigLine(QStringLiteral("idle-timeout"), QStringLiteral("\"2s\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const qint64 rssBefore = residentKiB(node.pid());

        std::vector<std::unique_ptr<QTcpSocket>> dribblers;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 8; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, node.snapshotPort());
            QVERIFY(socket->waitForConnected(5000));
            if (!tls)
                QCOMPARE(readFrame(*socket, 5000).type, 0x01);
            dribblers.push_back(std::move(socket));
        }
        // For TLS: a handshake record header announcing 512 bytes, then zeros one by one.
        const QByteArray bytes = tls ? QByteArray::fromHex("1603010200") + QByteArray(512, '\0') : snapshotRequest();
        QProcess cli;
        QStringList args{QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()};
        if (tls)
            args << QStringLiteral("--tls-ca") << path(QStringLiteral("node.crt"));
        cli.start(NodeProcess::cliBinary(), args);
        qint64 droppedAfter = -1;
        for (qsizetype sent = 0; sent < bytes.size() && timer.elapsed() < 15000; ++sent) {
            bool anyOpen = false;
            for (auto &socket : dribblers) {
                if (socket->state() != QAbstractSocket::ConnectedState)
                    continue;
                anyOpen = true;
                socket->write(bytes.mid(sent, 1));
                socket->waitForBytesWritten(100);
            }
            if (!anyOpen) {
                droppedAfter = timer.elapsed();
                break;
            }
            QDeadlineTimer pause(400);
            while (!pause.hasExpired()) {
                for (auto &socket : dribblers) {
                    socket->waitForReadyRead(10);
                    socket->readAll();
                }
            }
        }
        QVERIFY2(droppedAfter >= 0, "the dribbling clients were never dropped");
        QVERIFY2(droppedAfter >= 1500 && droppedAfter < 2000 + 3000, qPrintable(QString::number(droppedAfter)));
        QVERIFY(cli.waitForFinished(30000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY(residentKiB(node.pid()) - rssBefore < 32 * 1024);
    }

    void connectionCapHolds()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("idle-timeout"), QStringLiteral("\"20s\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 16; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, node.snapshotPort());
            QVERIFY(socket->waitForConnected(5000));
            QCOMPARE(readFrame(*socket, 10000).type, 0x01); // Each holds a session now.
            idle.push_back(std::move(socket));
        }
        for (int i = 0; i < 4; ++i) {
            QTcpSocket extra;
            extra.connectToHost(QHostAddress::LocalHost, node.snapshotPort());
            QVERIFY(extra.waitForConnected(5000));
            const RawFrame answer = readFrame(extra, 10000);
            QCOMPARE(answer.type, 0x03);
            QCOMPARE(answer.status(), 409);
            QVERIFY(answer.payload.contains("too many connections"));
            QVERIFY(waitClosed(extra, 10000) >= 0);
        }
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()},
                                     nullptr, &err),
                 9);  // Busy
        idle.clear(); // Their sessions end as they close.
        int rc = -1;
        for (QDeadlineTimer deadline(10000); rc != 0 && !deadline.hasExpired(); QTest::qWait(200))
            rc = NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()},
                                     nullptr, nullptr);
        QCOMPARE(rc, 0);
    }

    // The HTTP API's request line and headers must arrive within their deadline, however
    // slowly they trickle; the idle timeout alone would let a byte per minute through.
    void httpHeaderDeadline()
    {
        HttpServer server([](const HttpRequest &) { return HttpResponse{204, {}, {}, {}}; }, 1 << 20);
        server.setTimeouts(5000, 60000, 1000);
        QVERIFY(server.listen(HostPort{QStringLiteral("127.0.0.1"), 0}));
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(slow.waitForConnected(5000));
        const QByteArray head = "GET /ping HTTP/1.1\r\nHost: localhost\r\nUser-Agent: a-very-slow-client\r\n\r\n";
        QElapsedTimer timer;
        timer.start();
        for (qsizetype i = 0; i < head.size() && slow.state() == QAbstractSocket::ConnectedState; ++i) {
            slow.write(head.mid(i, 1));
            QTest::qWait(150);
        }
        QCOMPARE(slow.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(timer.elapsed() < 1000 + 1500, qPrintable(QString::number(timer.elapsed())));

        QTcpSocket quick;
        quick.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(quick.waitForConnected(5000));
        quick.write(head);
        QTRY_VERIFY_WITH_TIMEOUT(quick.bytesAvailable() > 0, 5000);
        QVERIFY(quick.readAll().startsWith("HTTP/1.1 204"));
    }
};

QTEST_GUILESS_MAIN(TestSecurity)
#include "tst_security.moc"
