// tidemark-cli export (issue 20, Export) against what the test wrote. A real tidemarkd gets known
// points (tags with spaces, commas and equals signs, an escaped measurement, strings with quotes
// and backslashes, floats, integers, booleans, negative times, several shards), a full backup,
// then more points (an old shard changed, a new one) and an incremental. `export` at each link
// must give exactly those points, byte for byte as line protocol, and as CSV that parses back to
// them; --measurement, --rp, --start and --end must narrow it; the export must write back into an
// empty node as the same points (counted per measurement); `ls` and `export` must agree on the
// measurements; --output must leave nothing on failure (a damaged link: exit 7); memory must not
// grow with the chain. The real tidemark-cli runs every time.
#include "support/CliRun.h"
#include "support/InfluxProcess.h"
#include "support/NodeBlockLinks.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QUrl>

#include "snapshot/BackupChain.h"

#include <algorithm>

#include <csignal>

using namespace tidemark::test;

namespace {

constexpr qint64 kSecondNs = 1000000000LL;
constexpr qint64 kBase = 1000000000LL * kSecondNs; // 2001-09-09T01:46:40Z

// One field as the test writes it: its line-protocol text and the CSV cell export gives for it.
struct F {
    QByteArray key;
    QByteArray lp;
    QByteArray csv;
};

// One point the test wrote, in the canonical form export writes (tags and fields sorted by key).
struct P {
    QString database;
    QString rp;
    QString measurement; ///< Unescaped.
    QByteArray series;   ///< Escaped series key: `measurement,k=v,…`.
    QByteArray tags;     ///< The tags part of it (the CSV `tags` cell), without the measurement.
    qint64 ns = 0;
    std::vector<F> fields;

    [[nodiscard]] QByteArray line() const
    {
        QByteArray out = series + ' ';
        for (size_t i = 0; i < fields.size(); ++i)
            out += (i ? "," : "") + fields[i].key + '=' + fields[i].lp;
        return out + ' ' + QByteArray::number(ns);
    }
};

QByteArrayList linesOf(const std::vector<P> &points)
{
    QByteArrayList out;
    for (const P &p : points)
        out << p.line();
    std::sort(out.begin(), out.end());
    return out;
}

QByteArrayList sortedLines(const QByteArray &text)
{
    QByteArrayList out = text.split('\n');
    out.removeAll(QByteArray());
    std::sort(out.begin(), out.end());
    return out;
}

QString firstDifference(const QByteArrayList &got, const QByteArrayList &want)
{
    if (got == want)
        return {};
    for (qsizetype i = 0; i < std::max(got.size(), want.size()); ++i) {
        if (got.value(i) != want.value(i))
            return QStringLiteral("%1 lines, %2 expected; first difference at %3: got '%4', expected '%5'")
                .arg(got.size())
                .arg(want.size())
                .arg(i)
                .arg(QString::fromUtf8(got.value(i)), QString::fromUtf8(want.value(i)));
    }
    return QStringLiteral("differ");
}

// The series key of a line (up to its first unescaped space) and its time (after the last space).
std::pair<QByteArray, qint64> seriesAndTime(const QByteArray &line)
{
    qsizetype i = 0;
    for (; i < line.size(); ++i) {
        if (line[i] == '\\')
            ++i;
        else if (line[i] == ' ')
            break;
    }
    return {line.left(i), line.mid(line.lastIndexOf(' ') + 1).toLongLong()};
}

// Whether each series' points come in time order.
bool timeOrderedPerSeries(const QByteArray &text)
{
    QMap<QByteArray, qint64> last;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        const auto [series, ns] = seriesAndTime(line);
        if (last.contains(series) && last[series] >= ns)
            return false;
        last[series] = ns;
    }
    return true;
}

// RFC 4180 records of `text` (quoted cells with doubled quotes, LF line ends).
QList<QByteArrayList> parseCsv(const QByteArray &text)
{
    QList<QByteArrayList> rows;
    QByteArrayList row;
    QByteArray cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row << cell;
            cell.clear();
        } else if (c == '\n') {
            row << cell;
            rows << row;
            row.clear();
            cell.clear();
        } else {
            cell += c;
        }
    }
    return rows;
}

// What the CSV of `points` parses back to: one text per point (measurement, tags, time, each
// field by name), sorted.
QByteArrayList csvRecords(const std::vector<P> &points)
{
    QByteArrayList out;
    for (const P &p : points) {
        QByteArray r = p.measurement.toUtf8() + '|' + p.tags + '|' + QByteArray::number(p.ns);
        for (const F &f : p.fields)
            r += '|' + f.key + '=' + f.csv;
        out << r;
    }
    std::sort(out.begin(), out.end());
    return out;
}

QByteArrayList csvRecords(const QList<QByteArrayList> &rows, QString *error)
{
    QByteArrayList out;
    QByteArrayList header;
    for (const QByteArrayList &row : rows) {
        if (row.value(0) == "name" && row.value(1) == "tags" && row.value(2) == "time") {
            header = row;
            continue;
        }
        if (header.isEmpty() || row.size() != header.size()) {
            *error = QStringLiteral("row of %1 cells under a header of %2").arg(row.size()).arg(header.size());
            return {};
        }
        QByteArray r = row[0] + '|' + row[1] + '|' + row[2];
        for (qsizetype i = 3; i < row.size(); ++i) {
            if (!row[i].isEmpty())
                r += '|' + header[i] + '=' + row[i];
        }
        out << r;
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool flipByte(const QString &path, qint64 pos)
{
    QFile f(path);
    char c = 0;
    if (!f.open(QIODevice::ReadWrite) || !f.seek(pos) || !f.getChar(&c) || !f.seek(pos))
        return false;
    return f.putChar(static_cast<char>(c ^ 0x20));
}

// The content of the entry named `name` of a plain tar (an uncompressed link): offset and size.
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

QStringList scratchLeft(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".tidemark-*")}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

// Runs `tidemark-cli ARGS`, sampling the peak of its anonymous resident memory (KiB: RssAnon,
// the heap and stacks; not the pages of the scratch LMDB file it maps, which are page cache the
// kernel takes back); ASan's quarantine kept small.
qint64 peakRssKiB(const QStringList &args, int *exitCode)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
    env.insert(QStringLiteral("ASAN_OPTIONS"),
               (asan.isEmpty() ? QString() : asan + QLatin1Char(':')) +
                   QStringLiteral("quarantine_size_mb=4:thread_local_quarantine_size_kb=64"));
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(QProcess::nullDevice());
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
            if (line.startsWith("RssAnon:"))
                peak = std::max(peak, line.mid(8).trimmed().split(' ').first().toLongLong());
        }
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return peak;
}

