// Block links from a Tidemark node (issue 19): an incremental of a file the node sent before
// holds only the 4 KiB blocks that changed since the chain's previous version of it. Real
// tidemarkd and tidemark-cli processes; the test rebuilds the node's files from the chain itself
// (the full's whole files, then each link's blocks through BlockPatchApplier) and compares them
// with each link's file checksums and the node's content digests.

#include "node/NodeInspector.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"
#include "support/NodeProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace tidemark;

namespace {

constexpr qint64 kDay1Ns = 86400LL * 1000000000;
constexpr int kSeries = 400;
const QByteArray kPayload(200, 'p');

// Point `n` of series `s` (times in milliseconds from day 1's start: one shard).
QByteArray line(int s, int n)
{
    return "cpu,host=h" + QByteArray::number(s) + " v=" + QByteArray::number(n) + ",p=\"" + kPayload + "\" " +
           QByteArray::number(kDay1Ns + qint64{n} * 1000000) + '\n';
}

// Points `from` to `to` (exclusive) of every series, time-major as metrics arrive, in batches.
bool writePoints(NodeProcess &node, const QString &db, int from, int to)
{
    QByteArray body;
    for (int n = from; n < to; ++n) {
        for (int s = 0; s < kSeries; ++s)
            body += line(s, n);
        if (body.size() >= 1000000 || n + 1 == to) {
            if (node.request("POST", QStringLiteral("/write?db=%1").arg(db), body).status != 204)
                return false;
            body.clear();
        }
    }
    return true;
}

QString linkPath(const QString &chain, int number)
{
    return number < 0 ? chain : chain + QLatin1Char('.') + QString::number(number);
}

int backup(const NodeProcess &node, const QString &chain, const QStringList &extra, QByteArray *err,
           qint64 *ms = nullptr)
{
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    const int rc =
        NodeProcess::runCli(QStringList{QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost()} +
                                extra + QStringList{chain},
                            &out, err);
    if (ms)
        *ms = timer.elapsed();
    return rc;
}

Manifest finalManifest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    auto final = ArchiveReader::readFinalManifest(file, path);
    return final ? final.takeValue() : Manifest{};
}

