#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"
#include "support/TarBuilder.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <map>

using namespace tidemark;
using namespace tidemark::test;

namespace {

const QString kHostileName = QStringLiteral("hostile.tar");

QByteArray pseudoRandom(qsizetype size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i) {
        seed = seed * 1664525u + 1013904223u;
        data[i] = static_cast<char>(seed >> 24);
    }
    return data;
}

ManifestFile manifestFile(const QString &name, const QByteArray &content)
{
    return ManifestFile{name, content.size(), 7, Checksum::of(content)};
}

Manifest manifestOf(const std::vector<ManifestFile> &files)
{
    Manifest m;
    m.nodeId = 1;
    m.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    m.created = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), Qt::UTC);
    m.chainId = QStringLiteral("c0ffee");
    m.index = 9;
    m.files = files;
    return m;
}

// ---- reading ----------------------------------------------------------------------------------

/// Serves `data` in chunks: all at once (maxChunk 0) or 1..maxChunk bytes per call.
struct ChunkSource {
    QByteArray data;
    int maxChunk = 0;
    qsizetype pos = 0;
    quint32 rng = 12345;

    qsizetype read(char *buffer, qsizetype capacity)
    {
        qsizetype n = data.size() - pos;
        if (maxChunk > 0) {
            rng = rng * 1103515245u + 12345u;
            n = qMin<qsizetype>(n, 1 + static_cast<qsizetype>((rng >> 16) % static_cast<quint32>(maxChunk)));
        }
        n = qMin(n, capacity);
        memcpy(buffer, data.constData() + pos, static_cast<size_t>(n));
        pos += n;
        return n;
    }
};

struct Outcome {
    std::optional<Error> error;
    Manifest manifest;
    std::vector<std::pair<QString, QByteArray>> files;
    qint64 bytesRead = 0;
};

Outcome readArchive(const QByteArray &bytes, int maxChunk = 0)
{
    ChunkSource source{bytes, maxChunk};
    ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
    Outcome out;
    auto manifest = reader.readManifest();
    if (!manifest) {
        out.error = manifest.error();
        return out;
    }
    out.manifest = manifest.value();
    for (;;) {
        QByteArray content;
        auto file = reader.nextFile([&](const char *data, qsizetype size) {
            content.append(data, size);
            return true;
        });
        if (!file) {
            out.error = file.error();
            return out;
        }
        if (!file.value())
            break;
        if (content.size() != file.value()->size)
            qFatal("the sink saw %lld bytes of %lld", static_cast<long long>(content.size()),
                   static_cast<long long>(file.value()->size));
        out.files.emplace_back(file.value()->name, content);
    }
    // A second call after the end stays at the end.
    auto again = reader.nextFile({});
    if (!again || again.value())
        qFatal("nextFile() after the end did not return nullopt");
    const Status finished = reader.finish();
    if (!finished)
        out.error = finished.error();
    out.bytesRead = reader.bytesRead();
    return out;
}

// The base of the hostile cases: a manifest for `meta` and `shards/1` and their entries.
const QByteArray kMeta = "META";
const QByteArray kShard = "SHARD1";

QByteArray hostileManifest()
{
    return manifestOf({manifestFile(QStringLiteral("meta"), kMeta), manifestFile(QStringLiteral("shards/1"), kShard)})
        .toJson();
}

TarEntry manifestEntry()
{
    return entry("manifest", hostileManifest());
}

TarEntry metaEntry()
{
    return entry("meta", kMeta);
}

// `tar` with one byte of the zero padding after entry `name` changed (the entry's size must not
// be a whole number of blocks).
QByteArray withPaddingChanged(QByteArray tar, const QByteArray &name)
{
    for (qsizetype at = 0; at + 512 <= tar.size();) {
        const qint64 size = tar.mid(at + 124, 11).toLongLong(nullptr, 8);
        const qsizetype end = at + 512 + static_cast<qsizetype>(size);
        if (tar.mid(at, name.size() + 1) == name + '\0') {
            if (end % 512 == 0)
                qFatal("entry %s has no padding", name.constData());
            tar[end] = 'x';
            return tar;
        }
        at = (end + 511) / 512 * 512;
    }
    qFatal("no entry %s", name.constData());
}

// A ustar header block written by hand, for sizes no honest writer produces.
QByteArray rawHeader(const QByteArray &name, qint64 size, char type)
{
    QByteArray h(512, '\0');
    h.replace(0, name.size(), name);
    h.replace(100, 8, QByteArray("0000644", 8));
    h.replace(124, 12, QByteArray(QByteArray::number(size, 8).rightJustified(11, '0') + '\0'));
    h[156] = type;
    h.replace(257, 8,
              QByteArray("ustar\0"
                         "00",
                         8));
    h.replace(148, 8, QByteArray(8, ' '));
    int sum = 0;
    for (const char c : h)
        sum += static_cast<unsigned char>(c);
    h.replace(148, 8, QByteArray(QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2)));
    return h;
}

// ---- format 2: checksums in the final manifest ------------------------------------------------

// The head (no checksums) and final manifest (with them) of a format-2 archive of meta and shards/1.
Manifest streamedManifest(bool withChecksums)
{
    Manifest m =
        manifestOf({manifestFile(QStringLiteral("meta"), kMeta), manifestFile(QStringLiteral("shards/1"), kShard)});
    m.format = Manifest::kFormatChecksumsLast;
    if (!withChecksums) {
        for (ManifestFile &f : m.files)
            f.checksum.clear();
    }
    return m;
}

TarEntry finalEntry(const Manifest &final)
{
    return entry(Manifest::kFinalEntry, final.toJson());
}

} // namespace

