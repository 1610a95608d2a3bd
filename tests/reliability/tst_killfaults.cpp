// kill -9 in the middle of a backup, many times over, at byte offsets drawn from a seeded
// generator: once the client, once the node. A FaultProxy between them counts the stream and
// kills the victim when exactly that many bytes have gone through. After every round the chain
// verifies, holds no partial link, the node keeps no staging, and the next backup succeeds. Both
// with whole-file incrementals and with block links (the node's changed pages of a file it sent).
//
// Rounds: TIDEMARK_FAULT_ROUNDS for each victim, 10 by default (a round takes about 3 s in the
// sanitizer build on two busy cores, so 50 + 50 take near 6 minutes: the long CI run sets 50);
// TIDEMARK_FAULT_SEED replays one run.
#include "support/ProxiedNode.h"
#include "support/Workload.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>

using namespace tidemark::test;

namespace {

constexpr int kDefaultRounds = 10;
constexpr int kLinksPerChain = 5; // Then a new chain, so that verifying stays quick.

} // namespace

class TestKillFaults : public QObject {
    Q_OBJECT

private:
    enum class Victim { Client, Node };

    ProxiedNode m_proxied;
    QTemporaryDir m_backups;
    QRandomGenerator m_random;
    int m_rounds = kDefaultRounds;
    int m_batch = 0;
    int m_chain = 0;
    int m_links = 0;
    qint64 m_lastStreamBytes = 0;
    bool m_blockLinks = false; ///< Incrementals as block links (the default) instead of --whole-files.
    // Where the time goes, for the summary line: killed attempts, waits for the node's cleanup
    // and restarts, good backups, verifications.
    qint64 m_msAttempts = 0;
    qint64 m_msNode = 0;
    qint64 m_msBackups = 0;
    qint64 m_msVerify = 0;

    FaultProxy &proxy() { return m_proxied.proxy(); }
    NodeProcess &node() { return m_proxied.node(); }
    QString chainPath() const { return m_backups.filePath(QStringLiteral("snap%1").arg(m_chain)); }
    QStringList backupFiles() const { return QDir(m_backups.path()).entryList(QDir::Files, QDir::Name); }
    QStringList backupArgs()
    {
        QStringList args{QStringLiteral("backup")};
        if (!m_blockLinks)
            args << QStringLiteral("--whole-files");
        return args << QStringLiteral("-host") << proxy().host() << chainPath();
    }

