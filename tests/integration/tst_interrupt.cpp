// SIGINT and SIGTERM in the middle of the long commands, for both node kinds: a backup, a restore
// of a few hundred MB and a verify end within 2 s with exit code 13; the backup leaves no link,
// the restore leaves the target exactly as it was (rolled back), the verify no scratch directory. A verify killed with
// SIGKILL leaves its scratch; the next command of any kind removes it, but never a live one's.
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace tidemark::test;

namespace {

// The size of each node's data: big enough that a restore and a verify run for seconds.
int megabytes()
{
    const int mb = qEnvironmentVariableIntValue("TIDEMARK_INTERRUPT_MB");
    return mb > 0 ? mb : 160;
}

// Points of incompressible 1 KiB strings (so influxd's TSM files are as big as the text).
QByteArray randomBatch(int lines, qint64 startNs, int *serial)
{
    QByteArray body;
    body.reserve(lines * 1200);
    QByteArray payload(768, '\0');
    for (int j = 0; j < lines; ++j) {
        auto *words = reinterpret_cast<quint32 *>(payload.data());
        QRandomGenerator::global()->fillRange(words, payload.size() / 4);
        const int n = ++*serial;
        body += "big,host=h" + QByteArray::number(j % 16) + " s=\"" + payload.toBase64() + "\" " +
                QByteArray::number(startNs + qint64{n} * 1000000) + '\n';
    }
    return body;
}

// About `mb` MB spread over 8 weeks (8 shards on either kind), so no single file is huge.
template <typename Node> bool writeMegabytes(Node &node, const QString &db, int mb)
{
    static int serial = 0;
    constexpr int kLines = 2000; // ~2 MB per request
    for (int b = 0; b < std::max(1, mb / 2); ++b) {
        const qint64 week = (10 + 7 * (b % 8)) * kDayNs;
        if (node.request("POST", QStringLiteral("/write?db=%1").arg(db), randomBatch(kLines, week, &serial)).status !=
            204)
            return false;
    }
    return true;
}

// Every directory whose name starts with `prefix` in `dir`.
QStringList dirsStartingWith(const QString &dir, const QString &prefix)
{
    return QDir(dir).entryList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
}

struct Interrupted {
    int exitCode = -1;
    bool crashed = false;
    qint64 msAfterSignal = -1;
    QByteArray err;
};

// Runs tidemark-cli `args`; once `ready()` holds (polled every 5 ms) sends `signal` and measures
// how long the process takes to end.
Interrupted interrupt(const QStringList &args, const std::function<bool()> &ready, int signal)
{
    Interrupted result;
    QProcess process;
    process.start(NodeProcess::cliBinary(), args);
    if (!process.waitForStarted())
        return result;
    QElapsedTimer clock;
    clock.start();
    while (!ready() && process.state() == QProcess::Running && clock.elapsed() < 300000)
        QTest::qWait(5);
    if (process.state() != QProcess::Running) {
        result.err = "ended before the signal: " + process.readAllStandardError();
        return result;
    }
    ::kill(static_cast<pid_t>(process.processId()), signal);
    clock.restart();
    process.waitForFinished(60000);
    result.msAfterSignal = clock.elapsed();
    result.crashed = process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.err += process.readAllStandardError();
    qInfo("%s: signal %d, ended %lld ms later with exit code %d", qPrintable(args.join(u' ').left(60)), signal,
          result.msAfterSignal, result.exitCode);
    return result;
}

} // namespace

