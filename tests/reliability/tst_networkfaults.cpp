// The network breaks under a running backup: a real tidemarkd, the real tidemark-cli, and a
// FaultProxy between them that stalls, cuts or refuses connections at exact byte offsets. After
// every failure the chain is exactly as it was and verifies; --retries gets past transient
// failures and only those.
#include "integration/NodeProcess.h"
#include "integration/Workload.h"
#include "support/FaultProxy.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace tidemark::test;

namespace {

// Every file of a directory with a digest of its bytes: "the chain is as it was".
QMap<QString, QByteArray> snapshotOf(const QString &dir)
{
    QMap<QString, QByteArray> files;
    for (const QString &name : QDir(dir).entryList(QDir::Files)) {
        QFile file(QDir(dir).filePath(name));
        if (file.open(QIODevice::ReadOnly))
            files.insert(name, QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    }
    return files;
}

QStringList stagingEntries(const NodeProcess &node)
{
    return QDir(node.dataDir() + QStringLiteral("/.staging")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
}

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
};

CliRun runCli(const QStringList &args)
{
    CliRun run;
    QElapsedTimer timer;
    timer.start();
    run.exitCode = NodeProcess::runCli(args, &run.out, &run.err);
    run.ms = timer.elapsed();
    return run;
}

} // namespace

class TestNetworkFaults : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    std::unique_ptr<FaultProxy> m_proxy;
    QTemporaryDir m_backups;
    qint64 m_streamBytes = 0; // Of the full backup through the proxy.
    int m_batch = 0;

    QString chainPath() const { return m_backups.filePath(QStringLiteral("snap")); }

