// tidemark-cli ls (issue 20, Browse) against what the test wrote. A real tidemarkd and a real
// influxd 1.6.7 get known data (databases, measurements with escaped names, series, points across
// shards), then a full backup and incrementals with more writes, a dropped measurement and series
// (InfluxDB) and a dropped database in between; `ls --json CHAIN:N` at every link must give every
// database, retention policy, shard, measurement, series count and first and last point as the
// test's own record of the writes says, PATH must narrow it (and what is read), the errors must
// carry their exit codes, and a damaged link must fail naming the file while no scratch stays.
// The real tidemark-cli runs every time; encrypted chains and (where Ceph is installed) s3://
// chains are listed as local plain ones.
#include "support/CephCluster.h"
#include "support/InfluxProcess.h"
#include "support/NodeBlockLinks.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUrl>

#include "snapshot/BackupChain.h"

#include <optional>

#include <csignal>

using namespace tidemark::test;

namespace {

constexpr qint64 kSecondNs = 1000000000LL;
constexpr qint64 kWeekNs = 7 * kDayNs;
constexpr qint64 kBase = 1000000000LL * kSecondNs; // 2001-09-09T01:46:40Z

// One point the test wrote, as a node holds it.
struct Written {
    QString database;
    QString policy;
    QString measurement; ///< Unescaped.
    QByteArray series;   ///< The series' identity (measurement and tags) as the test spells it.
    qint64 ns = 0;
};

// Everything the test wrote and dropped: what a node holds at any moment.
struct Record {
    QMap<QString, QStringList> policies; ///< Database → its retention policies.
    std::vector<Written> points;

    void create(const QString &db, const QStringList &rps = {QStringLiteral("autogen")}) { policies[db] = rps; }
    void dropDatabase(const QString &db)
    {
        policies.remove(db);
        std::erase_if(points, [&](const Written &p) { return p.database == db; });
    }
    void dropMeasurement(const QString &db, const QString &m)
    {
        std::erase_if(points, [&](const Written &p) { return p.database == db && p.measurement == m; });
    }
    void dropSeries(const QString &db, const QByteArray &series)
    {
        std::erase_if(points, [&](const Written &p) { return p.database == db && p.series == series; });
    }
};

// Line protocol for `count` points of one series from `ns` on, `step` apart; recorded in `record`.
// `escaped` is the measurement as written (`disk\ io`), `name` as it is read back (`disk io`).
QByteArray lines(Record &record, const QString &db, const QString &rp, const QByteArray &escaped, const QString &name,
                 const QByteArray &tags, qint64 ns, int count = 1, qint64 step = kSecondNs,
                 const QByteArray &fields = "v=1")
{
    QByteArray out;
    const QByteArray series = escaped + (tags.isEmpty() ? QByteArray() : "," + tags);
    for (int i = 0; i < count; ++i) {
        const qint64 t = ns + i * step;
        out += series + ' ' + fields + ' ' + QByteArray::number(t) + '\n';
        record.points.push_back({db, rp, name, series, t});
    }
    return out;
}

struct Measurement {
    qint64 series = 0;
    qint64 first = 0;
    qint64 last = 0;
    friend bool operator==(const Measurement &, const Measurement &) = default;
};
struct Shard {
    qint64 id = 0;
    qint64 start = 0;
    qint64 end = 0;
    qint64 bytes = 0;
    bool inChain = false;
    QString link;
    qint64 series = 0;
    QMap<QString, Measurement> measurements;
};
struct Policy {
    bool isDefault = false;
    qint64 duration = 0;
    qint64 shardGroupDuration = 0;
    std::vector<Shard> shards;
};
// `ls --json` read back: the tree, the done event, and the order events came in.
struct Listing {
    int exitCode = -1;
    QMap<QString, QMap<QString, Policy>> databases;
    QJsonObject done;
    QJsonObject error;
    QStringList events;
    QByteArray out;
    QByteArray err;
};

Listing ls(const QStringList &args)
{
    Listing l;
    l.exitCode =
        NodeProcess::runCli(QStringList{QStringLiteral("ls"), QStringLiteral("--json")} + args, &l.out, &l.err);
    for (const QByteArray &line : l.out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString event = o.value(QStringLiteral("event")).toString();
        l.events << event;
        const QString db = o.value(QStringLiteral("database")).toString();
        const QString rp = o.value(QStringLiteral("rp")).toString();
        if (event == QLatin1String("database")) {
            l.databases[db];
        } else if (event == QLatin1String("rp")) {
            Policy &p = l.databases[db][rp];
            p.isDefault = o.value(QStringLiteral("default")).toBool();
            p.duration = o.value(QStringLiteral("durationNs")).toInteger();
            p.shardGroupDuration = o.value(QStringLiteral("shardGroupDurationNs")).toInteger();
        } else if (event == QLatin1String("shard")) {
            Shard s;
            s.id = o.value(QStringLiteral("shard")).toInteger();
            s.start = o.value(QStringLiteral("startNs")).toInteger();
            s.end = o.value(QStringLiteral("endNs")).toInteger();
            s.bytes = o.value(QStringLiteral("bytes")).toInteger();
            s.inChain = o.value(QStringLiteral("inChain")).toBool();
            s.link = o.value(QStringLiteral("link")).toString();
            s.series = o.value(QStringLiteral("series")).toInteger();
            l.databases[db][rp].shards.push_back(s);
        } else if (event == QLatin1String("measurement")) {
            Shard &s = l.databases[db][rp].shards.back();
            s.measurements[o.value(QStringLiteral("measurement")).toString()] = {
                o.value(QStringLiteral("series")).toInteger(), o.value(QStringLiteral("firstNs")).toInteger(),
                o.value(QStringLiteral("lastNs")).toInteger()};
        } else if (event == QLatin1String("done")) {
            l.done = o;
        } else if (event == QLatin1String("error")) {
            l.error = o;
        }
    }
    return l;
}

QString describe(const QMap<QString, Measurement> &ms)
{
    QStringList parts;
    for (auto it = ms.begin(); it != ms.end(); ++it)
        parts << QStringLiteral("%1: %2 series %3..%4").arg(it.key()).arg(it->series).arg(it->first).arg(it->last);
    return parts.join(QStringLiteral("; "));
}

// What `record` says a shard of db/rp over [start, end) holds.
QMap<QString, Measurement> expected(const Record &record, const QString &db, const QString &rp, qint64 start,
                                    qint64 end)
{
    QMap<QString, Measurement> out;
    QMap<QString, QSet<QByteArray>> series;
    for (const Written &p : record.points) {
        if (p.database != db || p.policy != rp || p.ns < start || p.ns >= end)
            continue;
        auto it = out.find(p.measurement);
        if (it == out.end())
            it = out.insert(p.measurement, {0, p.ns, p.ns});
        it->first = std::min(it->first, p.ns);
        it->last = std::max(it->last, p.ns);
        series[p.measurement].insert(p.series);
        it->series = series[p.measurement].size();
    }
    return out;
}

// The first difference between a listing and the record (empty: none). `databases` limits the
// record to those databases (a PATH); every written point must lie in exactly one listed shard,
// and every listed shard must hold exactly the record's measurements of its time range.
QString difference(const Listing &listing, const Record &record, const QStringList &databases = {})
{
    QStringList wanted = record.policies.keys();
    if (!databases.isEmpty())
        wanted = databases;
    if (listing.databases.keys() != wanted)
        return QStringLiteral("databases %1, wrote %2").arg(listing.databases.keys().join(u','), wanted.join(u','));
    for (const QString &db : wanted) {
        const auto &policies = listing.databases[db];
        for (const QString &rp : record.policies.value(db)) {
            if (!policies.contains(rp))
                return QStringLiteral("%1 lacks retention policy %2").arg(db, rp);
        }
        for (const Written &p : record.points) {
            if (p.database != db)
                continue;
            int holders = 0;
            for (const Shard &s : policies.value(p.policy).shards)
                holders += s.start <= p.ns && p.ns < s.end ? 1 : 0;
            if (holders != 1)
                return QStringLiteral("point %1 at %2 of %3/%4 lies in %5 listed shards")
                    .arg(QString::fromUtf8(p.series))
                    .arg(p.ns)
                    .arg(db, p.policy)
                    .arg(holders);
        }
        for (auto rp = policies.begin(); rp != policies.end(); ++rp) {
            for (const Shard &s : rp->shards) {
                const QMap<QString, Measurement> want = expected(record, db, rp.key(), s.start, s.end);
                if (s.measurements != want)
                    return QStringLiteral("shard %1 of %2/%3 [%4, %5) lists {%6}, the test wrote {%7}")
                        .arg(s.id)
                        .arg(db, rp.key())
                        .arg(s.start)
                        .arg(s.end)
                        .arg(describe(s.measurements), describe(want));
                qint64 series = 0;
                for (const Measurement &m : want)
                    series += m.series;
                if (s.series != series || !s.inChain || (series > 0 && s.bytes <= 0) || s.link.isEmpty())
                    return QStringLiteral("shard %1 of %2/%3: %4 series, in chain %5, %6 bytes, link '%7'")
                        .arg(s.id)
                        .arg(db, rp.key())
                        .arg(s.series)
                        .arg(s.inChain)
                        .arg(s.bytes)
                        .arg(s.link);
            }
        }
    }
    return {};
}

// The shard of db/rp whose range holds `ns`.
const Shard *shardAt(const Listing &listing, const QString &db, const QString &rp, qint64 ns)
{
    const auto policies = listing.databases.constFind(db);
    if (policies == listing.databases.cend())
        return nullptr;
    const auto policy = policies->constFind(rp);
    if (policy == policies->cend())
        return nullptr;
    for (const Shard &s : policy->shards) {
        if (s.start <= ns && ns < s.end)
            return &s;
    }
    return nullptr;
}

// The content of the first entry named `name` of a plain tar (an uncompressed link).
std::optional<std::pair<qint64, qint64>> entryContent(const QString &path, const QString &name)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (;;) {
        const qint64 at = file.pos();
        const QByteArray header = file.read(512);
        if (header.size() < 512 || header.count('\0') == 512)
            return std::nullopt;
        const QString entry = QString::fromUtf8(header.left(100).constData());
        const qint64 size = header.mid(124, 12).trimmed().toLongLong(nullptr, 8);
        const char type = header.at(156);
        if ((type == '0' || type == '\0') && entry == name)
            return std::pair{at + 512, size};
        if (!file.seek(at + 512 + (size + 511) / 512 * 512))
            return std::nullopt;
    }
}

