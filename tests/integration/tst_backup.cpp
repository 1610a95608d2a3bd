// Hot backups end to end: a real tidemarkd, a writer posting numbered batches over HTTP while
// the real tidemark-cli backs up, and the archive checked against a reference node built from the
// same batches (each batch takes exactly one index, so "the data at index N" is known).
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "node/DataNode.h"
#include "node/NodeInspector.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <QScopeGuard>

#include <csignal>
#include <unistd.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

// Extracts every file of one archive into `dir` (as `<dir>/<name>`), checking it on the way.
bool extract(const QString &archivePath, const QString &dir, Manifest *manifest)
{
    QFile archive(archivePath);
    if (!archive.open(QIODevice::ReadOnly))
        return false;
    ArchiveReader reader([&](char *b, qsizetype n) { return static_cast<qsizetype>(archive.read(b, n)); }, archivePath);
    auto m = reader.readManifest();
    if (!m)
        return false;
    *manifest = m.value();
    QDir().mkpath(dir + QStringLiteral("/shards"));
    for (const ManifestFile &f : m->files) {
        QFile out(dir + QLatin1Char('/') + f.name);
        if (!out.open(QIODevice::WriteOnly))
            return false;
        auto file = reader.nextFile([&](const char *d, qsizetype n) { return out.write(d, n) == n; });
        if (!file || !file.value() || file.value()->name != f.name)
            return false;
    }
    auto end = reader.nextFile({});
    return end && !end.value() && reader.finish();
}

QString shardDigestAt(int batches)
{
    QString shard;
    return referenceDigest(batches, &shard).isEmpty() ? QString() : shard;
}

} // namespace

