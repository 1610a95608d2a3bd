// Reference links (archive format 4): the entry's bytes (RefPatchEncoder / RefPatchApplier), the
// manifest's `refs` object, FileVersionWriter's rebuild of a reference link (the new version in
// the old one's place, on disk and on the descriptor), and Manifest::steps over reference links.
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"
#include "snapshot/Manifest.h"
#include "snapshot/RefPatch.h"
#include "support/RefLinks.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <fcntl.h>
#include <unistd.h>

using namespace tidemark;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    for (qsizetype i = 0; i < size; ++i)
        out[i] = static_cast<char>(rng.generate() & 0xff);
    return out;
}

QString hexOf(const QByteArray &bytes)
{
    return Checksum::of(bytes);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Applies `patch` (in pieces of `piece` bytes) to `base`, returns the new file or the error.
Result<QByteArray> apply(const QByteArray &base, const QByteArray &patch, qint64 fileSize, qsizetype piece = 7)
{
    QTemporaryDir dir;
    const QString basePath = dir.filePath(QStringLiteral("base"));
    const QString outPath = dir.filePath(QStringLiteral("out"));
    if (!writeFile(basePath, base))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write the base"));
    const int baseFd = ::open(basePath.toLocal8Bit().constData(), O_RDONLY);
    const int outFd = ::open(outPath.toLocal8Bit().constData(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    RefPatchApplier applier(baseFd, base.size(), outFd, fileSize, QStringLiteral("'shards/1' in test"), outPath);
    Status s;
    for (qsizetype at = 0; s && at < patch.size(); at += piece)
        s = applier.write(patch.constData() + at, std::min(piece, patch.size() - at));
    if (s)
        s = applier.finish();
    ::close(baseFd);
    ::close(outFd);
    if (!s)
        return s.error();
    QFile f(outPath);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the result"));
    return f.readAll();
}

QByteArray encode(const QByteArray &base, qint64 fileSize, const std::function<bool(RefPatchEncoder &)> &ranges)
{
    QByteArray patch;
    RefPatchEncoder encoder(fileSize, base.size(), [&](const char *d, qsizetype n) {
        patch.append(d, n);
        return true;
    });
    if (!ranges(encoder) || !encoder.finish())
        return {};
    return patch;
}

QByteArray record(quint64 kind, quint64 length, std::optional<quint64> offset = std::nullopt)
{
    QByteArray out(offset ? 24 : 16, '\0');
    qToLittleEndian<quint64>(kind, out.data());
    qToLittleEndian<quint64>(length, out.data() + 8);
    if (offset)
        qToLittleEndian<quint64>(*offset, out.data() + 16);
    return out;
}

QByteArray header(quint64 fileSize, quint64 baseSize)
{
    QByteArray out = record(0, fileSize);
    memcpy(out.data(), refpatch::kMagic, 8);
    out.resize(24);
    qToLittleEndian<quint64>(baseSize, out.data() + 16);
    return out;
}

QByteArray end(quint64 fileSize)
{
    return record(~quint64(0), fileSize);
}

} // namespace

class TestRefPatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripMovesBlocks()
    {
        // The new file: blocks of the base in another order, new bytes between them.
        const QByteArray base = randomBytes(300000, 1);
        QByteArray after;
        after += base.mid(200000, 50000);
        after += randomBytes(1234, 2);
        after += base.mid(0, 100000);
        after += base.mid(100000, 20000); // continues the copy before: one record
        after += randomBytes(3 * refpatch::kMaxLiteral / 2, 3);
        after += base.mid(299000, 1000);
        qint64 copied = 0;
        const QByteArray patch = encode(base, after.size(), [&](RefPatchEncoder &e) {
            const bool ok = e.addCopy(200000, 50000) && e.addLiteral(after.constData() + 50000, 1234) &&
                            e.addCopy(0, 100000) && e.addCopy(100000, 20000) &&
                            e.addLiteral(after.constData() + 171234, 3 * refpatch::kMaxLiteral / 2) &&
                            e.addCopy(299000, 1000);
            copied = e.copiedBytes();
            return ok;
        });
        QVERIFY(!patch.isEmpty());
        QCOMPARE(copied, 171000);
        // Header, 3 copy records, 3 literal records (one split at kMaxLiteral), end.
        QCOMPARE(patch.size(), 24 + 3 * 24 + 3 * 16 + 1234 + 3 * refpatch::kMaxLiteral / 2 + 16);
        for (qsizetype piece : {qsizetype(1), qsizetype(7), qsizetype(4096), patch.size()}) {
            auto rebuilt = apply(base, patch, after.size(), piece);
            QVERIFY2(rebuilt, rebuilt ? "" : qPrintable(rebuilt.error().message));
            QCOMPARE(rebuilt.value(), after);
        }
    }

    void encoderRefusesWhatDoesNotFit()
    {
        const QByteArray base(100, 'b');
        QVERIFY(encode(base, 10, [](RefPatchEncoder &e) { return e.addCopy(95, 10); }).isEmpty());
        QVERIFY(encode(base, 10, [](RefPatchEncoder &e) { return e.addCopy(0, 11); }).isEmpty());
        QVERIFY(encode(base, 10, [](RefPatchEncoder &e) { return e.addCopy(0, 5); }).isEmpty()); // short
        QVERIFY(encode(base, 0, [](RefPatchEncoder &) { return true; }).size() == 24 + 16);
        QVERIFY(encode(QByteArray(), 3, [](RefPatchEncoder &e) { return e.addLiteral("abc", 3); }).size() > 0);
    }

    void applierRefusesDamage_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("says");
        const quint64 n = 100;
        QByteArray badMagic = header(n, 100) + record(2, n, 0) + end(n);
        badMagic[0] = 'X';
        QTest::newRow("magic") << badMagic << "header";
        QTest::newRow("file size") << header(n + 1, 100) + record(2, n, 0) + end(n) << "manifest says";
        QTest::newRow("base size") << header(n, 99) + record(2, n, 0) + end(n) << "version before it has 100";
        QTest::newRow("copy outside") << header(n, 100) + record(2, 50, 60) + record(2, 50, 0) + end(n) << "reference";
        QTest::newRow("copy too long") << header(n, 100) + record(2, n + 1, 0) + end(n) << "reference";
        QTest::newRow("empty copy") << header(n, 100) + record(2, 0, 0) + end(n) << "reference";
        QTest::newRow("literal too long")
            << header(n, 100) + record(1, n + 1) + QByteArray(n + 1, 'x') + end(n) << "literal";
        QTest::newRow("empty literal") << header(n, 100) + record(1, 0) + record(2, n, 0) + end(n) << "literal";
        QTest::newRow("unknown kind") << header(n, 100) + record(7, n) << "unknown record";
        QTest::newRow("end early") << header(n, 100) + record(2, 50, 0) + end(n) << "ends after 50";
        QTest::newRow("cut") << header(n, 100) + record(2, 50, 0) << "cut short";
        QTest::newRow("after end") << header(n, 100) + record(2, n, 0) + end(n) + QByteArray("x") << "follow";
        QTest::newRow("nothing") << QByteArray() << "cut short";
    }

    void applierRefusesDamage()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, says);
        const QByteArray base = randomBytes(100, 5);
        auto rebuilt = apply(base, patch, 100);
        QVERIFY(!rebuilt);
        QCOMPARE(rebuilt.error().code, ErrorCode::Integrity);
        QVERIFY2(rebuilt.error().message.contains(QStringLiteral("'shards/1' in test")),
                 qPrintable(rebuilt.error().message));
        QVERIFY2(rebuilt.error().message.contains(says), qPrintable(rebuilt.error().message));
    }

    void genericDiffFindsMovedRanges()
    {
        const QByteArray base = randomBytes(64 * 1024, 9);
        QByteArray after = randomBytes(512, 10) + base.mid(8192, 32768) + randomBytes(700, 11) + base.left(4096);
        const QByteArray patch = RefLinks::diff(base, after);
        QVERIFY(!patch.isEmpty());
        QVERIFY2(patch.size() < 4000, qPrintable(QString::number(patch.size())));
        auto rebuilt = apply(base, patch, after.size());
        QVERIFY(rebuilt);
        QCOMPARE(rebuilt.value(), after);
    }

    void manifestRoundTrip()
    {
        Manifest m;
        m.format = Manifest::kFormatRefLinks;
        m.kind = Manifest::Kind::InfluxDb1;
        m.created = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        m.chainId = QStringLiteral("c");
        m.incremental = true;
        m.index = 9;
        ManifestFile f{QStringLiteral("shards/3"), 40, 9, hexOf("patch")};
        f.refs = RefLink{hexOf("base"), 1000, hexOf("file")};
        m.files.push_back({QStringLiteral("meta"), 5, 9, hexOf("meta")});
        m.files.push_back(f);
        const QByteArray json = m.toJson();
        QVERIFY(json.contains("\"refs\":{\"base\""));
        auto back = Manifest::fromJson(json, QStringLiteral("test"), Manifest::Seal::Required);
        QVERIFY2(back, back ? "" : qPrintable(back.error().message));
        QCOMPARE(back->files[1], f);
        QVERIFY(back->files[1].isRefLink() && back->files[1].isDelta() && !back->files[1].isBlockLink());
        QCOMPARE(back->files[1].fileSize(), 1000);
        QCOMPARE(back->files[1].fileChecksum(), hexOf("file"));
        QVERIFY(back->hasRefLinks() && back->hasDeltas() && !back->hasBlockLinks());
        // The state a node is told: the rebuilt file, no refs, format 2.
        const Manifest state = back->asState();
        QCOMPARE(state.format, Manifest::kFormatChecksumsLast);
        QVERIFY(!state.files[1].isDelta());
        QCOMPARE(state.files[1].size, 1000);
        QCOMPARE(state.files[1].checksum, hexOf("file"));
        // A head: name and base only.
        Manifest head = m;
        head.files[1] = ManifestFile{QStringLiteral("shards/3"), ManifestFile::kUnknownSize, 0, {}};
        head.files[1].refs.base = hexOf("base");
        head.files[0].checksum.clear();
        auto headBack = Manifest::fromJson(head.toJson(), QStringLiteral("test"), Manifest::Seal::Required);
        QVERIFY2(headBack, headBack ? "" : qPrintable(headBack.error().message));
        QCOMPARE(headBack->files[1].size, ManifestFile::kUnknownSize);
        QCOMPARE(headBack->files[1].refs.base, hexOf("base"));
    }

    void manifestRefusesBadRefs_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("says");
        QTest::newRow("format 3") << QByteArray("\"format\":4") << QByteArray("\"format\":3") << "format 4 can";
        QTest::newRow("bad base") << QByteArray("\"base\":\"") << QByteArray("\"base\":\"zz") << "invalid base";
        QTest::newRow("no checksum") << QByteArray(",\"fileChecksum\":\"") << QByteArray(",\"fileChecksumX\":\"")
                                     << "fileChecksum";
        QTest::newRow("both kinds") << QByteArray("\"refs\":{")
                                    << QByteArray("\"blocks\":{\"blockSize\":4096,"
                                                  "\"base\":\"" +
                                                  hexOf("base").toLatin1() + "\"},\"refs\":{")
                                    << "both";
    }

    void manifestRefusesBadRefs()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, says);
        Manifest m;
        m.format = Manifest::kFormatRefLinks;
        m.kind = Manifest::Kind::InfluxDb1;
        m.created = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        m.chainId = QStringLiteral("c");
        ManifestFile f{QStringLiteral("shards/3"), 40, 9, hexOf("patch")};
        f.refs = RefLink{hexOf("base"), 1000, hexOf("file")};
        m.files.push_back(f);
        QByteArray json = m.toJson();
        QVERIFY(json.contains(from));
        json.replace(from, to);
        auto back = Manifest::fromJson(json, QStringLiteral("test"), Manifest::Seal::Optional);
        QVERIFY(!back);
        QVERIFY2(back.error().message.contains(says), qPrintable(back.error().message));
    }

    void versionWriterReplacesTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shards-3"));
        const QByteArray base = randomBytes(50000, 20);
        const QByteArray after = base.mid(10000, 30000) + randomBytes(100, 21) + base.left(5000);
        QVERIFY(writeFile(path, base));
        const QByteArray patch = RefLinks::diff(base, after);
        QVERIFY(!patch.isEmpty());
        auto opened = FileRebuild::openFile(path, false);
        QVERIFY(opened);
        const int fd = opened.value();
        ManifestFile file{QStringLiteral("shards/3"), patch.size(), 1, hexOf(patch)};
        file.refs = RefLink{hexOf(base), after.size(), hexOf(after)};
        {
            FileVersionWriter writer(fd, file, QStringLiteral("'shards/3' in test"), path);
            QVERIFY(writer.isDelta() && !writer.isBlockLink());
            QVERIFY(writer.write(patch.constData(), patch.size()));
            QVERIFY(writer.finish());
        }
        QVERIFY(!QFile::exists(path + QStringLiteral(".refs-new")));
        // The descriptor now reads the new version.
        QByteArray viaFd(after.size() + 10, '\0');
        QCOMPARE(::pread(fd, viaFd.data(), static_cast<size_t>(viaFd.size()), 0), after.size());
        viaFd.resize(after.size());
        QCOMPARE(viaFd, after);
        ::close(fd);
        QVERIFY(FileRebuild::checkRebuilt(path, hexOf(after), QStringLiteral("'shards/3'")));
        // A damaged one leaves the version before, and no scratch.
        QVERIFY(writeFile(path, base));
        opened = FileRebuild::openFile(path, false);
        QVERIFY(opened);
        {
            FileVersionWriter writer(opened.value(), file, QStringLiteral("'shards/3' in test"), path);
            QVERIFY(writer.write(patch.constData(), patch.size() - 1));
            QVERIFY(!writer.finish());
        }
        ::close(opened.value());
        QVERIFY(!QFile::exists(path + QStringLiteral(".refs-new")));
        QVERIFY(FileRebuild::checkRebuilt(path, hexOf(base), QStringLiteral("'shards/3'")));
    }

    void stepsFollowReferenceLinks()
    {
        auto link = [](quint64 index, std::vector<ManifestFile> files) {
            Manifest m;
            m.format = Manifest::kFormatRefLinks;
            m.kind = Manifest::Kind::InfluxDb1;
            m.index = index;
            m.files = std::move(files);
            return m;
        };
        ManifestFile whole{QStringLiteral("shards/1"), 100, 1, hexOf("v1")};
        ManifestFile ref2{QStringLiteral("shards/1"), 10, 2, hexOf("p2")};
        ref2.refs = RefLink{hexOf("v1"), 100, hexOf("v2")};
        ManifestFile ref3{QStringLiteral("shards/1"), 10, 3, hexOf("p3")};
        ref3.refs = RefLink{hexOf("v2"), 100, hexOf("v3")};
        const QStringList names{QStringLiteral("P"), QStringLiteral("P.0"), QStringLiteral("P.1")};
        auto steps = Manifest::steps({link(1, {whole}), link(2, {ref2}), link(3, {ref3})}, names);
        QVERIFY(steps);
        QCOMPARE(steps->at(QStringLiteral("shards/1")).size(), 3u);
        QCOMPARE(steps->at(QStringLiteral("shards/1")).back().file.fileChecksum(), hexOf("v3"));
        // A reference link into a version the chain does not have next: refused, naming the link.
        ManifestFile stray = ref3;
        stray.refs.base = hexOf("v9");
        auto refused = Manifest::steps({link(1, {whole}), link(2, {ref2}), link(3, {stray})}, names);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("'P.1'")) &&
                     refused.error().message.contains(QStringLiteral("references")),
                 qPrintable(refused.error().message));
        auto orphan = Manifest::steps({link(2, {ref2})}, names);
        QVERIFY(!orphan);
        QVERIFY2(orphan.error().message.contains(QStringLiteral("no earlier link")),
                 qPrintable(orphan.error().message));
        // A whole copy after them starts over.
        ManifestFile whole4{QStringLiteral("shards/1"), 100, 4, hexOf("v4")};
        auto again = Manifest::steps({link(1, {whole}), link(2, {ref2}), link(3, {whole4})}, names);
        QVERIFY(again);
        QCOMPARE(again->at(QStringLiteral("shards/1")).size(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestRefPatch)
#include "tst_refpatch.moc"
