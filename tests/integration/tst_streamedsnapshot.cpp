// Snapshots streamed from LMDB read views (issue 14): one moment across every shard while writes
// go on, no room needed on the node, and a bound on how long the read views stay open. Real
// tidemarkd and tidemark-cli processes; the node's disk is a small tmpfs where it must be full.

#include "node/DataNode.h"
#include "node/NodeInspector.h"
#include "snapshot/BackupChain.h"
#include "support/NodeData.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sys/statvfs.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

// The first point of database `pairs`: its day-1 shard is created before any other.
const QByteArray kSeed = "seed v=0 " + QByteArray::number(1 * kDayNs);

// Pair k: two points of value k, one on day 1 and one on day 2, so each lands in its own shard.
// Each pair posted alone takes exactly one index.
QByteArray pair(int k)
{
    const QByteArray value = QByteArray::number(k);
    return "pair,side=a v=" + value + ' ' + QByteArray::number(1 * kDayNs + qint64{k} * 1000) + '\n' +
           "pair,side=b v=" + value + ' ' + QByteArray::number(2 * kDayNs + qint64{k} * 1000) + '\n';
}

quint64 nodeIndex(const NodeProcess &node)
{
    QByteArray out;
    QByteArray err;
    if (NodeProcess::runCli(
            {QStringLiteral("node-info"), QStringLiteral("-host"), node.snapshotHost(), QStringLiteral("--json")}, &out,
            &err) != 0)
        return 0;
    return static_cast<quint64>(QJsonDocument::fromJson(out).object().value(QStringLiteral("index")).toInteger());
}

// The digests of the day-1 and day-2 shards of database `pairs` on a reference node holding
// exactly the seed and pairs 1..count.
QStringList referencePairDigests(int count)
{
    QTemporaryDir dir;
    NodeConfig config;
    config.brokerDir = dir.filePath(QStringLiteral("b"));
    config.dataDir = dir.filePath(QStringLiteral("d"));
    {
        auto node = DataNode::open(config);
        if (!node || !node.value()->createDatabase(QStringLiteral("pairs")) ||
            !node.value()->write(QStringLiteral("pairs"), {},
                                 parseLineProtocol(kSeed, Precision::Nanoseconds, 0).points))
            return {};
        for (int k = 1; k <= count; ++k) {
            const ParsedBatch parsed = parseLineProtocol(pair(k), Precision::Nanoseconds, 0);
            if (!node.value()->write(QStringLiteral("pairs"), {}, parsed.points))
                return {};
        }
    }
    auto report = NodeInspector::inspect(config.dataDir);
    if (!report)
        return {};
    QStringList digests;
    for (const InspectReport::Database &db : report->databases) {
        for (const InspectReport::Shard &shard : db.shards)
            digests << QStringLiteral("%1 %2 %3").arg(shard.startNs / kDayNs).arg(shard.points).arg(shard.digest);
    }
    return digests;
}

QStringList pairDigests(const InspectReport &report)
{
    QStringList digests;
    for (const InspectReport::Database &db : report.databases) {
        if (db.name != QLatin1String("pairs"))
            continue;
        for (const InspectReport::Shard &shard : db.shards)
            digests << QStringLiteral("%1 %2 %3").arg(shard.startNs / kDayNs).arg(shard.points).arg(shard.digest);
    }
    return digests;
}

qint64 freeBytes(const QString &path)
{
    struct statvfs fs {};
    if (::statvfs(QFile::encodeName(path).constData(), &fs) != 0)
        return -1;
    return static_cast<qint64>(fs.f_bavail) * static_cast<qint64>(fs.f_frsize);
}

qint64 usedBytes(const QString &dir)
{
    qint64 total = 0;
    for (const QFileInfo &info : QDir(dir).entryInfoList(QDir::Files | QDir::NoDotAndDotDot))
        total += info.size();
    for (const QFileInfo &info : QDir(dir + QStringLiteral("/shards")).entryInfoList(QDir::Files))
        total += info.size();
    return total;
}

} // namespace

