// Block links (archive format 3) read by verify, consolidate, copy and info (issue 19), on a chain
// whose full comes from a real tidemarkd through the real tidemark-cli and whose 22 incrementals
// are real versions of the node's LMDB files (mdb_copy of the running node after each write),
// appended by tests/support/BlockLinks as block links or whole copies. verify rebuilds every
// block-linked file and walks it; damaged block maps, rebuilt files of another checksum, bases
// outside the chain and block links of files no earlier link holds are refused with exit 7
// naming the link; consolidate writes plain whole files equal to the newest state (restored and
// digested by `tidemarkd inspect`), also up to a block link or a whole copy, and `backup
// --max-links` rolls such a chain onto one the node continues; copy and info. Then 20 links
// tidemarkd sends as block links itself: verified, consolidated, restored.
#include "support/CliRun.h"
#include "support/BlockLinks.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/BlockPatch.h"
#include "snapshot/Checksum.h"
#include "snapshot/FileRebuild.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr int kLinks = 22;
constexpr qint32 kBlock = 4096;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString checksumOf(const QString &path)
{
    auto sum = Checksum::ofFile(path);
    return sum ? sum.value() : QString();
}

// A consistent copy of a live LMDB file (a read transaction of its own), page layout kept.
bool lmdbCopy(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QProcess::execute(QStringLiteral("mdb_copy"), {QStringLiteral("-n"), from, to}) == 0;
}

// Rewrites the local link `src` as `dst` (format 3, uncompressed, as BlockLinks writes): its final
// manifest and entries, after `change` (which may replace both; the head is made from the final).
QString rewriteLink(const QString &src, const QString &dst,
                    const std::function<void(Manifest &, std::vector<QByteArray> &)> &change)
{
    auto final = BackupChain::readManifest(src);
    if (!final)
        return final.error().message;
    QFile in(src);
    if (!in.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read ") + src;
    ArchiveReader reader(in, src);
    if (auto head = reader.readManifest(); !head)
        return head.error().message;
    if (Status s = reader.useFinalManifest(final.value()); !s)
        return s.error().message;
    std::vector<QByteArray> contents;
    for (;;) {
        QByteArray bytes;
        auto file = reader.nextFile([&](const char *d, qsizetype n) {
            bytes.append(d, n);
            return true;
        });
        if (!file)
            return file.error().message;
        if (!file.value())
            break;
        contents.push_back(bytes);
    }
    Manifest made = final.takeValue();
    change(made, contents);
    Manifest head = made;
    for (ManifestFile &f : head.files) {
        f.checksum.clear();
        if (f.isBlockLink()) {
            f.size = ManifestFile::kUnknownSize;
            f.blocks.fileSize = -1;
            f.blocks.fileChecksum.clear();
        }
    }
    QFile out(dst + QStringLiteral(".new"));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write ") + dst;
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), head.toJson());
    for (size_t i = 0; ok && i < made.files.size(); ++i)
        ok = writer.addData(made.files[i].name, contents[i]);
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), made.toJson()) && writer.finish();
    out.close();
    if (!ok)
        return writer.error().message;
    QFile::remove(dst);
    return QFile::rename(dst + QStringLiteral(".new"), dst) ? QString() : QStringLiteral("cannot rename");
}

// A config of its own (ports 0) for a Tidemark node under `root`: a restore target.
QString writeConfig(const QString &root)
{
    QByteArray text;
    if (NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), root, QStringLiteral("-http-bind"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("-snapshot-bind"),
                          QStringLiteral("127.0.0.1:0")},
                         &text, nullptr) != 0)
        return {};
    const QString path = root + QStringLiteral("/tidemarkd.conf");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return {};
    return path;
}

QStringList temporaries(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.tmp"), QStringLiteral(".tidemark-scratch-*")},
                               QDir::AllEntries | QDir::Hidden);
}

} // namespace

