// The network breaks under a running backup: a real tidemarkd, the real tidemark-cli, and a
// FaultProxy between them that stalls, cuts or refuses connections at exact byte offsets. After
// every failure the chain is exactly as it was and verifies; --retries gets past transient
// failures and only those.
#include "support/InfluxProcess.h"
#include "support/ProxiedNode.h"
#include "support/Workload.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
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
    ProxiedNode m_proxied;
    QTemporaryDir m_backups;
    qint64 m_streamBytes = 0; // Of the full backup through the proxy.
    int m_batch = 0;

    QString chainPath() const { return m_backups.filePath(QStringLiteral("snap")); }
    FaultProxy &proxy() { return m_proxied.proxy(); }
    NodeProcess &node() { return m_proxied.node(); }

    // Whole files: the faults are placed by the full's stream size, which an incremental of whole
    // files matches; a block link would end before them.
    CliRun backup(const QStringList &extra = {})
    {
        return runCli(QStringList{QStringLiteral("backup"), QStringLiteral("--whole-files"), QStringLiteral("-host"),
                                  proxy().host()} +
                      extra + QStringList{chainPath()});
    }

    // One more batch into the big shard: the next incremental holds that whole shard again.
    bool touch() { return node().request("POST", QStringLiteral("/write?db=hot"), batch(++m_batch)).status == 204; }

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
        proxy().closeAll();
        QTRY_COMPARE_WITH_TIMEOUT(m_proxied.stagingEntries(), QStringList(), 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_proxied.start(4000, &error), qPrintable(error)); // About 4 MB: a stream of many frames.

        const CliRun full = backup();
        QVERIFY2(full.exitCode == 0, full.err.constData());
        m_streamBytes = proxy().lastConnectionBytes();
        QVERIFY2(m_streamBytes > 3000000, qPrintable(QString::number(m_streamBytes)));
        QCOMPARE(proxy().connections(), 1);
    }

    void cleanupTestCase() { QCOMPARE(m_proxied.stop(), 0); }

    void init()
    {
        proxy().setFault(FaultProxy::Fault::None);
        proxy().resetCounters();
    }

    void stallMidStreamTimesOutWithTheHost()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        const qint64 at = m_streamBytes / 2;
        proxy().setFault(FaultProxy::Fault::Stall, at, 1);
        const CliRun run = backup({QStringLiteral("--timeout"), QStringLiteral("3")});
        QCOMPARE(run.exitCode, 4); // Connection
        QVERIFY2(run.err.contains(proxy().host().toUtf8()), run.err.constData());
        static const QRegularExpression timedOut(
            QStringLiteral("(sent nothing for|sent no complete frame within) 3 s"));
        QVERIFY2(timedOut.match(QString::fromUtf8(run.err)).hasMatch(), run.err.constData());
        QCOMPARE(proxy().lastConnectionBytes(), at); // It stalled mid-stream, not before.
        // Given up after the timeout, not long after it (the margin covers a sanitizer build).
        QVERIFY2(run.ms >= 2900 && run.ms < 3000 + 12000, qPrintable(QString::number(run.ms)));
        checkNothingChanged(before);
    }

    void cutMidStreamFailsAtOnce()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        const qint64 at = m_streamBytes / 3;
        proxy().setFault(FaultProxy::Fault::Cut, at, 1);
        const CliRun run = backup({QStringLiteral("--timeout"), QStringLiteral("60")});
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains("Connection lost to"), run.err.constData());
        QVERIFY2(run.err.contains(proxy().host().toUtf8()), run.err.constData());
        QCOMPARE(proxy().lastConnectionBytes(), at);
        QVERIFY2(run.ms < 15000, qPrintable(QString::number(run.ms))); // Not the 60 s timeout.
        checkNothingChanged(before);
    }

    void refusedConnectionFailsAtOnce()
    {
        const auto before = snapshotOf(m_backups.path());
        proxy().setFault(FaultProxy::Fault::Refuse);
        const CliRun run = backup();
        QCOMPARE(run.exitCode, 4);
        QVERIFY2(run.err.contains(proxy().host().toUtf8()), run.err.constData());
        QVERIFY2(run.ms < 15000, qPrintable(QString::number(run.ms)));
        QCOMPARE(proxy().connections(), 1);
        checkNothingChanged(before);
    }

    void retriesGetPastTwoCutConnections()
    {
        QVERIFY(touch());
        const auto before = snapshotOf(m_backups.path());
        proxy().setFault(FaultProxy::Fault::Cut, m_streamBytes / 2, 2);
        const CliRun run = backup(
            {QStringLiteral("--retries"), QStringLiteral("3"), QStringLiteral("--retry-wait"), QStringLiteral("0.2")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(proxy().connections(), 3);
        QCOMPARE(run.err.count("retrying in"), 2);
        QVERIFY2(run.err.contains("tidemark: attempt 1 of 4 failed: Connection lost to"), run.err.constData());
        QVERIFY2(run.err.contains("retrying in 0.2 s"), run.err.constData());
        QVERIFY2(run.err.contains("tidemark: attempt 2 of 4 failed: "), run.err.constData());
        QVERIFY2(run.err.contains("retrying in 0.4 s"), run.err.constData()); // Doubled.
        QVERIFY(!run.err.contains("attempt 3 of 4"));
        // Exactly one new link, the one announced, and no leftover of the cut attempts.
        const auto after = snapshotOf(m_backups.path());
        QCOMPARE(after.size(), before.size() + 1);
        const QString written =
            QString::fromUtf8(run.out).section(QStringLiteral(" written to "), 1).section(QLatin1Char(':'), 0, 0);
        QVERIFY2(after.contains(QFileInfo(written).fileName()) && !before.contains(QFileInfo(written).fileName()),
                 run.out.constData());
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
        checkChainVerifies();
    }

    void retriesGiveUpAfterTheLastWithJsonEvents()
    {
        const auto before = snapshotOf(m_backups.path());
        proxy().setFault(FaultProxy::Fault::Refuse);
        const CliRun run = backup({QStringLiteral("--retries"), QStringLiteral("2"), QStringLiteral("--retry-wait"),
                                   QStringLiteral("0.3"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 4);
        QCOMPARE(proxy().connections(), 3);
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
        QVERIFY(retries[0].value(QStringLiteral("error")).toString().contains(proxy().host()));
        QCOMPARE(error.value(QStringLiteral("code")).toInt(), 4);
        QCOMPARE(run.err.count("retrying in"), 2); // The stderr lines come with --json too.
        QCOMPARE(snapshotOf(m_backups.path()), before);
    }

    void interruptDuringTheRetryWaitCancels()
    {
        const auto before = snapshotOf(m_backups.path());
        proxy().setFault(FaultProxy::Fault::Refuse);
        QProcess backup;
        backup.start(NodeProcess::cliBinary(),
                     {QStringLiteral("backup"), QStringLiteral("-host"), proxy().host(), QStringLiteral("--retries"),
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
        QCOMPARE(proxy().connections(), 1);
        QCOMPARE(snapshotOf(m_backups.path()), before);
    }

    void refusalsAreNotRetried_data()
    {
        QTest::addColumn<QString>("configKey");
        QTest::addColumn<QString>("configValue");
        QTest::addColumn<bool>("wrongToken");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("401 wrong token") << QStringLiteral("idle-timeout")
                                         << QStringLiteral("\"30s\"\nauth-token = \"correct-token-0123456789\"") << true
                                         << 5 << QByteArray("answered 401");
        QTest::newRow("404 snapshots disabled")
            << QStringLiteral("enabled") << QStringLiteral("false") << false << 6 << QByteArray("answered 404");
    }

    void refusalsAreNotRetried()
    {
        QFETCH(QString, configKey);
        QFETCH(QString, configValue);
        QFETCH(bool, wrongToken);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        NodeProcess refusing;
        refusing.setConfigLine(configKey, configValue);
        QString error;
        QVERIFY2(refusing.start(&error), qPrintable(error));
        FaultProxy counting(refusing.snapshotPort());
        QVERIFY2(counting.start(&error), qPrintable(error));
        QTemporaryDir dir;
        QStringList args{QStringLiteral("backup"), QStringLiteral("-host"),
                         counting.host(),          QStringLiteral("--retries"),
                         QStringLiteral("3"),      QStringLiteral("--retry-wait"),
                         QStringLiteral("0.1"),    dir.filePath(QStringLiteral("s"))};
        if (wrongToken) {
            QFile token(dir.filePath(QStringLiteral("token")));
            QVERIFY(token.open(QIODevice::WriteOnly));
            token.write("wrong-token-0123456789\n");
            args << QStringLiteral("--token-file") << token.fileName();
        }
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(!run.err.contains("retrying"));
        QCOMPARE(counting.connections(), 1); // One attempt only.
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("s"))));
    }

    void influxRetriesGetPastCutConnections()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        InfluxProcess influx;
        QString error;
        QVERIFY2(influx.start(&error), qPrintable(error));
        QCOMPARE(influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QCOMPARE(influx
                     .request("POST", QStringLiteral("/write?db=tm"),
                              "cpu,host=a v=1 1000000000\ncpu,host=b v=2 2000000000\n")
                     .status,
                 204);
        FaultProxy cutting(influx.snapshotPort());
        QVERIFY2(cutting.start(&error), qPrintable(error));
        cutting.setFault(FaultProxy::Fault::Cut, 0, 2); // The first two connections close before any answer.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("influx"));
        const CliRun run = runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                   QStringLiteral("-host"), cutting.host(), QStringLiteral("--retries"),
                                   QStringLiteral("3"), QStringLiteral("--retry-wait"), QStringLiteral("0.1"), path});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.err.count("retrying in"), 2);
        QVERIFY2(run.err.contains(QByteArray("attempt 2 of 4 failed: InfluxDB node " + cutting.host().toUtf8())),
                 run.err.constData());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("influx")});
        const CliRun verify = runCli({QStringLiteral("verify"), path});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        QCOMPARE(influx.stop(), 0);
    }

    // Shards fetched four at a time, and one of them is cut short (the one shard bigger than the
    // cut, among small ones): the backup fails naming that shard, and nothing is left beside the
    // chain (no link, no .tmp, no lock, no scratch). Through the same proxy without the fault the
    // backup works.
    void influxOneBrokenFetchAmongConcurrentOnesLeavesNothing()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        InfluxProcess influx;
        QString error;
        QVERIFY2(influx.start(&error), qPrintable(error));
        // Shard 1: about 1 MiB of incompressible strings, in one TSM file.
        QCOMPARE(influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+big")).status, 200);
        QByteArray big;
        QRandomGenerator random(13);
        for (int i = 0; i < 1000; ++i) {
            QByteArray text(512, Qt::Uninitialized);
            random.fillRange(reinterpret_cast<quint32 *>(text.data()), text.size() / 4);
            big += "blob,i=" + QByteArray::number(i % 10) + " s=\"" + text.toHex() + "\" " +
                   QByteArray::number(1000000000LL * (i + 1)) + '\n';
        }
        QCOMPARE(influx.request("POST", QStringLiteral("/write?db=big"), big).status, 204);
        // Shards 2..9: one small shard per week.
        QCOMPARE(influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QByteArray small;
        for (int week = 1; week <= 8; ++week)
            small += "cpu,week=" + QByteArray::number(week) + " v=1 " +
                     QByteArray::number(week * 7 * 86400LL * 1000000000LL) + '\n';
        QCOMPARE(influx.request("POST", QStringLiteral("/write?db=tm"), small).status, 204);

        FaultProxy cutting(influx.snapshotPort());
        QVERIFY2(cutting.start(&error), qPrintable(error));
        cutting.setFault(FaultProxy::Fault::Cut, 256 * 1024, -1); // Only shard 1's answer is that long.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("influx"));
        const QStringList args = {QStringLiteral("backup"),
                                  QStringLiteral("--kind"),
                                  QStringLiteral("influxdb1"),
                                  QStringLiteral("-host"),
                                  cutting.host(),
                                  QStringLiteral("--connections"),
                                  QStringLiteral("4"),
                                  path};
        const CliRun run = runCli(args);
        QCOMPARE(run.exitCode, 7); // Integrity: the tar ends inside a file.
        QVERIFY2(run.err.contains("shard 1"), run.err.constData());
        QVERIFY(cutting.connections() >= 4); // meta store, shard list, shard 1 and others
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());

        cutting.setFault(FaultProxy::Fault::None);
        const CliRun again = runCli(args);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("influx")});
        const CliRun verify = runCli({QStringLiteral("verify"), path});
        QVERIFY2(verify.exitCode == 0, verify.err.constData());
        QCOMPARE(influx.stop(), 0);
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
        QCOMPARE(proxy().connections(), 0);
    }
};

QTEST_GUILESS_MAIN(TestNetworkFaults)

#include "tst_networkfaults.moc"