class TestInterrupt : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    InfluxProcess m_influx;
    QTemporaryDir m_backups;
    QString m_chain;       ///< Of the Tidemark node: a full and an incremental.
    QString m_influxChain; ///< Of the influxd: a full.

    QString chainOf(const QString &kind) const { return kind == QLatin1String("tidemark") ? m_chain : m_influxChain; }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+big")).status, 200);
        QVERIFY(writeMegabytes(m_node, QStringLiteral("big"), megabytes() * 3 / 4));
        m_chain = m_backups.filePath(QStringLiteral("tidemark/node"));
        QVERIFY(QDir().mkpath(QFileInfo(m_chain).path()));
        QByteArray err;
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), m_chain},
                                nullptr, &err),
            0);
        QVERIFY(writeMegabytes(m_node, QStringLiteral("big"), megabytes() / 4));
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), m_chain},
                                nullptr, &err),
            0);

        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is missing: install the influxdb package");
        QVERIFY2(m_influx.start(&error), qPrintable(error));
        QCOMPARE(m_influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+big")).status, 200);
        QVERIFY(writeMegabytes(m_influx, QStringLiteral("big"), megabytes()));
        m_influxChain = m_backups.filePath(QStringLiteral("influx/node"));
        QVERIFY(QDir().mkpath(QFileInfo(m_influxChain).path()));
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                      QStringLiteral("-host"), m_influx.snapshotHost(), m_influxChain},
                                     nullptr, &err) == 0,
                 err.constData());
        QVERIFY2(QFileInfo(m_influxChain).size() > qint64{megabytes()} * 1000 * 1000 / 2,
                 qPrintable(QString::number(QFileInfo(m_influxChain).size())));
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_node.stop(), 0);
        m_influx.stop();
    }

    void restoreEndsWithin2sAndRollsBack_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("signal");
        QTest::newRow("tidemark, SIGINT") << QStringLiteral("tidemark") << SIGINT;
        QTest::newRow("tidemark, SIGTERM") << QStringLiteral("tidemark") << SIGTERM;
        QTest::newRow("influxdb1, SIGINT") << QStringLiteral("influxdb1") << SIGINT;
        QTest::newRow("influxdb1, SIGTERM") << QStringLiteral("influxdb1") << SIGTERM;
    }

    void restoreEndsWithin2sAndRollsBack()
    {
        QFETCH(QString, kind);
        QFETCH(int, signal);
        // A stopped node with data of its own: what must be exactly as before afterwards.
        QString config;
        QString data;
        QString root;
        NodeProcess target;
        InfluxProcess influxTarget;
        QString error;
        if (kind == QLatin1String("tidemark")) {
            QVERIFY2(target.start(&error), qPrintable(error));
            QCOMPARE(target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
            QCOMPARE(target.request("POST", QStringLiteral("/write?db=old"), "before v=1 1000").status, 204);
            QCOMPARE(target.stop(), 0);
            config = target.configPath();
            data = target.dataDir();
            root = target.root();
        } else {
            QVERIFY2(influxTarget.start(&error), qPrintable(error));
            QCOMPARE(influxTarget.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
            QCOMPARE(influxTarget.request("POST", QStringLiteral("/write?db=old"), "before v=1 1000").status, 204);
            influxTarget.stop();
            config = influxTarget.configPath();
            data = influxTarget.dataDir();
            root = influxTarget.root();
        }
        const QByteArray before = treeHash(root);

        // The signal comes while the restore writes: its journal exists from the first byte written.
        const QString journal = QDir(data).canonicalPath() + QStringLiteral(".restore-journal");
        const Interrupted run = interrupt(
            {QStringLiteral("restore"), QStringLiteral("-config"), config, chainOf(kind), QStringLiteral("--owner"),
             currentUser(), QStringLiteral("--yes")},
            [&] { return QFileInfo::exists(journal); }, signal);
        QVERIFY2(!run.crashed, run.err.constData());
        QVERIFY2(run.exitCode == 13,
                 qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(QString::fromUtf8(run.err))));
        QVERIFY2(run.msAfterSignal < 2000,
                 qPrintable(QStringLiteral("ended %1 ms after the signal").arg(run.msAfterSignal)));
        QVERIFY2(run.err.contains("cancelled"), run.err.constData());
        QCOMPARE(treeHash(root), before);
    }

    void backupEndsWithin2sAndLeavesNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("when");
        QTest::addColumn<int>("signal");
        QTest::newRow("tidemark, SIGINT while receiving")
            << QStringLiteral("tidemark") << QStringLiteral("tmp") << SIGINT;
        QTest::newRow("tidemark, SIGTERM 300 ms in")
            << QStringLiteral("tidemark") << QStringLiteral("start") << SIGTERM;
        QTest::newRow("influxdb1, SIGINT while streaming shards")
            << QStringLiteral("influxdb1") << QStringLiteral("tmp") << SIGINT;
    }

    void backupEndsWithin2sAndLeavesNothing()
    {
        QFETCH(QString, kind);
        QFETCH(QString, when);
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString chain = dir.filePath(QStringLiteral("node"));
        const QByteArray before = treeHash(dir.path());
        const QString host = kind == QLatin1String("tidemark") ? m_node.snapshotHost() : m_influx.snapshotHost();
        QElapsedTimer started;
        started.start();
        const auto ready = [&] {
            if (when == QLatin1String("tmp"))
                return QFileInfo::exists(chain + QStringLiteral(".tmp"));
            return started.elapsed() > 300;
        };
        const Interrupted run =
            interrupt({QStringLiteral("backup"), QStringLiteral("--kind"), kind, QStringLiteral("-host"), host, chain},
                      ready, signal);
        QVERIFY2(!run.crashed, run.err.constData());
        QVERIFY2(run.exitCode == 13,
                 qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(QString::fromUtf8(run.err))));
        QVERIFY2(run.msAfterSignal < 2000,
                 qPrintable(QStringLiteral("ended %1 ms after the signal").arg(run.msAfterSignal)));
        QCOMPARE(treeHash(dir.path()), before); // No link, no .tmp, no lock, no scratch.
    }

    void verifyEndsWithin2sAndLeavesNoScratch_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("signal");
        QTest::newRow("tidemark, SIGTERM") << QStringLiteral("tidemark") << SIGTERM;
        QTest::newRow("influxdb1, SIGINT") << QStringLiteral("influxdb1") << SIGINT;
    }

    void verifyEndsWithin2sAndLeavesNoScratch()
    {
        QFETCH(QString, kind);
        QFETCH(int, signal);
        const QString dir = QFileInfo(chainOf(kind)).path();
        const QByteArray before = treeHash(dir);
        const Interrupted run = interrupt(
            {QStringLiteral("verify"), chainOf(kind)},
            [&] { return !dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-")).isEmpty(); }, signal);
        QVERIFY2(!run.crashed, run.err.constData());
        QVERIFY2(run.exitCode == 13,
                 qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(QString::fromUtf8(run.err))));
        QVERIFY2(run.msAfterSignal < 2000,
                 qPrintable(QStringLiteral("ended %1 ms after the signal").arg(run.msAfterSignal)));
        QCOMPARE(treeHash(dir), before); // No scratch, nothing else either.
    }

    void killedVerifyScratchIsRemovedByTheNextCommand()
    {
        const QString dir = QFileInfo(m_chain).path();
        const Interrupted run = interrupt(
            {QStringLiteral("verify"), m_chain},
            [&] {
                // Killed once its scratch is locked: a scratch killed between its mkdir and its
                // lock has no owner to ask and is only removed once it is a minute old.
                const QStringList scratch = dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-"));
                return !scratch.isEmpty() &&
                       QFileInfo::exists(dir + QLatin1Char('/') + scratch.first() + QStringLiteral("/owner.lock"));
            },
            SIGKILL);
        QVERIFY(run.crashed);
        const QStringList dead = dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-"));
        QCOMPARE(dead.size(), 1); // Left by the kill.

        QByteArray out;
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("info"), m_chain}, &out, &err), 0);
        QVERIFY(!QFileInfo::exists(dir + QLatin1Char('/') + dead.first()));
        QVERIFY(dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-")).isEmpty());

        // A verify that runs keeps its scratch while another command cleans up.
        QProcess live;
        live.start(NodeProcess::cliBinary(), {QStringLiteral("verify"), m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-")).size() == 1, 30000);
        // Removing a live verify's scratch would fail it: it must end with 0.
        QCOMPARE(NodeProcess::runCli({QStringLiteral("info"), m_chain}, &out, &err), 0);
        QCOMPARE(live.state(), QProcess::Running);
        QVERIFY(live.waitForFinished(120000));
        QCOMPARE(live.exitCode(), 0);
        QVERIFY(dirsStartingWith(dir, QStringLiteral(".tidemark-scratch-")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInterrupt)
#include "tst_interrupt.moc"
