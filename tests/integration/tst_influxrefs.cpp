// Reference links of InfluxDB 1.x shards (issue 19) from a real influxd 1.6.7 through the real
// tidemark-cli: after influxd compacts a shard fully, an incremental stores it as references to the
// TSM blocks the chain's version held byte for byte plus literals; each link is rebuilt
// (FileRebuild) and must give the tar's checksum from the final manifest and exactly the files the
// node holds. --whole-files, TIDEMARK_REF_LINKS=0, a missing or damaged map cache (the version
// rebuilt from the chain), an encrypted zstd chain, a second incremental from the cache, no room
// in TMPDIR, a shard that only gained a TSM file, deletes in between, and SIGINT mid-shard.
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "influx1/ShardTar.h"
#include "influx1/TsmBlocks.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "storage/EncryptedChainStore.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace tidemark;

namespace {

constexpr qint64 kT0 = 1767225600; // A shard group boundary (7-day groups): every point in one shard.
constexpr int kSeries = 40;
constexpr int kPoints = 3000; // Per series: three full TSM blocks (1000 points each) per field.

// Points `from` to `to` (exclusive) of every series, 4 float fields of pseudo-random values (so
// blocks do not compress to nothing), one second apart.
QByteArray points(const QByteArray &measurement, int from, int to, int series = kSeries)
{
    QByteArray lines;
    quint64 x = 0x9E3779B97F4A7C15ULL ^ static_cast<quint64>(from);
    for (int s = 0; s < series; ++s) {
        for (int i = from; i < to; ++i) {
            lines += measurement + ",s=" + QByteArray::number(s) + ' ';
            for (int f = 0; f < 4; ++f) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                lines += (f ? ",f" : "f") + QByteArray::number(f) + '=' +
                         QByteArray::number(static_cast<double>(x >> 11) / 9007199254740992.0, 'g', 17);
            }
            lines += ' ' + QByteArray::number((kT0 + i) * 1000000000LL) + '\n';
        }
    }
    return lines;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList stages(const QByteArray &out)
{
    QStringList found;
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")).toString() == QStringLiteral("stage"))
            found << o.value(QStringLiteral("stage")).toString();
    }
    return found;
}

} // namespace

class TestInfluxRefs : public QObject {
    Q_OBJECT

private:
    InfluxProcess m_node;
    QTemporaryDir m_backups;
    QTemporaryDir m_cache;
    QTemporaryDir m_scratch; // TMPDIR of the client.
    QTemporaryDir m_work;    // The test's own rebuilt files.
    QString m_shardDir;      // The node's directory of the one shard.
    QString m_shardName;
    quint64 m_shardId = 0;
    QStringList m_lastTsm;

    QString chain(const QString &name) const { return m_backups.filePath(name); }
    QString mapPath(const QString &checksum) const
    {
        return m_cache.filePath(QStringLiteral("tidemark/tsm-maps/") + checksum + QStringLiteral(".map"));
    }

    // Runs a backup of the node into `path`; its --json output in `out`.
    void backup(const QString &path, const QStringList &extra = {}, QByteArray *outText = nullptr)
    {
        QByteArray out;
        QByteArray err;
        const int rc = NodeProcess::runCli(QStringList{QStringLiteral("backup"), QStringLiteral("--kind"),
                                                       QStringLiteral("influxdb1"), QStringLiteral("-host"),
                                                       m_node.snapshotHost(), QStringLiteral("--json"), path} +
                                               extra,
                                           &out, &err);
        QVERIFY2(rc == 0, err.constData());
        if (outText)
            *outText = out;
    }

    void write(const QByteArray &lines)
    {
        for (qsizetype at = 0; at < lines.size();) {
            qsizetype end = std::min(lines.size(), at + (4 << 20));
            while (end < lines.size() && lines[end - 1] != '\n')
                ++end;
            const auto reply = m_node.request("POST", QStringLiteral("/write?db=refs"), lines.mid(at, end - at));
            QVERIFY2(reply.status == 204, reply.body.constData());
            at = end;
        }
    }

