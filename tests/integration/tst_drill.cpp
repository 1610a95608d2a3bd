// The restore drill (issue 20). ScratchNode runs a real tidemarkd and a real influxd 1.6.7 in a
// scratch directory on free loopback ports, answers queries, reports the node's own error when it
// cannot start, and leaves nothing behind. `tidemark-cli drill` passes on good chains of both kinds
// made by real backups (a full and an incremental with writes between), with the Tidemark content
// digest equal to what `tidemarkd inspect` says of the source node; the verdict is kept beside the
// chain and shown by `list`. It fails, naming the cause with its exit code, on a chain whose node
// cannot start from it (a full written with ArchiveWriter from a real node's files, checksums
// right, whose manifest records lower indexes than the files hold: the broker is regenerated below
// the data and tidemarkd refuses to start), on an InfluxDB chain with a corrupt TSM footer (influxd
// starts, renames the file and says so only in its log), on a chain missing a shard its meta store
// names, and without room; the scratch goes after pass and fail. A schedule with [drill] runs it.
#include "support/CliRun.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"

#include "drill/ScratchNode.h"
#include "kinds/NodeKind.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <csignal>

using namespace tidemark;
using namespace tidemark::test;

namespace {

QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

// A full snapshot of a Tidemark node written by hand with the chain's own writer (ArchiveWriter,
// a sealed format-1 manifest with every file's XXH3): the files of `dataDir` (a stopped node's),
// all but `leaveOut`, each recorded with index `index` (0: its real one, from `indexes`).
bool writeFull(const QString &chain, const QString &dataDir, const QHash<QString, quint64> &indexes, quint64 index,
               const QString &leaveOut = {})
{
    Manifest manifest;
    manifest.nodeId = 1;
    manifest.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.chainId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QStringList names{QStringLiteral("meta")};
    for (const QString &shard : QDir(dataDir + QStringLiteral("/shards")).entryList(QDir::Files)) {
        if (!shard.contains(QLatin1Char('-'))) // Not the LMDB lock files.
            names << QStringLiteral("shards/") + shard;
    }
    for (const QString &name : names) {
        if (name == leaveOut)
            continue;
        const QString path = dataDir + QLatin1Char('/') + name;
        auto sum = Checksum::ofFile(path);
        if (!sum)
            return false;
        const quint64 fileIndex = index ? index : indexes.value(name);
        manifest.files.push_back({name, QFileInfo(path).size(), fileIndex, sum.value()});
        manifest.index = std::max(manifest.index, fileIndex);
    }
    manifest.sortFiles();
    QFile out(chain);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    ArchiveWriter writer([&](const char *data, qsizetype size) { return out.write(data, size) == size; },
                         ArchiveWriter::Compression::None);
    if (!writer.open() || !writer.addData(QStringLiteral("manifest"), manifest.toJson()))
        return false;
    for (const ManifestFile &file : manifest.files) {
        if (!writer.addFile(file.name, dataDir + QLatin1Char('/') + file.name, file.size))
            return false;
    }
    return writer.finish() && out.flush();
}

} // namespace