// Applies one link to the files in `dir` (`meta`, `shards/<id>`): whole files are written anew,
// block links applied to the version there. Every file is checked against its file checksum.
bool applyLink(const QString &path, const QString &dir, QString *error)
{
    const Manifest final = finalManifest(path);
    if (final.files.empty()) {
        *error = QStringLiteral("no final manifest in ") + path;
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    ArchiveReader reader(file, path);
    auto head = reader.readManifest();
    if (!head) {
        *error = head.error().message;
        return false;
    }
    for (size_t k = 0; k < final.files.size(); ++k) {
        const ManifestFile &f = final.files[k];
        const QString target = dir + QLatin1Char('/') + f.name;
        QDir().mkpath(QFileInfo(target).path());
        QFile out(target);
        if (!out.open(f.isBlockLink() ? QIODevice::ReadWrite : (QIODevice::WriteOnly | QIODevice::Truncate))) {
            *error = target + QStringLiteral(": ") + out.errorString();
            return false;
        }
        std::unique_ptr<BlockPatchApplier> applier;
        if (f.isBlockLink())
            applier = std::make_unique<BlockPatchApplier>(out.handle(), f.blocks.blockSize, f.blocks.fileSize,
                                                          f.name + QStringLiteral(" in ") + path);
        Status applied;
        auto came = reader.nextFile([&](const char *data, qsizetype size) {
            if (applier) {
                applied = applier->write(data, size);
                return static_cast<bool>(applied);
            }
            return out.write(data, size) == size;
        });
        if (!came || !came.value() || came.value()->name != f.name) {
            *error = came ? QStringLiteral("entry %1 missing in %2").arg(f.name, path) : came.error().message;
            return false;
        }
        if (applier) {
            if (!applied || !(applied = applier->finish())) {
                *error = applied.error().message;
                return false;
            }
        }
        out.close();
        auto checksum = Checksum::ofFile(target);
        if (!checksum || checksum.value() != f.fileChecksum()) {
            *error = QStringLiteral("%1 rebuilt from %2 has checksum %3, the link says %4")
                         .arg(f.name, path, checksum ? checksum.value() : QStringLiteral("?"), f.fileChecksum());
            return false;
        }
    }
    if (auto end = reader.nextFile({}); !end || end.value()) {
        *error = QStringLiteral("more entries than files in ") + path;
        return false;
    }
    if (Status s = reader.finish(); !s) {
        *error = s.error().message;
        return false;
    }
    return true;
}

QString digest(const QString &dataDir)
{
    auto report = NodeInspector::inspect(dataDir);
    return report ? report->digest : QStringLiteral("inspect failed: ") + report.error().message;
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

} // namespace

class TestBlockLinks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Block links stay off by default until every reader of chains rebuilds them
    // (TidemarkKind::kBlockLinksByDefault); the CLIs this test runs ask for them.
    void initTestCase() { qputenv("TIDEMARK_BLOCK_LINKS", "1"); }

    void incrementalsSendChangedBlocks()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+metrics")).status, 200);
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+quiet")).status, 200);
        // One big shard (day 1 of `metrics`) and a small one that never changes after the full.
        QVERIFY(writePoints(node, QStringLiteral("metrics"), 0, 200));
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=quiet"), "q v=1 " + QByteArray::number(kDay1Ns)).status,
                 204);

        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("node"));
        const QString rebuilt = backups.filePath(QStringLiteral("rebuilt"));
        QByteArray err;
        QCOMPARE(backup(node, chain, {}, &err), 0);
        const Manifest full = finalManifest(chain);
        QCOMPARE(full.files.size(), size_t{3}); // meta, the big shard, the quiet one
        // The big shard: the largest file.
        const ManifestFile big =
            *std::max_element(full.files.begin(), full.files.end(),
                              [](const ManifestFile &a, const ManifestFile &b) { return a.size < b.size; });
        const ManifestFile quiet = full.files[1].name == big.name ? full.files[2] : full.files[1];
        qInfo("the full: %s", full.toJson().constData());
        const QString bigName = big.name;
        QVERIFY(!big.isBlockLink());
        QVERIFY2(big.size > 16 * 1024 * 1024, qPrintable(QString::number(big.size)));
        QVERIFY2(applyLink(chain, rebuilt, &error), qPrintable(error));
        QCOMPARE(digest(rebuilt), digest(node.dataDir()));
        // The node keeps a map of each file it sent.
        const QString maps = node.dataDir() + QStringLiteral("/.blockmaps");
        QVERIFY(QFile::exists(maps + QLatin1Char('/') + QString(bigName).replace(QLatin1Char('/'), QLatin1Char('_')) +
                              QLatin1Char('.') + big.checksum + QStringLiteral(".map")));

        // 1% new points, two in each series: the big shard goes as its changed blocks.
        QString previous = big.checksum;
        int next = 200;
        qint64 blockLinkMs = 0;
        for (int link = 0; link < 3; ++link) {
            QVERIFY(writePoints(node, QStringLiteral("metrics"), next, next + 2));
            next += 2;
            qint64 ms = 0;
            // The second through zstd: parts in a compressed stream.
            const QStringList options =
                link == 1 ? QStringList{QStringLiteral("--compress"), QStringLiteral("zstd")} : QStringList{};
            QCOMPARE(backup(node, chain, options, &err, &ms), 0);
            blockLinkMs = ms;
            const QString path = linkPath(chain, link);
            const Manifest m = finalManifest(path);
            QCOMPARE(m.format, Manifest::kFormatBlockLinks);
            const ManifestFile *f = m.file(bigName);
            QVERIFY(f);
            QVERIFY(f->isBlockLink());
            QCOMPARE(f->blocks.blockSize, 4096);
            QCOMPARE(f->blocks.base, previous); // Against the chain's previous version.
            QVERIFY2(m.file(quiet.name) == nullptr, "the unchanged shard was sent");
            const double ratio = double(fileSize(path)) / double(fileSize(chain));
            qInfo("incremental %d: %lld bytes, the full %lld bytes: %.2f%%; the shard's blocks %lld of %lld bytes; "
                  "%lld ms",
                  link, fileSize(path), fileSize(chain), ratio * 100.0, f->size, f->blocks.fileSize, ms);
            QVERIFY2(ratio < 0.20, qPrintable(QString::number(ratio)));
            QVERIFY2(applyLink(path, rebuilt, &error), qPrintable(error));
            QCOMPARE(digest(rebuilt), digest(node.dataDir()));
            previous = f->blocks.fileChecksum;
        }

        // --whole-files: the shard whole, and the next incremental a block link against it.
        QVERIFY(writePoints(node, QStringLiteral("metrics"), next, next + 2));
        next += 2;
        qint64 wholeMs = 0;
        QCOMPARE(backup(node, chain, {QStringLiteral("--whole-files")}, &err, &wholeMs), 0);
        {
            const Manifest m = finalManifest(linkPath(chain, 3));
            QCOMPARE(m.format, Manifest::kFormatChecksumsLast);
            const ManifestFile *f = m.file(bigName);
            QVERIFY(f && !f->isBlockLink());
            QVERIFY(f->size > 16 * 1024 * 1024);
            qInfo("--whole-files: %lld bytes in %lld ms; the block link before took %lld ms",
                  fileSize(linkPath(chain, 3)), wholeMs, blockLinkMs);
            QVERIFY2(applyLink(linkPath(chain, 3), rebuilt, &error), qPrintable(error));
            previous = f->checksum;
        }
        QVERIFY(writePoints(node, QStringLiteral("metrics"), next, next + 2));
        next += 2;
        QCOMPARE(backup(node, chain, {}, &err), 0);
        {
            const Manifest m = finalManifest(linkPath(chain, 4));
            const ManifestFile *f = m.file(bigName);
            QVERIFY(f && f->isBlockLink());
            QCOMPARE(f->blocks.base, previous);
            QVERIFY2(applyLink(linkPath(chain, 4), rebuilt, &error), qPrintable(error));
            QCOMPARE(digest(rebuilt), digest(node.dataDir()));
            previous = f->blocks.fileChecksum;
        }

        // A damaged map is never used: the file goes whole (and its new map serves the next).
        const QString map = maps + QLatin1Char('/') + QString(bigName).replace(QLatin1Char('/'), QLatin1Char('_')) +
                            QLatin1Char('.') + previous + QStringLiteral(".map");
        {
            QFile file(map);
            QVERIFY2(file.open(QIODevice::ReadWrite), qPrintable(map));
            file.seek(file.size() / 2);
            char byte = 0;
            QVERIFY(file.getChar(&byte));
            file.seek(file.size() / 2);
            QVERIFY(file.putChar(static_cast<char>(byte ^ 0x40)));
        }
        QVERIFY(writePoints(node, QStringLiteral("metrics"), next, next + 2));
        next += 2;
        QCOMPARE(backup(node, chain, {}, &err), 0);
        {
            const Manifest m = finalManifest(linkPath(chain, 5));
            const ManifestFile *f = m.file(bigName);
            QVERIFY(f && !f->isBlockLink());
            QVERIFY2(applyLink(linkPath(chain, 5), rebuilt, &error), qPrintable(error));
            previous = f->checksum;
        }

        // A restarted node keeps its maps.
        QCOMPARE(node.stop(), 0);
        const QByteArray log = node.stderrText();
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(writePoints(node, QStringLiteral("metrics"), next, next + 2));
        next += 2;
        QCOMPARE(backup(node, chain, {}, &err), 0);
        {
            const Manifest m = finalManifest(linkPath(chain, 6));
            const ManifestFile *f = m.file(bigName);
            QVERIFY(f && f->isBlockLink());
            QCOMPARE(f->blocks.base, previous);
            QVERIFY2(applyLink(linkPath(chain, 6), rebuilt, &error), qPrintable(error));
            QCOMPARE(digest(rebuilt), digest(node.dataDir()));
        }
        // At most three maps of a file are kept.
        QVERIFY(
            QDir(maps)
                .entryList({QString(bigName).replace(QLatin1Char('/'), QLatin1Char('_')) + QStringLiteral(".*.map")},
                           QDir::Files)
                .size() <= 3);
        // Maps of a file the node no longer has go at its next snapshot.
        const QString quietMaps =
            QString(quiet.name).replace(QLatin1Char('/'), QLatin1Char('_')) + QStringLiteral(".*.map");
        QCOMPARE(QDir(maps).entryList({quietMaps}, QDir::Files).size(), 1);
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=DROP+DATABASE+quiet")).status, 200);
        QCOMPARE(backup(node, chain, {}, &err), 0);
        QCOMPARE(QDir(maps).entryList({quietMaps}, QDir::Files).size(), 0);
        // The node's own times, from its log.
        static const QRegularExpression done(QStringLiteral("done: (\\d+) files \\( (\\d+) as block links\\), (\\d+) "
                                                            "bytes, index \\d+ in (\\d+) ms"));
        for (auto it = done.globalMatch(QString::fromUtf8(log)); it.hasNext();) {
            const auto match = it.next();
            qInfo("node: %s files, %s as block links, %s bytes, %s ms", qPrintable(match.captured(1)),
                  qPrintable(match.captured(2)), qPrintable(match.captured(3)), qPrintable(match.captured(4)));
        }
    }

    // An encrypted chain: the client reads the checksums of its base from the links' final
    // manifests through the decrypting store, and the incremental is the changed blocks.
    void encryptedChainGetsBlockLinks()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+metrics")).status, 200);
        QVERIFY(writePoints(node, QStringLiteral("metrics"), 0, 100));
        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("node"));
        const QString passphrase = backups.filePath(QStringLiteral("pass"));
        {
            QFile file(passphrase);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("correct horse battery staple\n");
        }
        const QStringList secret{QStringLiteral("--passphrase-file"), passphrase};
        QByteArray err;
        QCOMPARE(backup(node, chain,
                        secret + QStringList{QStringLiteral("--encrypt"), QStringLiteral("--kdf-memory"),
                                             QStringLiteral("8"), QStringLiteral("--kdf-passes"), QStringLiteral("1")},
                        &err),
                 0);
        QVERIFY(writePoints(node, QStringLiteral("metrics"), 100, 101));
        QCOMPARE(backup(node, chain, secret, &err), 0);
        const double ratio = double(fileSize(linkPath(chain, 0))) / double(fileSize(chain));
        qInfo("encrypted incremental: %.2f%% of the full", ratio * 100.0);
        QVERIFY2(ratio < 0.25, qPrintable(QString::number(ratio)));
        QCOMPARE(backup(node, chain, secret + QStringList{QStringLiteral("--whole-files")}, &err), 0);
    }

    // A client that does not say it reads block links gets whole files (an older client).
    void requestWithoutBlockLinksGetsWholeFiles()
    {
        // The CLI's --whole-files sends no "blockLinks": what an older client sends.
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+metrics")).status, 200);
        QVERIFY(writePoints(node, QStringLiteral("metrics"), 0, 20));
        QTemporaryDir backups;
        const QString chain = backups.filePath(QStringLiteral("node"));
        QByteArray err;
        QCOMPARE(backup(node, chain, {QStringLiteral("--whole-files")}, &err), 0);
        QVERIFY(writePoints(node, QStringLiteral("metrics"), 20, 21));
        QCOMPARE(backup(node, chain, {QStringLiteral("--whole-files")}, &err), 0);
        const Manifest m = finalManifest(linkPath(chain, 0));
        QCOMPARE(m.format, Manifest::kFormatChecksumsLast);
        QVERIFY(!m.hasBlockLinks());
        QVERIFY(!m.files.empty());
    }
};

QTEST_GUILESS_MAIN(TestBlockLinks)
#include "tst_blocklinks.moc"
