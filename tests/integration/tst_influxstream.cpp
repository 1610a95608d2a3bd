// Backups of a real InfluxDB 1.x node (influxd 1.6.7) stream each shard from the node into the
// link (archive format 2, shards in parts, checksums in the final manifest): nothing is staged
// beside the chain, the client's memory stays bounded for a shard far larger than its buffers,
// and such links verify and restore, plain and compressed, full and incremental.
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "influx1/InfluxBackup.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BackupChain.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kWeekNs = 7 * kDayNs;
// The one shard of database `big`: far more than the client buffers (a few MiB per connection).
constexpr int kBigMegabytes = 128;

// Points of incompressible 1 KiB strings (influxd's TSM files are as big as the text), all in
// one week: one shard.
QByteArray randomBatch(int lines, qint64 startNs, int *serial)
{
    QByteArray body;
    body.reserve(lines * 1100);
    QByteArray payload(768, '\0');
    for (int j = 0; j < lines; ++j) {
        auto *words = reinterpret_cast<quint32 *>(payload.data());
        QRandomGenerator::global()->fillRange(words, payload.size() / 4);
        const int n = ++*serial;
        body += "blob,host=h" + QByteArray::number(j % 8) + " s=\"" + payload.toBase64() + "\" " +
                QByteArray::number(startNs + qint64{n} * 1000000) + '\n';
    }
    return body;
}

// Six weeks of numbers: six shards of database tm.
QByteArray weeks()
{
    QByteArray lines;
    for (int week = 0; week < 6; ++week) {
        for (int i = 0; i < 40; ++i)
            lines += "weekly,week=" + QByteArray::number(week) + " v=" + QByteArray::number(week * 100 + i) + "i " +
                     QByteArray::number(week * kWeekNs + i * 1000000000LL) + '\n';
    }
    return lines;
}

// The entries of a plain tar, by name: how many entries each name has.
QMap<QString, int> tarEntries(const QString &path)
{
    QMap<QString, int> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    for (;;) {
        const QByteArray header = file.read(512);
        if (header.size() < 512 || header.count('\0') == 512)
            break;
        const QString name = QString::fromUtf8(header.left(100).constData());
        const qint64 size = header.mid(124, 12).trimmed().toLongLong(nullptr, 8);
        const char type = header.at(156);
        if (type == '0' || type == '\0')
            ++entries[name];
        if (!file.seek(file.pos() + (size + 511) / 512 * 512))
            break;
    }
    return entries;
}

// The head manifest of a link (plain or compressed).
Result<Manifest> headOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, file.errorString());
    ArchiveReader reader(file, path);
    return reader.readManifest();
}

QString peakKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return QString::fromLatin1(line.mid(6).trimmed().split(' ').first());
    }
    return {};
}

struct Watched {
    int exitCode = -1;
    QByteArray err;
    qint64 peakRssKiB = 0;
    QStringList strangers; // Entries beside the chain other than the link, its .tmp and its lock.
    bool sawTmp = false;
};

// Runs tidemark-cli `args` and samples, every few ms while it runs, its peak RSS and what is in
// the chain's directory. Under AddressSanitizer its quarantine of freed memory is kept small, so
// the RSS is the client's own.
Watched watch(const QStringList &args, const QString &chain)
{
    Watched result;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    env.insert(QStringLiteral("ASAN_OPTIONS"),
               (asan.isEmpty() ? QString() : asan + QLatin1Char(':')) +
                   QStringLiteral("quarantine_size_mb=4:thread_local_quarantine_size_kb=64"));
    process.setProcessEnvironment(env);
    process.start(NodeProcess::cliBinary(), args);
    if (!process.waitForStarted())
        return result;
    const QString name = QFileInfo(chain).fileName();
    const QSet<QString> allowed{name, name + QStringLiteral(".tmp"), name + QStringLiteral(".lock")};
    const QDir dir = QFileInfo(chain).dir();
    QElapsedTimer clock;
    clock.start();
    while (!process.waitForFinished(5) && clock.elapsed() < 600000) {
        const qint64 peak = peakKiB(process.processId()).toLongLong();
        result.peakRssKiB = std::max(result.peakRssKiB, peak);
        for (const QString &entry : dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
            if (entry == name + QStringLiteral(".tmp"))
                result.sawTmp = true;
            if (!allowed.contains(entry) && !result.strangers.contains(entry))
                result.strangers << entry;
        }
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.err = process.readAllStandardError();
    return result;
}

} // namespace

