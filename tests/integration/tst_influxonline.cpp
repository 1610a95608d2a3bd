// Selective online restore into a running InfluxDB 1.x node (Debian's influxd 1.6.7), through the
// core API (NodeKind::onlineImporter()): the chain is made by the real tidemark-cli backup, the
// node takes writes into another database all along, and it is killed (and the client is
// killed) mid-import (issue 20).
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "influx1/Influx1OnlineImporter.h"
#include "kinds/NodeKind.h"
#include "snapshot/BackupChain.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QProcess>
#include <QTest>
#include <QUrlQuery>

#include <csignal>
#include <thread>

#include <unistd.h>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kWeekNs = 7 * kDayNs;
constexpr int kWeeks = 20;

// 20 weeks of points, one shard group (shard) per week: integers and floats, 60 points a week.
QByteArray weeks()
{
    QByteArray lines;
    for (int week = 0; week < kWeeks; ++week) {
        for (int i = 0; i < 60; ++i)
            lines += "weekly,week=" + QByteArray::number(week) + ",i=" + QByteArray::number(i % 6) +
                     " v=" + QByteArray::number(week * 100 + i) + "i,f=" + QByteArray::number(i * 0.25) + " " +
                     QByteArray::number(week * kWeekNs + i * 1000000000LL) + '\n';
    }
    return lines;
}

ConnectionSettings settingsFor(const InfluxProcess &node)
{
    ConnectionSettings settings;
    settings.kind = Manifest::Kind::InfluxDb1;
    settings.host = HostPort::parse(node.snapshotHost()).value();
    settings.influxHttp = HostPort{QStringLiteral("127.0.0.1"), node.httpPort()};
    settings.timeoutMs = 20000;
    return settings;
}

const OnlineImporter &importer()
{
    return NodeKind::of(Manifest::Kind::InfluxDb1).onlineImporter();
}

// The child mode (TST_INFLUXONLINE_CHILD=CHAIN;SNAPSHOT-PORT;HTTP-PORT;DATABASE;NEWNAME): imports
// and kills itself (SIGKILL) when the third shard's upload begins: a kill -9 of the client.
int runChild()
{
    const QStringList args = qEnvironmentVariable("TST_INFLUXONLINE_CHILD").split(QLatin1Char(';'));
    ConnectionSettings settings;
    settings.kind = Manifest::Kind::InfluxDb1;
    settings.host = {QStringLiteral("127.0.0.1"), static_cast<quint16>(args[1].toUInt())};
    settings.influxHttp = {QStringLiteral("127.0.0.1"), static_cast<quint16>(args[2].toUInt())};
    auto chain = BackupChain::open(args[0]);
    if (!chain)
        return 3;
    OnlineImporter::Context context{settings, chain.value(), chain->links().size(), nullptr, nullptr, {}, {}};
    context.stage = [](const QString &text) {
        if (text.contains(QLatin1String("(3 of")))
            ::kill(::getpid(), SIGKILL);
    };
    OnlineRestoreRequest request;
    request.database = args[3];
    request.newName = args[4];
    auto plan = importer().plan(context, request);
    if (!plan)
        return 4;
    return importer().import(context, plan.value()) ? 0 : 5;
}

} // namespace

class TestInfluxOnline : public QObject {
    Q_OBJECT

private:
    InfluxProcess m_node;
    QTemporaryDir m_dir;
    QString m_chain;
    QString m_count; ///< count(v) of `tm` at backup time, and the sums.
    QString m_sumV;
    QString m_sumF;

    QJsonArray query(const QString &database, const QString &q)
    {
        QUrlQuery params;
        params.addQueryItem(QStringLiteral("db"), database);
        params.addQueryItem(QStringLiteral("q"), q);
        const auto reply = m_node.request("GET", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded));
        return QJsonDocument::fromJson(reply.body)
            .object()
            .value(QStringLiteral("results"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("series"))
            .toArray();
    }
    QStringList databases()
    {
        QStringList out;
        for (const QJsonValue row :
             query({}, QStringLiteral("SHOW DATABASES")).at(0).toObject().value(QStringLiteral("values")).toArray())
            out << row.toArray().at(0).toString();
        return out;
    }
    int shardCount(const QString &database)
    {
        for (const QJsonValue series : query({}, QStringLiteral("SHOW SHARDS")))
            if (series.toObject().value(QStringLiteral("name")).toString() == database)
                return static_cast<int>(series.toObject().value(QStringLiteral("values")).toArray().size());
        return 0;
    }
    // "count sumV sumF" of `database`, as influxd answers them.
    QString totals(const QString &database, const QString &where = {})
    {
        return m_node.queryValue(database, QStringLiteral("SELECT count(v) FROM weekly") + where) + QLatin1Char(' ') +
               m_node.queryValue(database, QStringLiteral("SELECT sum(v) FROM weekly") + where) + QLatin1Char(' ') +
               m_node.queryValue(database, QStringLiteral("SELECT sum(f) FROM weekly") + where);
    }
    QString journalFor(const QString &database) const
    {
        return Influx1OnlineImporter::journalPath(m_node.snapshotHost(), database);
    }

