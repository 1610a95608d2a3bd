// The node's block maps (core/node/BlockMapCache): written from any split of a file's bytes,
// read back as a stream, never used when damaged, the newest three kept per file.

#include "node/BlockMapCache.h"
#include "snapshot/BlockPatch.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fcntl.h>
#include <sys/stat.h>

#include <vector>

using namespace tidemark;

namespace {

constexpr qint32 kBlock = 4096;

QByteArray fileBytes(qsizetype size, char seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(seed + i * 7 + i / 4096);
    return bytes;
}

// Writes the map of `bytes` as version `checksum`, fed in pieces of `piece` bytes.
std::vector<quint64> writeMap(BlockMapCache &cache, const QString &name, const QByteArray &bytes,
                              const QString &checksum, qsizetype piece)
{
    std::vector<quint64> hashes;
    BlockMapCache::Writer writer(cache, name, kBlock, bytes.size());
    writer.setOnBlock([&](quint64 number, quint64 hash, const char *data, qsizetype size) {
        if (number != hashes.size() || hash != blockpatch::blockHash(data, size))
            return false;
        hashes.push_back(hash);
        return true;
    });
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        if (!writer.add(bytes.constData() + at, std::min(piece, bytes.size() - at)))
            return {};
    }
    if (!writer.finishBlocks())
        return {};
    writer.commit(checksum);
    return hashes;
}

std::vector<quint64> readMap(const QString &path, bool *whole)
{
    QString why;
    auto reader = BlockMapCache::Reader::open(path, kBlock, &why);
    std::vector<quint64> hashes;
    *whole = false;
    if (!reader)
        return hashes;
    quint64 hash = 0;
    while (reader->next(&hash))
        hashes.push_back(hash);
    *whole = reader->finish();
    return hashes;
}

const QString kSumA = QStringLiteral("0123456789abcdef0123456789abcdef");

} // namespace

class TestBlockMapCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripFromAnySplit_data()
    {
        QTest::addColumn<qsizetype>("size");
        QTest::addColumn<qsizetype>("piece");
        QTest::newRow("empty") << qsizetype(0) << qsizetype(4096);
        QTest::newRow("pages, whole reads") << qsizetype(40 * 4096) << qsizetype(1 << 20);
        QTest::newRow("pages, odd reads") << qsizetype(40 * 4096) << qsizetype(1000);
        QTest::newRow("short last block") << qsizetype(40 * 4096 + 123) << qsizetype(4097);
        QTest::newRow("one byte") << qsizetype(1) << qsizetype(1);
        // A map of more than 64 KiB goes to its tmp file as it grows (smaller ones wait in memory).
        QTest::newRow("map written as it grows") << qsizetype(40 << 20) << qsizetype(1 << 20);
    }
    void roundTripFromAnySplit()
    {
        QFETCH(qsizetype, size);
        QFETCH(qsizetype, piece);
        QTemporaryDir dir;
        BlockMapCache cache(dir.filePath(QStringLiteral(".blockmaps")));
        const QByteArray bytes = fileBytes(size, 1);
        const std::vector<quint64> written = writeMap(cache, QStringLiteral("shards/7"), bytes, kSumA, piece);
        QCOMPARE(written.size(), size_t((size + kBlock - 1) / kBlock));
        const QString path = cache.mapPath(QStringLiteral("shards/7"), kSumA);
        QVERIFY(path.endsWith(QStringLiteral("/shards_7.") + kSumA + QStringLiteral(".map")));
        bool whole = false;
        QCOMPARE(readMap(path, &whole), written);
        QVERIFY(whole);
        QString why;
        QVERIFY(cache.isUsable(QStringLiteral("shards/7"), kSumA, size, kBlock, &why));
        QVERIFY(!cache.isUsable(QStringLiteral("shards/7"), kSumA, size + 1, kBlock, &why)); // Another size.
        QVERIFY(why.contains(QStringLiteral("bytes")));
        QVERIFY(QDir(cache.dir()).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
    }

    // Any changed byte, a cut map, another block size: never usable.
    void damagedMapsAreRefused_data()
    {
        QTest::addColumn<int>("damage");
        QTest::newRow("flipped hash") << 0;
        QTest::newRow("flipped trailer") << 1;
        QTest::newRow("flipped size in header") << 2;
        QTest::newRow("cut") << 3;
        QTest::newRow("empty") << 4;
        QTest::newRow("other block size") << 5;
    }
    void damagedMapsAreRefused()
    {
        QFETCH(int, damage);
        QTemporaryDir dir;
        BlockMapCache cache(dir.filePath(QStringLiteral(".blockmaps")));
        QVERIFY(!writeMap(cache, QStringLiteral("meta"), fileBytes(10 * 4096, 3), kSumA, 8192).empty());
        const QString path = cache.mapPath(QStringLiteral("meta"), kSumA);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        switch (damage) {
        case 0:
            bytes[BlockMapCache::kHeaderBytes + 13] = static_cast<char>(bytes[BlockMapCache::kHeaderBytes + 13] ^ 1);
            break;
        case 1:
            bytes[bytes.size() - 1] = static_cast<char>(bytes[bytes.size() - 1] ^ 1);
            break;
        case 2:
            bytes[16] = static_cast<char>(bytes[16] ^ 1);
            break;
        case 3:
            bytes.chop(8);
            break;
        case 4:
            bytes.clear();
            break;
        default:
            break;
        }
        QVERIFY(file.resize(0));
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();
        QString why;
        QVERIFY(!cache.isUsable(QStringLiteral("meta"), kSumA, 10 * 4096, damage == 5 ? 8192 : kBlock, &why));
        QVERIFY(!why.isEmpty());
        QVERIFY(!cache.isUsable(QStringLiteral("meta"), QStringLiteral("ffffffffffffffffffffffffffffffff"), 10 * 4096,
                                kBlock, &why));
    }

    // A file sent again unchanged has the same map: it is not written again (no new file, a
    // backup of 1,000 unchanged shards created and replaced 1,000), only its time is renewed, so
    // tidy() counts it as the newest. A map that differs (damaged since) is written anew.
    void sameMapIsNotRewritten()
    {
        QTemporaryDir dir;
        BlockMapCache cache(dir.filePath(QStringLiteral(".blockmaps")));
        const QByteArray bytes = fileBytes(8 * 4096, 5);
        QVERIFY(!writeMap(cache, QStringLiteral("shards/3"), bytes, kSumA, 4096).empty());
        const QByteArray path = QFile::encodeName(cache.mapPath(QStringLiteral("shards/3"), kSumA));
        const timespec past[2] = {{1000000000, 0}, {1000000000, 0}};
        QCOMPARE(::utimensat(AT_FDCWD, path.constData(), past, 0), 0);
        struct stat before {};
        QCOMPARE(::stat(path.constData(), &before), 0);
        QVERIFY(!writeMap(cache, QStringLiteral("shards/3"), bytes, kSumA, 1000).empty());
        struct stat after {};
        QCOMPARE(::stat(path.constData(), &after), 0);
        QCOMPARE(after.st_ino, before.st_ino);
        QVERIFY(after.st_mtim.tv_sec > 1000000000);
        QString why;
        QVERIFY2(cache.isUsable(QStringLiteral("shards/3"), kSumA, bytes.size(), kBlock, &why), qPrintable(why));

        QFile damaged(QFile::decodeName(path));
        QVERIFY(damaged.open(QIODevice::ReadWrite));
        QVERIFY(damaged.seek(40));
        QCOMPARE(damaged.write("\xff", 1), qint64(1));
        damaged.close();
        QVERIFY(!cache.isUsable(QStringLiteral("shards/3"), kSumA, bytes.size(), kBlock, &why));
        QVERIFY(!writeMap(cache, QStringLiteral("shards/3"), bytes, kSumA, 4096).empty());
        QVERIFY2(cache.isUsable(QStringLiteral("shards/3"), kSumA, bytes.size(), kBlock, &why), qPrintable(why));
        QVERIFY(QDir(dir.filePath(QStringLiteral(".blockmaps"))).entryList({QStringLiteral("*.tmp")}).isEmpty());
    }

    // After a snapshot (tidy) the newest three maps of a file stay and maps of files the node no
    // longer has go; *.tmp of a killed node go at start.
    void housekeeping()
    {
        QTemporaryDir dir;
        const QString mapsDir = dir.filePath(QStringLiteral(".blockmaps"));
        QStringList sums;
        {
            BlockMapCache cache(mapsDir);
            for (int v = 0; v < 5; ++v) {
                sums << QStringLiteral("%1").arg(v, 32, 10, QLatin1Char('0'));
                QVERIFY(!writeMap(cache, QStringLiteral("shards/1"), fileBytes(3 * 4096, char(v)), sums.last(), 4096)
                             .empty());
                QThread::msleep(15); // Distinct modification times.
            }
            QVERIFY(!writeMap(cache, QStringLiteral("shards/10"), fileBytes(4096, 9), kSumA, 4096).empty());
            QVERIFY(!writeMap(cache, QStringLiteral("meta"), fileBytes(4096, 8), kSumA, 4096).empty());
            // Committing keeps every map; tidying after the snapshot keeps the newest three.
            QCOMPARE(QDir(mapsDir).entryList({QStringLiteral("shards_1.*.map")}, QDir::Files).size(), 5);
            cache.tidy({QStringLiteral("meta"), QStringLiteral("shards/1"), QStringLiteral("shards/10")});
            QStringList left = QDir(mapsDir).entryList({QStringLiteral("shards_1.*.map")}, QDir::Files);
            QCOMPARE(left.size(), 3);
            for (int v = 2; v < 5; ++v)
                QVERIFY2(QFile::exists(cache.mapPath(QStringLiteral("shards/1"), sums[v])), qPrintable(sums[v]));
            // shards/10's map is not one of shards/1's.
            QVERIFY(QFile::exists(cache.mapPath(QStringLiteral("shards/10"), kSumA)));
            cache.tidy({QStringLiteral("meta"), QStringLiteral("shards/10")});
            QVERIFY(QDir(mapsDir).entryList({QStringLiteral("shards_1.*.map")}, QDir::Files).isEmpty());
            QVERIFY(QFile::exists(cache.mapPath(QStringLiteral("shards/10"), kSumA)));
            QVERIFY(QFile::exists(cache.mapPath(QStringLiteral("meta"), kSumA)));
            // A writer that is not committed leaves nothing: a small map is only in memory, a
            // large one's tmp file goes.
            {
                BlockMapCache::Writer abandoned(cache, QStringLiteral("meta"), kBlock, 4096);
                QVERIFY(abandoned.add(fileBytes(4096, 1).constData(), 4096));
                QVERIFY(QDir(mapsDir).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
            }
            {
                const QByteArray mib = fileBytes(1 << 20, 2);
                BlockMapCache::Writer abandoned(cache, QStringLiteral("meta"), kBlock, 40 << 20);
                for (int i = 0; i < 40; ++i)
                    QVERIFY(abandoned.add(mib.constData(), mib.size()));
                QCOMPARE(QDir(mapsDir).entryList({QStringLiteral("*.tmp")}, QDir::Files).size(), 1);
            }
            QVERIFY(QDir(mapsDir).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
        }
        QFile leftover(mapsDir + QStringLiteral("/meta.x.tmp"));
        QVERIFY(leftover.open(QIODevice::WriteOnly));
        leftover.close();
        BlockMapCache reopened(mapsDir);
        QVERIFY(!QFile::exists(leftover.fileName()));
    }
};

QTEST_GUILESS_MAIN(TestBlockMapCache)
#include "tst_blockmapcache.moc"
