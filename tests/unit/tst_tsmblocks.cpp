// TSM blocks of a shard tar for reference links (issue 19): every block of every TSM entry found
// at its offset in the tar (ustar and pax long names), hashed under the map's secret; block maps
// written and read back, every changed byte and a map of another version refused; a damaged TSM
// index is an Integrity error naming the entry; the map cache stores, loads, ignores damaged maps
// and prunes.
#include "influx1/TsmBlocks.h"
#include "support/TarBuilder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace tidemark;
using namespace tidemark::test;

namespace {

template <typename T> QByteArray bigEndian(T value)
{
    QByteArray out(sizeof(T), Qt::Uninitialized);
    qToBigEndian(value, out.data());
    return out;
}

// A TSM file whose blocks are `blocks` (one key each), in order after the 5-byte header.
QByteArray tsmFile(const std::vector<QByteArray> &blocks, qint64 footerDelta = 0)
{
    QByteArray data;
    QByteArray index;
    qint64 offset = 5;
    for (size_t i = 0; i < blocks.size(); ++i) {
        const QByteArray key = "m,s=" + QByteArray::number(static_cast<int>(i)) + "#!~#f";
        index += bigEndian<quint16>(static_cast<quint16>(key.size())) + key + char(0) + bigEndian<quint16>(1);
        index += bigEndian<qint64>(10) + bigEndian<qint64>(20) + bigEndian<quint64>(static_cast<quint64>(offset)) +
                 bigEndian<quint32>(static_cast<quint32>(blocks[i].size()));
        data += blocks[i];
        offset += blocks[i].size();
    }
    return QByteArray::fromHex("16D116D101") + data + index +
           bigEndian<quint64>(static_cast<quint64>(5 + data.size() + footerDelta));
}

QByteArray block(char fill, int size)
{
    QByteArray b(size, fill);
    for (int i = 0; i < size; i += 7)
        b[i] = static_cast<char>(i * 31 + fill);
    return b;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

} // namespace

class TestTsmBlocks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsEveryBlockAtItsOffset()
    {
        const std::vector<QByteArray> a = {block('a', 700), block('b', 1), block('c', 5000)};
        const std::vector<QByteArray> b = {block('d', 64), block('a', 700)};
        const QByteArray longName = "db/rp/7/" + QByteArray(120, 'x') + ".tsm"; // A pax path record.
        const QByteArray tar =
            buildTar({entry("db/rp/7/000000001-000000002.tsm", tsmFile(a)),
                      entry("db/rp/7/000000001-000000002.tombstone", QByteArray(9, 't')), entry(longName, tsmFile(b))});
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("shard.tar"), tar);
        const QByteArray secret = TsmBlocks::newSecret();
        auto listed = TsmBlocks::list(path, secret, QStringLiteral("test"));
        QVERIFY2(listed.ok(), qPrintable(listed.ok() ? QString() : listed.error().message));
        QCOMPARE(listed->size(), size_t(5));
        std::vector<QByteArray> expected = a;
        expected.insert(expected.end(), b.begin(), b.end());
        qint64 previous = -1;
        for (size_t i = 0; i < listed->size(); ++i) {
            const TsmBlock &found = listed->at(i);
            QVERIFY(found.offset > previous);
            previous = found.offset;
            QCOMPARE(tar.mid(found.offset, found.length), expected[i]);
            const TsmBlock h = TsmBlocks::hash(expected[i].constData(), expected[i].size(), secret);
            QCOMPARE(found.hashLow, h.hashLow);
            QCOMPARE(found.hashHigh, h.hashHigh);
        }
        // The same bytes hash alike (block 'a' in both files), under another secret otherwise.
        QCOMPARE(listed->at(0).hashLow, listed->at(4).hashLow);
        QVERIFY(TsmBlocks::hash(a[0].constData(), a[0].size(), TsmBlocks::newSecret()).hashLow !=
                listed->at(0).hashLow);
    }

    void damagedIndexNamesTheFile()
    {
        const QByteArray tar =
            buildTar({entry("db/rp/7/000000003-000000001.tsm", tsmFile({block('a', 100)}, 1000000))});
        QTemporaryDir dir;
        auto listed = TsmBlocks::list(writeFile(dir, QStringLiteral("bad.tar"), tar), TsmBlocks::newSecret(),
                                      QStringLiteral("the stream"));
        QVERIFY(!listed.ok());
        QCOMPARE(listed.error().code, ErrorCode::Integrity);
        QVERIFY2(listed.error().message.contains(QStringLiteral("000000003-000000001.tsm")),
                 qPrintable(listed.error().message));

        // A cut tar.
        auto cut = TsmBlocks::list(writeFile(dir, QStringLiteral("cut.tar"), tar.left(700)), TsmBlocks::newSecret(),
                                   QStringLiteral("the stream"));
        QVERIFY(!cut.ok());
        QCOMPARE(cut.error().code, ErrorCode::Integrity);
    }

    void mapsRoundTripAndRefuseEveryChange()
    {
        TsmBlockMap map;
        map.fileChecksum = QStringLiteral("0123456789abcdef0123456789abcdef");
        map.fileSize = 100000;
        map.secret = TsmBlocks::newSecret();
        for (int i = 0; i < 5; ++i) {
            TsmBlock b = TsmBlocks::hash(block(static_cast<char>('a' + i), 300).constData(), 300, map.secret);
            b.offset = 1000 + i * 300;
            map.blocks.push_back(b);
        }
        map.sort();
        const QByteArray bytes = map.serialize();
        auto back = TsmBlockMap::parse(bytes, map.fileChecksum);
        QVERIFY(back);
        QCOMPARE(back->blocks, map.blocks);
        QCOMPARE(back->secret, map.secret);
        QCOMPARE(back->fileSize, map.fileSize);
        const TsmBlock probe = TsmBlocks::hash(block('c', 300).constData(), 300, map.secret);
        QVERIFY(back->find(probe) && back->find(probe)->offset == 1600);
        TsmBlock otherLength = probe;
        otherLength.length = 299;
        QVERIFY(!back->find(otherLength));
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            QByteArray changed = bytes;
            changed[i] = static_cast<char>(changed[i] ^ 0x01);
            QVERIFY2(!TsmBlockMap::parse(changed, map.fileChecksum), qPrintable(QString::number(i)));
        }
        QVERIFY(!TsmBlockMap::parse(bytes.left(bytes.size() - 1), map.fileChecksum));
        QVERIFY(!TsmBlockMap::parse(bytes, QStringLiteral("ffffffffffffffffffffffffffffffff")));
        // A block outside the version is refused even with a right trailer.
        TsmBlockMap outside = map;
        outside.blocks.back().offset = map.fileSize - 10;
        QVERIFY(!TsmBlockMap::parse(outside.serialize(), map.fileChecksum));
    }

    void cacheStoresLoadsAndPrunes()
    {
        QTemporaryDir dir;
        const TsmMapCache cache(dir.filePath(QStringLiteral("maps")));
        TsmBlockMap map;
        map.fileChecksum = QStringLiteral("00000000000000000000000000000001");
        map.fileSize = 10;
        map.secret = TsmBlocks::newSecret();
        QVERIFY(!cache.load(map.fileChecksum));
        QVERIFY(cache.store(map).ok());
        QVERIFY(cache.load(map.fileChecksum));
        QCOMPARE(QFile::permissions(cache.pathOf(map.fileChecksum)) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        // Damaged: ignored.
        {
            QFile f(cache.pathOf(map.fileChecksum));
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(30);
            f.write("x");
        }
        QVERIFY(!cache.load(map.fileChecksum));
        // Pruned beyond kKeepMaps, except those used since the given time.
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-1);
        for (int i = 0; i < TsmMapCache::kKeepMaps + 3; ++i) {
            map.fileChecksum = QStringLiteral("%1").arg(i, 32, 10, QLatin1Char('0'));
            QVERIFY(cache.store(map).ok());
            QFile f(cache.pathOf(map.fileChecksum));
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(old.addSecs(i), QFileDevice::FileModificationTime));
        }
        QVERIFY(cache.load(QStringLiteral("%1").arg(0, 32, 10, QLatin1Char('0')))); // Used now: kept.
        cache.prune(QDateTime::currentDateTimeUtc().addSecs(-60));
        const QStringList left = QDir(cache.dir()).entryList({QStringLiteral("*.map")}, QDir::Files);
        QCOMPARE(left.size(), TsmMapCache::kKeepMaps);
        QVERIFY(left.contains(QStringLiteral("%1.map").arg(0, 32, 10, QLatin1Char('0'))));
        QVERIFY(!left.contains(QStringLiteral("%1.map").arg(1, 32, 10, QLatin1Char('0'))));
    }
};

QTEST_GUILESS_MAIN(TestTsmBlocks)

#include "tst_tsmblocks.moc"