    // plan() and import() on a thread of their own while the event loop spins (the writer goes on).
    struct Outcome {
        bool planned = false;
        Error error;
        OnlineRestorePlan plan;
        bool ok = false;
    };
    Outcome restore(const OnlineRestoreRequest &request, const QString &chainPath = {},
                    const std::function<void(const QString &)> &stage = {}, std::atomic_bool *cancel = nullptr)
    {
        Outcome outcome;
        std::atomic_bool done = false;
        const ConnectionSettings settings = settingsFor(m_node);
        std::thread worker([&] {
            auto chain = BackupChain::open(chainPath.isEmpty() ? m_chain : chainPath);
            if (!chain) {
                outcome.error = chain.error();
                done = true;
                return;
            }
            OnlineImporter::Context context{settings, chain.value(), chain->links().size(), cancel, nullptr, {}, {}};
            context.stage = stage;
            auto plan = importer().plan(context, request);
            if (!plan) {
                outcome.error = plan.error();
                done = true;
                return;
            }
            outcome.planned = true;
            outcome.plan = plan.value();
            Status s = importer().import(context, plan.value());
            outcome.ok = s.ok();
            if (!s)
                outcome.error = s.error();
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done.load(); }, 120000))
            qWarning("the restore took more than 2 minutes");
        worker.join();
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is not installed (scripts/deps.sh installs it)");
        qputenv("XDG_STATE_HOME", m_dir.filePath(QStringLiteral("state")).toUtf8());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+tm")).status, 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        const auto written = m_node.request("POST", QStringLiteral("/write?db=tm"), weeks());
        QVERIFY2(written.status == 204, written.body.constData());
        // `del`: 100 points, then a quarter deleted (a tombstone in its shard); `empty`: no shards.
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+del")).status, 200);
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+empty")).status, 200);
        QByteArray del;
        for (int i = 0; i < 100; ++i)
            del += "m,host=h" + QByteArray::number(i % 4) + " v=" + QByteArray::number(i) + "i " +
                   QByteArray::number((1500000000LL + i) * 1000000000LL) + '\n';
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=del"), del).status, 204);
        // A backup makes influxd write its cache into a TSM file: the DELETE then leaves a tombstone.
        QByteArray scratchErr;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                      QStringLiteral("-host"), m_node.snapshotHost(), QStringLiteral("--database"),
                                      QStringLiteral("del"), m_dir.filePath(QStringLiteral("before-delete"))},
                                     nullptr, &scratchErr) == 0,
                 scratchErr.constData());
        QCOMPARE(m_node.request("POST", QStringLiteral("/query?db=del&q=DELETE+FROM+m+WHERE+host%3D%27h1%27")).status,
                 200);
        m_chain = m_dir.filePath(QStringLiteral("chain"));
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                      QStringLiteral("-host"), m_node.snapshotHost(), m_chain},
                                     nullptr, &err) == 0,
                 err.constData());
        m_count = m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly"));
        QCOMPARE(m_count, QStringLiteral("1200"));
        m_sumV = m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT sum(v) FROM weekly"));
        m_sumF = m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT sum(f) FROM weekly"));
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    // The whole database under a new name while another database takes writes: the same points.
    void restoreUnderANewNameWhileWriting()
    {
        Writer writer(m_node.httpPort());
        writer.start();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 3, 30000);
        // Points written into the source after the backup are not in the restored copy.
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=tm"), "weekly,week=0 v=100000i,f=1 5").status, 204);

        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_copy");
        QElapsedTimer timer;
        timer.start();
        const Outcome outcome = restore(request);
        const qint64 ms = timer.elapsed();
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        qInfo("restored %d shards (%lld bytes) in %lld ms", int(outcome.plan.shards.size()), outcome.plan.bytesToImport,
              ms);
        QCOMPARE(outcome.plan.shards.size(), size_t(kWeeks));
        QVERIFY(!outcome.plan.databaseExists);
        QVERIFY(outcome.plan.bytesToImport > 0);
        for (const auto &shard : outcome.plan.shards) {
            QCOMPARE(shard.action, OnlineRestorePlan::Shard::Action::Import);
            QVERIFY(shard.start.isValid() && shard.end > shard.start);
        }
        const int before = writer.written();
        QTRY_VERIFY_WITH_TIMEOUT(writer.written() > before, 30000); // Writes went on.
        writer.stop();
        QTRY_VERIFY_WITH_TIMEOUT(writer.idle(), 30000);
        QVERIFY(!writer.failed());

        QCOMPARE(totals(QStringLiteral("tm_copy")), m_count + QLatin1Char(' ') + m_sumV + QLatin1Char(' ') + m_sumF);
        QCOMPARE(shardCount(QStringLiteral("tm_copy")), kWeeks);
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("tm_copy"))));
        // The restored copy takes writes, and the source is as it was (with its later point).
        QCOMPARE(m_node.request("POST", QStringLiteral("/write?db=tm_copy"), "weekly,week=99 v=1i,f=1 7").status, 204);
        QCOMPARE(m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly")),
                 QString::number(m_count.toInt() + 1));
    }

    // --rp and --shard: exactly the chosen shards come, with their points; nothing else.
    void chosenShardsOnly()
    {
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.retentionPolicy = QStringLiteral("autogen");
        request.newName = QStringLiteral("tm_two");
        request.shardIds = {3, 7};
        const Outcome outcome = restore(request);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QCOMPARE(outcome.plan.shards.size(), size_t(2));
        QCOMPARE(shardCount(QStringLiteral("tm_two")), 2);
        // Shards 3 and 7 hold weeks 2 and 6.
        const QString where = QStringLiteral(" WHERE week = '2' OR week = '6'");
        QCOMPARE(totals(QStringLiteral("tm_two")), totals(QStringLiteral("tm_copy"), where));
        QCOMPARE(m_node.queryValue(QStringLiteral("tm_two"), QStringLiteral("SELECT count(v) FROM weekly")),
                 QStringLiteral("120"));
    }

    void namesWhatTheChainLacks()
    {
        OnlineRestoreRequest request;
        request.database = QStringLiteral("nosuch");
        Outcome outcome = restore(request);
        QVERIFY(!outcome.planned);
        QCOMPARE(outcome.error.code, ErrorCode::NotFound);
        QVERIFY2(outcome.error.message.contains(QLatin1String("holds no database 'nosuch'")),
                 qPrintable(outcome.error.message));
        QVERIFY2(outcome.error.hint.contains(QLatin1String("tm")), qPrintable(outcome.error.hint));

        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_x");
        request.shardIds = {3, 999};
        outcome = restore(request);
        QCOMPARE(outcome.error.code, ErrorCode::NotFound);
        QVERIFY2(outcome.error.message.contains(QLatin1String("no shard 999")), qPrintable(outcome.error.message));

        request.shardIds = {};
        request.retentionPolicy = QStringLiteral("weekly");
        outcome = restore(request);
        QCOMPARE(outcome.error.code, ErrorCode::NotFound);
        QVERIFY2(outcome.error.message.contains(QLatin1String("no retention policy 'weekly'")),
                 qPrintable(outcome.error.message));
        QVERIFY(!databases().contains(QStringLiteral("tm_x")));
    }

    // An existing target: fail refuses naming it and the options, skip leaves it, replace is
    // refused with the reason and the fix; the node's database is the same after each.
    void onConflict()
    {
        const QString before = totals(QStringLiteral("tm_two"));
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_two");

        Outcome outcome = restore(request);
        QVERIFY(!outcome.planned);
        QCOMPARE(outcome.error.code, ErrorCode::Conflict);
        QCOMPARE(static_cast<int>(outcome.error.code), 14);
        QVERIFY2(outcome.error.message.contains(QLatin1String("has a database 'tm_two' already")),
                 qPrintable(outcome.error.message));
        QVERIFY2(outcome.error.hint.contains(QLatin1String("--as")) &&
                     outcome.error.hint.contains(QLatin1String("--on-conflict skip")),
                 qPrintable(outcome.error.hint));

        request.onConflict = OnlineRestoreRequest::OnConflict::Replace;
        outcome = restore(request);
        QVERIFY(!outcome.planned);
        QCOMPARE(outcome.error.code, ErrorCode::Conflict);
        QVERIFY2(outcome.error.message.contains(QLatin1String("cannot replace it while it runs")),
                 qPrintable(outcome.error.message));
        QVERIFY2(outcome.error.hint.contains(QLatin1String("DROP DATABASE \"tm_two\"")),
                 qPrintable(outcome.error.hint));

        request.onConflict = OnlineRestoreRequest::OnConflict::Skip;
        outcome = restore(request);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QVERIFY(outcome.plan.databaseExists);
        QCOMPARE(outcome.plan.bytesToImport, 0);
        QCOMPARE(outcome.plan.shards.size(), size_t(kWeeks));
        for (const auto &shard : outcome.plan.shards) {
            QCOMPARE(shard.action, OnlineRestorePlan::Shard::Action::Skip);
            QVERIFY(shard.reason.contains(QLatin1String("exists on the node")));
        }
        QCOMPARE(totals(QStringLiteral("tm_two")), before);
        QCOMPARE(shardCount(QStringLiteral("tm_two")), 2);
    }

    // influxd's shard update takes no tombstones: points deleted but not compacted away at backup
    // time come back, and the import says so (or, once influxd compacted the shard before the
    // backup, they stay deleted).
    void tombstonesAreNamed()
    {
        OnlineRestoreRequest request;
        request.database = QStringLiteral("del");
        request.newName = QStringLiteral("del_copy");
        QStringList stages;
        const Outcome outcome = restore(request, {}, [&](const QString &text) { stages << text; });
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QVERIFY(outcome.plan.notes.join(QLatin1Char('\n')).contains(QLatin1String("Tombstones are not imported")));
        const QString count = m_node.queryValue(QStringLiteral("del_copy"), QStringLiteral("SELECT count(v) FROM m"));
        const bool warned = stages.join(QLatin1Char('\n')).contains(QLatin1String("carried tombstones"));
        qInfo("tombstones in the chain: %s; restored count %s", warned ? "yes" : "no (compacted)", qPrintable(count));
        QCOMPARE(count, warned ? QStringLiteral("100") : QStringLiteral("75"));
        QCOMPARE(m_node.queryValue(QStringLiteral("del"), QStringLiteral("SELECT count(v) FROM m")),
                 QStringLiteral("75"));
    }

    // A database without shards is created with its policies.
    void databaseWithoutShards()
    {
        OnlineRestoreRequest request;
        request.database = QStringLiteral("empty");
        request.newName = QStringLiteral("empty_copy");
        const Outcome outcome = restore(request);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QVERIFY(outcome.plan.shards.empty());
        QVERIFY(databases().contains(QStringLiteral("empty_copy")));
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("empty_copy"))));
    }

    // A byte flipped inside a shard's TSM data: refused before the node is touched.
    void damagedChainIsRefusedBeforeTheNodeIsTouched()
    {
        const QString damaged = m_dir.filePath(QStringLiteral("damaged"));
        QVERIFY(QFile::copy(m_chain, damaged));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        // The last shard's TSM magic; a byte of its data some way after it.
        const qsizetype at = bytes.lastIndexOf(QByteArray::fromHex("16d116d1"));
        QVERIFY(at > 0);
        bytes[at + 40] = static_cast<char>(bytes[at + 40] ^ 0x5a);
        QVERIFY(file.seek(0) && file.write(bytes) == bytes.size());
        file.close();

        const QStringList before = databases();
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_damaged");
        const Outcome outcome = restore(request, damaged);
        QVERIFY(outcome.planned); // The meta store is sound: the damage is found by import's check.
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::Integrity);
        QVERIFY2(outcome.error.message.contains(QLatin1String("damaged")) && outcome.error.message.contains(damaged),
                 qPrintable(outcome.error.toString()));
        QCOMPARE(databases(), before);
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("tm_damaged"))));
    }

    // Two imports into one database of a node: the second is refused before it changes anything.
    void concurrentImportIsRefused()
    {
        QDir().mkpath(QFileInfo(journalFor(QStringLiteral("tm_busy"))).absolutePath());
        QLockFile other(journalFor(QStringLiteral("tm_busy")) + QStringLiteral(".lock"));
        QVERIFY(other.tryLock(0));
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_busy");
        const Outcome outcome = restore(request);
        QVERIFY(outcome.planned && !outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::Busy);
        QVERIFY2(outcome.error.message.contains(QLatin1String("Another restore into database 'tm_busy'")),
                 qPrintable(outcome.error.message));
        QVERIFY(!databases().contains(QStringLiteral("tm_busy")));
    }

    // A failure after the database was created (here a cancel during the third shard) drops it
    // again: the node has what it had.
    void failureMidwayIsRolledBack()
    {
        const QStringList before = databases();
        std::atomic_bool cancel = false;
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_cancelled");
        bool sawDatabase = false;
        const Outcome outcome = restore(
            request, {},
            [&](const QString &text) {
                if (text.contains(QLatin1String("(3 of"))) {
                    sawDatabase = true;
                    cancel = true;
                }
            },
            &cancel);
        QVERIFY(sawDatabase);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.code, ErrorCode::Cancelled);
        QVERIFY2(outcome.error.hint.contains(QLatin1String("was dropped again")), qPrintable(outcome.error.toString()));
        QCOMPARE(databases(), before);
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("tm_cancelled"))));
    }

    // kill -9 of the node during the third shard: it comes back serving what it had; the
    // half-imported database (the journal says so) is dropped and imported again by the next run.
    void nodeKilledMidImport()
    {
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_nodekill");
        const QString hot = m_node.queryValue(QStringLiteral("hot"), QStringLiteral("SELECT count(*) FROM load"));
        const QString source = totals(QStringLiteral("tm"));
        const qint64 pid = m_node.processId();
        Outcome outcome = restore(request, {}, [&](const QString &text) {
            if (text.contains(QLatin1String("(3 of")))
                ::kill(static_cast<pid_t>(pid), SIGKILL);
        });
        m_node.kill(); // Reaps it.
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.hint.contains(QLatin1String("stays half-imported")),
                 qPrintable(outcome.error.toString()));
        QVERIFY(QFile::exists(journalFor(QStringLiteral("tm_nodekill"))));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(totals(QStringLiteral("tm")), source);
        QCOMPARE(m_node.queryValue(QStringLiteral("hot"), QStringLiteral("SELECT count(*) FROM load")), hot);
        // influxd made the database visible at the meta store update: it is there, half full.
        QVERIFY(databases().contains(QStringLiteral("tm_nodekill")));
        QVERIFY(totals(QStringLiteral("tm_nodekill")) != source);

        outcome = restore(request); // --on-conflict fail: the half-import is this importer's own.
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QVERIFY2(outcome.plan.notes.join(QLatin1Char('\n')).contains(QLatin1String("half-imported")),
                 qPrintable(outcome.plan.notes.join(QLatin1Char('\n'))));
        QCOMPARE(totals(QStringLiteral("tm_nodekill")),
                 m_count + QLatin1Char(' ') + m_sumV + QLatin1Char(' ') + m_sumF);
        QCOMPARE(shardCount(QStringLiteral("tm_nodekill")), kWeeks);
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("tm_nodekill"))));
    }

    // kill -9 of the client (a child process running the import) during the third shard.
    void clientKilledMidImport()
    {
        const QString source = totals(QStringLiteral("tm"));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TST_INFLUXONLINE_CHILD"),
                   QStringList{m_chain, QString::number(m_node.snapshotPort()), QString::number(m_node.httpPort()),
                               QStringLiteral("tm"), QStringLiteral("tm_clientkill")}
                       .join(QLatin1Char(';')));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(120000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(journalFor(QStringLiteral("tm_clientkill"))));
        QCOMPARE(totals(QStringLiteral("tm")), source);                 // The node serves what it had.
        QVERIFY(databases().contains(QStringLiteral("tm_clientkill"))); // Half-imported, until the next run.

        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_clientkill");
        const Outcome outcome = restore(request);
        QVERIFY2(outcome.ok, qPrintable(outcome.error.toString()));
        QVERIFY(outcome.plan.notes.join(QLatin1Char('\n')).contains(QLatin1String("half-imported")));
        QCOMPARE(totals(QStringLiteral("tm_clientkill")),
                 m_count + QLatin1Char(' ') + m_sumV + QLatin1Char(' ') + m_sumF);
        QCOMPARE(shardCount(QStringLiteral("tm_clientkill")), kWeeks);
        QVERIFY(!QFile::exists(journalFor(QStringLiteral("tm_clientkill"))));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("TST_INFLUXONLINE_CHILD"))
        return runChild();
    TestInfluxOnline test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_influxonline.moc"