class TestStreamedSnapshot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Multi-shard batches written during the snapshot of a node with a large third shard: the
    // restored node holds exactly the pairs acknowledged up to the snapshot's index, both halves
    // of each (the staged copies of before took each file at its own moment: half batches).
    void snapshotIsOneMomentAcrossShards()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        // Shard 1 is day 1 of `pairs`, shard 2 the large one, shard 3 day 2 of `pairs`: a copy
        // in name order takes the two halves of the pairs a large file apart.
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+pairs")).status, 200);
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=pairs"), kSeed).status, 204);
        QVERIFY(NodeData::createDatabase(node, QStringLiteral("big")));
        QVERIFY(NodeData::writeMegabytes(node, QStringLiteral("big"), 24, 30));
        const quint64 before = nodeIndex(node);
        QVERIFY(before > 0);

        Writer writer(node.httpPort(), pair, QStringLiteral("pairs"));
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 10, 30000);
        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("snap"));
        QByteArray out;
        QByteArray err;
        // Slowed down, so that many pairs are written while the views are open.
        const int rc = runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                       QStringLiteral("--limit-rate"), QStringLiteral("8M"), chain},
                                      &out, &err);
        const int writtenByTheEnd = writer.written();
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY(!writer.failed());
        QVERIFY2(rc == 0, err.constData());
        QVERIFY2(writtenByTheEnd > 30, qPrintable(QString::number(writtenByTheEnd))); // Writes went on.

        auto manifest = BackupChain::readManifest(chain);
        QVERIFY(manifest.ok());
        const int pairs = static_cast<int>(manifest->index - before);
        QVERIFY2(pairs >= 10 && pairs < writtenByTheEnd,
                 qPrintable(QStringLiteral("%1 pairs in the snapshot, %2 written").arg(pairs).arg(writtenByTheEnd)));

        NodeProcess target;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chain,
                                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     &out, &err) == 0,
                 err.constData());
        auto restored = NodeInspector::inspect(target.dataDir());
        QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
        const QStringList expected = referencePairDigests(pairs);
        QCOMPARE(expected.size(), 2);
        QCOMPARE(pairDigests(restored.value()), expected);
        QCOMPARE(restored->index, manifest->index);
        QCOMPARE(manifest->format, Manifest::kFormatChecksumsLast);
        QCOMPARE(node.stop(), 0);
    }

    // A node whose disk has less free space than 10% of its data is backed up, and accepts writes
    // meanwhile: nothing is copied on the node. (Staged copies needed as much room as the data.)
    void backupNeedsNoRoomOnTheNode()
    {
        const TmpfsMount disk(QStringLiteral("64m"));
        if (!disk.skipReason().isEmpty())
            QSKIP(qPrintable(disk.skipReason()));
        NodeProcess node;
        // The node's data directory is the small file system.
        QVERIFY(QFile::link(disk.path(), node.dataDir()));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(node, QStringLiteral("full")));
        // Filled in small batches until less than 8% of the data is free (some room stays for
        // the writes during the backup).
        const QByteArray payload(900, 'p');
        for (int round = 0; freeBytes(disk.path()) > usedBytes(disk.path()) * 8 / 100; ++round) {
            QByteArray body;
            for (int j = 0; j < 250; ++j)
                body += "fill,host=h" + QByteArray::number(j % 8) + " s=\"" + payload + QByteArray::number(round) +
                        "\" " + QByteArray::number(qint64{round} * 1000 + j + 3 * kDayNs) + '\n';
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=full"), body).status, 204);
            QVERIFY(round < 5000);
        }
        const qint64 data = usedBytes(disk.path());
        QVERIFY2(freeBytes(disk.path()) < data / 10,
                 qPrintable(QStringLiteral("%1 free for %2 of data").arg(freeBytes(disk.path())).arg(data)));

        // A steady writer, one pair every 20 ms: while the read views are open, each write's
        // copied pages take new room (core/store/README.md), so a flood would fill the 10%.
        Writer writer(node.httpPort(), pair, QStringLiteral("full"));
        writer.setPauseMs(20);
        writer.start();
        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("snap"));
        QByteArray out;
        QByteArray err;
        const int rc = runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                       QStringLiteral("--limit-rate"), QStringLiteral("16M"), chain},
                                      &out, &err);
        const int written = writer.written();
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY2(rc == 0, err.constData());
        QVERIFY(!writer.failed());
        QVERIFY2(written > 0, "no write went through during the backup");
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err) == 0, err.constData());
        auto manifest = BackupChain::readManifest(chain);
        QVERIFY(manifest.ok());
        QVERIFY(manifest->totalBytes() >= data * 9 / 10);
        QVERIFY(!QFileInfo::exists(node.dataDir() + QStringLiteral("/.staging")));
        QCOMPARE(node.stop(), 0);
    }

    // Open read views keep writers from reusing pages, so a snapshot may not run forever: past
    // [snapshot] max-duration the node ends it with an error naming the setting, the chain keeps
    // no link, and the node goes on serving.
    void maxDurationAbandonsASlowSnapshot()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("max-duration"), QStringLiteral("\"1s\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(node, QStringLiteral("slow")));
        // Far more than loopback's socket buffers (a few MiB each way) hold: the node is still
        // reading its views when the limit passes, whatever the machine's load.
        QVERIFY(NodeData::writeMegabytes(node, QStringLiteral("slow"), 40, 1));
        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("snap"));
        QByteArray out;
        QByteArray err;
        const int rc = NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(),
                                            QStringLiteral("--limit-rate"), QStringLiteral("1M"), chain},
                                           &out, &err);
        QCOMPARE(rc, 1);
        QVERIFY2(err.contains("max-duration"), err.constData());
        QVERIFY(QDir(backups.path()).entryList(QDir::Files).isEmpty());
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=slow"), "after v=1 1").status, 204);
        QCOMPARE(node.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStreamedSnapshot)
#include "tst_streamedsnapshot.moc"
