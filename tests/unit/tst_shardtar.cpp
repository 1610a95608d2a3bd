// The shard tars an InfluxDB 1.x node streams, and MetaBlob: every hostile or broken shape is
// refused with a message naming the entry; the good ones are read exactly.
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "restore/RestoreFiles.h"
#include "support/TarBuilder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <archive_entry.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QByteArray kTsm = QByteArray::fromHex("16D116D101") + "blocks and index";

QString writeTemp(const QTemporaryDir &dir, const QByteArray &bytes)
{
    const QString path = dir.filePath(QStringLiteral("shard.tar"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Feeds `tar` to a ShardTar::Extractor in pieces of `piece` bytes: the first error, or Ok.
Error streamInto(const QByteArray &tar, const QString &dataDir, restorefs::ReadBack &readBack, int piece)
{
    ShardTar::Extractor extractor(7, QStringLiteral("snap"), dataDir, readBack);
    for (qsizetype at = 0; at < tar.size(); at += piece) {
        if (Status s = extractor.write(tar.constData() + at, std::min<qsizetype>(piece, tar.size() - at)); !s)
            return s.error();
    }
    auto summary = extractor.finish();
    return summary ? makeError(ErrorCode::Ok, {}) : summary.error();
}

QByteArray varint(quint64 v)
{
    QByteArray out;
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
    return out;
}

QByteArray field(int number, quint64 value)
{
    return varint(static_cast<quint64>(number) << 3) + varint(value);
}
QByteArray bytesField(int number, const QByteArray &bytes)
{
    return varint((static_cast<quint64>(number) << 3) | 2) + varint(bytes.size()) + bytes;
}

} // namespace

class TestShardTar : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void goodTarIsReadAndExtracted()
    {
        const QString path = writeTemp(m_dir, buildTar({entry("db/autogen/7/000000001-000000001.tsm", kTsm),
                                                        entry("db/autogen/7/000000001-000000001.tombstone", "")}));
        auto summary = ShardTar::inspect(path, 7, QStringLiteral("snap"));
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().message));
        QCOMPARE(summary->database, QStringLiteral("db"));
        QCOMPARE(summary->retentionPolicy, QStringLiteral("autogen"));
        QCOMPARE(summary->files, (QStringList{QStringLiteral("000000001-000000001.tsm"),
                                              QStringLiteral("000000001-000000001.tombstone")}));
        QCOMPARE(summary->sizes, (QList<qint64>{kTsm.size(), 0}));
        QCOMPARE(summary->bytes, kTsm.size());

        QTemporaryDir data;
        QVERIFY(ShardTar::extract(path, 7, QStringLiteral("snap"), data.path()).ok());
        QFile tsm(data.filePath(QStringLiteral("db/autogen/7/000000001-000000001.tsm")));
        QVERIFY(tsm.open(QIODevice::ReadOnly));
        QCOMPARE(tsm.readAll(), kTsm);
    }

    void emptyTarHasNoFiles()
    {
        auto summary = ShardTar::inspect(writeTemp(m_dir, buildTar({})), 3, QStringLiteral("snap"));
        QVERIFY(summary.ok());
        QVERIFY(summary->files.isEmpty());
        QCOMPARE(summary->newestModified(), 0);
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("tar");
        QTest::addColumn<QString>("expected");
        const TarEntry good = entry("db/rp/7/000000001-000000001.tsm", kTsm);
        QTest::newRow("symlink") << buildTar({symlinkEntry("db/rp/7/a.tsm", "/etc/passwd")})
                                 << QStringLiteral("entry 'db/rp/7/a.tsm': is not a regular file");
        QTest::newRow("hard link") << buildTar(
                                          {good, hardlinkEntry("db/rp/7/b.tsm", "db/rp/7/000000001-000000001.tsm")})
                                   << QStringLiteral("entry 'db/rp/7/b.tsm': is not a regular file");
        QTest::newRow("device") << buildTar({special("db/rp/7/a.tsm", AE_IFCHR)})
                                << QStringLiteral("is not a regular file");
        QTest::newRow("directory") << buildTar({special("db/rp/7", AE_IFDIR)})
                                   << QStringLiteral("entry 'db/rp/7/': is not a regular file");
        QTest::newRow("dot dot") << buildTar({entry("db/../7/a.tsm", kTsm)})
                                 << QStringLiteral("entry 'db/../7/a.tsm': is not named db/rp/7/file");
        QTest::newRow("absolute") << buildTar({entry("/db/rp/7/a.tsm", kTsm)})
                                  << QStringLiteral("is not named db/rp/7/file");
        QTest::newRow("too deep") << buildTar({entry("db/rp/7/x/a.tsm", kTsm)})
                                  << QStringLiteral("is not named db/rp/7/file");
        QTest::newRow("another shard") << buildTar({entry("db/rp/70/a.tsm", kTsm)})
                                       << QStringLiteral("entry 'db/rp/70/a.tsm': belongs to shard 70");
        QTest::newRow("two databases") << buildTar({good, entry("other/rp/7/b.tsm", kTsm)})
                                       << QStringLiteral("is not in db/rp like the entries before it");
        QTest::newRow("not TSM") << buildTar({entry("db/rp/7/fields.idx", "x")})
                                 << QStringLiteral("is neither TSM data (.tsm) nor a tombstone");
        QTest::newRow("bad magic") << buildTar({entry("db/rp/7/a.tsm", "not a tsm file")})
                                   << QStringLiteral("does not start with the TSM magic");
        QTest::newRow("empty TSM") << buildTar({entry("db/rp/7/a.tsm", "")})
                                   << QStringLiteral("entry 'db/rp/7/a.tsm': is empty");
        QTest::newRow("duplicate") << buildTar({good, good}) << QStringLiteral("is a duplicate entry");
        QTest::newRow("truncated") << buildTar({entry("db/rp/7/a.tsm", kTsm + QByteArray(4000, 'x'))}).first(1500)
                                   << QStringLiteral("shard 7");
        QTest::newRow("garbage") << QByteArray(3000, 'g') << QStringLiteral("shard 7");
    }

    void hostile()
    {
        QFETCH(QByteArray, tar);
        QFETCH(QString, expected);
        QTemporaryDir data;
        const QString path = writeTemp(m_dir, tar);
        auto summary = ShardTar::inspect(path, 7, QStringLiteral("snap"));
        QVERIFY(!summary.ok());
        QVERIFY2(summary.error().message.contains(expected), qPrintable(summary.error().message));
        QCOMPARE(summary.error().code, ErrorCode::Integrity);
        QVERIFY(!ShardTar::extract(path, 7, QStringLiteral("snap"), data.path()).ok());
        QVERIFY(!QFile::exists(QStringLiteral("/etc/db")) && !QFileInfo::exists(data.filePath(QStringLiteral("../7"))));

        // Streamed (a restore), in small pieces: the same refusal, from write() or finish().
        QTemporaryDir streamed;
        restorefs::ReadBack readBack;
        const Error error = streamInto(tar, streamed.path(), readBack, 333);
        QCOMPARE(error.code, ErrorCode::Integrity);
        QVERIFY2(error.message.contains(expected), qPrintable(error.message));
        QVERIFY(readBack.wait().ok()); // What it wrote before the refusal reads back as written.

        // Checked as it streams without a data directory (a backup): the same refusal.
        ShardTar::Extractor check(7, QStringLiteral("snap"));
        Status written;
        for (qsizetype at = 0; at < tar.size() && written.ok(); at += 333)
            written = check.write(tar.constData() + at, std::min<qsizetype>(333, tar.size() - at));
        const Error checked = written.ok() ? check.finish().error() : written.error();
        QCOMPARE(checked.code, ErrorCode::Integrity);
        QVERIFY2(checked.message.contains(expected), qPrintable(checked.message));
    }

    // The streaming check alone (what a backup does with each shard as influxd sends it) reads
    // the same summary as inspect() and writes nothing.
    void streamedCheckMatchesInspect()
    {
        QByteArray big = kTsm;
        while (big.size() < (3 << 20))
            big += QByteArray::number(big.size()).repeated(97);
        const QByteArray tar =
            buildTar({entry("db/rp/7/000000001-000000001.tsm", big), entry("db/rp/7/000000001-000000001.tombstone", ""),
                      entry("db/rp/7/000000002-000000001.tsm", kTsm)});
        auto inspected = ShardTar::inspect(writeTemp(m_dir, tar), 7, QStringLiteral("snap"));
        QVERIFY(inspected.ok());
        ShardTar::Extractor check(7, QStringLiteral("snap"));
        for (qsizetype at = 0; at < tar.size(); at += 65536)
            QVERIFY(check.write(tar.constData() + at, std::min<qsizetype>(65536, tar.size() - at)).ok());
        auto streamed = check.finish();
        QVERIFY2(streamed.ok(), streamed.ok() ? "" : qPrintable(streamed.error().message));
        QCOMPARE(streamed->database, QStringLiteral("db"));
        QCOMPARE(streamed->files, inspected->files);
        QCOMPARE(streamed->sizes, inspected->sizes);
        QCOMPARE(streamed->modified, inspected->modified);
        QCOMPARE(streamed->bytes, inspected->bytes);
    }

    void streamedTarIsExtracted_data()
    {
        QTest::addColumn<int>("piece");
        QTest::addColumn<int>("bytes");
        QTest::newRow("7-byte pieces") << 7 << 100000;
        QTest::newRow("4093-byte pieces, 20 MiB") << 4093 << (20 << 20);
        // Bigger than the extractor's queue and the writeback step, so both are crossed.
        QTest::newRow("1 MiB pieces, 20 MiB") << (1 << 20) << (20 << 20);
    }

    void streamedTarIsExtracted()
    {
        QFETCH(int, piece);
        QFETCH(int, bytes);
        QByteArray big = kTsm;
        while (big.size() < bytes)
            big += QByteArray::number(big.size()).repeated(97);
        const QByteArray tar =
            buildTar({entry("db/rp/7/000000001-000000001.tsm", big), entry("db/rp/7/000000001-000000001.tombstone", ""),
                      entry("db/rp/7/000000002-000000001.tsm", kTsm)});
        QTemporaryDir data;
        restorefs::ReadBack readBack;
        const Error error = streamInto(tar, data.path(), readBack, piece);
        QVERIFY2(error.code == ErrorCode::Ok, qPrintable(error.message));
        QVERIFY(readBack.wait().ok());
        QFile first(data.filePath(QStringLiteral("db/rp/7/000000001-000000001.tsm")));
        QVERIFY(first.open(QIODevice::ReadOnly));
        QVERIFY(first.readAll() == big);
        QVERIFY(QFileInfo::exists(data.filePath(QStringLiteral("db/rp/7/000000001-000000001.tombstone"))));
        QFile second(data.filePath(QStringLiteral("db/rp/7/000000002-000000001.tsm")));
        QVERIFY(second.open(QIODevice::ReadOnly));
        QCOMPARE(second.readAll(), kTsm);
    }

    void droppedExtractorStops()
    {
        // An extractor dropped in the middle (a restore abandoned) ends its thread and returns.
        QByteArray big = kTsm + QByteArray(30 << 20, 'b');
        const QByteArray tar = buildTar({entry("db/rp/7/000000001-000000001.tsm", big)});
        QTemporaryDir data;
        restorefs::ReadBack readBack;
        {
            ShardTar::Extractor extractor(7, QStringLiteral("snap"), data.path(), readBack);
            QVERIFY(extractor.write(tar.constData(), 3 << 20).ok());
        }
        QVERIFY(readBack.wait().ok());
    }

    void metaBlobIsParsed()
    {
        constexpr qint64 kWeek = 7 * 86400 * 1000000000LL;
        // Times are int64 varints: a negative one is its two's complement in ten bytes.
        const QByteArray shardGroup = field(1, 1) + field(2, static_cast<quint64>(-kWeek)) + field(3, 0) + field(4, 0) +
                                      bytesField(5, field(1, 10)) + bytesField(5, field(1, 100));
        const QByteArray deletedGroup = field(1, 2) + field(4, 1700000000) + bytesField(5, field(1, 11));
        const QByteArray policy = bytesField(1, "autogen") + field(2, 0) + field(3, kWeek) + field(4, 1) +
                                  bytesField(5, shardGroup) + bytesField(5, deletedGroup);
        const QByteArray shortGroup = field(1, 3) + field(2, kWeek) + field(3, 2 * kWeek) + bytesField(5, field(1, 12));
        const QByteArray shortBytes = bytesField(1, "short") + field(2, 30 * 86400 * 1000000000LL) + field(3, kWeek) +
                                      field(4, 2) + bytesField(5, shortGroup);
        const QByteArray blob = field(1, 3) + field(2, 4242) + field(3, 99) +
                                bytesField(5, bytesField(1, "mydb") + bytesField(2, "autogen") + bytesField(3, policy) +
                                                  bytesField(3, shortBytes)) +
                                bytesField(5, bytesField(1, "other")) + bytesField(9, "unknown fields are skipped");
        auto meta = MetaBlob::parse(blob, QStringLiteral("node"));
        QVERIFY2(meta.ok(), qPrintable(meta.ok() ? QString() : meta.error().message));
        QCOMPARE(meta->term, quint64(3));
        QCOMPARE(meta->index, quint64(4242));
        QCOMPARE(meta->clusterId, quint64(99));
        QCOMPARE(meta->databases, (QStringList{QStringLiteral("mydb"), QStringLiteral("other")}));
        QCOMPARE(meta->shards.size(), size_t(3)); // Shard 11's group is deleted.
        QCOMPARE(meta->shards[0].id, quint64(10));
        QCOMPARE(meta->shards[1].id, quint64(100));
        QCOMPARE(meta->shards[1].database, QStringLiteral("mydb"));
        QCOMPARE(meta->shards[1].retentionPolicy, QStringLiteral("autogen"));
        QCOMPARE(meta->shards[1].startNs, -kWeek);
        QCOMPARE(meta->shards[1].endNs, qint64(0));
        QCOMPARE(meta->shards[2].id, quint64(12));
        QCOMPARE(meta->shards[2].retentionPolicy, QStringLiteral("short"));
        QCOMPARE(meta->shards[2].startNs, kWeek);
        QCOMPARE(meta->shards[2].endNs, 2 * kWeek);
        QCOMPARE(meta->retentionPolicies.size(), size_t(2));
        const MetaBlob::RetentionPolicy &autogen = meta->retentionPolicies[0];
        QCOMPARE(autogen.database, QStringLiteral("mydb"));
        QCOMPARE(autogen.name, QStringLiteral("autogen"));
        QCOMPARE(autogen.durationNs, qint64(0));
        QCOMPARE(autogen.shardGroupDurationNs, kWeek);
        QCOMPARE(autogen.replicaN, 1u);
        QVERIFY(autogen.isDefault);
        const MetaBlob::RetentionPolicy &shortPolicy = meta->retentionPolicies[1];
        QCOMPARE(shortPolicy.name, QStringLiteral("short"));
        QCOMPARE(shortPolicy.durationNs, 30 * 86400 * 1000000000LL);
        QCOMPARE(shortPolicy.replicaN, 2u);
        QVERIFY(!shortPolicy.isDefault);
    }

    // What an online restore sends: one database, the chosen policy and shard groups; no users,
    // no subscriptions, no deleted groups; every other field as it was.
    void metaBlobSelection()
    {
        const QByteArray group1 = field(1, 1) + field(2, 0) + field(3, 10) + field(4, 0) + bytesField(5, field(1, 10));
        const QByteArray group2 = field(1, 2) + field(2, 10) + field(3, 20) + field(4, 0) + bytesField(5, field(1, 11));
        const QByteArray deleted =
            field(1, 3) + field(2, 20) + field(3, 30) + field(4, 99) + bytesField(5, field(1, 12));
        const QByteArray subscription = bytesField(1, "sub") + bytesField(2, "ALL") + bytesField(3, "http://x");
        const QByteArray autogen = bytesField(1, "autogen") + field(2, 0) + field(3, 10) + field(4, 1) +
                                   bytesField(5, group1) + bytesField(5, group2) + bytesField(5, deleted) +
                                   bytesField(6, subscription);
        const QByteArray other =
            bytesField(1, "short") + field(2, 5) + field(3, 10) + field(4, 1) +
            bytesField(5, field(1, 4) + field(2, 0) + field(3, 10) + field(4, 0) + bytesField(5, field(1, 13)));
        const QByteArray blob = field(1, 3) + field(2, 4242) + field(3, 99) +
                                bytesField(5, bytesField(1, "mydb") + bytesField(2, "autogen") +
                                                  bytesField(3, autogen) + bytesField(3, other)) +
                                bytesField(5, bytesField(1, "otherdb")) + bytesField(6, "a user") + field(9, 13);

        auto all = MetaBlob::selection(blob, QStringLiteral("mydb"), {}, {}, QStringLiteral("chain"));
        QVERIFY(all.ok());
        auto meta = MetaBlob::parse(all.value(), QStringLiteral("selection"));
        QVERIFY(meta.ok());
        QCOMPARE(meta->index, quint64(4242));
        QCOMPARE(meta->databases, QStringList{QStringLiteral("mydb")});
        QCOMPARE(meta->shards.size(), size_t(3)); // 10, 11, 13; not the deleted group's 12.
        QVERIFY(!all->contains("a user") && !all->contains("http://x") && !all->contains("otherdb"));
        QVERIFY(all->contains(field(9, 13))); // MaxShardID as it was.

        auto chosen =
            MetaBlob::selection(blob, QStringLiteral("mydb"), QStringLiteral("autogen"), {11}, QStringLiteral("chain"));
        QVERIFY(chosen.ok());
        meta = MetaBlob::parse(chosen.value(), QStringLiteral("selection"));
        QVERIFY(meta.ok());
        QCOMPARE(meta->shards.size(), size_t(1));
        QCOMPARE(meta->shards[0].id, quint64(11));
        QCOMPARE(meta->shards[0].startNs, qint64(10));
        QCOMPARE(meta->retentionPolicies.size(), size_t(1));
        QVERIFY(meta->retentionPolicies[0].isDefault);

        auto missing = MetaBlob::selection(blob, QStringLiteral("nosuch"), {}, {}, QStringLiteral("chain"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        auto broken = MetaBlob::selection(blob.chopped(3), QStringLiteral("mydb"), {}, {}, QStringLiteral("chain"));
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().code, ErrorCode::Integrity);
    }

    // ShardTar::Writer makes a tar that ShardTar reads back, ending right after its end blocks.
    void writtenTarIsReadBack()
    {
        QByteArray tar;
        {
            ShardTar::Writer writer([&](const char *bytes, qsizetype size) {
                tar.append(bytes, size);
                return Status();
            });
            const QByteArray other = kTsm + QByteArray(3000, 'x');
            QVERIFY(writer.begin(QStringLiteral("new/autogen/7/000000001-000000001.tsm"), kTsm.size(), 1700000000));
            QVERIFY(writer.write(kTsm.constData(), kTsm.size()));
            QVERIFY(writer.begin(QStringLiteral("new/autogen/7/000000002-000000001.tsm"), other.size(), 1700000000));
            QVERIFY(writer.write(other.constData(), other.size()));
            QVERIFY(writer.finish());
        }
        QCOMPARE(tar.size() % 512, 0);
        QVERIFY(tar.endsWith(QByteArray(1024, '\0')));
        QVERIFY(!tar.chopped(1024).endsWith(QByteArray(512, '\0'))); // Nothing after the two end blocks.
        auto summary = ShardTar::inspect(writeTemp(m_dir, tar), 7, QStringLiteral("written"));
        QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().message));
        QCOMPARE(summary->database, QStringLiteral("new"));
        QCOMPARE(summary->files,
                 (QStringList{QStringLiteral("000000001-000000001.tsm"), QStringLiteral("000000002-000000001.tsm")}));
        QCOMPARE(summary->sizes, (QList<qint64>{kTsm.size(), kTsm.size() + 3000}));

        // An output that fails fails the writer.
        ShardTar::Writer failing(
            [](const char *, qsizetype) { return Status(makeError(ErrorCode::Io, QStringLiteral("full"))); });
        const Status began = failing.begin(QStringLiteral("a/b/1/x.tsm"), 5000, 0);
        QVERIFY(!began.ok());
        QCOMPARE(began.error().message, QStringLiteral("full"));
    }

    void brokenMetaBlobIsRefused_data()
    {
        QTest::addColumn<QByteArray>("blob");
        QTest::addColumn<QString>("expected");
        const QByteArray good = field(2, 7) + bytesField(5, bytesField(1, "db"));
        QTest::newRow("empty") << QByteArray() << QStringLiteral("it has no index");
        QTest::newRow("no index") << field(1, 1) << QStringLiteral("it has no index");
        QTest::newRow("truncated") << good.chopped(2) << QStringLiteral("not a well-formed protocol buffer");
        QTest::newRow("length past the end")
            << field(2, 7) + varint((5 << 3) | 2) + varint(1000) << QStringLiteral("not a well-formed");
        QTest::newRow("group wire type") << field(2, 7) + varint((6 << 3) | 3) << QStringLiteral("not a well-formed");
        QTest::newRow("field number 0") << varint(0) + varint(1) << QStringLiteral("not a well-formed");
        QTest::newRow("endless varint") << field(2, 7) + QByteArray(11, '\xff') << QStringLiteral("not a well-formed");
        QTest::newRow("broken database") << field(2, 7) + bytesField(5, QByteArray("\x0a\x05"
                                                                                   "ab",
                                                                                   4))
                                         << QStringLiteral("not a well-formed");
        QTest::newRow("broken shard group")
            << field(2, 7) + bytesField(5, bytesField(3, bytesField(5, QByteArray("\x2a\x09", 2))))
            << QStringLiteral("not a well-formed");
        QTest::newRow("HTTP answer") << QByteArray("HTTP/1.1 400 Bad Request\r\n")
                                     << QStringLiteral("not a well-formed");
    }

    void brokenMetaBlobIsRefused()
    {
        QFETCH(QByteArray, blob);
        QFETCH(QString, expected);
        auto meta = MetaBlob::parse(blob, QStringLiteral("node:8088"));
        QVERIFY(!meta.ok());
        QCOMPARE(meta.error().code, ErrorCode::Integrity);
        QVERIFY2(meta.error().message.contains(QStringLiteral("'node:8088'")) &&
                     meta.error().message.contains(expected),
                 qPrintable(meta.error().message));
    }
};

QTEST_GUILESS_MAIN(TestShardTar)

#include "tst_shardtar.moc"