class TestInfluxStream : public QObject {
    Q_OBJECT

private:
    InfluxProcess m_node;
    QTemporaryDir m_backups;
    QStringList backupArgs(const QString &path) const
    {
        return {QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                QStringLiteral("-host"),  m_node.snapshotHost(),    path};
    }
    void compareWith(InfluxProcess &target)
    {
        for (int week = 0; week < 6; ++week) {
            const QString query = QStringLiteral("SELECT count(v), sum(v) FROM weekly WHERE week='%1'").arg(week);
            QCOMPARE(target.queryValue(QStringLiteral("tm"), query), m_node.queryValue(QStringLiteral("tm"), query));
        }
        const QString count = QStringLiteral("SELECT count(s) FROM blob");
        QCOMPARE(target.queryValue(QStringLiteral("big"), count), m_node.queryValue(QStringLiteral("big"), count));
        QCOMPARE(target.queryValue(QStringLiteral("big"), count).toInt(), kBigMegabytes / 2 * 2000);
        const QString last = QStringLiteral("SELECT s FROM blob WHERE host='h3' ORDER BY time DESC LIMIT 1");
        QCOMPARE(target.queryValue(QStringLiteral("big"), last), m_node.queryValue(QStringLiteral("big"), last));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+big")).status, 200);
        const auto written = m_node.request("POST", QStringLiteral("/write?db=tm"), weeks());
        QVERIFY2(written.status == 204, written.body.constData());
        int serial = 0;
        for (int b = 0; b < kBigMegabytes / 2; ++b) { // ~2 MB per request
            const auto batch = m_node.request("POST", QStringLiteral("/write?db=big"),
                                              randomBatch(2000, 10 * kWeekNs + kDayNs, &serial));
            QVERIFY2(batch.status == 204, batch.body.constData());
        }
    }

    void cleanupTestCase()
    {
        if (!InfluxProcess::binary().isEmpty())
            QCOMPARE(m_node.stop(), 0);
    }

    // A shard of 128 MiB goes from the node into the link without a file of its own anywhere
    // beside the chain (sampled while the backup runs) and without the client holding it: its
    // peak RSS grows by far less than the shard over a backup of a few small shards.
    void noStagingAndBoundedMemory()
    {
        const QString small = m_backups.filePath(QStringLiteral("small/node"));
        const QString big = m_backups.filePath(QStringLiteral("big/node"));
        QVERIFY(QDir().mkpath(QFileInfo(small).path()) && QDir().mkpath(QFileInfo(big).path()));
        const Watched smallRun =
            watch(backupArgs(small) << QStringLiteral("--database") << QStringLiteral("tm"), small);
        QVERIFY2(smallRun.exitCode == 0, smallRun.err.constData());
        const Watched bigRun = watch(backupArgs(big) << QStringLiteral("--database") << QStringLiteral("big"), big);
        QVERIFY2(bigRun.exitCode == 0, bigRun.err.constData());
        QVERIFY2(bigRun.strangers.isEmpty(), qPrintable(bigRun.strangers.join(u',')));
        QVERIFY2(smallRun.strangers.isEmpty(), qPrintable(smallRun.strangers.join(u',')));
        QVERIFY(bigRun.sawTmp); // Sampled while the link was written.
        QCOMPARE(QDir(QFileInfo(big).path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("node")});

        auto manifest = BackupChain::readManifest(big);
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->files.size(), size_t(2));
        const ManifestFile &shard = manifest->files[1];
        QVERIFY2(shard.size > qint64{kBigMegabytes - 8} * 1024 * 1024, qPrintable(QString::number(shard.size)));
        qInfo("shard of %lld MiB: peak RSS %lld MiB (a backup of 6 small shards: %lld MiB)", shard.size >> 20,
              bigRun.peakRssKiB >> 10, smallRun.peakRssKiB >> 10);
        QVERIFY2(smallRun.peakRssKiB > 0 && bigRun.peakRssKiB - smallRun.peakRssKiB < 64 * 1024,
                 qPrintable(
                     QStringLiteral("peak RSS %1 KiB against %2 KiB").arg(bigRun.peakRssKiB).arg(smallRun.peakRssKiB)));

