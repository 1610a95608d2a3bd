// Block links (archive format 3): the entry's bytes (BlockPatchEncoder / BlockPatchApplier), the
// manifest's `blocks` object, and Manifest::steps (which versions a restore applies, and the
// block links it refuses).
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "snapshot/Manifest.h"
#include "support/BlockLinks.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <fcntl.h>
#include <unistd.h>

using namespace tidemark;

namespace {

constexpr qint32 kBlock = 4096;

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    rng.fillRange(reinterpret_cast<quint32 *>(out.data()), size / 4);
    return out;
}

QString hexOf(const QByteArray &bytes)
{
    Checksum c;
    c.add(bytes);
    return c.hex();
}

// Writes `base` to a file, applies `patch` in pieces of `piece` bytes, returns the file or the error.
Result<QByteArray> apply(const QByteArray &base, const QByteArray &patch, qint64 fileSize, qsizetype piece = 7)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(base) != base.size())
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the base"));
    f.close();
    const int fd = ::open(path.toLocal8Bit().constData(), O_RDWR);
    BlockPatchApplier applier(fd, kBlock, fileSize, QStringLiteral("'shards/1' in test"));
    Status s;
    for (qsizetype at = 0; s && at < patch.size(); at += piece)
        s = applier.write(patch.constData() + at, std::min(piece, patch.size() - at));
    if (s)
        s = applier.finish();
    ::close(fd);
    if (!s)
        return s.error();
    QFile r(path);
    if (!r.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read back"));
    return r.readAll();
}

Manifest linkWith(std::vector<ManifestFile> files, bool incremental)
{
    Manifest m;
    m.format = Manifest::kFormatBlockLinks;
    m.nodeId = 1;
    m.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    m.created = QDateTime(QDate(2026, 11, 30), QTime(22, 0), Qt::UTC);
    m.chainId = QStringLiteral("c1");
    m.incremental = incremental;
    m.index = 9;
    m.files = std::move(files);
    return m;
}

ManifestFile whole(const QString &name, const QByteArray &content, quint64 index)
{
    return ManifestFile{name, content.size(), index, hexOf(content)};
}

ManifestFile blockLink(const QString &name, const QByteArray &patch, const QByteArray &base, const QByteArray &after,
                       quint64 index)
{
    ManifestFile f{name, patch.size(), index, hexOf(patch)};
    f.blocks = BlockLink{kBlock, hexOf(base), after.size(), hexOf(after)};
    return f;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A full snapshot (format 1) holding `files` at `path`.
bool writeFull(const QString &path, const std::vector<std::pair<QString, QByteArray>> &files)
{
    Manifest m = linkWith({}, false);
    m.format = Manifest::kFormatChecksumsFirst;
    for (const auto &[name, bytes] : files)
        m.files.push_back(whole(name, bytes, 1));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), m.toJson());
    for (const auto &[name, bytes] : files)
        ok = ok && writer.addData(name, bytes);
    return ok && writer.finish();
}

} // namespace

class TestBlockPatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripsScatteredChanges()
    {
        const QByteArray base = randomBytes(64 * kBlock, 1);
        QByteArray after = base;
        // Scattered pages, one run across blocks, and the last block.
        for (const int block : {0, 5, 6, 7, 31, 63})
            after[block * kBlock + 17] = static_cast<char>(after[block * kBlock + 17] ^ 0x5a);
        const QByteArray patch = BlockLinks::diff(base, after);
        QVERIFY(!patch.isEmpty());
        // Six blocks in four runs: far less than the file.
        QCOMPARE(patch.size(),
                 blockpatch::kHeaderBytes + 4 * blockpatch::kRunHeaderBytes + 6 * kBlock + blockpatch::kRunHeaderBytes);
        for (const qsizetype piece : {qsizetype(1), qsizetype(7), qsizetype(4096), qsizetype(1 << 20)}) {
            auto rebuilt = apply(base, patch, after.size(), piece);
            QVERIFY2(rebuilt, qPrintable(rebuilt ? QString() : rebuilt.error().message));
            QCOMPARE(rebuilt.value(), after);
        }
    }

    void growsShrinksAndKeepsAShortLastBlock()
    {
        const QByteArray base = randomBytes(10 * kBlock, 2);
        QByteArray grown = base + randomBytes(3 * kBlock, 3) + QByteArray("tail", 4); // A short last block.
        auto rebuilt = apply(base, BlockLinks::diff(base, grown), grown.size());
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt.value(), grown);
        const QByteArray shrunk = base.left(4 * kBlock);
        rebuilt = apply(base, BlockLinks::diff(base, shrunk), shrunk.size());
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt.value(), shrunk);
        // Nothing changed: a header and the end record only.
        const QByteArray none = BlockLinks::diff(base, base);
        QCOMPARE(none.size(), blockpatch::kHeaderBytes + blockpatch::kRunHeaderBytes);
        rebuilt = apply(base, none, base.size());
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt.value(), base);
    }

    void longRunsAreSplit()
    {
        const QByteArray base(600 * kBlock, 'a');
        const QByteArray after(600 * kBlock, 'b');
        const QByteArray patch = BlockLinks::diff(base, after);
        // 600 blocks of 4 KiB in runs of at most 1 MiB: three runs.
        QCOMPARE(patch.size(), blockpatch::kHeaderBytes + 3 * blockpatch::kRunHeaderBytes + 600 * kBlock +
                                   blockpatch::kRunHeaderBytes);
        auto rebuilt = apply(base, patch, after.size(), 100000);
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt.value(), after);
    }

    void encoderRefusesMisuse()
    {
        QByteArray out;
        BlockPatchEncoder encoder(kBlock, 3 * kBlock, [&](const char *d, qsizetype n) {
            out.append(d, n);
            return true;
        });
        const QByteArray block(kBlock, 'x');
        QVERIFY(encoder.addBlock(1, block.constData(), block.size()));
        QVERIFY(!encoder.addBlock(1, block.constData(), block.size())); // Twice.
        QVERIFY(!encoder.addBlock(0, block.constData(), block.size())); // Backwards.
        QVERIFY(!encoder.addBlock(3, block.constData(), block.size())); // Past the file.
        QVERIFY(!encoder.addBlock(2, block.constData(), 10));           // Wrong size.
        QVERIFY(encoder.finish());
        QVERIFY(!encoder.finish());
        BlockPatchEncoder refused(kBlock, kBlock, [](const char *, qsizetype) { return false; });
        QVERIFY(!refused.finish());
    }

    void applierRefusesDamage_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<qint64>("fileSize");
        QTest::addColumn<QString>("says");
        const QByteArray base = randomBytes(8 * kBlock, 4);
        QByteArray after = base;
        after[2 * kBlock] = 'x';
        after[5 * kBlock] = 'y';
        const QByteArray good = BlockLinks::diff(base, after);
        const qint64 size = after.size();
        QByteArray magic = good;
        magic[0] = 'X';
        QTest::newRow("magic") << magic << size << "header";
        QTest::newRow("file size") << good << size + 1 << "manifest says";
        QByteArray blockSize = good;
        blockSize[9] = 0x20; // 8192
        QTest::newRow("block size") << blockSize << size << "block size";
        QTest::newRow("cut") << good.left(good.size() - 1) << size << "end record";
        QTest::newRow("no end") << good.left(good.size() - blockpatch::kRunHeaderBytes) << size << "end record";
        QTest::newRow("after the end") << good + QByteArray(1, 0) << size << "follow";
        QByteArray outside = good;
        qToLittleEndian<quint64>(8, outside.data() + blockpatch::kHeaderBytes); // Block 8 of 8.
        QTest::newRow("past the file") << outside << size << "past the file";
        QByteArray backwards = good;
        const qsizetype second = blockpatch::kHeaderBytes + blockpatch::kRunHeaderBytes + kBlock;
        qToLittleEndian<quint64>(1, backwards.data() + second);
        QTest::newRow("out of order") << backwards << size << "out of order";
        QByteArray empty = good;
        qToLittleEndian<quint32>(0, empty.data() + blockpatch::kHeaderBytes + 8);
        QTest::newRow("empty run") << empty << size << "no block";
        QByteArray reserved = good;
        reserved[blockpatch::kHeaderBytes + 12] = 1;
        QTest::newRow("reserved") << reserved << size << "reserved";
    }

    void applierRefusesDamage()
    {
        QFETCH(QByteArray, patch);
        QFETCH(qint64, fileSize);
        QFETCH(QString, says);
        auto rebuilt = apply(randomBytes(8 * kBlock, 4), patch, fileSize, 5);
        QVERIFY(!rebuilt);
        QCOMPARE(rebuilt.error().code, ErrorCode::Integrity);
        QVERIFY2(rebuilt.error().message.contains(QStringLiteral("'shards/1' in test")),
                 qPrintable(rebuilt.error().message));
        QVERIFY2(rebuilt.error().message.contains(says), qPrintable(rebuilt.error().message));
    }

    void manifestCarriesBlockLinks()
    {
        const QByteArray base = randomBytes(4 * kBlock, 5);
        QByteArray after = base;
        after[kBlock] = 'z';
        const QByteArray patch = BlockLinks::diff(base, after);
        Manifest m = linkWith({blockLink(QStringLiteral("shards/1"), patch, base, after, 7)}, true);
        auto parsed = Manifest::fromJson(m.toJson(), QStringLiteral("t"), Manifest::Seal::Required);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->files.front(), m.files.front());
        QVERIFY(parsed->files.front().isBlockLink());
        QCOMPARE(parsed->files.front().fileSize(), after.size());
        QCOMPARE(parsed->files.front().fileChecksum(), hexOf(after));
        QVERIFY(m.toJson().contains("\"blocks\":{\"blockSize\":4096,\"base\":\""));

        // A head: index and blocks, no size, no checksums.
        Manifest head = m;
        head.files.front().size = ManifestFile::kUnknownSize;
        head.files.front().checksum.clear();
        head.files.front().blocks.fileSize = -1;
        head.files.front().blocks.fileChecksum.clear();
        parsed = Manifest::fromJson(head.toJson(), QStringLiteral("t"), Manifest::Seal::Required);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->files.front().index, quint64(7));
        QCOMPARE(parsed->files.front().size, ManifestFile::kUnknownSize);
        QVERIFY(!parsed->hasSizes());

        // The state a node is told: the file's size and checksum, format 2.
        const Manifest state = m.asState();
        QCOMPARE(state.format, Manifest::kFormatChecksumsLast);
        QVERIFY(!state.files.front().isBlockLink());
        QCOMPARE(state.files.front().size, after.size());
        QCOMPARE(state.files.front().checksum, hexOf(after));
        QVERIFY(Manifest::fromJson(state.toJson(), QStringLiteral("t"), Manifest::Seal::Required));
    }

    void manifestRefusesBadBlockLinks_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        const QByteArray base = randomBytes(2 * kBlock, 6);
        Manifest m = linkWith({blockLink(QStringLiteral("shards/1"), QByteArray("p"), base, base, 7)}, true);
        const QByteArray json = m.toJson();
        const auto variant = [&](auto change) {
            Manifest v = m;
            change(v);
            return v.toJson();
        };
        QTest::newRow("format 2") << variant([](Manifest &v) { v.format = Manifest::kFormatChecksumsLast; })
                                  << "format 2 cannot hold";
        QTest::newRow("block size") << variant([](Manifest &v) { v.files.front().blocks.blockSize = 3000; })
                                    << "power of two";
        QTest::newRow("tiny block") << variant([](Manifest &v) { v.files.front().blocks.blockSize = 256; })
                                    << "power of two";
        QTest::newRow("base") << variant([](Manifest &v) { v.files.front().blocks.base = QStringLiteral("xyz"); })
                              << "invalid base";
        QTest::newRow("file checksum") << variant([](Manifest &v) {
            v.files.front().blocks.fileChecksum = QStringLiteral("ABC");
        }) << "invalid file checksum";
        QTest::newRow("half final") << variant([](Manifest &v) { v.files.front().checksum.clear(); }) << "exactly when";
        QTest::newRow("format 5") << QByteArray(json).replace("\"format\":3", "\"format\":5") << "unknown format 5";
    }

    void manifestRefusesBadBlockLinks()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        auto parsed = Manifest::fromJson(json, QStringLiteral("t"));
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::Integrity);
        QVERIFY2(parsed.error().message.contains(says), qPrintable(parsed.error().message));
    }

    void stepsFollowTheChain()
    {
        const QString shard = QStringLiteral("shards/1");
        const QByteArray v0 = randomBytes(4 * kBlock, 7);
        QByteArray v1 = v0;
        v1[0] = 'a';
        QByteArray v2 = v1;
        v2[3 * kBlock] = 'b';
        const QByteArray v3 = randomBytes(4 * kBlock, 8);
        const QByteArray meta = randomBytes(100, 9);
        const QStringList names{QStringLiteral("P"), QStringLiteral("P.0"), QStringLiteral("P.1"),
                                QStringLiteral("P.2")};
        std::vector<Manifest> chain{
            linkWith({whole(QStringLiteral("meta"), meta, 1), whole(shard, v0, 1)}, false),
            linkWith({blockLink(shard, BlockLinks::diff(v0, v1), v0, v1, 2)}, true),
            linkWith({blockLink(shard, BlockLinks::diff(v1, v2), v1, v2, 3)}, true),
        };
        auto steps = Manifest::steps(chain, names);
        QVERIFY(steps);
        QCOMPARE(steps->at(QStringLiteral("meta")).size(), size_t(1));
        const auto &s = steps->at(shard);
        QCOMPARE(s.size(), size_t(3));
        QCOMPARE(s[0].link, size_t(0));
        QCOMPARE(s[2].link, size_t(2));
        QCOMPARE(s[2].file.fileChecksum(), hexOf(v2));

        // A whole copy later starts over.
        chain.push_back(linkWith({whole(shard, v3, 4)}, true));
        steps = Manifest::steps(chain, names);
        QVERIFY(steps);
        QCOMPARE(steps->at(shard).size(), size_t(1));
        QCOMPARE(steps->at(shard).front().link, size_t(3));
        chain.pop_back();

        // A block link whose base is not the version before it.
        std::vector<Manifest> wrongBase = chain;
        wrongBase[2].files.front().blocks.base = hexOf(v0);
        steps = Manifest::steps(wrongBase, names);
        QVERIFY(!steps);
        QCOMPARE(steps.error().code, ErrorCode::Integrity);
        QVERIFY2(steps.error().message.contains(QStringLiteral("'P.1'")), qPrintable(steps.error().message));

        // A block link with nothing before it (the full lost its shard, or a chain cut).
        std::vector<Manifest> orphan = chain;
        orphan[0].files.pop_back();
        steps = Manifest::steps(orphan, names);
        QVERIFY(!steps);
        QVERIFY2(steps.error().message.contains(QStringLiteral("no earlier link")), qPrintable(steps.error().message));
    }

    // FileRebuild over a chain of block links made the way tidemarkd writes them (BlockLinks).
    void rebuildsAFileFromItsChain()
    {
        QTemporaryDir dir;
        const QString chain = dir.filePath(QStringLiteral("snap"));
        const QString shard = QStringLiteral("shards/1");
        QByteArray version = randomBytes(32 * kBlock, 10);
        QVERIFY(writeFull(chain, {{QStringLiteral("meta"), randomBytes(kBlock, 11)}, {shard, version}}));
        std::vector<QByteArray> versions{version};
        for (int n = 0; n < 5; ++n) {
            version[(n * 7 % 32) * kBlock + n] = static_cast<char>(n);
            version += randomBytes(kBlock, 20 + static_cast<quint32>(n)); // The file grows.
            versions.push_back(version);
            const QString next = dir.filePath(QStringLiteral("v%1").arg(n));
            QVERIFY(writeFile(next, version));
            const Status s = BlockLinks::append(chain, {{shard, next, quint64(n + 2)}});
            QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
        }
        auto opened = BackupChain::open(chain);
        QVERIFY(opened);
        QVERIFY(opened->hasBlockLinks(4));
        QVERIFY(!opened->hasBlockLinks(-1));
        for (int upto = -1; upto <= 4; ++upto) {
            auto steps = opened->steps(upto);
            QVERIFY(steps);
            QCOMPARE(steps->at(shard).size(), size_t(upto + 2));
            const QString out = dir.filePath(QStringLiteral("out"));
            const Status s = FileRebuild::write(opened.value(), steps->at(shard), out);
            QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
            QCOMPARE(readFile(out), versions[static_cast<size_t>(upto + 1)]);
        }
        // Small links: each holds about one changed and one new block.
        QVERIFY(opened->links()[3].bytes < 4 * kBlock);

        // A block link whose rebuilt checksum is not the file's: refused, nothing left behind.
        auto steps = opened->steps(4);
        QVERIFY(steps);
        std::vector<Manifest::Step> wrong = steps->at(shard);
        wrong.pop_back(); // The newest link's version claimed by the one before: its checksum differs.
        wrong.back().file.blocks.fileChecksum = steps->at(shard).back().file.fileChecksum();
        const QString out = dir.filePath(QStringLiteral("wrong"));
        const Status s = FileRebuild::write(opened.value(), wrong, out);
        QVERIFY(!s);
        QVERIFY(!QFile::exists(out));

        // A flipped byte in a block link's stored blocks: its checksum refuses it.
        QFile link(opened->links()[2].path);
        QVERIFY(link.open(QIODevice::ReadWrite));
        QByteArray bytes = link.readAll();
        const qsizetype at = bytes.indexOf(blockpatch::kMagic) + blockpatch::kHeaderBytes + 100;
        bytes[at] = static_cast<char>(bytes[at] ^ 1);
        QVERIFY(link.seek(0) && link.write(bytes) == bytes.size());
        link.close();
        const Status damaged = FileRebuild::write(opened.value(), steps->at(shard), out);
        QVERIFY(!damaged);
        QCOMPARE(damaged.error().code, ErrorCode::Integrity);
        QVERIFY2(damaged.error().message.contains(QStringLiteral("snap.1")), qPrintable(damaged.error().message));
    }
};

QTEST_GUILESS_MAIN(TestBlockPatch)
#include "tst_blockpatch.moc"
