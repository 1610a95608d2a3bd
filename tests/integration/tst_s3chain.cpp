// Chains on S3, against a real Ceph cluster (one monitor, one memstore OSD, one RADOS gateway;
// tests/support/CephCluster), for both kinds of node: full and incremental links written while
// writes go on, verified and restored from the object store; a link is an object only once its
// upload completed, whatever kills the client; s3cmd, an independent client, reads a link as a
// tar whose first entry is the manifest.
#include "support/CephCluster.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "node/NodeInspector.h"
#include "storage/S3Client.h"
#include "storage/S3Settings.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

using namespace tidemark;
using namespace tidemark::test;

namespace {

// Batches of incompressible strings, so a node holds many MiB in few requests.
QByteArray blobBatch(int k)
{
    QByteArray body;
    QByteArray payload(3000, '\0');
    for (int j = 0; j < 500; ++j) {
        auto *words = reinterpret_cast<quint32 *>(payload.data());
        QRandomGenerator::global()->fillRange(words, payload.size() / 4);
        body += "blob,batch=" + QByteArray::number(k) + ",j=" + QByteArray::number(j % 16) + " s=\"" +
                payload.toBase64() + "\" " + QByteArray::number(10 * kDayNs + qint64{k} * 1000000000 + j) + '\n';
    }
    return body;
}

QStringList shardDigests(const QString &dataDir)
{
    QStringList digests;
    auto report = NodeInspector::inspect(dataDir);
    if (!report)
        return {QStringLiteral("error: ") + report.error().message};
    for (const auto &database : report->databases) {
        for (const auto &shard : database.shards)
            digests << QStringLiteral("%1 %2 %3 %4")
                           .arg(database.name)
                           .arg(shard.startNs)
                           .arg(shard.points)
                           .arg(shard.digest);
    }
    digests.sort();
    return digests;
}

} // namespace

class TestS3Chain : public QObject {
    Q_OBJECT

private:
    CephCluster *m_ceph = nullptr;
    QString m_bucket;
    QTemporaryFile m_passphrase;

    QString url(const QString &key) const { return QStringLiteral("s3://%1/%2").arg(m_bucket, key); }

    // The objects of the bucket under `prefix`, as s3cmd (not Tidemark) lists them.
    QStringList objects(const QString &prefix)
    {
        int code = -1;
        const QStringList lines = m_ceph->s3cmd({QStringLiteral("ls"), QStringLiteral("-r"), url(prefix)}, &code);
        QStringList keys;
        for (const QString &line : lines) {
            const qsizetype at = line.indexOf(QLatin1String("s3://"));
            if (at >= 0)
                keys << line.mid(at + 5 + m_bucket.size() + 1).trimmed();
        }
        return keys;
    }

    // Multipart uploads begun and not finished, as s3cmd lists them.
    QStringList unfinishedUploads()
    {
        int code = -1;
        const QStringList lines =
            m_ceph->s3cmd({QStringLiteral("multipart"), QStringLiteral("s3://%1").arg(m_bucket)}, &code);
        QStringList uploads;
        // "s3://BUCKET/", a header line, then "INITIATED<TAB>s3://BUCKET/KEY<TAB>ID" per upload.
        for (const QString &line : lines) {
            if (line.contains(u'\t') && line.contains(QLatin1String("s3://")))
                uploads << line.simplified();
        }
        if (code != 0)
            uploads << QStringLiteral("s3cmd multipart failed: ") + lines.join(u' ');
        return uploads;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!CephCluster::available()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("Ceph is not installed (ceph-mon, ceph-osd, radosgw, s3cmd): scripts/deps.sh installs them");
            QSKIP("Ceph is not installed (ceph-mon, ceph-osd, radosgw, s3cmd; scripts/deps.sh installs them)");
        }
        m_ceph = &CephCluster::shared();
        QString error;
        QVERIFY2(m_ceph->start(&error), qPrintable(error));
        m_bucket = m_ceph->makeBucket(&error);
        QVERIFY2(!m_bucket.isEmpty(), qPrintable(error));
        qputenv("AWS_ACCESS_KEY_ID", m_ceph->accessKey().toUtf8());
        qputenv("AWS_SECRET_ACCESS_KEY", m_ceph->secretKey().toUtf8());
        qputenv("AWS_ENDPOINT_URL", m_ceph->endpoint().toUtf8());
        qputenv("AWS_REGION", "us-east-1");
        qunsetenv("AWS_PROFILE");
        // No ~/.aws of the machine's user can change what these tests see.
        static QTemporaryDir home;
        qputenv("AWS_CONFIG_FILE", home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("AWS_SHARED_CREDENTIALS_FILE", home.filePath(QStringLiteral("credentials")).toUtf8());
    }

