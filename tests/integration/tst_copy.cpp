// `tidemark-cli copy SRC DEST` end to end (issue 15): a real tidemarkd and the real tidemark-cli
// make chains (plain and zstd, a full snapshot and incrementals); copies must be byte for byte,
// copy only what DEST lacks, refuse a DEST of another chain or one that differs or is ahead, and
// refuse a damaged link with nothing of it left in DEST.
//
// Every copy goes through copy(src, dest), which returns the exit code and the output, so the
// same cases extend to other locations (s3://) by giving other SRC and DEST.
#include "support/CliRun.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kBlock = 512;

/// `tidemark-cli copy [OPTIONS] SRC DEST`.
CliRun copy(const QString &src, const QString &dest, const QStringList &options = {})
{
    return runCli(QStringList{QStringLiteral("copy")} + options + QStringList{src, dest});
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The location of link `number` of the chain at `chain` (-1: the full snapshot).
QString link(const QString &chain, int number)
{
    return number < 0 ? chain : chain + QLatin1Char('.') + QString::number(number);
}

/// Whether the first `count` links of two local chains are the same bytes.
bool sameLinks(const QString &a, const QString &b, int count)
{
    for (int n = -1; n < count - 1; ++n) {
        const QByteArray bytes = readAll(link(a, n));
        if (bytes.isEmpty() || bytes != readAll(link(b, n)))
            return false;
    }
    return true;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::AllDirs | QDir::NoDotAndDotDot, QDir::Name);
}

/// Where the content of entry `name` lies in the plain tar archive `path`: [begin, end).
std::pair<qint64, qint64> entryContent(const QString &path, const QString &name)
{
    const QByteArray data = readAll(path);
    for (qint64 at = 0; at + kBlock <= data.size();) {
        const QByteArray header = data.mid(at, kBlock);
        if (header.count('\0') == kBlock)
            break;
        const QByteArray field = header.left(100);
        const qsizetype nul = field.indexOf('\0');
        bool ok = false;
        const qint64 size = header.mid(124, 11).toLongLong(&ok, 8);
        if (!ok)
            break;
        if (QString::fromUtf8(nul < 0 ? field : field.left(nul)) == name)
            return {at + kBlock, at + kBlock + size};
        at += kBlock + (size + kBlock - 1) / kBlock * kBlock;
    }
    return {-1, -1};
}

bool flipByte(const QString &path, qint64 pos)
{
    QFile f(path);
    char c = 0;
    if (!f.open(QIODevice::ReadWrite) || !f.seek(pos) || !f.getChar(&c) || !f.seek(pos))
        return false;
    return f.putChar(static_cast<char>(c ^ 0x01));
}

/// A format-1 link (checksums in the head, as nodes wrote them before streaming): `meta` and
/// `shards/1` with `shardBytes` of random content, plain or zstd.
bool writeFormatOneLink(const QString &path, bool incremental, bool zstd, qsizetype shardBytes)
{
    const quint64 index = incremental ? 20 : 10;
    const QByteArray meta = "meta at " + QByteArray::number(index);
    QByteArray shard(shardBytes, Qt::Uninitialized);
    for (qsizetype i = 0; i < shard.size(); ++i)
        shard[i] = static_cast<char>((i * 7919 + static_cast<qsizetype>(index)) % 251);
    Manifest m;
    m.format = Manifest::kFormatChecksumsFirst;
    m.nodeId = 1;
    m.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    m.created = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).addSecs(static_cast<qint64>(index));
    m.chainId = QStringLiteral("00000000-0000-4000-8000-00000000f001");
    m.incremental = incremental;
    m.index = index;
    m.files = {ManifestFile{QStringLiteral("meta"), meta.size(), index, Checksum::of(meta)},
               ManifestFile{QStringLiteral("shards/1"), shard.size(), index, Checksum::of(shard)}};
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    ArchiveWriter writer([&](const char *data, qsizetype size) { return out.write(data, size) == size; },
                         zstd ? ArchiveWriter::Compression::Zstd : ArchiveWriter::Compression::None);
    return writer.open() && writer.addData(QStringLiteral("manifest"), m.toJson()) &&
           writer.addData(QStringLiteral("meta"), meta) && writer.addData(QStringLiteral("shards/1"), shard) &&
           writer.finish();
}

} // namespace

