// Index bookkeeping and storage of DataNode on real LMDB files in temporary directories.
#include "node/DataNode.h"
#include "node/NodeInspector.h"
#include "store/BrokerStore.h"
#include "store/KeyEncoding.h"
#include "store/Lmdb.h"
#include "store/ShardStore.h"

#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace tidemark;

namespace {

constexpr qint64 kDay = 86400LL * 1000000000;

Point point(const char *measurement, const char *host, qint64 time, double value)
{
    Point p;
    p.measurement = measurement;
    p.tags.push_back({"host", host});
    FieldValue v;
    v.type = FieldValue::Type::Float;
    v.f = value;
    p.fields.push_back({"value", v});
    FieldValue s;
    s.type = FieldValue::Type::String;
    s.s = "ok";
    p.fields.push_back({"status", s});
    p.time = time;
    p.hasTime = true;
    return p;
}

NodeConfig configIn(const QTemporaryDir &dir)
{
    NodeConfig config;
    config.brokerDir = dir.filePath(QStringLiteral("broker"));
    config.dataDir = dir.filePath(QStringLiteral("data"));
    return config;
}

std::unique_ptr<DataNode> openNode(const NodeConfig &config)
{
    auto node = DataNode::open(config);
    if (!node) {
        qWarning() << node.error().toString();
        return nullptr;
    }
    return node.takeValue();
}

// Streams `view` into the new file `path` in blocks of `blockSize`, calling `between` after each.
bool streamTo(LmdbReadView &view, const QString &path, qsizetype blockSize = 1 << 20,
              const std::function<void()> &between = {})
{
    QFile out(path);
    if (!out.open(QIODevice::NewOnly))
        return false;
    std::vector<char> block(static_cast<size_t>(blockSize));
    for (qsizetype n; (n = view.read(block.data(), blockSize)) > 0;) {
        if (out.write(block.data(), n) != n)
            return false;
        if (between)
            between();
    }
    if (!view.error().message.isEmpty()) {
        qWarning() << view.error().toString();
        return false;
    }
    return out.size() == view.size();
}

// The series of the points in a closed copy of a shard.
QSet<QByteArray> seriesIn(const QString &shardCopy)
{
    QSet<QByteArray> series;
    auto env = LmdbEnv::open(shardCopy, LmdbEnv::Options::closedCopy());
    if (!env)
        return series;
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return series;
    auto points = txn->dbi("points", false);
    if (!points)
        return series;
    (void)txn->forEach(points.value(), [&](QByteArrayView key, QByteArrayView) {
        QByteArray s;
        std::int64_t time = 0;
        if (keys::splitPointKey(key, &s, &time))
            series.insert(s);
        return true;
    });
    return series;
}

const auto everyFile = [](const QString &, quint64) { return true; };

} // namespace

