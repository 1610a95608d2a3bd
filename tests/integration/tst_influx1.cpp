// Backups of a real InfluxDB 1.x node (Debian's influxd 1.6.7) with the real tidemark-cli: the
// snapshot service is the node's own (mux byte 3), nothing of Tidemark runs on the node.
#include "support/CliRun.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/BackupChain.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <unistd.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kWeekNs = 7 * kDayNs;

// 20 weeks of points, one shard group (shard) per week: shard ids 1..20, so 10 and 20 exist.
QByteArray weeks()
{
    QByteArray lines;
    for (int week = 0; week < 20; ++week) {
        for (int i = 0; i < 50; ++i)
            lines += "weekly,week=" + QByteArray::number(week) + ",i=" + QByteArray::number(i % 5) +
                     " v=" + QByteArray::number(week * 100 + i) + "i,s=\"w\" " +
                     QByteArray::number(week * kWeekNs + i * 1000000000LL) + '\n';
    }
    return lines;
}

QJsonObject runJson(const QStringList &args, int *exitCode)
{
    QByteArray out;
    QByteArray err;
    *exitCode = NodeProcess::runCli(args, &out, &err);
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

} // namespace

class TestInflux1 : public QObject {
    Q_OBJECT

private:
    InfluxProcess m_node;
    QTemporaryDir m_backups;
    QString chainPath() const { return m_backups.filePath(QStringLiteral("influx")); }
    QStringList backupArgs(const QString &path) const
    {
        return {QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                QStringLiteral("-host"),  m_node.snapshotHost(),    path};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        const auto written = m_node.request("POST", QStringLiteral("/write?db=tm"), weeks());
        QVERIFY2(written.status == 204, written.body.constData());
    }

    void cleanupTestCase()
    {
        if (!InfluxProcess::binary().isEmpty())
            QCOMPARE(m_node.stop(), 0);
    }