class TestArchive : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // Rows for both a plain and a zstd-compressed copy of `tar`.
    static void addBoth(const char *name, const QByteArray &tar, const QString &expected)
    {
        QTest::newRow(name) << tar << expected;
        QTest::newRow(qPrintable(QString::fromUtf8(name) + QStringLiteral(" (zstd)"))) << zstd(tar) << expected;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTrip_data()
    {
        QTest::addColumn<bool>("compress");
        QTest::addColumn<int>("maxChunk");
        QTest::newRow("plain, whole") << false << 0;
        QTest::newRow("plain, 1..7 bytes") << false << 7;
        QTest::newRow("zstd, whole") << true << 0;
        QTest::newRow("zstd, 1..7 bytes") << true << 7;
    }

    void roundTrip()
    {
        QFETCH(bool, compress);
        QFETCH(int, maxChunk);
        const QByteArray meta = pseudoRandom(10000, 1);
        const QByteArray big = pseudoRandom(3 * 1024 * 1024 + 123, 2);
        const QByteArray small = QByteArray("hello\n").repeated(1000);
        const Manifest manifest = manifestOf(
            {manifestFile(QStringLiteral("meta"), meta), manifestFile(QStringLiteral("shards/1"), QByteArray()),
             manifestFile(QStringLiteral("shards/2"), big), manifestFile(QStringLiteral("shards/3"), small)});
        const QString bigPath = writeFile(QStringLiteral("big"), big);

        QByteArray archiveBytes;
        int sinkCalls = 0;
        ArchiveWriter writer(
            [&](const char *data, qsizetype size) {
                ++sinkCalls;
                archiveBytes.append(data, size);
                return true;
            },
            compress ? ArchiveWriter::Compression::Zstd : ArchiveWriter::Compression::None);
        writer.setModificationTime(1700000000);
        std::vector<qint64> progress;
        QVERIFY(writer.open());
        QVERIFY(writer.addData(QStringLiteral("manifest"), manifest.toJson()));
        QVERIFY(writer.addFile(QStringLiteral("meta"), writeFile(QStringLiteral("meta"), meta), meta.size()));
        QVERIFY(writer.addFile(QStringLiteral("shards/1"), writeFile(QStringLiteral("empty"), {}), 0));
        QVERIFY(writer.addFile(QStringLiteral("shards/2"), bigPath, big.size(),
                               [&](qint64 done) { progress.push_back(done); }));
        if (!compress) // Streaming: the content is already out before finish().
            QVERIFY(archiveBytes.size() > big.size());
        QVERIFY(writer.addData(QStringLiteral("shards/3"), small));
        QVERIFY2(writer.finish(), qPrintable(writer.error().toString()));
        QVERIFY(sinkCalls > 10);
        QCOMPARE(progress, (std::vector<qint64>{1024 * 1024, 2 * 1024 * 1024, 3 * 1024 * 1024, big.size()}));
        if (compress)
            QVERIFY(archiveBytes.startsWith("\x28\xb5\x2f\xfd"));
        else
            QCOMPARE(archiveBytes.mid(257, 5), QByteArray("ustar"));

        const Outcome out = readArchive(archiveBytes, maxChunk);
        QVERIFY2(!out.error, qPrintable(out.error ? out.error->toString() : QString()));
        QCOMPARE(out.manifest.toJson(), manifest.toJson());
        QCOMPARE(out.files.size(), size_t(4));
        QCOMPARE(out.files[0].first, QStringLiteral("meta"));
        QCOMPARE(out.files[0].second, meta);
        QCOMPARE(out.files[1].first, QStringLiteral("shards/1"));
        QCOMPARE(out.files[1].second, QByteArray());
        QCOMPARE(out.files[2].first, QStringLiteral("shards/2"));
        QVERIFY(out.files[2].second == big);
        QCOMPARE(out.files[3].second, small);
        QCOMPARE(out.bytesRead, archiveBytes.size());
    }

    void zstdLevelsAndThreads_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("threads");
        QTest::newRow("level 1, no workers") << 1 << 0;
        QTest::newRow("level 3, 2 workers") << 3 << 2;
        QTest::newRow("level 12, 4 workers") << 12 << 4;
        QTest::newRow("level 19, 1 worker") << 19 << 1;
    }

    // Any level, with zstd's own worker threads: the archive reads back whole, the workers
    // exist while it is written, and a higher level gives a smaller archive.
    void zstdLevelsAndThreads()
    {
        QFETCH(int, level);
        QFETCH(int, threads);
        // Compressible (log-like lines) and incompressible content, together over zstd's job size.
        QByteArray text;
        for (int i = 0; text.size() < 3 * 1024 * 1024; ++i)
            text += QByteArray("cpu,host=server") + QByteArray::number(i % 97) + " value=" + QByteArray::number(i * 7) +
                    " " + QByteArray::number(1700000000000LL + i) + "\n";
        const QByteArray noise = pseudoRandom(1024 * 1024, 3);
        const Manifest manifest =
            manifestOf({manifestFile(QStringLiteral("meta"), noise), manifestFile(QStringLiteral("shards/1"), text)});
        const auto tasks = [] {
            return QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size();
        };
        const qsizetype tasksBefore = tasks();
        const auto write = [&](int withLevel, int withThreads, qsizetype *tasksWhileWriting) {
            CompressionOptions options;
            options.zstd = true;
            options.level = withLevel;
            options.threads = withThreads;
            QByteArray bytes;
            ArchiveWriter writer(
                [&](const char *data, qsizetype size) {
                    bytes.append(data, size);
                    return true;
                },
                options);
            bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), manifest.toJson()) &&
                      writer.addFile(QStringLiteral("meta"), writeFile(QStringLiteral("noise"), noise), noise.size()) &&
                      writer.addFile(QStringLiteral("shards/1"), writeFile(QStringLiteral("text"), text), text.size());
            if (tasksWhileWriting)
                *tasksWhileWriting = tasks();
            ok = ok && writer.finish();
            if (!ok)
                qFatal("writing failed: %s", qPrintable(writer.error().toString()));
            return bytes;
        };
        qsizetype tasksWhileWriting = 0;
        const QByteArray archive = write(level, threads, &tasksWhileWriting);
        QVERIFY(archive.startsWith("\x28\xb5\x2f\xfd"));
        QVERIFY2(
            tasksWhileWriting >= tasksBefore + threads,
            qPrintable(QStringLiteral("%1 threads before, %2 while writing").arg(tasksBefore).arg(tasksWhileWriting)));
        const Outcome out = readArchive(archive);
        QVERIFY2(!out.error, qPrintable(out.error ? out.error->toString() : QString()));
        QCOMPARE(out.files.size(), size_t(2));
        QVERIFY(out.files[0].second == noise);
        QVERIFY(out.files[1].second == text);
        if (level == 12) {
            const QByteArray fast = write(1, threads, nullptr);
            QVERIFY2(
                archive.size() < fast.size(),
                qPrintable(
                    QStringLiteral("level %1: %2 bytes, level 1: %3").arg(level).arg(archive.size()).arg(fast.size())));
        }
    }

    void entryAttributes()
    {
        QByteArray bytes;
        ArchiveWriter writer(
            [&](const char *data, qsizetype size) {
                bytes.append(data, size);
                return true;
            },
            ArchiveWriter::Compression::None);
        writer.setModificationTime(1700000000);
        QVERIFY(writer.open() && writer.addData(QStringLiteral("manifest"), "{}") && writer.finish());
        // The stream ends right after the two zero blocks: no padding to 10240 bytes.
        QCOMPARE(bytes.size(), 512 + 512 + 1024);

        struct archive *a = archive_read_new();
        archive_read_support_format_tar(a);
        QCOMPARE(archive_read_open_memory(a, bytes.constData(), static_cast<size_t>(bytes.size())), ARCHIVE_OK);
        struct archive_entry *entry = nullptr;
        QCOMPARE(archive_read_next_header(a, &entry), ARCHIVE_OK);
        QCOMPARE(QByteArray(archive_entry_pathname(entry)), QByteArray("manifest"));
        QCOMPARE(archive_entry_filetype(entry), static_cast<unsigned int>(AE_IFREG));
        QCOMPARE(archive_entry_perm(entry), 0640u);
        QCOMPARE(archive_entry_uid(entry), 0);
        QCOMPARE(archive_entry_gid(entry), 0);
        QCOMPARE(archive_entry_mtime(entry), 1700000000);
        QCOMPARE(archive_entry_size(entry), 2);
        archive_read_free(a);
    }

    void paddedArchiveIsAccepted_data()
    {
        QTest::addColumn<bool>("compress");
        QTest::newRow("plain") << false;
        QTest::newRow("zstd") << true;
    }

    void paddedArchiveIsAccepted()
    {
        // Ordinary tar writers pad to 10240-byte blocks with zeros; that is not "bytes after the end".
        QFETCH(bool, compress);
        QByteArray tar = buildTar({manifestEntry(), metaEntry(), entry("shards/1", kShard)}, true);
        QCOMPARE(tar.size() % 10240, 0);
        for (int maxChunk : {0, 7, 700}) {
            const Outcome out = readArchive(compress ? zstd(tar) : tar, maxChunk);
            QVERIFY2(!out.error, qPrintable(out.error ? out.error->toString() : QString()));
            QCOMPARE(out.files.size(), size_t(2));
        }
    }

    void hostile_data()
    {
        QTest::addColumn<QByteArray>("archive");
        QTest::addColumn<QString>("expected");
        const TarEntry manifest = manifestEntry();
        const TarEntry meta = metaEntry();
        const TarEntry shard = entry("shards/1", kShard);

        addBoth("symlink", buildTar({manifest, meta, symlinkEntry("shards/1", "meta")}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': is a symbolic link"));
        addBoth("hardlink", buildTar({manifest, meta, hardlinkEntry("shards/1", "meta")}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': is a hard link"));
        addBoth("character device", buildTar({manifest, meta, special("shards/1", AE_IFCHR)}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': is a character device"));
        addBoth("directory", buildTar({manifest, meta, special("shards/1", AE_IFDIR)}),
                QStringLiteral("is a directory; only regular files are allowed"));
        addBoth("fifo", buildTar({manifest, meta, special("shards/1", AE_IFIFO)}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': is a FIFO"));
        addBoth("absolute path", buildTar({manifest, meta, entry("/etc/passwd", kShard)}),
                QStringLiteral("archive 'hostile.tar': entry '/etc/passwd': has an absolute path"));
        addBoth("dot dot", buildTar({manifest, meta, entry("shards/../../x", kShard)}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/../../x': contains '..'"));
        addBoth("not in manifest", buildTar({manifest, meta, entry("shards/9", kShard)}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/9': is not in the manifest"));
        addBoth("duplicate", buildTar({manifest, meta, meta, shard}),
                QStringLiteral("archive 'hostile.tar': entry 'meta': is a duplicate entry"));
        addBoth("second manifest", buildTar({manifest, manifest, meta, shard}),
                QStringLiteral("archive 'hostile.tar': entry 'manifest': is a duplicate entry"));
        addBoth(
            "out of order", buildTar({manifest, shard, meta}),
            QStringLiteral("archive 'hostile.tar': entry 'shards/1': is out of order: the manifest lists 'meta' next"));
        addBoth("symlink as a parent", buildTar({manifest, meta, symlinkEntry("shards", "/tmp"), shard}),
                QStringLiteral("archive 'hostile.tar': entry 'shards': is a symbolic link"));
        addBoth("directory as a parent", buildTar({manifest, meta, special("shards", AE_IFDIR), shard}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/': is a directory"));
        addBoth("changed padding after the manifest", withPaddingChanged(buildTar({manifest, meta, shard}), "manifest"),
                QStringLiteral(
                    "archive 'hostile.tar': entry 'manifest': has changed bytes in the padding after its content"));
        addBoth(
            "changed padding after a file", withPaddingChanged(buildTar({manifest, meta, shard}), "meta"),
            QStringLiteral("archive 'hostile.tar': entry 'meta': has changed bytes in the padding after its content"));
        QByteArray changedManifest = hostileManifest();
        changedManifest.replace("\"incremental\":false", "\"incremental\":true");
        addBoth("manifest changed after sealing", buildTar({entry("manifest", changedManifest), meta, shard}),
                QStringLiteral("Invalid snapshot manifest from 'hostile.tar': its seal does not match its content"));
        QJsonObject unsealed = QJsonDocument::fromJson(hostileManifest()).object();
        unsealed.remove(QStringLiteral("seal"));
        addBoth("manifest without a seal", buildTar({entry("manifest", QJsonDocument(unsealed).toJson()), meta, shard}),
                QStringLiteral("Invalid snapshot manifest from 'hostile.tar': the manifest has no 'seal'"));
        // Headers that declare 8 GiB of metadata: refused without reading (or allocating) it.
        addBoth("gigantic pax header",
                rawHeader("PaxHeader/manifest", (qint64(8) << 30) - 1, 'x') + QByteArray(4096, '1'),
                QStringLiteral("archive 'hostile.tar': reading the first entry: Special header too large"));
        addBoth("gigantic long name", rawHeader("././@LongLink", (qint64(8) << 30) - 1, 'L') + QByteArray(4096, 'a'),
                QStringLiteral("archive 'hostile.tar': reading the first entry: Special header too large"));
        // A pax record whose length leaves no room for its own text: a bad header, not a crash.
        addBoth("pax record too short",
                rawHeader("PaxHeader/manifest", 3, 'x') + QByteArray("2 \n").leftJustified(512, '\0') +
                    buildTar({manifest, meta, shard}),
                QStringLiteral(
                    "archive 'hostile.tar': reading the first entry: Ignoring malformed pax extended attribute"));
        addBoth("size bigger", buildTar({manifest, meta, entry("shards/1", kShard + "X")}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': has 7 bytes but the manifest says 6"));
        addBoth("size smaller", buildTar({manifest, meta, entry("shards/1", kShard.chopped(1))}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': has 5 bytes but the manifest says 6"));
        addBoth("flipped byte", buildTar({manifest, meta, entry("shards/1", "SHARD2")}),
                QStringLiteral("archive 'hostile.tar': entry 'shards/1': checksum %1 differs from the manifest's %2")
                    .arg(Checksum::of("SHARD2"), Checksum::of(kShard)));
        addBoth("missing file", buildTar({manifest, meta}),
                QStringLiteral("archive 'hostile.tar': ends with 1 of its 2 manifest files missing: 'shards/1'"));
        addBoth("manifest not first", buildTar({meta, manifest, shard}),
                QStringLiteral("archive 'hostile.tar': the first entry is 'meta', not 'manifest'"));
        addBoth("manifest is a symlink", buildTar({symlinkEntry("manifest", "meta"), meta, shard}),
                QStringLiteral("archive 'hostile.tar': entry 'manifest': is a symbolic link"));
        addBoth("manifest too large", buildTar({entry("manifest", "{", Manifest::kMaxJsonBytes + 1), meta, shard}),
                QStringLiteral("archive 'hostile.tar': entry 'manifest': has 16777217 bytes, more than the limit of "
                               "16777216"));
        addBoth("manifest invalid json", buildTar({entry("manifest", "{\"format\":1,"), meta, shard}),
                QStringLiteral("Invalid snapshot manifest from 'hostile.tar': not valid JSON"));
        addBoth("manifest invalid", buildTar({entry("manifest", "{\"format\":1}"), meta, shard}),
                QStringLiteral("Invalid snapshot manifest from 'hostile.tar': the manifest has no 'nodeId'"));
        addBoth("empty archive", buildTar({}),
                QStringLiteral("archive 'hostile.tar': is empty: it has no 'manifest' entry"));
        addBoth("bytes after the end", buildTar({manifest, meta, shard}) + "garbage",
                QStringLiteral("archive 'hostile.tar': has bytes after the end of the archive"));
        addBoth("bytes after zero padding", buildTar({manifest, meta, shard}, true) + QByteArray(20000, 0) + "x",
                QStringLiteral("archive 'hostile.tar': has bytes after the end of the archive"));
        addBoth("second archive after the end", buildTar({manifest, meta, shard}) + buildTar({manifest}),
                QStringLiteral("archive 'hostile.tar': has bytes after the end of the archive"));
        addBoth(
            "garbage", pseudoRandom(5000, 3),
            QStringLiteral("archive 'hostile.tar': is not a snapshot archive (a tar file, plain or zstd-compressed): "
                           "Unrecognized archive format"));
        QTest::newRow("empty stream") << QByteArray()
                                      << QStringLiteral("archive 'hostile.tar': is empty: it has no 'manifest' entry");

        // Truncation: a long entry cut in the middle, before and after compression.
        const QByteArray long1 = pseudoRandom(1024 * 1024, 4); // Far beyond what opening reads ahead.
        const QByteArray longManifest =
            manifestOf({manifestFile(QStringLiteral("meta"), long1), manifestFile(QStringLiteral("shards/1"), kShard)})
                .toJson();
        const QByteArray longTar = buildTar({entry("manifest", longManifest), entry("meta", long1), shard});
        QTest::newRow("truncated") << longTar.first(longTar.size() / 2)
                                   << QStringLiteral("archive 'hostile.tar': entry 'meta': reading its content: "
                                                     "Truncated tar archive");
        QTest::newRow("truncated header") << longTar.first(longTar.size() - 1024 - 512 - 100)
                                          << QStringLiteral("archive 'hostile.tar': reading the entry after 'meta'");
        const QByteArray longZstd = zstd(longTar);
        QTest::newRow("truncated (zstd)") << longZstd.first(longZstd.size() / 2)
                                          << QStringLiteral("archive 'hostile.tar': entry 'meta': cannot decompress "
                                                            "the archive while reading its content");
        QTest::newRow("garbage after zstd") << longZstd + "garbage" << QStringLiteral("cannot decompress the archive");
    }

    void hostile()
    {
        QFETCH(QByteArray, archive);
        QFETCH(QString, expected);
        for (int maxChunk : {0, 7}) {
            const Outcome out = readArchive(archive, maxChunk);
            QVERIFY2(out.error, "the archive was accepted");
            QVERIFY2(out.error->message.contains(expected), qPrintable(out.error->message));
            QCOMPARE(out.error->code, ErrorCode::Integrity);
            QVERIFY(!out.error->hint.isEmpty());
        }
    }

    // Format 2, written as the node streams it: head without checksums, entries from a source
    // whose size is known up front, and the final manifest with the checksums found on the way.
    void checksumsLastRoundTrip()
    {
        for (const bool zstd : {false, true}) {
            const Manifest head = streamedManifest(false);
            QByteArray bytes;
            ArchiveWriter writer(
                [&](const char *data, qsizetype size) {
                    bytes.append(data, size);
                    return true;
                },
                zstd ? ArchiveWriter::Compression::Zstd : ArchiveWriter::Compression::None);
            QVERIFY(writer.open());
            QVERIFY(writer.addData(QStringLiteral("manifest"), head.toJson()));
            Manifest final = head;
            for (ManifestFile &f : final.files) {
                const QByteArray content = f.name == QLatin1String("meta") ? kMeta : kShard;
                Checksum sum;
                qsizetype at = 0;
                QVERIFY(writer.addStream(f.name, f.size, [&](char *buffer, qsizetype capacity) -> Result<qsizetype> {
                    const qsizetype n = std::min<qsizetype>({capacity, 3, content.size() - at});
                    memcpy(buffer, content.constData() + at, static_cast<size_t>(n));
                    sum.add(QByteArrayView(buffer, n));
                    at += n;
                    return n;
                }));
                f.checksum = sum.hex();
            }
            QVERIFY(writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()));
            QVERIFY(writer.finish());

            // The final manifest from the end, without reading the rest.
            QBuffer device(&bytes);
            QVERIFY(device.open(QIODevice::ReadOnly));
            auto fromEnd = ArchiveReader::readFinalManifest(device, kHostileName);
            QVERIFY2(fromEnd.ok(), qPrintable(fromEnd.ok() ? QString() : fromEnd.error().toString()));
            QCOMPARE(fromEnd->toJson(), final.toJson());
            // Used ahead, each file's checksum is checked as soon as the file is out.
            {
                QByteArray flipped = bytes;
                if (!zstd)
                    flipped[flipped.indexOf(kShard)] = 'X';
                ChunkSource source{flipped};
                ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
                QVERIFY(reader.readManifest().ok());
                QVERIFY(reader.useFinalManifest(fromEnd.value()).ok());
                QVERIFY(reader.nextFile({}).ok());
                auto shard = reader.nextFile({});
                QCOMPARE(shard.ok(), zstd);
                if (!zstd)
                    QVERIFY2(shard.error().message.contains(QStringLiteral("differs from the manifest's")),
                             qPrintable(shard.error().message));
            }

            for (int maxChunk : {0, 7}) {
                ChunkSource source{bytes, maxChunk};
                ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
                auto read = reader.readManifest();
                QVERIFY(read.ok());
                QVERIFY(!read->hasChecksums());
                auto meta = reader.nextFile({});
                QVERIFY(meta.ok() && meta.value());
                QCOMPARE(meta.value()->checksum, Checksum::of(kMeta)); // Computed, confirmed later.
                QVERIFY(reader.nextFile({}).ok());
                auto end = reader.nextFile({});
                QVERIFY2(end.ok(), qPrintable(end.ok() ? QString() : end.error().message));
                QVERIFY(!end.value());
                QVERIFY(reader.finish().ok());
                QVERIFY(reader.manifest().files == final.files);
            }
        }
    }

    void finalManifestFromTheEndRefusals()
    {
        const Manifest head = streamedManifest(false);
        const Manifest final = streamedManifest(true);
        const TarEntry headEntry = entry("manifest", head.toJson());
        // A plain archive whose last entry is not the final manifest.
        {
            QByteArray bytes = buildTar({headEntry, metaEntry(), entry("shards/1", kShard)});
            QBuffer device(&bytes);
            QVERIFY(device.open(QIODevice::ReadOnly));
            auto read = ArchiveReader::readFinalManifest(device, kHostileName);
            QVERIFY(!read.ok());
            QVERIFY2(read.error().message.contains(QStringLiteral("its last entry is not 'manifest.final'")),
                     qPrintable(read.error().message));
        }
        // A zstd archive without the frame that points at it (cut short).
        {
            QByteArray bytes;
            ArchiveWriter writer(
                [&](const char *data, qsizetype size) {
                    bytes.append(data, size);
                    return true;
                },
                ArchiveWriter::Compression::Zstd);
            QVERIFY(writer.open() && writer.addData(QStringLiteral("manifest"), head.toJson()) &&
                    writer.addData(QStringLiteral("meta"), kMeta) &&
                    writer.addData(QStringLiteral("shards/1"), kShard) &&
                    writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) && writer.finish());
            QVERIFY(readArchive(bytes).error == std::nullopt); // Every zstd decoder skips that frame.
            bytes.chop(1);
            QBuffer device(&bytes);
            QVERIFY(device.open(QIODevice::ReadOnly));
            auto read = ArchiveReader::readFinalManifest(device, kHostileName);
            QVERIFY(!read.ok());
            QVERIFY2(read.error().message.contains(QStringLiteral("does not end with the frame")),
                     qPrintable(read.error().message));
        }
        // A final manifest of other content than the head's: refused when used.
        {
            QByteArray bytes = buildTar({headEntry, metaEntry(), entry("shards/1", kShard)});
            ChunkSource source{bytes};
            ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
            QVERIFY(reader.readManifest().ok());
            Manifest other = final;
            other.files[1].size += 1;
            const Status used = reader.useFinalManifest(other);
            QVERIFY(!used.ok());
            QVERIFY2(used.error().message.contains(QStringLiteral("does not belong to the head manifest")),
                     qPrintable(used.error().message));
        }
    }

    // A file the head lists by name only (an InfluxDB shard streamed as influxd sends it): its
    // content comes in parts, its size, index and checksum in the final manifest.
    void fileInParts()
    {
        Manifest head = streamedManifest(false);
        head.files[1].size = ManifestFile::kUnknownSize;
        head.files[1].index = 0;
        QVERIFY(!head.hasSizes());
        auto parsedHead = Manifest::fromJson(head.toJson(), kHostileName, Manifest::Seal::Required);
        QVERIFY(parsedHead.ok());
        QCOMPARE(parsedHead->files[1].size, ManifestFile::kUnknownSize);
        Manifest final = streamedManifest(true);
        final.files[1].index = 77;
        final.files[1].boundary = QStringList{QStringLiteral("a.tsm:6")};
        const QByteArray parts[] = {"SH", "A", "RD1"}; // kShard
        for (const bool zstd : {false, true}) {
            QByteArray bytes;
            ArchiveWriter writer(
                [&](const char *data, qsizetype size) {
                    bytes.append(data, size);
                    return true;
                },
                zstd ? ArchiveWriter::Compression::Zstd : ArchiveWriter::Compression::None);
            QVERIFY(writer.open() && writer.addData(QStringLiteral("manifest"), head.toJson()) &&
                    writer.addData(QStringLiteral("meta"), kMeta));
            for (const QByteArray &part : parts)
                QVERIFY(writer.addData(QStringLiteral("shards/1"), part));
            QVERIFY(writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), final.toJson()) && writer.finish());

            const Outcome out = readArchive(bytes, 7);
            QVERIFY2(!out.error, qPrintable(out.error ? out.error->message : QString()));
            QCOMPARE(out.files.size(), size_t(2));
            QCOMPARE(out.files[1].second, kShard);

            QBuffer device(&bytes);
            QVERIFY(device.open(QIODevice::ReadOnly));
            auto fromEnd = ArchiveReader::readFinalManifest(device, kHostileName);
            QVERIFY(fromEnd.ok());
            QVERIFY(fromEnd->files == final.files);
            ChunkSource source{bytes};
            ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
            QVERIFY(reader.readManifest().ok());
            QVERIFY(reader.useFinalManifest(fromEnd.value()).ok());
            QCOMPARE(reader.manifest().files[1].size, kShard.size());
            QVERIFY(reader.nextFile({}).ok());
            auto shard = reader.nextFile({});
            QVERIFY(shard.ok() && shard.value());
            QCOMPARE(shard.value()->index, 77ULL);
            QVERIFY(reader.nextFile({}).ok());
            QVERIFY(reader.finish().ok());
            QVERIFY(reader.manifest().files == final.files);
        }
        // The parts must add up to the final manifest's size.
        Manifest longer = final;
        longer.files[1].size += 1;
        const QByteArray bad = buildTar({entry("manifest", head.toJson()), metaEntry(), entry("shards/1", "SHA"),
                                         entry("shards/1", "RD1"), finalEntry(longer)});
        const Outcome out = readArchive(bad);
        QVERIFY(out.error);
        QVERIFY2(out.error->message.contains(QStringLiteral("has 6 bytes but the final manifest says 7")),
                 qPrintable(out.error->message));
        // A file of known size comes in one entry only.
        const QByteArray twice =
            buildTar({entry("manifest", streamedManifest(false).toJson()), entry("meta", "ME"), entry("meta", "TA")});
        QVERIFY(readArchive(twice).error);
    }

    void addStreamRefusesWrongSizes()
    {
        for (const qsizetype given : {3, 5}) {
            QByteArray bytes;
            ArchiveWriter writer(
                [&](const char *data, qsizetype size) {
                    bytes.append(data, size);
                    return true;
                },
                ArchiveWriter::Compression::None);
            QVERIFY(writer.open());
            qsizetype left = given;
            const bool added = writer.addStream(QStringLiteral("meta"), 4, [&](char *buffer, qsizetype capacity) {
                const qsizetype n = std::min(left, capacity);
                memset(buffer, 'x', static_cast<size_t>(n));
                left -= n;
                return Result<qsizetype>(n);
            });
            QVERIFY(!added);
            QVERIFY2(writer.error().message.contains(given < 4 ? QStringLiteral("shorter") : QStringLiteral("longer")),
                     qPrintable(writer.error().message));
            QVERIFY(!writer.finish());
        }
        // A source error is reported as it is.
        ArchiveWriter writer([](const char *, qsizetype) { return true; }, ArchiveWriter::Compression::None);
        QVERIFY(writer.open());
        QVERIFY(!writer.addStream(QStringLiteral("meta"), 4, [](char *, qsizetype) -> Result<qsizetype> {
            return makeError(ErrorCode::Io, QStringLiteral("the view failed"));
        }));
        QCOMPARE(writer.error().message, QStringLiteral("the view failed"));
    }

    void checksumsLastHostile_data()
    {
        QTest::addColumn<QByteArray>("archive");
        QTest::addColumn<QString>("expected");
        const Manifest head = streamedManifest(false);
        const Manifest final = streamedManifest(true);
        const TarEntry headEntry = entry("manifest", head.toJson());
        const TarEntry shard = entry("shards/1", kShard);
        QTest::newRow("no final manifest") << buildTar({headEntry, metaEntry(), shard})
                                           << QStringLiteral("ends without its final manifest 'manifest.final'");
        QTest::newRow("final before the files")
            << buildTar({headEntry, metaEntry(), finalEntry(final), shard})
            << QStringLiteral("entry 'manifest.final': came before 1 of the manifest's files: 'shards/1'");
        Manifest wrongSum = final;
        wrongSum.files[1].checksum = Checksum::of("other");
        QTest::newRow("final checksum differs")
            << buildTar({headEntry, metaEntry(), shard, finalEntry(wrongSum)})
            << QStringLiteral("entry 'shards/1': checksum %1 differs from the final manifest's %2")
                   .arg(Checksum::of(kShard), Checksum::of("other"));
        Manifest otherIndex = final;
        otherIndex.index = 10;
        QTest::newRow("final differs from the head")
            << buildTar({headEntry, metaEntry(), shard, finalEntry(otherIndex)})
            << QStringLiteral("differs from the head manifest in more than the checksums");
        QJsonObject root = QJsonDocument::fromJson(final.toJson()).object();
        root.remove(QStringLiteral("seal"));
        QTest::newRow("final not sealed")
            << buildTar({headEntry, metaEntry(), shard,
                         entry(Manifest::kFinalEntry, QJsonDocument(root).toJson(QJsonDocument::Compact))})
            << QStringLiteral("the manifest has no 'seal'");
        QTest::newRow("entry after the final")
            << buildTar({headEntry, metaEntry(), shard, finalEntry(final), entry("meta", kMeta)})
            << QStringLiteral("entry 'meta': comes after the final manifest");
        QTest::newRow("another entry where the final is due")
            << buildTar({headEntry, metaEntry(), shard, entry("shards/2", kShard)})
            << QStringLiteral("came where the final manifest 'manifest.final' was due");
        QTest::newRow("head with checksums")
            << buildTar({entry("manifest", final.toJson()), metaEntry(), shard, finalEntry(final)})
            << QStringLiteral("is format 2 but lists a checksum for 'meta'");
    }

    void checksumsLastHostile() { hostile(); }

    void errorsAreSticky()
    {
        const QByteArray tar = buildTar({manifestEntry(), entry("shards/1", kShard), metaEntry()});
        ChunkSource source{tar};
        ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
        QVERIFY(reader.readManifest().ok());
        auto first = reader.nextFile({});
        QVERIFY(!first.ok());
        auto second = reader.nextFile({});
        QVERIFY(!second.ok());
        QCOMPARE(second.error().message, first.error().message);
        QCOMPARE(reader.finish().error().message, first.error().message);
    }

    void finishBeforeEndReportsMissing()
    {
        ChunkSource source{buildTar({manifestEntry(), metaEntry(), entry("shards/1", kShard)})};
        ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
        QVERIFY(reader.readManifest().ok());
        QVERIFY(reader.nextFile({}).ok());
        const Status status = reader.finish();
        QVERIFY(!status.ok());
        QVERIFY2(status.error().message.contains(QStringLiteral("missing: 'shards/1'")),
                 qPrintable(status.error().message));
    }

    void finishReadsTheEnd()
    {
        // All files read but not the end marker yet: finish() still refuses trailing bytes.
        ChunkSource source{buildTar({manifestEntry(), metaEntry(), entry("shards/1", kShard)}) + "junk"};
        ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
        QVERIFY(reader.readManifest().ok());
        QVERIFY(reader.nextFile({}).ok());
        QVERIFY(reader.nextFile({}).ok());
        const Status status = reader.finish();
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.contains(QStringLiteral("bytes after the end")));
    }

    void sourceErrorIsReported_data()
    {
        QTest::addColumn<qsizetype>("failAt");
        QTest::addColumn<bool>("compress");
        QTest::newRow("at once") << qsizetype(0) << false;
        QTest::newRow("in the manifest") << qsizetype(600) << false;
        QTest::newRow("in a file") << qsizetype(3000) << false;
        QTest::newRow("in a file (zstd)") << qsizetype(3000) << true;
    }

    void sourceErrorIsReported()
    {
        QFETCH(qsizetype, failAt);
        QFETCH(bool, compress);
        const QByteArray content = pseudoRandom(20000, 5);
        const QByteArray manifest = manifestOf({manifestFile(QStringLiteral("meta"), content)}).toJson();
        QByteArray tar = buildTar({entry("manifest", manifest), entry("meta", content)});
        if (compress)
            tar = zstd(tar);
        const Error lost = makeError(ErrorCode::Connection, QStringLiteral("Connection to 10.0.0.1:8808 lost"),
                                     QStringLiteral("Retry."));
        for (bool withError : {true, false}) {
            qsizetype pos = 0;
            ArchiveReader *self = nullptr;
            ArchiveReader reader(
                [&](char *buffer, qsizetype capacity) -> qsizetype {
                    if (pos >= failAt) {
                        if (withError)
                            self->setSourceError(lost);
                        return -1;
                    }
                    const qsizetype n = qMin(qMin<qsizetype>(capacity, 100), failAt - pos);
                    memcpy(buffer, tar.constData() + pos, static_cast<size_t>(n));
                    pos += n;
                    return n;
                },
                QStringLiteral("the stream from 10.0.0.1:8808"));
            self = &reader;
            std::optional<Error> error;
            auto m = reader.readManifest();
            if (!m)
                error = m.error();
            while (!error) {
                auto f = reader.nextFile({});
                if (!f)
                    error = f.error();
                else if (!f.value())
                    break;
            }
            QVERIFY(error);
            QCOMPARE(reader.bytesRead(), failAt);
            if (withError) {
                QCOMPARE(error->code, ErrorCode::Connection);
                QCOMPARE(error->message, lost.message);
            } else {
                QCOMPARE(error->code, ErrorCode::Io);
                QVERIFY2(error->message.startsWith(QStringLiteral("archive 'the stream from 10.0.0.1:8808'")),
                         qPrintable(error->message));
                QVERIFY(error->message.contains(QStringLiteral("reading the archive failed")));
            }
        }
    }

    void readerSinkRefuses()
    {
        ChunkSource source{buildTar({manifestEntry(), metaEntry(), entry("shards/1", kShard)})};
        ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
        QVERIFY(reader.readManifest().ok());
        auto file = reader.nextFile([](const char *, qsizetype) { return false; });
        QVERIFY(!file.ok());
        QCOMPARE(file.error().code, ErrorCode::Io);
        QCOMPARE(file.error().message,
                 QStringLiteral("archive 'hostile.tar': entry 'meta': storing the content failed: the destination "
                                "refused it."));
    }

    void readerMisuse()
    {
        ChunkSource source{buildTar({manifestEntry(), metaEntry(), entry("shards/1", kShard)})};
        ArchiveReader reader([&](char *b, qsizetype c) { return source.read(b, c); }, kHostileName);
        QVERIFY(!reader.nextFile({}).ok());
        QVERIFY(!reader.finish().ok());
        QVERIFY(reader.readManifest().ok());
        QVERIFY(!reader.readManifest().ok());
    }

    void writerFileSizeMismatch_data()
    {
        QTest::addColumn<qint64>("declared");
        QTest::addColumn<QString>("expected");
        QTest::newRow("shorter than declared")
            << qint64(101) << QStringLiteral("is shorter than expected: 100 bytes instead of 101");
        QTest::newRow("longer than declared")
            << qint64(99) << QStringLiteral("is longer than expected: 100 bytes instead of 99");
    }

    void writerFileSizeMismatch()
    {
        QFETCH(qint64, declared);
        QFETCH(QString, expected);
        const QString path = writeFile(QStringLiteral("hundred"), QByteArray(100, 'x'));
        ArchiveWriter writer([](const char *, qsizetype) { return true; }, ArchiveWriter::Compression::None);
        QVERIFY(writer.open());
        QVERIFY(!writer.addFile(QStringLiteral("meta"), path, declared));
        QCOMPARE(writer.error().code, ErrorCode::Integrity);
        QCOMPARE(writer.error().message, QStringLiteral("'%1' %2.").arg(path, expected));
    }

    void writerMissingFile()
    {
        ArchiveWriter writer([](const char *, qsizetype) { return true; }, ArchiveWriter::Compression::None);
        QVERIFY(writer.open());
        const QString path = m_dir.filePath(QStringLiteral("does-not-exist"));
        QVERIFY(!writer.addFile(QStringLiteral("meta"), path, 1));
        QCOMPARE(writer.error().code, ErrorCode::Io);
        QVERIFY(writer.error().message.contains(path));
    }

    void writerSinkRefuses_data()
    {
        QTest::addColumn<bool>("compress");
        QTest::newRow("plain") << false;
        QTest::newRow("zstd") << true;
    }

    void writerSinkRefuses()
    {
        QFETCH(bool, compress);
        const QString path = writeFile(QStringLiteral("two-mib"), pseudoRandom(2 * 1024 * 1024, 6));
        ArchiveWriter writer([](const char *, qsizetype) { return false; },
                             compress ? ArchiveWriter::Compression::Zstd : ArchiveWriter::Compression::None);
        QVERIFY(writer.open());
        QVERIFY(!writer.addFile(QStringLiteral("meta"), path, 2 * 1024 * 1024));
        QCOMPARE(writer.error().code, ErrorCode::Io);
        QCOMPARE(writer.error().message, QStringLiteral("Writing the snapshot archive failed while writing 'meta': the "
                                                        "destination stopped accepting data."));
        QVERIFY(!writer.finish()); // Still broken, still the first error.
        QVERIFY(writer.error().message.contains(QStringLiteral("stopped accepting data")));
    }

    void writerMisuse()
    {
        ArchiveWriter writer([](const char *, qsizetype) { return true; }, ArchiveWriter::Compression::None);
        QVERIFY(!writer.addData(QStringLiteral("manifest"), "{}"));
        QVERIFY(writer.open());
        QVERIFY(!writer.open());
        QVERIFY(writer.finish());
        QVERIFY(!writer.addData(QStringLiteral("manifest"), "{}"));
        QVERIFY(writer.error().message.contains(QStringLiteral("already finished")));
    }

    void abandonedWriterDoesNotWrite()
    {
        int calls = 0;
        {
            ArchiveWriter writer(
                [&](const char *, qsizetype) {
                    ++calls;
                    return true;
                },
                ArchiveWriter::Compression::Zstd);
            QVERIFY(writer.open());
            QVERIFY(writer.addData(QStringLiteral("manifest"), "{}"));
            calls = 0;
        }
        QCOMPARE(calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestArchive)
#include "tst_archive.moc"
