// TSM indexes and tombstones as an InfluxDB 1.x node writes them, made by hand: the index is read
// from the footer on without touching a block, every damaged shape is refused naming the file,
// the four tombstone versions are read alike; and ShardTar's visitor gets each file of a tar.
#include "influx1/ShardTar.h"
#include "influx1/TsmIndex.h"
#include "support/TarBuilder.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <limits>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kMin = std::numeric_limits<qint64>::min();
constexpr qint64 kMax = std::numeric_limits<qint64>::max();

template <typename T> QByteArray bigEndian(T value)
{
    QByteArray out(sizeof(T), Qt::Uninitialized);
    qToBigEndian(value, out.data());
    return out;
}

struct Key {
    QByteArray key;
    std::vector<std::pair<qint64, qint64>> blocks;
    quint8 type = 0;
};

struct TsmParts {
    QByteArray header = QByteArray::fromHex("16D116D101");
    QByteArray data = QByteArray(100, 'd'); ///< Stands in for the compressed blocks (never read).
    QByteArray index;
    qint64 footerDelta = 0; ///< Added to the true index offset in the footer.
};

// The index entries of `keys`, each block 10 bytes of the data section from byte 5 on.
QByteArray indexOf(const std::vector<Key> &keys, quint32 blockBytes = 10, quint64 blockOffset = 5)
{
    QByteArray index;
    for (const Key &k : keys) {
        index += bigEndian<quint16>(static_cast<quint16>(k.key.size())) + k.key;
        index += static_cast<char>(k.type);
        index += bigEndian<quint16>(static_cast<quint16>(k.blocks.size()));
        for (const auto &[min, max] : k.blocks)
            index += bigEndian<qint64>(min) + bigEndian<qint64>(max) + bigEndian<quint64>(blockOffset) +
                     bigEndian<quint32>(blockBytes);
    }
    return index;
}

QByteArray tsm(const TsmParts &parts)
{
    const qint64 offset = parts.header.size() + parts.data.size() + parts.footerDelta;
    return parts.header + parts.data + parts.index + bigEndian<quint64>(static_cast<quint64>(offset));
}

const std::vector<Key> kKeys = {
    {"cpu,host=a#!~#usage", {{-20, -10}, {5, 50}}, 0},
    {"cpu,host=a#!~#user", {{7, 8}}, 1},
    {"cpu,host=b#!~#usage", {{100, 100}}, 3},
    {"mem#!~#free", {{kMin, kMax}}, 4},
};

Result<std::vector<Key>> readIndex(const QByteArray &file)
{
    QBuffer buffer;
    buffer.setData(file);
    buffer.open(QIODevice::ReadOnly);
    std::vector<Key> keys;
    Status s = TsmIndex::read(buffer, QStringLiteral("link: shard 3, file 1.tsm"),
                              [&](QByteArrayView key, const std::vector<TsmIndex::Block> &blocks) {
                                  Key k{key.toByteArray(), {}, 0};
                                  for (const auto &b : blocks)
                                      k.blocks.emplace_back(b.minNs, b.maxNs);
                                  keys.push_back(k);
                                  return true;
                              });
    if (!s)
        return s.error();
    return keys;
}

QByteArray tombstoneEntries(const std::vector<std::tuple<QByteArray, qint64, qint64>> &entries)
{
    QByteArray out;
    for (const auto &[key, min, max] : entries)
        out += bigEndian<quint32>(static_cast<quint32>(key.size())) + key + bigEndian<qint64>(min) +
               bigEndian<qint64>(max);
    return out;
}

} // namespace

class TestTsmIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void indexIsReadKeyByKey()
    {
        auto keys = readIndex(tsm({.index = indexOf(kKeys)}));
        QVERIFY2(keys.ok(), qPrintable(keys.ok() ? QString() : keys.error().message));
        QCOMPARE(keys->size(), kKeys.size());
        for (size_t i = 0; i < kKeys.size(); ++i) {
            QCOMPARE(keys.value()[i].key, kKeys[i].key);
            QCOMPARE(keys.value()[i].blocks, kKeys[i].blocks);
        }
        QCOMPARE(TsmIndex::seriesKey("cpu,host=a#!~#usage"), QByteArrayView("cpu,host=a"));
        QCOMPARE(TsmIndex::seriesKey("no field"), QByteArrayView("no field"));
        // An empty index (a file of no keys) is no error.
        auto empty = readIndex(tsm({}));
        QVERIFY(empty.ok());
        QVERIFY(empty->empty());
    }

    void bigIndexIsReadInChunks()
    {
        // More than a chunk (1 MiB) of index: keys across chunk borders.
        std::vector<Key> many;
        for (int i = 0; i < 40000; ++i)
            many.push_back(
                {QByteArray("m,k=") + QByteArray::number(100000 + i) + "#!~#f", {{i, i + 1}, {i + 2, i + 3}}, 0});
        const QByteArray file = tsm({.index = indexOf(many)});
        QVERIFY(file.size() > (2 << 20));
        auto keys = readIndex(file);
        QVERIFY(keys.ok());
        QCOMPARE(keys->size(), many.size());
        QCOMPARE(keys->back().key, many.back().key);
        QCOMPARE(keys->back().blocks, many.back().blocks);
    }

    void damagedIndexIsRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        const QByteArray good = indexOf(kKeys);
        QTest::newRow("too short") << QByteArray::fromHex("16D116D101") << QStringLiteral("the file has 5 byte");
        QTest::newRow("not TSM") << tsm({.header = "HTTP/", .index = good}) << QStringLiteral("TSM magic");
        QTest::newRow("footer past the end")
            << tsm({.index = good, .footerDelta = good.size() + 1}) << QStringLiteral("its footer points at byte");
        QTest::newRow("footer in the header")
            << tsm({.index = good, .footerDelta = -102}) << QStringLiteral("its footer points at byte 3 ");
        QTest::newRow("index cut in a key")
            << tsm({.index = good.left(good.size() - 40)}) << QStringLiteral("it ends inside");
        QTest::newRow("one byte too many")
            << tsm({.index = good + 'x'}) << QStringLiteral("does not end at the footer");
        QTest::newRow("keys out of order")
            << tsm({.index = indexOf({kKeys[1], kKeys[0]})}) << QStringLiteral("is out of order");
        QTest::newRow("duplicate key") << tsm({.index = indexOf({kKeys[0], kKeys[0]})})
                                       << QStringLiteral("is out of order");
        QTest::newRow("empty key") << tsm({.index = indexOf({{"", {{1, 2}}, 0}})}) << QStringLiteral("a key is empty");
        QTest::newRow("unknown type") << tsm({.index = indexOf({{"k#!~#f", {{1, 2}}, 5}})})
                                      << QStringLiteral("unknown type 5");
        QTest::newRow("no block") << tsm({.index = indexOf({{"k#!~#f", {}, 0}})}) << QStringLiteral("has no block");
        QTest::newRow("time backwards") << tsm({.index = indexOf({{"k#!~#f", {{2, 1}}, 0}})})
                                        << QStringLiteral("ends before it starts");
        QTest::newRow("block in the index")
            << tsm({.index = indexOf({{"k#!~#f", {{1, 2}}, 0}}, 10, 100)}) << QStringLiteral("lies outside the data");
        QTest::newRow("block in the header")
            << tsm({.index = indexOf({{"k#!~#f", {{1, 2}}, 0}}, 10, 2)}) << QStringLiteral("lies outside the data");
        QTest::newRow("empty block") << tsm({.index = indexOf({{"k#!~#f", {{1, 2}}, 0}}, 0)})
                                     << QStringLiteral("lies outside the data");
        QTest::newRow("block wrapping around") << tsm({.index = indexOf({{"k#!~#f", {{1, 2}}, 0}}, 10, ~quint64(4))})
                                               << QStringLiteral("lies outside the data");
    }

    void damagedIndexIsRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        auto keys = readIndex(file);
        QVERIFY(!keys.ok());
        QCOMPARE(keys.error().code, ErrorCode::Integrity);
        QVERIFY2(keys.error().message.contains(QStringLiteral("link: shard 3, file 1.tsm")) &&
                     keys.error().message.contains(expected),
                 qPrintable(keys.error().message));
    }

    void tombstonesOfEveryVersion_data()
    {
        QTest::addColumn<QByteArray>("file");
        const QByteArray entries = tombstoneEntries(
            {{"cpu,host=a#!~#usage", kMin, kMax}, {"cpu,host=b#!~#usage", 0, 5}, {"cpu,host=b#!~#usage", 6, 10}});
        QTest::newRow("v1") << QByteArray("cpu,host=a#!~#usage\n\n");
        QTest::newRow("v2") << bigEndian<quint32>(0x1502) + entries;
        QTest::newRow("v3") << bigEndian<quint32>(0x1503) + gzip(entries);
        // Version 4: one gzip member per flush, one after the other.
        QTest::newRow("v4") << bigEndian<quint32>(0x1504) + gzip(entries.left(35)) + gzip(entries.mid(35));
    }

    void tombstonesOfEveryVersion()
    {
        QFETCH(QByteArray, file);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("1.tombstone"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(file) == file.size());
        out.close();
        TsmTombstones tombstones;
        Status s = tombstones.read(path, QStringLiteral("shard 3, 1.tombstone"));
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        QVERIFY(tombstones.deletes("cpu,host=a#!~#usage", -5, 1000));
        QVERIFY(!tombstones.deletes("cpu,host=a#!~#user", -5, 1000));
        const bool v1 = QByteArray(QTest::currentDataTag()) == "v1";
        // Two ranges that touch cover a block across both; a block past them is not covered.
        QCOMPARE(tombstones.deletes("cpu,host=b#!~#usage", 0, 10), !v1);
        QCOMPARE(tombstones.deletes("cpu,host=b#!~#usage", 3, 8), !v1);
        QVERIFY(!tombstones.deletes("cpu,host=b#!~#usage", 3, 11));
        QVERIFY(!tombstones.deletes("cpu,host=b#!~#usage", -1, 2));
    }

    void rangesAndSeriesTombstones()
    {
        TsmTombstones t;
        QVERIFY(t.isEmpty());
        QVERIFY(!t.deletes("k#!~#f", 1, 2));
        t.add("k#!~#f", 0, 5);
        t.add("k#!~#f", 7, 10); // A gap at 6.
        QVERIFY(t.deletes("k#!~#f", 0, 5));
        QVERIFY(!t.deletes("k#!~#f", 0, 10));
        t.add("k#!~#f", 6, 6);
        QVERIFY(t.deletes("k#!~#f", 0, 10));
        t.add("k#!~#f", 11, kMax);
        QVERIFY(t.deletes("k#!~#f", 3, kMax));
        // A key without a field deletes every field of its series.
        t.add("s,t=1", kMin, kMax);
        QVERIFY(t.deletes("s,t=1#!~#a", 1, 2));
        QVERIFY(!t.deletes("s,t=2#!~#a", 1, 2));
    }

    void damagedTombstonesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("expected");
        const QByteArray entries = tombstoneEntries({{"k#!~#f", 1, 2}});
        QTest::newRow("v2 cut") << bigEndian<quint32>(0x1502) + entries.chopped(3)
                                << QStringLiteral("ends inside an entry");
        QTest::newRow("v2 huge key") << bigEndian<quint32>(0x1502) + bigEndian<quint32>(0x7fffffff) + "k"
                                     << QStringLiteral("a key has");
        QTest::newRow("v3 not gzip") << bigEndian<quint32>(0x1503) + entries << QStringLiteral("not gzip-compressed");
        QTest::newRow("v4 cut gzip") << bigEndian<quint32>(0x1504) + gzip(entries).chopped(4)
                                     << QStringLiteral("damaged");
    }

    void damagedTombstonesAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("1.tombstone"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(file) == file.size());
        out.close();
        TsmTombstones tombstones;
        Status s = tombstones.read(path, QStringLiteral("shard 3, 1.tombstone"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Integrity);
        QVERIFY2(s.error().message.contains(QStringLiteral("shard 3, 1.tombstone")) &&
                     s.error().message.contains(expected),
                 qPrintable(s.error().message));
    }

    // ShardTar::Extractor with a visitor: each checked file with its name, size and bytes.
    void visitorGetsEachFile()
    {
        struct Files : ShardTar::Visitor {
            QStringList names;
            QList<qint64> sizes;
            QByteArrayList contents;
            Status begin(const QString &file, qint64 size) override
            {
                names << file;
                sizes << size;
                contents << QByteArray();
                return {};
            }
            Status write(const char *bytes, qsizetype size) override
            {
                contents.back().append(bytes, size);
                return {};
            }
            Status end() override { return {}; }
        } files;
        const QByteArray one = tsm({.index = indexOf(kKeys)});
        const QByteArray tar = buildTar(
            {entry("db/rp/3/000000001-000000001.tombstone", "k\n"), entry("db/rp/3/000000001-000000001.tsm", one)});
        {
            ShardTar::Extractor extractor(3, QStringLiteral("link"), files);
            for (qsizetype at = 0; at < tar.size(); at += 100)
                QVERIFY(extractor.write(tar.constData() + at, std::min<qsizetype>(100, tar.size() - at)).ok());
            auto summary = extractor.finish();
            QVERIFY(summary.ok());
            QCOMPARE(summary->database, QStringLiteral("db"));
        }
        QCOMPARE(files.names, (QStringList{QStringLiteral("000000001-000000001.tombstone"),
                                           QStringLiteral("000000001-000000001.tsm")}));
        QCOMPARE(files.sizes, (QList<qint64>{2, one.size()}));
        QCOMPARE(files.contents, (QByteArrayList{"k\n", one}));

        // A visitor's error ends the tar with that error.
        struct Refusing : ShardTar::Visitor {
            Status begin(const QString &, qint64) override { return makeError(ErrorCode::Io, QStringLiteral("full")); }
            Status write(const char *, qsizetype) override { return {}; }
            Status end() override { return {}; }
        } refusing;
        ShardTar::Extractor extractor(3, QStringLiteral("link"), refusing);
        (void)extractor.write(tar.constData(), tar.size());
        auto summary = extractor.finish();
        QVERIFY(!summary.ok());
        QCOMPARE(summary.error().code, ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(TestTsmIndex)
#include "tst_tsmindex.moc"