    QStringList files(const QString &suffix) const
    {
        return QDir(m_shardDir).entryList({QStringLiteral("*") + suffix}, QDir::Files, QDir::Name);
    }

    // Waits until influxd wrote its cache out and the shard holds `tsmFiles` TSM files, none of
    // them the set before (-1: any files), no compaction under way, stable for 3 s.
    void settle(int tsmFiles)
    {
        QDeadlineTimer deadline(180000);
        QByteArray last;
        int stable = 0;
        while (!deadline.hasExpired()) {
            QThread::msleep(500);
            QByteArray state;
            bool busy = false;
            for (QDirIterator it(m_node.root(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
                const QString path = it.next();
                if (path.endsWith(QLatin1String(".tmp")) ||
                    (path.endsWith(QLatin1String(".wal")) && QFileInfo(path).size() > 0))
                    busy = true;
                if (path.startsWith(m_shardDir))
                    state += path.toUtf8() + ' ' + QByteArray::number(QFileInfo(path).size()) + '\n';
            }
            const QStringList tsm = files(QStringLiteral(".tsm"));
            if (busy || state != last || (tsmFiles >= 0 && (tsm.size() != tsmFiles || tsm == m_lastTsm))) {
                stable = 0;
                last = state;
                continue;
            }
            if (++stable >= 6) {
                m_lastTsm = tsm;
                return;
            }
        }
        QFAIL(qPrintable(QStringLiteral("influxd did not settle: %1").arg(files(QString()).join(u' '))));
    }

    // Checks the newest link of `path`: the shard is a reference link (format 4) against
    // `base` whose stored bytes are at most `maxPercent` of the tar, and rebuilding it gives the
    // final manifest's checksum and exactly the node's files. Returns the stored percentage.
    double checkRefLink(const QString &path, const QString &base, double maxPercent)
    {
        auto opened = BackupChain::open(path);
        [&] { QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message)); }();
        if (!opened.ok())
            return -1;
        const BackupChain &c = opened.value();
        const BackupChain::Link &link = c.links().back();
        auto final = c.finalManifest(link);
        [&] { QVERIFY(final.ok()); }();
        const ManifestFile *f = final.ok() ? final->file(m_shardName) : nullptr;
        [&] {
            QVERIFY(f);
            QCOMPARE(final->format, Manifest::kFormatRefLinks);
            QCOMPARE(link.manifest.format, Manifest::kFormatRefLinks);
            QVERIFY2(f->isRefLink(), qPrintable(QString::fromUtf8(final->toJson())));
            QCOMPARE(f->refs.base, base);
            QVERIFY(f->refs.fileSize > 0 && !f->refs.fileChecksum.isEmpty());
            QVERIFY2(100.0 * static_cast<double>(f->size) / static_cast<double>(f->refs.fileSize) <= maxPercent,
                     qPrintable(QStringLiteral("%1 of %2 bytes").arg(f->size).arg(f->refs.fileSize)));
        }();
        if (QTest::currentTestFailed())
            return -1;
        const int upto = static_cast<int>(c.links().size()) - 2;
        auto steps = c.steps(upto);
        [&] { QVERIFY(steps.ok()); }();
        if (!steps.ok())
            return -1;
        const QString rebuilt = m_work.filePath(QStringLiteral("rebuilt.tar"));
        Status s = FileRebuild::write(c, steps.value()[m_shardName], rebuilt);
        [&] {
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
            QCOMPARE(Checksum::ofFile(rebuilt).value(), f->refs.fileChecksum);
            QCOMPARE(QFileInfo(rebuilt).size(), f->refs.fileSize);
            // The tar's files are the node's, byte for byte (the node has not changed since).
            const QString unpacked = m_work.filePath(QStringLiteral("unpacked"));
            QDir(unpacked).removeRecursively();
            auto summary = ShardTar::extract(rebuilt, m_shardId, rebuilt, unpacked);
            QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().message));
            QStringList nodeFiles = files(QStringLiteral(".tsm")) + files(QStringLiteral(".tombstone"));
            nodeFiles.sort();
            QStringList tarFiles = summary->files;
            tarFiles.sort();
            QCOMPARE(tarFiles, nodeFiles);
            const QString inTar = unpacked + QLatin1Char('/') + m_shardDir.section(QLatin1Char('/'), -3);
            for (const QString &name : nodeFiles)
                QVERIFY2(readAll(inTar + QLatin1Char('/') + name) == readAll(m_shardDir + QLatin1Char('/') + name),
                         qPrintable(name));
        }();
        return 100.0 * static_cast<double>(f->size) / static_cast<double>(f->refs.fileSize);
    }

    // The shard's version in the newest link of `path` (the rebuilt tar's checksum).
    QString newestVersion(const QString &path)
    {
        auto c = BackupChain::open(path);
        if (!c)
            return {};
        const Manifest merged = c->merged();
        const ManifestFile *f = merged.file(m_shardName);
        return f ? f->fileChecksum() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is not installed (Debian package influxdb)");
        // The client's map cache and scratch space in the test's own directories.
        qputenv("XDG_CACHE_HOME", m_cache.path().toUtf8());
        qputenv("TMPDIR", m_scratch.path().toUtf8());
        qunsetenv("TIDEMARK_REF_LINKS");
        // influxd writes its cache out and compacts a shard fully once writes stop for a second.
        qputenv("INFLUXDB_DATA_CACHE_SNAPSHOT_WRITE_COLD_DURATION", "1s");
        qputenv("INFLUXDB_DATA_COMPACT_FULL_WRITE_COLD_DURATION", "1s");
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+refs")).status, 200);
        write(points("m", 0, kPoints));
        write(points("gone", 0, 500, 5)); // Dropped later.
        const QString rp = m_node.dataDir() + QStringLiteral("/refs/autogen");
        QTRY_VERIFY_WITH_TIMEOUT(!QDir(rp).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty(), 30000);
        const QStringList ids = QDir(rp).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(ids.size(), 1);
        m_shardId = ids.front().toULongLong();
        m_shardDir = rp + QLatin1Char('/') + ids.front();
        m_shardName = QStringLiteral("shards/%1").arg(m_shardId);
        settle(1);
    }

    void cleanupTestCase()
    {
        ChainSecrets::clear();
        (void)m_node.stop();
    }

    // Four chains of the same node state: a, whole, damaged and missing.
    void fullBackupsAreWhole()
    {
        for (const QString &name : {QStringLiteral("a"), QStringLiteral("whole"), QStringLiteral("damaged"),
                                    QStringLiteral("missing"), QStringLiteral("env")})
            backup(chain(name));
        // An encrypted, compressed chain (the version is rebuilt through its decrypting store).
        QFile passphrase(m_work.filePath(QStringLiteral("passphrase")));
        QVERIFY(passphrase.open(QIODevice::WriteOnly) && passphrase.write("reference links\n") > 0);
        passphrase.close();
        qputenv("TIDEMARK_PASSPHRASE_FILE", passphrase.fileName().toUtf8());
        // In-process reads (FileRebuild here) open the chain with the same secret.
        auto secret = KeySecret::readPassphraseFile(passphrase.fileName());
        QVERIFY(secret.ok());
        std::vector<KeySecret> secrets;
        secrets.push_back(secret.takeValue());
        ChainSecrets::setSecrets(std::move(secrets));
        backup(chain(QStringLiteral("enc")), {QStringLiteral("--encrypt"), QStringLiteral("--kdf-memory"),
                                              QStringLiteral("8"), QStringLiteral("--kdf-passes"), QStringLiteral("1"),
                                              QStringLiteral("--compress"), QStringLiteral("zstd")});
        auto full = BackupChain::readManifest(chain(QStringLiteral("a")));
        QVERIFY(full.ok());
        QCOMPARE(full->format, Manifest::kFormatChecksumsLast);
        QVERIFY(!full->hasRefLinks());
        // A full backup streams: no scratch file, no map.
        QVERIFY(QDir(m_scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
        QVERIFY(!QFile::exists(m_cache.filePath(QStringLiteral("tidemark/tsm-maps"))) ||
                QDir(m_cache.filePath(QStringLiteral("tidemark/tsm-maps"))).isEmpty());
    }

    // 1% more points into the same series, a full compaction: the first incremental rebuilds the
    // full's version from the chain for its map and stores the shard as references.
    void incrementalAfterCompactionIsAReferenceLink()
    {
        const QString before = newestVersion(chain(QStringLiteral("a")));
        QVERIFY(!before.isEmpty());
        write(points("m", kPoints, kPoints + kPoints / 100));
        settle(1);
        QByteArray out;
        backup(chain(QStringLiteral("a")), {}, &out);
        const QStringList said = stages(out);
        QVERIFY2(said.filter(QStringLiteral("from the chain for its block map")).size() == 1, out.constData());
        QVERIFY2(said.filter(QStringLiteral("held before")).size() == 1, out.constData());
        const double percent = checkRefLink(chain(QStringLiteral("a")), before, 10.0);
        qInfo("reference link: %.2f%% of the tar stored", percent);
        // The maps of both versions are cached; the scratch directory is gone.
        QVERIFY(TsmMapCache(m_cache.filePath(QStringLiteral("tidemark/tsm-maps"))).load(before));
        QVERIFY(TsmMapCache(m_cache.filePath(QStringLiteral("tidemark/tsm-maps")))
                    .load(newestVersion(chain(QStringLiteral("a")))));
        QVERIFY(QDir(m_scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    }

    // The same change into the encrypted, zstd-compressed chain, its map not cached: the version is
    // rebuilt through the decrypting store; the link rebuilds to the same tar.
    void encryptedCompressedChain()
    {
        const QString before = newestVersion(chain(QStringLiteral("enc")));
        QVERIFY(!before.isEmpty());
        QCOMPARE(before, newestVersion(chain(QStringLiteral("whole"))));
        QVERIFY(QFile::remove(mapPath(before)));
        QByteArray out;
        backup(chain(QStringLiteral("enc")), {QStringLiteral("--compress"), QStringLiteral("zstd")}, &out);
        QVERIFY2(stages(out).filter(QStringLiteral("from the chain for its block map")).size() == 1, out.constData());
        checkRefLink(chain(QStringLiteral("enc")), before, 10.0);
        QCOMPARE(newestVersion(chain(QStringLiteral("enc"))), newestVersion(chain(QStringLiteral("a"))));
        QVERIFY(QFile::exists(mapPath(before)));
    }

    // --whole-files (and TIDEMARK_REF_LINKS=0) copy the shard whole: the tar the reference link
    // rebuilds to.
    void wholeFilesCopyWhole()
    {
        backup(chain(QStringLiteral("whole")), {QStringLiteral("--whole-files")});
        auto c = BackupChain::open(chain(QStringLiteral("whole")));
        QVERIFY(c.ok());
        const Manifest &m = c->links().back().manifest;
        QCOMPARE(m.format, Manifest::kFormatChecksumsLast);
        const ManifestFile *f = m.file(m_shardName);
        QVERIFY(f && !f->isDelta());
        QCOMPARE(f->checksum, newestVersion(chain(QStringLiteral("a"))));

        qputenv("TIDEMARK_REF_LINKS", "0");
        backup(chain(QStringLiteral("env")));
        qunsetenv("TIDEMARK_REF_LINKS");
        auto e = BackupChain::open(chain(QStringLiteral("env")));
        QVERIFY(e.ok());
        QVERIFY(!e->links().back().manifest.hasRefLinks());
        QCOMPARE(e->links().back().manifest.file(m_shardName)->checksum, f->checksum);
    }

    // A damaged or missing map is rebuilt from the chain; the link is right all the same.
    void damagedOrMissingMapIsRebuilt()
    {
        const QString before = newestVersion(chain(QStringLiteral("damaged")));
        QByteArray map = readAll(mapPath(before));
        QVERIFY(map.size() > 300);
        map[map.size() / 2] = static_cast<char>(map[map.size() / 2] ^ 0x40);
        {
            QFile f(mapPath(before));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(map) == map.size());
        }
        QByteArray out;
        backup(chain(QStringLiteral("damaged")), {}, &out);
        QVERIFY2(stages(out).filter(QStringLiteral("from the chain for its block map")).size() == 1, out.constData());
        checkRefLink(chain(QStringLiteral("damaged")), before, 10.0);
        QVERIFY(TsmMapCache(m_cache.filePath(QStringLiteral("tidemark/tsm-maps"))).load(before)); // Rewritten.
        QCOMPARE(newestVersion(chain(QStringLiteral("damaged"))), newestVersion(chain(QStringLiteral("a"))));

        QVERIFY(QFile::remove(mapPath(before)));
        backup(chain(QStringLiteral("missing")), {}, &out);
        QVERIFY2(stages(out).filter(QStringLiteral("from the chain for its block map")).size() == 1, out.constData());
        checkRefLink(chain(QStringLiteral("missing")), before, 10.0);
        QCOMPARE(newestVersion(chain(QStringLiteral("missing"))), newestVersion(chain(QStringLiteral("a"))));
    }

    // Another 1% and compaction: the map of the first incremental's version comes from the
    // cache (nothing is read from the chain), and the chain rebuilds through two reference links.
    void secondIncrementalUsesTheCache()
    {
        const QString before = newestVersion(chain(QStringLiteral("a")));
        QVERIFY(QFile::exists(mapPath(before)));
        write(points("m", kPoints + kPoints / 100, kPoints + 2 * kPoints / 100));
        settle(1);
        QByteArray out;
        backup(chain(QStringLiteral("a")), {}, &out);
        QVERIFY2(stages(out).filter(QStringLiteral("from the chain for its block map")).isEmpty(), out.constData());
        const double percent = checkRefLink(chain(QStringLiteral("a")), before, 10.0);
        qInfo("second reference link: %.2f%% of the tar stored", percent);
    }

    // No room for the received shard in TMPDIR: the backup fails naming the fix, and writes no link.
    void noRoomInScratchFailsClearly()
    {
        tidemark::test::TmpfsMount small(QStringLiteral("256k"));
        QVERIFY2(small.skipReason().isEmpty(), qPrintable(small.skipReason()));
        qputenv("TMPDIR", small.path().toUtf8());
        QByteArray out;
        QByteArray err;
        const int rc = NodeProcess::runCli(
            {QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"), QStringLiteral("-host"),
             m_node.snapshotHost(), QStringLiteral("--retries"), QStringLiteral("0"), chain(QStringLiteral("missing"))},
            &out, &err);
        qputenv("TMPDIR", m_scratch.path().toUtf8());
        QVERIFY2(rc != 0, out.constData());
        QVERIFY2(err.contains("scratch file") && err.contains("TMPDIR") && err.contains("--whole-files"),
                 err.constData());
        QVERIFY(!QFile::exists(chain(QStringLiteral("missing")) + QStringLiteral(".1")));
        QVERIFY(QDir(small.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    }

    // A shard that only gained a TSM file (no compaction yet): the old file's blocks are all
    // references, only the new file is literal.
    void newTsmFileOnly()
    {
        QCOMPARE(m_node.stop(), 0);
        qputenv("INFLUXDB_DATA_COMPACT_FULL_WRITE_COLD_DURATION", "4h");
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        const QString before = newestVersion(chain(QStringLiteral("a")));
        write(points("m", kPoints + 2 * kPoints / 100, kPoints + 3 * kPoints / 100));
        settle(2);
        backup(chain(QStringLiteral("a")));
        const double percent = checkRefLink(chain(QStringLiteral("a")), before, 10.0);
        qInfo("new TSM file only: %.2f%% of the tar stored", percent);

        // A DELETE while no full compaction runs (tombstone files, or a file rewritten without the
        // series): what the files kept are references, the rest literal.
        const QString withTwo = newestVersion(chain(QStringLiteral("a")));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?db=refs&q=DELETE+FROM+m+WHERE+s%3D%275%27")).status,
                 200);
        settle(-1); // Tombstones, or the file rewritten without the series: whatever influxd does.
        qInfo("after the DELETE: %s", qPrintable(files(QString()).join(u' ')));
        backup(chain(QStringLiteral("a")));
        checkRefLink(chain(QStringLiteral("a")), withTwo, 10.0);
        QCOMPARE(m_node.stop(), 0);
        qputenv("INFLUXDB_DATA_COMPACT_FULL_WRITE_COLD_DURATION", "1s");
        QVERIFY2(m_node.start(&error), qPrintable(error));
        if (files(QStringLiteral(".tsm")).size() > 1) { // The DELETE did not make influxd compact already.
            settle(1);                                  // The two files compacted into one.
            const QString compacted = newestVersion(chain(QStringLiteral("a")));
            backup(chain(QStringLiteral("a")));
            checkRefLink(chain(QStringLiteral("a")), compacted, 10.0);
        }
    }

    // DELETE and DROP MEASUREMENT between two backups: tombstones, then a compaction without the
    // deleted points; each link rebuilds to exactly the node's files.
    void deletesInBetween()
    {
        QString before = newestVersion(chain(QStringLiteral("a")));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?db=refs&q=DELETE+FROM+m+WHERE+s%3D%273%27")).status,
                 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?db=refs&q=DROP+MEASUREMENT+gone")).status, 200);
        settle(1);
        backup(chain(QStringLiteral("a")));
        checkRefLink(chain(QStringLiteral("a")), before, 10.0);
        QVERIFY(m_node.queryValue(QStringLiteral("refs"), QStringLiteral("SELECT count(f0) FROM m WHERE s='3'"))
                    .startsWith(QStringLiteral("(no value")));

        // The whole chain of versions still rebuilds the same: a whole copy at this state agrees.
        backup(chain(QStringLiteral("whole")), {QStringLiteral("--whole-files")});
        QCOMPARE(newestVersion(chain(QStringLiteral("whole"))), newestVersion(chain(QStringLiteral("a"))));
    }

    // SIGINT while a shard is received into the scratch file: the backup ends within 2 s with exit
    // code 13 (cancelled), and leaves no link and no scratch.
    void cancelWhileReceivingEndsWithin2s()
    {
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=refs"), points("m", 9000, 9010)).status, 204);
        settle(1);
        const size_t links = BackupChain::open(chain(QStringLiteral("a")))->links().size();
        QProcess backup;
        backup.start(NodeProcess::cliBinary(),
                     {QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                      QStringLiteral("-host"), m_node.snapshotHost(), QStringLiteral("--json"),
                      QStringLiteral("--limit-rate"), QStringLiteral("1M"), chain(QStringLiteral("a"))});
        QByteArray out;
        QDeadlineTimer deadline(60000);
        while (!out.contains("receiving shard") && !deadline.hasExpired() && backup.state() != QProcess::NotRunning) {
            backup.waitForReadyRead(100);
            out += backup.readAllStandardOutput();
        }
        QVERIFY2(out.contains("receiving shard"), out.constData());
        QThread::msleep(500); // Into the scratch file.
        QVERIFY(!QDir(m_scratch.path()).entryList({QStringLiteral("tidemark-refs-*")}, QDir::Dirs).isEmpty());
        QElapsedTimer signalled;
        signalled.start();
        ::kill(static_cast<pid_t>(backup.processId()), SIGINT);
        QVERIFY(backup.waitForFinished(10000));
        const qint64 ms = signalled.elapsed();
        QVERIFY2(ms < 2000, qPrintable(QStringLiteral("ended %1 ms after the signal").arg(ms)));
        QCOMPARE(backup.exitCode(), 13);
        QCOMPARE(BackupChain::open(chain(QStringLiteral("a")))->links().size(), links);
        QVERIFY(!QFile::exists(chain(QStringLiteral("a")) + QStringLiteral(".tmp")));
        QVERIFY(QDir(m_scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInfluxRefs)

#include "tst_influxrefs.moc"