class TestBackup : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_backups;
    QString chainPath() const { return m_backups.filePath(QStringLiteral("snap")); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void nodeInfo()
    {
        QByteArray out;
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), m_node.snapshotHost(),
                                      QStringLiteral("--json")},
                                     &out, &err),
                 0);
        const QJsonObject info = QJsonDocument::fromJson(out).object();
        QCOMPARE(info.value(QStringLiteral("snapshotsEnabled")).toBool(), true);
        QCOMPARE(info.value(QStringLiteral("index")).toInteger(), 1);
        QCOMPARE(info.value(QStringLiteral("databases")).toArray().size(), 1);
    }

    void fullBackupWhileWritingMatchesTheDataAtItsIndex()
    {
        Writer writer(m_node.httpPort());
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 20, 30000);
        QByteArray out;
        QByteArray err;
        const int rc = runCliSpinning(
            {QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()}, &out, &err);
        const int writtenDuringBackup = writer.written();
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY(!writer.failed());
        QVERIFY2(rc == 0, err.constData());
        QVERIFY2(out.startsWith(QByteArray("Full backup written to " + chainPath().toUtf8())), out.constData());
        QVERIFY(writer.written() > 20 && writtenDuringBackup > 20); // The writer was never blocked out.

        QTemporaryDir extracted;
        Manifest manifest;
        QVERIFY(extract(chainPath(), extracted.path(), &manifest));
        QCOMPARE(manifest.files.size(), size_t(2));
        QCOMPARE(manifest.files[0].name, QStringLiteral("meta"));
        QCOMPARE(manifest.files[1].name, QStringLiteral("shards/1"));
        QVERIFY(!manifest.incremental);
        // The shard copy holds exactly the batches up to its index (index = 1 + batches).
        const int batches = static_cast<int>(manifest.files[1].index) - 1;
        QVERIFY(batches >= 20);
        auto report = NodeInspector::inspect(extracted.path());
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report->databases[0].shards[0].digest, shardDigestAt(batches));
        QCOMPARE(report->databases[0].points, quint64(batches) * 200);
    }

    void incrementalHoldsOnlyChangedFiles()
    {
        // The writer went on after the full backup: the first incremental catches shard 1 up.
        QByteArray out;
        QByteArray err;
        QVERIFY2(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()},
                                &out, &err) == 0,
            err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chainPath().toUtf8() + ".0")),
                 out.constData());
        // A new day: a second shard; the first shard is untouched, so only meta and shard 2 travel.
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), "other v=1 " + QByteArray::number(20 * kDayNs))
                     .status,
                 204);
        QVERIFY2(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()},
                                &out, &err) == 0,
            err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chainPath().toUtf8() + ".1")),
                 out.constData());
        auto manifest = BackupChain::readManifest(chainPath() + QStringLiteral(".1"));
        QVERIFY(manifest.ok());
        QVERIFY(manifest->incremental);
        QCOMPARE(manifest->files.size(), size_t(2));
        QCOMPARE(manifest->files[0].name, QStringLiteral("meta"));
        QCOMPARE(manifest->files[1].name, QStringLiteral("shards/2"));
    }

    void chainOfThreeIncrementalsAndNothingChanged()
    {
        for (int i = 1; i <= 2; ++i) {
            QCOMPARE(m_node
                         .request("POST", QStringLiteral("/write?db=hot"),
                                  "third v=" + QByteArray::number(i) + " " + QByteArray::number(20 * kDayNs + i))
                         .status,
                     204);
            QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(),
                                          QStringLiteral("--compress"), QStringLiteral("zstd"), chainPath()},
                                         nullptr, nullptr),
                     0);
        }
        QVERIFY(QFile::exists(chainPath() + QStringLiteral(".3")));
        QByteArray out;
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()},
                                &out, nullptr),
            0);
        QVERIFY2(out.startsWith("Nothing changed since the last backup"), out.constData());
        QVERIFY(!QFile::exists(chainPath() + QStringLiteral(".4")));

        auto chain = BackupChain::open(chainPath());
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(5));
        const Manifest merged = chain->merged();
        QCOMPARE(merged.files.size(), size_t(3));
        QCOMPARE(merged.file(QStringLiteral("shards/2"))->index,
                 chain->links()[4].manifest.file(QStringLiteral("shards/2"))->index);

        QByteArray verifyOut;
        QByteArray verifyErr;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chainPath()}, &verifyOut, &verifyErr) == 0,
                 verifyErr.constData());
        QVERIFY(verifyOut.contains("The chain is complete"));
        QByteArray infoOut;
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("info"), chainPath(), QStringLiteral("--json")}, &infoOut, nullptr), 0);
        QCOMPARE(QJsonDocument::fromJson(infoOut).object().value(QStringLiteral("links")).toArray().size(), 5);
    }

    void flippedByteIsFoundByVerify()
    {
        const QString copy = m_backups.filePath(QStringLiteral("flip"));
        QVERIFY(QFile::copy(chainPath(), copy));
        QFile f(copy);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 2);
        char c = 0;
        f.getChar(&c);
        f.seek(f.size() / 2);
        f.putChar(static_cast<char>(c ^ 0x20));
        f.close();
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("verify"), copy}, nullptr, &err), 7); // Integrity
        QVERIFY2(err.contains(copy.toUtf8()), err.constData());
    }

    void garbageAndOversizedFramesGet400AndTheNodeKeepsServing()
    {
        for (const QByteArray &bytes : {QByteArray("GET / HTTP/1.1\r\n\r\n"), QByteArray("\x02\xff\xff\xff\xff", 5),
                                        QByteArray("\x02\x00\x00\x00\x05{}}}}", 10)}) {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_node.snapshotPort());
            QVERIFY(socket.waitForConnected(5000));
            socket.write(bytes);
            QByteArray answer;
            while (socket.waitForReadyRead(5000))
                answer += socket.readAll();
            QVERIFY2(answer.contains("\"status\":400"), answer.constData());
        }
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), m_node.snapshotHost()},
                                     nullptr, nullptr),
                 0);
    }

    void killedNodeLeavesTheChainIntact()
    {
        // Enough data that the stream takes a moment, then kill the node mid-backup.
        for (int r = 0; r < 6; ++r) {
            QByteArray big;
            for (int i = 0; i < 20000; ++i)
                big += "bulk,i=" + QByteArray::number(i) + " s=\"" + QByteArray(1000, 'x') + "\" " +
                       QByteArray::number(30 * kDayNs + r * 100000 + i) + '\n';
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), big).status, 204);
        }
        const QString path = m_backups.filePath(QStringLiteral("killed"));
        QProcess backup;
        backup.start(NodeProcess::cliBinary(),
                     {QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), path});
        QVERIFY(backup.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path + QStringLiteral(".tmp")) || backup.state() == QProcess::NotRunning,
                                 30000);
        m_node.kill();
        QVERIFY(backup.state() == QProcess::NotRunning || backup.waitForFinished(60000));
        QVERIFY(!QFile::exists(path + QStringLiteral(".tmp")));
        if (backup.exitCode() == 0) {
            QSKIP("the backup finished before the node was killed; nothing to show");
        }
        QCOMPARE(backup.exitCode(), 4); // Connection
        QVERIFY(!QFile::exists(path));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(!QDir(m_node.dataDir() + QStringLiteral("/.staging")).exists()); // Staging of the killed run is gone.
    }

    void cancelLeavesTheChainAsItWas()
    {
        // The chain from the earlier tests gets one more incremental unless the cancel lands first.
        const QStringList before = QDir(m_backups.path()).entryList(QDir::Files);
        QByteArray big;
        for (int i = 0; i < 20000; ++i)
            big += "cancel,i=" + QByteArray::number(i) + " s=\"" + QByteArray(1000, 'y') + "\" " +
                   QByteArray::number(40 * kDayNs + i) + '\n';
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), big).status, 204);
        const QString path = m_backups.filePath(QStringLiteral("cancelled"));
        QProcess backup;
        backup.start(NodeProcess::cliBinary(),
                     {QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), path});
        QVERIFY(backup.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path + QStringLiteral(".tmp")) || backup.state() == QProcess::NotRunning,
                                 30000);
        ::kill(static_cast<pid_t>(backup.processId()), SIGINT);
        QVERIFY(backup.state() == QProcess::NotRunning || backup.waitForFinished(60000));
        if (backup.exitCode() == 0)
            QSKIP("the backup finished before the interrupt arrived; nothing to show");
        QCOMPARE(backup.exitCode(), 13); // Cancelled
        QVERIFY(backup.readAllStandardError().contains("Backup cancelled"));
        QCOMPARE(QDir(m_backups.path()).entryList(QDir::Files), before);
        // The node notices the client left and removes its staging.
        QTRY_VERIFY_WITH_TIMEOUT(QDir(m_node.dataDir() + QStringLiteral("/.staging")).isEmpty(), 30000);
    }
};

