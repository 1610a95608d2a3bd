// NodeHealth::probe against real nodes: reachable with its node-info, snapshots disabled,
// auth failed (wrong token), accepted (right token), and unreachable; and a real InfluxDB 1.x
// node (influxd): reachable with its meta index, databases and shards, and unreachable.
#include "support/InfluxProcess.h"
#include "support/NodeData.h"

#include "kinds/NodeHealth.h"

#include <QTest>

using namespace tidemark;

class TestNodeHealth : public QObject {
    Q_OBJECT

private:
    static HostPort hostOf(const NodeProcess &node) { return {QStringLiteral("127.0.0.1"), node.snapshotPort()}; }

private Q_SLOTS:
    void reachable()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(node, QStringLiteral("h")));
        const NodeHealth health = NodeHealth::probe(hostOf(node), {});
        QCOMPARE(health.state, NodeHealth::State::Reachable);
        QCOMPARE(health.error.code, ErrorCode::Ok);
        QVERIFY(health.info.databases.contains(QStringLiteral("h")));
        QVERIFY(health.info.index >= 1);
        QVERIFY(health.info.bytes > 0);
    }

    void snapshotsDisabled()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("enabled"), QStringLiteral("false"));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const NodeHealth health = NodeHealth::probe(hostOf(node), {});
        QCOMPARE(health.state, NodeHealth::State::SnapshotsDisabled);
        QCOMPARE(health.error.code, ErrorCode::SnapshotsDisabled);
        QVERIFY(health.error.hint.contains(QStringLiteral("enabled = true")));
    }

    void token()
    {
        NodeProcess node;
        node.setConfigLine(QStringLiteral("idle-timeout"),
                           QStringLiteral("\"30s\"\nauth-token = \"correct-token-0123456789\""));
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const NodeHealth wrong = NodeHealth::probe(hostOf(node), "wrong-token-0123456789");
        QCOMPARE(wrong.state, NodeHealth::State::AuthFailed);
        QCOMPARE(wrong.error.code, ErrorCode::Auth);
        const NodeHealth right = NodeHealth::probe(hostOf(node), "correct-token-0123456789");
        QCOMPARE(right.state, NodeHealth::State::Reachable);
    }

    void unreachable()
    {
        const NodeHealth health = NodeHealth::probe({QStringLiteral("127.0.0.1"), 1}, {}, 3000);
        QCOMPARE(health.state, NodeHealth::State::Unreachable);
        QCOMPARE(health.error.code, ErrorCode::Connection);
        QVERIFY(health.error.message.contains(QStringLiteral("127.0.0.1:1")));
    }

    void influxReachable()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb)");
        InfluxProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        const HostPort host{QStringLiteral("127.0.0.1"), node.snapshotPort()};
        const NodeHealth empty = NodeHealth::probe(Manifest::Kind::InfluxDb1, host, {});
        QCOMPARE(empty.state, NodeHealth::State::Reachable);
        QCOMPARE(empty.kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(empty.info.databases, QStringList());
        QCOMPARE(empty.info.shards.size(), size_t{0});

        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+h")).status, 200);
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=h"), "m v=1i 1000000000").status, 204);
        QCOMPARE(node.request("POST", QStringLiteral("/write?db=h"), "m v=2i 1600000000000000000").status, 204);
        const NodeHealth health = NodeHealth::probe(Manifest::Kind::InfluxDb1, host, {});
        QCOMPARE(health.state, NodeHealth::State::Reachable);
        QCOMPARE(health.error.code, ErrorCode::Ok);
        QCOMPARE(health.info.databases, QStringList{QStringLiteral("h")});
        QVERIFY2(health.info.index > empty.info.index, qPrintable(QString::number(health.info.index)));
        QCOMPARE(health.info.shards.size(), size_t{2}); // two points years apart: two shard groups
        for (const auto &shard : health.info.shards) {
            QCOMPARE(shard.database, QStringLiteral("h"));
            QCOMPARE(shard.retentionPolicy, QStringLiteral("autogen"));
            QVERIFY(shard.id > 0);
        }
        QCOMPARE(health.info.bytes, qint64{0}); // the snapshot service tells no sizes
    }

    void influxUnreachable()
    {
        const NodeHealth health =
            NodeHealth::probe(Manifest::Kind::InfluxDb1, {QStringLiteral("127.0.0.1"), 1}, {}, 3000);
        QCOMPARE(health.state, NodeHealth::State::Unreachable);
        QCOMPARE(health.kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(health.error.code, ErrorCode::Connection);
        QVERIFY2(health.error.message.contains(QStringLiteral("127.0.0.1:1")), qPrintable(health.error.message));
    }
};

QTEST_GUILESS_MAIN(TestNodeHealth)
#include "tst_nodehealth.moc"