    void tidemarkRoundTrip_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<bool>("encrypted");
        QTest::newRow("plain") << QStringList{} << false;
        QTest::newRow("zstd") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd")} << false;
        QTest::newRow("encrypted") << QStringList{} << true;
        QTest::newRow("encrypted-zstd") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd")} << true;
    }

    // The options that open (and, for a backup, start) an encrypted chain.
    QStringList secretOptions(bool encrypted, bool backup = false)
    {
        if (!encrypted)
            return {};
        if (!m_passphrase.isOpen()) {
            if (!m_passphrase.open())
                qFatal("cannot write a passphrase file");
            m_passphrase.write("s3 chains are encrypted here\n");
            m_passphrase.flush();
        }
        QStringList options{QStringLiteral("--passphrase-file"), m_passphrase.fileName()};
        if (backup)
            options << QStringLiteral("--encrypt") << QStringLiteral("--kdf-memory") << QStringLiteral("8")
                    << QStringLiteral("--kdf-passes") << QStringLiteral("1");
        return options;
    }

    // Whether `needle` appears in any object of the bucket under `prefix` (fetched with s3cmd).
    bool anyObjectContains(const QString &prefix, const QByteArray &needle)
    {
        QTemporaryDir dir;
        for (const QString &key : objects(prefix)) {
            int code = -1;
            const QString local = dir.filePath(QStringLiteral("object"));
            QFile::remove(local);
            m_ceph->s3cmd({QStringLiteral("get"), url(key), local}, &code);
            QFile file(local);
            if (code != 0 || !file.open(QIODevice::ReadOnly) || file.readAll().contains(needle))
                return true;
        }
        return false;
    }

    // A full and two incrementals written to S3 while a writer goes on; the chain verifies from
    // the store; a last backup after the writes stop restores into a node whose shards equal the
    // source's, digest for digest.
    void tidemarkRoundTrip()
    {
        QFETCH(QStringList, options);
        QFETCH(bool, encrypted);
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        Writer writer(node.httpPort());
        writer.start();
        const QString chain = url(QStringLiteral("tm-%1/node1").arg(QString::fromUtf8(QTest::currentDataTag())));
        QByteArray out;
        QByteArray err;
        for (int i = 0; i < 3; ++i) {
            QTRY_VERIFY_WITH_TIMEOUT(writer.written() > 20 * (i + 1), 20000);
            QVERIFY2(runCliSpinning(
                         QStringList{QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), chain}
                             << options << secretOptions(encrypted, i == 0),
                         &out, &err) == 0,
                     err.constData());
        }
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 10000);
        QVERIFY(!writer.failed());
        QVERIFY2(
            runCliSpinning(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), chain}
                               << options << secretOptions(encrypted),
                           &out, &err) == 0,
            err.constData());
        const QString key = chain.mid(QStringLiteral("s3://").size() + m_bucket.size() + 1);
        const QStringList keys = objects(key.section(u'/', 0, 0) + QLatin1Char('/'));
        QStringList expected{key, key + QStringLiteral(".0"), key + QStringLiteral(".1"), key + QStringLiteral(".2")};
        if (encrypted)
            expected.append(key + QStringLiteral(".keys"));
        QCOMPARE(keys, expected);
        QVERIFY(unfinishedUploads().isEmpty());
        // Encrypted: the writer's tags, the file names and the manifest are nowhere in the store.
        if (encrypted) {
            for (const QByteArray &canary : {QByteArray("batch="), QByteArray("shards/"), QByteArray("manifest")})
                QVERIFY2(!anyObjectContains(key.section(u'/', 0, 0) + QLatin1Char('/'), canary), canary.constData());
            QCOMPARE(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err), 5); // No key given.
        }

        QVERIFY2(NodeProcess::runCli(QStringList{QStringLiteral("verify"), chain} << secretOptions(encrypted), &out,
                                     &err) == 0,
                 err.constData());
        QVERIFY2(out.contains("The chain is complete"), out.constData());
        QVERIFY2(NodeProcess::runCli(QStringList{QStringLiteral("info"), chain} << secretOptions(encrypted), &out,
                                     &err) == 0,
                 err.constData());
        QVERIFY2(out.contains(QByteArray("next backup goes to " + chain.toUtf8() + ".3")), out.constData());
        QCOMPARE(out.contains("encrypted: keys in"), encrypted);

        NodeProcess target;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(
            NodeProcess::runCli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(),
                                            chain, QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")}
                                    << secretOptions(encrypted),
                                &out, &err) == 0,
            err.constData());
        const QStringList source = shardDigests(node.dataDir());
        QVERIFY2(!source.isEmpty() && !source.first().startsWith(QLatin1String("error")),
                 qPrintable(source.join(u';')));
        QCOMPARE(shardDigests(target.dataDir()), source);
        QCOMPARE(node.stop(), 0);
    }

    // s3cmd, another client, reads an uncompressed link as a tar whose first entry is `manifest`.
    void s3cmdReadsATar()
    {
        const QString key = QStringLiteral("tm-plain/node1");
        QTemporaryDir dir;
        int code = -1;
        const QString local = dir.filePath(QStringLiteral("node1"));
        const QStringList lines = m_ceph->s3cmd({QStringLiteral("get"), url(key), local}, &code);
        QVERIFY2(code == 0, qPrintable(lines.join(u'\n')));
        QProcess tar;
        tar.start(QStringLiteral("tar"), {QStringLiteral("-tf"), local});
        QVERIFY(tar.waitForFinished());
        QCOMPARE(tar.exitCode(), 0);
        const QStringList entries = QString::fromUtf8(tar.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(entries.size() >= 3);
        QCOMPARE(entries.first(), QStringLiteral("manifest"));
        QCOMPARE(entries.value(1), QStringLiteral("meta"));
    }

    // A real influxd 1.6: full and incremental (plain, then zstd) to S3, verified, restored into
    // a second influxd that answers the same counts and sums.
    void influxRoundTrip_data()
    {
        QTest::addColumn<bool>("encrypted");
        QTest::newRow("plain") << false;
        QTest::newRow("encrypted") << true;
    }

    void influxRoundTrip()
    {
        QFETCH(bool, encrypted);
        if (InfluxProcess::binary().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("influxd is not installed (Debian package influxdb)");
            QSKIP("influxd is not installed (Debian package influxdb)");
        }
        InfluxProcess source;
        QString error;
        QVERIFY2(source.start(&error), qPrintable(error));
        QCOMPARE(source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QByteArray lines;
        for (int week = 0; week < 3; ++week) {
            for (int i = 0; i < 50; ++i)
                lines += "weekly,week=" + QByteArray::number(week) + " v=" + QByteArray::number(week * 100 + i) + "i " +
                         QByteArray::number(week * 7 * kDayNs + i * 1000000000LL) + '\n';
        }
        QCOMPARE(source.request("POST", QStringLiteral("/write?db=tm"), lines).status, 204);
        const QString chain = url(QStringLiteral("influx-%1/node1").arg(QString::fromUtf8(QTest::currentDataTag())));
        const QStringList backup =
            QStringList{QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                        QStringLiteral("-host"),  source.snapshotHost(),    chain}
            << secretOptions(encrypted);
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(QStringList(backup) << secretOptions(encrypted, true), &out, &err) == 0,
                 err.constData());
        QTest::qWait(1100);
        QCOMPARE(source
                     .request("POST", QStringLiteral("/write?db=tm"),
                              "weekly,week=1 v=7i " + QByteArray::number(7 * kDayNs + 999))
                     .status,
                 204);
        QVERIFY2(NodeProcess::runCli(QStringList(backup) << QStringLiteral("--compress") << QStringLiteral("zstd"),
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chain.toUtf8() + ".0")), out.constData());
        QVERIFY2(NodeProcess::runCli(QStringList{QStringLiteral("verify"), chain} << secretOptions(encrypted), &out,
                                     &err) == 0,
                 err.constData());
        QVERIFY2(out.contains("The chain is complete"), out.constData());
        if (encrypted) {
            const QString prefix = chain.section(u'/', 3, 3) + QLatin1Char('/');
            for (const QByteArray &canary : {QByteArray("weekly"), QByteArray("week="), QByteArray("manifest")})
                QVERIFY2(!anyObjectContains(prefix, canary), canary.constData());
        }

        InfluxProcess target;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(
            NodeProcess::runCli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(),
                                            chain, QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")}
                                    << secretOptions(encrypted),
                                &out, &err) == 0,
            err.constData());
        QVERIFY2(target.start(&error), qPrintable(error));
        for (int week = 0; week < 3; ++week) {
            const QString query = QStringLiteral("SELECT count(v), sum(v) FROM weekly WHERE week='%1'").arg(week);
            const QString expected = source.queryValue(QStringLiteral("tm"), query);
            QVERIFY(!expected.isEmpty());
            QCOMPARE(target.queryValue(QStringLiteral("tm"), query), expected);
        }
        QCOMPARE(target.stop(), 0);
        QCOMPARE(source.stop(), 0);
    }

    // kill -9 of the client at random points of a backup of several parts: never an object at a
    // link's name; the next backup aborts what the killed one left, succeeds and verifies.
    void killedUploadsLeaveNothing()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+blobs")).status, 200);
        for (int k = 1; k <= 12; ++k) // About 24 MiB: three parts and more.
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=blobs"), blobBatch(k)).status, 204);
        const QString chain = url(QStringLiteral("killed/node1"));
        const QStringList backup{QStringLiteral("backup"),       QStringLiteral("-host"), node.snapshotHost(), chain,
                                 QStringLiteral("--limit-rate"), QStringLiteral("20M")};
        int killed = 0;
        bool leftBehind = false;
        for (int round = 0; round < 4; ++round) {
            QProcess client;
            client.start(NodeProcess::cliBinary(), backup);
            QVERIFY(client.waitForStarted());
            // Killed at a random moment once its upload began: a fixed delay from the start met a
            // client still starting on a loaded machine, in every round.
            QElapsedTimer started;
            started.start();
            while (client.state() == QProcess::Running && unfinishedUploads().isEmpty() && started.elapsed() < 60000)
                client.waitForFinished(20);
            const int delay = static_cast<int>(QRandomGenerator::global()->bounded(700));
            if (!client.waitForFinished(delay)) {
                ::kill(static_cast<pid_t>(client.processId()), SIGKILL);
                QVERIFY(client.waitForFinished(10000));
                ++killed;
            }
            QVERIFY2(!objects(QStringLiteral("killed/")).contains(QStringLiteral("killed/node1")) ||
                         client.exitStatus() == QProcess::NormalExit,
                     "a killed backup left an object at the link's name");
            if (client.exitStatus() != QProcess::NormalExit && !unfinishedUploads().isEmpty())
                leftBehind = true; // Killed mid-upload: what the next backup must abort.
            if (client.exitStatus() == QProcess::NormalExit) {
                QCOMPARE(client.exitCode(), 0);
                break; // It finished before the kill: the chain has its full link.
            }
        }
        QVERIFY2(killed > 0 && leftBehind, "no backup was killed mid-upload");
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backup.mid(0, 4), &out, &err) == 0, err.constData());
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err) == 0, err.constData());
        QVERIFY2(unfinishedUploads().isEmpty(), qPrintable(unfinishedUploads().join(u'\n')));
        const QStringList keys = objects(QStringLiteral("killed/"));
        QVERIFY2(keys.contains(QStringLiteral("killed/node1")), qPrintable(keys.join(u',')));
        QVERIFY2(!keys.contains(QStringLiteral("killed/node1.lock")), "the lock object stayed");
        QCOMPARE(node.stop(), 0);
    }

    // copy local → S3 → local: every link byte for byte; a second copy to S3 after one more
    // backup sends only the new link.
    void copyThroughS3()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        QTemporaryDir dir;
        const QString local = dir.filePath(QStringLiteral("node1"));
        const QString back = dir.filePath(QStringLiteral("back/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(back).path()));
        const QString remote = url(QStringLiteral("copied/node1"));
        QByteArray out;
        QByteArray err;
        for (int k = 1; k <= 2; ++k) {
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
            QVERIFY2(
                NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), local},
                                    &out, &err) == 0,
                err.constData());
        }
        QVERIFY2(NodeProcess::runCli({QStringLiteral("copy"), local, remote}, &out, &err) == 0, err.constData());
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=hot"), batch(3)).status, 204);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), local},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(NodeProcess::runCli({QStringLiteral("copy"), QStringLiteral("--json"), local, remote}, &out, &err) ==
                     0,
                 err.constData());
        QVERIFY2(out.contains("\"copied\":1") && out.contains("\"present\":2"), out.constData());
        QCOMPARE(objects(QStringLiteral("copied/")),
                 (QStringList{QStringLiteral("copied/node1"), QStringLiteral("copied/node1.0"),
                              QStringLiteral("copied/node1.1")}));
        QVERIFY2(NodeProcess::runCli({QStringLiteral("copy"), remote, back}, &out, &err) == 0, err.constData());
        for (const QString &suffix : {QString(), QStringLiteral(".0"), QStringLiteral(".1")}) {
            QFile a(local + suffix);
            QFile b(back + suffix);
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), qPrintable(suffix));
        }
        QVERIFY(unfinishedUploads().isEmpty());
        QCOMPARE(node.stop(), 0);
    }

    // Issue 17 on object storage: a series rolled onto synthetic fulls (consolidated S3 to S3),
    // listed, consolidated across stores, and pruned, with the same results as on a disk.
    void catalogConsolidateAndPruneOnS3()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        const QString series = url(QStringLiteral("series/node"));
        QByteArray out;
        QByteArray err;
        for (int k = 1; k <= 4; ++k) {
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
            // With --json and a generous limit: a run that does not end says at which stage it
            // stood (once, under a heavy load, one did not end within two minutes).
            QProcess backup;
            backup.start(NodeProcess::cliBinary(),
                         {QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("-host"),
                          node.snapshotHost(), QStringLiteral("--max-links"), QStringLiteral("2"), series});
            const bool ended = backup.waitForFinished(300000);
            if (!ended)
                backup.kill();
            backup.waitForFinished(10000);
            out = backup.readAllStandardOutput();
            err = backup.readAllStandardError();
            QVERIFY2(ended && backup.exitStatus() == QProcess::NormalExit && backup.exitCode() == 0,
                     qPrintable(QStringLiteral("backup %1 %2: %3\n%4")
                                    .arg(k)
                                    .arg(ended ? QStringLiteral("failed") : QStringLiteral("did not end in 300 s"))
                                    .arg(QString::fromUtf8(err), QString::fromUtf8(out.right(4000)))));
            QCOMPARE(out.contains("\"event\":\"rolled\""), k >= 3);
        }
        // Three chains of two links: the first and the two it rolled onto.
        QVERIFY2(NodeProcess::runCli({QStringLiteral("list"), QStringLiteral("--json"), url(QStringLiteral("series"))},
                                     &out, &err) == 0,
                 err.constData());
        const QJsonObject catalog = QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
        const QJsonArray chains = catalog.value(QStringLiteral("chains")).toArray();
        QCOMPARE(chains.size(), 3);
        QStringList names;
        for (const QJsonValue c : chains) {
            names << c.toObject().value(QStringLiteral("name")).toString();
            QCOMPARE(c.toObject().value(QStringLiteral("links")).toArray().size(), 2);
            QVERIFY(!c.toObject().contains(QStringLiteral("problem")));
        }
        QCOMPARE(names.first(), QStringLiteral("node"));
        const QString newest = url(QStringLiteral("series/") + names.last());
        // The newest chain, consolidated from S3 onto a disk, restores to what the node holds.
        QTemporaryDir dir;
        const QString local = dir.filePath(QStringLiteral("synthetic"));
        QVERIFY2(NodeProcess::runCli({QStringLiteral("consolidate"), newest, local}, &out, &err) == 0, err.constData());
        QTemporaryDir root;
        QVERIFY2(NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), root.path()}, &out, &err) == 0,
                 err.constData());
        QFile config(root.filePath(QStringLiteral("tidemarkd.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(out);
        config.close();
        QVERIFY2(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), config.fileName(), local,
                                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     &out, &err) == 0,
                 err.constData());
        QCOMPARE(shardDigests(root.filePath(QStringLiteral("data"))), shardDigests(node.dataDir()));
        // And back from the disk onto S3.
        QVERIFY2(NodeProcess::runCli({QStringLiteral("consolidate"), local, url(QStringLiteral("elsewhere/node"))},
                                     &out, &err) == 0,
                 err.constData());
        QCOMPARE(objects(QStringLiteral("elsewhere/")), QStringList{QStringLiteral("elsewhere/node")});

        // Prune: --dry-run changes nothing; then only the newest chain stays.
        const QStringList before = objects(QStringLiteral("series/"));
        QCOMPARE(before.size(), 6);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("prune"), url(QStringLiteral("series")),
                                      QStringLiteral("--keep-last"), QStringLiteral("1"), QStringLiteral("--dry-run")},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(out.contains("would remove 2 chains"), out.constData());
        QCOMPARE(objects(QStringLiteral("series/")), before);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("prune"), url(QStringLiteral("series")),
                                      QStringLiteral("--keep-last"), QStringLiteral("1")},
                                     &out, &err) == 0,
                 err.constData());
        QCOMPARE(objects(QStringLiteral("series/")),
                 (QStringList{QStringLiteral("series/") + names.last(),
                              QStringLiteral("series/") + names.last() + QStringLiteral(".0")}));
        QVERIFY(unfinishedUploads().isEmpty());
        QCOMPARE(node.stop(), 0);
    }

    // The lock's conditional PUTs hold on Ceph's gateway: a second create of the same key and a
    // write over an object that changed since it was read both get 412.
    void conditionalPutsHold()
    {
        auto settings = S3Settings::resolve(url(QStringLiteral("cond/x")));
        QVERIFY2(settings.ok(), settings.ok() ? "" : qPrintable(settings.error().message));
        S3Client s3(settings.value(), m_bucket);
        QByteArray etag;
        auto first = s3.putIf(QStringLiteral("cond/x"), "one", {}, &etag);
        QVERIFY2(first.ok() && first.value() == S3Client::Put::Written,
                 first.ok() ? "" : qPrintable(first.error().message));
        auto second = s3.putIf(QStringLiteral("cond/x"), "two", {});
        QVERIFY(second.ok());
        QCOMPARE(second.value(), S3Client::Put::ConditionFailed);
        auto stale = s3.putIf(QStringLiteral("cond/x"), "three", "\"0123456789abcdef0123456789abcdef\"");
        QVERIFY(stale.ok());
        QCOMPARE(stale.value(), S3Client::Put::ConditionFailed);
        auto current = s3.putIf(QStringLiteral("cond/x"), "four", etag);
        QVERIFY(current.ok());
        QCOMPARE(current.value(), S3Client::Put::Written);
        auto body = s3.get(QStringLiteral("cond/x"));
        QVERIFY(body.ok());
        QCOMPARE(body.value(), QByteArray("four"));
    }

    // A wrong secret: exit code 5, the message says which key and where it came from; nothing
    // is written.
    void wrongSecretIsAuth()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const QByteArray secret = qgetenv("AWS_SECRET_ACCESS_KEY");
        qputenv("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        QByteArray out;
        QByteArray err;
        const int code = NodeProcess::runCli(
            {QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), url(QStringLiteral("auth/node1"))},
            &out, &err);
        qputenv("AWS_SECRET_ACCESS_KEY", secret);
        QCOMPARE(code, 5);
        QVERIFY2(err.contains("secret key") && err.contains("AWS_ACCESS_KEY_ID"), err.constData());
        QVERIFY(objects(QStringLiteral("auth/")).isEmpty());
        QCOMPARE(node.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestS3Chain)

#include "tst_s3chain.moc"
