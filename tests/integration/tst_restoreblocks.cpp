// The offline restore of chains holding block links (issue 19, archive format 3), end to end with
// the real binaries. A real tidemarkd is written to while tidemark-cli takes a full backup and 22
// incrementals (the source chain, whole copies only); the node is then stopped. A second chain is
// made from the same versions: the same full, then each incremental either copied as it is (a
// whole-copy link) or written as block links against the chain's version (tests/support/BlockLinks).
// `tidemark-cli restore` of it gives exactly the source's state at every link (each file's
// checksum, the whole node's `inspect` digest, the node started on it answering counts), dry-run
// rebuilds what it would, `drill` passes, a kill -9 mid-restore is finished or rolled back, and
// block links that do not fit (wrong base, a file the chain does not have, a flipped byte in the
// blocks, a rebuilt checksum that differs, one in an InfluxDB chain) are refused with exit code 7
// and the target directories untouched.
#include "support/BlockLinks.h"
#include "support/CliRun.h"
#include "support/LinkContents.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QTest>

#include <functional>
#include <map>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr int kIncrementals = 22;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A config of its own (ports 0: nothing to probe) for directories under `root`.
QString writeConfig(const QString &root)
{
    QByteArray text;
    if (NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), root, QStringLiteral("-http-bind"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("-snapshot-bind"),
                          QStringLiteral("127.0.0.1:0")},
                         &text, nullptr) != 0)
        return {};
    const QString path = root + QStringLiteral("/tidemarkd.conf");
    return writeAll(path, text) ? path : QString();
}

// Every file under `dir` (relative names) with its checksum.
std::map<QString, QString> checksumsUnder(const QString &dir)
{
    std::map<QString, QString> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String("-lock")))
            continue; // Made by whoever opened the LMDB files (inspect), not restored.
        auto sum = Checksum::ofFile(path);
        out[QDir(dir).relativeFilePath(path)] = sum ? sum.value() : QStringLiteral("unreadable");
    }
    return out;
}

QString describe(const std::map<QString, QString> &files)
{
    QStringList out;
    for (const auto &[name, sum] : files)
        out << name + QLatin1Char('=') + sum.left(8);
    return out.join(u' ');
}

} // namespace