struct Interrupted {
    int code = -1;
    qint64 ms = 0;
    QString error;
};

// Starts `export CHAIN ARGS --output OUT`, sends SIGINT once its scratch directory is there, and
// checks that nothing stays: OUT, OUT.tmp, the scratch directory, a scratch node.
Interrupted interrupt(const QString &chain, const QStringList &args, const QString &out)
{
    Interrupted result;
    QProcess process;
    process.start(NodeProcess::cliBinary(),
                  QStringList{QStringLiteral("export"), chain, QStringLiteral("--output"), out} + args);
    if (!process.waitForStarted()) {
        result.error = QStringLiteral("did not start");
        return result;
    }
    const QString dir = QFileInfo(chain).path();
    QElapsedTimer clock;
    clock.start();
    while (scratchLeft(dir).isEmpty() && process.state() == QProcess::Running && clock.elapsed() < 30000)
        QThread::usleep(500);
    QThread::msleep(50);
    if (process.state() != QProcess::Running) {
        result.error = QStringLiteral("export ended before it was interrupted: ") +
                       QString::fromUtf8(process.readAllStandardError());
        return result;
    }
    clock.restart();
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    process.waitForFinished(10000);
    result.ms = clock.elapsed();
    result.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    qInfo("export ended %lld ms after SIGINT with exit code %d", result.ms, result.code);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    if (QFile::exists(out) || QFile::exists(out + QStringLiteral(".tmp")))
        result.error = QStringLiteral("%1 or its .tmp is there").arg(out);
    else if (!scratchLeft(dir).isEmpty())
        result.error = QStringLiteral("scratch left: ") + scratchLeft(dir).join(u' ');
    else if (result.code != 13)
        result.error = QStringLiteral("exit code %1: %2").arg(result.code).arg(err);
    return result;
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

CliRun exportOf(const QString &chain, const QStringList &more)
{
    return runCli(QStringList{QStringLiteral("export"), chain} + more);
}

// Measurements per `ls --json CHAIN DB`, over every shard.
QSet<QString> lsMeasurements(const QString &chain, const QString &db)
{
    QSet<QString> out;
    const CliRun r = runCli({QStringLiteral("ls"), QStringLiteral("--json"), chain, db});
    for (const QByteArray &line : r.out.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QStringLiteral("event")).toString() == QLatin1String("measurement"))
            out.insert(o.value(QStringLiteral("measurement")).toString());
    }
    return out;
}

QMap<QString, qint64> countsOf(const std::vector<P> &points, const QString &db)
{
    QMap<QString, qint64> out;
    for (const P &p : points) {
        if (p.database == db)
            ++out[p.measurement];
    }
    return out;
}

} // namespace

class TestExport : public QObject {
    Q_OBJECT

private:
    NodeProcess m_node;
    QTemporaryDir m_dir;
    std::vector<P> m_points;        ///< What the node holds now.
    QMap<int, std::vector<P>> m_at; ///< What it held at each link.
    std::unique_ptr<InfluxProcess> m_influx;
    std::vector<P> m_influxPoints;
    QMap<int, std::vector<P>> m_influxAt;

    QString chain() const { return m_dir.filePath(QStringLiteral("tidemark/node1")); }
    QString influxChain() const { return m_dir.filePath(QStringLiteral("influx/node1")); }

