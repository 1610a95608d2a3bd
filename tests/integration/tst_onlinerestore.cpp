// tidemark-cli restore CHAIN --database NAME -host H:P (issue 20): one database of a chain into a
// running tidemarkd through the snapshot protocol's import request, while writers go on at both
// nodes. Every case runs the real tidemark-cli against real tidemarkd processes: the database
// under a new name equals the source at backup time (points and content digests per shard);
// --on-conflict fail (exit 14, node unchanged), skip and replace; --dry-run; a damaged chain is
// refused and nothing becomes visible; kill -9 of the client and of the node mid-import leave the
// node serving what it had, with no leftovers after a restart; snapshots disabled is exit 6; a
// later incremental backup of the target holds the imported shards (the index rule).
#include "node/NodeInspector.h"
#include "snapshot/Checksum.h"
#include "snapshot/BackupChain.h"
#include "support/NodeBlockLinks.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"
#include "tidemark/SnapshotClient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr int kShards = 3;
constexpr int kPointsPerShard = 3000;

// Database `src`: kShards shard groups (days 1, 3, 5), kPointsPerShard points each over 30 series.
QByteArray srcLines(int shard, int from, int count)
{
    QByteArray lines;
    for (int j = from; j < from + count; ++j)
        lines += "m,s=" + QByteArray::number(j % 30) + " v=" + QByteArray::number(shard * 100000 + j) + ",t=\"" +
                 QByteArray(40, static_cast<char>('a' + j % 26)) + "\" " +
                 QByteArray::number((1 + 2 * shard) * kDayNs + static_cast<qint64>(j) * 1000000) + '\n';
    return lines;
}

// A database's content as `inspect` sees it: per shard its policy, time range, points and content
// digest (ids are local numbering and the database digest covers its name, so neither is compared).
QStringList shape(const QString &dataDir, const QString &database)
{
    auto report = NodeInspector::inspect(dataDir);
    if (!report)
        return {QStringLiteral("inspect failed: ") + report.error().toString()};
    QStringList out;
    for (const InspectReport::Database &db : report->databases) {
        if (db.name != database)
            continue;
        for (const InspectReport::Shard &s : db.shards)
            out << QStringLiteral("%1 %2 %3 %4 %5")
                       .arg(s.retentionPolicy)
                       .arg(s.startNs)
                       .arg(s.endNs)
                       .arg(s.points)
                       .arg(s.digest);
    }
    out.sort();
    return out;
}

QStringList databases(const QString &dataDir)
{
    auto report = NodeInspector::inspect(dataDir);
    QStringList out;
    if (report) {
        for (const InspectReport::Database &db : report->databases)
            out << db.name;
    }
    return out;
}

// Shard files on disk that the meta store does not list, and anything under `.import`.
QStringList leftovers(const QString &dataDir)
{
    QStringList out;
    auto report = NodeInspector::inspect(dataDir);
    QSet<QString> known;
    if (report) {
        for (const InspectReport::Database &db : report->databases) {
            for (const InspectReport::Shard &s : db.shards)
                known << QString::number(s.id);
        }
    }
    for (const QString &name : QDir(dataDir + QStringLiteral("/shards")).entryList(QDir::Files)) {
        const QString base = name.endsWith(QLatin1String("-lock")) ? name.chopped(5) : name;
        if (!known.contains(base))
            out << QStringLiteral("shards/") + name;
    }
    const QDir staging(dataDir + QStringLiteral("/.import"));
    for (const QString &name : staging.entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
        out << QStringLiteral(".import/") + name;
    return out;
}

QJsonObject jsonEvent(const QByteArray &out, const QString &name)
{
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")).toString() == name)
            return o;
    }
    return {};
}

// Flips one byte in the middle of entry `name` of the plain tar archive at `path`.
bool damageEntry(const QString &path, const QByteArray &name)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    qint64 offset = 0;
    while (offset + 512 <= file.size()) {
        file.seek(offset);
        const QByteArray header = file.read(512);
        const QByteArray entry = header.left(100).split('\0').first();
        bool ok = false;
        const qint64 size = header.mid(124, 12).split('\0').first().trimmed().toLongLong(&ok, 8);
        if (!ok)
            return false;
        if (entry == name && header[156] == '0') {
            const qint64 at = offset + 512 + size / 2;
            file.seek(at);
            char byte = 0;
            file.getChar(&byte);
            file.seek(at);
            file.putChar(static_cast<char>(byte ^ 0x5a));
            return true;
        }
        offset += 512 + (size + 511) / 512 * 512;
    }
    return false;
}

} // namespace

