// Synthetic fulls (`tidemark-cli consolidate`) and incremental forever (`backup --max-links`), with
// real tidemarkd and influxd nodes, the real tidemark-cli and real chains on disk: a consolidated
// full restores to the same data as its chain up to that link, carries the same merged manifest,
// is continued by a small incremental, keeps an encrypted chain's keys and a zstd chain's
// compression, refuses damaged links and occupied places, and a consolidation killed at any
// moment leaves either nothing or a whole chain.
#include "support/CliRun.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/BackupChain.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kWeekNs = 7 * kDayNs;

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
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

// The data a restore of `chain` (up to `upto`, absent: all) gives, as `inspect` digests it.
QString restoredDigest(const QString &chain, std::optional<int> upto = std::nullopt, const QStringList &extra = {})
{
    QTemporaryDir root;
    const QString config = writeConfig(root.path());
    if (config.isEmpty())
        return QStringLiteral("no config");
    QStringList args{
        QStringLiteral("restore"), QStringLiteral("-config"), config, chain, QStringLiteral("--owner"), currentUser(),
        QStringLiteral("--yes")};
    if (upto)
        args << QStringLiteral("--upto") << QString::number(*upto);
    const CliRun run = runCli(args + extra);
    if (run.exitCode != 0)
        return QStringLiteral("restore failed: ") + QString::fromUtf8(run.err);
    return inspectDigest(root.filePath(QStringLiteral("data")));
}

// What two manifests must share for one to stand for the other: everything but the chain id, the
// format and whether it is incremental.
void compareMerged(Manifest made, const Manifest &merged)
{
    made.sortFiles(); // A synthetic full lists its files in the order it read them.
    QCOMPARE(made.kind, merged.kind);
    QCOMPARE(made.nodeId, merged.nodeId);
    QCOMPARE(made.clusterUrl, merged.clusterUrl);
    QCOMPARE(made.created, merged.created);
    QCOMPARE(made.index, merged.index);
    QCOMPARE(made.files.size(), merged.files.size());
    for (size_t i = 0; i < made.files.size(); ++i) {
        QCOMPARE(made.files[i].name, merged.files[i].name);
        QCOMPARE(made.files[i].size, merged.files[i].fileSize()); // A block link's rebuilt file, written whole.
        QCOMPARE(made.files[i].index, merged.files[i].index);
        QCOMPARE(made.files[i].boundary, merged.files[i].boundary);
        // Where both heads say it (format 1; a link of block links opens with its final manifest).
        if (!made.files[i].checksum.isEmpty() && !merged.files[i].fileChecksum().isEmpty())
            QCOMPARE(made.files[i].checksum, merged.files[i].fileChecksum());
    }
}

// Names (relative to `root`), sizes and contents of every file under `root`: equal for two trees
// that hold the same files wherever they are.
QByteArray contentHash(const QString &root)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(root).relativeFilePath(it.next());
    files.sort();
    for (const QString &name : std::as_const(files)) {
        QFile file(QDir(root).filePath(name));
        hash.addData(QByteArray(name.toUtf8() + '\0' + QByteArray::number(file.size()) + '\n'));
        if (file.open(QIODevice::ReadOnly))
            hash.addData(&file);
    }
    return hash.result().toHex() + ' ' + QByteArray::number(files.size());
}

// Every file a finished link of the chain at `path` should not leave: temporary links.
QStringList temporaries(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral("*.tmp"), QStringLiteral(".tidemark-scratch-*")},
                               QDir::AllEntries | QDir::Hidden);
}

} // namespace