class TestVerifyBlocks : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_dir;
    QString m_chain;
    QString m_shard; ///< The node's one shard, e.g. `shards/1`.
    /// Per link (0: the full, k: node.(k-1)): the directory holding `meta` and `shards/<id>` as
    /// that link leaves them.
    std::vector<QString> m_states;

    QString shardPath(int state) const { return m_states[static_cast<size_t>(state)] + QLatin1Char('/') + m_shard; }
    QString metaPath(int state) const { return m_states[static_cast<size_t>(state)] + QStringLiteral("/meta"); }

    // A copy of the chain (its links only) in a directory of its own.
    QString copyChain(const QString &name)
    {
        const QString dir = m_dir.filePath(name);
        if (!QDir().mkpath(dir))
            return {};
        for (const QString &file : QDir(QFileInfo(m_chain).path()).entryList({QStringLiteral("node*")}, QDir::Files)) {
            if (!QFile::copy(QFileInfo(m_chain).path() + QLatin1Char('/') + file, dir + QLatin1Char('/') + file))
                return {};
        }
        return dir + QStringLiteral("/node");
    }

    /// verify refuses `chain` with exit 7 naming `link` and saying `says`; with `consolidate`, a
    /// consolidation needs the damaged block link and is refused too, leaving nothing.
    void expectRefused(const QString &chain, const QString &link, const QString &says, bool consolidate = false)
    {
        if (consolidate) {
            const QString made = chain + QStringLiteral("-synthetic");
            const CliRun run = runCli({QStringLiteral("consolidate"), chain, made});
            QVERIFY2(run.exitCode == 7, run.err.constData());
            QVERIFY2(run.err.contains(link.toUtf8()), run.err.constData());
            QVERIFY(!QFile::exists(made));
            QVERIFY2(temporaries(QFileInfo(chain).path()).isEmpty(),
                     qPrintable(temporaries(QFileInfo(chain).path()).join(QLatin1Char(' '))));
        }
        const CliRun run = runCli({QStringLiteral("verify"), chain});
        QVERIFY2(run.exitCode == 7, run.err.constData());
        qInfo("%s", run.err.trimmed().constData());
        QVERIFY2(run.err.contains(link.toUtf8()), run.err.constData());
        QVERIFY2(run.err.contains(says.toUtf8()), run.err.constData());
        QVERIFY2(temporaries(QFileInfo(chain).path()).isEmpty(),
                 qPrintable(temporaries(QFileInfo(chain).path()).join(QLatin1Char(' '))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        for (int k = 1; k <= 5; ++k)
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("chain"))));
        m_chain = m_dir.filePath(QStringLiteral("chain/node"));
        const CliRun full = runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), m_chain});
        QVERIFY2(full.exitCode == 0, full.err.constData());
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        for (const ManifestFile &f : chain->links().front().manifest.files) {
            if (f.name != QLatin1String("meta"))
                m_shard = f.name;
        }
        QCOMPARE(chain->links().front().manifest.files.size(), size_t(2)); // meta and the one shard.
        quint64 index = chain->links().front().manifest.index;

        // State 0 is the full's: restored by hand from the chain.
        auto steps = chain->steps(-1);
        QVERIFY(steps.ok());
        for (int state = 0; state <= kLinks; ++state) {
            const QString dir = m_dir.filePath(QStringLiteral("state%1").arg(state));
            QVERIFY(QDir().mkpath(dir + QStringLiteral("/shards")));
            m_states.push_back(dir);
        }
        for (const QString &name : {QStringLiteral("meta"), m_shard}) {
            const Status s =
                FileRebuild::write(chain.value(), steps->at(name), name == m_shard ? shardPath(0) : metaPath(0));
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        }

        // 22 incrementals: a write each, then both files as the node has them, mostly as block
        // links; whole copies of the shard every 5th link, of meta every 7th.
        for (int k = 1; k <= kLinks; ++k) {
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(5 + k)).status, 204);
            ++index;
            QVERIFY(lmdbCopy(m_node.dataDir() + QStringLiteral("/meta"), metaPath(k)));
            QVERIFY(lmdbCopy(m_node.dataDir() + QLatin1Char('/') + m_shard, shardPath(k)));
            const int n = k - 1; // node.n
            Status s = BlockLinks::append(m_chain, {{QStringLiteral("meta"), metaPath(k), index, n % 7 == 3},
                                                    {m_shard, shardPath(k), index, n % 5 == 4}});
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
        }
        chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(kLinks + 1));
        QVERIFY(chain->links().back().manifest.file(m_shard)->isBlockLink());
        // The block links are small beside the files they rebuild.
        const ManifestFile *last = chain->links().back().manifest.file(m_shard);
        qInfo("newest shard block link: %lld bytes stored of %lld", last->size, last->fileSize());
        QVERIFY2(last->size * 4 < last->fileSize(),
                 qPrintable(QStringLiteral("%1 of %2").arg(last->size).arg(last->fileSize())));
    }

    void verifyRebuildsEveryBlockLink()
    {
        const CliRun run = runCli({QStringLiteral("verify"), QStringLiteral("--json"), m_chain});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(run.out.trimmed().split('\n').last()).object();
        QCOMPARE(report.value(QStringLiteral("links")).toArray().size(), kLinks + 1);
        QVERIFY(temporaries(QFileInfo(m_chain).path()).isEmpty());
        // The newest state, rebuilt, is the node's.
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        auto steps = chain->steps(kLinks - 1);
        QVERIFY(steps.ok());
        QCOMPARE(steps->at(m_shard).back().file.fileChecksum(), checksumOf(shardPath(kLinks)));
        QCOMPARE(steps->at(QStringLiteral("meta")).back().file.fileChecksum(), checksumOf(metaPath(kLinks)));
    }

    void verifyInterruptedLeavesNoScratch()
    {
        // SIGINT while verify keeps a rebuilt file in its scratch: exit 13, nothing left.
        const QString chain = copyChain(QStringLiteral("interrupted"));
        QVERIFY(!chain.isEmpty());
        const QString dir = QFileInfo(chain).path();
        QProcess process;
        process.start(NodeProcess::cliBinary(), {QStringLiteral("verify"), chain});
        QVERIFY(process.waitForStarted());
        const auto keeping = [&] {
            for (const QString &scratch : temporaries(dir)) {
                if (QFile::exists(dir + QLatin1Char('/') + scratch + QLatin1Char('/') +
                                  QString(m_shard).replace(QLatin1Char('/'), QLatin1Char('-'))))
                    return true;
            }
            return false;
        };
        QElapsedTimer clock;
        clock.start();
        while (!keeping() && process.state() == QProcess::Running && clock.elapsed() < 60000)
            QTest::qWait(2);
        QVERIFY2(process.state() == QProcess::Running, process.readAllStandardError().constData());
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 13);
        QVERIFY2(temporaries(dir).isEmpty(), qPrintable(temporaries(dir).join(QLatin1Char(' '))));
    }

    void verifyRefusesAFlippedByteInABlockMap()
    {
        const QString chain = copyChain(QStringLiteral("flipped"));
        QVERIFY(!chain.isEmpty());
        const QString link = chain + QStringLiteral(".5"); // Block links of both files.
        QByteArray bytes = readAll(link);
        const qsizetype magic = bytes.indexOf(QByteArray(blockpatch::kMagic));
        QVERIFY(magic > 0);
        // Inside the first run's data (after the header and the run's own header).
        const qsizetype at = magic + blockpatch::kHeaderBytes + blockpatch::kRunHeaderBytes + 100;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x5a);
        QFile out(link);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(out.write(bytes), bytes.size());
        out.close();
        expectRefused(chain, QStringLiteral("node.5"), QStringLiteral("checksum"));
    }

    void verifyRefusesARebuiltFileOfAnotherChecksum()
    {
        // The newest link's shard blocks made against another version than its base: the version
        // it lists is right, the blocks are not those that turn it into the file it claims.
        const QString chain = copyChain(QStringLiteral("otherversion"));
        QVERIFY(!chain.isEmpty());
        const QByteArray before = readAll(shardPath(kLinks - 1));
        const QByteArray after = readAll(shardPath(kLinks));
        QByteArray other = after;
        for (int i = 0; i < 64; ++i)
            other[2 * kBlock + i] = static_cast<char>(other[2 * kBlock + i] ^ 0x33);
        const QByteArray patch = BlockLinks::diff(other, after); // Block 2 only.
        QVERIFY(!patch.isEmpty());
        QVERIFY(BlockLinks::diff(before, after).size() > patch.size()); // `before` differs from `after` elsewhere.
        const QString linkPath = chain + QStringLiteral(".%1").arg(kLinks - 1);
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &contents) {
            for (size_t i = 0; i < m.files.size(); ++i) {
                ManifestFile &f = m.files[i];
                if (f.name != m_shard)
                    continue;
                QVERIFY(f.isBlockLink());
                contents[i] = patch;
                f.size = patch.size();
                f.checksum = Checksum::of(patch);
            }
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        expectRefused(chain, QStringLiteral("node.%1").arg(kLinks - 1), QStringLiteral("rebuilt"), true);
    }

    void verifyRefusesABlockMapThatDoesNotFit()
    {
        // Stored as its manifest says (its checksum fits), but the run lies beyond the file.
        const QString chain = copyChain(QStringLiteral("badmap"));
        QVERIFY(!chain.isEmpty());
        const QString linkPath = chain + QStringLiteral(".7");
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &contents) {
            for (size_t i = 0; i < m.files.size(); ++i) {
                ManifestFile &f = m.files[i];
                if (f.name != m_shard)
                    continue;
                QVERIFY(f.isBlockLink());
                QByteArray &patch = contents[i];
                const quint64 far = static_cast<quint64>(f.blocks.fileSize / kBlock) + 1000;
                for (int b = 0; b < 8; ++b)
                    patch[blockpatch::kHeaderBytes + b] = static_cast<char>((far >> (8 * b)) & 0xff);
                f.checksum = Checksum::of(patch);
            }
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        expectRefused(chain, QStringLiteral("node.7"), m_shard);
    }

    void verifyWalksTheRebuiltFile()
    {
        // A block link that rebuilds exactly the file it claims, but that file is no LMDB file
        // (its meta pages overwritten): only walking the rebuilt file finds it.
        const QString chain = copyChain(QStringLiteral("notlmdb"));
        QVERIFY(!chain.isEmpty());
        const QByteArray before = readAll(shardPath(kLinks - 1));
        QByteArray broken = readAll(shardPath(kLinks));
        for (qsizetype i = 0; i < 2 * kBlock; ++i)
            broken[i] = static_cast<char>(0xa5);
        const QByteArray patch = BlockLinks::diff(before, broken);
        const QString linkPath = chain + QStringLiteral(".%1").arg(kLinks - 1);
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &contents) {
            for (size_t i = 0; i < m.files.size(); ++i) {
                ManifestFile &f = m.files[i];
                if (f.name != m_shard)
                    continue;
                contents[i] = patch;
                f.size = patch.size();
                f.checksum = Checksum::of(patch);
                f.blocks.fileSize = broken.size();
                f.blocks.fileChecksum = Checksum::of(broken);
            }
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        expectRefused(chain, QStringLiteral("node.%1").arg(kLinks - 1), QStringLiteral("not a valid LMDB file"));
    }

    void verifyRefusesABaseOutsideTheChain()
    {
        const QString chain = copyChain(QStringLiteral("outside"));
        QVERIFY(!chain.isEmpty());
        const QString linkPath = chain + QStringLiteral(".10");
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &) {
            for (ManifestFile &f : m.files) {
                if (f.name == m_shard)
                    f.blocks.base = Checksum::of("a version this chain never held");
            }
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(BackupChain::readManifest(linkPath)->file(m_shard)->isBlockLink());
        expectRefused(chain, QStringLiteral("node.10"), QStringLiteral("changed blocks of the version"), true);
    }

    void verifyRefusesABlockLinkWithoutAnEarlierVersion()
    {
        const QString chain = copyChain(QStringLiteral("noearlier"));
        QVERIFY(!chain.isEmpty());
        const QString linkPath = chain + QStringLiteral(".12");
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &) {
            for (ManifestFile &f : m.files) {
                if (f.name == m_shard)
                    f.name = QStringLiteral("shards/999");
            }
            m.sortFiles();
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        expectRefused(chain, QStringLiteral("node.12"), QStringLiteral("shards/999"), true);
    }

    void verifyRefusesABlockLinkOlderThanItsBase()
    {
        // A block link listed with a lower index than the version before it: a restore would
        // pass over it (Manifest::merge's rule), so it applies to no version verify could rebuild.
        const QString chain = copyChain(QStringLiteral("older"));
        QVERIFY(!chain.isEmpty());
        const QString linkPath = chain + QStringLiteral(".15");
        const QString failed = rewriteLink(linkPath, linkPath, [&](Manifest &m, std::vector<QByteArray> &) {
            for (ManifestFile &f : m.files) {
                if (f.name == m_shard)
                    f.index = 1;
            }
        });
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        expectRefused(chain, QStringLiteral("node.15"), QStringLiteral("older than"));
    }

    void consolidateWritesWholeFiles_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("newest, a block link") << kLinks - 1;
        QTest::newRow("up to a block link") << 12;
        QTest::newRow("up to a whole shard") << 14;
        QTest::newRow("the full alone") << -1;
    }

    void consolidateWritesWholeFiles()
    {
        QFETCH(int, upto);
        const QString made = m_dir.filePath(QStringLiteral("synthetic%1/node").arg(upto + 1));
        QVERIFY(QDir().mkpath(QFileInfo(made).path()));
        QStringList args{QStringLiteral("consolidate"), m_chain, made};
        if (upto != kLinks - 1)
            args = QStringList{QStringLiteral("consolidate"), QStringLiteral("--upto"), QString::number(upto), m_chain,
                               made};
        const CliRun run = runCli(args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(temporaries(QFileInfo(m_chain).path()).isEmpty());
        auto chain = BackupChain::open(made);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(1));
        auto final = chain->finalManifest(chain->links().front());
        QVERIFY(final.ok());
        QVERIFY(final->format <= Manifest::kFormatChecksumsLast);
        QVERIFY(!final->hasBlockLinks());
        QCOMPARE(final->files.size(), size_t(2));
        QCOMPARE(final->files.front().name, QStringLiteral("meta"));
        const int state = upto + 1;
        QCOMPARE(final->file(m_shard)->checksum, checksumOf(shardPath(state)));
        QCOMPARE(final->file(m_shard)->size, QFileInfo(shardPath(state)).size());
        QCOMPARE(final->file(QStringLiteral("meta"))->checksum, checksumOf(metaPath(state)));
        const CliRun verified = runCli({QStringLiteral("verify"), made});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        if (upto != kLinks - 1)
            return;
        // Restored by the real CLI, the synthetic full gives the node's newest state.
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        const CliRun restored = runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, made,
                                        QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")});
        QVERIFY2(restored.exitCode == 0, restored.err.constData());
        QCOMPARE(checksumOf(root.filePath(QStringLiteral("data/")) + m_shard), checksumOf(shardPath(kLinks)));
        const QString digest = inspectDigest(root.filePath(QStringLiteral("data")));
        QVERIFY2(!digest.startsWith(QStringLiteral("inspect failed")), qPrintable(digest));
        QCOMPARE(digest, inspectDigest(m_states.back()));
    }

    void maxLinksRollsOntoWholeFiles()
    {
        // The chain as the first of a series that holds its 23 links: `backup --max-links 23`
        // rolls it onto a synthetic full (block links rebuilt, whole files written), which the
        // node then continues; the newest chain restores to what the node holds.
        const QString series = m_dir.filePath(QStringLiteral("series/node"));
        QVERIFY(QDir().mkpath(QFileInfo(series).path()));
        for (int n = -1; n < kLinks; ++n) {
            const QString suffix = n < 0 ? QString() : QStringLiteral(".%1").arg(n);
            QVERIFY(QFile::copy(m_chain + suffix, series + suffix));
        }
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(100)).status, 204);
        const CliRun run =
            runCli({QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--max-links"),
                    QString::number(kLinks + 1), QStringLiteral("-host"), m_node.snapshotHost(), series});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("\"rolled\""), run.out.constData());
        const QStringList members =
            QDir(QFileInfo(series).path()).entryList({QStringLiteral("node-*Z")}, QDir::Files, QDir::Name);
        QCOMPARE(members.size(), 1);
        const QString newest = QFileInfo(series).path() + QLatin1Char('/') + members.first();
        auto chain = BackupChain::open(newest);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(2)); // The synthetic full and the node's incremental.
        auto full = chain->finalManifest(chain->links().front());
        QVERIFY(full.ok());
        QVERIFY(!full->hasBlockLinks());
        QCOMPARE(full->file(m_shard)->checksum, checksumOf(shardPath(kLinks)));
        const CliRun verified = runCli({QStringLiteral("verify"), newest});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        const CliRun restored = runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, newest,
                                        QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")});
        QVERIFY2(restored.exitCode == 0, restored.err.constData());
        QCOMPARE(inspectDigest(root.filePath(QStringLiteral("data"))), inspectDigest(m_node.dataDir()));
    }

    void blockLinksFromTheNode()
    {
        // 20 incrementals that tidemarkd sends as block links itself (TIDEMARK_BLOCK_LINKS=1 while
        // they are off by default), some whole (--whole-files): verify passes, consolidate gives
        // whole files that restore to what the node holds.
        qputenv("TIDEMARK_BLOCK_LINKS", "1");
        const auto unset = qScopeGuard([] { qunsetenv("TIDEMARK_BLOCK_LINKS"); });
        const QString chain = m_dir.filePath(QStringLiteral("fromnode/node"));
        QVERIFY(QDir().mkpath(QFileInfo(chain).path()));
        int blockLinked = 0;
        for (int n = -1; n < 20; ++n) {
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(200 + n)).status, 204);
            QStringList args{QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chain};
            if (n % 6 == 5)
                args.insert(1, QStringLiteral("--whole-files"));
            const CliRun run = runCli(args);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        auto opened = BackupChain::open(chain);
        QVERIFY(opened.ok());
        QCOMPARE(opened->links().size(), size_t(21));
        for (const BackupChain::Link &link : opened->links())
            blockLinked += link.manifest.hasBlockLinks() ? 1 : 0;
        QVERIFY2(blockLinked >= 15, qPrintable(QString::number(blockLinked)));
        const CliRun verified = runCli({QStringLiteral("verify"), chain});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        const QString made = m_dir.filePath(QStringLiteral("fromnode-synthetic/node"));
        QVERIFY(QDir().mkpath(QFileInfo(made).path()));
        const CliRun consolidated = runCli({QStringLiteral("consolidate"), chain, made});
        QVERIFY2(consolidated.exitCode == 0, consolidated.err.constData());
        auto synthetic = BackupChain::open(made);
        QVERIFY(synthetic.ok());
        auto full = synthetic->finalManifest(synthetic->links().front());
        QVERIFY(full.ok());
        QVERIFY(!full->hasBlockLinks());
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        const CliRun restored = runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, made,
                                        QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")});
        QVERIFY2(restored.exitCode == 0, restored.err.constData());
        QCOMPARE(inspectDigest(root.filePath(QStringLiteral("data"))), inspectDigest(m_node.dataDir()));
    }

    void copyKeepsBlockLinks()
    {
        const QString dest = m_dir.filePath(QStringLiteral("copied/node"));
        QVERIFY(QDir().mkpath(QFileInfo(dest).path()));
        const CliRun run = runCli({QStringLiteral("copy"), m_chain, dest});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(readAll(dest + QStringLiteral(".%1").arg(kLinks - 1)),
                 readAll(m_chain + QStringLiteral(".%1").arg(kLinks - 1)));
        QCOMPARE(readAll(dest + QStringLiteral(".3")), readAll(m_chain + QStringLiteral(".3")));
        const CliRun verified = runCli({QStringLiteral("verify"), dest});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
    }

    void infoShowsRebuiltSizes()
    {
        const CliRun text = runCli({QStringLiteral("info"), m_chain});
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(text.out.contains("(blocks: "), text.out.constData());
        for (const QByteArray &line : text.out.split('\n')) {
            if (line.contains("(blocks: "))
                qInfo("%s", line.constData());
        }
        QVERIFY2(text.out.contains(checksumOf(shardPath(kLinks)).toUtf8()), text.out.constData());
        const CliRun json = runCli({QStringLiteral("info"), QStringLiteral("--json"), m_chain});
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QJsonObject info = QJsonDocument::fromJson(json.out.trimmed().split('\n').last()).object();
        bool seen = false;
        for (const QJsonValue &v :
             info.value(QStringLiteral("merged")).toObject().value(QStringLiteral("files")).toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(QStringLiteral("name")).toString() != m_shard)
                continue;
            seen = true;
            QCOMPARE(f.value(QStringLiteral("blockLink")).toBool(), true);
            QCOMPARE(f.value(QStringLiteral("size")).toInteger(), QFileInfo(shardPath(kLinks)).size());
            QCOMPARE(f.value(QStringLiteral("checksum")).toString(), checksumOf(shardPath(kLinks)));
            QVERIFY(f.value(QStringLiteral("storedBytes")).toInteger() < f.value(QStringLiteral("size")).toInteger());
            const QJsonObject blocks = f.value(QStringLiteral("blocks")).toObject();
            QCOMPARE(blocks.value(QStringLiteral("fileChecksum")).toString(), checksumOf(shardPath(kLinks)));
            QCOMPARE(f.value(QStringLiteral("storedChecksum")).toString().size(), 32);
        }
        QVERIFY(seen);
    }
};

QTEST_GUILESS_MAIN(TestVerifyBlocks)
#include "tst_verifyblocks.moc"