class TestOnlineRestore : public QObject {
    Q_OBJECT

    NodeProcess m_source;
    NodeProcess m_target;
    QTemporaryDir m_dir;
    QStringList m_backupShape; ///< `src` as the chain holds it.
    QList<quint64> m_sourceIds;

    QString chain() const { return m_dir.filePath(QStringLiteral("chain")); }
    QString targetChain() const { return m_dir.filePath(QStringLiteral("target-chain")); }

    QStringList restoreArgs(const QString &host, const QStringList &extra) const
    {
        return QStringList{QStringLiteral("restore"), chain(), QStringLiteral("--database"), QStringLiteral("src"),
                           QStringLiteral("-host"),   host} +
               extra;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TIDEMARK_HISTORY", m_dir.filePath(QStringLiteral("history.sqlite")).toUtf8());
        QString error;
        QVERIFY2(m_source.start(&error), qPrintable(error));
        QVERIFY2(m_target.start(&error), qPrintable(error));
        for (const char *q : {"CREATE+DATABASE+src", "CREATE+DATABASE+hot"})
            QCOMPARE(m_source.request("POST", QStringLiteral("/query?q=") + QLatin1String(q)).status, 200);
        QCOMPARE(m_target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+live")).status, 200);
        for (int shard = 0; shard < kShards; ++shard) {
            for (int from = 0; from < kPointsPerShard; from += 1000)
                QCOMPARE(m_source.request("POST", QStringLiteral("/write?db=src"), srcLines(shard, from, 1000)).status,
                         204);
        }
        m_backupShape = shape(m_source.dataDir(), QStringLiteral("src"));
        QCOMPARE(m_backupShape.size(), kShards);
        auto report = NodeInspector::inspect(m_source.dataDir());
        QVERIFY(report.ok());
        for (const auto &db : report->databases) {
            if (db.name == QLatin1String("src")) {
                for (const auto &s : db.shards)
                    m_sourceIds << s.id;
            }
        }

        // The backup runs while another database of the source is written.
        Writer writer(m_source.httpPort());
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 30000);
        QByteArray out;
        QByteArray err;
        const int rc = runCliSpinning(
            {QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(), chain()}, &out, &err);
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY2(rc == 0, err.constData());
        // The source moves on after the backup: the restore must bring back the backup's state.
        QCOMPARE(m_source.request("POST", QStringLiteral("/write?db=src"), srcLines(0, kPointsPerShard, 50)).status,
                 204);
        QVERIFY(shape(m_source.dataDir(), QStringLiteral("src")) != m_backupShape);

        // A full backup of the target before any import: the incremental after it must hold the
        // imported shards.
        QVERIFY2(
            runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), m_target.snapshotHost(), targetChain()},
                           &out, &err) == 0,
            err.constData());
    }

    void dryRunChangesNothing()
    {
        const QStringList before = databases(m_target.dataDir());
        QByteArray out;
        QByteArray err;
        QCOMPARE(runCliSpinning(restoreArgs(m_target.snapshotHost(), {QStringLiteral("--as"), QStringLiteral("dry"),
                                                                      QStringLiteral("--dry-run")}),
                                &out, &err),
                 0);
        QVERIFY2(out.contains(QByteArray("Restore plan: database src of " + chain().toUtf8())), out.constData());
        QCOMPARE(out.count("  import   shard "), kShards);
        QCOMPARE(databases(m_target.dataDir()), before);
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());
    }

    void restoresUnderANewNameWhileWriting()
    {
        Writer writer(m_target.httpPort(), batch, QStringLiteral("live"));
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 30000);
        const int before = writer.written();
        QByteArray out;
        QByteArray err;
        const int rc =
            runCliSpinning(restoreArgs(m_target.snapshotHost(), {QStringLiteral("--as"), QStringLiteral("copy"),
                                                                 QStringLiteral("--yes"), QStringLiteral("--json")}),
                           &out, &err);
        const int during = writer.written() - before;
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY2(rc == 0, QByteArray(out + err).constData());
        QVERIFY(!writer.failed());
        QVERIFY(during > 0); // Writes to another database went on.
        const QJsonObject plan = jsonEvent(out, QStringLiteral("plan"));
        QCOMPARE(plan.value(QStringLiteral("target")).toString(), QStringLiteral("copy"));
        QCOMPARE(plan.value(QStringLiteral("shards")).toArray().size(), kShards);
        QVERIFY2(!jsonEvent(out, QStringLiteral("done")).isEmpty(), out.constData());
        QVERIFY2(!jsonEvent(out, QStringLiteral("stage")).isEmpty(), out.constData());
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("copy")), m_backupShape);
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());

        // The job history has the import: the node, the database on it, the bytes.
        QByteArray history;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("history"), QStringLiteral("--json")}, &history, &err), 0);
        QVERIFY2(history.contains("\"job\":\"restore-online\""), history.constData());
        QVERIFY2(history.contains("\"link\":\"copy\""), history.constData());

        // The node answers for the new database at once.
        QCOMPARE(m_target.request("POST", QStringLiteral("/write?db=copy"), "probe v=1 1000").status, 204);
    }

    void laterIncrementalBackupHoldsTheImportedShards()
    {
        auto report = NodeInspector::inspect(m_target.dataDir());
        QVERIFY(report.ok());
        QStringList imported;
        for (const auto &db : report->databases) {
            if (db.name == QLatin1String("copy")) {
                for (const auto &s : db.shards) {
                    if (s.startNs >= kDayNs) // Not the probe's shard.
                        imported << QStringLiteral("shards/%1").arg(s.id);
                }
            }
        }
        QCOMPARE(imported.size(), kShards);
        QByteArray out;
        QByteArray err;
        QVERIFY2(
            runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), m_target.snapshotHost(), targetChain()},
                           &out, &err) == 0,
            err.constData());
        auto manifest = BackupChain::readManifest(targetChain() + QStringLiteral(".0"));
        QVERIFY(manifest.ok());
        QVERIFY(manifest->incremental);
        for (const QString &name : imported)
            QVERIFY2(manifest->file(name), qPrintable(name + QStringLiteral(" is not in the incremental")));
        // The broker index is never below a data index: the node starts again.
        QCOMPARE(m_target.stop(), 0);
        QString error;
        QVERIFY2(m_target.start(&error), qPrintable(error));
        // The probe point's shard (day 0) sorts first; the rest is the chain's.
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("copy")).mid(1), m_backupShape);
    }

    void conflictFailLeavesTheNodeUnchanged()
    {
        const QStringList before = shape(m_target.dataDir(), QStringLiteral("copy"));
        QByteArray out;
        QByteArray err;
        QCOMPARE(runCliSpinning(restoreArgs(m_target.snapshotHost(),
                                            {QStringLiteral("--as"), QStringLiteral("copy"), QStringLiteral("--yes")}),
                                &out, &err),
                 14);
        QVERIFY2(err.contains("Database \"copy\" exists on node"), err.constData());
        QVERIFY2(err.contains("--on-conflict"), err.constData());
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("copy")), before);
    }

    void conflictSkipImportsOnlyWhatIsMissing()
    {
        QByteArray out;
        QByteArray err;
        // One shard first, then the rest with skip: the node keeps its shard.
        QVERIFY2(
            runCliSpinning(restoreArgs(m_target.snapshotHost(),
                                       {QStringLiteral("--as"), QStringLiteral("partial"), QStringLiteral("--shard"),
                                        QString::number(m_sourceIds.first()), QStringLiteral("--yes")}),
                           &out, &err) == 0,
            err.constData());
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("partial")).size(), 1);
        QVERIFY2(runCliSpinning(
                     restoreArgs(m_target.snapshotHost(),
                                 {QStringLiteral("--as"), QStringLiteral("partial"), QStringLiteral("--on-conflict"),
                                  QStringLiteral("skip"), QStringLiteral("--yes"), QStringLiteral("--json")}),
                     &out, &err) == 0,
                 err.constData());
        int skipped = 0;
        for (const QJsonValue &v : jsonEvent(out, QStringLiteral("plan")).value(QStringLiteral("shards")).toArray())
            skipped += v.toObject().value(QStringLiteral("action")).toString() == QLatin1String("skip") ? 1 : 0;
        QCOMPARE(skipped, 1);
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("partial")), m_backupShape);
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());
    }

    void conflictReplaceBringsBackTheChainsShards()
    {
        // The node's copy changes after the restore; replace brings back the chain's shards.
        QCOMPARE(
            m_target.request("POST", QStringLiteral("/write?db=copy"), srcLines(1, 0, 20).replace("v=", "v=-")).status,
            204);
        QVERIFY(shape(m_target.dataDir(), QStringLiteral("copy")).join(QLatin1Char('\n')) !=
                m_backupShape.join(QLatin1Char('\n')));
        // Writes to the target database go on during the import (day 10: a shard the chain lacks).
        Writer writer(m_target.httpPort(), batch, QStringLiteral("copy"));
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 3, 30000);
        const int before = writer.written();
        QByteArray out;
        QByteArray err;
        const int rc =
            runCliSpinning(restoreArgs(m_target.snapshotHost(),
                                       {QStringLiteral("--as"), QStringLiteral("copy"), QStringLiteral("--on-conflict"),
                                        QStringLiteral("replace"), QStringLiteral("--yes"), QStringLiteral("--json")}),
                           &out, &err);
        const int during = writer.written() - before;
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY2(rc == 0, err.constData());
        QVERIFY(!writer.failed());
        QVERIFY(during > 0);
        int replaced = 0;
        for (const QJsonValue &v : jsonEvent(out, QStringLiteral("plan")).value(QStringLiteral("shards")).toArray())
            replaced += v.toObject().value(QStringLiteral("action")).toString() == QLatin1String("replace") ? 1 : 0;
        QCOMPARE(replaced, kShards);
        // The probe point's shard (day 0) and the writer's (day 10) are not in the chain and stay.
        const QStringList now = shape(m_target.dataDir(), QStringLiteral("copy"));
        QCOMPARE(now.size(), kShards + 2);
        QStringList fromChain;
        for (const QString &line : now) {
            const qint64 start = line.section(QLatin1Char(' '), 1, 1).toLongLong();
            if (start != 0 && start != 10 * kDayNs)
                fromChain << line;
        }
        QCOMPARE(fromChain, m_backupShape);
        QCOMPARE(leftovers(m_target.dataDir()), QStringList()); // The replaced files are gone.
    }

    void damagedChainMakesNothingVisible()
    {
        const QString damaged = m_dir.filePath(QStringLiteral("damaged"));
        QVERIFY(QFile::copy(chain(), damaged));
        QVERIFY(damageEntry(damaged, QStringLiteral("shards/%1").arg(m_sourceIds.last()).toUtf8()));
        QByteArray out;
        QByteArray err;
        const int rc = runCliSpinning({QStringLiteral("restore"), damaged, QStringLiteral("--database"),
                                       QStringLiteral("src"), QStringLiteral("--as"), QStringLiteral("broken"),
                                       QStringLiteral("-host"), m_target.snapshotHost(), QStringLiteral("--yes")},
                                      &out, &err);
        QVERIFY2(rc == 7, qPrintable(QString::number(rc) + QLatin1Char(' ') + QString::fromUtf8(err)));
        QVERIFY(!databases(m_target.dataDir()).contains(QStringLiteral("broken")));
        QTRY_COMPARE_WITH_TIMEOUT(leftovers(m_target.dataDir()), QStringList(), 10000);
    }

    // Block links (issue 19): a chain whose newest copies of a shard and of the meta store are
    // block links (appended from the stopped source's files after more writes and a new
    // database) restores under a new name as the source held it; a flipped byte in the block
    // link is exit 7 naming it, and nothing becomes visible.
    void blockLinkedShardRestores()
    {
        NodeProcess source;
        QString error;
        QVERIFY2(source.start(&error), qPrintable(error));
        QCOMPARE(source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+blk")).status, 200);
        for (int shard = 0; shard < 2; ++shard)
            QCOMPARE(source.request("POST", QStringLiteral("/write?db=blk"), srcLines(shard, 0, 2000)).status, 204);
        const QString blocks = m_dir.filePath(QStringLiteral("blocks"));
        QByteArray out;
        QByteArray err;
        QVERIFY2(runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), source.snapshotHost(), blocks},
                                &out, &err) == 0,
                 err.constData());
        QCOMPARE(source.request("POST", QStringLiteral("/write?db=blk"), srcLines(0, 2000, 300)).status, 204);
        QCOMPARE(source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+later")).status, 200);
        QCOMPARE(source.stop(), 0);
        const QStringList expected = shape(source.dataDir(), QStringLiteral("blk"));
        QCOMPARE(expected.size(), 2);
        auto appended = appendNodeBlockLinks(blocks, source.dataDir());
        QVERIFY2(appended, appended ? "" : qPrintable(appended.error().message));
        QCOMPARE(appended.value(), 2); // meta and day 1's shard.
        auto chain = BackupChain::open(blocks);
        QVERIFY(chain);
        auto final = chain->finalManifest(chain->links().back());
        QVERIFY(final);
        QString shardEntry;
        for (const ManifestFile &f : final->files) {
            QVERIFY(f.isBlockLink());
            if (f.name != QLatin1String("meta"))
                shardEntry = f.name;
        }

        const int rc = runCliSpinning({QStringLiteral("restore"), blocks, QStringLiteral("--database"),
                                       QStringLiteral("blk"), QStringLiteral("--as"), QStringLiteral("blkcopy"),
                                       QStringLiteral("-host"), m_target.snapshotHost(), QStringLiteral("--yes")},
                                      &out, &err);
        QVERIFY2(rc == 0, QByteArray(out + err).constData());
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("blkcopy")), expected);
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());

        const QString damaged = m_dir.filePath(QStringLiteral("damagedblocks"));
        QVERIFY(QFile::copy(blocks, damaged));
        QVERIFY(QFile::copy(blocks + QStringLiteral(".0"), damaged + QStringLiteral(".0")));
        QVERIFY(damageEntry(damaged + QStringLiteral(".0"), shardEntry.toUtf8()));
        const int damagedRc =
            runCliSpinning({QStringLiteral("restore"), damaged, QStringLiteral("--database"), QStringLiteral("blk"),
                            QStringLiteral("--as"), QStringLiteral("blkbroken"), QStringLiteral("-host"),
                            m_target.snapshotHost(), QStringLiteral("--yes")},
                           &out, &err);
        QVERIFY2(damagedRc == 7, qPrintable(QString::number(damagedRc) + QLatin1Char(' ') + QString::fromUtf8(err)));
        QVERIFY2(err.contains((damaged + QStringLiteral(".0")).toUtf8()), err.constData());
        QVERIFY(!databases(m_target.dataDir()).contains(QStringLiteral("blkbroken")));
        QTRY_COMPARE_WITH_TIMEOUT(leftovers(m_target.dataDir()), QStringList(), 10000);
    }

    void killedClientLeavesNothing()
    {
        const QString before = inspectDigest(m_target.dataDir());
        QProcess client;
        client.start(NodeProcess::cliBinary(),
                     restoreArgs(m_target.snapshotHost(),
                                 {QStringLiteral("--as"), QStringLiteral("killed"), QStringLiteral("--yes"),
                                  QStringLiteral("--limit-rate"), QStringLiteral("100K")}));
        QVERIFY(client.waitForStarted());
        // Killed while the node stages what it received.
        QTRY_VERIFY_WITH_TIMEOUT(!leftovers(m_target.dataDir()).isEmpty(), 30000);
        ::kill(static_cast<pid_t>(client.processId()), SIGKILL);
        QVERIFY(client.waitForFinished(10000));
        QTRY_COMPARE_WITH_TIMEOUT(leftovers(m_target.dataDir()), QStringList(), 150000);
        QCOMPARE(inspectDigest(m_target.dataDir()), before);
        QCOMPARE(m_target.request("POST", QStringLiteral("/write?db=live"), "after v=1 1000").status, 204);
    }

    void killedNodeMidTransferLeavesNothingAfterRestart()
    {
        const QString before = inspectDigest(m_target.dataDir());
        QProcess client;
        client.start(NodeProcess::cliBinary(),
                     restoreArgs(m_target.snapshotHost(),
                                 {QStringLiteral("--as"), QStringLiteral("killed"), QStringLiteral("--yes"),
                                  QStringLiteral("--limit-rate"), QStringLiteral("100K")}));
        QVERIFY(client.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!leftovers(m_target.dataDir()).isEmpty(), 30000);
        m_target.kill();
        QVERIFY(client.waitForFinished(60000));
        QVERIFY(client.exitCode() != 0);
        QString error;
        QVERIFY2(m_target.start(&error), qPrintable(error));
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());
        QCOMPARE(inspectDigest(m_target.dataDir()), before);
    }

    void killedNodeBeforeTheCommitLeavesNothingAfterRestart()
    {
        // The worst moment: the files are moved in, the meta store does not list them yet.
        const QString before = inspectDigest(m_target.dataDir());
        QCOMPARE(m_target.stop(), 0);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_IMPORT_STOP_AT"), QStringLiteral("moved"));
        m_target.setEnvironment(env);
        QString error;
        QVERIFY2(m_target.start(&error), qPrintable(error));
        QByteArray out;
        QByteArray err;
        const int rc =
            runCliSpinning(restoreArgs(m_target.snapshotHost(),
                                       {QStringLiteral("--as"), QStringLiteral("killed"), QStringLiteral("--yes")}),
                           &out, &err);
        QVERIFY2(rc != 0, out.constData());
        // The node died with the files moved in, which no group lists yet.
        const QStringList left = leftovers(m_target.dataDir());
        QVERIFY2(left.filter(QStringLiteral("shards/")).size() >= kShards, qPrintable(left.join(QLatin1Char(' '))));
        m_target.kill(); // Gone already; reaps it.
        m_target.setEnvironment(QProcessEnvironment::systemEnvironment());
        QVERIFY2(m_target.start(&error), qPrintable(error));
        QCOMPARE(leftovers(m_target.dataDir()), QStringList());
        QCOMPARE(inspectDigest(m_target.dataDir()), before);
        QVERIFY(!databases(m_target.dataDir()).contains(QStringLiteral("killed")));
    }

    void snapshotsDisabledIsExit6()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("enabled"), QStringLiteral("false"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QByteArray out;
        QByteArray err;
        QCOMPARE(runCliSpinning(restoreArgs(node.snapshotHost(), {QStringLiteral("--yes")}), &out, &err), 6);
        QVERIFY2(err.contains("[snapshot] enabled"), err.constData());
        QVERIFY(!databases(node.dataDir()).contains(QStringLiteral("src")));
    }

    // The node's own rules, through the protocol directly: what a client that skips the plan meets.
    void nodeRefusesWhatItMustNot()
    {
        const auto plan = [](const QString &database, const QByteArray &bytes, const QString &checksum) {
            protocol::ImportPlan p;
            p.database = database;
            p.defaultRetentionPolicy = QStringLiteral("autogen");
            p.policies.push_back({QStringLiteral("autogen"), 0, kDayNs, 1});
            p.shards.push_back({1, QStringLiteral("autogen"), 0, kDayNs, bytes.size(), checksum});
            return p;
        };
        const QByteArray bytes(4096, 'x');
        const QString good = Checksum::of(bytes);
        const auto client = [](const NodeProcess &node, const QByteArray &token = {}) {
            auto host = HostPort::parse(node.snapshotHost());
            return std::make_unique<SnapshotClient>(SnapshotClient::Options{host.value(), token, 10000});
        };

        // 412: the database exists and the client said fail.
        auto c = client(m_target);
        QVERIFY(c->connect().ok());
        Status s = c->beginImport(plan(QStringLiteral("live"), bytes, good));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Conflict);

        // 422: a file whose checksum differs from the plan's.
        c = client(m_target);
        QVERIFY(c->connect().ok());
        QVERIFY(c->beginImport(plan(QStringLiteral("bad"), bytes, QString(32, QLatin1Char('0')))).ok());
        QVERIFY(c->sendImportData(bytes).ok());
        auto done = c->finishImport(10000);
        QVERIFY(!done.ok());
        QCOMPARE(done.error().code, ErrorCode::Integrity);

        // 422: the right bytes, but no LMDB shard.
        c = client(m_target);
        QVERIFY(c->connect().ok());
        QVERIFY(c->beginImport(plan(QStringLiteral("bad"), bytes, good)).ok());
        QVERIFY(c->sendImportData(bytes).ok());
        done = c->finishImport(10000);
        QVERIFY(!done.ok());
        QCOMPARE(done.error().code, ErrorCode::Integrity);
        QVERIFY2(done.error().message.contains(QStringLiteral("not an LMDB shard")) ||
                     done.error().message.contains(QStringLiteral("not a shard")),
                 qPrintable(done.error().message));
        QVERIFY(!databases(m_target.dataDir()).contains(QStringLiteral("bad")));
        QTRY_COMPARE_WITH_TIMEOUT(leftovers(m_target.dataDir()), QStringList(), 10000);

        // 404 with snapshots disabled, 401 with a wrong token.
        NodeProcess disabled;
        disabled.setConfigLine(QStringLiteral("enabled"), QStringLiteral("false"));
        QString error;
        QVERIFY2(disabled.start(&error), qPrintable(error));
        c = client(disabled);
        QVERIFY(c->connect().ok());
        s = c->beginImport(plan(QStringLiteral("x"), bytes, good));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::SnapshotsDisabled);
        NodeProcess guarded;
        guarded.setConfigLine(QStringLiteral("idle-timeout"),
                              QStringLiteral("\"30s\"\nauth-token = \"correct-token-0123456789\""));
        QVERIFY2(guarded.start(&error), qPrintable(error));
        c = client(guarded, "wrong-token-0123456789");
        QVERIFY(c->connect().ok());
        s = c->beginImport(plan(QStringLiteral("x"), bytes, good));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Auth);
        QVERIFY(!databases(guarded.dataDir()).contains(QStringLiteral("x")));
    }

    void encryptedChain()
    {
        const QString encrypted = m_dir.filePath(QStringLiteral("encrypted"));
        const QString passphrase = m_dir.filePath(QStringLiteral("passphrase"));
        QFile file(passphrase);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a long enough passphrase for the test\n");
        file.close();
        QByteArray out;
        QByteArray err;
        QVERIFY2(runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(), encrypted,
                                 QStringLiteral("--encrypt"), QStringLiteral("--passphrase-file"), passphrase,
                                 QStringLiteral("--kdf-memory"), QStringLiteral("8"), QStringLiteral("--kdf-passes"),
                                 QStringLiteral("1")},
                                &out, &err) == 0,
                 err.constData());
        const QStringList expected = shape(m_source.dataDir(), QStringLiteral("src"));
        QVERIFY2(runCliSpinning({QStringLiteral("restore"), encrypted, QStringLiteral("--database"),
                                 QStringLiteral("src"), QStringLiteral("--as"), QStringLiteral("decrypted"),
                                 QStringLiteral("-host"), m_target.snapshotHost(), QStringLiteral("--passphrase-file"),
                                 passphrase, QStringLiteral("--yes")},
                                &out, &err) == 0,
                 err.constData());
        QCOMPARE(shape(m_target.dataDir(), QStringLiteral("decrypted")), expected);
    }

    void usageErrors()
    {
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), chain(), QStringLiteral("--database"),
                                      QStringLiteral("src"), QStringLiteral("-config"), QStringLiteral("x.conf")},
                                     nullptr, &err),
                 2);
        QVERIFY2(err.contains("-config and --database"), err.constData());
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), chain(), QStringLiteral("--database"),
                                      QStringLiteral("src"), QStringLiteral("--dry-run")},
                                     nullptr, &err),
                 2);
        QVERIFY2(err.contains("give -host HOST:PORT"), err.constData());
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), chain(), QStringLiteral("-config"),
                                      QStringLiteral("x.conf"), QStringLiteral("-host"), m_target.snapshotHost()},
                                     nullptr, &err),
                 2);
        QVERIFY2(err.contains("-host belongs to the online restore"), err.constData());
        QCOMPARE(NodeProcess::runCli(
                     restoreArgs(m_target.snapshotHost(), {QStringLiteral("--on-conflict"), QStringLiteral("merge")}),
                     nullptr, &err),
                 2);
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), chain(), QStringLiteral("--database"),
                                      QStringLiteral("nope"), QStringLiteral("-host"), m_target.snapshotHost(),
                                      QStringLiteral("--dry-run")},
                                     nullptr, &err),
                 12);
        QVERIFY2(err.contains("holds no database \"nope\""), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestOnlineRestore)
#include "tst_onlinerestore.moc"