class TestDataNode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyChangeTakesTheNextIndex()
    {
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QCOMPARE(node->index(), 0ULL);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        QCOMPARE(node->index(), 1ULL);
        QCOMPARE(node->openSnapshot([](const QString &, quint64) { return true; })->files.front().index,
                 1ULL);                                           // The meta store.
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok()); // Exists: no change, no index.
        QCOMPARE(node->index(), 1ULL);

        // One batch over two days: two shard groups, both at index 2.
        auto written =
            node->write(QStringLiteral("db"), {}, {point("cpu", "a", 10, 1), point("cpu", "a", kDay + 10, 2)});
        QVERIFY(written.ok());
        QCOMPARE(written->index, 2ULL);
        QCOMPARE(written->points, 2);
        QCOMPARE(written->values, 4);
        QCOMPARE(node->summary().shards.size(), size_t(2));

        // A batch touching only the first day: only that shard moves to 3.
        QVERIFY(node->write(QStringLiteral("db"), QStringLiteral("autogen"), {point("cpu", "b", 20, 3)}).ok());
        QCOMPARE(node->index(), 3ULL);
        node.reset();

        auto report = NodeInspector::inspect(configIn(dir).dataDir);
        QVERIFY(report.ok());
        QCOMPARE(report->metaIndex, 3ULL);
        QCOMPARE(report->index, 3ULL);
        QCOMPARE(report->databases.size(), size_t(1));
        const auto &shards = report->databases[0].shards;
        QCOMPARE(shards.size(), size_t(2));
        QCOMPARE(shards[0].index, 3ULL);
        QCOMPARE(shards[0].points, 2ULL);
        QCOMPARE(shards[0].series, 2ULL);
        QCOMPARE(shards[0].values, 4ULL);
        QCOMPARE(shards[1].index, 2ULL);
        QCOMPARE(shards[1].points, 1ULL);
        QCOMPARE(shards[0].startNs, 0);
        QCOMPARE(shards[1].startNs, kDay);
    }

    void indexesSurviveReopen()
    {
        QTemporaryDir dir;
        {
            auto node = openNode(configIn(dir));
            QVERIFY(node);
            QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1)}).ok());
        }
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QCOMPARE(node->index(), 2ULL);
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 2, 1)}).ok());
        QCOMPARE(node->index(), 3ULL);
        QCOMPARE(node->summary().shards.size(), size_t(1)); // The existing group is reused.
    }

    void negativeTimesGetTheirOwnGroup()
    {
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", -1, 1), point("m", "a", 0, 1)}).ok());
        QCOMPARE(node->summary().shards.size(), size_t(2));
        QCOMPARE(node->summary().shards.front().id, 1ULL);
    }

    void laterWriteOfAPointMergesItsFields()
    {
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        Point first = point("m", "a", 5, 1);
        Point second = point("m", "a", 5, 2);
        second.fields.erase(second.fields.begin() + 1); // Only "value": "status" must survive.
        QVERIFY(node->write(QStringLiteral("db"), {}, {first}).ok());
        QVERIFY(node->write(QStringLiteral("db"), {}, {second}).ok());
        node.reset();
        QTemporaryDir other;
        auto expected = openNode(configIn(other));
        QVERIFY(expected);
        QVERIFY(expected->createDatabase(QStringLiteral("db")).ok());
        QVERIFY(expected->write(QStringLiteral("db"), {}, {point("m", "a", 5, 2)}).ok());
        expected.reset();
        auto a = NodeInspector::inspect(configIn(dir).dataDir);
        auto b = NodeInspector::inspect(configIn(other).dataDir);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->databases[0].values, 2ULL);
        QCOMPARE(a->digest, b->digest);
    }

    void laterValueForTheSameKeyWins()
    {
        QTemporaryDir dir;
        {
            auto node = openNode(configIn(dir));
            QVERIFY(node);
            QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 5, 1), point("m", "a", 5, 2)}).ok());
        }
        QTemporaryDir other;
        {
            auto node = openNode(configIn(other));
            QVERIFY(node);
            QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 5, 2)}).ok());
        }
        auto a = NodeInspector::inspect(configIn(dir).dataDir);
        auto b = NodeInspector::inspect(configIn(other).dataDir);
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->databases[0].points, 1ULL);
        QCOMPARE(a->digest, b->digest);
    }

    void digestIgnoresBatchingButSeesContent()
    {
        QTemporaryDir one;
        QTemporaryDir two;
        QTemporaryDir three;
        for (QTemporaryDir *dir : {&one, &two, &three}) {
            auto node = openNode(configIn(*dir));
            QVERIFY(node);
            QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        }
        {
            auto node = openNode(configIn(one));
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1), point("m", "b", 2, 2)}).ok());
        }
        {
            auto node = openNode(configIn(two));
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "b", 2, 2)}).ok());
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1)}).ok());
        }
        {
            auto node = openNode(configIn(three));
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1), point("m", "b", 2, 2.5)}).ok());
        }
        auto a = NodeInspector::inspect(configIn(one).dataDir);
        auto b = NodeInspector::inspect(configIn(two).dataDir);
        auto c = NodeInspector::inspect(configIn(three).dataDir);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QCOMPARE(a->digest, b->digest);
        QVERIFY(a->index != b->index); // Different history, same content.
        QVERIFY(a->digest != c->digest);
    }

    void unknownDatabaseOrPolicyIsNotFound()
    {
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        auto noDb = node->write(QStringLiteral("nope"), {}, {point("m", "a", 1, 1)});
        QVERIFY(!noDb.ok());
        QCOMPARE(noDb.error().code, ErrorCode::NotFound);
        QCOMPARE(noDb.error().message, QStringLiteral("database not found: \"nope\""));
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        auto noRp = node->write(QStringLiteral("db"), QStringLiteral("weekly"), {point("m", "a", 1, 1)});
        QVERIFY(!noRp.ok());
        QCOMPARE(noRp.error().message, QStringLiteral("retention policy not found: \"weekly\""));
        QCOMPARE(node->index(), 1ULL); // Refused writes take no index.
    }

    void dropDatabaseRemovesItsShards()
    {
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        auto node = openNode(config);
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("a")).ok());
        QVERIFY(node->createDatabase(QStringLiteral("b")).ok());
        QVERIFY(node->write(QStringLiteral("a"), {}, {point("m", "x", 1, 1)}).ok());
        QVERIFY(node->write(QStringLiteral("b"), {}, {point("m", "x", 1, 1)}).ok());
        const QString shardA = DataNode::shardPath(config.dataDir, 1);
        QVERIFY(QFileInfo::exists(shardA));
        QVERIFY(node->dropDatabase(QStringLiteral("a")).ok());
        QVERIFY(!QFileInfo::exists(shardA));
        QVERIFY(QFileInfo::exists(DataNode::shardPath(config.dataDir, 2)));
        QCOMPARE(node->databaseNames(), QStringList{QStringLiteral("b")});
        QCOMPARE(node->index(), 5ULL);
        QVERIFY(node->dropDatabase(QStringLiteral("a")).ok()); // Gone already: no error.
    }

    void snapshotViewsAreOfOneBatchBoundary()
    {
        // Every batch puts one new series into both shards (two days) and records its index in
        // the meta store and both shards: a snapshot at a batch boundary has the same series in
        // both shards, and every file at the snapshot's index.
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        std::atomic_int batches{0};
        std::atomic_bool stop{false};
        std::atomic_bool failed{false};
        std::thread writer([&] {
            for (int i = 0; !stop; ++i) {
                const QByteArray host = "h" + QByteArray::number(i);
                std::vector<Point> points;
                for (int k = 0; k < 20; ++k) { // Several points per shard: a half batch would show.
                    points.push_back(point("cpu", host.constData(), 10 + k, i));
                    points.push_back(point("cpu", host.constData(), kDay + 10 + k, i));
                }
                if (!node->write(QStringLiteral("db"), {}, points).ok()) {
                    failed = true;
                    return;
                }
                batches = i + 1;
            }
        });
        const auto joinWriter = qScopeGuard([&] {
            stop = true;
            writer.join();
        });
        const auto waitForBatches = [&](int n) {
            QDeadlineTimer deadline(30000);
            while (batches < n && !failed && !deadline.hasExpired())
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            return batches >= n;
        };

        for (int round = 0; round < 5; ++round) {
            QVERIFY(waitForBatches(batches + 20));
            auto snapshot = node->openSnapshot(everyFile);
            QVERIFY2(snapshot.ok(), qPrintable(snapshot.ok() ? QString() : snapshot.error().toString()));
            QCOMPARE(snapshot->files.size(), size_t(3));
            QCOMPARE(snapshot->files[0].name, QStringLiteral("meta"));
            QCOMPARE(snapshot->files[1].name, QStringLiteral("shards/1"));
            QCOMPARE(snapshot->files[2].name, QStringLiteral("shards/2"));
            const quint64 index = snapshot->index; // createDatabase took 1, each batch one more.
            const QString copies = dir.filePath(QStringLiteral("copy-%1").arg(round));
            QVERIFY(QDir().mkpath(copies));
            for (DataNode::SnapshotView &file : snapshot->files) {
                QCOMPARE(file.index, index);
                const QString copy =
                    copies + QLatin1Char('/') + QString(file.name).replace(QLatin1Char('/'), QLatin1Char('_'));
                // Small blocks, and the writer goes on between them.
                QVERIFY(streamTo(*file.view, copy, 64 << 10, [&] { waitForBatches(batches + 1); }));
                file.view->close();
                auto recorded = readRecordedIndex(copy);
                QVERIFY(recorded.ok());
                QCOMPARE(recorded.value(), file.index);
            }
            const QSet<QByteArray> first = seriesIn(copies + QStringLiteral("/shards_1"));
            const QSet<QByteArray> second = seriesIn(copies + QStringLiteral("/shards_2"));
            QCOMPARE(qsizetype(first.size()), qsizetype(index - 1));
            QVERIFY(first == second);
            QVERIFY(first.contains("cpu,host=h" + QByteArray::number(index - 2)));
        }
        QVERIFY(!failed);
    }

    void snapshotOpensOnlyTheWantedFiles()
    {
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());                        // 1
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1)}).ok());    // 2: shard 1
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", kDay, 1)}).ok()); // 3: shard 2
        QStringList asked;
        auto snapshot = node->openSnapshot([&](const QString &name, quint64 index) {
            asked << QStringLiteral("%1@%2").arg(name).arg(index);
            return index > 2;
        });
        QVERIFY(snapshot.ok());
        QCOMPARE(asked,
                 (QStringList{QStringLiteral("meta@3"), QStringLiteral("shards/1@2"), QStringLiteral("shards/2@3")}));
        QCOMPARE(snapshot->index, 3ULL);
        QCOMPARE(snapshot->files.size(), size_t(2));
        QCOMPARE(snapshot->files[0].name, QStringLiteral("meta"));
        QCOMPARE(snapshot->files[1].name, QStringLiteral("shards/2"));
        QCOMPARE(snapshot->files[1].index, 3ULL);
    }

    void droppedDatabaseStaysReadableInAnOpenSnapshot()
    {
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        auto node = openNode(config);
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1), point("m", "b", 2, 1)}).ok());
        auto snapshot = node->openSnapshot(everyFile);
        QVERIFY(snapshot.ok());
        QCOMPARE(snapshot->files.size(), size_t(2));
        QVERIFY(node->dropDatabase(QStringLiteral("db")).ok());
        QVERIFY(!QFileInfo::exists(DataNode::shardPath(config.dataDir, 1)));
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1)}).error().code == ErrorCode::NotFound);
        const QString copy = dir.filePath(QStringLiteral("shard-copy"));
        QVERIFY(streamTo(*snapshot->files[1].view, copy));
        QCOMPARE(seriesIn(copy), (QSet<QByteArray>{"m,host=a", "m,host=b"}));
        QCOMPARE(readRecordedIndex(copy).value(), 2ULL);
        snapshot->files.clear(); // Closes the last environment of the dropped shard.
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "c", 1, 1)}).ok());
        QCOMPARE(node->summary().shards.size(), size_t(1));
        QCOMPARE(node->summary().shards[0].id, 2ULL); // Shard ids are never reused.
    }

    void openSnapshotLetsFilesGrowUntilClosed()
    {
        // How much the files grow per batch while a snapshot is open, as time-series writes
        // arrive: each batch adds one point to each of 1000 series, so it changes about as many
        // leaf pages as it has series. Without a reader, the pages a commit frees are reused two
        // commits later; while a view is open, none of them are.
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        auto node = openNode(config);
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        constexpr int kSeries = 1000;
        constexpr int kBatches = 40;
        int time = 0;
        qint64 written = 0;
        const auto writeBatches = [&](int count) {
            for (int b = 0; b < count; ++b, ++time) {
                std::vector<Point> points;
                for (int s = 0; s < kSeries; ++s)
                    points.push_back(point("cpu", QByteArray("host-" + QByteArray::number(s)).constData(), time, s));
                for (const Point &p : points)
                    written += keys::pointKey(p.seriesKey(), p.time).size() + keys::encodeFields(p.fields).size();
                if (!node->write(QStringLiteral("db"), {}, points).ok())
                    return false;
            }
            return true;
        };
        const QString meta = config.dataDir + QStringLiteral("/meta");
        const QString shard = DataNode::shardPath(config.dataDir, 1);
        const auto sizes = [&] { return std::pair{QFileInfo(meta).size(), QFileInfo(shard).size()}; };
        QVERIFY(writeBatches(kBatches)); // Warm up: the series exist, the free list is in use.

        written = 0;
        const auto [metaBefore, shardBefore] = sizes();
        QVERIFY(writeBatches(kBatches));
        const auto [metaFree, shardFree] = sizes();
        const qint64 writtenFree = written;

        written = 0;
        auto snapshot = node->openSnapshot(everyFile);
        QVERIFY(snapshot.ok());
        QVERIFY(writeBatches(kBatches));
        const auto [metaHeld, shardHeld] = sizes();
        const qint64 writtenHeld = written;
        snapshot->files.clear();

        QVERIFY(writeBatches(kBatches));
        const auto [metaAfter, shardAfter] = sizes();
        const qint64 shardGrowthFree = shardFree - shardBefore;
        const qint64 shardGrowthHeld = shardHeld - shardFree;
        const qint64 metaGrowthHeld = metaHeld - metaFree;
        qInfo("%d batches of %d points (%lld KiB of keys and values): shard grew %lld KiB without a snapshot, "
              "%lld KiB with one open (%lld KiB per batch, %.1f bytes per byte written); meta %lld KiB without, "
              "%lld KiB with (%lld bytes per batch); after closing: shard %lld KiB, meta %lld KiB",
              kBatches, kSeries, writtenHeld >> 10, shardGrowthFree >> 10, shardGrowthHeld >> 10,
              (shardGrowthHeld / kBatches) >> 10, double(shardGrowthHeld) / writtenHeld, (metaFree - metaBefore) >> 10,
              metaGrowthHeld >> 10, metaGrowthHeld / kBatches, (shardAfter - shardHeld) >> 10,
              (metaAfter - metaHeld) >> 10);
        QCOMPARE(writtenFree, writtenHeld);
        QCOMPARE(metaFree, metaBefore);                        // Without a reader, the meta store reuses its pages.
        QVERIFY(metaGrowthHeld >= kBatches * 4096LL);          // At least a page per batch while held.
        QVERIFY(shardGrowthHeld > 2 * shardGrowthFree);        // The open snapshot pins the freed pages.
        QVERIFY(shardGrowthHeld >= writtenHeld);               // Whole leaves are copied, not just the points.
        QVERIFY(shardAfter - shardHeld < shardGrowthHeld / 2); // Reused again once closed.
    }

    void orphanShardFilesAreRemovedOnOpen()
    {
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        {
            auto node = openNode(config);
            QVERIFY(node);
        }
        // As left by a crash between dropping a database and deleting its files.
        QFile orphan(DataNode::shardPath(config.dataDir, 42));
        QVERIFY(orphan.open(QIODevice::WriteOnly));
        orphan.close();
        auto node = openNode(config);
        QVERIFY(node);
        QVERIFY(!orphan.exists());
    }

    void secondNodeOnSameDirsIsRefused()
    {
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        auto first = openNode(config);
        QVERIFY(first);
        auto second = DataNode::open(config);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Busy);
        QVERIFY2(second.error().message.contains(QStringLiteral("'%1' is in use by another tidemarkd (pid %2")
                                                     .arg(config.dataDir)
                                                     .arg(QCoreApplication::applicationPid())),
                 qPrintable(second.error().message));
        first.reset();
        QVERIFY(openNode(config)); // Released on close.
    }

    void brokerBehindDataIsRefused()
    {
        QTemporaryDir dir;
        const NodeConfig config = configIn(dir);
        {
            auto node = openNode(config);
            QVERIFY(node);
            QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
            QVERIFY(node->write(QStringLiteral("db"), {}, {point("m", "a", 1, 1)}).ok());
        }
        QVERIFY(QDir(config.brokerDir).removeRecursively());
        QVERIFY(BrokerStore::create(config.brokerDir, 1, QStringLiteral("http://127.0.0.1:8086")).ok());
        auto node = DataNode::open(config);
        QVERIFY(!node.ok());
        QCOMPARE(node.error().code, ErrorCode::State);
        QVERIFY2(node.error().message.contains(QStringLiteral("broker index 1")), qPrintable(node.error().message));
        QVERIFY(node.error().message.contains(QStringLiteral("data index 2")));
        QVERIFY(!node.error().hint.isEmpty());

        QVERIFY(BrokerStore::create(config.brokerDir, 2, QStringLiteral("http://127.0.0.1:8086")).ok());
        auto fixed = openNode(config);
        QVERIFY(fixed);
        QCOMPARE(fixed->index(), 2ULL);
    }

    void brokerWritesRaftFiles()
    {
        QTemporaryDir dir;
        NodeConfig config = configIn(dir);
        config.httpBind = HostPort{QStringLiteral("127.0.0.1"), 18086};
        auto node = openNode(config);
        QVERIFY(node);
        QFile raftConfig(config.brokerDir + QStringLiteral("/raft/config"));
        QVERIFY(raftConfig.open(QIODevice::ReadOnly));
        const QByteArray json = raftConfig.readAll();
        QVERIFY(json.startsWith("{\"clusterID\":"));
        QVERIFY2(json.contains(",\"maxNodeID\":1,\"nodes\":[{\"id\":1,\"url\":\"http://127.0.0.1:18086\"}]}"),
                 json.constData());
        QVERIFY(QFileInfo::exists(config.brokerDir + QStringLiteral("/raft/id")));
        QVERIFY(QFileInfo::exists(config.brokerDir + QStringLiteral("/raft/term")));
    }

    void mapGrowsBeyondItsInitialSize()
    {
        // The initial map is 64 MiB; 80 MiB of values must go through by growing it.
        QTemporaryDir dir;
        auto node = openNode(configIn(dir));
        QVERIFY(node);
        QVERIFY(node->createDatabase(QStringLiteral("db")).ok());
        const QByteArray big(4096, 'x');
        for (int batch = 0; batch < 4; ++batch) {
            std::vector<Point> points;
            for (int i = 0; i < 5000; ++i) {
                Point p = point("m", "a", batch * 5000 + i, i);
                p.fields[1].value.s = big;
                points.push_back(std::move(p));
            }
            auto written = node->write(QStringLiteral("db"), {}, points);
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        }
        QVERIFY(QFileInfo(DataNode::shardPath(configIn(dir).dataDir, 1)).size() > (64LL << 20));
        node.reset();
        auto report = NodeInspector::inspect(configIn(dir).dataDir);
        QVERIFY(report.ok());
        QCOMPARE(report->databases[0].points, 20000ULL);
    }

    // ShardStore::forEachSeries seeks past each series: every series once, in key order, with its
    // first and last point, also for series that are prefixes of others or hold a 0 byte.
    void forEachSeriesGivesEachSeriesItsSpan()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shard"));
        {
            auto shard = ShardStore::open(path, false);
            QVERIFY(shard);
            const QByteArray fields = keys::encodeFields({Field{"v", FieldValue{}}});
            std::vector<ShardStore::Entry> entries;
            const auto add = [&](const QByteArray &series, std::initializer_list<std::int64_t> times) {
                for (const std::int64_t t : times)
                    entries.emplace_back(keys::pointKey(series, t), fields);
            };
            add("cpu", {-5, 0, 7, 1000});
            add(QByteArray("cpu\0x", 5), {3});
            add("cpu,host=a", {1, 2});
            add("cpux", {9, 8, -9});
            add("mem", {42});
            QVERIFY(shard.value()->write(1, entries).ok());
        }
        QFile::remove(path + QStringLiteral("-lock"));
        std::vector<std::tuple<QByteArray, std::int64_t, std::int64_t>> seen;
        QVERIFY(ShardStore::forEachSeries(path, [&](const ShardStore::SeriesSpan &span) {
                    seen.emplace_back(span.series.toByteArray(), span.first, span.last);
                    return true;
                }).ok());
        const decltype(seen) expected{
            {"cpu", -5, 1000}, {QByteArray("cpu\0x", 5), 3, 3}, {"cpu,host=a", 1, 2}, {"cpux", -9, 9}, {"mem", 42, 42}};
        QCOMPARE(seen, expected);
        // Stopping early is no error.
        int visits = 0;
        QVERIFY(ShardStore::forEachSeries(path, [&](const ShardStore::SeriesSpan &) { return ++visits < 2; }).ok());
        QCOMPARE(visits, 2);
        auto missing = ShardStore::forEachSeries(dir.filePath(QStringLiteral("none")), {});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    // An online import's commit (DataNode::importDatabase): the shards get new ids and the
    // importing node's next index, all at once; fail refuses an existing database, replace drops
    // the node's shards of the same ranges, and open() removes what a killed import left.
    void importCommitsInOneStepWithTheNodesIndex()
    {
        QTemporaryDir dirA;
        QTemporaryDir dirB;
        auto a = openNode(configIn(dirA));
        auto b = openNode(configIn(dirB));
        QVERIFY(a && b);
        QVERIFY(a->createDatabase(QStringLiteral("src")));
        QVERIFY(a->write(QStringLiteral("src"), {}, {point("cpu", "a", kDay + 1, 1), point("cpu", "b", 3 * kDay, 2)}));
        QVERIFY(b->createDatabase(QStringLiteral("live")));
        for (int i = 0; i < 5; ++i)
            QVERIFY(b->write(QStringLiteral("live"), {}, {point("mem", "x", 10 * kDay + i, i)}));

        // Consistent copies of A's shards in B's import staging, as a session would receive them.
        const DataNode::Summary summary = a->summary();
        const auto stage = [&](const QString &dir, DataNode::Import *import) {
            QDir().mkpath(dir);
            auto snapshot =
                a->openSnapshot([](const QString &name, quint64) { return name.startsWith(QLatin1String("shards/")); });
            if (!snapshot || snapshot->files.size() != 2)
                return false;
            import->shards.clear();
            for (auto &file : snapshot->files) {
                const quint64 id = file.name.section(QLatin1Char('/'), 1).toULongLong();
                const auto s = std::find_if(summary.shards.begin(), summary.shards.end(),
                                            [&](const DataNode::ShardSummary &x) { return x.id == id; });
                const QString path = dir + QStringLiteral("/shard-%1").arg(id);
                if (s == summary.shards.end() || !streamTo(*file.view, path))
                    return false;
                import->shards.push_back({QStringLiteral("autogen"), s->startNs, s->endNs, path});
            }
            return true;
        };
        DataNode::Import import;
        import.database.name = QStringLiteral("copy");
        import.database.defaultRetentionPolicy = QStringLiteral("autogen");
        import.database.retentionPolicies.push_back({QStringLiteral("autogen"), 0, kDay, 1});
        QVERIFY(stage(b->importStagingDir() + QStringLiteral("/one"), &import));
        const quint64 before = b->index();
        auto outcome = b->importDatabase(import);
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : qPrintable(outcome.error().message));
        QCOMPARE(outcome->index, before + 1);
        QCOMPARE(b->index(), outcome->index);
        QVERIFY(outcome->createdDatabase);
        auto reportA = NodeInspector::inspect(dirA.filePath(QStringLiteral("data")));
        auto reportB = NodeInspector::inspect(dirB.filePath(QStringLiteral("data")));
        QVERIFY(reportA.ok() && reportB.ok());
        const auto digests = [](const InspectReport &report, const QString &db, quint64 *index = nullptr) {
            QStringList out;
            for (const auto &d : report.databases) {
                if (d.name != db)
                    continue;
                for (const auto &shard : d.shards) {
                    out << QStringLiteral("%1 %2").arg(shard.startNs).arg(shard.digest);
                    if (index)
                        *index = std::max(*index, shard.index);
                }
            }
            out.sort();
            return out;
        };
        quint64 importedIndex = 0;
        QCOMPARE(digests(reportB.value(), QStringLiteral("copy"), &importedIndex),
                 digests(reportA.value(), QStringLiteral("src")));
        QCOMPARE(importedIndex, outcome->index); // The node's own index, not the one the files had.
        for (const quint64 id : outcome->shardIds)
            QVERIFY(QFileInfo::exists(DataNode::shardPath(dirB.filePath(QStringLiteral("data")), id)));
        // The imported database takes writes at once.
        QVERIFY(b->write(QStringLiteral("copy"), {}, {point("cpu", "c", kDay + 2, 3)}));

        // fail: refused, nothing taken from the broker.
        QVERIFY(stage(b->importStagingDir() + QStringLiteral("/two"), &import));
        const quint64 index = b->index();
        auto refused = b->importDatabase(import);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QCOMPARE(b->index(), index);

        // replace: the node's shards of the same ranges go, in the same step.
        import.onConflict = DataNode::Import::OnConflict::Replace;
        auto replaced = b->importDatabase(import);
        QVERIFY2(replaced.ok(), replaced.ok() ? "" : qPrintable(replaced.error().message));
        QCOMPARE(replaced->replaced.size(), size_t(2));
        for (const quint64 id : replaced->replaced)
            QVERIFY(!QFileInfo::exists(DataNode::shardPath(dirB.filePath(QStringLiteral("data")), id)));
        reportB = NodeInspector::inspect(dirB.filePath(QStringLiteral("data")));
        QCOMPARE(digests(reportB.value(), QStringLiteral("copy")), digests(reportA.value(), QStringLiteral("src")));

        // A killed import's leftovers: staging and a file moved in that no group lists.
        QVERIFY(stage(b->importStagingDir() + QStringLiteral("/three"), &import));
        const QString orphan = DataNode::shardPath(dirB.filePath(QStringLiteral("data")), 999);
        QVERIFY(QFile::copy(import.shards[0].stagedPath, orphan));
        b.reset();
        b = openNode(configIn(dirB));
        QVERIFY(b);
        QVERIFY(!QFileInfo::exists(orphan));
        QVERIFY(!QFileInfo::exists(dirB.filePath(QStringLiteral("data/.import"))));
        QCOMPARE(digests(NodeInspector::inspect(dirB.filePath(QStringLiteral("data"))).value(), QStringLiteral("copy")),
                 digests(reportA.value(), QStringLiteral("src")));
    }
};

QTEST_GUILESS_MAIN(TestDataNode)
#include "tst_datanode.moc"