bool flipByte(const QString &path, qint64 pos)
{
    QFile f(path);
    char c = 0;
    if (!f.open(QIODevice::ReadWrite) || !f.seek(pos) || !f.getChar(&c) || !f.seek(pos))
        return false;
    return f.putChar(static_cast<char>(c ^ 0x20));
}

QStringList scratchLeft(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".tidemark-*")}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// Runs `tidemark-cli ARGS`, sampling its peak RSS every few ms (KiB). Under AddressSanitizer its
// quarantine of freed memory is kept small, so the RSS is the client's own.
qint64 peakRssKiB(const QStringList &args, int *exitCode)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    env.insert(QStringLiteral("ASAN_OPTIONS"),
               (asan.isEmpty() ? QString() : asan + QLatin1Char(':')) +
                   QStringLiteral("quarantine_size_mb=4:thread_local_quarantine_size_kb=64"));
    process.setProcessEnvironment(env);
    process.start(NodeProcess::cliBinary(), args);
    qint64 peak = 0;
    if (!process.waitForStarted())
        return 0;
    QFile status(QStringLiteral("/proc/%1/status").arg(process.processId()));
    while (!process.waitForFinished(5)) {
        if (!status.isOpen() && !status.open(QIODevice::ReadOnly))
            continue;
        status.seek(0);
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                peak = std::max(peak, line.mid(6).trimmed().split(' ').first().toLongLong());
        }
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return peak;
}

bool copyChain(const QString &from, const QString &to)
{
    const QFileInfo info(from);
    for (const QString &name : QDir(info.path()).entryList({info.fileName() + QStringLiteral("*")}, QDir::Files)) {
        if (!QFile::copy(info.path() + u'/' + name,
                         QFileInfo(to).path() + u'/' + QFileInfo(to).fileName() + name.mid(info.fileName().size())))
            return false;
    }
    return true;
}

} // namespace

class TestBrowse : public QObject {
    Q_OBJECT

private:
    // The Tidemark node, its chain, and what the test wrote up to each link (-1, 0, 1, 2).
    NodeProcess m_node;
    QTemporaryDir m_dir;
    Record m_tidemark;
    QMap<int, Record> m_tidemarkAt;
    // The InfluxDB node and its chain.
    std::unique_ptr<InfluxProcess> m_influx;
    Record m_influxRecord;
    QMap<int, Record> m_influxAt;

    // A second Tidemark node whose chain holds block links (issue 19), and the same states taken as
    // whole files: a real full backup and incremental, then links appended by the test from the
    // stopped node's files (support/NodeBlockLinks.h).
    NodeProcess m_blockNode;
    Record m_blocks;
    QMap<int, Record> m_blocksAt;

    QString blockChain() const { return m_dir.filePath(QStringLiteral("blocks/node1")); }
    QString wholeChain() const { return m_dir.filePath(QStringLiteral("wholes/node1")); }
    QString tidemarkChain() const { return m_dir.filePath(QStringLiteral("tidemark/node1")); }
    QString influxChain() const { return m_dir.filePath(QStringLiteral("influx/node1")); }