class TestConsolidate : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_backups;
    QString m_chain; ///< A full and three incrementals of m_node, plain.
    int m_batch = 0;

    /// Posts the next workload batch (shard 1) and, every `otherWeek` call, a point in another
    /// week (a shard of its own), so links hold different files.
    void post(int otherWeek = 0)
    {
        ++m_batch;
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), batch(m_batch)).status, 204);
        if (otherWeek > 0) {
            const QByteArray line = "other,w=" + QByteArray::number(otherWeek) + " v=" + QByteArray::number(m_batch) +
                                    " " + QByteArray::number(otherWeek * kWeekNs + 10 * kDayNs) + "\n";
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), line).status, 204);
        }
    }

    CliRun backup(const QString &path, const QStringList &extra = {})
    {
        return runCli(QStringList{QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("-host"),
                                  m_node.snapshotHost()} +
                      extra + QStringList{path});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        m_chain = m_backups.filePath(QStringLiteral("node"));
        // Full: shard 1 only; .0: shards 1 and 2; .1: shard 1; .2: shard 3 and 1.
        for (int link = 0; link < 4; ++link) {
            post(link == 1 ? 2 : link == 3 ? 3 : 0);
            const CliRun run = backup(m_chain);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(4));
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    void restoresLikeItsChainWithTheSameManifest_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("--upto -1 (the full alone)") << -1;
        QTest::newRow("--upto 0") << 0;
        QTest::newRow("--upto 1") << 1;
        QTest::newRow("the whole chain") << 2;
    }

    void restoresLikeItsChainWithTheSameManifest()
    {
        QFETCH(int, upto);
        QTemporaryDir out;
        const QString made = out.filePath(QStringLiteral("synthetic"));
        QStringList args{QStringLiteral("consolidate"), QStringLiteral("--json"), m_chain, made};
        if (upto != 2)
            args << QStringLiteral("--upto") << QString::number(upto);
        const CliRun run = runCli(args);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("upto")).toInt(), upto);

        auto source = BackupChain::open(m_chain);
        QVERIFY(source.ok());
        auto merged = source->mergedUpTo(upto);
        QVERIFY(merged.ok());
        auto synthetic = BackupChain::open(made);
        QVERIFY2(synthetic.ok(), qPrintable(synthetic.ok() ? QString() : synthetic.error().message));
        QCOMPARE(synthetic->links().size(), size_t(1));
        const Manifest &full = synthetic->links().front().manifest;
        QVERIFY(!full.incremental);
        QVERIFY(full.chainId != merged->chainId); // A chain of its own.
        compareMerged(full, merged.value());
        // Every checksum is the one of the link the file came from (the final manifests).
        auto final = synthetic->finalManifest(synthetic->links().front());
        QVERIFY(final.ok());
        for (const ManifestFile &f : final->files) {
            bool found = false;
            for (int i = upto; i >= -1 && !found; --i) {
                auto link = source->finalManifest(source->links()[static_cast<size_t>(i + 1)]);
                QVERIFY(link.ok());
                if (const ManifestFile *g = link->file(f.name); g && g->index == f.index) {
                    QCOMPARE(f.checksum, g->fileChecksum());
                    found = true;
                }
            }
            QVERIFY2(found, qPrintable(f.name));
        }
        // The proof that matters: the same data back.
        const QString expected = restoredDigest(m_chain, upto);
        QVERIFY2(!expected.startsWith(QStringLiteral("restore failed")), qPrintable(expected));
        QCOMPARE(restoredDigest(made), expected);
        QCOMPARE(runCli({QStringLiteral("verify"), made}).exitCode, 0);
        QVERIFY(temporaries(out.path()).isEmpty());
    }

    void theNextBackupIsASmallIncremental()
    {
        QTemporaryDir out;
        const QString made = out.filePath(QStringLiteral("synthetic"));
        QCOMPARE(runCli({QStringLiteral("consolidate"), m_chain, made}).exitCode, 0);
        const qint64 fullBytes = QFileInfo(made).size();
        post();
        const CliRun run = backup(made);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject done = run.json();
        QVERIFY2(done.value(QStringLiteral("incremental")).toBool(), run.out.constData());
        QCOMPARE(done.value(QStringLiteral("path")).toString(), made + QStringLiteral(".0"));
        // Only what changed since the synthetic full: the meta store and shard 1, not shards 2, 3.
        auto chain = BackupChain::open(made);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(2));
        QStringList names;
        for (const ManifestFile &f : chain->links().back().manifest.files)
            names << f.name;
        QCOMPARE(names, (QStringList{QStringLiteral("meta"), QStringLiteral("shards/1")}));
        QVERIFY2(
            done.value(QStringLiteral("bytes")).toInteger() < fullBytes,
            qPrintable(QStringLiteral("%1 vs %2").arg(done.value(QStringLiteral("bytes")).toInteger()).arg(fullBytes)));
        // And the whole new chain restores to what the node holds now.
        QCOMPARE(restoredDigest(made), inspectDigest(m_node.dataDir()));
    }

    void encryptedChainGivesAnEncryptedFullUnderTheSameKeys()
    {
        QTemporaryDir out;
        const QString secret = out.filePath(QStringLiteral("pass"));
        writeFile(secret, "correct horse battery staple\n");
        QVERIFY(QFile::setPermissions(secret, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QStringList key{QStringLiteral("--passphrase-file"), secret};
        const QString chain = out.filePath(QStringLiteral("enc"));
        for (int link = 0; link < 2; ++link) {
            post();
            const CliRun run = backup(chain, key + QStringList{QStringLiteral("--encrypt"),
                                                               QStringLiteral("--kdf-memory"), QStringLiteral("8"),
                                                               QStringLiteral("--kdf-passes"), QStringLiteral("1")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        const QString made = out.filePath(QStringLiteral("enc-synthetic"));
        // Without the key: refused, nothing written.
        const CliRun locked = runCli({QStringLiteral("consolidate"), chain, made});
        QCOMPARE(locked.exitCode, 5);
        QVERIFY(!QFile::exists(made));
        QVERIFY(!QFile::exists(made + QStringLiteral(".keys")));
        QVERIFY(temporaries(out.path()).isEmpty());

        const CliRun run = runCli(QStringList{QStringLiteral("consolidate"), chain, made} + key);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile keys(chain + QStringLiteral(".keys"));
        QFile madeKeys(made + QStringLiteral(".keys"));
        QVERIFY(keys.open(QIODevice::ReadOnly) && madeKeys.open(QIODevice::ReadOnly));
        QCOMPARE(madeKeys.readAll(), keys.readAll());
        QFile full(made);
        QVERIFY(full.open(QIODevice::ReadOnly));
        QVERIFY(full.read(8) == "TDMKENC1"); // Encrypted on disk.
        full.close();
        QCOMPARE(restoredDigest(made, std::nullopt, key), restoredDigest(chain, std::nullopt, key));
        // It goes on as an encrypted chain.
        post();
        const CliRun next = backup(made, key);
        QVERIFY2(next.exitCode == 0, next.err.constData());
        QVERIFY(next.json().value(QStringLiteral("incremental")).toBool());
    }

    void compressionFollowsTheChainUnlessGiven()
    {
        QTemporaryDir out;
        const QString chain = out.filePath(QStringLiteral("z"));
        post();
        QCOMPARE(backup(chain, {QStringLiteral("--compress"), QStringLiteral("zstd")}).exitCode, 0);
        const auto magic = [](const QString &path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.read(4) : QByteArray();
        };
        const QByteArray zstd("\x28\xb5\x2f\xfd", 4);
        QCOMPARE(magic(chain), zstd);
        QCOMPARE(runCli({QStringLiteral("consolidate"), chain, out.filePath(QStringLiteral("a"))}).exitCode, 0);
        QCOMPARE(magic(out.filePath(QStringLiteral("a"))), zstd);
        QCOMPARE(runCli({QStringLiteral("consolidate"), QStringLiteral("--compress"), QStringLiteral("none"), chain,
                         out.filePath(QStringLiteral("b"))})
                     .exitCode,
                 0);
        QVERIFY(magic(out.filePath(QStringLiteral("b"))) != zstd);
        QCOMPARE(restoredDigest(out.filePath(QStringLiteral("b"))), restoredDigest(chain));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("NEWPATH holds a chain") << "occupied" << 11 << "holds a chain already";
        QTest::newRow("no such link") << "upto" << 12 << "has no incremental 7";
        QTest::newRow("no chain") << "empty" << 12 << "There is no backup at";
        QTest::newRow("onto itself") << "itself" << 2 << "onto itself";
        QTest::newRow("a damaged link") << "damaged" << 7 << "node.2";
    }

    void refusals()
    {
        QFETCH(QString, what);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir out;
        QString chain = m_chain;
        QString made = out.filePath(QStringLiteral("made"));
        QStringList extra;
        if (what == QLatin1String("occupied")) {
            writeFile(made, "not a chain, but there");
        } else if (what == QLatin1String("upto")) {
            extra << QStringLiteral("--upto") << QStringLiteral("7");
        } else if (what == QLatin1String("empty")) {
            chain = out.filePath(QStringLiteral("nothing"));
        } else if (what == QLatin1String("itself")) {
            made = m_chain;
        } else if (what == QLatin1String("damaged")) {
            chain = out.filePath(QStringLiteral("node"));
            for (const QString &suffix : {QString(), QStringLiteral(".0"), QStringLiteral(".1"), QStringLiteral(".2")})
                QVERIFY(QFile::copy(m_chain + suffix, chain + suffix));
            QFile f(chain + QStringLiteral(".2")); // The newest: every file of it is taken.
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() / 2));
            const char c = f.read(1).at(0);
            QVERIFY(f.seek(f.size() / 2));
            QVERIFY(f.putChar(static_cast<char>(c ^ 0x01)));
        }
        const QByteArray before = treeHash(m_backups.path());
        const CliRun run = runCli(QStringList{QStringLiteral("consolidate")} + extra + QStringList{chain, made});
        QCOMPARE(run.exitCode, code);
        QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
        QVERIFY2(run.err.contains("HINT:") || code == 7, run.err.constData());
        QCOMPARE(treeHash(m_backups.path()), before);
        if (what != QLatin1String("occupied") && what != QLatin1String("itself"))
            QVERIFY(!QFile::exists(made));
        QVERIFY(temporaries(out.path()).isEmpty());
    }

    void killedAtAnyMomentLeavesNothingOrAWholeChain()
    {
        // A chain of a few MiB so that the kill lands inside the work.
        QTemporaryDir out;
        const QString chain = out.filePath(QStringLiteral("big"));
        QByteArray lines;
        for (int link = 0; link < 3; ++link) {
            lines.clear();
            for (int i = 0; i < 20000; ++i)
                lines += "big,l=" + QByteArray::number(link) + ",s=" + QByteArray::number(i % 97) +
                         " v=" + QByteArray::number(i) + ",t=\"" + QByteArray::number(i * 7919 + link).repeated(8) +
                         "\" " + QByteArray::number((link * 4 + i % 3) * kWeekNs + i * 1000000LL) + "\n";
            QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=hot"), lines).status, 204);
            QCOMPARE(backup(chain).exitCode, 0);
        }
        const QString made = out.filePath(QStringLiteral("made"));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(runCli({QStringLiteral("consolidate"), chain, made}).exitCode, 0);
        const qint64 whole = std::max<qint64>(timer.elapsed(), 50);
        const QString expected = restoredDigest(made);
        QVERIFY(!expected.startsWith(QStringLiteral("restore failed")));
        for (const QString &suffix : {QString(), QStringLiteral(".verified")})
            QFile::remove(made + suffix);

        QRandomGenerator random(17);
        int killedMidway = 0;
        for (int round = 0; round < 8; ++round) {
            QProcess process;
            process.start(NodeProcess::cliBinary(), {QStringLiteral("consolidate"), chain, made});
            QVERIFY(process.waitForStarted());
            QThread::msleep(static_cast<unsigned long>(random.bounded(static_cast<int>(whole * 11 / 10) + 1)));
            ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
            QVERIFY(process.waitForFinished(60000));
            const bool finished = process.exitStatus() == QProcess::NormalExit;
            if (!finished)
                ++killedMidway;
            // Whole, or nothing of it visible (a temporary link at most, which the next run removes).
            if (QFile::exists(made)) {
                QCOMPARE(runCli({QStringLiteral("verify"), made}).exitCode, 0);
                QVERIFY(QFile::remove(made));
                QFile::remove(made + QStringLiteral(".verified"));
            } else {
                auto listed = BackupChain::open(made);
                QVERIFY(listed.ok());
                QVERIFY(listed->isEmpty());
            }
            const CliRun again = runCli({QStringLiteral("consolidate"), chain, made});
            QVERIFY2(again.exitCode == 0, again.err.constData());
            QVERIFY(temporaries(out.path()).isEmpty());
            QCOMPARE(restoredDigest(made), expected);
            QVERIFY(QFile::remove(made));
        }
        QVERIFY2(killedMidway >= 3, qPrintable(QString::number(killedMidway)));
    }

    void incrementalForeverRollsOntoSyntheticFulls()
    {
        // --max-links 3: the node sends one full ever; no chain grows past 3 links.
        QTemporaryDir out;
        const QString series = out.filePath(QStringLiteral("forever"));
        int rolls = 0;
        for (int round = 0; round < 8; ++round) {
            post(round % 3 == 2 ? 4 + round : 0);
            const CliRun run = backup(series, {QStringLiteral("--max-links"), QStringLiteral("3")});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QCOMPARE(run.json().value(QStringLiteral("incremental")).toBool(), round > 0);
            const auto rolled = run.events(QStringLiteral("rolled"));
            rolls += static_cast<int>(rolled.size());
            QVERIFY2(rolled.size() == qsizetype(round >= 3 && (round - 3) % 2 == 0 ? 1 : 0),
                     qPrintable(QStringLiteral("round %1: %2").arg(round).arg(QString::fromUtf8(run.out))));
        }
        QCOMPARE(rolls, 3);
        // The series: the first chain and its rolled members, none longer than 3 links.
        const QStringList fulls =
            QDir(out.path())
                .entryList({QStringLiteral("forever"), QStringLiteral("forever-*Z")}, QDir::Files, QDir::Name);
        QCOMPARE(fulls.size(), 4);
        for (const QString &name : fulls) {
            auto chain = BackupChain::open(out.filePath(name));
            QVERIFY(chain.ok());
            QVERIFY2(chain->links().size() <= 3 && !chain->links().empty(), qPrintable(name));
        }
        // The newest chain restores to what the node holds, from at most 3 links.
        const QString newest = out.filePath(fulls.last());
        // A restore of an older chain of the series is told there is a newer one.
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        for (const QString &name : {fulls.first(), fulls[1], fulls.last()}) {
            const CliRun dry = runCli({QStringLiteral("restore"), QStringLiteral("-config"), config, out.filePath(name),
                                       QStringLiteral("--dry-run")});
            QVERIFY2(dry.exitCode == 0, dry.err.constData());
            const bool warned = dry.err.contains("is not the newest chain of its series");
            QVERIFY2(warned == (name != fulls.last()), dry.err.constData());
            if (warned)
                QVERIFY2(dry.err.contains(newest.toUtf8()), dry.err.constData());
        }
        QCOMPARE(restoredDigest(newest), inspectDigest(m_node.dataDir()));
        // Each rolled chain's full stands for its predecessor's last point.
        for (int i = 1; i < fulls.size(); ++i) {
            auto before = BackupChain::open(out.filePath(fulls[i - 1]));
            auto after = BackupChain::open(out.filePath(fulls[i]));
            QVERIFY(before.ok() && after.ok());
            compareMerged(after->links().front().manifest, before->merged());
        }
    }

    void influxChainConsolidatesToTheSameFiles()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        InfluxProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QTemporaryDir out;
        const QString chain = out.filePath(QStringLiteral("influx"));
        for (int link = 0; link < 3; ++link) {
            QByteArray lines;
            for (int week = 0; week < 3 + link; ++week)
                for (int i = 0; i < 20; ++i)
                    lines += "weekly,week=" + QByteArray::number(week) + " v=" + QByteArray::number(link * 1000 + i) +
                             "i " + QByteArray::number(week * kWeekNs + (link * 20 + i) * 1000000000LL) + "\n";
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=tm"), lines).status, 204);
            const CliRun run = runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                       QStringLiteral("-host"), node.snapshotHost(), chain});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            QThread::msleep(1100); // influxd's -since works in whole seconds.
        }
        const QString made = out.filePath(QStringLiteral("synthetic"));
        const CliRun run = runCli({QStringLiteral("consolidate"), chain, made});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto source = BackupChain::open(chain);
        auto synthetic = BackupChain::open(made);
        QVERIFY(source.ok() && synthetic.ok());
        QCOMPARE(source->links().size(), size_t(3));
        auto madeFinal = synthetic->finalManifest(synthetic->links().front());
        QVERIFY(madeFinal.ok());
        compareMerged(madeFinal.value(), source->merged());
        QCOMPARE(runCli({QStringLiteral("verify"), made}).exitCode, 0);

        // Restored into two stopped nodes: the very same files.
        QByteArray hashes[2];
        const QString chains[2] = {chain, made};
        for (int k = 0; k < 2; ++k) {
            InfluxProcess target;
            QVERIFY2(target.start(&error), qPrintable(error));
            QCOMPARE(target.stop(), 0);
            const CliRun restored =
                runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chains[k],
                        QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")});
            QVERIFY2(restored.exitCode == 0, restored.err.constData());
            hashes[k] = contentHash(target.dataDir()) + ' ' + contentHash(target.metaDir());
        }
        QCOMPARE(hashes[1], hashes[0]);

        // And the node continues the synthetic chain with an incremental.
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=tm"), "weekly,week=1 v=5i 999\n").status, 204);
        const CliRun next = runCli({QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--kind"),
                                    QStringLiteral("influxdb1"), QStringLiteral("-host"), node.snapshotHost(), made});
        QVERIFY2(next.exitCode == 0, next.err.constData());
        QVERIFY2(next.json().value(QStringLiteral("incremental")).toBool(), next.out.constData());
        QVERIFY(next.json().value(QStringLiteral("files")).toInt() <
                static_cast<int>(synthetic->merged().files.size()));
        QCOMPARE(node.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConsolidate)
#include "tst_consolidate.moc"
