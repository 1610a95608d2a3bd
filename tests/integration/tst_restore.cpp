// Restore end to end with the real binaries: a real tidemarkd written to while tidemark-cli takes a
// full backup and two incrementals, then `tidemark-cli restore` into other nodes' configs. The
// data a link holds is known exactly (each batch takes one index, see Workload.h), so a restored
// node is compared with a reference node holding the same batches, by `inspect` digest.
//
// Every refusal is checked for its exit code, its message and for leaving the disk exactly as it
// was (a hash over the whole tree around the targets, before and after).
#include "support/CliRun.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "support/TarBuilder.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

#include <archive_entry.h>
#include <pwd.h>
#include <unistd.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

bool has(const QByteArray &haystack, const QByteArray &needle)
{
    return haystack.contains(needle);
}

void flipByteInTheMiddle(const QString &path)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(f.size() / 2);
    char c = 0;
    QVERIFY(f.getChar(&c));
    f.seek(f.size() / 2);
    QVERIFY(f.putChar(static_cast<char>(c ^ 0x20)));
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A config of its own (ports 0: nothing to probe) for directories under `root`.
QString writeConfig(const QString &root, const QString &dataDir = {}, const QString &brokerDir = {})
{
    QByteArray text;
    if (NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), root, QStringLiteral("-http-bind"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("-snapshot-bind"),
                          QStringLiteral("127.0.0.1:0")},
                         &text, nullptr) != 0)
        return {};
    QString s = QString::fromUtf8(text);
    if (!dataDir.isEmpty())
        s.replace(QStringLiteral("\"%1/data\"").arg(root), QLatin1Char('"') + dataDir + QLatin1Char('"'));
    if (!brokerDir.isEmpty())
        s.replace(QStringLiteral("\"%1/broker\"").arg(root), QLatin1Char('"') + brokerDir + QLatin1Char('"'));
    const QString path = root + QStringLiteral("/tidemarkd.conf");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(s.toUtf8()) != s.toUtf8().size())
        return {};
    return path;
}

CliRun runRestore(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    return runCli(QStringList{QStringLiteral("restore")} + args, env);
}

} // namespace

class TestRestore : public QObject {
    Q_OBJECT

private:
    NodeProcess m_source;
    QTemporaryDir m_backups;
    QString m_chain;
    std::vector<int> m_batchesAt; ///< Batches held by the merged chain up to link i (0 = the full).
    std::vector<QString> m_digestAt;

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

