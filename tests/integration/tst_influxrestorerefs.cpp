// The offline restore of InfluxDB 1.x chains holding reference links (issue 19, archive format 4),
// end to end with the real binaries. A real influxd 1.6.7 (full compactions after a second of
// quiet) gets writes, DELETEs, a DROP MEASUREMENT, a DROP SHARD and a DROP DATABASE between the
// links of a chain of a full and kIncrementals incrementals; each incremental is taken whole
// (`backup --whole-files`) and then rewritten so that its shards are reference links against the
// chain's versions before (tests/support/RefLinks); the client also backs each state up into a
// chain of its own, whose reference links it writes itself. After each link the test records what the
// live node answers (per database and measurement: count and sum). `tidemark-cli restore` into a
// stopped node of its own config, to the newest link and with --upto to every link, gives exactly
// that state once influxd starts on it; `--dry-run` rebuilds each shard in scratch and changes
// nothing; `drill` passes; a kill -9 while reference links are applied is rolled back; a Tidemark
// chain holding one is refused; reference links that do not fit (a flipped byte, a copy outside
// the base, a cut patch, another base, another rebuilt checksum) are refused with exit code 7,
// naming the link and the shard, the target as it was.
#include "support/CliRun.h"
#include "support/LinkContents.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/RefLinks.h"
#include "support/Workload.h"

#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/RefPatch.h"

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
#include <QUrlQuery>
#include <QtEndian>

#include <functional>
#include <map>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr int kIncrementals = 21;
constexpr qint64 kWeekNs = 7 * kDayNs;
constexpr qint64 kSecondNs = 1000000000LL;

// What a node answers about its data: the databases, each one's measurements, and per measurement
// the count and sum of its integer field `v` (exact, whatever the files' layout).
using State = std::map<QString, QString>;

QJsonArray querySeries(InfluxProcess &node, const QString &database, const QString &query)
{
    QUrlQuery params;
    if (!database.isEmpty())
        params.addQueryItem(QStringLiteral("db"), database);
    params.addQueryItem(QStringLiteral("q"), query);
    const NodeProcess::Reply reply =
        node.request("GET", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded));
    const QJsonObject result =
        QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("results")).toArray().at(0).toObject();
    if (reply.status != 200 || result.contains(QStringLiteral("error")))
        return QJsonArray{QStringLiteral("error %1: %2").arg(reply.status).arg(QString::fromUtf8(reply.body))};
    return result.value(QStringLiteral("series")).toArray();
}