class TestCopy : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_dir;
    int m_batch = 0;

    QString path(const QString &relative) const
    {
        const QString p = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(p).absolutePath());
        return p;
    }
    QString source() const { return path(QStringLiteral("src/snap")); }
    QString copied() const { return path(QStringLiteral("copy/snap")); }

    /// One more batch into shard 1 (day 10), so the next backup has something to take.
    bool write()
    {
        ++m_batch;
        return m_node.request("POST", QStringLiteral("/write?db=hot"), batch(m_batch)).status == 204;
    }

    /// Writes, then backs up into `chain`; false (with the output) when the backup failed.
    bool writeAndBackUp(const QString &chain, const QStringList &options = {}, QByteArray *err = nullptr)
    {
        if (!write())
            return false;
        return NodeProcess::runCli(
                   QStringList{QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost()} + options +
                       QStringList{chain},
                   nullptr, err) == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        QByteArray err;
        for (int i = 0; i < 3; ++i)
            QVERIFY2(writeAndBackUp(source(), {}, &err), err.constData());
        QVERIFY(QFile::exists(link(source(), 1)));
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void fullAndTwoIncrementalsAreCopiedByteForByte()
    {
        const CliRun run = copy(source(), copied());
        QVERIFY2(run.exitCode == 0, run.text());
        QCOMPARE(run.out.count("copied   "), 3);
        QVERIFY2(run.out.contains("Copied 3 links"), run.text());
        QVERIFY(sameLinks(source(), copied(), 3));
        // Nothing else: no fourth link, no temporary file, no lock, no scratch.
        QCOMPARE(filesIn(QFileInfo(copied()).path()),
                 QStringList({QStringLiteral("snap"), QStringLiteral("snap.0"), QStringLiteral("snap.1")}));
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), copied()}, nullptr, &err) == 0, err.constData());
    }

    void copyingAgainCopiesNothing()
    {
        const QByteArray before = treeHash(QFileInfo(copied()).path());
        const CliRun run = copy(source(), copied());
        QVERIFY2(run.exitCode == 0, run.text());
        QCOMPARE(run.out.count("present  "), 3);
        QCOMPARE(run.out.count("copied   "), 0);
        QVERIFY2(run.out.contains("Nothing to copy"), run.text());
        QCOMPARE(treeHash(QFileInfo(copied()).path()), before);
    }

    void afterAnotherBackupOnlyTheNewLinkIsCopied()
    {
        QByteArray err;
        QVERIFY2(writeAndBackUp(source(), {}, &err), err.constData());
        QVERIFY(QFile::exists(link(source(), 2)));
        const CliRun run = copy(source(), copied(), {QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.text());
        const QList<QJsonObject> links = run.events(QStringLiteral("link"));
        QCOMPARE(links.size(), 4);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(links[i].value(QStringLiteral("copied")).toBool(), false);
        QCOMPARE(links[3].value(QStringLiteral("copied")).toBool(), true);
        QCOMPARE(links[3].value(QStringLiteral("number")).toInt(), 2);
        QCOMPARE(links[3].value(QStringLiteral("destination")).toString(), link(copied(), 2));
        const QList<QJsonObject> done = run.events(QStringLiteral("done"));
        QCOMPARE(done.size(), 1);
        QCOMPARE(done[0].value(QStringLiteral("copied")).toInt(), 1);
        QCOMPARE(done[0].value(QStringLiteral("present")).toInt(), 3);
        QCOMPARE(done[0].value(QStringLiteral("bytes")).toInteger(), QFileInfo(link(source(), 2)).size());
        QVERIFY(!run.events(QStringLiteral("stage")).isEmpty());
        QVERIFY(sameLinks(source(), copied(), 4));
    }

    void destOfAnotherChainIsRefusedAndUntouched()
    {
        const QString other = path(QStringLiteral("other/snap"));
        QByteArray err;
        QVERIFY2(writeAndBackUp(other, {}, &err), err.constData());
        const QByteArray before = treeHash(QFileInfo(other).path());
        const CliRun run = copy(source(), other);
        QCOMPARE(run.exitCode, 11); // State
        QVERIFY2(run.err.contains(other.toUtf8()) && run.err.contains(source().toUtf8()), run.text());
        QVERIFY2(run.err.contains("another chain") && run.err.contains("HINT:"), run.text());
        QCOMPARE(treeHash(QFileInfo(other).path()), before);
    }

    void destThatDiffersOrIsAheadIsRefused()
    {
        // The first two links of the source, then a backup of its own: the same chain, but its
        // third link is not the source's.
        const QString diverged = path(QStringLiteral("diverged/snap"));
        for (int n = -1; n <= 0; ++n)
            QVERIFY(QFile::copy(link(source(), n), link(diverged, n)));
        QByteArray err;
        QVERIFY2(writeAndBackUp(diverged, {}, &err), err.constData());
        QVERIFY(QFile::exists(link(diverged, 1)));
        QByteArray before = treeHash(QFileInfo(diverged).path());
        CliRun run = copy(source(), diverged);
        QCOMPARE(run.exitCode, 11);
        QVERIFY2(run.err.contains(link(diverged, 1).toUtf8()) && run.err.contains(link(source(), 1).toUtf8()),
                 run.text());
        QCOMPARE(treeHash(QFileInfo(diverged).path()), before);

        // A source with fewer links than DEST.
        const QString shorter = path(QStringLiteral("shorter/snap"));
        for (int n = -1; n <= 0; ++n)
            QVERIFY(QFile::copy(link(source(), n), link(shorter, n)));
        before = treeHash(QFileInfo(copied()).path());
        run = copy(shorter, copied());
        QCOMPARE(run.exitCode, 11);
        QVERIFY2(run.err.contains("more than the 2"), run.text());
        QCOMPARE(treeHash(QFileInfo(copied()).path()), before);
    }

    void flippedByteInAShardIsRefusedAndLeavesNothingOfItsLink()
    {
        // A chain whose incremental has one changed byte in the middle of shard 1's data.
        const QString damaged = path(QStringLiteral("damaged/snap"));
        for (int n = -1; n <= 0; ++n)
            QVERIFY(QFile::copy(link(source(), n), link(damaged, n)));
        const auto [begin, end] = entryContent(link(damaged, 0), QStringLiteral("shards/1"));
        QVERIFY2(begin > 0 && end > begin, "shards/1 is not in the incremental");
        QVERIFY(flipByte(link(damaged, 0), (begin + end) / 2));

        const QString dest = path(QStringLiteral("damaged-copy/snap"));
        const CliRun run = copy(damaged, dest);
        QCOMPARE(run.exitCode, 7); // Integrity
        QVERIFY2(run.err.contains(link(damaged, 0).toUtf8()) && run.err.contains("shards/1"), run.text());
        // The full snapshot before it was whole and stays; nothing of the damaged link.
        QVERIFY2(run.out.contains(QByteArray("copied   " + damaged.toUtf8() + " -> " + dest.toUtf8())), run.text());
        QVERIFY(sameLinks(damaged, dest, 1));
        QCOMPARE(filesIn(QFileInfo(dest).path()), QStringList{QStringLiteral("snap")});

        // Repaired, the next copy takes just the missing link, and removes what a killed writer
        // left in DEST.
        QFile leftover(link(dest, 0) + QStringLiteral(".tmp"));
        QVERIFY(leftover.open(QIODevice::WriteOnly) && leftover.write("half a link") > 0);
        leftover.close();
        QVERIFY(QFile::remove(link(damaged, 0)));
        QVERIFY(QFile::copy(link(source(), 0), link(damaged, 0)));
        const CliRun again = copy(damaged, dest);
        QVERIFY2(again.exitCode == 0, again.text());
        QCOMPARE(again.out.count("copied   "), 1);
        QVERIFY(sameLinks(source(), dest, 2));
        QCOMPARE(filesIn(QFileInfo(dest).path()), QStringList({QStringLiteral("snap"), QStringLiteral("snap.0")}));
    }

    void zstdChainIsCopiedByteForByteAndADamagedOneRefused()
    {
        const QString zstd = path(QStringLiteral("zstd/snap"));
        QByteArray err;
        for (int i = 0; i < 3; ++i)
            QVERIFY2(writeAndBackUp(zstd, {QStringLiteral("--compress"), QStringLiteral("zstd")}, &err),
                     err.constData());
        QVERIFY(readAll(link(zstd, 1)).startsWith(QByteArray::fromHex("28b52ffd")));
        const QString dest = path(QStringLiteral("zstd-copy/snap"));
        CliRun run = copy(zstd, dest);
        QVERIFY2(run.exitCode == 0, run.text());
        QCOMPARE(run.out.count("copied   "), 3);
        QVERIFY(sameLinks(zstd, dest, 3));
        QCOMPARE(filesIn(QFileInfo(dest).path()),
                 QStringList({QStringLiteral("snap"), QStringLiteral("snap.0"), QStringLiteral("snap.1")}));

        // One changed byte in the compressed stream of the last link.
        QVERIFY2(writeAndBackUp(zstd, {QStringLiteral("--compress"), QStringLiteral("zstd")}, &err), err.constData());
        QVERIFY(flipByte(link(zstd, 2), QFileInfo(link(zstd, 2)).size() / 2));
        run = copy(zstd, dest);
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(link(zstd, 2).toUtf8()), run.text());
        QCOMPARE(filesIn(QFileInfo(dest).path()),
                 QStringList({QStringLiteral("snap"), QStringLiteral("snap.0"), QStringLiteral("snap.1")}));
    }

    void formatOneChainsAreCopiedAndChecked_data()
    {
        QTest::addColumn<bool>("zstd");
        QTest::newRow("plain") << false;
        QTest::newRow("zstd") << true;
    }

    // Links whose checksums come first (format 1), over several of the reader's 1 MiB buffers.
    void formatOneChainsAreCopiedAndChecked()
    {
        QFETCH(bool, zstd);
        const QString tag = zstd ? QStringLiteral("zstd") : QStringLiteral("plain");
        const QString chain = path(QStringLiteral("format1-%1/snap").arg(tag));
        QVERIFY(writeFormatOneLink(link(chain, -1), false, zstd, 3 * 1024 * 1024 + 123));
        QVERIFY(writeFormatOneLink(link(chain, 0), true, zstd, 1024 * 1024 + 7));
        const QString dest = path(QStringLiteral("format1-%1-copy/snap").arg(tag));
        CliRun run = copy(chain, dest);
        QVERIFY2(run.exitCode == 0, run.text());
        QCOMPARE(run.out.count("copied   "), 2);
        QVERIFY(sameLinks(chain, dest, 2));

        // A damaged shard in the full snapshot: refused, and DEST gets nothing.
        const QString damaged = path(QStringLiteral("format1-%1-damaged/snap").arg(tag));
        QVERIFY(QFile::copy(link(chain, -1), link(damaged, -1)));
        if (zstd) {
            QVERIFY(flipByte(damaged, QFileInfo(damaged).size() / 2));
        } else {
            const auto [begin, end] = entryContent(damaged, QStringLiteral("shards/1"));
            QVERIFY(begin > 0 && end > begin);
            QVERIFY(flipByte(damaged, begin + (end - begin) * 2 / 3));
        }
        const QString empty = path(QStringLiteral("format1-%1-damaged-copy/snap").arg(tag));
        run = copy(damaged, empty);
        QCOMPARE(run.exitCode, 7);
        QVERIFY(filesIn(QFileInfo(empty).path()).isEmpty());
    }

    void truncatedSourceIsRefused()
    {
        const QString chain = path(QStringLiteral("truncated/snap"));
        QVERIFY(QFile::copy(path(QStringLiteral("format1-plain/snap")), chain));
        QVERIFY(QFile::resize(chain, QFileInfo(chain).size() / 2));
        const QString dest = path(QStringLiteral("truncated-copy/snap"));
        const CliRun run = copy(chain, dest);
        QCOMPARE(run.exitCode, 7);
        QVERIFY(filesIn(QFileInfo(dest).path()).isEmpty());
    }

    void interruptLeavesNothingOfTheLink()
    {
        // 3 MiB at 512 KiB/s: about 6 s, interrupted once the copy has begun.
        const QString chain = path(QStringLiteral("format1-plain/snap"));
        const QString dest = path(QStringLiteral("interrupted/snap"));
        QProcess process;
        process.start(NodeProcess::cliBinary(),
                      {QStringLiteral("copy"), QStringLiteral("--limit-rate"), QStringLiteral("512K"), chain, dest});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(dest + QStringLiteral(".tmp")), 10000);
        QTest::qWait(500);
        QElapsedTimer timer;
        timer.start();
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(process.exitCode(), 13); // Cancelled
        QVERIFY(process.readAllStandardError().contains("Copy cancelled"));
        QVERIFY(filesIn(QFileInfo(dest).path()).isEmpty());
    }

    void missingSourceAndCopyOntoItself()
    {
        CliRun run = copy(path(QStringLiteral("nothing/snap")), path(QStringLiteral("nothing-copy/snap")));
        QCOMPARE(run.exitCode, 12); // NotFound
        QVERIFY(filesIn(QFileInfo(path(QStringLiteral("nothing-copy/snap"))).path()).isEmpty());
        run = copy(source(), source());
        QCOMPARE(run.exitCode, 2); // Usage
        run = copy(source(), m_dir.filePath(QStringLiteral("absent/snap")));
        QCOMPARE(run.exitCode, 8); // Io: DEST's directory does not exist
        run = copy(source(), copied(), {QStringLiteral("--limit-rate"), QStringLiteral("fast")});
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCopy)
#include "tst_copy.moc"