    QStringList restoreArgs(const QString &config, const QString &chain) const
    {
        return {QStringLiteral("-config"), config,        chain,
                QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")};
    }

    // A chain of its own in `dir`: a copy of the real one (so it can be damaged).
    QString copyChain(const QString &dir) const
    {
        const QString path = dir + QStringLiteral("/snap");
        for (const QString &suffix : {QString(), QStringLiteral(".0"), QStringLiteral(".1")}) {
            if (!QFile::copy(m_chain + suffix, path + suffix))
                return {};
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_source.start(&error), qPrintable(error));
        QCOMPARE(m_source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        m_chain = m_backups.filePath(QStringLiteral("snap"));

        // A full backup and two incrementals, each while the writer goes on.
        Writer writer(m_source.httpPort());
        writer.start();
        for (int link = 0; link < 3; ++link) {
            const int target = 10 * (link + 1);
            QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= target, 60000);
            QByteArray err;
            QVERIFY2(
                runCliSpinning({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(), m_chain},
                               nullptr, &err) == 0,
                err.constData());
        }
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY(!writer.failed());

        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        QCOMPARE(chain->links().size(), size_t(3));
        for (int upto = -1; upto <= 1; ++upto) {
            auto merged = chain->mergedUpTo(upto);
            QVERIFY(merged.ok());
            const int batches =
                static_cast<int>(merged->file(QStringLiteral("shards/1"))->index) - 1; // Batch k took index 1 + k.
            m_batchesAt.push_back(batches);
            m_digestAt.push_back(referenceDigest(batches));
            QVERIFY(!m_digestAt.back().isEmpty());
        }
        QVERIFY2(m_batchesAt[0] >= 10 && m_batchesAt[0] < m_batchesAt[1] && m_batchesAt[1] < m_batchesAt[2],
                 qPrintable(QStringLiteral("%1 %2 %3").arg(m_batchesAt[0]).arg(m_batchesAt[1]).arg(m_batchesAt[2])));
    }

    void cleanupTestCase() { QCOMPARE(m_source.stop(), 0); }

    void roundTripRestoresTheWholeChainAndTheNodeGoesOn()
    {
        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);

        const CliRun run = runRestore(restoreArgs(target.configPath(), m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(has(run.out, "Restored " + m_chain.toUtf8() + " (3 links"), run.out.constData());
        QCOMPARE(inspectDigest(target.dataDir()), m_digestAt[2]);
        QVERIFY(inspectDigest(target.dataDir()) != oldDigest); // The old database is gone.

        // The broker was regenerated at the highest index, with a raft config for the node's URL.
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain.ok());
        quint64 highest = 0;
        for (const ManifestFile &f : chain->merged().files)
            highest = std::max(highest, f.index);
        QFile raft(target.brokerDir() + QStringLiteral("/raft/config"));
        QVERIFY(raft.open(QIODevice::ReadOnly));
        const QJsonObject raftConfig = QJsonDocument::fromJson(raft.readAll()).object();
        QCOMPARE(raftConfig.value(QStringLiteral("maxNodeID")).toInt(), 1);
        QCOMPARE(raftConfig.value(QStringLiteral("nodes"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("url"))
                     .toString(),
                 QStringLiteral("http://127.0.0.1:0"));
        const QStringList leftovers = QDir(QFileInfo(target.dataDir()).path())
                                          .entryList({QStringLiteral("*.restore-*")}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));

        // The restored node starts, serves the data and continues the index where the chain ended.
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QByteArray out;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), target.snapshotHost(),
                                      QStringLiteral("--json")},
                                     &out, nullptr),
                 0);
        QCOMPARE(static_cast<quint64>(QJsonDocument::fromJson(out).object().value(QStringLiteral("index")).toInteger()),
                 highest);
        QCOMPARE(
            target.request("POST", QStringLiteral("/write?db=hot"), "after v=1 " + QByteArray::number(10 * kDayNs + 5))
                .status,
            204);
        QCOMPARE(NodeProcess::runCli({QStringLiteral("node-info"), QStringLiteral("-host"), target.snapshotHost(),
                                      QStringLiteral("--json")},
                                     &out, nullptr),
                 0);
        QCOMPARE(static_cast<quint64>(QJsonDocument::fromJson(out).object().value(QStringLiteral("index")).toInteger()),
                 highest + 1);
        const auto shows = target.request("GET", QStringLiteral("/query?q=SHOW+DATABASES"));
        QVERIFY2(has(shows.body, "\"hot\"") && !has(shows.body, "\"old\""), shows.body.constData());
        QCOMPARE(target.stop(), 0);
    }

    // The seed's own command names from the node's binary: `tidemarkd backup` twice (a full and
    // an incremental), then `tidemarkd restore` into a stopped node, with tidemark-cli's output
    // and exit codes.
    void seedCommandsOfTidemarkdRoundTrip()
    {
        QTemporaryDir dir;
        const QString chain = dir.filePath(QStringLiteral("node"));
        QByteArray out;
        QByteArray err;
        QCOMPARE(NodeProcess::run({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(), chain},
                                  &out, &err),
                 0);
        QVERIFY2(has(out, "Full backup written to " + chain.toUtf8()), out.constData());
        QCOMPARE(m_source.request("POST", QStringLiteral("/write?db=hot"), "seed v=1 " + QByteArray::number(kDayNs + 7))
                     .status,
                 204);
        QCOMPARE(NodeProcess::run({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(),
                                   QStringLiteral("--json"), chain},
                                  &out, &err),
                 0);
        QVERIFY2(has(out, "\"event\":\"done\"") && has(out, "\"incremental\":true"), out.constData());
        QVERIFY(QFileInfo::exists(chain + QStringLiteral(".0")));
        const QString sourceDigest = inspectDigest(m_source.dataDir());

        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        QCOMPARE(NodeProcess::run(QStringList{QStringLiteral("restore")} + restoreArgs(target.configPath(), chain),
                                  &out, &err),
                 0);
        QVERIFY2(has(out, "Restored " + chain.toUtf8() + " (2 links"), out.constData());
        QVERIFY2(has(out, "Start the node: tidemarkd -config " + target.configPath().toUtf8()), out.constData());
        QCOMPARE(inspectDigest(target.dataDir()), sourceDigest);
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);

        // The same refusals and exit codes as tidemark-cli.
        QCOMPARE(NodeProcess::run({QStringLiteral("restore"), chain}, nullptr, &err), 2);
        QVERIFY2(has(err, "give -config CONF and exactly one PATH"), err.constData());
        QCOMPARE(NodeProcess::run({QStringLiteral("backup"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"),
                                   dir.filePath(QStringLiteral("other"))},
                                  nullptr, &err),
                 4);
    }

    void uptoRestoresThatLink_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("--upto -1: the full snapshot only") << -1;
        QTest::newRow("--upto 0") << 0;
    }

    void uptoRestoresThatLink()
    {
        QFETCH(int, upto);
        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        QVERIFY(!config.isEmpty());
        const CliRun run =
            runRestore(restoreArgs(config, m_chain) << QStringLiteral("--upto") << QString::number(upto));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(has(run.out, QByteArray::number(upto + 2) + " links"), run.out.constData());
        QCOMPARE(inspectDigest(root.filePath(QStringLiteral("data"))), m_digestAt[static_cast<size_t>(upto + 1)]);
    }

    void dryRunShowsThePlanAndChangesNothing()
    {
        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        const QString around = target.root();
        const QByteArray before = treeHash(around);

        CliRun run = runRestore({QStringLiteral("-config"), target.configPath(), m_chain, QStringLiteral("--owner"),
                                 currentUser(), QStringLiteral("--dry-run")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(has(run.out, "  remove  " + target.brokerDir().toUtf8()), run.out.constData());
        QVERIFY(has(run.out, "  remove  " + target.dataDir().toUtf8()));
        QVERIFY(has(run.out, "  write   meta"));
        QVERIFY(has(run.out, m_chain.toUtf8() + ".1")); // "from PATH.1", or a block link's "up to PATH.1"
        QCOMPARE(treeHash(around), before);

        run = runRestore({QStringLiteral("-config"), target.configPath(), m_chain, QStringLiteral("--owner"),
                          currentUser(), QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject plan = QJsonDocument::fromJson(run.out.trimmed()).object();
        QCOMPARE(plan.value(QStringLiteral("event")).toString(), QStringLiteral("plan"));
        QCOMPARE(plan.value(QStringLiteral("links")).toArray().size(), 3);
        QCOMPARE(plan.value(QStringLiteral("write")).toArray().size(), 2);
        QCOMPARE(plan.value(QStringLiteral("owner")).toString(), currentUser());
        QVERIFY(plan.value(QStringLiteral("findings")).toArray().isEmpty());
        QCOMPARE(treeHash(around), before);
        QCOMPARE(inspectDigest(target.dataDir()), oldDigest);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QStringList>("extraArgs");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("data dir is /usr")
            << QStringLiteral("data=/usr") << QStringList() << 3
            << QStringLiteral("refusing to restore into '/usr' ([data] dir): it is a system or home directory");
        QTest::newRow("broker dir is /") << QStringLiteral("broker=/") << QStringList() << 3
                                         << QStringLiteral("refusing to restore into '/' ([broker] dir)");
        QTest::newRow("broker dir is a home") << QStringLiteral("broker=/home/someone") << QStringList() << 3
                                              << QStringLiteral("it is a system or home directory");
        QTest::newRow("broker inside data")
            << QStringLiteral("broker inside data") << QStringList() << 3 << QStringLiteral("one contains the other");
        QTest::newRow("chain inside the data dir") << QStringLiteral("chain inside data") << QStringList() << 3
                                                   << QStringLiteral("the backup chain '%CHAIN%' is inside it");
        QTest::newRow("malformed config") << QStringLiteral("bad config") << QStringList() << 3
                                          << QStringLiteral("tidemarkd.conf:2: unknown key 'dri' in [broker]");
        QTest::newRow("node running") << QStringLiteral("running") << QStringList() << 9
                                      << QStringLiteral("The node is running: '%DATA%' ([data] dir) is locked by pid");
        QTest::newRow("no chain") << QStringLiteral("no chain") << QStringList() << 12
                                  << QStringLiteral("There is no backup at '%CHAIN%'");
        QTest::newRow("missing link")
            << QStringLiteral("missing link") << QStringList() << 7
            << QStringLiteral("Backup chain '%CHAIN%' is broken: '%CHAIN%.1' exists but '%CHAIN%.0' is missing");
        QTest::newRow("flipped byte") << QStringLiteral("flipped byte") << QStringList() << 7
                                      << QStringLiteral("differs from the");
        QTest::newRow("upto beyond the chain")
            << QString() << QStringList{QStringLiteral("--upto"), QStringLiteral("5")} << 12
            << QStringLiteral("Backup chain '%CHAIN%' has no incremental 5.");
        QTest::newRow("unknown owner") << QString()
                                       << QStringList{QStringLiteral("--owner"),
                                                      QStringLiteral("tidemark-no-such-user")}
                                       << 12 << QStringLiteral("User 'tidemark-no-such-user' does not exist");
        QTest::newRow("no --yes on a pipe") << QStringLiteral("no yes") << QStringList() << 2
                                            << QStringLiteral("not asking on a non-interactive input: add --yes");
    }

    void refusals()
    {
        QFETCH(QString, setup);
        QFETCH(QStringList, extraArgs);
        QFETCH(int, exitCode);
        QFETCH(QString, message);

        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        QString config = target.configPath();
        QString chain = m_chain;
        QTemporaryDir scratch;
        if (setup.startsWith(QLatin1String("data=")) || setup.startsWith(QLatin1String("broker="))) {
            const QString dir = setup.section(u'=', 1);
            config = writeConfig(scratch.path(), setup.startsWith(QLatin1String("data=")) ? dir : QString(),
                                 setup.startsWith(QLatin1String("broker=")) ? dir : QString());
        } else if (setup == QLatin1String("broker inside data")) {
            config = writeConfig(scratch.path(), {}, scratch.filePath(QStringLiteral("data/broker")));
        } else if (setup == QLatin1String("chain inside data")) {
            config = writeConfig(scratch.path(), m_backups.path());
        } else if (setup == QLatin1String("bad config")) {
            config = scratch.filePath(QStringLiteral("tidemarkd.conf"));
            writeFile(config, "[broker]\ndri = \"/var/lib/x\"\n");
        } else if (setup == QLatin1String("running")) {
            QString error;
            QVERIFY2(target.start(&error), qPrintable(error));
        } else if (setup == QLatin1String("no chain")) {
            chain = scratch.filePath(QStringLiteral("absent"));
        } else if (setup == QLatin1String("missing link")) {
            chain = copyChain(scratch.path());
            QVERIFY(QFile::remove(chain + QStringLiteral(".0")));
        } else if (setup == QLatin1String("flipped byte")) {
            chain = copyChain(scratch.path());
            flipByteInTheMiddle(chain + QStringLiteral(".1"));
        }
        QVERIFY(!config.isEmpty() && !chain.isEmpty());
        QStringList args = {QStringLiteral("-config"), config, chain};
        if (!extraArgs.contains(QStringLiteral("--owner")))
            args << QStringLiteral("--owner") << currentUser();
        if (setup != QLatin1String("no yes"))
            args << QStringLiteral("--yes");
        const QByteArray before = treeHash(target.root());
        const QByteArray beforeScratch = treeHash(scratch.path());

        const CliRun run = runRestore(args + extraArgs);
        message.replace(QStringLiteral("%CHAIN%"), chain).replace(QStringLiteral("%DATA%"), target.dataDir());
        QVERIFY2(has(run.err, message.toUtf8()), run.err.constData());
        QCOMPARE(run.exitCode, exitCode);
        if (exitCode != 2)
            QVERIFY2(has(run.err, "fix: ") || has(run.err, "HINT: "),
                     run.err.constData()); // Every refusal says what to do.
        const QByteArray after = treeHash(target.root());
        if (setup == QLatin1String("running"))
            QCOMPARE(target.stop(), 0);
        QCOMPARE(after, before);
        QCOMPARE(treeHash(scratch.path()), beforeScratch);
        QCOMPARE(inspectDigest(target.dataDir()), oldDigest);
    }

    void notEnoughSpaceIsRefusedBeforeWriting()
    {
        const TmpfsMount mountPoint(QStringLiteral("512k"));
        if (!mountPoint.skipReason().isEmpty())
            QSKIP(qPrintable(mountPoint.skipReason()));
        const QString config = writeConfig(mountPoint.path());
        QVERIFY(!config.isEmpty());
        const QByteArray before = treeHash(mountPoint.path());
        const CliRun run = runRestore(restoreArgs(config, m_chain));
        QCOMPARE(run.exitCode, 8);
        QVERIFY2(has(run.err, "Not enough free space on '" + mountPoint.path().toUtf8() + "' for the restore"),
                 run.err.constData());
        QVERIFY(has(run.err, "fix: Free space there, or restore an earlier point with --upto."));
        QCOMPARE(treeHash(mountPoint.path()), before);
    }

    // The disk fills up in the middle of a restore, after preflight found enough bytes: a tmpfs
    // whose inodes run out while the new directories are written (a real ENOSPC). The old data
    // stays as it was, nothing of the attempt is left, and with space again the restore works.
    void diskFullDuringRestoreLeavesTheOldDataAndRetryWorks()
    {
        const TmpfsMount mountPoint(QStringLiteral("64m"));
        if (!mountPoint.skipReason().isEmpty())
            QSKIP(qPrintable(mountPoint.skipReason()));
        const QString config = writeConfig(mountPoint.path());
        QVERIFY(!config.isEmpty());
        // The old data: the full snapshot, restored.
        CliRun run = runRestore(restoreArgs(config, m_chain) << QStringLiteral("--upto") << QStringLiteral("-1"));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString dataDir = mountPoint.path() + QStringLiteral("/data");
        QCOMPARE(inspectDigest(dataDir), m_digestAt[0]);
        const QByteArray before = treeHash(mountPoint.path());

        // Room for three more inodes: a restore needs more (new directories, files, the journal).
        const auto usedInodes = [&] {
            QProcess df;
            df.start(QStringLiteral("df"), {QStringLiteral("--output=iused"), mountPoint.path()});
            df.waitForFinished();
            return df.readAllStandardOutput().split('\n').value(1).trimmed().toInt();
        };
        const auto remount = [&](const QString &inodes) {
            return QProcess::execute(
                       QStringLiteral("mount"),
                       {QStringLiteral("-o"), QStringLiteral("remount,nr_inodes=") + inodes, mountPoint.path()}) == 0;
        };
        const int used = usedInodes();
        QVERIFY(used > 0);
        QVERIFY(remount(QString::number(used + 3)));
        run = runRestore(restoreArgs(config, m_chain));
        QCOMPARE(run.exitCode, 8); // Io
        QVERIFY2(has(run.err, "No space left on device"), run.err.constData());
        QVERIFY2(has(run.err, mountPoint.path().toUtf8()), run.err.constData());
        QCOMPARE(treeHash(mountPoint.path()), before);
        QCOMPARE(usedInodes(), used);

        QVERIFY(remount(QStringLiteral("100000")));
        run = runRestore(restoreArgs(config, m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(inspectDigest(dataDir), m_digestAt[2]);
    }

    void hostileArchivesAreRefusedAndNothingChanges_data()
    {
        QTest::addColumn<QByteArray>("entryName");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("'..' in a name") << QByteArray("shards/../../evil") << 0 << QStringLiteral("contains '..'");
        QTest::newRow("absolute path") << QByteArray("/tmp/tidemark-evil") << 0
                                       << QStringLiteral("has an absolute path");
        QTest::newRow("symlink") << QByteArray("shards/1") << 1 << QStringLiteral("is a symbolic link");
        QTest::newRow("hard link") << QByteArray("shards/1") << 2 << QStringLiteral("is a hard link");
        QTest::newRow("device") << QByteArray("shards/1") << 3 << QStringLiteral("is a character device");
        QTest::newRow("not in the manifest")
            << QByteArray("shards/99") << 0 << QStringLiteral("is not in the manifest");
        QTest::newRow("size differs from the manifest")
            << QByteArray("shards/1") << 4 << QStringLiteral("has 23 bytes but the manifest says 22");
    }

    // A real full snapshot followed by a hand-made incremental PATH.0 whose manifest is valid and
    // whose entry is hostile.
    void hostileArchivesAreRefusedAndNothingChanges()
    {
        QFETCH(QByteArray, entryName);
        QFETCH(int, kind);
        QFETCH(QString, message);

        QTemporaryDir scratch;
        const QString chain = scratch.filePath(QStringLiteral("snap"));
        QVERIFY(QFile::copy(m_chain, chain));
        auto full = BackupChain::readManifest(chain);
        QVERIFY(full.ok());
        const QByteArray content = "a shard that wants out";
        Manifest manifest = full.value();
        manifest.format = Manifest::kFormatChecksumsFirst; // Its checksums in the head, after a format-2 full.
        manifest.incremental = true;
        manifest.index += 1000;
        manifest.files = {
            ManifestFile{QStringLiteral("shards/1"), content.size(), manifest.index, Checksum::of(content)}};
        TarEntry hostile = entry(entryName, content);
        if (kind == 1)
            hostile = symlinkEntry(entryName, "/etc/passwd");
        else if (kind == 2)
            hostile = hardlinkEntry(entryName, "manifest");
        else if (kind == 3)
            hostile = special(entryName, AE_IFCHR);
        else if (kind == 4)
            hostile = entry(entryName, content + "!");
        writeFile(chain + QStringLiteral(".0"), buildTar({entry("manifest", manifest.toJson()), hostile}));

        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        const QByteArray before = treeHash(target.root());
        const QByteArray beforeScratch = treeHash(scratch.path());
        const CliRun run = runRestore(restoreArgs(target.configPath(), chain));
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(has(run.err, "archive '" + chain.toUtf8() + ".0': entry '" + entryName + "': " + message.toUtf8()),
                 run.err.constData());
        QCOMPARE(treeHash(target.root()), before);
        QCOMPARE(treeHash(scratch.path()), beforeScratch);
        QVERIFY(!QFile::exists(QStringLiteral("/tmp/tidemark-evil")));
        QVERIFY(!QFile::exists(QFileInfo(target.root()).path() + QStringLiteral("/evil")));
    }

    void killedAtEveryStepFinishesOrRollsBack_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("swapped"); ///< The data dir is already the new one when killed.
        QTest::addColumn<QString>("recovery");
        QTest::newRow("extracted") << QStringLiteral("extracted") << false
                                   << QStringLiteral("Rolled back an interrupted restore");
        QTest::newRow("broker") << QStringLiteral("broker") << false
                                << QStringLiteral("Rolled back an interrupted restore");
        QTest::newRow("chowned") << QStringLiteral("chowned") << false
                                 << QStringLiteral("Rolled back an interrupted restore");
        QTest::newRow("data-swapped") << QStringLiteral("data-swapped") << true
                                      << QStringLiteral("Finished an interrupted restore");
        QTest::newRow("broker-swapped") << QStringLiteral("broker-swapped") << true
                                        << QStringLiteral("Finished an interrupted restore");
    }

    void killedAtEveryStepFinishesOrRollsBack()
    {
        QFETCH(QString, step);
        QFETCH(bool, swapped);
        QFETCH(QString, recovery);

        NodeProcess target;
        QString oldDigest;
        makeTarget(target, &oldDigest);
        const QByteArray oldBroker = treeHash(target.brokerDir());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_RESTORE_STOP_AT"), step);
        CliRun run = runRestore(restoreArgs(target.configPath(), m_chain), env);
        QVERIFY2(run.crashed, run.err.constData()); // Killed with SIGKILL at that step.

        // The invariant: the data dir is the old one, untouched, or the new one, complete.
        QCOMPARE(inspectDigest(target.dataDir()), swapped ? m_digestAt[2] : oldDigest);
        if (!swapped)
            QCOMPARE(treeHash(target.brokerDir()), oldBroker);

        run = runRestore(restoreArgs(target.configPath(), m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(has(run.out, recovery.toUtf8()), run.out.constData());
        QCOMPARE(inspectDigest(target.dataDir()), m_digestAt[2]);
        const QStringList leftovers =
            QDir(target.root()).entryList({QStringLiteral("*.restore-*")}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.stop(), 0);
    }

    // [data] dir a symlink: the journal and the swap live beside its target, and the next run
    // must find them there, whether the kill came before the swap or in the middle of it.
    void symlinkedDataDirKilledMidRestoreFinishesOrRollsBack_data()
    {
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("recovery");
        QTest::newRow("extracted") << QStringLiteral("extracted")
                                   << QStringLiteral("Rolled back an interrupted restore");
        QTest::newRow("data-swapped") << QStringLiteral("data-swapped")
                                      << QStringLiteral("Finished an interrupted restore");
    }

    void symlinkedDataDirKilledMidRestoreFinishesOrRollsBack()
    {
        QFETCH(QString, step);
        QFETCH(QString, recovery);
        QTemporaryDir root;
        const QString real = root.filePath(QStringLiteral("volume/data"));
        const QString link = root.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(real));
        QVERIFY(QFile::link(real, link));
        const QString config = writeConfig(root.path(), link);
        QVERIFY(!config.isEmpty());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_RESTORE_STOP_AT"), step);
        CliRun run = runRestore(restoreArgs(config, m_chain), env);
        QVERIFY2(run.crashed, run.err.constData());
        QVERIFY(QFileInfo::exists(real + QStringLiteral(".restore-journal")));

        run = runRestore(restoreArgs(config, m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(has(run.out, recovery.toUtf8()), run.out.constData());
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(inspectDigest(link), m_digestAt[2]);
        for (const QString &dir : {root.path(), root.filePath(QStringLiteral("volume"))}) {
            const QStringList leftovers =
                QDir(dir).entryList({QStringLiteral("*.restore-*")}, QDir::AllEntries | QDir::Hidden);
            QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u' ')));
        }
    }

    void ownerIsGivenEveryFile()
    {
        if (::geteuid() != 0)
            QSKIP("needs root to create a user and give it files");
        const QString user = QStringLiteral("tidemark-test-owner");
        if (!::getpwnam(user.toLocal8Bit().constData()))
            QCOMPARE(QProcess::execute(QStringLiteral("useradd"),
                                       {QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                                        QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"), user}),
                     0);
        const auto removeUser = qScopeGuard([&] { QProcess::execute(QStringLiteral("userdel"), {user}); });
        const struct passwd *pw = ::getpwnam(user.toLocal8Bit().constData());
        QVERIFY(pw);
        const uint uid = pw->pw_uid;
        const uint gid = pw->pw_gid;

        QTemporaryDir root;
        const QString config = writeConfig(root.path());
        const CliRun run = runRestore(
            {QStringLiteral("-config"), config, m_chain, QStringLiteral("--owner"), user, QStringLiteral("--yes")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(has(run.out, "owner " + user.toUtf8()));
        int checked = 0;
        for (const QString &dir : {root.filePath(QStringLiteral("data")), root.filePath(QStringLiteral("broker"))}) {
            QCOMPARE(QFileInfo(dir).ownerId(), uid);
            QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QFileInfo info(it.next());
                QVERIFY2(info.ownerId() == uid && info.groupId() == gid, qPrintable(info.filePath()));
                ++checked;
            }
        }
        QVERIFY(checked >= 6); // meta, shards/, shards/1, broker meta, raft/ and its files.
    }

    void nonRootIsToldTheCommandToRun()
    {
        if (::geteuid() != 0 || QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
            QSKIP("needs root and setpriv to run the restore as another user");
        // Everything the unprivileged run reads must be readable by it.
        QTemporaryDir root;
        QFile::setPermissions(root.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                               QFileDevice::ReadOther | QFileDevice::ExeOther);
        const QString config = writeConfig(root.path());
        const QString chain = root.filePath(QStringLiteral("snap"));
        QVERIFY(QFile::copy(m_chain, chain));
        QFile::setPermissions(chain, QFileDevice::ReadOwner | QFileDevice::ReadOther);
        QFile::setPermissions(config, QFileDevice::ReadOwner | QFileDevice::ReadOther);
        const QByteArray before = treeHash(root.path());
        QProcess process;
        process.start(QStringLiteral("setpriv"),
                      {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                       QStringLiteral("--clear-groups"), NodeProcess::cliBinary(), QStringLiteral("restore"),
                       QStringLiteral("-config"), config, chain, QStringLiteral("--owner"), QStringLiteral("root"),
                       QStringLiteral("--yes")});
        QVERIFY(process.waitForFinished(60000));
        const QByteArray err = process.readAllStandardError();
        if (has(err, "Permission denied") || has(err, "Cannot open"))
            QSKIP("the build directory is not readable by nobody here");
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(has(err, "error: Only root can give the restored files to 'root'"), err.constData());
        QVERIFY(has(err, "fix: Run instead: sudo tidemark-cli restore -config " + config.toUtf8() + " " +
                             chain.toUtf8() + " --owner root"));
        QCOMPARE(treeHash(root.path()), before);
    }
};

QTEST_GUILESS_MAIN(TestRestore)

#include "tst_restore.moc"