    static void influxWrite(InfluxProcess &node, const QString &db, const QByteArray &body)
    {
        const auto reply = node.request("POST", QStringLiteral("/write?db=%1").arg(db), body);
        QVERIFY2(reply.status == 204, reply.body.constData());
    }
    static void influxQuery(InfluxProcess &node, const QString &q)
    {
        const auto reply =
            node.request("POST", QStringLiteral("/query?q=") + QString::fromUtf8(QUrl::toPercentEncoding(q)));
        QVERIFY2(reply.status == 200 && !reply.body.contains("\"error\""), reply.body.constData());
    }
    void influxAdd(const std::vector<P> &points)
    {
        QMap<QString, QByteArray> bodies;
        for (const P &p : points) {
            bodies[p.database] += p.line() + '\n';
            m_influxPoints.push_back(p);
        }
        for (auto it = bodies.begin(); it != bodies.end(); ++it)
            influxWrite(*m_influx, it.key(), it.value());
    }
    void influxBackup()
    {
        CliRun r = runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                           QStringLiteral("-host"), m_influx->snapshotHost(), influxChain()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    static std::vector<P> of(const std::vector<P> &points, const std::function<bool(const P &)> &keep)
    {
        std::vector<P> out;
        for (const P &p : points) {
            if (keep(p))
                out.push_back(p);
        }
        return out;
    }

    static void writeTo(NodeProcess &node, const QString &db, const QByteArray &body)
    {
        const auto reply = node.request("POST", QStringLiteral("/write?db=%1").arg(db), body);
        QVERIFY2(reply.status == 204, reply.body.constData());
    }
    static void queryOn(NodeProcess &node, const QString &q)
    {
        const auto reply =
            node.request("POST", QStringLiteral("/query?q=") + QString::fromUtf8(QUrl::toPercentEncoding(q)));
        QVERIFY2(reply.status == 200 && !reply.body.contains("\"error\""), reply.body.constData());
    }
    static void backup(NodeProcess &node, const QString &chain)
    {
        CliRun r = runCli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), chain});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }
    // Writes `points` into the node (database by database) and records them.
    void add(const std::vector<P> &points)
    {
        QMap<QString, QByteArray> bodies;
        for (const P &p : points) {
            bodies[p.database] += p.line() + '\n';
            m_points.push_back(p);
        }
        for (auto it = bodies.begin(); it != bodies.end(); ++it)
            writeTo(m_node, it.key(), it.value());
    }
    std::vector<P> at(int link, const std::function<bool(const P &)> &keep) const
    {
        std::vector<P> out;
        for (const P &p : m_at.value(link)) {
            if (keep(p))
                out.push_back(p);
        }
        return out;
    }

    // The test's points: db `exp` over days 10–12 and one before 1970, db `other`.
    static std::vector<P> firstPoints()
    {
        std::vector<P> out;
        const QString exp = QStringLiteral("exp");
        const QString autogen = QStringLiteral("autogen");
        for (int host = 0; host < 3; ++host) {
            const QByteArray tags = "host=web\\ " + QByteArray::number(host) + ",rack=a\\,b,zone=x\\=y";
            for (int day = 10; day <= 12; ++day) {
                for (int i = 0; i < 4; ++i) {
                    const qint64 ns = kBase + day * kDayNs + i * 60 * kSecondNs + host;
                    const QByteArray v = QByteArray::number(day * 10 + i);
                    out.push_back({exp,
                                   autogen,
                                   QStringLiteral("cpu"),
                                   "cpu," + tags,
                                   tags,
                                   ns,
                                   {{"busy", i % 2 ? "true" : "false", i % 2 ? "true" : "false"},
                                    {"idle", v + ".25", v + ".25"},
                                    {"load", v + "i", v},
                                    {"note", "\"say \\\"hi\\\" \\\\ " + v + "\"", "say \"hi\" \\ " + v}}});
                }
            }
        }
        out.push_back({exp,
                       autogen,
                       QStringLiteral("disk io,x"),
                       "disk\\ io\\,x,dev=sd\\ a",
                       "dev=sd\\ a",
                       kBase + 11 * kDayNs + 7,
                       {{"r", "1i", "1"}, {"w", "2", "2"}}});
        out.push_back({exp,
                       autogen,
                       QStringLiteral("disk io,x"),
                       "disk\\ io\\,x,dev=sd\\ a",
                       "dev=sd\\ a",
                       kBase + 11 * kDayNs + 8,
                       {{"r", "-3i", "-3"}, {"w", "-0.5", "-0.5"}}});
        out.push_back({exp,
                       autogen,
                       QStringLiteral("mem"),
                       "mem",
                       "",
                       kBase + 12 * kDayNs + 5,
                       {{"big", "-9007199254740993i", "-9007199254740993"},
                        {"free", "12345678901i", "12345678901"},
                        {"msg", "\"a,b\"", "a,b"}}});
        out.push_back({exp,
                       autogen,
                       QStringLiteral("old"),
                       "old,era=past",
                       "era=past",
                       -2 * kDayNs + 5,
                       {{"v", "1.5e-07", "1.5e-07"}}});
        out.push_back({QStringLiteral("other"),
                       autogen,
                       QStringLiteral("x"),
                       "x,k=v",
                       "k=v",
                       kBase + 10 * kDayNs,
                       {{"v", "1", "1"}}});
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(QFileInfo(chain()).path()));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        queryOn(m_node, QStringLiteral("CREATE DATABASE exp"));
        queryOn(m_node, QStringLiteral("CREATE DATABASE other"));
        add(firstPoints());
        backup(m_node, chain());
        m_at[-1] = m_points;

        // An old shard changes (day 10) and a new one starts (day 13).
        const QString exp = QStringLiteral("exp");
        const QString autogen = QStringLiteral("autogen");
        add({{exp,
              autogen,
              QStringLiteral("cpu"),
              "cpu,host=new",
              "host=new",
              kBase + 10 * kDayNs + 3600 * kSecondNs,
              {{"idle", "7", "7"}}},
             {exp,
              autogen,
              QStringLiteral("mem"),
              "mem",
              "",
              kBase + 13 * kDayNs,
              {{"free", "1i", "1"}, {"msg", "\"x\"", "x"}}},
             {exp,
              autogen,
              QStringLiteral("mem"),
              "mem",
              "",
              kBase + 13 * kDayNs + 1,
              {{"max", "18446744073709551615u", "18446744073709551615"}}}});
        backup(m_node, chain());
        m_at[0] = m_points;
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_node.stop(), 0);
        if (m_influx)
            QCOMPARE(m_influx->stop(), 0);
    }

    // Every point of `exp`, byte for byte as written, at each link; each series in time order.
    void tidemarkEveryPoint_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("full") << -1;
        QTest::newRow("link 0") << 0;
    }
    void tidemarkEveryPoint()
    {
        QFETCH(int, link);
        const CliRun r =
            exportOf(chain() + QStringLiteral(":%1").arg(link), {QStringLiteral("--database"), QStringLiteral("exp")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto want = at(link, [](const P &p) { return p.database == QLatin1String("exp"); });
        const QString diff = firstDifference(sortedLines(r.out), linesOf(want));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(timeOrderedPerSeries(r.out));
        QVERIFY2(scratchLeft(QFileInfo(chain()).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(chain()).path()).join(u' ')));
    }

    // --measurement, --rp, --start (inclusive), --end (exclusive) narrow it.
    void tidemarkFilters()
    {
        const auto check = [&](const QStringList &options, const std::function<bool(const P &)> &keep) {
            const CliRun r =
                exportOf(chain(), QStringList{QStringLiteral("--database"), QStringLiteral("exp")} + options);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto want = at(0, [&](const P &p) { return p.database == QLatin1String("exp") && keep(p); });
            QVERIFY(!want.empty());
            const QString diff = firstDifference(sortedLines(r.out), linesOf(want));
            QVERIFY2(diff.isEmpty(), qPrintable(options.join(u' ') + QStringLiteral(": ") + diff));
        };
        check({QStringLiteral("--measurement"), QStringLiteral("disk io,x")},
              [](const P &p) { return p.measurement == QLatin1String("disk io,x"); });
        check({QStringLiteral("--measurement"), QStringLiteral("cpu")},
              [](const P &p) { return p.measurement == QLatin1String("cpu"); });
        check({QStringLiteral("--rp"), QStringLiteral("autogen")}, [](const P &) { return true; });
        const qint64 from = kBase + 10 * kDayNs + 2 * 60 * kSecondNs;
        const qint64 to = kBase + 11 * kDayNs + 8;
        check(
            {QStringLiteral("--start"), QStringLiteral("%1ns").arg(from), QStringLiteral("--end"), QString::number(to)},
            [&](const P &p) { return p.ns >= from && p.ns < to; });
        // The same range in RFC 3339 and seconds; a measurement and a range together.
        const QString fromText =
            QDateTime::fromMSecsSinceEpoch(from / 1000000, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
            QStringLiteral(".%1Z").arg(from % kSecondNs, 9, 10, QLatin1Char('0'));
        check({QStringLiteral("--start"), fromText, QStringLiteral("--end"),
               QStringLiteral("%1s").arg(to / kSecondNs + 1), QStringLiteral("--measurement"), QStringLiteral("cpu")},
              [&](const P &p) {
                  return p.measurement == QLatin1String("cpu") && p.ns >= from &&
                         p.ns < (to / kSecondNs + 1) * kSecondNs;
              });
        check({QStringLiteral("--end"), QStringLiteral("1970-01-01T00:00:00Z")}, [](const P &p) { return p.ns < 0; });
        // A range no shard overlaps: nothing, and no error.
        const CliRun none = exportOf(chain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                               QStringLiteral("--start"), QStringLiteral("2030-01-01T00:00:00Z")});
        QVERIFY2(none.exitCode == 0 && none.out.isEmpty(), none.err.constData());
    }

    // CSV parses back (RFC 4180) to the same points.
    void tidemarkCsv()
    {
        const CliRun r = exportOf(chain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                            QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("name,tags,time,"));
        QString error;
        const QByteArrayList got = csvRecords(parseCsv(r.out), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto want = at(0, [](const P &p) { return p.database == QLatin1String("exp"); });
        const QString diff = firstDifference(got, csvRecords(want));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // export → /write into an empty node → the same points (counted per measurement, and line by
    // line once that node is backed up and exported); ls and export agree on the measurements.
    void tidemarkRoundTrip()
    {
        const QString file = m_dir.filePath(QStringLiteral("exp.lp"));
        const CliRun r = exportOf(chain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                            QStringLiteral("--output"), file, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject done = QJsonDocument::fromJson(r.out.trimmed()).object();
        QMap<QString, qint64> counts;
        const QJsonObject measurements = done.value(QStringLiteral("measurements")).toObject();
        for (auto it = measurements.begin(); it != measurements.end(); ++it)
            counts[it.key()] = it.value().toInteger();
        QCOMPARE(counts, countsOf(m_at[0], QStringLiteral("exp")));
        QCOMPARE(lsMeasurements(chain(), QStringLiteral("exp")), QSet<QString>(counts.keyBegin(), counts.keyEnd()));
        QFile exported(file);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray body = exported.readAll();
        QVERIFY(!QFile::exists(file + QStringLiteral(".tmp")));

        NodeProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        queryOn(target, QStringLiteral("CREATE DATABASE copy"));
        writeTo(target, QStringLiteral("copy"), body);
        const QString copyChain = m_dir.filePath(QStringLiteral("roundtrip/node2"));
        QVERIFY(QDir().mkpath(QFileInfo(copyChain).path()));
        backup(target, copyChain);
        QCOMPARE(target.stop(), 0);
        const QString back = m_dir.filePath(QStringLiteral("back.lp"));
        const CliRun again = exportOf(copyChain, {QStringLiteral("--database"), QStringLiteral("copy"),
                                                  QStringLiteral("--output"), back, QStringLiteral("--json")});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(QJsonDocument::fromJson(again.out.trimmed()).object().value(QStringLiteral("measurements")).toObject(),
                 measurements);
        QFile backFile(back);
        QVERIFY(backFile.open(QIODevice::ReadOnly));
        const QString diff = firstDifference(sortedLines(backFile.readAll()), sortedLines(body));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // --output: the same bytes as stdout; on a damaged link exit 7 and no FILE, no FILE.tmp, no scratch.
    void tidemarkOutputLeavesNothingOnFailure()
    {
        const CliRun stdoutRun = exportOf(chain(), {QStringLiteral("--database"), QStringLiteral("exp")});
        QCOMPARE(stdoutRun.exitCode, 0);
        const QString file = m_dir.filePath(QStringLiteral("out.lp"));
        const CliRun toFile =
            exportOf(chain(), {QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--output"), file});
        QVERIFY2(toFile.exitCode == 0, toFile.err.constData());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), stdoutRun.out);

        const QString copy = m_dir.filePath(QStringLiteral("damaged/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(chain(), copy));
        // The newest copy of a day-11 shard is in the full snapshot: damage it there.
        const CliRun ls = runCli({QStringLiteral("ls"), QStringLiteral("--json"), copy, QStringLiteral("exp")});
        QString entry;
        for (const QByteArray &line : ls.out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("shard") &&
                o.value(QStringLiteral("startNs")).toInteger() <= kBase + 11 * kDayNs &&
                kBase + 11 * kDayNs < o.value(QStringLiteral("endNs")).toInteger())
                entry = QStringLiteral("shards/%1").arg(o.value(QStringLiteral("shard")).toInteger());
        }
        QVERIFY(!entry.isEmpty());
        const auto content = entryContent(copy, entry);
        QVERIFY(content);
        QVERIFY(flipByte(copy, content->first + content->second / 2));
        const QString damagedOut = m_dir.filePath(QStringLiteral("damaged.lp"));
        const CliRun damaged = exportOf(
            copy, {QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--output"), damagedOut});
        QCOMPARE(damaged.exitCode, 7);
        QVERIFY2(damaged.err.contains(entry.toUtf8()), damaged.err.constData());
        QVERIFY(!QFile::exists(damagedOut));
        QVERIFY(!QFile::exists(damagedOut + QStringLiteral(".tmp")));
        QVERIFY2(scratchLeft(QFileInfo(copy).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(copy).path()).join(u' ')));
    }

    void tidemarkErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        QTest::newRow("no database") << QStringList{} << 2 << QStringLiteral("--database");
        QTest::newRow("unknown database")
            << QStringList{QStringLiteral("--database"), QStringLiteral("nope")} << 12 << QStringLiteral("exp, other");
        QTest::newRow("unknown rp") << QStringList{QStringLiteral("--database"), QStringLiteral("exp"),
                                                   QStringLiteral("--rp"), QStringLiteral("weekly")}
                                    << 12 << QStringLiteral("autogen");
        QTest::newRow("unknown measurement") << QStringList{QStringLiteral("--database"), QStringLiteral("exp"),
                                                            QStringLiteral("--measurement"), QStringLiteral("nope")}
                                             << 12 << QStringLiteral("nope");
        QTest::newRow("bad start") << QStringList{QStringLiteral("--database"), QStringLiteral("exp"),
                                                  QStringLiteral("--start"), QStringLiteral("yesterday")}
                                   << 2 << QStringLiteral("--start");
        QTest::newRow("end before start")
            << QStringList{QStringLiteral("--database"), QStringLiteral("exp"),   QStringLiteral("--start"),
                           QStringLiteral("10s"),        QStringLiteral("--end"), QStringLiteral("5s")}
            << 2 << QStringLiteral("--end");
        QTest::newRow("bad format") << QStringList{QStringLiteral("--database"), QStringLiteral("exp"),
                                                   QStringLiteral("--format"), QStringLiteral("xml")}
                                    << 2 << QStringLiteral("--format");
        QTest::newRow("json without output")
            << QStringList{QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--json")} << 2
            << QStringLiteral("--output");
    }
    void tidemarkErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, says);
        const CliRun r = exportOf(chain(), args);
        QCOMPARE(r.exitCode, code);
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
        const CliRun noLink =
            exportOf(chain() + QStringLiteral(":5"), {QStringLiteral("--database"), QStringLiteral("exp")});
        QCOMPARE(noLink.exitCode, 12);
    }

    // An encrypted chain of the same node exports the same with its passphrase; without it, exit 5.
    void tidemarkEncryptedChain()
    {
        const QString encrypted = m_dir.filePath(QStringLiteral("encrypted/node1"));
        const QString pass = m_dir.filePath(QStringLiteral("passphrase"));
        QVERIFY(QDir().mkpath(QFileInfo(encrypted).path()));
        QFile file(pass);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("correct horse battery\n") > 0);
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const CliRun made =
            runCli({QStringLiteral("backup"), QStringLiteral("--encrypt"), QStringLiteral("--passphrase-file"), pass,
                    QStringLiteral("--kdf-memory"), QStringLiteral("8"), QStringLiteral("--kdf-passes"),
                    QStringLiteral("1"), QStringLiteral("-host"), m_node.snapshotHost(), encrypted});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const CliRun r = exportOf(encrypted, {QStringLiteral("--database"), QStringLiteral("exp"),
                                              QStringLiteral("--passphrase-file"), pass});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString diff = firstDifference(
            sortedLines(r.out), linesOf(of(m_points, [](const P &p) { return p.database == QLatin1String("exp"); })));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        const QString out = m_dir.filePath(QStringLiteral("locked.lp"));
        const CliRun locked =
            exportOf(encrypted, {QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--output"), out});
        QCOMPARE(locked.exitCode, 5);
        QVERIFY(!QFile::exists(out));
        QVERIFY(scratchLeft(QFileInfo(encrypted).path()).isEmpty());
    }

    // A database of ~64 MiB exports in about the memory of a small one.
    void tidemarkBoundedMemory()
    {
        queryOn(m_node, QStringLiteral("CREATE DATABASE big"));
        const QByteArray fields = "s=\"" + QByteArray(2000, 'x') + "\"";
        for (int batch = 0; batch < 8; ++batch) {
            QByteArray body;
            for (int h = 0; h < 8; ++h) {
                for (int i = 0; i < 500; ++i)
                    body += "blob,host=h" + QByteArray::number(h) + ' ' + fields + ' ' +
                            QByteArray::number(kBase + 40 * kDayNs + (batch * 500 + i) * kSecondNs + h) + '\n';
            }
            writeTo(m_node, QStringLiteral("big"), body);
        }
        const QString bigChain = m_dir.filePath(QStringLiteral("big/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(bigChain).path()));
        backup(m_node, bigChain);
        int smallCode = -1;
        int bigCode = -1;
        const QString out = m_dir.filePath(QStringLiteral("big.lp"));
        const qint64 smallPeak = peakRssKiB({QStringLiteral("export"), bigChain, QStringLiteral("--database"),
                                             QStringLiteral("exp"), QStringLiteral("--output"), out},
                                            &smallCode);
        const qint64 bigPeak = peakRssKiB({QStringLiteral("export"), bigChain, QStringLiteral("--database"),
                                           QStringLiteral("big"), QStringLiteral("--output"), out},
                                          &bigCode);
        QCOMPARE(smallCode, 0);
        QCOMPARE(bigCode, 0);
        const qint64 bytes = QFileInfo(out).size();
        qInfo("export of %lld MiB of line protocol: peak anonymous RSS %lld MiB (a small database: %lld MiB)",
              bytes >> 20, bigPeak >> 10, smallPeak >> 10);
        QVERIFY(bytes > (60 << 20));
        QVERIFY2(smallPeak > 0 && bigPeak - smallPeak < 16 * 1024,
                 qPrintable(QStringLiteral("peak RSS %1 KiB against %2 KiB").arg(bigPeak).arg(smallPeak)));
        QVERIFY(QFile::remove(out));

        // SIGINT while it reads: exit 13 within 2 s, no FILE, no FILE.tmp, no scratch.
        const Interrupted i = interrupt(bigChain, {QStringLiteral("--database"), QStringLiteral("big")}, out);
        QVERIFY2(i.code == 13 && i.error.isEmpty(), qPrintable(i.error));
        QVERIFY2(i.ms < 2000, qPrintable(QStringLiteral("%1 ms").arg(i.ms)));
    }
    // influxd 1.6.7: the same points, a full backup, more points (an old shard changed, a new
    // one) and an incremental; export restores the shards into a scratch influxd and reads them
    // back: every point as written, with its field types.
    // Block links (issue 19): a node's full backup, then two links appended from the stopped
    // node's files as block links (more points in days 10 and 11's shards; then a new database,
    // so the meta store too), and the same states taken as whole files. `export` at each link of
    // the block links gives the very bytes of the whole files' export, and the points written; a
    // flipped byte in a block link is exit 7 naming the link, leaving no output.
    void tidemarkBlockLinks()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const QString blocks = m_dir.filePath(QStringLiteral("blocks/node1"));
        const QString wholes = m_dir.filePath(QStringLiteral("wholes/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(blocks).path()));
        QVERIFY(QDir().mkpath(QFileInfo(wholes).path()));
        std::vector<P> points;
        QMap<int, std::vector<P>> atLink;
        const auto addTo = [&](const std::vector<P> &more) {
            QMap<QString, QByteArray> bodies;
            for (const P &p : more) {
                bodies[p.database] += p.line() + '\n';
                points.push_back(p);
            }
            for (auto it = bodies.begin(); it != bodies.end(); ++it)
                writeTo(node, it.key(), it.value());
        };
        const auto tide = [](const QString &db, int from, int to, qint64 ns, int count) {
            std::vector<P> out;
            for (int b = from; b < to; ++b) {
                const QByteArray tags = "buoy=b" + QByteArray::number(b);
                for (int i = 0; i < count; ++i) {
                    const QByteArray v = QByteArray::number(b * 1000 + i);
                    out.push_back({db,
                                   QStringLiteral("autogen"),
                                   QStringLiteral("tide"),
                                   "tide," + tags,
                                   tags,
                                   ns + b + i * 60 * kSecondNs,
                                   {{"level", v + "i", v}, {"note", "\"n" + v + "\"", "n" + v}}});
                }
            }
            return out;
        };
        // Appends the stopped node's changed files to both chains, then starts it again.
        const auto append = [&](int link) {
            QCOMPARE(node.stop(), 0);
            auto b = appendNodeBlockLinks(blocks, node.dataDir());
            QVERIFY2(b, b ? "" : qPrintable(b.error().message));
            auto w = appendNodeBlockLinks(wholes, node.dataDir(), true);
            QVERIFY2(w, w ? "" : qPrintable(w.error().message));
            QVERIFY(b.value() > 0 && b.value() == w.value());
            atLink[link] = points;
            QString startError;
            QVERIFY2(node.start(&startError), qPrintable(startError));
        };
        queryOn(node, QStringLiteral("CREATE DATABASE exp"));
        queryOn(node, QStringLiteral("CREATE DATABASE other"));
        addTo(firstPoints());
        addTo(tide(QStringLiteral("exp"), 0, 30, kBase + 10 * kDayNs + 7200 * kSecondNs, 20));
        backup(node, blocks);
        QVERIFY(QFile::copy(blocks, wholes));
        atLink[-1] = points;
        addTo(tide(QStringLiteral("exp"), 30, 40, kBase + 10 * kDayNs + 7200 * kSecondNs, 20));
        addTo(tide(QStringLiteral("exp"), 0, 10, kBase + 11 * kDayNs + 7200 * kSecondNs, 3));
        append(0);
        if (QTest::currentTestFailed())
            return;
        queryOn(node, QStringLiteral("CREATE DATABASE more"));
        addTo(tide(QStringLiteral("more"), 0, 3, kBase + 10 * kDayNs, 2));
        addTo(tide(QStringLiteral("exp"), 0, 15, kBase + 10 * kDayNs + 30000 * kSecondNs, 2));
        append(1);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(node.stop(), 0);
        auto opened = tidemark::BackupChain::open(blocks);
        QVERIFY(opened);
        QVERIFY(opened->links()[1].manifest.hasBlockLinks() && opened->links()[2].manifest.hasBlockLinks());

        for (int link : {-1, 0, 1}) {
            for (const QString &db : {QStringLiteral("exp"), QStringLiteral("more")}) {
                if (db == QLatin1String("more") && link < 1)
                    continue;
                const QString at = QStringLiteral(":%1").arg(link);
                const CliRun b = exportOf(blocks + at, {QStringLiteral("--database"), db});
                QVERIFY2(b.exitCode == 0, b.err.constData());
                const CliRun w = exportOf(wholes + at, {QStringLiteral("--database"), db});
                QVERIFY2(w.exitCode == 0, w.err.constData());
                QVERIFY2(b.out == w.out, qPrintable(QStringLiteral("link %1, %2").arg(link).arg(db)));
                std::vector<P> want;
                for (const P &p : atLink.value(link)) {
                    if (p.database == db)
                        want.push_back(p);
                }
                const QString diff = firstDifference(sortedLines(b.out), linesOf(want));
                QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("link %1: %2").arg(link).arg(diff)));
                QVERIFY(timeOrderedPerSeries(b.out));
            }
        }
        // One shard by time: day 10's, rebuilt from the full and both block links.
        const QStringList day10{QStringLiteral("--database"), QStringLiteral("exp"),
                                QStringLiteral("--start"),    QString::number(kBase + 10 * kDayNs),
                                QStringLiteral("--end"),      QString::number(kBase + 11 * kDayNs)};
        const CliRun b = exportOf(blocks, day10);
        QVERIFY2(b.exitCode == 0, b.err.constData());
        QCOMPARE(b.out, exportOf(wholes, day10).out);
        QVERIFY(b.out.count('\n') > 800);
        QVERIFY(scratchLeft(QFileInfo(blocks).path()).isEmpty());

        // A flipped byte in .0's block link of day 10's shard.
        const QString copy = m_dir.filePath(QStringLiteral("damagedblocks/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(blocks, copy));
        QString entry;
        auto final = opened->finalManifest(opened->links()[1]);
        QVERIFY(final);
        qint64 biggest = 0;
        for (const tidemark::ManifestFile &f : final->files) {
            if (f.isBlockLink() && f.name != QLatin1String("meta") && f.fileSize() > biggest) {
                biggest = f.fileSize();
                entry = f.name;
            }
        }
        QVERIFY(!entry.isEmpty());
        const QString link0 = copy + QStringLiteral(".0");
        const auto content = entryContent(link0, entry);
        QVERIFY(content);
        QVERIFY(flipByte(link0, content->first + content->second / 2));
        const QString out = m_dir.filePath(QStringLiteral("damagedblocks.lp"));
        for (const QString &at : {QString(), QStringLiteral(":0")}) {
            const CliRun damaged = exportOf(
                copy + at, {QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--output"), out});
            QCOMPARE(damaged.exitCode, 7);
            QVERIFY2(damaged.err.contains(link0.toUtf8()) && damaged.err.contains(entry.toUtf8()),
                     damaged.err.constData());
            QVERIFY(!QFile::exists(out));
            QVERIFY(!QFile::exists(out + QStringLiteral(".tmp")));
            QVERIFY2(scratchLeft(QFileInfo(copy).path()).isEmpty(),
                     qPrintable(scratchLeft(QFileInfo(copy).path()).join(u' ')));
        }
        const CliRun before =
            exportOf(copy + QStringLiteral(":-1"), {QStringLiteral("--database"), QStringLiteral("exp")});
        QVERIFY2(before.exitCode == 0, before.err.constData());
    }

    void influxChainWritten()
    {
        m_influx = std::make_unique<InfluxProcess>();
        QString error;
        QVERIFY2(m_influx->start(&error), qPrintable(error));
        QVERIFY(QDir().mkpath(QFileInfo(influxChain()).path()));
        influxQuery(*m_influx, QStringLiteral("CREATE DATABASE exp"));
        influxQuery(*m_influx, QStringLiteral("CREATE DATABASE other"));
        influxAdd(firstPoints());
        influxBackup();
        m_influxAt[-1] = m_influxPoints;
        QTest::qWait(1100); // Tar times are whole seconds: what changes next is newer.
        const QString exp = QStringLiteral("exp");
        const QString autogen = QStringLiteral("autogen");
        influxAdd({{exp,
                    autogen,
                    QStringLiteral("cpu"),
                    "cpu,host=new",
                    "host=new",
                    kBase + 10 * kDayNs + 3600 * kSecondNs,
                    {{"idle", "7", "7"}}},
                   {exp,
                    autogen,
                    QStringLiteral("mem"),
                    "mem",
                    "",
                    kBase + 30 * kDayNs,
                    {{"free", "1i", "1"}, {"msg", "\"x\"", "x"}}}});
        influxBackup();
        m_influxAt[0] = m_influxPoints;
    }

    void influxEveryPoint_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("full") << -1;
        QTest::newRow("link 0") << 0;
    }
    void influxEveryPoint()
    {
        QVERIFY(m_influx);
        QFETCH(int, link);
        const CliRun r = exportOf(influxChain() + QStringLiteral(":%1").arg(link),
                                  {QStringLiteral("--database"), QStringLiteral("exp")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto want = of(m_influxAt[link], [](const P &p) { return p.database == QLatin1String("exp"); });
        const QString diff = firstDifference(sortedLines(r.out), linesOf(want));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(timeOrderedPerSeries(r.out));
        QVERIFY2(scratchLeft(QFileInfo(influxChain()).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(influxChain()).path()).join(u' ')));
    }

    void influxFiltersAndCsv()
    {
        QVERIFY(m_influx);
        const auto check = [&](const QStringList &options, const std::function<bool(const P &)> &keep) {
            const CliRun r =
                exportOf(influxChain(), QStringList{QStringLiteral("--database"), QStringLiteral("exp")} + options);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const auto want =
                of(m_influxAt[0], [&](const P &p) { return p.database == QLatin1String("exp") && keep(p); });
            QVERIFY(!want.empty());
            const QString diff = firstDifference(sortedLines(r.out), linesOf(want));
            QVERIFY2(diff.isEmpty(), qPrintable(options.join(u' ') + QStringLiteral(": ") + diff));
        };
        check({QStringLiteral("--measurement"), QStringLiteral("disk io,x")},
              [](const P &p) { return p.measurement == QLatin1String("disk io,x"); });
        const qint64 from = kBase + 10 * kDayNs + 2 * 60 * kSecondNs;
        const qint64 to = kBase + 11 * kDayNs + 8;
        check({QStringLiteral("--start"), QStringLiteral("%1ns").arg(from), QStringLiteral("--end"),
               QString::number(to), QStringLiteral("--rp"), QStringLiteral("autogen")},
              [&](const P &p) { return p.ns >= from && p.ns < to; });
        const CliRun none = exportOf(influxChain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                                     QStringLiteral("--measurement"), QStringLiteral("nope")});
        QCOMPARE(none.exitCode, 12);

        const CliRun csv = exportOf(influxChain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                                    QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(csv.exitCode == 0, csv.err.constData());
        QString error;
        const QByteArrayList got = csvRecords(parseCsv(csv.out), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString diff = firstDifference(
            got, csvRecords(of(m_influxAt[0], [](const P &p) { return p.database == QLatin1String("exp"); })));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // export → /write into an empty influxd → the same count per measurement and the same field
    // types; ls and export agree on the measurements.
    void influxRoundTrip()
    {
        QVERIFY(m_influx);
        const QString file = m_dir.filePath(QStringLiteral("influx.lp"));
        const CliRun r = exportOf(influxChain(), {QStringLiteral("--database"), QStringLiteral("exp"),
                                                  QStringLiteral("--output"), file, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject measurements =
            QJsonDocument::fromJson(r.out.trimmed()).object().value(QStringLiteral("measurements")).toObject();
        QMap<QString, qint64> counts;
        for (auto it = measurements.begin(); it != measurements.end(); ++it)
            counts[it.key()] = it.value().toInteger();
        const QMap<QString, qint64> want = countsOf(m_influxAt[0], QStringLiteral("exp"));
        QCOMPARE(counts, want);
        QCOMPARE(lsMeasurements(influxChain(), QStringLiteral("exp")),
                 QSet<QString>(counts.keyBegin(), counts.keyEnd()));
        QFile exported(file);
        QVERIFY(exported.open(QIODevice::ReadOnly));

        InfluxProcess target;
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        influxQuery(target, QStringLiteral("CREATE DATABASE copy"));
        influxWrite(target, QStringLiteral("copy"), exported.readAll());
        // A field every point of the measurement has, counted.
        const QMap<QString, QString> everywhere{{QStringLiteral("cpu"), QStringLiteral("idle")},
                                                {QStringLiteral("disk io,x"), QStringLiteral("r")},
                                                {QStringLiteral("mem"), QStringLiteral("free")},
                                                {QStringLiteral("old"), QStringLiteral("v")}};
        for (auto it = want.begin(); it != want.end(); ++it) {
            QString name = it.key();
            name.replace(QLatin1Char('"'), QStringLiteral("\\\""));
            const QString q = QStringLiteral("SELECT COUNT(\"%1\") FROM \"%2\"").arg(everywhere.value(it.key()), name);
            QCOMPARE(target.queryValue(QStringLiteral("copy"), q), QString::number(it.value()));
            QCOMPARE(
                target.queryValue(QStringLiteral("copy"), QStringLiteral("SHOW FIELD KEYS FROM \"%1\"").arg(name)),
                m_influx->queryValue(QStringLiteral("exp"), QStringLiteral("SHOW FIELD KEYS FROM \"%1\"").arg(name)));
        }
        QCOMPARE(target.stop(), 0);
    }

    // A damaged shard in the link: exit 7, no FILE, no FILE.tmp, no scratch (and no influxd left).
    void influxDamagedLinkLeavesNothing()
    {
        QVERIFY(m_influx);
        const QString copy = m_dir.filePath(QStringLiteral("influx-damaged/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(copy).path()));
        QVERIFY(copyChain(influxChain(), copy));
        const CliRun ls = runCli({QStringLiteral("ls"), QStringLiteral("--json"), copy, QStringLiteral("exp")});
        QString entry;
        for (const QByteArray &line : ls.out.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("shard") &&
                o.value(QStringLiteral("link")).toString() == copy)
                entry = QStringLiteral("shards/%1").arg(o.value(QStringLiteral("shard")).toInteger());
        }
        QVERIFY2(!entry.isEmpty(), ls.out.constData());
        const auto content = entryContent(copy, entry);
        QVERIFY(content);
        QVERIFY(flipByte(copy, content->first + content->second / 2));
        const QString out = m_dir.filePath(QStringLiteral("influx-damaged.lp"));
        const CliRun damaged =
            exportOf(copy, {QStringLiteral("--database"), QStringLiteral("exp"), QStringLiteral("--output"), out});
        QCOMPARE(damaged.exitCode, 7);
        QVERIFY2(damaged.err.contains(entry.toUtf8()), damaged.err.constData());
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".tmp")));
        QVERIFY2(scratchLeft(QFileInfo(copy).path()).isEmpty(),
                 qPrintable(scratchLeft(QFileInfo(copy).path()).join(u' ')));
    }
    // SIGINT while the scratch influxd starts or answers: exit 13 within 2 s, nothing left (no
    // file, no scratch directory, no influxd on it).
    void influxInterrupted()
    {
        QVERIFY(m_influx);
        const QString out = m_dir.filePath(QStringLiteral("influx-interrupted.lp"));
        const Interrupted i = interrupt(influxChain(), {QStringLiteral("--database"), QStringLiteral("exp")}, out);
        QVERIFY2(i.code == 13, qPrintable(i.error));
        QVERIFY2(i.error.isEmpty(), qPrintable(i.error));
        QVERIFY2(i.ms < 2000, qPrintable(QStringLiteral("%1 ms").arg(i.ms)));
        QProcess pgrep;
        pgrep.start(QStringLiteral("pgrep"), {QStringLiteral("-f"), QFileInfo(influxChain()).path()});
        QVERIFY(pgrep.waitForFinished());
        QVERIFY2(pgrep.readAllStandardOutput().trimmed().isEmpty(), "an influxd of the export still runs");
    }
    // An InfluxDB export of ~48 MiB of line protocol in about the memory of a small one: influxd's
    // answer is read chunk by chunk, whatever the database's size.
    void influxBoundedMemory()
    {
        QVERIFY(m_influx);
        influxQuery(*m_influx, QStringLiteral("CREATE DATABASE big"));
        const QByteArray fields = "s=\"" + QByteArray(400, 'x') + "\"";
        for (int batch = 0; batch < 24; ++batch) {
            QByteArray body;
            for (int h = 0; h < 8; ++h) {
                for (int i = 0; i < 625; ++i)
                    body += "blob,host=h" + QByteArray::number(h) + ' ' + fields + ",n=" + QByteArray::number(i) +
                            "i " + QByteArray::number(kBase + 40 * kDayNs + (batch * 625 + i) * kSecondNs + h) + '\n';
            }
            influxWrite(*m_influx, QStringLiteral("big"), body);
        }
        const QString bigChain = m_dir.filePath(QStringLiteral("influx-big/node1"));
        QVERIFY(QDir().mkpath(QFileInfo(bigChain).path()));
        const CliRun made = runCli({QStringLiteral("backup"), QStringLiteral("--retries"), QStringLiteral("3"),
                                    QStringLiteral("--kind"), QStringLiteral("influxdb1"), QStringLiteral("-host"),
                                    m_influx->snapshotHost(), bigChain});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        int smallCode = -1;
        int bigCode = -1;
        const QString out = m_dir.filePath(QStringLiteral("influx-big.lp"));
        const qint64 smallPeak = peakRssKiB({QStringLiteral("export"), bigChain, QStringLiteral("--database"),
                                             QStringLiteral("exp"), QStringLiteral("--output"), out},
                                            &smallCode);
        const qint64 bigPeak = peakRssKiB({QStringLiteral("export"), bigChain, QStringLiteral("--database"),
                                           QStringLiteral("big"), QStringLiteral("--output"), out},
                                          &bigCode);
        QCOMPARE(smallCode, 0);
        QCOMPARE(bigCode, 0);
        const qint64 bytes = QFileInfo(out).size();
        qInfo("InfluxDB export of %lld MiB of line protocol: peak anonymous RSS %lld MiB (a small database: %lld MiB)",
              bytes >> 20, bigPeak >> 10, smallPeak >> 10);
        QVERIFY(bytes > (40 << 20));
        // The bounds above a tiny export: ShardTar::Extractor's queue (8 MiB, full with a large
        // shard's tar), 1 MiB of influxd's answer read ahead, one chunk of 1000 rows and its JSON.
        QVERIFY2(smallPeak > 0 && bigPeak - smallPeak < 24 * 1024,
                 qPrintable(QStringLiteral("peak RSS %1 KiB against %2 KiB").arg(bigPeak).arg(smallPeak)));
        QVERIFY(QFile::remove(out));
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