    void nodeInfoListsDatabasesAndShards()
    {
        int rc = 0;
        const QJsonObject info =
            runJson({QStringLiteral("node-info"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                     QStringLiteral("-host"), m_node.snapshotHost(), QStringLiteral("--json")},
                    &rc);
        QCOMPARE(rc, 0);
        QCOMPARE(info.value(QStringLiteral("kind")).toString(), QStringLiteral("influxdb1"));
        const QStringList databases = info.value(QStringLiteral("databases")).toVariant().toStringList();
        QVERIFY2(databases.contains(QStringLiteral("tm")) && databases.contains(QStringLiteral("hot")),
                 qPrintable(databases.join(u',')));
        QList<qint64> ids;
        for (const QJsonValue &shard : info.value(QStringLiteral("shards")).toArray())
            ids << shard.toObject().value(QStringLiteral("id")).toInteger();
        QCOMPARE(ids.size(), 20);
        QVERIFY(ids.contains(10) && ids.contains(20));
        QVERIFY(info.value(QStringLiteral("index")).toInteger() > 0);
    }

    void fullWhileWritingThenIncrementalHoldsOnlyNewFiles()
    {
        Writer writer(m_node.httpPort());
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 30000);
        QByteArray out;
        QByteArray err;
        QVERIFY2(runCliSpinning(backupArgs(chainPath()), &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith(QByteArray("Full backup written to " + chainPath().toUtf8())), out.constData());
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY(!writer.failed());

        auto full = BackupChain::readManifest(chainPath());
        QVERIFY(full.ok());
        QCOMPARE(full->kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(full->files.size(), size_t(22)); // meta, 20 weekly shards, the writer's shard
        QCOMPARE(full->files[0].name, QStringLiteral("meta"));
        QVERIFY(full->file(QStringLiteral("shards/10")) && full->file(QStringLiteral("shards/20")));

        // New points in one existing week: the incremental carries that shard's new file only.
        QTest::qWait(1100); // A new second: tar times are whole seconds.
        QCOMPARE(m_node
                     .request("POST", QStringLiteral("/write?db=tm"),
                              "weekly,week=9 v=1i " + QByteArray::number(9 * kWeekNs + 5))
                     .status,
                 204);
        QVERIFY2(NodeProcess::runCli(backupArgs(chainPath()), &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chainPath().toUtf8() + ".0")),
                 out.constData());
        auto incremental = BackupChain::readManifest(chainPath() + QStringLiteral(".0"));
        QVERIFY(incremental.ok());
        QVERIFY(incremental->incremental);
        // meta, the week's shard and (if the writer went on after the full began) the writer's.
        QVERIFY2(incremental->files.size() == 2 || incremental->files.size() == 3,
                 qPrintable(QString::number(incremental->files.size())));
        for (const ManifestFile &f : incremental->files) {
            if (f.name == QLatin1String("meta"))
                continue;
            const ManifestFile *before = full->file(f.name);
            QVERIFY(before);
            // A changed shard is the whole shard once rebuilt (a reference link stores less).
            QVERIFY2(f.fileSize() > before->fileSize(), qPrintable(f.name));
            QVERIFY(f.index >= before->index);
        }

        QByteArray verifyOut;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chainPath()}, &verifyOut, &err) == 0, err.constData());
        QVERIFY(verifyOut.contains("The chain is complete"));
        int rc = 0;
        const QJsonObject info = runJson({QStringLiteral("info"), chainPath(), QStringLiteral("--json")}, &rc);
        QCOMPARE(rc, 0);
        QCOMPARE(info.value(QStringLiteral("links")).toArray().size(), 2);
    }

    void nothingNewWritesNoFile()
    {
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupArgs(chainPath()), &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith("Nothing changed since the last backup"), out.constData());
        QVERIFY(!QFile::exists(chainPath() + QStringLiteral(".1")));
    }

    // The whole chain into a second, stopped influxd; it starts and answers every query as the
    // first does (the first has not changed since the last link).
    void restoreIntoASecondNodeAnswersTheSame()
    {
        InfluxProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+stale")).status, 200);
        QCOMPARE(target.stop(), 0);

        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(),
                                      chainPath(), QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(out.contains("Start the node: influxd run -config"), out.constData());
        QVERIFY(QFile::exists(target.metaDir() + QStringLiteral("/meta.db")));
        QVERIFY(QFileInfo(target.dataDir() + QStringLiteral("/tm/autogen/10")).isDir());
        QVERIFY(QFileInfo(target.dataDir() + QStringLiteral("/tm/autogen/20")).isDir());
        QVERIFY(QFileInfo(target.walDir()).isDir());

        QVERIFY2(target.start(&error), qPrintable(error));
        const QString databases =
            QString::fromUtf8(target.request("GET", QStringLiteral("/query?q=SHOW+DATABASES")).body);
        QVERIFY2(databases.contains(QStringLiteral("\"tm\"")) && !databases.contains(QStringLiteral("stale")),
                 qPrintable(databases));
        for (int week = 0; week < 20; ++week) {
            const QString query = QStringLiteral("SELECT count(v), sum(v) FROM weekly WHERE week='%1'").arg(week);
            QCOMPARE(target.queryValue(QStringLiteral("tm"), query), m_node.queryValue(QStringLiteral("tm"), query));
        }
        QCOMPARE(target.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly")),
                 QStringLiteral("1001"));
        const QString hot = QStringLiteral("SELECT count(v) FROM load");
        QCOMPARE(target.queryValue(QStringLiteral("hot"), hot), m_node.queryValue(QStringLiteral("hot"), hot));
        QVERIFY(target.queryValue(QStringLiteral("hot"), hot).toInt() >=
                1000); // At least the 5 batches before the full backup.
        const QString sample =
            QStringLiteral("SELECT v FROM weekly WHERE week='19' AND i='3' ORDER BY time DESC LIMIT 1");
        QCOMPARE(target.queryValue(QStringLiteral("tm"), sample), m_node.queryValue(QStringLiteral("tm"), sample));
        // The restored node takes writes.
        QCOMPARE(target.request("POST", QStringLiteral("/write?db=tm"), "weekly,week=99 v=1i 1").status, 204);
        QCOMPARE(target.stop(), 0);
    }

    void killedDuringTheSwapIsFinishedNextTime()
    {
        InfluxProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        const QStringList args = {QStringLiteral("restore"), QStringLiteral("-config"),
                                  target.configPath(),       chainPath(),
                                  QStringLiteral("--owner"), currentUser(),
                                  QStringLiteral("--yes")};
        QProcess restore;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_RESTORE_STOP_AT"), QStringLiteral("meta-swapped"));
        restore.setProcessEnvironment(env);
        restore.start(NodeProcess::cliBinary(), args);
        QVERIFY(restore.waitForFinished(120000));
        QCOMPARE(restore.exitStatus(), QProcess::CrashExit);
        QVERIFY(
            QFileInfo(target.dataDir() + QStringLiteral("/tm/autogen/10")).isDir()); // data was swapped in before meta
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(args, &out, &err) == 0, err.constData());
        QVERIFY2(out.contains("Finished an interrupted restore"), out.constData());
        QVERIFY(QFile::exists(target.metaDir() + QStringLiteral("/meta.db")));
        QVERIFY(
            QDir(target.root()).entryList({QStringLiteral("*.restore-*")}, QDir::AllEntries | QDir::Hidden).isEmpty());
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly")),
                 QStringLiteral("1001"));
        QCOMPARE(target.stop(), 0);
    }

    // Deleted points are gone from the backup's newest copy of the shard, so a restore does not
    // bring them back.
    void deletedDataStaysDeleted()
    {
        const QString path = m_backups.filePath(QStringLiteral("deleted"));
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupArgs(path), nullptr, &err) == 0, err.constData());
        QTest::qWait(1100);
        const auto deleted =
            m_node.request("POST", QStringLiteral("/query?db=tm&q=DELETE+FROM+weekly+WHERE+week%3D%273%27"));
        QVERIFY2(deleted.status == 200 && !deleted.body.contains("error"), deleted.body.constData());
        QCOMPARE(m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly WHERE week='3'")),
                 QStringLiteral("(no value: {\"results\":[{\"statement_id\":0}]}\n)"));
        QVERIFY2(NodeProcess::runCli(backupArgs(path), nullptr, &err) == 0, err.constData());
        QVERIFY(QFile::exists(path + QStringLiteral(".0")));

        InfluxProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), path,
                                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     nullptr, &err) == 0,
                 err.constData());
        QVERIFY2(target.start(&error), qPrintable(error));
        const QString week3 = QStringLiteral("SELECT count(v) FROM weekly WHERE week='3'");
        QCOMPARE(target.queryValue(QStringLiteral("tm"), week3), m_node.queryValue(QStringLiteral("tm"), week3));
        const QString all = QStringLiteral("SELECT count(v) FROM weekly");
        QCOMPARE(target.queryValue(QStringLiteral("tm"), all), QStringLiteral("951"));
        QCOMPARE(target.queryValue(QStringLiteral("tm"), all), m_node.queryValue(QStringLiteral("tm"), all));
        QCOMPARE(target.stop(), 0);
    }

    void selectedDatabaseOnly()
    {
        const QString path = m_backups.filePath(QStringLiteral("hot-only"));
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupArgs(path) << QStringLiteral("--database") << QStringLiteral("hot"), nullptr,
                                     &err) == 0,
                 err.constData());
        auto manifest = BackupChain::readManifest(path);
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->files.size(), size_t(2)); // meta and the one shard of database hot
        QCOMPARE(NodeProcess::runCli(backupArgs(m_backups.filePath(QStringLiteral("none")))
                                         << QStringLiteral("--database") << QStringLiteral("nosuchdb"),
                                     nullptr, &err),
                 12);
        QVERIFY2(err.contains("has no database 'nosuchdb'"), err.constData());
        QVERIFY(!QFile::exists(m_backups.filePath(QStringLiteral("none"))));
    }

    void refusals()
    {
        QByteArray err;
        // The HTTP port is not the snapshot service.
        const QString path = m_backups.filePath(QStringLiteral("wrong-port"));
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                 QStringLiteral("-host"), QStringLiteral("127.0.0.1:%1").arg(m_node.httpPort()), path},
                                nullptr, &err),
            10);
        QVERIFY2(err.contains("not 0x59590101"), err.constData());
        QVERIFY(!QFile::exists(path) && !QFile::exists(path + QStringLiteral(".tmp")) &&
                !QFileInfo::exists(path + QStringLiteral(".tmp.d")));
        // A chain of an InfluxDB node takes no snapshot of a Tidemark node, and the other way round.
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()},
                                nullptr, &err),
            2);
        QVERIFY2(err.contains("holds snapshots of a node of kind 'influxdb1', but this backup is of kind 'tidemark'"),
                 err.constData());
        // The chain is of an InfluxDB node: a tidemarkd config is not one.
        QTemporaryDir target;
        QByteArray config;
        QCOMPARE(NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), target.path(),
                                   QStringLiteral("-http-bind"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("-snapshot-bind"), QStringLiteral("127.0.0.1:0")},
                                  &config, nullptr),
                 0);
        QFile configFile(target.filePath(QStringLiteral("tidemarkd.conf")));
        QVERIFY(configFile.open(QIODevice::WriteOnly) && configFile.write(config) == config.size());
        configFile.close();
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), configFile.fileName(),
                                      chainPath(), QStringLiteral("--yes")},
                                     nullptr, &err),
                 3);
        QVERIFY2(err.contains("[meta] dir is missing"), err.constData());
        QVERIFY(!QFileInfo::exists(target.filePath(QStringLiteral("data"))));
        // A running node is refused: its ports answer.
        QCOMPARE(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), m_node.configPath(),
                                      chainPath(), QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     nullptr, &err),
                 9);
        QVERIFY2(err.contains(QByteArray("The node is running: something answers on 127.0.0.1:" +
                                         QByteArray::number(m_node.httpPort()))),
                 err.constData());
        QVERIFY(err.contains("fix: Stop influxd first"));
        // Nothing listens.
        QCOMPARE(
            NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                 QStringLiteral("-host"), QStringLiteral("127.0.0.1:1")},
                                nullptr, &err),
            4);
        QVERIFY2(err.contains("Cannot connect to InfluxDB node 127.0.0.1:1"), err.constData());
    }

    // Shards fetched four at a time (one connection each) make the same link as one at a time:
    // the same files with the same sizes, times and checksums, and a chain that verifies.
    void concurrentFetchesTakeTheSameShards()
    {
        const QString one = m_backups.filePath(QStringLiteral("one-connection"));
        const QString four = m_backups.filePath(QStringLiteral("four-connections"));
        const auto backupOf = [&](const QString &path, const QString &connections) {
            return backupArgs(path) << QStringLiteral("--database") << QStringLiteral("tm")
                                    << QStringLiteral("--connections") << connections;
        };
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupOf(one, QStringLiteral("1")), nullptr, &err) == 0, err.constData());
        QVERIFY2(NodeProcess::runCli(backupOf(four, QStringLiteral("4")), nullptr, &err) == 0, err.constData());
        auto sequential = BackupChain::readManifest(one);
        auto concurrent = BackupChain::readManifest(four);
        QVERIFY(sequential.ok() && concurrent.ok());
        QCOMPARE(concurrent->files.size(), size_t(21)); // meta and the 20 weekly shards
        QCOMPARE(concurrent->files.size(), sequential->files.size());
        QCOMPARE(concurrent->files[0].name, QStringLiteral("meta"));
        int compared = 0;
        for (size_t i = 1; i < concurrent->files.size(); ++i) {
            const ManifestFile &a = sequential->files[i];
            const ManifestFile &b = concurrent->files[i];
            QCOMPARE(b.name, a.name);
            // deletedDataStaysDeleted() emptied week 3: influxd compacts its shard to nothing in
            // the background, maybe between the two backups. An empty tar is two zero blocks.
            if (a.size == 1024 || b.size == 1024)
                continue;
            ++compared;
            QCOMPARE(b.size, a.size);
            QCOMPARE(b.index, a.index);
            QCOMPARE(b.checksum, a.checksum);
            QCOMPARE(b.boundary, a.boundary);
        }
        QVERIFY2(compared >= 18, qPrintable(QString::number(compared)));
        QByteArray out;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), four}, &out, &err) == 0, err.constData());
        QVERIFY(out.contains("The chain is complete"));
        QVERIFY(QDir(m_backups.path())
                    .entryList({QStringLiteral(".tidemark-scratch-*")}, QDir::AllEntries | QDir::Hidden)
                    .isEmpty());
        QVERIFY(!QFile::exists(four + QStringLiteral(".lock")) && !QFile::exists(four + QStringLiteral(".tmp")));

        // 1 to 16 connections.
        for (const QString &bad : {QStringLiteral("0"), QStringLiteral("17"), QStringLiteral("many")}) {
            QCOMPARE(NodeProcess::runCli(backupOf(m_backups.filePath(QStringLiteral("bad")), bad), nullptr, &err), 2);
            QVERIFY2(err.contains("--connections takes a whole number from 1 to 16"), err.constData());
        }
        QVERIFY(!QFile::exists(m_backups.filePath(QStringLiteral("bad"))));
    }

    // Unless --connections says otherwise, a plain backup fetches 4 shards at once and a zstd one
    // 2 (compressing is then the slowest step, and 2 keep the client within 64 MB); the job says
    // how many in its stage line.
    void defaultConnectionsFollowCompression_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("atOnce");
        QTest::newRow("plain") << QStringList{} << 4;
        QTest::newRow("zstd") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd:-1")} << 2;
        QTest::newRow("zstd, 3 chosen") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd"),
                                                       QStringLiteral("--connections"), QStringLiteral("3")}
                                        << 3;
        QTest::newRow("plain, 1 chosen") << QStringList{QStringLiteral("--connections"), QStringLiteral("1")} << 1;
    }
    void defaultConnectionsFollowCompression()
    {
        QFETCH(QStringList, options);
        QFETCH(int, atOnce);
        const QString chain =
            m_backups.filePath(QStringLiteral("connections-%1").arg(QString::fromUtf8(QTest::currentDataTag())));
        const CliRun run = runCli(backupArgs(chain) << QStringLiteral("--database") << QStringLiteral("tm")
                                                    << QStringLiteral("--json") << options);
        QVERIFY2(run.exitCode == 0, run.text().constData());
        const QRegularExpression line(QStringLiteral("^receiving (\\d+) shards, (\\d+) at once$"));
        QStringList seen;
        for (const QJsonObject &event : run.events(QStringLiteral("stage"))) {
            const auto match = line.match(event.value(QStringLiteral("stage")).toString());
            if (match.hasMatch()) {
                QCOMPARE(match.captured(1).toInt(), 20); // the 20 weekly shards
                seen << match.captured(2);
            }
        }
        QCOMPARE(seen, QStringList{QString::number(atOnce)});
    }
};

QTEST_GUILESS_MAIN(TestInflux1)

#include "tst_influx1.moc"