    void write(const QString &db, const QByteArray &body)
    {
        const auto reply = m_node.request("POST", QStringLiteral("/write?db=%1").arg(db), body);
        QVERIFY2(reply.status == 204, reply.body.constData());
    }
    void query(const QString &q)
    {
        const auto reply =
            m_node.request("POST", QStringLiteral("/query?q=") + QString::fromUtf8(QUrl::toPercentEncoding(q)));
        QVERIFY2(reply.status == 200 && !reply.body.contains("\"error\""), reply.body.constData());
    }
    void backupTidemark(int link)
    {
        QByteArray out;
        QByteArray err;
        // Whole files: the links read per listing below are counted (block links: tidemarkBlockLinks).
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--whole-files"),
                                      QStringLiteral("-host"), m_node.snapshotHost(), tidemarkChain()},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY(QFile::exists(link < 0 ? tidemarkChain() : tidemarkChain() + QStringLiteral(".%1").arg(link)));
        m_tidemarkAt[link] = m_tidemark;
    }

    void influxWrite(const QString &db, const QString &rp, const QByteArray &body)
    {
        const auto reply = m_influx->request("POST", QStringLiteral("/write?db=%1&rp=%2").arg(db, rp), body);
        QVERIFY2(reply.status == 204, reply.body.constData());
    }
    void influxQuery(const QString &db, const QString &q)
    {
        const auto reply = m_influx->request(
            "POST", QStringLiteral("/query?db=%1&q=%2").arg(db, QString::fromUtf8(QUrl::toPercentEncoding(q))));
        QVERIFY2(reply.status == 200 && !reply.body.contains("\"error\""), reply.body.constData());
    }
    void backupInflux(int link)
    {
        QByteArray out;
        QByteArray err;
        // Whole shards: the cases count the links a path reads (reference links, which read every
        // version of a shard, are listed in tst_influxrefreaders).
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                                      QStringLiteral("--whole-files"), QStringLiteral("-host"),
                                      m_influx->snapshotHost(), influxChain()},
                                     &out, &err) == 0,
                 err.constData());
        QVERIFY2(QFile::exists(link < 0 ? influxChain() : influxChain() + QStringLiteral(".%1").arg(link)),
                 out.constData());
        m_influxAt[link] = m_influxRecord;
    }

    void blockWrite(const QString &db, const QByteArray &body)
    {
        const auto reply = m_blockNode.request("POST", QStringLiteral("/write?db=%1").arg(db), body);
        QVERIFY2(reply.status == 204, reply.body.constData());
    }
    // A real backup of the block node into both chains (the same link).
    void blockBackup(int link)
    {
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli(
                     {QStringLiteral("backup"), QStringLiteral("-host"), m_blockNode.snapshotHost(), blockChain()},
                     &out, &err) == 0,
                 err.constData());
        const QString suffix = link < 0 ? QString() : QStringLiteral(".%1").arg(link);
        QVERIFY(QFile::copy(blockChain() + suffix, wholeChain() + suffix));
        m_blocksAt[link] = m_blocks;
    }
    // The node stopped, its changed files appended as block links (and whole to the other chain).
    void blockAppend(int link)
    {
        QCOMPARE(m_blockNode.stop(), 0);
        auto blocks = appendNodeBlockLinks(blockChain(), m_blockNode.dataDir());
        QVERIFY2(blocks, blocks ? "" : qPrintable(blocks.error().message));
        QVERIFY(blocks.value() > 0);
        auto wholes = appendNodeBlockLinks(wholeChain(), m_blockNode.dataDir(), true);
        QVERIFY2(wholes, wholes ? "" : qPrintable(wholes.error().message));
        QCOMPARE(wholes.value(), blocks.value());
        QVERIFY(QFile::exists(blockChain() + QStringLiteral(".%1").arg(link)));
        m_blocksAt[link] = m_blocks;
        QString error;
        QVERIFY2(m_blockNode.start(&error), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(QFileInfo(tidemarkChain()).path()));
        QVERIFY(QDir().mkpath(QFileInfo(influxChain()).path()));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_node.stop(), 0);
        if (m_blockNode.pid() != 0)
            QCOMPARE(m_blockNode.stop(), 0);
        if (m_influx)
            QCOMPARE(m_influx->stop(), 0);
    }

    // Three databases over days -2 to 12 (one shard a day), escaped names, then a full backup;
    // more series, a longer span and a new shard (.0); a dropped database (.1); a new empty
    // database and a new shard (.2).
    void tidemarkChainWithDropsAndWrites()
    {
        Record &r = m_tidemark;
        for (const char *db : {"alpha", "beta", "gamma"}) {
            query(QStringLiteral("CREATE DATABASE ") + QLatin1String(db));
            r.create(QLatin1String(db));
        }
        const QString a = QStringLiteral("alpha");
        const QString autogen = QStringLiteral("autogen");
        QByteArray body;
        for (int h = 0; h < 5; ++h)
            body += lines(r, a, autogen, "cpu", QStringLiteral("cpu"),
                          "host=h" + QByteArray::number(h) + ",region=r" + QByteArray::number(h % 2),
                          kBase + 10 * kDayNs + h * 60 * kSecondNs, 10);
        body += lines(r, a, autogen, "mem", QStringLiteral("mem"), "host=h0", kBase + 10 * kDayNs + 5 * kSecondNs, 3);
        body += lines(r, a, autogen, "mem", QStringLiteral("mem"), "host=h1", kBase + 11 * kDayNs, 4, 3600 * kSecondNs);
        body +=
            lines(r, a, autogen, "disk\\ io\\,x", QStringLiteral("disk io,x"), "dev=sda", kBase + 11 * kDayNs + 7, 2);
        body += lines(r, a, autogen, "cpu", QStringLiteral("cpu"), "host=h0,region=r0", kBase + 12 * kDayNs + 1);
        body += lines(r, a, autogen, "old", QStringLiteral("old"), "era=past", -2 * kDayNs + 5, 3, kDayNs / 4);
        write(a, body);
        body.clear();
        for (int s = 1; s <= 3; ++s) {
            body += lines(r, QStringLiteral("beta"), autogen, "temp", QStringLiteral("temp"),
                          "sensor=s" + QByteArray::number(s), kBase + 10 * kDayNs + s, 5, 600 * kSecondNs);
            body += lines(r, QStringLiteral("beta"), autogen, "temp", QStringLiteral("temp"),
                          "sensor=s" + QByteArray::number(s), kBase + 20 * kDayNs + s, 2);
        }
        write(QStringLiteral("beta"), body);
        write(QStringLiteral("gamma"),
              lines(r, QStringLiteral("gamma"), autogen, "x", QStringLiteral("x"), "k=v", kBase + 5 * kDayNs, 2));
        backupTidemark(-1);

        body = lines(r, a, autogen, "cpu", QStringLiteral("cpu"), "host=h5,region=r1", kBase + 12 * kDayNs + 9, 2);
        body += lines(r, a, autogen, "cpu", QStringLiteral("cpu"), "host=h0,region=r0",
                      kBase + 10 * kDayNs + 80000 * kSecondNs);
        write(a, body);
        write(QStringLiteral("beta"), lines(r, QStringLiteral("beta"), autogen, "temp", QStringLiteral("temp"),
                                            "sensor=s9", kBase + 21 * kDayNs, 3));
        backupTidemark(0);

        query(QStringLiteral("DROP DATABASE gamma"));
        r.dropDatabase(QStringLiteral("gamma"));
        backupTidemark(1);

        query(QStringLiteral("CREATE DATABASE delta"));
        r.create(QStringLiteral("delta"));
        write(a, lines(r, a, autogen, "mem", QStringLiteral("mem"), "host=h2", kBase + 13 * kDayNs, 2));
        backupTidemark(2);
    }

    void tidemarkEveryLinkAsWritten_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<int>("link");
        QTest::newRow("full") << QStringLiteral(":-1") << -1;
        QTest::newRow(".0") << QStringLiteral(":0") << 0;
        QTest::newRow(".1") << QStringLiteral(":1") << 1;
        QTest::newRow(".2") << QStringLiteral(":2") << 2;
        QTest::newRow("newest") << QString() << 2;
    }

    void tidemarkEveryLinkAsWritten()
    {
        QFETCH(QString, suffix);
        QFETCH(int, link);
        const Listing l = ls({tidemarkChain() + suffix});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        const QString diff = difference(l, m_tidemarkAt[link]);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        for (const auto &policies : l.databases) {
            const Policy &p = policies.value(QStringLiteral("autogen"));
            QVERIFY(p.isDefault);
            QCOMPARE(p.duration, qint64(0));
            QCOMPARE(p.shardGroupDuration, kDayNs);
        }
        QCOMPARE(l.done.value(QStringLiteral("upto")).toInt(), link);
        QCOMPARE(l.done.value(QStringLiteral("kind")).toString(), QStringLiteral("tidemark"));
        QCOMPARE(l.done.value(QStringLiteral("link")).toString(),
                 link < 0 ? tidemarkChain() : tidemarkChain() + QStringLiteral(".%1").arg(link));
        QVERIFY(l.events.first() == QLatin1String("database") && l.events.last() == QLatin1String("done"));
        // gamma is there until it was dropped; delta is empty.
        QCOMPARE(l.databases.contains(QStringLiteral("gamma")), link < 1);
        if (link == 2)
            QVERIFY(l.databases.value(QStringLiteral("delta")).value(QStringLiteral("autogen")).shards.empty());
        QVERIFY(scratchLeft(QFileInfo(tidemarkChain()).path()).isEmpty());
    }

    // Each shard comes from the link holding its newest copy: beta's day 10 never changed.
    void tidemarkShardsComeFromTheirNewestLink()
    {
        const Listing l = ls({tidemarkChain()});
        QCOMPARE(l.exitCode, 0);
        const QString beta = QStringLiteral("beta");
        const QString autogen = QStringLiteral("autogen");
        QCOMPARE(shardAt(l, beta, autogen, kBase + 10 * kDayNs)->link, tidemarkChain());
        QCOMPARE(shardAt(l, beta, autogen, kBase + 21 * kDayNs)->link, tidemarkChain() + QStringLiteral(".0"));
        QCOMPARE(shardAt(l, QStringLiteral("alpha"), autogen, kBase + 13 * kDayNs)->link,
                 tidemarkChain() + QStringLiteral(".2"));
        // Shard times: a day each, the old one before 1970.
        const Shard *old = shardAt(l, QStringLiteral("alpha"), autogen, -2 * kDayNs + 5);
        QCOMPARE(old->start, -2 * kDayNs);
        QCOMPARE(old->end, -kDayNs);
        QCOMPARE(old->measurements.value(QStringLiteral("old")),
                 (Measurement{1, -2 * kDayNs + 5, -2 * kDayNs + 5 + kDayNs / 2}));
        QVERIFY(l.done.value(QStringLiteral("linksRead")).toInt() >= 3);

        // The human tree: databases, policies, shards with sizes, measurements with series.
        QByteArray out;
        QByteArray err;
        QCOMPARE(NodeProcess::runCli({QStringLiteral("ls"), tidemarkChain() + QStringLiteral(":0")}, &out, &err), 0);
        const QString text = QString::fromUtf8(out);
        QVERIFY2(text.startsWith(tidemarkChain() + QStringLiteral(" at link 0 (") + tidemarkChain() +
                                 QStringLiteral(".0; Tidemark node, taken ")),
                 qPrintable(text));
        for (const char *want : {"\nalpha\n", "\n  autogen  default, keeps forever, shard groups of 1d, ", "\ngamma\n",
                                 "    shard ", " KiB  in ", "      cpu  ", "      disk io,x  ", "     5 series  "})
            QVERIFY2(text.contains(QLatin1String(want)), want);
    }

    // PATH narrows the listing and what is read; a shard alone is read from its link only.
    void tidemarkPathNarrows()
    {
        const Listing all = ls({tidemarkChain()});
        const QString alpha = QStringLiteral("alpha");
        const QString autogen = QStringLiteral("autogen");

        Listing l = ls({tidemarkChain(), alpha});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QString diff = difference(l, m_tidemarkAt[2], {alpha});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(l.done.value(QStringLiteral("path")).toString(), alpha);

        l = ls({tidemarkChain(), QStringLiteral("alpha/autogen")});
        QCOMPARE(l.exitCode, 0);
        QCOMPARE(l.databases.keys(), QStringList{alpha});
        QCOMPARE(l.databases[alpha].keys(), QStringList{autogen});
        QCOMPARE(l.databases[alpha][autogen].shards.size(), all.databases[alpha][autogen].shards.size());

        // beta's day 10: the meta store from .2 and the shard from the full, nothing else.
        const Shard *day10 = shardAt(all, QStringLiteral("beta"), autogen, kBase + 10 * kDayNs);
        QVERIFY(day10);
        l = ls({tidemarkChain(), QStringLiteral("beta/autogen/%1").arg(day10->id)});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QCOMPARE(l.databases[QStringLiteral("beta")][autogen].shards.size(), size_t(1));
        const Shard &only = l.databases[QStringLiteral("beta")][autogen].shards.front();
        QCOMPARE(only.measurements, day10->measurements);
        QCOMPARE(only.measurements.value(QStringLiteral("temp")).series, qint64(3));
        QCOMPARE(l.done.value(QStringLiteral("linksRead")).toInt(), 2);
        QVERIFY(l.done.value(QStringLiteral("bytesRead")).toInteger() <=
                QFileInfo(tidemarkChain()).size() + QFileInfo(tidemarkChain() + QStringLiteral(".2")).size());

        // One measurement of one shard, with its ancestors' events before it.
        const Shard *day10a = shardAt(all, alpha, autogen, kBase + 10 * kDayNs);
        l = ls({tidemarkChain(), QStringLiteral("alpha/autogen/%1/cpu").arg(day10a->id)});
        QCOMPARE(l.exitCode, 0);
        QCOMPARE(l.events, (QStringList{QStringLiteral("database"), QStringLiteral("rp"), QStringLiteral("shard"),
                                        QStringLiteral("measurement"), QStringLiteral("done")}));
        const Shard &cpuShard = l.databases[alpha][autogen].shards.front();
        QCOMPARE(cpuShard.measurements.keys(), QStringList{QStringLiteral("cpu")});
        QCOMPARE(cpuShard.measurements.value(QStringLiteral("cpu")),
                 expected(m_tidemarkAt[2], alpha, autogen, day10a->start, day10a->end).value(QStringLiteral("cpu")));
        QCOMPARE(cpuShard.measurements.value(QStringLiteral("cpu")).series, qint64(5));
        // A measurement name with a slash, comma and space is the rest of the path.
        const Shard *day11 = shardAt(all, alpha, autogen, kBase + 11 * kDayNs + 7);
        l = ls({tidemarkChain(), QStringLiteral("alpha/autogen/%1/disk io,x").arg(day11->id)});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QCOMPARE(l.databases[alpha][autogen].shards.front().measurements.value(QStringLiteral("disk io,x")),
                 (Measurement{1, kBase + 11 * kDayNs + 7, kBase + 11 * kDayNs + 7 + kSecondNs}));

        // --shallow: the same shards with their bytes and links, no measurement, only the meta
        // store's link read; a measurement in the path is refused.
        l = ls({QStringLiteral("--shallow"), tidemarkChain()});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QCOMPARE(l.databases.keys(), all.databases.keys());
        for (const QString &db : all.databases.keys()) {
            QCOMPARE(l.databases[db].keys(), all.databases[db].keys());
            for (const QString &rp : all.databases[db].keys()) {
                const std::vector<Shard> deep = all.databases.value(db).value(rp).shards;
                const std::vector<Shard> flat = l.databases.value(db).value(rp).shards;
                QCOMPARE(flat.size(), deep.size());
                for (size_t i = 0; i < deep.size(); ++i) {
                    QCOMPARE(flat[i].id, deep[i].id);
                    QCOMPARE(flat[i].bytes, deep[i].bytes);
                    QCOMPARE(flat[i].link, deep[i].link);
                    QVERIFY(flat[i].measurements.isEmpty());
                }
            }
        }
        QCOMPARE(l.done.value(QStringLiteral("linksRead")).toInt(), 1);
        QCOMPARE(l.done.value(QStringLiteral("measurements")).toInt(), 0);
        l = ls({QStringLiteral("--shallow"), tidemarkChain(), QStringLiteral("alpha/autogen/%1/cpu").arg(day10a->id)});
        QCOMPARE(l.exitCode, 2);

        // gamma at the full snapshot, before it was dropped.
        l = ls({tidemarkChain() + QStringLiteral(":-1"), QStringLiteral("gamma")});
        QCOMPARE(l.exitCode, 0);
        diff = difference(l, m_tidemarkAt[-1], {QStringLiteral("gamma")});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void tidemarkErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString chain = m_dir.filePath(QStringLiteral("tidemark/node1"));
        QTest::newRow("link past the newest")
            << QStringList{chain + QStringLiteral(":3")} << 12 << QStringLiteral("has no link 3");
        QTest::newRow("link before the full")
            << QStringList{chain + QStringLiteral(":-2")} << 2 << QStringLiteral("is not a link number");
        QTest::newRow("link not a number")
            << QStringList{chain + QStringLiteral(":two")} << 2 << QStringLiteral("is not a link number");
        QTest::newRow("no chain") << QStringList{m_dir.filePath(QStringLiteral("tidemark/none"))} << 12
                                  << QStringLiteral("There is no backup at");
        QTest::newRow("unknown database")
            << QStringList{chain, QStringLiteral("nosuch")} << 12 << QStringLiteral("holds no database 'nosuch'");
        QTest::newRow("dropped database") << QStringList{chain + QStringLiteral(":1"), QStringLiteral("gamma")} << 12
                                          << QStringLiteral("holds no database 'gamma'");
        QTest::newRow("unknown policy") << QStringList{chain, QStringLiteral("alpha/weekly")} << 12
                                        << QStringLiteral("has no retention policy 'weekly'");
        QTest::newRow("unknown shard") << QStringList{chain, QStringLiteral("alpha/autogen/999")} << 12
                                       << QStringLiteral("has no shard 999");
        QTest::newRow("shard not a number")
            << QStringList{chain, QStringLiteral("alpha/autogen/x")} << 2 << QStringLiteral("is not a shard id");
        QTest::newRow("empty part") << QStringList{chain, QStringLiteral("alpha//1")} << 2
                                    << QStringLiteral("part 2 is empty");
        QTest::newRow("two paths") << QStringList{chain, QStringLiteral("a"), QStringLiteral("b")} << 2 << QString();
    }

    void tidemarkErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        const Listing l = ls(args);
        QCOMPARE(l.exitCode, code);
        QVERIFY2(l.err.contains(message.toUtf8()), l.err.constData());
        if (!message.isEmpty() && code != 2) {
            QCOMPARE(l.error.value(QStringLiteral("code")).toInt(), code); // --json: an error event on stdout.
            QVERIFY(l.error.value(QStringLiteral("message")).toString().contains(message));
        }
        QVERIFY(scratchLeft(QFileInfo(tidemarkChain()).path()).isEmpty());
    }

    void tidemarkMissingMeasurementSaysWhatIsThere()
    {
        const Listing all = ls({tidemarkChain()});
        const Shard *day10 = shardAt(all, QStringLiteral("alpha"), QStringLiteral("autogen"), kBase + 10 * kDayNs);
        const Listing l = ls({tidemarkChain(), QStringLiteral("alpha/autogen/%1/swap").arg(day10->id)});
        QCOMPARE(l.exitCode, 12);
        QVERIFY2(l.err.contains("holds no measurement 'swap'") && l.err.contains("cpu, mem"), l.err.constData());
        const Listing gone = ls({tidemarkChain(), QStringLiteral("nosuch")});
        QVERIFY2(gone.err.contains("alpha, beta, delta"), gone.err.constData());
    }

    // One changed byte in a shard that is read: exit 7 naming the link and the file, no scratch;
    // what does not need that link still lists.
    void tidemarkDamagedLinkIsRefused()
    {
        const QString copy = m_dir.filePath(QStringLiteral("damaged/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(tidemarkChain(), copy));
        const Listing all = ls({copy});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const QString beta = QStringLiteral("beta");
        const QString autogen = QStringLiteral("autogen");
        const Shard *day10 = shardAt(all, beta, autogen, kBase + 10 * kDayNs);
        QCOMPARE(day10->link, copy);
        const QString entry = QStringLiteral("shards/%1").arg(day10->id);
        const auto content = entryContent(copy, entry);
        QVERIFY(content);
        QVERIFY(flipByte(copy, content->first + content->second / 2));

        Listing l = ls({copy});
        QCOMPARE(l.exitCode, 7);
        QVERIFY2(l.err.contains(copy.toUtf8()) && l.err.contains(entry.toUtf8()), l.err.constData());
        QCOMPARE(l.error.value(QStringLiteral("code")).toInt(), 7);
        QVERIFY2(scratchLeft(QFileInfo(copy).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(copy).path()).join(u' ')));
        l = ls({copy, QStringLiteral("beta/autogen/%1").arg(day10->id)});
        QCOMPARE(l.exitCode, 7);
        QVERIFY(scratchLeft(QFileInfo(copy).path()).isEmpty());
        // Shards whose newest copies are in later links do not read the full: they still list.
        const Shard *day21 = shardAt(all, beta, autogen, kBase + 21 * kDayNs);
        QCOMPARE(day21->link, copy + QStringLiteral(".0"));
        l = ls({copy, QStringLiteral("beta/autogen/%1").arg(day21->id)});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QCOMPARE(l.done.value(QStringLiteral("linksRead")).toInt(), 2);
        QCOMPARE(l.databases[beta][autogen].shards.front().measurements, day21->measurements);
        QVERIFY(scratchLeft(QFileInfo(copy).path()).isEmpty());
    }

    // An encrypted chain of the same node lists the same with its passphrase; without it, exit 5.
    void tidemarkEncryptedChain()
    {
        const QString chain = m_dir.filePath(QStringLiteral("encrypted/node1"));
        const QString pass = m_dir.filePath(QStringLiteral("passphrase"));
        QVERIFY(QDir().mkpath(QFileInfo(chain).path()));
        QFile file(pass);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("correct horse battery\n") > 0);
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("--encrypt"),
                                      QStringLiteral("--passphrase-file"), pass, QStringLiteral("--kdf-memory"),
                                      QStringLiteral("8"), QStringLiteral("--kdf-passes"), QStringLiteral("1"),
                                      QStringLiteral("-host"), m_node.snapshotHost(), chain},
                                     &out, &err) == 0,
                 err.constData());
        Listing l = ls({chain, QStringLiteral("--passphrase-file"), pass});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        const QString diff = difference(l, m_tidemark);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        l = ls({chain});
        QCOMPARE(l.exitCode, 5);
        QVERIFY(scratchLeft(QFileInfo(chain).path()).isEmpty());
    }

    // The same node's chain on S3 (a real Ceph cluster), where Ceph is installed.
    void tidemarkS3Chain()
    {
        if (!CephCluster::available()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("Ceph is not installed (ceph-mon, ceph-osd, radosgw, s3cmd): scripts/deps.sh installs them");
            QSKIP("Ceph is not installed (ceph-mon, ceph-osd, radosgw, s3cmd; scripts/deps.sh installs them)");
        }
        CephCluster &ceph = CephCluster::shared();
        QString error;
        QVERIFY2(ceph.start(&error), qPrintable(error));
        const QString bucket = ceph.makeBucket(&error);
        QVERIFY2(!bucket.isEmpty(), qPrintable(error));
        qputenv("AWS_ACCESS_KEY_ID", ceph.accessKey().toUtf8());
        qputenv("AWS_SECRET_ACCESS_KEY", ceph.secretKey().toUtf8());
        qputenv("AWS_ENDPOINT_URL", ceph.endpoint().toUtf8());
        qputenv("AWS_REGION", "us-east-1");
        qunsetenv("AWS_PROFILE");
        QTemporaryDir home;
        qputenv("AWS_CONFIG_FILE", home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("AWS_SHARED_CREDENTIALS_FILE", home.filePath(QStringLiteral("credentials")).toUtf8());
        const QString chain = QStringLiteral("s3://%1/tidemark/node1").arg(bucket);
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chain},
                                     &out, &err) == 0,
                 err.constData());
        const Listing l = ls({chain + QStringLiteral(":-1")});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        const QString diff = difference(l, m_tidemark);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(l.done.value(QStringLiteral("chain")).toString(), chain);
    }

    // Bounded memory: a shard of 32 MiB of points is listed in about the memory of a small one
    // (its file goes to scratch, its series are found by seeking, nothing of it is held); SIGINT
    // while it is read ends ls with exit code 13 and removes the scratch.
    void tidemarkBigShardInBoundedMemoryAndInterrupted()
    {
        Record &r = m_tidemark;
        const QString big = QStringLiteral("big");
        query(QStringLiteral("CREATE DATABASE big"));
        r.create(big);
        const QByteArray fields = "s=\"" + QByteArray(2000, 'x') + "\"";
        for (int batch = 0; batch < 8; ++batch) {
            QByteArray body;
            for (int h = 0; h < 8; ++h)
                body += lines(r, big, QStringLiteral("autogen"), "blob", QStringLiteral("blob"),
                              "host=h" + QByteArray::number(h), kBase + 40 * kDayNs + (batch * 250) * kSecondNs + h,
                              250, kSecondNs, fields);
            write(big, body);
        }
        const QString chain = m_dir.filePath(QStringLiteral("big/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(chain).path()));
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chain},
                                     &out, &err) == 0,
                 err.constData());
        const Listing all = ls({chain});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const QString diff = difference(all, r);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const Shard *shard = shardAt(all, big, QStringLiteral("autogen"), kBase + 40 * kDayNs);
        QVERIFY(shard && shard->bytes > (32 << 20));
        QCOMPARE(shard->measurements.value(QStringLiteral("blob")).series, qint64(8));
        const Shard *small = shardAt(all, QStringLiteral("beta"), QStringLiteral("autogen"), kBase + 10 * kDayNs);
        int smallCode = -1;
        int bigCode = -1;
        const qint64 smallPeak =
            peakRssKiB({QStringLiteral("ls"), chain, QStringLiteral("beta/autogen/%1").arg(small->id)}, &smallCode);
        const qint64 bigPeak =
            peakRssKiB({QStringLiteral("ls"), chain, QStringLiteral("big/autogen/%1").arg(shard->id)}, &bigCode);
        QCOMPARE(smallCode, 0);
        QCOMPARE(bigCode, 0);
        qInfo("ls of a shard of %lld MiB: peak RSS %lld MiB (a shard of %lld KiB: %lld MiB)", shard->bytes >> 20,
              bigPeak >> 10, small->bytes >> 10, smallPeak >> 10);
        QVERIFY2(smallPeak > 0 && bigPeak - smallPeak < 16 * 1024,
                 qPrintable(QStringLiteral("peak RSS %1 KiB against %2 KiB").arg(bigPeak).arg(smallPeak)));
        QVERIFY(scratchLeft(QFileInfo(chain).path()).isEmpty());

        // SIGINT while it reads the big shard: exit 13 within 2 s, and its scratch goes with it.
        QProcess process;
        process.start(NodeProcess::cliBinary(),
                      {QStringLiteral("ls"), chain, QStringLiteral("big/autogen/%1").arg(shard->id)});
        QVERIFY(process.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        while (scratchLeft(QFileInfo(chain).path()).isEmpty() && process.state() == QProcess::Running &&
               clock.elapsed() < 30000)
            QThread::usleep(500);
        QVERIFY2(process.state() == QProcess::Running, "ls ended before its scratch directory was seen");
        clock.restart();
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        qInfo("ls ended %lld ms after SIGINT", clock.elapsed());
        QCOMPARE(process.exitCode(), 13);
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY2(scratchLeft(QFileInfo(chain).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(chain).path()).join(u' ')));
    }

    // Block links (issue 19): a full backup and an incremental by the node, then .1 and .2 appended
    // from the stopped node's files as block links (more points in day 10's shard, a new series in
    // day 11's, then a new database and more points in day 10's: the meta store a block link too).
    void tidemarkBlockLinkChain()
    {
        QVERIFY(QDir().mkpath(QFileInfo(blockChain()).path()));
        QVERIFY(QDir().mkpath(QFileInfo(wholeChain()).path()));
        QString error;
        QVERIFY2(m_blockNode.start(&error), qPrintable(error));
        Record &r = m_blocks;
        const QString s = QStringLiteral("sea");
        const QString autogen = QStringLiteral("autogen");
        QVERIFY(m_blockNode.request("POST", QStringLiteral("/query?q=CREATE%20DATABASE%20sea")).status == 200);
        r.create(s);
        const auto series = [&](int from, int to, qint64 ns, int count) {
            QByteArray body;
            for (int i = from; i < to; ++i)
                body += lines(r, s, autogen, "tide", QStringLiteral("tide"), "buoy=b" + QByteArray::number(i), ns + i,
                              count, 60 * kSecondNs, "level=1.5,note=\"" + QByteArray(100, 'n') + "\"");
            return body;
        };
        blockWrite(s, series(0, 40, kBase + 10 * kDayNs, 30) + series(0, 5, kBase + 11 * kDayNs, 10));
        blockBackup(-1);
        blockWrite(s, series(40, 50, kBase + 10 * kDayNs, 30) + series(0, 3, kBase + 12 * kDayNs, 5));
        blockBackup(0);
        blockWrite(s, series(0, 20, kBase + 10 * kDayNs + 40000 * kSecondNs, 5) +
                          series(5, 8, kBase + 11 * kDayNs + 3600 * kSecondNs, 4));
        blockAppend(1);
        QVERIFY(m_blockNode.request("POST", QStringLiteral("/query?q=CREATE%20DATABASE%20surf")).status == 200);
        r.create(QStringLiteral("surf"));
        blockWrite(QStringLiteral("surf"), lines(r, QStringLiteral("surf"), autogen, "wave", QStringLiteral("wave"),
                                                 "spot=a", kBase + 10 * kDayNs, 3));
        blockWrite(s, series(20, 30, kBase + 10 * kDayNs + 50000 * kSecondNs, 2));
        blockAppend(2);

        // .1 and .2 hold block links, smaller than the files they rebuild; .2's meta store is one.
        auto chain = tidemark::BackupChain::open(blockChain());
        QVERIFY(chain);
        for (size_t i : {size_t(2), size_t(3)}) {
            auto final = chain->finalManifest(chain->links()[i]);
            QVERIFY(final);
            int blockLinks = 0;
            for (const tidemark::ManifestFile &f : final->files) {
                if (!f.isBlockLink())
                    continue;
                ++blockLinks;
                qInfo("%s: %s, a block link of %lld bytes for a file of %lld", qPrintable(chain->links()[i].path),
                      qPrintable(f.name), f.size, f.fileSize());
                QVERIFY2(f.size < f.fileSize() || f.fileSize() < 3 * 4096, qPrintable(f.name));
            }
            QVERIFY(blockLinks >= 2);
            if (i == 3)
                QVERIFY(final->file(QStringLiteral("meta"))->isBlockLink());
        }
    }

    void tidemarkBlockLinksEveryLink_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<int>("link");
        QTest::newRow("full") << QStringLiteral(":-1") << -1;
        QTest::newRow(".0") << QStringLiteral(":0") << 0;
        QTest::newRow(".1 (block links)") << QStringLiteral(":1") << 1;
        QTest::newRow(".2 (block links)") << QString() << 2;
    }

    // `ls` at each link gives that link's counts; the same as the chain of whole files, sizes too
    // (the rebuilt files', the node's files').
    void tidemarkBlockLinksEveryLink()
    {
        QFETCH(QString, suffix);
        QFETCH(int, link);
        const Listing blocks = ls({blockChain() + suffix});
        QVERIFY2(blocks.exitCode == 0, blocks.err.constData());
        const QString diff = difference(blocks, m_blocksAt[link]);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const Listing wholes = ls({wholeChain() + suffix});
        QVERIFY2(wholes.exitCode == 0, wholes.err.constData());
        QCOMPARE(blocks.databases.keys(), wholes.databases.keys());
        int shards = 0;
        for (const QString &db : wholes.databases.keys()) {
            const Policy a = blocks.databases.value(db).value(QStringLiteral("autogen"));
            const Policy b = wholes.databases.value(db).value(QStringLiteral("autogen"));
            QCOMPARE(a.shards.size(), b.shards.size());
            for (size_t i = 0; i < a.shards.size(); ++i, ++shards) {
                QCOMPARE(a.shards[i].id, b.shards[i].id);
                QCOMPARE(a.shards[i].bytes, b.shards[i].bytes);
                QCOMPARE(a.shards[i].measurements, b.shards[i].measurements);
                QCOMPARE(a.shards[i].link.mid(blockChain().size()), b.shards[i].link.mid(wholeChain().size()));
            }
        }
        QVERIFY(shards >= 2);
        qInfo("ls at %d: %lld links, %lld bytes read (as whole files: %lld links, %lld bytes)", link,
              blocks.done.value(QStringLiteral("linksRead")).toInteger(),
              blocks.done.value(QStringLiteral("bytesRead")).toInteger(),
              wholes.done.value(QStringLiteral("linksRead")).toInteger(),
              wholes.done.value(QStringLiteral("bytesRead")).toInteger());
        if (link == 2) {
            const Shard *day10 = shardAt(blocks, QStringLiteral("sea"), QStringLiteral("autogen"), kBase + 10 * kDayNs);
            QVERIFY(day10);
            QCOMPARE(day10->link, blockChain() + QStringLiteral(".2"));
            QCOMPARE(day10->bytes,
                     QFileInfo(m_blockNode.dataDir() + QStringLiteral("/shards/%1").arg(day10->id)).size());
            QCOMPARE(day10->measurements.value(QStringLiteral("tide")).series, qint64(50));
        }
        QVERIFY(scratchLeft(QFileInfo(blockChain()).path()).isEmpty());
    }

    // A flipped byte in a block link: exit 7 naming the link and the entry, no scratch left; the
    // links before it still list.
    void tidemarkDamagedBlockLinkIsRefused()
    {
        const QString copy = m_dir.filePath(QStringLiteral("damagedblocks/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(blockChain(), copy));
        const Listing all = ls({copy});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const Shard *day10 = shardAt(all, QStringLiteral("sea"), QStringLiteral("autogen"), kBase + 10 * kDayNs);
        QVERIFY(day10);
        const QString entry = QStringLiteral("shards/%1").arg(day10->id);
        const QString link1 = copy + QStringLiteral(".1");
        const auto content = entryContent(link1, entry);
        QVERIFY(content);
        QVERIFY(flipByte(link1, content->first + content->second / 2));
        for (const QString &at : {QString(), QStringLiteral(":1")}) {
            const Listing l = ls({copy + at, QStringLiteral("sea")});
            QCOMPARE(l.exitCode, 7);
            QVERIFY2(l.err.contains(link1.toUtf8()) && l.err.contains(entry.toUtf8()), l.err.constData());
            QVERIFY2(scratchLeft(QFileInfo(copy).path()).isEmpty(),
                     qPrintable(scratchLeft(QFileInfo(copy).path()).join(u' ')));
        }
        const Listing before = ls({copy + QStringLiteral(":0")});
        QVERIFY2(before.exitCode == 0, before.err.constData());
        const QString diff = difference(before, m_blocksAt[0]);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // influxd 1.6.7: two databases, a second retention policy, escaped names, several fields per
    // series over four weeks; then more series and a new shard (.0), a dropped measurement and a
    // dropped series (.1: tombstones in the shards' tars), a dropped database (.2).
    void influxChainWithDropsAndWrites()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb; scripts/deps.sh installs it)");
        m_influx = std::make_unique<InfluxProcess>();
        QString error;
        QVERIFY2(m_influx->start(&error), qPrintable(error));
        Record &r = m_influxRecord;
        const QString metrics = QStringLiteral("metrics");
        const QString other = QStringLiteral("other");
        const QString autogen = QStringLiteral("autogen");
        const QString recent = QStringLiteral("recent");
        influxQuery({}, QStringLiteral("CREATE DATABASE metrics"));
        influxQuery({}, QStringLiteral("CREATE DATABASE other"));
        influxQuery(metrics, QStringLiteral("CREATE RETENTION POLICY recent ON metrics DURATION 30d REPLICATION 1 "
                                            "SHARD DURATION 1d"));
        r.create(metrics, {autogen, recent});
        r.create(other);
        QByteArray body;
        for (int h = 0; h < 4; ++h) {
            for (int week = 0; week < 2; ++week)
                body +=
                    lines(r, metrics, autogen, "cpu", QStringLiteral("cpu"), "host=h" + QByteArray::number(h),
                          kBase + week * kWeekNs + h * kSecondNs, 20, 60 * kSecondNs, "usage_user=1,usage_system=2");
        }
        for (int week = 0; week < 3; ++week)
            body += lines(r, metrics, autogen, "mem", QStringLiteral("mem"), "host=h0", kBase + week * kWeekNs + 3, 5);
        body += lines(r, metrics, autogen, "disk\\ io", QStringLiteral("disk io"), "dev=sda,path=/x\\ y",
                      kBase + kWeekNs + 11, 4, kSecondNs, "r=1i,w=2i");
        influxWrite(metrics, autogen, body);
        const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000000;
        influxWrite(metrics, recent,
                    lines(r, metrics, recent, "load", QStringLiteral("load"), "host=a", now - 2 * kDayNs, 3) +
                        lines(r, metrics, recent, "load", QStringLiteral("load"), "host=b", now - kDayNs, 2));
        influxWrite(other, autogen, lines(r, other, autogen, "x", QStringLiteral("x"), "k=v", kBase, 2));
        backupInflux(-1);

        QTest::qWait(1100); // Tar times are whole seconds: what changes next is newer.
        body = lines(r, metrics, autogen, "cpu", QStringLiteral("cpu"), "host=h4", kBase + kWeekNs + 30 * kSecondNs, 3);
        body += lines(r, metrics, autogen, "cpu", QStringLiteral("cpu"), "host=h0", kBase + 3 * kWeekNs, 2);
        influxWrite(metrics, autogen, body);
        backupInflux(0);

        QTest::qWait(1100);
        influxQuery(metrics, QStringLiteral("DROP MEASUREMENT mem"));
        r.dropMeasurement(metrics, QStringLiteral("mem"));
        influxQuery(metrics, QStringLiteral("DROP SERIES FROM cpu WHERE host='h1'"));
        r.dropSeries(metrics, "cpu,host=h1");
        backupInflux(1);

        QTest::qWait(1100);
        influxQuery({}, QStringLiteral("DROP DATABASE other"));
        r.dropDatabase(other);
        backupInflux(2);
    }

    void influxEveryLinkAsWritten_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("full") << -1;
        QTest::newRow(".0") << 0;
        QTest::newRow(".1") << 1;
        QTest::newRow(".2") << 2;
    }

    void influxEveryLinkAsWritten()
    {
        QFETCH(int, link);
        if (!m_influx)
            QSKIP("influxd is not installed");
        const Listing l = ls({influxChain() + QStringLiteral(":%1").arg(link)});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        const QString diff = difference(l, m_influxAt[link]);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(l.done.value(QStringLiteral("kind")).toString(), QStringLiteral("influxdb1"));
        const Policy autogen = l.databases.value(QStringLiteral("metrics")).value(QStringLiteral("autogen"));
        QVERIFY(autogen.isDefault);
        QCOMPARE(autogen.duration, qint64(0));
        QCOMPARE(autogen.shardGroupDuration, kWeekNs);
        const Policy recent = l.databases.value(QStringLiteral("metrics")).value(QStringLiteral("recent"));
        QVERIFY(!recent.isDefault);
        QCOMPARE(recent.duration, 30 * kDayNs);
        QCOMPARE(recent.shardGroupDuration, kDayNs);
        QCOMPARE(recent.shards.size(), size_t(2));
        // mem was in three shards until it was dropped; the dropped series leaves cpu with 4 (h0, h2-h4).
        const Shard *week1 = shardAt(l, QStringLiteral("metrics"), QStringLiteral("autogen"), kBase + kWeekNs);
        QVERIFY(week1);
        QCOMPARE(week1->measurements.contains(QStringLiteral("mem")), link < 1);
        QCOMPARE(week1->measurements.value(QStringLiteral("cpu")).series, qint64(link == 0 ? 5 : 4));
        QCOMPARE(l.databases.contains(QStringLiteral("other")), link < 2);
        QVERIFY(scratchLeft(QFileInfo(influxChain()).path()).isEmpty());
    }

    void influxPathNarrowsAndDamageIsRefused()
    {
        if (!m_influx)
            QSKIP("influxd is not installed");
        const QString metrics = QStringLiteral("metrics");
        const QString autogen = QStringLiteral("autogen");
        const Listing all = ls({influxChain()});
        QCOMPARE(all.exitCode, 0);
        const Shard *week1 = shardAt(all, metrics, autogen, kBase + kWeekNs);
        Listing l = ls({influxChain(), QStringLiteral("metrics/autogen/%1/disk io").arg(week1->id)});
        QVERIFY2(l.exitCode == 0, l.err.constData());
        QCOMPARE(l.databases[metrics][autogen].shards.front().measurements.value(QStringLiteral("disk io")),
                 (Measurement{1, kBase + kWeekNs + 11, kBase + kWeekNs + 11 + 3 * kSecondNs}));
        QCOMPARE(l.done.value(QStringLiteral("linksRead")).toInt(),
                 week1->link == influxChain() + QStringLiteral(".2") ? 1 : 2);
        l = ls({influxChain(), QStringLiteral("metrics/recent")});
        QCOMPARE(l.exitCode, 0);
        QString diff = difference(l, m_influxAt[2], {metrics});
        QVERIFY(diff.contains(QStringLiteral("lacks retention policy autogen"))); // Only `recent` was asked for.
        QCOMPARE(l.databases[metrics].keys(), QStringList{QStringLiteral("recent")});
        l = ls({influxChain() + QStringLiteral(":1"), QStringLiteral("other")});
        QCOMPARE(l.exitCode, 0);
        diff = difference(l, m_influxAt[1], {QStringLiteral("other")});
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(ls({influxChain(), QStringLiteral("other")}).exitCode, 12);
        QCOMPARE(ls({influxChain() + QStringLiteral(":4")}).exitCode, 12);

        // A changed byte in a shard's tar (streamed in parts): exit 7 naming the link and shard.
        const QString copy = m_dir.filePath(QStringLiteral("influx-damaged/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(influxChain(), copy));
        const QString linkFile = QString(week1->link).replace(influxChain(), copy);
        const QString entry = QStringLiteral("shards/%1").arg(week1->id);
        const auto content = entryContent(linkFile, entry);
        QVERIFY(content);
        QVERIFY(flipByte(linkFile, content->first + content->second - 700));
        l = ls({copy, QStringLiteral("metrics/autogen/%1").arg(week1->id)});
        QCOMPARE(l.exitCode, 7);
        QVERIFY2(l.err.contains(linkFile.toUtf8()) && l.err.contains(entry.toUtf8()), l.err.constData());
        QVERIFY(scratchLeft(QFileInfo(copy).path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBrowse)
#include "tst_browse.moc"