    // A successful backup through the proxy; its stream size bounds the next round's offset.
    void backUp()
    {
        QElapsedTimer timer;
        timer.start();
        const auto account = qScopeGuard([&] { m_msBackups += timer.elapsed(); });
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupArgs(), &out, &err) == 0, err.constData());
        const QString expected =
            m_links == 0 ? QStringLiteral("Full backup written to ") + chainPath()
                         : QStringLiteral("Incremental backup written to %1.%2").arg(chainPath()).arg(m_links - 1);
        QVERIFY2(out.startsWith(QByteArray(expected.toUtf8() + ':')), out.constData());
        ++m_links;
        // Block links: kills are placed within an incremental's stream, which a full's would not fit.
        if (!m_blockLinks || m_links > 1)
            m_lastStreamBytes = proxy().lastConnectionBytes();
        QVERIFY(m_lastStreamBytes > 1000);
        // The leftovers of a killed client (PATH.N.tmp, a stale PATH.lock) are gone.
        for (const QString &name : backupFiles())
            QVERIFY2(!name.endsWith(QLatin1String(".tmp")) && !name.endsWith(QLatin1String(".lock")), qPrintable(name));
    }

    void verifyChain()
    {
        QElapsedTimer timer;
        timer.start();
        const auto account = qScopeGuard([&] { m_msVerify += timer.elapsed(); });
        if (m_links == 0) { // A new chain whose full backup was killed: it must not have begun.
            QVERIFY2(!QFileInfo::exists(chainPath()), qPrintable(chainPath()));
            return;
        }
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chainPath()}, &out, &err) == 0, err.constData());
        QVERIFY(out.contains("The chain is complete"));
    }

    // One round: a write, a backup killed at a random offset, the checks, a backup that succeeds.
    // Returns through *killed whether the victim died (the offset may lie past a short stream).
    void round(Victim victim, bool *killed)
    {
        if (m_links == kLinksPerChain) {
            ++m_chain;
            m_links = 0;
        }
        QCOMPARE(node().request("POST", QStringLiteral("/write?db=hot"), batch(++m_batch)).status, 204);
        const QStringList before = backupFiles();
        const qint64 offset = 1 + static_cast<qint64>(m_random.bounded(static_cast<quint64>(m_lastStreamBytes - 1)));
        // The kill is placed by the last stream's size: whole files, or block links after block links.
        const QStringList args = backupArgs();
        QElapsedTimer timer;
        timer.start();

        if (victim == Victim::Client) {
            QProcess backup;
            std::atomic<qint64> pid{0};
            proxy().callWhenForwarded(offset, [&pid] {
                for (int i = 0; pid == 0 && i < 500; ++i)
                    QThread::msleep(10);
                ::kill(static_cast<pid_t>(pid.load()), SIGKILL);
            });
            backup.start(NodeProcess::cliBinary(), args);
            QVERIFY(backup.waitForStarted());
            pid = backup.processId();
            QVERIFY(backup.waitForFinished(120000));
            m_msAttempts += timer.restart();
            const bool fired = proxy().disarmCallback();
            *killed = backup.exitStatus() == QProcess::CrashExit;
            QVERIFY2(*killed == fired, qPrintable(QStringLiteral("offset %1: fired %2, exit status %3, code %4: %5")
                                                      .arg(offset)
                                                      .arg(fired)
                                                      .arg(backup.exitStatus())
                                                      .arg(backup.exitCode())
                                                      .arg(QString::fromUtf8(backup.readAllStandardError()))));
            if (*killed) {
                // No new link: only a temporary file and the dead process's lock may be left.
                for (const QString &name : backupFiles()) {
                    if (!before.contains(name))
                        QVERIFY2(name.endsWith(QLatin1String(".tmp")) || name.endsWith(QLatin1String(".lock")),
                                 qPrintable(QStringLiteral("offset %1 left %2").arg(offset).arg(name)));
                }
                // The node notices its client is gone and drops the session's staging.
                QTRY_COMPARE_WITH_TIMEOUT(m_proxied.stagingEntries(), QStringList(), 30000);
                m_msNode += timer.restart();
            }
        } else {
            // A node killed -9 still has its last writes in the kernel's buffers, and those reach
            // the client. So the proxy cuts the connection where it kills the node: the client
            // gets exactly what a node that died after `offset` bytes would have sent.
            const qint64 nodePid = node().pid();
            proxy().callWhenForwarded(offset, [nodePid] { ::kill(static_cast<pid_t>(nodePid), SIGKILL); });
            proxy().setFault(FaultProxy::Fault::Cut, offset, 1);
            QByteArray err;
            const int rc = NodeProcess::runCli(args, nullptr, &err);
            m_msAttempts += timer.restart();
            *killed = proxy().disarmCallback();
            proxy().setFault(FaultProxy::Fault::None);
            if (*killed) {
                QVERIFY2(
                    rc == 4,
                    qPrintable(
                        QStringLiteral("offset %1: exit code %2: %3").arg(offset).arg(rc).arg(QString::fromUtf8(err))));
                QVERIFY2(err.contains(proxy().host().toUtf8()), err.constData());
                // The client saw the connection break: it removed its temporary file itself.
                QCOMPARE(backupFiles(), before);
                QString error;
                QVERIFY2(m_proxied.restart(&error), qPrintable(error));
                QCOMPARE(m_proxied.stagingEntries(), QStringList()); // Staging of the killed run is gone.
                m_msNode += timer.restart();
            } else {
                QVERIFY2(rc == 0, err.constData());
            }
        }
        if (*killed) {
            verifyChain();
            if (QTest::currentTestFailed())
                return;
            backUp();
        } else {
            ++m_links; // The attempt went through whole: that is a link too.
            if (!m_blockLinks)
                m_lastStreamBytes = std::max(m_lastStreamBytes, proxy().lastConnectionBytes());
            else if (m_links > 1)
                m_lastStreamBytes = proxy().lastConnectionBytes();
        }
        if (QTest::currentTestFailed())
            return;
        verifyChain();
    }

    void rounds(Victim victim)
    {
        QElapsedTimer timer;
        timer.start();
        m_msAttempts = m_msNode = m_msBackups = m_msVerify = 0;
        int killed = 0;
        for (int r = 1; r <= m_rounds; ++r) {
            bool died = false;
            round(victim, &died);
            if (QTest::currentTestFailed()) {
                qWarning("failed in round %d of %d (seed in the first lines)", r, m_rounds);
                return;
            }
            killed += died ? 1 : 0;
            if (r % 10 == 0)
                qInfo("round %d: %d killed, %.1f s", r, killed, static_cast<double>(timer.elapsed()) / 1000.0);
        }
        qInfo("%d rounds, %d killed mid-stream, %.1f s (attempts %.1f s, node cleanup/restart %.1f s, backups %.1f s, "
              "verify %.1f s)",
              m_rounds, killed, static_cast<double>(timer.elapsed()) / 1000.0,
              static_cast<double>(m_msAttempts) / 1000.0, static_cast<double>(m_msNode) / 1000.0,
              static_cast<double>(m_msBackups) / 1000.0, static_cast<double>(m_msVerify) / 1000.0);
        // Offsets are drawn below the last stream's size, and streams only grow: most rounds kill.
        QVERIFY2(killed * 2 >= m_rounds,
                 qPrintable(QStringLiteral("only %1 of %2 rounds killed").arg(killed).arg(m_rounds)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        bool ok = false;
        const int rounds = qEnvironmentVariableIntValue("TIDEMARK_FAULT_ROUNDS", &ok);
        if (ok && rounds > 0)
            m_rounds = rounds;
        const quint32 seed = qEnvironmentVariableIsSet("TIDEMARK_FAULT_SEED")
                                 ? static_cast<quint32>(qEnvironmentVariable("TIDEMARK_FAULT_SEED").toUInt())
                                 : QRandomGenerator::system()->generate();
        m_random.seed(seed);
        qInfo("seed %u, %d rounds per victim (replay: TIDEMARK_FAULT_SEED=%u TIDEMARK_FAULT_ROUNDS=%d)", seed, m_rounds,
              seed, m_rounds);

        QString error;
        QVERIFY2(m_proxied.start(300, &error), qPrintable(error)); // About 300 KB: a stream of a few frames.
        backUp();
    }

    void cleanupTestCase() { QCOMPARE(m_proxied.stop(), 0); }

    void killTheClientAtRandomOffsets() { rounds(Victim::Client); }
    void killTheNodeAtRandomOffsets() { rounds(Victim::Node); }

    // The same mid-stream of block links (incrementals of the files the node sent before): a new
    // chain, its full and one block-link incremental, then kills placed within such a stream.
    void killTheClientMidBlockLinks()
    {
        m_blockLinks = true;
        ++m_chain;
        m_links = 0;
        backUp();
        QCOMPARE(node().request("POST", QStringLiteral("/write?db=hot"), batch(++m_batch)).status, 204);
        backUp();
        QVERIFY2(m_lastStreamBytes < 100000, qPrintable(QString::number(m_lastStreamBytes))); // Block links.
        rounds(Victim::Client);
    }
    void killTheNodeMidBlockLinks() { rounds(Victim::Node); }
};

int main(int argc, char **argv)
{
    // Fifty rounds take minutes in a sanitizer build: more than QtTest's 5 minutes per function.
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", "3600000");
    QCoreApplication app(argc, argv);
    TestKillFaults test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_killfaults.moc"