        // The head lists the shard by name only; its tar came in parts of at most kPartBytes.
        auto head = headOf(big);
        QVERIFY2(head.ok(), head.ok() ? "" : qPrintable(head.error().message));
        QCOMPARE(head->format, Manifest::kFormatChecksumsLast);
        QCOMPARE(head->files[0].size, manifest->files[0].size);
        QCOMPARE(head->files[1].size, ManifestFile::kUnknownSize);
        QVERIFY(!head->hasChecksums() && manifest->hasChecksums());
        const QMap<QString, int> entries = tarEntries(big);
        QCOMPARE(entries.value(QStringLiteral("manifest")), 1);
        QCOMPARE(entries.value(QStringLiteral("meta")), 1);
        QCOMPARE(entries.value(QString::fromLatin1(Manifest::kFinalEntry)), 1);
        QCOMPARE(entries.value(shard.name),
                 static_cast<int>((shard.size + InfluxBackup::kPartBytes - 1) / InfluxBackup::kPartBytes));

        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), big}, &out, &err) == 0, err.constData());
        QVERIFY(out.contains("The chain is complete"));
    }

    void streamedChainVerifiesAndRestores_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("plain") << QStringList{};
        QTest::newRow("zstd, 1 connection") << QStringList{QStringLiteral("--compress"), QStringLiteral("zstd"),
                                                           QStringLiteral("--connections"), QStringLiteral("1")};
    }

    // A full link and an incremental (one shard changed), both streamed: the chain verifies,
    // and a restore into a second node answers every query as the first.
    void streamedChainVerifiesAndRestores()
    {
        QFETCH(QStringList, options);
        const QString chain = m_backups.filePath(
            QStringLiteral("chain-%1/node").arg(QString::fromUtf8(QTest::currentDataTag()).section(u',', 0, 0)));
        QVERIFY(QDir().mkpath(QFileInfo(chain).path()));
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(backupArgs(chain) << options, &out, &err) == 0, err.constData());
        QTest::qWait(1100); // A new second: tar times are whole seconds.
        static int change = 0;
        ++change;
        QCOMPARE(m_node
                     .request("POST", QStringLiteral("/write?db=tm"),
                              "weekly,week=4 v=7i " + QByteArray::number(4 * kWeekNs + 1000 + change))
                     .status,
                 204);
        QVERIFY2(NodeProcess::runCli(backupArgs(chain) << options, &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chain.toUtf8() + ".0")), out.constData());
        auto incremental = BackupChain::readManifest(chain + QStringLiteral(".0"));
        QVERIFY(incremental.ok());
        QCOMPARE(incremental->files.size(), size_t(2)); // meta and week 4's shard
        QVERIFY(incremental->hasChecksums() && incremental->hasSizes());
        auto head = headOf(chain + QStringLiteral(".0"));
        QVERIFY(head.ok());
        // The changed shard is a reference link into the full's copy (format 4): the head lists
        // it by name and base, the final manifest with the rebuilt tar's size and checksum.
        QCOMPARE(head->format, Manifest::kFormatRefLinks);
        QCOMPARE(head->files[1].name, incremental->files[1].name);
        QCOMPARE(head->files[1].size, ManifestFile::kUnknownSize);
        QVERIFY(incremental->files[1].isRefLink() && incremental->files[1].refs.fileSize > 0);
        QCOMPARE(head->files[1].refs.base, incremental->files[1].refs.base);

        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err) == 0, err.constData());
        QVERIFY(out.contains("The chain is complete"));

        InfluxProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chain,
                                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(target.start(&error), qPrintable(error));
        compareWith(target);
        QCOMPARE(target.stop(), 0);
    }

    // An incremental of the meta store alone lists every size in its head (no shard in parts):
    // the meta store's checksum is only in its final manifest, and the next backup still sees
    // that nothing changed.
    void metaOnlyIncrementalThenNothing()
    {
        const QString chain = m_backups.filePath(QStringLiteral("meta-only/node"));
        QVERIFY(QDir().mkpath(QFileInfo(chain).path()));
        const QStringList args = backupArgs(chain) << QStringLiteral("--database") << QStringLiteral("tm");
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(args, &out, &err) == 0, err.constData());
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+extra")).status, 200);
        QVERIFY2(NodeProcess::runCli(args, &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith(QByteArray("Incremental backup written to " + chain.toUtf8() + ".0")), out.constData());
        auto head = headOf(chain + QStringLiteral(".0"));
        QVERIFY(head.ok());
        QCOMPARE(head->format, Manifest::kFormatChecksumsLast);
        QCOMPARE(head->files.size(), size_t(1));
        QVERIFY(head->hasSizes() && !head->hasChecksums());
        QVERIFY2(NodeProcess::runCli(args, &out, &err) == 0, err.constData());
        QVERIFY2(out.startsWith("Nothing changed since the last backup"), out.constData());
        QVERIFY(!QFile::exists(chain + QStringLiteral(".1")));
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), chain}, &out, &err) == 0, err.constData());
    }
};

QTEST_GUILESS_MAIN(TestInfluxStream)

#include "tst_influxstream.moc"