    CliRun backup(const QStringList &extra = {})
    {
        return runCli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), m_proxy->host()} + extra + QStringList{chainPath()});
    }

    // One more batch into the big shard: the next incremental holds that whole shard again.
    bool touch() { return m_node.request("POST", QStringLiteral("/write?db=hot"), batch(++m_batch)).status == 204; }

    void checkChainVerifies()
    {
        const CliRun verify = runCli({QStringLiteral("verify"), chainPath()});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        QVERIFY(verify.out.contains("The chain is complete"));
    }

    // After a failed attempt: nothing new or changed in the backup directory, the chain verifies,
    // and the node (once the proxy lets go) drops the session's staging.
    void checkNothingChanged(const QMap<QString, QByteArray> &before)
    {
        QCOMPARE(snapshotOf(m_backups.path()), before);
        checkChainVerifies();
        m_proxy->closeAll();
        QTRY_COMPARE_WITH_TIMEOUT(stagingEntries(m_node), QStringList(), 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        // About 4 MB in the shard of day 10, so that a stream has many frames to break in.
        QByteArray big;
        for (int i = 0; i < 4000; ++i)
            big += "bulk,i=" + QByteArray::number(i) + " s=\"" + QByteArray(1000, 'x') + "\" " + QByteArray::number(10 * kDayNs + i) + '\n';
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), big).status, 204);
        m_proxy = std::make_unique<FaultProxy>(m_node.snapshotPort());
        QVERIFY2(m_proxy->start(&error), qPrintable(error));

        const CliRun full = backup();
        QVERIFY2(full.exitCode == 0, full.err.constData());
        m_streamBytes = m_proxy->lastConnectionBytes();
        QVERIFY2(m_streamBytes > 3000000, qPrintable(QString::number(m_streamBytes)));
        QCOMPARE(m_proxy->connections(), 1);
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        QCOMPARE(m_node.stop(), 0);
    }

    void init()
    {
        m_proxy->setFault(FaultProxy::Fault::None);
        m_proxy->resetCounters();
    }

    void stallMidStreamTimesOutWithTheHost()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        const qint64 at = m_streamBytes / 2;
        m_proxy->setFault(FaultProxy::Fault::Stall, at, 1);
        const CliRun run = backup({QStringLiteral("--timeout"), QStringLiteral("3")});
        QCOMPARE(run.exitCode, 4); // Connection
        QVERIFY2(run.err.contains(m_proxy->host().toUtf8()), run.err.constData());
        static const QRegularExpression timedOut(QStringLiteral("(sent nothing for|sent no complete frame within) 3 s"));
        QVERIFY2(timedOut.match(QString::fromUtf8(run.err)).hasMatch(), run.err.constData());
        QCOMPARE(m_proxy->lastConnectionBytes(), at); // It stalled mid-stream, not before.
        // Given up after the timeout, not long after it (the margin covers a sanitizer build).
        QVERIFY2(run.ms >= 2900 && run.ms < 3000 + 12000, qPrintable(QString::number(run.ms)));
        checkNothingChanged(before);
    }

    void cutMidStreamFailsAtOnce()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        const qint64 at = m_streamBytes / 3;
        m_proxy->setFault(FaultProxy::Fault::Cut, at, 1);
        const CliRun run = backup({QStringLiteral("--timeout"), QStringLiteral("60")});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("Connection lost to"), run.err.constData());
        QVERIFY2(run.err.contains(m_proxy->host().toUtf8()), run.err.constData());
        QCOMPARE(m_proxy->lastConnectionBytes(), at);
        QVERIFY2(run.ms < 15000, qPrintable(QString::number(run.ms))); // Not the 60 s timeout.
        checkNothingChanged(before);
    }

    void refusedConnectionFailsAtOnce()
    {
        const auto before = snapshotOf(m_backups.path());
        m_proxy->setFault(FaultProxy::Fault::Refuse);
        const CliRun run = backup();
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains(m_proxy->host().toUtf8()), run.err.constData());
        QVERIFY2(run.ms < 15000, qPrintable(QString::number(run.ms)));
        QCOMPARE(m_proxy->connections(), 1);
        checkNothingChanged(before);
    }

    void retriesGetPastTwoCutConnections()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        m_proxy->setFault(FaultProxy::Fault::Cut, m_streamBytes / 2, 2);
        const CliRun run = backup({QStringLiteral("--retries"), QStringLiteral("3"), QStringLiteral("--retry-wait"), QStringLiteral("0.2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(m_proxy->connections(), 3);
        QCOMPARE(run.err.count("retrying in"), 2);
        QVERIFY2(run.err.contains("tidemark: attempt 1 of 4 failed: Connection lost to"), run.err.constData());
        QVERIFY2(run.err.contains("retrying in 0.2 s"), run.err.constData());
        QVERIFY2(run.err.contains("tidemark: attempt 2 of 4 failed: "), run.err.constData());
        QVERIFY2(run.err.contains("retrying in 0.4 s"), run.err.constData()); // Doubled.
        QVERIFY(!run.err.contains("attempt 3 of 4"));
        // Exactly one new link, the one announced, and no leftover of the cut attempts.
        const auto after = snapshotOf(m_backups.path());
        QCOMPARE(after.size(), before.size() + 1);
        const QString written = QString::fromUtf8(run.out).section(QStringLiteral(" written to "), 1).section(QLatin1Char(':'), 0, 0);
        QVERIFY2(after.contains(QFileInfo(written).fileName()) && !before.contains(QFileInfo(written).fileName()), run.out.constData());
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
        checkChainVerifies();
    }

    void retriesGiveUpAfterTheLastWithJsonEvents()
    {
        const auto before = snapshotOf(m_backups.path());
        m_proxy->setFault(FaultProxy::Fault::Refuse);
        const CliRun run = backup({QStringLiteral("--retries"), QStringLiteral("2"), QStringLiteral("--retry-wait"), QStringLiteral("0.3"),
                                   QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 4);
        QCOMPARE(m_proxy->connections(), 3);
        QVERIFY2(run.ms >= 900, qPrintable(QString::number(run.ms))); // 0.3 s + 0.6 s of waiting.
        QList<QJsonObject> retries;
        QJsonObject error;
        for (const QByteArray &line : run.out.split('\n')) {
            const QJsonObject event = QJsonDocument::fromJson(line).object();
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("retry"))
                retries << event;
            if (event.value(QStringLiteral("event")).toString() == QLatin1String("error"))
                error = event;
        }
        QCOMPARE(retries.size(), 2);
        QCOMPARE(retries[0].value(QStringLiteral("attempt")).toInt(), 1);
        QCOMPARE(retries[1].value(QStringLiteral("attempt")).toInt(), 2);
        QCOMPARE(retries[1].value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(retries[0].value(QStringLiteral("waitSeconds")).toDouble(), 0.3);
        QCOMPARE(retries[1].value(QStringLiteral("waitSeconds")).toDouble(), 0.6);
        QVERIFY(retries[0].value(QStringLiteral("error")).toString().contains(m_proxy->host()));
        QCOMPARE(error.value(QStringLiteral("code")).toInt(), 4);
        QCOMPARE(run.err.count("retrying in"), 2); // The stderr lines come with --json too.
        QCOMPARE(snapshotOf(m_backups.path()), before);
    }

    void interruptDuringTheRetryWaitCancels()
    {
        const auto before = snapshotOf(m_backups.path());
        m_proxy->setFault(FaultProxy::Fault::Refuse);
        QProcess backup;
        backup.start(NodeProcess::cliBinary(), {QStringLiteral("backup"), QStringLiteral("-host"), m_proxy->host(), QStringLiteral("--retries"),
                                                QStringLiteral("5"), QStringLiteral("--retry-wait"), QStringLiteral("30"), chainPath()});
        QVERIFY(backup.waitForStarted());
        QByteArray err;
        QElapsedTimer timer;
        timer.start();
        while (!err.contains("retrying in 30 s") && timer.elapsed() < 30000 && backup.state() == QProcess::Running) {
            backup.waitForReadyRead(100);
            err += backup.readAllStandardError();
        }
        QVERIFY2(err.contains("retrying in 30 s"), err.constData());
        timer.restart();
        ::kill(static_cast<pid_t>(backup.processId()), SIGINT);
        QVERIFY(backup.waitForFinished(30000));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(backup.exitCode(), 13); // Cancelled
        QCOMPARE(m_proxy->connections(), 1);
        QCOMPARE(snapshotOf(m_backups.path()), before);
    }

    void wrongTokenIsNotRetried()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("idle-timeout"), QStringLiteral("\"30s\"\nauth-token = \"correct-token-0123456789\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        FaultProxy proxy(node.snapshotPort());
        QVERIFY2(proxy.start(&error), qPrintable(error));
        QTemporaryDir dir;
        QFile token(dir.filePath(QStringLiteral("token")));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("wrong-token-0123456789\n");
        token.close();
        const CliRun run = runCli({QStringLiteral("backup"), QStringLiteral("-host"), proxy.host(), QStringLiteral("--token-file"), token.fileName(),
                                   QStringLiteral("--retries"), QStringLiteral("3"), QStringLiteral("--retry-wait"), QStringLiteral("0.1"),
                                   dir.filePath(QStringLiteral("s"))});
        QCOMPARE(run.exitCode, 5); // Auth
        QVERIFY2(run.err.contains("answered 401"), run.err.constData());
        QVERIFY(!run.err.contains("retrying"));
        QCOMPARE(proxy.connections(), 1);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("token")});
    }

    void snapshotsDisabledIsNotRetried()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("enabled"), QStringLiteral("false"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        FaultProxy proxy(node.snapshotPort());
        QVERIFY2(proxy.start(&error), qPrintable(error));
        QTemporaryDir dir;
        const CliRun run = runCli({QStringLiteral("backup"), QStringLiteral("-host"), proxy.host(), QStringLiteral("--retries"), QStringLiteral("3"),
                                   QStringLiteral("--retry-wait"), QStringLiteral("0.1"), dir.filePath(QStringLiteral("s"))});
        QCOMPARE(run.exitCode, 6); // Snapshots disabled
        QVERIFY2(run.err.contains("answered 404"), run.err.constData());
        QVERIFY(!run.err.contains("retrying"));
        QCOMPARE(proxy.connections(), 1);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }

    void badRetryOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("negative retries") << QStringList{QStringLiteral("--retries"), QStringLiteral("-1")};
        QTest::newRow("retries not a number") << QStringList{QStringLiteral("--retries"), QStringLiteral("many")};
        QTest::newRow("wait over 30 s") << QStringList{QStringLiteral("--retry-wait"), QStringLiteral("31")};
        QTest::newRow("negative wait") << QStringList{QStringLiteral("--retry-wait"), QStringLiteral("-1")};
    }

    void badRetryOptionsAreUsageErrors()
    {
        QFETCH(QStringList, options);
        const CliRun run = backup(options);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--retr"), run.err.constData());
        QCOMPARE(m_proxy->connections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNetworkFaults)

#include "tst_networkfaults.moc"