class TestBackupRefusals : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void snapshotsDisabledIs404()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("enabled"), QStringLiteral("false"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QTemporaryDir dir;
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                      dir.filePath(QStringLiteral("s"))},
                                     nullptr, &err),
                 6);
        QVERIFY2(err.contains("answered 404: snapshots are disabled"), err.constData());
        QVERIFY(err.contains("HINT: Set [snapshot] enabled = true"));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    }

    void wrongTokenIs401()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("idle-timeout"),
                           QStringLiteral("\"30s\"\nauth-token = \"correct-token-0123456789\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QTemporaryDir dir;
        const QString tokenFile = dir.filePath(QStringLiteral("token"));
        QFile f(tokenFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("wrong-token-0123456789\n");
        f.close();
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--token-file"), tokenFile},
                                     nullptr, &err),
                 5);
        QVERIFY2(err.contains("answered 401: wrong auth token"), err.constData());
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost()},
                                     nullptr, &err),
                 5);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("correct-token-0123456789");
        f.close();
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost(),
                                      QStringLiteral("--token-file"), tokenFile},
                                     nullptr, nullptr),
                 0);
        QVERIFY(!node.stderrText().contains("correct-token")); // Never logged.
    }

    void openBindWithoutTokenIsRefused()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("bind-address"), QStringLiteral("\"0.0.0.0:0\""));
        QString error;
        QVERIFY(!node.start(&error));
        QVERIFY2(error.contains(QStringLiteral("exited with 3")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("no auth token is set")));
    }

    void silentClientIsDropped()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("idle-timeout"), QStringLiteral("\"1s\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), node.snapshotPort());
        QVERIFY(socket.waitForConnected(5000));
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 10000)
            socket.waitForReadyRead(200);
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }

    void diskFullLeavesTheChainAsItWas()
    {
        const TmpfsMount mountPoint(QStringLiteral("1m"));
        if (!mountPoint.skipReason().isEmpty())
            QSKIP(qPrintable(mountPoint.skipReason()));

        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+d")).status, 200);
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=d"), "small v=1 1").status, 204);
        const QString path = mountPoint.path() + QStringLiteral("/snap");
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), path},
                                     nullptr, nullptr),
                 0);
        QFile full(path);
        QVERIFY(full.open(QIODevice::ReadOnly));
        const QByteArray before = full.readAll();
        full.close();

        QByteArray big;
        for (int i = 0; i < 2500; ++i)
            big += "big,i=" + QByteArray::number(i) + " s=\"" + QByteArray(1000, 'z') + "\" 2\n";
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=d"), big).status, 204);
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), path},
                                     nullptr, &err),
                 8); // I/O
        QVERIFY2(err.contains((path + QStringLiteral(".0.tmp")).toUtf8()), err.constData());
        QVERIFY(err.contains("HINT: Check free space"));
        QCOMPARE(QDir(mountPoint.path()).entryList(QDir::Files), QStringList{QStringLiteral("snap")});
        QVERIFY(full.open(QIODevice::ReadOnly));
        QCOMPARE(full.readAll(), before);
        full.close();

        // With space again the same command goes on with the chain.
        QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                                   {QStringLiteral("-o"), QStringLiteral("remount,size=64m"), mountPoint.path()}),
                 0);
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), path},
                                     nullptr, &err),
                 0);
        QCOMPARE(NodeProcess::runCli({QStringLiteral("verify"), path}, nullptr, &err), 0);
        QVERIFY(QFile::exists(path + QStringLiteral(".0")));
        QCOMPARE(node.stop(), 0);
    }

    void unreachableNodeIsAConnectionError()
    {
        QTemporaryDir dir;
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"),
                                      dir.filePath(QStringLiteral("s"))},
                                     nullptr, &err),
                 4);
        QVERIFY2(err.contains("Cannot connect to node 127.0.0.1:1"), err.constData());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int status = 0;
    {
        TestBackupRefusals refusals;
        status |= QTest::qExec(&refusals, argc, argv);
    }
    {
        TestBackup backup;
        status |= QTest::qExec(&backup, argc, argv);
    }
    return status;
}

#include "tst_backup.moc"
