// Index bookkeeping and storage of DataNode on real LMDB files in temporary directories.
#include "node/DataNode.h"
#include "node/NodeInspector.h"
#include "store/BrokerStore.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

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
        QCOMPARE(node->snapshotSources().front().index, 1ULL);    // The meta store.
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
};

QTEST_GUILESS_MAIN(TestDataNode)
#include "tst_datanode.moc"
