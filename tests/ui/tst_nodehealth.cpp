// NodeHealth::probe against real nodes: reachable with its node-info, snapshots disabled,
// auth failed (wrong token), accepted (right token), and unreachable.
#include "NodeData.h"

#include "backup/NodeHealth.h"

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
};

QTEST_GUILESS_MAIN(TestNodeHealth)
#include "tst_nodehealth.moc"