QString compact(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

State stateOf(InfluxProcess &node)
{
    State state;
    const QJsonArray databases = querySeries(node, {}, QStringLiteral("SHOW DATABASES"));
    state[QStringLiteral("databases")] = compact(databases);
    for (const QJsonValue &row : databases.at(0).toObject().value(QStringLiteral("values")).toArray()) {
        const QString db = row.toArray().at(0).toString();
        if (db == QLatin1String("_internal"))
            continue;
        const QJsonArray measurements = querySeries(node, db, QStringLiteral("SHOW MEASUREMENTS"));
        state[db + QStringLiteral(":measurements")] = compact(measurements);
        for (const QJsonValue &m : measurements.at(0).toObject().value(QStringLiteral("values")).toArray()) {
            const QString name = m.toArray().at(0).toString();
            state[db + QLatin1Char(':') + name] =
                compact(querySeries(node, db, QStringLiteral("SELECT count(v), sum(v) FROM \"%1\"").arg(name)));
        }
    }
    return state;
}

QString describe(const State &state)
{
    QStringList out;
    for (const auto &[key, value] : state)
        out << key + QLatin1Char('=') + value;
    return out.join(QLatin1Char('\n'));
}

// The byte offset of the first copy record's base offset in a reference link's bytes, or -1.
qsizetype firstCopyOffset(const QByteArray &patch)
{
    qsizetype at = refpatch::kHeaderBytes;
    while (at + refpatch::kRecordHeaderBytes <= patch.size()) {
        const quint64 kind = qFromLittleEndian<quint64>(patch.constData() + at);
        const quint64 length = qFromLittleEndian<quint64>(patch.constData() + at + 8);
        if (kind == refpatch::kCopy)
            return at + refpatch::kRecordHeaderBytes;
        if (kind != refpatch::kLiteral)
            return -1;
        at += refpatch::kRecordHeaderBytes + static_cast<qsizetype>(length);
    }
    return -1;
}

// Every TSM file under `dir` (relative names).
QStringList tsmFiles(const QString &dir)
{
    QStringList out;
    QDirIterator it(dir, {QStringLiteral("*.tsm")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    out.sort();
    return out;
}

} // namespace

class TestInfluxRestoreRefs : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_chain; ///< The chain restored: its incrementals' shards as reference links.
    QString m_whole; ///< The same links as taken (whole copies), for the restore's time.
    /// The same node states backed up by the client itself (reference links as it writes them).
    QString m_client;
    /// Per link (0: the full), what the live node answered right after it was taken.
    std::vector<State> m_states;
    /// A link holding a reference link with copies, and that shard: for the refusals.
    int m_damageAt = -1;
    QString m_damageShard;
    int m_compactions = 0; ///< Shards influxd fully compacted between links (seen by their files).

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

    // A stopped influxd of its own config with a database of its own ("old"): a restore's target.
    void makeTarget(InfluxProcess &target)
    {
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        QCOMPARE(target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
        QCOMPARE(target.request("POST", QStringLiteral("/write?db=old"), "before v=1i 1000").status, 204);
        QCOMPARE(target.stop(), 0);
    }

    // Starts influxd on what a restore up to `upto` wrote and compares its answers with the live node's then.
    void compareState(InfluxProcess &target, int upto)
    {
        QString error;
        QVERIFY2(target.start(&error), qPrintable(error));
        const State restored = stateOf(target);
        QCOMPARE(target.stop(), 0);
        const State &expected = m_states[static_cast<size_t>(upto + 1)];
        QVERIFY2(restored == expected, qPrintable(QStringLiteral("--upto %1: the restored node answers\n%2\nwhere the "
                                                                 "node answered\n%3")
                                                      .arg(upto)
                                                      .arg(describe(restored), describe(expected))));
    }

    QString copyChain(const QString &dir, int upto) const
    {
        const QString copy = dir + QStringLiteral("/refs");
        for (int n = -1; n <= upto; ++n) {
            const QString suffix = n < 0 ? QString() : QStringLiteral(".%1").arg(n);
            if (!QFile::copy(m_chain + suffix, copy + suffix))
                return {};
        }
        return copy;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is not installed (scripts/deps.sh installs it)");
        m_chain = m_dir.filePath(QStringLiteral("refs"));
        m_whole = m_dir.filePath(QStringLiteral("whole"));
        m_client = m_dir.filePath(QStringLiteral("client"));
        InfluxProcess node;
        QString error;
        // The first start writes the config (and picks the ports); full compactions after a second
        // of quiet instead of four hours, and the cache written to TSM after a second too.
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.stop(), 0);
        {
            QFile config(node.configPath());
            QVERIFY(config.open(QIODevice::ReadOnly));
            QString text = QString::fromUtf8(config.readAll());
            config.close();
            const qsizetype at = text.indexOf(QStringLiteral("wal-dir"));
            QVERIFY(at > 0);
            text.insert(text.indexOf(QLatin1Char('\n'), at) + 1,
                        QStringLiteral("  compact-full-write-cold-duration = \"1s\"\n"
                                       "  cache-snapshot-write-cold-duration = \"1s\"\n"));
            QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QVERIFY(config.write(text.toUtf8()) > 0);
        }
        QVERIFY2(node.start(&error), qPrintable(error));
        const auto query = [&](const QString &db, const QString &q) {
            QUrlQuery params;
            if (!db.isEmpty())
                params.addQueryItem(QStringLiteral("db"), db);
            params.addQueryItem(QStringLiteral("q"), q);
            const auto reply = node.request("POST", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded));
            return reply.status == 200 && !reply.body.contains("\"error\"");
        };
        const auto write = [&](const QString &db, const QByteArray &lines) {
            return node.request("POST", QStringLiteral("/write?db=") + db, lines).status == 204;
        };
        QVERIFY(query({}, QStringLiteral("CREATE DATABASE tm")));
        QVERIFY(query({}, QStringLiteral("CREATE DATABASE gone")));
        // Link k's points: `cpu` (three hosts) in week k % 3, `mem` in week 1, `disk` until it is
        // dropped; 600 points a link, each at a time of its own.
        const auto pointsOf = [](int k) {
            QByteArray lines;
            const qint64 week = k % 3;
            for (int j = 0; j < 200; ++j) {
                const qint64 t = week * kWeekNs + (qint64(k) * 1000 + j) * kSecondNs;
                for (int host = 1; host <= 2; ++host)
                    lines += "cpu,host=h" + QByteArray::number(host) + " v=" + QByteArray::number(k * 7 + j + host) +
                             "i " + QByteArray::number(t) + '\n';
                lines += "mem,host=h1 v=" + QByteArray::number(j) + "i " +
                         QByteArray::number(kWeekNs + (qint64(k) * 1000 + j) * kSecondNs + 1) + '\n';
            }
            return lines;
        };
        QVERIFY(write(QStringLiteral("tm"), pointsOf(0) + pointsOf(1) + pointsOf(2)));
        QByteArray disk;
        for (int j = 0; j < 300; ++j)
            disk += "disk,dev=sda v=" + QByteArray::number(j) + "i " + QByteArray::number(2 * kWeekNs + j * kSecondNs) +
                    '\n';
        QVERIFY(write(QStringLiteral("tm"), disk));
        QVERIFY(write(QStringLiteral("gone"), "g v=5i 1000\ng v=6i 2000\n"));

        const QString tm = node.dataDir() + QStringLiteral("/tm");
        // Waits until influxd has compacted every shard of `tm` into one TSM file (a full
        // compaction once the shard is cold), counting the shards whose files changed so.
        const auto compacted = [&] {
            const QStringList before = tsmFiles(tm);
            QElapsedTimer timer;
            timer.start();
            while (timer.elapsed() < 20000) {
                QTest::qWait(250);
                const QStringList now = tsmFiles(tm);
                QSet<QString> shards;
                bool single = true;
                for (const QString &f : now) {
                    const QString shard = QFileInfo(f).path();
                    single = single && !shards.contains(shard);
                    shards.insert(shard);
                }
                if (single && !now.isEmpty() && now != before) {
                    for (const QString &f : now)
                        m_compactions += before.contains(f) ? 0 : 1;
                    return true;
                }
            }
            return false;
        };
        const auto backup = [&](bool whole) {
            QStringList args{QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                             QStringLiteral("-host"),  node.snapshotHost(),      m_chain};
            if (whole)
                args.insert(1, QStringLiteral("--whole-files"));
            const CliRun run = runCli(args);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            m_states.push_back(stateOf(node));
            // The same state into the chain the client writes reference links into itself.
            const CliRun client =
                runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                        QStringLiteral("-host"), node.snapshotHost(), m_client});
            QVERIFY2(client.exitCode == 0, client.err.constData());
        };
        QElapsedTimer timer;
        timer.start();
        backup(false);
        QCOMPARE(m_states.size(), size_t(1));
        QVERIFY(QFile::copy(m_chain, m_whole));
        for (int i = 0; i < kIncrementals; ++i) {
            QTest::qWait(1100); // A new second: tar times are whole seconds.
            QVERIFY(write(QStringLiteral("tm"), pointsOf(i + 3)));
            switch (i) {
            case 3: // Points deleted: they must stay deleted.
                QVERIFY(query(QStringLiteral("tm"), QStringLiteral("DELETE FROM cpu WHERE host='h1'")));
                break;
            case 6:
                QVERIFY(query(QStringLiteral("tm"), QStringLiteral("DROP MEASUREMENT disk")));
                break;
            case 9:
                QVERIFY(query({}, QStringLiteral("DROP DATABASE gone")));
                break;
            case 12: {
                QVERIFY(query(QStringLiteral("tm"),
                              QStringLiteral("DELETE FROM mem WHERE time < %1").arg(kWeekNs + 8000 * kSecondNs)));
                // The shard of week 2 goes (DROP SHARD); a later link's points of that week make a new one.
                const QJsonArray shards = querySeries(node, {}, QStringLiteral("SHOW SHARDS"));
                qint64 id = -1;
                for (const QJsonValue &db : shards) {
                    if (db.toObject().value(QStringLiteral("name")).toString() != QLatin1String("tm"))
                        continue;
                    for (const QJsonValue &row : db.toObject().value(QStringLiteral("values")).toArray()) {
                        if (row.toArray().at(4).toString().startsWith(QLatin1String("1970-01-12")))
                            id = row.toArray().at(0).toInteger();
                    }
                }
                QVERIFY2(id > 0, qPrintable(compact(shards)));
                QVERIFY(query({}, QStringLiteral("DROP SHARD %1").arg(id)));
                break;
            }
            default:
                break;
            }
            if (i % 4 == 1)
                QVERIFY2(compacted(), qPrintable(tsmFiles(tm).join(u' ')));
            backup(true);
            const QString suffix = QStringLiteral(".%1").arg(i);
            QVERIFY(QFile::copy(m_chain + suffix, m_whole + suffix)); // As taken, for the time below.
            const Status rewritten = RefLinks::rewrite(m_chain, i);
            QVERIFY2(rewritten, qPrintable(rewritten ? QString() : rewritten.error().message));
        }
        QCOMPARE(node.stop(), 0);
        qInfo("chain of %d links made in %lld ms; %d shards fully compacted between links", kIncrementals + 1,
              timer.elapsed(), m_compactions);
        QVERIFY(m_compactions >= 3);

        auto chain = BackupChain::open(m_chain);
        QVERIFY2(chain, qPrintable(chain ? QString() : chain.error().message));
        QCOMPARE(chain->links().size(), size_t(kIncrementals + 1));
        int refLinks = 0;
        qint64 stored = 0;
        qint64 rebuilt = 0;
        for (size_t i = 1; i < chain->links().size(); ++i) {
            const Manifest &manifest = chain->links()[i].manifest;
            QCOMPARE(manifest.format, Manifest::kFormatRefLinks);
            for (const ManifestFile &f : manifest.files) {
                if (!f.isRefLink())
                    continue;
                ++refLinks;
                stored += f.size;
                rebuilt += f.fileSize();
                // A shard the newest link still holds (not the dropped one): every restore writes it.
                if (i >= 6 && m_damageAt < 0 && chain->links().back().manifest.file(f.name)) {
                    auto link = readLink(chain->links()[i].path);
                    QVERIFY(link);
                    if (firstCopyOffset(link->files.at(f.name)) > 0) {
                        m_damageAt = static_cast<int>(i) - 1;
                        m_damageShard = f.name;
                    }
                }
            }
        }
        qInfo("%d reference links: %lld bytes stored for %lld bytes of shard tars", refLinks, stored, rebuilt);
        QVERIFY2(refLinks >= kIncrementals, qPrintable(QString::number(refLinks)));
        QVERIFY(m_damageAt >= 0);
    }

    // The whole chain into a node with data of its own: exactly the live node's last state, no
    // scratch tar left in the data directory, nothing beside it.
    void newestLinkRestoresTheNewestState()
    {
        InfluxProcess target;
        makeTarget(target);
        QElapsedTimer timer;
        timer.start();
        const CliRun run = runCli(restoreArgs(target.configPath(), m_chain));
        qInfo("restore of %d links with reference links: %lld ms", kIncrementals + 1, timer.elapsed());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(QByteArray(QByteArray::number(kIncrementals + 1) + " links")), run.out.constData());
        QVERIFY2(run.out.contains("rebuilt from reference links in the staging directory first"), run.out.constData());
        QDirIterator it(target.root(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QVERIFY2(!path.contains(QLatin1String(".tidemark-rebuild")) && !path.contains(QLatin1String(".refs-new")) &&
                         !path.contains(QLatin1String(".restore-")),
                     qPrintable(path));
        }
        QVERIFY(!QFileInfo::exists(target.dataDir() + QStringLiteral("/gone")));
        compareState(target, kIncrementals - 1);

        // The same state from the links as taken (whole copies), for the time.
        InfluxProcess whole;
        makeTarget(whole);
        timer.restart();
        const CliRun wholeRun = runCli(restoreArgs(whole.configPath(), m_whole));
        qInfo("the same state from whole copies: %lld ms", timer.elapsed());
        QVERIFY2(wholeRun.exitCode == 0, wholeRun.err.constData());
        compareState(whole, kIncrementals - 1);
    }

    // The chain the client wrote itself (its reference links from TSM blocks matched against the
    // chain's versions): restores to the newest link and to every third link give those states,
    // and it stores less than the whole copies.
    void clientWrittenChainRestores()
    {
        auto chain = BackupChain::open(m_client);
        QVERIFY2(chain, qPrintable(chain ? QString() : chain.error().message));
        QCOMPARE(chain->links().size(), size_t(kIncrementals + 1));
        int refLinks = 0;
        qint64 stored = 0;
        qint64 rebuilt = 0;
        for (size_t i = 1; i < chain->links().size(); ++i) {
            auto final = chain->finalManifest(chain->links()[i]);
            QVERIFY(final);
            for (const ManifestFile &f : final->files) {
                refLinks += f.isRefLink() ? 1 : 0;
                stored += f.size;
                rebuilt += f.fileSize();
            }
        }
        qInfo("the client's chain: %d reference links, its incrementals store %lld bytes for %lld bytes rebuilt",
              refLinks, stored, rebuilt);
        QVERIFY2(refLinks >= kIncrementals, qPrintable(QString::number(refLinks)));
        QVERIFY2(stored < rebuilt, qPrintable(QStringLiteral("%1 of %2").arg(stored).arg(rebuilt)));
        const CliRun verified = runCli({QStringLiteral("verify"), m_client});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());

        InfluxProcess target;
        makeTarget(target);
        for (int upto = kIncrementals - 1; upto >= -1; upto -= 3) {
            const CliRun run =
                runCli(restoreArgs(target.configPath(), m_client) << QStringLiteral("--upto") << QString::number(upto));
            QVERIFY2(run.exitCode == 0,
                     qPrintable(QStringLiteral("--upto %1: %2").arg(upto).arg(QString::fromUtf8(run.err))));
            compareState(target, upto);
        }
    }

    // --upto to every link gives that link's state (one target, restored over and over).
    void uptoEveryLinkGivesThatLinksState()
    {
        InfluxProcess target;
        makeTarget(target);
        QElapsedTimer timer;
        timer.start();
        for (int upto = -1; upto < kIncrementals - 1; ++upto) {
            const CliRun run =
                runCli(restoreArgs(target.configPath(), m_chain) << QStringLiteral("--upto") << QString::number(upto));
            QVERIFY2(run.exitCode == 0,
                     qPrintable(QStringLiteral("--upto %1: %2").arg(upto).arg(QString::fromUtf8(run.err))));
            compareState(target, upto);
        }
        qInfo("%d restores with --upto, each started and queried: %lld ms", kIncrementals, timer.elapsed());
    }

    // --dry-run lists each rebuilt shard with the links it is rebuilt from, rebuilds it in scratch
    // (every byte read) and changes nothing.
    void dryRunRebuildsAndChangesNothing()
    {
        InfluxProcess target;
        makeTarget(target);
        const QByteArray before = treeHash(target.root());
        const QByteArray chainBefore = treeHash(m_dir.path());
        CliRun run =
            runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), m_chain,
                    QStringLiteral("--owner"), currentUser(), QStringLiteral("--dry-run"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject plan = QJsonDocument::fromJson(run.out.trimmed().split('\n').last()).object();
        auto chain = BackupChain::open(m_chain);
        QVERIFY(chain);
        auto steps = chain->steps(kIncrementals - 1);
        QVERIFY(steps);
        int rebuilt = 0;
        qint64 largest = 0;
        for (const QJsonValue &v : plan.value(QStringLiteral("write")).toArray()) {
            const QJsonObject w = v.toObject();
            const auto &fileSteps = steps->at(w.value(QStringLiteral("name")).toString());
            QCOMPARE(w.value(QStringLiteral("size")).toInteger(), fileSteps.back().file.fileSize());
            const QJsonArray from = w.value(QStringLiteral("rebuiltFrom")).toArray();
            QCOMPARE(from.size(), fileSteps.size() > 1 ? static_cast<qsizetype>(fileSteps.size()) : 0);
            rebuilt += from.isEmpty() ? 0 : 1;
            if (!from.isEmpty())
                largest = std::max(largest, w.value(QStringLiteral("size")).toInteger());
        }
        QVERIFY(rebuilt >= 2);
        // Room for the rebuilt tars beside what is written: at least the largest one twice (the
        // version before and the new one while its last reference link is applied).
        QVERIFY2(plan.value(QStringLiteral("scratchBytes")).toInteger() >= 2 * largest, run.out.constData());
        run = runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), m_chain,
                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--dry-run")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains(" and reference links up to "), run.out.constData());
        QCOMPARE(treeHash(target.root()), before);
        QCOMPARE(treeHash(m_dir.path()), chainBefore);
    }

    // Reference links that do not fit are refused with exit code 7, naming the link and the
    // shard, and the target stays exactly as it was; --dry-run says the same.
    void damagedRefLinkIsRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("flipped byte") << QStringLiteral("flip") << QString();
        QTest::newRow("copy outside the base") << QStringLiteral("outside") << QStringLiteral("The references of");
        QTest::newRow("cut") << QStringLiteral("cut") << QStringLiteral("is cut short");
        QTest::newRow("another base") << QStringLiteral("base")
                                      << QStringLiteral("as references into the version with checksum");
        QTest::newRow("another rebuilt file")
            << QStringLiteral("rebuilt") << QStringLiteral("and its reference links up to");
    }

    void damagedRefLinkIsRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const int at = m_damageAt;
        // The chain goes on after the damaged link (but not when its rebuilt checksum is changed:
        // the next link's base would then differ, and that link be refused in its place).
        const QString chain = copyChain(dir.path(), damage == QLatin1String("rebuilt") ? at : kIncrementals - 1);
        QVERIFY(!chain.isEmpty());
        const QString damaged = chain + QStringLiteral(".%1").arg(at);
        auto link = readLink(damaged);
        QVERIFY2(link, qPrintable(link ? QString() : link.error().message));
        QByteArray &patch = link->files[m_damageShard];
        const auto reseal = [&] {
            for (ManifestFile &f : link->final.files) {
                if (f.name == m_damageShard) {
                    f.size = patch.size();
                    f.checksum = Checksum::of(patch);
                }
            }
        };
        const auto editRefs = [&](const std::function<void(RefLink &)> &change) {
            for (Manifest *m : {&link->head, &link->final}) {
                for (ManifestFile &f : m->files) {
                    if (f.name == m_damageShard)
                        change(f.refs);
                }
            }
        };
        if (damage == QLatin1String("flip")) {
            patch[patch.size() / 2] =
                static_cast<char>(patch[patch.size() / 2] ^ 0x10); // The entry's checksum differs.
        } else if (damage == QLatin1String("outside")) {
            const qsizetype offset = firstCopyOffset(patch);
            QVERIFY(offset > 0);
            qToLittleEndian<quint64>(quint64(1) << 40, patch.data() + offset);
            reseal();
        } else if (damage == QLatin1String("cut")) {
            patch.chop(refpatch::kRecordHeaderBytes); // No end record.
            reseal();
        } else if (damage == QLatin1String("base")) {
            editRefs([](RefLink &r) { r.base = Checksum::of("another version"); });
        } else {
            editRefs([](RefLink &r) {
                if (!r.fileChecksum.isEmpty())
                    r.fileChecksum = Checksum::of("another tar");
            });
        }
        QVERIFY(writeLink(damaged, link.value()));

        InfluxProcess target;
        makeTarget(target);
        const QByteArray before = treeHash(target.root());
        CliRun run = runCli(restoreArgs(target.configPath(), chain));
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(damaged.toUtf8()) && run.err.contains(m_damageShard.toUtf8()) &&
                     run.err.contains(message.toUtf8()),
                 run.err.constData());
        QCOMPARE(treeHash(target.root()), before);

        run = runCli({QStringLiteral("restore"), QStringLiteral("-config"), target.configPath(), chain,
                      QStringLiteral("--owner"), currentUser(), QStringLiteral("--dry-run")});
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(damaged.toUtf8()) && run.err.contains(m_damageShard.toUtf8()) &&
                     run.err.contains(message.toUtf8()),
                 run.err.constData());
        QCOMPARE(treeHash(target.root()), before);
        QCOMPARE(QDir(dir.path()).entryList({QStringLiteral(".tidemark-scratch-*")}, QDir::AllEntries | QDir::Hidden),
                 QStringList());

        // Up to the link before it, the chain restores.
        run = runCli(restoreArgs(target.configPath(), chain) << QStringLiteral("--upto") << QString::number(at - 1));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        compareState(target, at - 1);
    }

    // kill -9 while reference links are applied: the next run rolls back, then restores.
    void killedWhileApplyingIsRolledBack()
    {
        InfluxProcess target;
        makeTarget(target);
        const QByteArray before = treeHash(target.dataDir());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_RESTORE_STOP_AT"), QStringLiteral("ref-link"));
        CliRun run = runCli(restoreArgs(target.configPath(), m_chain), env);
        QVERIFY2(run.crashed, run.err.constData());
        QCOMPARE(treeHash(target.dataDir()), before);
        run = runCli(restoreArgs(target.configPath(), m_chain));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("Rolled back an interrupted restore"), run.out.constData());
        compareState(target, kIncrementals - 1);
    }

    // Tidemark chains never hold reference links (they have block links): one is refused in
    // preflight, naming its link, before the target is touched.
    void tidemarkChainWithARefLinkIsRefused()
    {
        QTemporaryDir dir;
        const QString chain = copyChain(dir.path(), 0);
        QVERIFY(!chain.isEmpty());
        for (const QString &p : QStringList{chain, chain + QStringLiteral(".0")}) {
            auto link = readLink(p);
            QVERIFY2(link, qPrintable(link ? QString() : link.error().message));
            for (Manifest *m : {&link->head, &link->final}) {
                m->kind = Manifest::Kind::Tidemark;
                for (ManifestFile &f : m->files)
                    f.boundary.clear();
            }
            QVERIFY(writeLink(p, link.value()));
        }
        auto opened = BackupChain::open(chain);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(opened->hasRefLinks(0));
        QTemporaryDir root;
        QByteArray text;
        QCOMPARE(NodeProcess::run({QStringLiteral("config"), QStringLiteral("-dir"), root.path(),
                                   QStringLiteral("-http-bind"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("-snapshot-bind"), QStringLiteral("127.0.0.1:0")},
                                  &text, nullptr),
                 0);
        const QString config = root.filePath(QStringLiteral("tidemarkd.conf"));
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
        file.close();
        const QByteArray before = treeHash(root.path());
        const CliRun run = runCli(restoreArgs(config, chain));
        QCOMPARE(run.exitCode, 7);
        QVERIFY2(run.err.contains(QStringLiteral("'%1.0' holds reference links").arg(chain).toUtf8()) &&
                     run.err.contains("Tidemark"),
                 run.err.constData());
        QCOMPARE(treeHash(root.path()), before);
    }

    // The restore drill runs the same engine on a scratch influxd: it passes.
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
        QVERIFY2(event.value(QStringLiteral("ok")).toBool(), run.out.constData());
        QCOMPARE(event.value(QStringLiteral("links")).toInt(), kIncrementals + 1);
        QCOMPARE(QDir(scratch.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestInfluxRestoreRefs)
#include "tst_influxrestorerefs.moc"