class TestRestoreBlocks : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_source;       ///< The chain tidemark-cli took: a full and kIncrementals whole-copy incrementals.
    QString m_chain;        ///< The same versions, most incrementals as block links.
    QString m_sourceDigest; ///< `inspect` of the stopped source node.
    int m_batches = 0;      ///< Batches of 200 points written to `hot`.
    int m_others = 0;       ///< Points written to `other` (a second shard of `hot`).
    /// Per link of the chain (0: the full), each file's checksum after a restore up to it.
    std::vector<std::map<QString, QString>> m_expected;
    QString m_influxConfig; ///< An influxdb.conf for directories under m_dir/influx-target.

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QStringList restoreArgs(const QString &config, const QString &chain) const
    {
        return {QStringLiteral("restore"),
                QStringLiteral("-config"),
                config,
                chain,
                QStringLiteral("--owner"),
                currentUser(),
                QStringLiteral("--yes")};
    }

    // A copy of the block-link chain's links up to incremental `upto` in a directory of its own.
    QString copyChain(const QString &dir, int upto) const
    {
        const QString copy = dir + QStringLiteral("/blk");
        for (int n = -1; n <= upto; ++n) {
            const QString suffix = n < 0 ? QString() : QStringLiteral(".%1").arg(n);
            if (!QFile::copy(m_chain + suffix, copy + suffix))
                return {};
        }
        return copy;
    }

    // The restored data directory of a restore up to `upto` (-1: the full) holds exactly its files.
    void compareWithSource(const QString &dataDir, int upto)
    {
        const std::map<QString, QString> restored = checksumsUnder(dataDir);
        const std::map<QString, QString> &expected = m_expected[static_cast<size_t>(upto + 1)];
        QVERIFY2(restored == expected, qPrintable(QStringLiteral("upto %1: restored %2, expected %3")
                                                      .arg(upto)
                                                      .arg(describe(restored), describe(expected))));
    }

    // A stopped node with data of its own ("old"), its config written: the target of a restore.
    void makeTarget(NodeProcess &target, QString *oldDigest)
    {
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
        QCOMPARE(target.request("POST", QStringLiteral("/write?db=old"), "before v=1 1000").status, 204);
        QCOMPARE(target.stop(), 0);
        *oldDigest = inspectDigest(target.dataDir());
        QVERIFY(!oldDigest->startsWith(QStringLiteral("inspect failed")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_source = path(QStringLiteral("src"));
        m_chain = path(QStringLiteral("blk"));
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        const auto post = [&](const QByteArray &db, const QByteArray &body) {
            return node.request("POST", QStringLiteral("/write?db=") + QString::fromLatin1(db), body).status;
        };
        const auto backup = [&] {
            // Whole files: the states the block-link chain below is made of.
            const CliRun run = runCli({QStringLiteral("backup"), QStringLiteral("--whole-files"),
                                       QStringLiteral("-host"), node.snapshotHost(), m_source});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        };
        for (int k = 0; k < 5; ++k)
            QCOMPARE(post("hot", batch(++m_batches)), 204);
        backup();
        // Each incremental: one batch into the one big shard (day 10); now and then a point into a
        // second shard, and once a new database (a new shard and a changed meta store).
        for (int i = 0; i < kIncrementals; ++i) {
            QCOMPARE(post("hot", batch(++m_batches)), 204);
            if (i % 5 == 2) {
                QCOMPARE(post("hot", "other v=" + QByteArray::number(i) + ' ' + QByteArray::number(20 * kDayNs + i)),
                         204);
                ++m_others;
            }
            if (i == 9) {
                QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+cold")).status, 200);
                QCOMPARE(post("cold", "c v=1 " + QByteArray::number(30 * kDayNs)), 204);
            }
            backup();
        }
        QCOMPARE(node.stop(), 0);
        m_sourceDigest = inspectDigest(node.dataDir());
        QVERIFY(!m_sourceDigest.startsWith(QStringLiteral("inspect failed")));

        auto source = BackupChain::open(m_source);
        QVERIFY(source);
        QCOMPARE(source->links().size(), size_t(kIncrementals + 1));
        // What a restore up to each link gives: the source's merged final manifests.
        std::vector<Manifest> finals;
        for (const BackupChain::Link &link : source->links()) {
            auto final = link.manifest.hasChecksums() ? Result<Manifest>(link.manifest) : source->finalManifest(link);
            QVERIFY(final);
            finals.push_back(final.value());
            std::map<QString, QString> expected;
            for (const ManifestFile &f : Manifest::merge(finals).files)
                expected[f.name] = f.fileChecksum();
            m_expected.push_back(expected);
        }

        // The chain of block links: the same full, then each incremental's files either as the
        // source's link (every 4th) or as block links against the chain's version (new files whole,
        // `meta` whole every other link; the last one holds it as a block link, which `drill` lists).
        QVERIFY(QFile::copy(m_source, m_chain));
        QTemporaryDir versions;
        int blockFiles = 0;
        for (int i = 0; i < kIncrementals; ++i) {
            const QString suffix = QStringLiteral(".%1").arg(i);
            if (i % 4 == 3) {
                QVERIFY(QFile::copy(m_source + suffix, m_chain + suffix));
                continue;
            }
            auto steps = source->steps(i);
            QVERIFY(steps);
            auto chain = BackupChain::open(m_chain);
            QVERIFY2(chain, qPrintable(chain ? QString() : chain.error().message));
            const Manifest chainState = chain->merged();
            std::vector<BlockLinks::File> files;
            for (const ManifestFile &f : source->links()[static_cast<size_t>(i + 1)].manifest.files) {
                const QString version =
                    versions.filePath(QStringLiteral("%1-%2").arg(i).arg(Manifest::shardId(f.name)));
                const Status s = FileRebuild::write(source.value(), steps->at(f.name), version);
                QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
                const bool whole = !chainState.file(f.name) || (f.name == QLatin1String("meta") && i % 2 == 0);
                blockFiles += whole ? 0 : 1;
                files.push_back({f.name, version, f.index, whole});
            }
            const Status s = BlockLinks::append(m_chain, files);
            QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
        }
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain);
        QCOMPARE(chain->links().size(), size_t(kIncrementals + 1));
        QVERIFY(chain->hasBlockLinks(kIncrementals - 1));
        QVERIFY2(blockFiles >= kIncrementals, qPrintable(QString::number(blockFiles)));
        qint64 whole = 0;
        qint64 blocks = 0;
        for (size_t i = 1; i < chain->links().size(); ++i) {
            whole += source->links()[i].bytes;
            blocks += chain->links()[i].bytes;
        }
        qInfo("incrementals: %lld bytes as whole copies, %lld bytes with block links", whole, blocks);
        QVERIFY(blocks < whole);

        // An influxdb.conf for the InfluxDB refusal.
        const QString influxRoot = path(QStringLiteral("influx-target"));
        QVERIFY(QDir().mkpath(influxRoot));
        m_influxConfig = influxRoot + QStringLiteral("/influxdb.conf");
        QVERIFY(writeAll(m_influxConfig, QStringLiteral("bind-address = \"127.0.0.1:0\"\n[meta]\n  dir = \"%1/meta\"\n"
                                                        "[data]\n  dir = \"%1/data\"\n  wal-dir = \"%1/wal\"\n"
                                                        "[http]\n  bind-address = \"127.0.0.1:0\"\n")
                                             .arg(influxRoot)
                                             .toUtf8()));
    }

    // The whole chain: exactly the source node's state; the node starts on it and answers; about
    // as fast as the same state from whole copies (both timed).
    void wholeChainRestoresTheNewestState()
    {
        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        QElapsedTimer timer;
        timer.start();
        CliRun run = runCli(restoreArgs(target.configPath(), m_chain));
        const qint64 blockMs = timer.elapsed();
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(QByteArray(QByteArray::number(kIncrementals + 1) + " links")), run.out.constData());
        compareWithSource(target.dataDir(), kIncrementals - 1);
        QCOMPARE(inspectDigest(target.dataDir()), m_sourceDigest);
        const QStringList leftovers =
            QDir(target.root()).entryList({QStringLiteral("*.restore-*")}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));

        // Its points, counted by the node's own inspect: every batch, the second shard's and `cold`'s.
        QByteArray out;
        QCOMPARE(NodeProcess::run(
                     {QStringLiteral("inspect"), QStringLiteral("-data"), target.dataDir(), QStringLiteral("--json")},
                     &out, nullptr),
                 0);
        qint64 points = 0;
        for (const QJsonValue &db :
             QJsonDocument::fromJson(out).object().value(QStringLiteral("databases")).toArray()) {
            for (const QJsonValue &shard : db.toObject().value(QStringLiteral("shards")).toArray())
                points += shard.toObject().value(QStringLiteral("points")).toInteger();
        }
        QCOMPARE(points, qint64(200) * m_batches + m_others + 1);

        // The node starts on the restored files, serves both databases and goes on from the chain's index.
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        const auto shows = target.request("GET", QStringLiteral("/query?q=SHOW+DATABASES"));
        QVERIFY2(shows.body.contains("\"hot\"") && shows.body.contains("\"cold\"") && !shows.body.contains("\"old\""),
                 shows.body.constData());
        QCOMPARE(target.request("POST", QStringLiteral("/write?db=hot"), batch(m_batches + 1)).status, 204);
        QCOMPARE(target.stop(), 0);
        QVERIFY(inspectDigest(target.dataDir()) != m_sourceDigest);

        // The same state from whole copies only, for the time.
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        timer.restart();
        run = runCli(restoreArgs(config, m_source));
        const qint64 wholeMs = timer.elapsed();
        QVERIFY2(run.exitCode == 0, run.err.constData());
        compareWithSource(root.filePath(QStringLiteral("data")), kIncrementals - 1);
        qInfo("restore of %d links: %lld ms with block links, %lld ms from whole copies", kIncrementals + 1, blockMs,
              wholeMs);
    }

    // --upto to every link gives that link's state, file for file.
    void uptoEveryLinkGivesThatLinksState()
    {
        for (int upto = -1; upto < kIncrementals; ++upto) {
            QTemporaryDir root;
            const QString config = writeConfig(root.path());
            QVERIFY(!config.isEmpty());
            const CliRun run =
                runCli(restoreArgs(config, m_chain) << QStringLiteral("--upto") << QString::number(upto));
            QVERIFY2(run.exitCode == 0,
                     qPrintable(QStringLiteral("--upto %1: %2").arg(upto).arg(QString::fromUtf8(run.err))));
            compareWithSource(root.filePath(QStringLiteral("data")), upto);
        }
    }

    // --dry-run lists a rebuilt file once, with its size and the links it is rebuilt from, reads
    // every byte (rebuilding in scratch) and changes nothing.
    void dryRunListsRebuiltFilesOnce()
    {
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        const QByteArray before = treeHash(root.path());
        const QByteArray chainBefore = treeHash(m_dir.path());
        CliRun run =
            runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, m_chain, QStringLiteral("--owner"),
                    currentUser(), QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject plan = QJsonDocument::fromJson(run.out.trimmed()).object();
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain);
        auto steps = chain->steps(kIncrementals - 1);
        QVERIFY(steps);
        const QJsonArray writes = plan.value(QStringLiteral("write")).toArray();
        QCOMPARE(writes.size(), static_cast<qsizetype>(steps->size()));
        qint64 total = 0;
        int rebuilt = 0;
        for (const QJsonValue &v : writes) {
            const QJsonObject w = v.toObject();
            const auto &fileSteps = steps->at(w.value(QStringLiteral("name")).toString());
            QCOMPARE(w.value(QStringLiteral("size")).toInteger(), fileSteps.back().file.fileSize());
            total += fileSteps.back().file.fileSize();
            const QJsonArray from = w.value(QStringLiteral("rebuiltFrom")).toArray();
            QCOMPARE(from.size(), fileSteps.size() > 1 ? static_cast<qsizetype>(fileSteps.size()) : 0);
            rebuilt += from.isEmpty() ? 0 : 1;
        }
        QVERIFY(rebuilt >= 1);
        QCOMPARE(plan.value(QStringLiteral("bytesToWrite")).toInteger(), total);

        run = runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, m_chain, QStringLiteral("--owner"),
                      currentUser(), QStringLiteral("--dry-run")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto &shard = steps->at(QStringLiteral("shards/1"));
        QVERIFY2(
            run.out.contains(QStringLiteral("  write   shards/1 ").toUtf8()) &&
                run.out.contains(QStringLiteral("rebuilt from %1 links: %2").arg(shard.size()).arg(m_chain).toUtf8()),
            run.out.constData());
        QCOMPARE(run.out.count("  write   shards/1 "), 1);
        QCOMPARE(treeHash(root.path()), before);
        QCOMPARE(treeHash(m_dir.path()), chainBefore); // No scratch left beside the chain.
    }

    // Block links that do not fit are refused with exit code 7, naming the link and the file,
    // before the swap: the target is exactly as it was. Those found only by reading the bytes
    // are refused by --dry-run too.
    void refusals_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<bool>("preflight"); ///< Found from the manifests, before anything is written.
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong base") << QStringLiteral("base") << true
                                    << QStringLiteral(
                                           "holds 'shards/1' as changed blocks of the version with checksum");
        QTest::newRow("a file the chain does not have")
            << QStringLiteral("name") << true
            << QStringLiteral("holds 'shards/77' as changed blocks of an earlier version, but no earlier link holds");
        QTest::newRow("flipped byte in the blocks") << QStringLiteral("flip") << false << QStringLiteral("shards/1");
        QTest::newRow("made against another version")
            << QStringLiteral("other") << false
            << QStringLiteral("'shards/1', rebuilt from %1 and its block links up to %2, has checksum");
    }

    void refusals()
    {
        QFETCH(QString, damage);
        QFETCH(bool, preflight);
        QFETCH(QString, message);

        // A copy up to a block link of shards/1 (not the last: the chain goes on after it).
        QTemporaryDir dir;
        const int at = 5;
        const QString chain = copyChain(dir.path(), at);
        QVERIFY(!chain.isEmpty());
        const QString damaged = chain + QStringLiteral(".%1").arg(at);
        auto link = readLink(damaged);
        QVERIFY2(link, qPrintable(link ? QString() : link.error().message));
        const QString shard = QStringLiteral("shards/1");
        QVERIFY(link->final.file(shard) && link->final.file(shard)->isBlockLink());
        const auto edit = [&](const std::function<void(ManifestFile &)> &change) {
            for (Manifest *m : {&link->head, &link->final}) {
                for (ManifestFile &f : m->files) {
                    if (f.name == shard)
                        change(f);
                }
                m->sortFiles();
            }
        };
        if (damage == QLatin1String("base")) {
            edit([](ManifestFile &f) { f.blocks.base = Checksum::of("another version"); });
        } else if (damage == QLatin1String("name")) {
            edit([](ManifestFile &f) { f.name = QStringLiteral("shards/77"); });
            link->files[QStringLiteral("shards/77")] = link->files[shard];
            link->files.erase(shard);
        } else if (damage == QLatin1String("flip")) {
            QByteArray &bytes = link->files[shard];
            bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x20);
        } else {
            // A patch to the same new version, made from another version than the chain's: the
            // chain's version with one block that differs from the new version's replaced by the
            // new one's, so the patch lacks that block and the rebuilt file keeps the old one.
            auto opened = BackupChain::open(chain);
            QVERIFY(opened);
            auto before = opened->steps(at - 1);
            auto after = opened->steps(at);
            QVERIFY(before && after);
            const QString beforePath = dir.filePath(QStringLiteral("before"));
            const QString afterPath = dir.filePath(QStringLiteral("after"));
            QVERIFY(FileRebuild::write(opened.value(), before->at(shard), beforePath));
            QVERIFY(FileRebuild::write(opened.value(), after->at(shard), afterPath));
            QByteArray other = readAll(beforePath);
            const QByteArray newer = readAll(afterPath);
            constexpr qsizetype kBlock = blockpatch::kDefaultBlockSize;
            qsizetype block = 0;
            while (block + kBlock <= std::min(other.size(), newer.size()) &&
                   other.mid(block, kBlock) == newer.mid(block, kBlock))
                block += kBlock;
            QVERIFY(block + kBlock <= std::min(other.size(), newer.size()));
            other.replace(block, kBlock, newer.mid(block, kBlock));
            const QByteArray patch = BlockLinks::diff(other, newer);
            QVERIFY(!patch.isEmpty());
            link->files[shard] = patch;
            for (ManifestFile &f : link->final.files) {
                if (f.name == shard) {
                    f.size = patch.size();
                    f.checksum = Checksum::of(patch);
                }
            }
            // Found once the file is rebuilt, after the last block link that changes it.
            message = message.arg(opened->links()[after->at(shard).front().link].path,
                                  chain + QStringLiteral(".%1").arg(at + 1));
        }
        QVERIFY(writeLink(damaged, link.value()));
        // The chain goes on after the damaged link: a restore of all of it meets it. (A later whole
        // copy of shards/1, PATH.7, would supersede a patch that only rebuilds wrong: stop before.)
        const int last = damage == QLatin1String("other") ? at + 1 : kIncrementals - 1;
        for (int n = at + 1; n <= last; ++n)
            QVERIFY(QFile::copy(m_chain + QStringLiteral(".%1").arg(n), chain + QStringLiteral(".%1").arg(n)));

        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        const QByteArray before = treeHash(target.root());
        CliRun run = runCli(restoreArgs(target.configPath(), chain));
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(message.toUtf8()) &&
                     (damage == QLatin1String("other") || run.err.contains(damaged.toUtf8())),
                 run.err.constData());
        QCOMPARE(treeHash(target.root()), before);
        QCOMPARE(inspectDigest(target.dataDir()), oldDigest);

        run = runCli(QStringList{QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chain,
                                 QStringLiteral("--owner"), currentUser(), QStringLiteral("--dry-run")});
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QCOMPARE(treeHash(target.root()), before);
        if (!preflight) {
            // Up to the link before it, the chain restores.
            run =
                runCli(restoreArgs(target.configPath(), chain) << QStringLiteral("--upto") << QString::number(at - 1));
            QVERIFY2(run.exitCode == 0, run.err.constData());
            compareWithSource(target.dataDir(), at - 1);
        }
    }

    // InfluxDB 1.x chains never hold block links: one is refused in preflight, naming its link.
    void influxChainWithABlockLinkIsRefused()
    {
        QTemporaryDir dir;
        const QString chain = copyChain(dir.path(), 0);
        QVERIFY(!chain.isEmpty());
        for (const QString &p : QStringList{chain, chain + QStringLiteral(".0")}) {
            auto link = readLink(p);
            QVERIFY(link);
            link->head.kind = Manifest::Kind::InfluxDb1;
            link->final.kind = Manifest::Kind::InfluxDb1;
            QVERIFY(writeLink(p, link.value()));
        }
        auto opened = BackupChain::open(chain);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(opened->hasBlockLinks(0));
        const QString root = QFileInfo(m_influxConfig).path();
        const QByteArray before = treeHash(root);
        const CliRun run = runCli(restoreArgs(m_influxConfig, chain));
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(QStringLiteral("'%1.0' holds block links").arg(chain).toUtf8()) &&
                     run.err.contains("InfluxDB"),
                 run.err.constData());
        QCOMPARE(treeHash(root), before);
    }

    // kill -9 in the middle of a restore of block links: the next run rolls back or finishes.
    void killedRestoreIsFinishedOrRolledBack_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("swapped");
        QTest::newRow("block-link (applying)") << QStringLiteral("block-link") << false;
        QTest::newRow("extracted") << QStringLiteral("extracted") << false;
        QTest::newRow("data-swapped") << QStringLiteral("data-swapped") << true;
    }

    void killedRestoreIsFinishedOrRolledBack()
    {
        QFETCH(QString, step);
        QFETCH(bool, swapped);
        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_RESTORE_STOP_AT"), step);
        CliRun run = runCli(restoreArgs(target.configPath(), m_chain), env);
        QVERIFY2(run.crashed, run.err.constData());
        QCOMPARE(inspectDigest(target.dataDir()), swapped ? m_sourceDigest : oldDigest);
        run = runCli(restoreArgs(target.configPath(), m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(swapped ? "Finished an interrupted restore" : "Rolled back an interrupted restore"),
                 run.out.constData());
        compareWithSource(target.dataDir(), kIncrementals - 1);
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
    }

    // The restore drill runs the same engine: it passes on the chain, with the source's digest.
    void drillPasses()
    {
        QTemporaryDir scratch;
        const CliRun run = runCli(
            {QStringLiteral("drill"), QStringLiteral("--json"), QStringLiteral("--scratch"), scratch.path(), m_chain});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject event;
        for (const QByteArray &line : run.out.trimmed().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")) == QLatin1String("drill"))
                event = o;
        }
        QVERIFY(event.value(QStringLiteral("ok")).toBool());
        QCOMPARE(event.value(QStringLiteral("links")).toInt(), kIncrementals + 1);
        QCOMPARE(event.value(QStringLiteral("digest")).toString(), m_sourceDigest);
        QCOMPARE(QDir(scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestRestoreBlocks)
#include "tst_restoreblocks.moc"
