// The restore drill (issue 20): ScratchNode runs a real tidemarkd and a real influxd 1.6.7 in a
// scratch directory on free loopback ports, answers queries, reports the node's own error when it
// cannot start, and leaves nothing behind.
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"

#include "drill/ScratchNode.h"
#include "kinds/NodeKind.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

class TestDrill : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // ScratchNode finds the programs through $TIDEMARKD (set by ctest) and $INFLUXD.
        QVERIFY(!InfluxProcess::binary().isEmpty());
        qputenv("INFLUXD", InfluxProcess::binary().toUtf8());
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