class TestDrill : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    NodeProcess m_node;     // A Tidemark node with two databases, backed up into m_chain.
    InfluxProcess m_influx; // An InfluxDB 1.x node with two databases, backed up into m_influxChain.
    QString m_chain;
    QString m_influxChain;
    QString m_scratch;      // --scratch of every drill: must be empty after each.
    QString m_sourceDigest; // `tidemarkd inspect` of m_node when its chain was last backed up.

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Drill `chain` with --json into m_scratch; the drill event (or the error event) and the run.
    CliRun drill(const QString &chain, QJsonObject *event, const QStringList &extra = {})
    {
        const CliRun run = runCli(
            QStringList{QStringLiteral("drill"), QStringLiteral("--json"), QStringLiteral("--scratch"), m_scratch}
            << extra << chain);
        for (const QByteArray &line : run.out.trimmed().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")) == QLatin1String("drill"))
                *event = o;
        }
        return run;
    }

    QJsonObject catalogEntry(const QString &name)
    {
        const CliRun list = runCli({QStringLiteral("list"), QStringLiteral("--json"), m_dir.path()});
        for (const QByteArray &line : list.out.split('\n')) {
            for (const QJsonValue &chain :
                 QJsonDocument::fromJson(line).object().value(QStringLiteral("chains")).toArray())
                if (chain.toObject().value(QStringLiteral("name")).toString() == name)
                    return chain.toObject();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        // ScratchNode finds the programs through $TIDEMARKD (set by ctest) and $INFLUXD.
        QVERIFY(!InfluxProcess::binary().isEmpty());
        qputenv("INFLUXD", InfluxProcess::binary().toUtf8());
        m_chain = path(QStringLiteral("node"));
        m_influxChain = path(QStringLiteral("influx"));
        m_scratch = path(QStringLiteral("scratch"));
        QVERIFY(QDir().mkpath(m_scratch));

        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        for (const char *db : {"cpu", "mem"})
            QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+") + QLatin1String(db)).status,
                     200);
        const qint64 day = 86400LL * 1000000000LL;
        const qint64 base = 1700000000LL * 1000000000LL;
        QByteArray cpu;
        for (int i = 0; i < 300; ++i)
            cpu += QStringLiteral("load,host=h%1 v=%2 %3\n").arg(i % 5).arg(i).arg(base + (i % 3) * day + i).toUtf8();
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=cpu"), cpu).status, 204);
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=mem"), "used v=1 " + QByteArray::number(base)).status,
                 204);
        CliRun backup = runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), m_chain});
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QCOMPARE(
            m_node.request("POST", QStringLiteral("/write?db=mem"), "used v=2 " + QByteArray::number(base + 5 * day))
                .status,
            204);
        backup = runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), m_chain});
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QVERIFY(QFile::exists(m_chain + QStringLiteral(".0")));
        QByteArray inspected;
        QCOMPARE(NodeProcess::run(
                     {QStringLiteral("inspect"), QStringLiteral("-data"), m_node.dataDir(), QStringLiteral("--json")},
                     &inspected, nullptr),
                 0);
        m_sourceDigest = QJsonDocument::fromJson(inspected).object().value(QStringLiteral("digest")).toString();
        QVERIFY(!m_sourceDigest.isEmpty());

        QVERIFY2(m_influx.start(&error), qPrintable(error));
        for (const char *db : {"tm", "hot"})
            QCOMPARE(m_influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+") + QLatin1String(db)).status,
                     200);
        QByteArray points;
        for (int i = 0; i < 200; ++i)
            points +=
                QStringLiteral("temp,room=r%1 c=%2 %3\n").arg(i % 4).arg(i).arg(base + (i % 4) * 8 * day + i).toUtf8();
        QCOMPARE(m_influx.request("POST", QStringLiteral("/write?db=tm"), points).status, 204);
        QCOMPARE(m_influx.request("POST", QStringLiteral("/write?db=hot"), "x v=1 " + QByteArray::number(base)).status,
                 204);
        const QStringList influxBackup{QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                       QStringLiteral("-host"),  m_influx.snapshotHost(),  m_influxChain};
        backup = runCli(influxBackup);
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QCOMPARE(
            m_influx.request("POST", QStringLiteral("/write?db=hot"), "x v=2 " + QByteArray::number(base + 40 * day))
                .status,
            204);
        backup = runCli(influxBackup);
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QVERIFY(QFile::exists(m_influxChain + QStringLiteral(".0")));
    }

    // A good Tidemark chain: every database and shard served, the content digest the source
    // node's; the verdict beside the chain, shown by list (JSON and text); no scratch left.
    void tidemarkChainPasses()
    {
        QJsonObject event;
        const CliRun run = drill(m_chain, &event);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(event.value(QStringLiteral("ok")).toBool());
        QCOMPARE(event.value(QStringLiteral("kind")).toString(), QStringLiteral("tidemark"));
        QCOMPARE(event.value(QStringLiteral("links")).toInt(), 2);
        QCOMPARE(event.value(QStringLiteral("digest")).toString(), m_sourceDigest);
        QStringList names;
        int shards = 0;
        for (const QJsonValue &db : event.value(QStringLiteral("databases")).toArray()) {
            names << db.toObject().value(QStringLiteral("name")).toString();
            shards += static_cast<int>(db.toObject().value(QStringLiteral("shards")).toArray().size());
        }
        QCOMPARE(names, (QStringList{QStringLiteral("cpu"), QStringLiteral("mem")}));
        QCOMPARE(shards, 5); // cpu: 3 days; mem: 2 days.
        QCOMPARE(event.value(QStringLiteral("shards")).toInt(), 5);
        QCOMPARE(entries(m_scratch), QStringList());

        QVERIFY(QFile::exists(m_chain + QStringLiteral(".drilled")));
        const QJsonObject drilled = catalogEntry(QStringLiteral("node")).value(QStringLiteral("drilled")).toObject();
        QVERIFY(drilled.value(QStringLiteral("ok")).toBool());
        QCOMPARE(drilled.value(QStringLiteral("links")).toInt(), 2);
        const CliRun text = runCli({QStringLiteral("list"), m_dir.path()});
        QVERIFY2(text.out.contains("DRILLED"), text.out.constData());
        QVERIFY2(QString::fromUtf8(text.out).contains(QRegularExpression(QStringLiteral("\\nnode .* never +ok 20"))),
                 text.out.constData());

        // The full alone, in text: the earlier point.
        const CliRun full = runCli({QStringLiteral("drill"), QStringLiteral("--upto"), QStringLiteral("-1"),
                                    QStringLiteral("--scratch"), m_scratch, m_chain});
        QVERIFY2(full.exitCode == 0, full.err.constData());
        QVERIFY2(full.out.contains("The chain restores and starts: 2 database(s) and 4 shard(s)"),
                 full.out.constData());
        QCOMPARE(entries(m_scratch), QStringList());
    }

    // A good InfluxDB 1.x chain: influxd 1.6.7 serves every database and shard and each database
    // answers a SELECT.
    void influxChainPasses()
    {
        QJsonObject event;
        const CliRun run = drill(m_influxChain, &event);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(event.value(QStringLiteral("ok")).toBool());
        QCOMPARE(event.value(QStringLiteral("kind")).toString(), QStringLiteral("influxdb1"));
        QVERIFY(event.value(QStringLiteral("program")).toString().endsWith(QLatin1String("influxd")));
        QStringList names;
        for (const QJsonValue &db : event.value(QStringLiteral("databases")).toArray())
            names << db.toObject().value(QStringLiteral("name")).toString();
        QVERIFY2(names.contains(QStringLiteral("tm")) && names.contains(QStringLiteral("hot")),
                 qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(event.value(QStringLiteral("shards")).toInt() >= 5); // tm: 4 weeks; hot: 2.
        QCOMPARE(entries(m_scratch), QStringList());
        QVERIFY(catalogEntry(QStringLiteral("influx"))
                    .value(QStringLiteral("drilled"))
                    .toObject()
                    .value(QStringLiteral("ok"))
                    .toBool());
    }

    // A chain whose node cannot start: exit 11 (State) with tidemarkd's own words; the verdict
    // is kept and list shows why; nothing is left in the scratch location (nor with --keep … it is).
    void chainWhoseNodeCannotStart()
    {
        QVERIFY(m_node.stop() == 0);
        QByteArray inspected;
        QCOMPARE(NodeProcess::run(
                     {QStringLiteral("inspect"), QStringLiteral("-data"), m_node.dataDir(), QStringLiteral("--json")},
                     &inspected, nullptr),
                 0);
        const QJsonObject report = QJsonDocument::fromJson(inspected).object();
        QHash<QString, quint64> indexes;
        indexes.insert(QStringLiteral("meta"), report.value(QStringLiteral("metaIndex")).toInteger());
        for (const QJsonValue &db : report.value(QStringLiteral("databases")).toArray())
            for (const QJsonValue &shard : db.toObject().value(QStringLiteral("shards")).toArray())
                indexes.insert(
                    QStringLiteral("shards/%1").arg(shard.toObject().value(QStringLiteral("id")).toInteger()),
                    shard.toObject().value(QStringLiteral("index")).toInteger());
        QVERIFY(report.value(QStringLiteral("index")).toInteger() > 1);
        const QString bad = path(QStringLiteral("lowindex"));
        QVERIFY(writeFull(bad, m_node.dataDir(), indexes, 1));
        // The chain itself is sound: verify passes.
        const CliRun verified = runCli({QStringLiteral("verify"), bad});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());

        QJsonObject event;
        const CliRun run = drill(bad, &event);
        QCOMPARE(run.exitCode, 11);
        QCOMPARE(event.value(QStringLiteral("step")).toString(), QStringLiteral("start"));
        QVERIFY2(run.err.contains("tidemarkd exited"), run.err.constData());
        QVERIFY2(run.err.contains("broker index"), run.err.constData()); // tidemarkd's own words.
        QCOMPARE(entries(m_scratch), QStringList());
        const QJsonObject drilled =
            catalogEntry(QStringLiteral("lowindex")).value(QStringLiteral("drilled")).toObject();
        QCOMPARE(drilled.value(QStringLiteral("ok")).toBool(true), false);
        QVERIFY2(drilled.value(QStringLiteral("message")).toString().startsWith(QLatin1String("start: ")),
                 qPrintable(drilled.value(QStringLiteral("message")).toString()));
        const CliRun text = runCli({QStringLiteral("list"), m_dir.path()});
        QVERIFY2(text.out.contains("! last drill: start: tidemarkd exited"), text.out.constData());

        // --keep leaves the scratch, with the node's log.
        const CliRun kept = drill(bad, &event, {QStringLiteral("--keep")});
        QCOMPARE(kept.exitCode, 11);
        const QString scratch = event.value(QStringLiteral("scratch")).toString();
        QVERIFY(QFile::exists(scratch + QStringLiteral("/node.log")));
        QVERIFY(QDir(scratch).removeRecursively());

        // The same files with their real indexes drill fine.
        const QString good = path(QStringLiteral("handmade"));
        QVERIFY(writeFull(good, m_node.dataDir(), indexes, 0));
        const CliRun fine = drill(good, &event);
        QVERIFY2(fine.exitCode == 0, fine.err.constData());
        QCOMPARE(event.value(QStringLiteral("digest")).toString(), report.value(QStringLiteral("digest")).toString());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
    }

    // A chain without a copy of a shard its meta store names: exit 7 (Integrity) naming it.
    void missingShard()
    {
        QVERIFY(m_node.stop() == 0);
        QHash<QString, quint64> none;
        const QString chain = path(QStringLiteral("noshard"));
        const QString shard = QStringLiteral("2");
        QVERIFY(QFile::exists(m_node.dataDir() + QStringLiteral("/shards/2")));
        QVERIFY(!shard.isEmpty());
        QVERIFY(writeFull(chain, m_node.dataDir(), none, 99, QStringLiteral("shards/") + shard));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QJsonObject event;
        const CliRun run = drill(chain, &event);
        QCOMPARE(run.exitCode, 7);
        QCOMPARE(event.value(QStringLiteral("step")).toString(), QStringLiteral("missing"));
        QVERIFY2(run.err.contains("holds no copy of shard"), run.err.constData());
        QVERIFY2(run.err.contains(QByteArray(QByteArray("/") + shard.toUtf8())), run.err.constData());
        QCOMPARE(entries(m_scratch), QStringList());
        QCOMPARE(catalogEntry(QStringLiteral("noshard"))
                     .value(QStringLiteral("drilled"))
                     .toObject()
                     .value(QStringLiteral("ok"))
                     .toBool(true),
                 false);
    }

    // A schedule with [drill] runs one after its backup (every good backup here) and records it.
    void scheduleRunsTheDrill()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_SCHEDULES_DIR"), path(QStringLiteral("schedules.d")));
        env.insert(QStringLiteral("TIDEMARK_STATE_DIR"), path(QStringLiteral("state")));
        env.insert(QStringLiteral("TIDEMARK_UNIT_DIR"), path(QStringLiteral("units")));
        env.insert(QStringLiteral("TIDEMARK_SYSTEMCTL"), QStringLiteral("off"));
        env.insert(QStringLiteral("TMPDIR"), m_scratch); // The drill's default scratch location.
        const QString chain = path(QStringLiteral("scheduled/node"));
        QVERIFY(QDir().mkpath(path(QStringLiteral("scheduled"))));
        const CliRun add =
            runCli({QStringLiteral("schedule"), QStringLiteral("add"), QStringLiteral("drilled"),
                    QStringLiteral("--daily"), QStringLiteral("03:00"), QStringLiteral("-host"), m_node.snapshotHost(),
                    QStringLiteral("--drill-every"), QStringLiteral("1"), QStringLiteral("--no-desktop"), chain},
                   env);
        QVERIFY2(add.exitCode == 0, add.err.constData());
        QFile toml(path(QStringLiteral("schedules.d/drilled.toml")));
        QVERIFY(toml.open(QIODevice::ReadOnly));
        QVERIFY(toml.readAll().contains("[drill]\nevery = 1\n"));
        const CliRun run = runCli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("drilled")}, env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(QByteArray("drill: " + chain.toUtf8() + " restores and starts as a node")),
                 run.out.constData());
        QVERIFY(QFile::exists(chain + QStringLiteral(".drilled")));
        QFile state(path(QStringLiteral("state/drilled.json")));
        QVERIFY(state.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(state.readAll()).object();
        QVERIFY2(s.value(QStringLiteral("lastDrill")).toString().startsWith(QLatin1String("20")),
                 QJsonDocument(s).toJson().constData());
        QCOMPARE(entries(m_scratch), QStringList());

        // A drill that fails fails the run and alerts, as a failed verify does.
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=mem"), "used v=3 1700000000000000001").status, 204);
        env.insert(QStringLiteral("TIDEMARKD"), path(QStringLiteral("no-such-tidemarkd")));
        const CliRun failed =
            runCli({QStringLiteral("schedule"), QStringLiteral("run"), QStringLiteral("drilled")}, env);
        QCOMPARE(failed.exitCode, 3);
        QVERIFY2(failed.err.contains("tidemark: alert:"), failed.err.constData());
        QVERIFY2(failed.out.contains("drill failed: TIDEMARKD="), failed.out.constData());
        QCOMPARE(entries(m_scratch), QStringList());
    }

    // An InfluxDB chain whose shard holds a corrupt TSM file (its footer; checksums right: the
    // link is written anew with ArchiveWriter): influxd starts, renames the file, answers with nothing and
    // says so only in its log; the drill fails naming it (exit 7, step log).
    void influxCorruptTsm()
    {
        const QString work = path(QStringLiteral("tsm"));
        QVERIFY(QDir().mkpath(work + QStringLiteral("/link")));
        QCOMPARE(QProcess::execute(QStringLiteral("tar"), {QStringLiteral("-xf"), m_influxChain, QStringLiteral("-C"),
                                                           work + QStringLiteral("/link")}),
                 0);
        QFile finalFile(work + QStringLiteral("/link/manifest.final"));
        QVERIFY(finalFile.open(QIODevice::ReadOnly));
        auto parsed = Manifest::fromJson(finalFile.readAll(), finalFile.fileName());
        QVERIFY(parsed.ok());
        Manifest manifest = parsed.value();
        // The shard holding the most points (tm's first week): its TSM file's first bytes overwritten.
        ManifestFile *victim = nullptr;
        for (ManifestFile &file : manifest.files) {
            if (file.name != QLatin1String("meta") && (!victim || file.size > victim->size))
                victim = &file;
        }
        QVERIFY(victim);
        const QString shardTar = work + QStringLiteral("/link/") + victim->name;
        const QString unpacked = work + QStringLiteral("/shard");
        QVERIFY(QDir().mkpath(unpacked));
        QProcess list;
        list.start(QStringLiteral("tar"), {QStringLiteral("-tf"), shardTar});
        QVERIFY(list.waitForFinished());
        const QStringList names =
            QString::fromUtf8(list.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(
            QProcess::execute(QStringLiteral("tar"), {QStringLiteral("-xf"), shardTar, QStringLiteral("-C"), unpacked}),
            0);
        QString tsm;
        for (const QString &name : names) {
            if (name.endsWith(QLatin1String(".tsm")))
                tsm = unpacked + QLatin1Char('/') + name;
        }
        QVERIFY2(!tsm.isEmpty(), qPrintable(names.join(QLatin1Char(' '))));
        QFile tsmFile(tsm);
        QVERIFY(tsmFile.open(QIODevice::ReadWrite));
        // Its footer (the index's offset): the magic stays, which restore checks.
        QVERIFY(tsmFile.seek(tsmFile.size() - 8));
        QVERIFY(tsmFile.write(QByteArray(8, '\xff')) == 8);
        tsmFile.close();
        QCOMPARE(
            QProcess::execute(QStringLiteral("tar"), QStringList{QStringLiteral("--format=pax"), QStringLiteral("-cf"),
                                                                 shardTar, QStringLiteral("-C"), unpacked}
                                                         << names),
            0);
        victim->size = QFileInfo(shardTar).size();
        victim->checksum = Checksum::ofFile(shardTar).value();
        for (ManifestFile &file : manifest.files) {
            if (file.checksum.isEmpty())
                file.checksum = Checksum::ofFile(work + QStringLiteral("/link/") + file.name).value();
        }
        manifest.format = Manifest::kFormatChecksumsFirst;
        manifest.chainId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString chain = path(QStringLiteral("badtsm"));
        QFile out(chain);
        QVERIFY(out.open(QIODevice::WriteOnly));
        ArchiveWriter writer([&](const char *data, qsizetype size) { return out.write(data, size) == size; },
                             ArchiveWriter::Compression::None);
        QVERIFY(writer.open() && writer.addData(QStringLiteral("manifest"), manifest.toJson()));
        for (const ManifestFile &file : manifest.files)
            QVERIFY(writer.addFile(file.name, work + QStringLiteral("/link/") + file.name, file.size));
        QVERIFY(writer.finish());
        out.close();

        QJsonObject event;
        const CliRun run = drill(chain, &event);
        QVERIFY2(run.exitCode == 7, run.err.constData());
        QVERIFY2(event.value(QStringLiteral("step")).toString() == QLatin1String("log"), run.err.constData());
        QVERIFY2(run.err.contains("influxd reported"), run.err.constData());
        QVERIFY2(run.err.contains("corrupt tsm file"), run.err.constData()); // influxd's own words.
        QCOMPARE(entries(m_scratch), QStringList());
    }

    // An encrypted chain drills with its passphrase; without it the drill says so (exit 5) and
    // keeps no verdict (nothing was learnt about the chain).
    void encryptedChain()
    {
        const QString pass = path(QStringLiteral("passphrase"));
        QFile file(pass);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("a passphrase for the drill test\n");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QString chain = path(QStringLiteral("sealed"));
        const CliRun backup = runCli({QStringLiteral("backup"), QStringLiteral("--encrypt"),
                                      QStringLiteral("--passphrase-file"), pass, QStringLiteral("--compress"),
                                      QStringLiteral("zstd"), QStringLiteral("-host"), m_node.snapshotHost(), chain});
        QVERIFY2(backup.exitCode == 0, backup.err.constData());
        QJsonObject event;
        const CliRun locked = drill(chain, &event);
        QCOMPARE(locked.exitCode, 5);
        QVERIFY(!QFile::exists(chain + QStringLiteral(".drilled")));
        const CliRun run = drill(chain, &event, {QStringLiteral("--passphrase-file"), pass});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(event.value(QStringLiteral("ok")).toBool());
        QVERIFY(QFile::exists(chain + QStringLiteral(".drilled")));
        QCOMPARE(entries(m_scratch), QStringList());
    }

    // A drill killed with -9 leaves its scratch (its node dies with it); the next drill in the
    // same location removes it, and never a running drill's nor a kept one.
    void killedDrillIsCleanedUpNext()
    {
        QProcess process;
        process.start(NodeProcess::cliBinary(),
                      {QStringLiteral("drill"), QStringLiteral("--scratch"), m_scratch, m_influxChain});
        QVERIFY(process.waitForStarted());
        QString left;
        QDeadlineTimer deadline(60000);
        while (left.isEmpty() && !deadline.hasExpired()) {
            for (const QString &name : entries(m_scratch)) {
                if (QFile::exists(m_scratch + QLatin1Char('/') + name + QStringLiteral("/node.log")))
                    left = m_scratch + QLatin1Char('/') + name; // The node is starting or running.
            }
            QThread::msleep(20);
        }
        QVERIFY(!left.isEmpty());
        ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished());
        QVERIFY(QFile::exists(left));
        const QString kept = m_scratch + QStringLiteral("/tidemark-scratch-node-kept00");
        QVERIFY(QDir().mkpath(kept));
        QJsonObject event;
        const CliRun run = drill(m_chain, &event);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(!QFile::exists(left), qPrintable(left));
        QCOMPARE(entries(m_scratch), QStringList{QStringLiteral("tidemark-scratch-node-kept00")});
        QVERIFY(QDir(kept).removeRecursively());
    }

    // No room in the scratch location: refused before anything is restored, naming --scratch.
    void noRoom()
    {
        const QString small = path(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(small));
        QCOMPARE(QProcess::execute(QStringLiteral("mount"),
                                   {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                    QStringLiteral("size=1m"), QStringLiteral("tmpfs"), small}),
                 0);
        const CliRun run = runCli({QStringLiteral("drill"), QStringLiteral("--scratch"), small, m_chain});
        QProcess::execute(QStringLiteral("umount"), {small});
        QCOMPARE(run.exitCode, 8);
        QVERIFY2(run.err.contains("Not enough room for the drill"), run.err.constData());
        QVERIFY2(run.err.contains("--scratch DIR"), run.err.constData());
    }

    // An empty scratch node of each kind starts, answers SHOW DATABASES, stops on SIGTERM and its
    // directory goes with it.
    void scratchNodeStartsAndGoes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("tidemark") << QStringLiteral("tidemark");
        QTest::newRow("influxdb1") << QStringLiteral("influxdb1");
    }
    void scratchNodeStartsAndGoes()
    {
        QFETCH(QString, kind);
        QTemporaryDir parent;
        QString dir;
        {
            auto node = ScratchNode::create(*NodeKind::byName(kind), parent.path());
            QVERIFY2(node.ok(), node.ok() ? "" : qPrintable(node.error().toString()));
            ScratchNode &n = *node.value();
            dir = n.dir();
            QVERIFY(dir.startsWith(parent.path() + QLatin1Char('/')));
            QVERIFY(QFile::exists(n.configPath()));
            QVERIFY(n.httpAddress().isLoopback());
            QVERIFY(n.httpAddress().port != n.snapshotAddress().port);
            const Status started = n.start();
            QVERIFY2(started.ok(), started.ok() ? "" : qPrintable(started.error().toString()));
            QVERIFY(n.isRunning());
            auto databases = n.query(QStringLiteral("SHOW DATABASES"));
            QVERIFY2(databases.ok(), databases.ok() ? "" : qPrintable(databases.error().toString()));
            QVERIFY(databases->contains("results"));
            auto bad = n.query(QStringLiteral("SHOW NONSENSE"));
            QVERIFY(!bad.ok());
            QCOMPARE(bad.error().code, ErrorCode::Protocol);
            QCOMPARE(n.stop(), 0); // SIGTERM: a clean exit.
            QVERIFY(!n.isRunning());
        }
        QVERIFY2(!QFile::exists(dir), qPrintable(dir));
        QCOMPARE(QDir(parent.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }

    // A node that cannot start: the error is State and quotes the node's own words.
    void scratchNodeThatCannotStart()
    {
        QTemporaryDir parent;
        auto node = ScratchNode::create(*NodeKind::byName(QStringLiteral("tidemark")), parent.path());
        QVERIFY(node.ok());
        QVERIFY(QDir().mkpath(node.value()->dir() + QStringLiteral("/data")));
        QFile meta(node.value()->dir() + QStringLiteral("/data/meta"));
        QVERIFY(meta.open(QIODevice::WriteOnly));
        meta.write(QByteArray(8192, 'x'));
        meta.close();
        const Status started = node.value()->start();
        QVERIFY(!started.ok());
        QCOMPARE(started.error().code, ErrorCode::State);
        QVERIFY2(started.error().message.contains(QStringLiteral("tidemarkd exited")),
                 qPrintable(started.error().message));
        QVERIFY2(started.error().message.contains(QStringLiteral("meta")), qPrintable(started.error().message));
        node.value().reset();
        QCOMPARE(QDir(parent.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestDrill)
#include "tst_drill.moc"
