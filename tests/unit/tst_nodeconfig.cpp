#include "config/NodeConfig.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

class TestNodeConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultTextParsesBack()
    {
        const HostPort http{QStringLiteral("127.0.0.1"), 18086};
        const HostPort snap{QStringLiteral("127.0.0.1"), 18808};
        const QString text = NodeConfig::defaultText(QStringLiteral("/srv/b"), QStringLiteral("/srv/d"), http, snap);
        auto config = NodeConfig::parse(text.toUtf8(), QStringLiteral("gen.conf"));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        QCOMPARE(config->brokerDir, QStringLiteral("/srv/b"));
        QCOMPARE(config->dataDir, QStringLiteral("/srv/d"));
        QCOMPARE(config->httpBind, http);
        QCOMPARE(config->snapshotBind, snap);
        QVERIFY(config->snapshotEnabled); // A generated config enables snapshots.
        QCOMPARE(config->shardGroupDurationNs, 24LL * 3600 * 1000000000);
        QCOMPARE(config->maxBodyBytes, 25000000);
    }

    void minimalConfigUsesDefaults()
    {
        auto config = NodeConfig::parse("[broker]\ndir = \"/b\"\n[data]\ndir = \"/d/\"\n", QStringLiteral("min.conf"));
        QVERIFY(config.ok());
        QVERIFY(!config->snapshotEnabled); // No key: disabled, as in the seed.
        QCOMPARE(config->dataDir, QStringLiteral("/d"));
        QCOMPARE(config->httpBind.toString(), QStringLiteral("127.0.0.1:8086"));
        QCOMPARE(config->snapshotBind.toString(), QStringLiteral("127.0.0.1:8808"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QByteArray dirs = "[broker]\ndir = \"/b\"\n[data]\ndir = \"/d\"\n";
        QTest::newRow("toml syntax") << QByteArray("[broker\ndir = 1\n")
                                     << QStringLiteral("bad.conf:1: not valid TOML");
        QTest::newRow("unknown section") << dirs + "[snapshots]\nenabled = true\n"
                                         << QStringLiteral("bad.conf:5: unknown section or key 'snapshots'");
        QTest::newRow("unknown key with line") << dirs + "[http]\nbind-adress = \"127.0.0.1:1\"\n"
                                               << QStringLiteral("bad.conf:6: unknown key 'bind-adress' in [http]");
        QTest::newRow("wrong type bool") << dirs + "[snapshot]\nenabled = \"yes\"\n"
                                         << QStringLiteral(
                                                "bad.conf:6: 'snapshot.enabled' must be a boolean, not a string");
        QTest::newRow("wrong type dir") << QByteArray("[broker]\ndir = 5\n[data]\ndir = \"/d\"\n")
                                        << QStringLiteral("bad.conf:2: 'broker.dir' must be a string, not an integer");
        QTest::newRow("relative data dir")
            << QByteArray("[broker]\ndir = \"/b\"\n[data]\ndir = \"data\"\n")
            << QStringLiteral("bad.conf:4: 'data.dir' must be an absolute path, not 'data'");
        QTest::newRow("empty dir") << QByteArray("[broker]\ndir = \"\"\n[data]\ndir = \"/d\"\n")
                                   << QStringLiteral("bad.conf:2: 'broker.dir' must be an absolute path");
        QTest::newRow("missing broker") << QByteArray("[data]\ndir = \"/d\"\n")
                                        << QStringLiteral("bad.conf: missing required key 'dir' in [broker]");
        QTest::newRow("missing data") << QByteArray("[broker]\ndir = \"/b\"\n")
                                      << QStringLiteral("bad.conf: missing required key 'dir' in [data]");
        QTest::newRow("same dirs") << QByteArray("[broker]\ndir = \"/x\"\n[data]\ndir = \"/x/\"\n")
                                   << QStringLiteral("[broker] dir and [data] dir are both '/x'");
        QTest::newRow("bind without port")
            << dirs + "[http]\nbind-address = \"localhost\"\n"
            << QStringLiteral("bad.conf:6: 'http.bind-address': 'localhost' has no port");
        QTest::newRow("bind bad port")
            << dirs + "[snapshot]\nbind-address = \"127.0.0.1:70000\"\n"
            << QStringLiteral("bad.conf:6: 'snapshot.bind-address': '127.0.0.1:70000' has an invalid port");
        QTest::newRow("section as value")
            << QByteArray("broker = 1\n") << QStringLiteral("bad.conf:1: 'broker' must be a section");
        QTest::newRow("bad duration") << dirs + "shard-group-duration = \"forever\"\n"
                                      << QStringLiteral("bad.conf:5: 'data.shard-group-duration' must be a duration");
        QTest::newRow("tiny duration") << dirs + "shard-group-duration = \"5s\"\n"
                                       << QStringLiteral("must be a duration of at least 1m");
        QTest::newRow("open bind without token")
            << dirs + "[snapshot]\nbind-address = \"0.0.0.0:8808\"\n"
            << QStringLiteral("bad.conf:6: 'snapshot.bind-address' 0.0.0.0:8808 is reachable from other machines but "
                              "no auth token is set");
        QTest::newRow("short token") << dirs + "[snapshot]\nauth-token = \"short\"\n"
                                     << QStringLiteral(
                                            "bad.conf:6: 'snapshot.auth-token' must be at least 16 characters long");
        QTest::newRow("missing token file")
            << dirs + "[snapshot]\nauth-token-file = \"/nonexistent/token\"\n"
            << QStringLiteral("bad.conf:6: 'snapshot.auth-token-file': cannot read '/nonexistent/token'");
        QTest::newRow("bad idle timeout")
            << dirs + "[snapshot]\nidle-timeout = \"2h\"\n"
            << QStringLiteral("bad.conf:6: 'snapshot.idle-timeout' must be a duration from 100ms to 1h");
        QTest::newRow("max duration too short")
            << dirs + "[snapshot]\nmax-duration = \"500ms\"\n"
            << QStringLiteral("bad.conf:6: 'snapshot.max-duration' must be a duration from 1s to 7d");
        QTest::newRow("max duration not a string") << dirs + "[snapshot]\nmax-duration = 60\n"
                                                   << QStringLiteral("'snapshot.max-duration'");
        QTest::newRow("body too small") << dirs + "[http]\nmax-body-size = 10\n"
                                        << QStringLiteral(
                                               "bad.conf:6: 'http.max-body-size' must be at least 1024 bytes");
    }

    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        auto config = NodeConfig::parse(text, QStringLiteral("bad.conf"));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, ErrorCode::Config);
        QVERIFY2(config.error().message.contains(expected), qPrintable(config.error().message));
    }

    void openBindWithTokenIsAccepted()
    {
        auto config = NodeConfig::parse(
            "[broker]\ndir = \"/b\"\n[data]\ndir = \"/d\"\n[snapshot]\nenabled = true\n"
            "bind-address = \"0.0.0.0:8808\"\nauth-token = \"0123456789abcdef\"\nidle-timeout = \"2s\"\n"
            "max-duration = \"90m\"\n",
            QStringLiteral("c"));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
        QCOMPARE(config->snapshotAuthToken, QByteArray("0123456789abcdef"));
        QCOMPARE(config->snapshotIdleTimeoutMs, 2000);
        QCOMPARE(config->snapshotMaxDurationMs, 90LL * 60 * 1000);
    }

    void unknownKeyHintListsValidKeys()
    {
        auto config =
            NodeConfig::parse("[broker]\ndir = \"/b\"\n[data]\ndir = \"/d\"\npath = \"/x\"\n", QStringLiteral("c"));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().hint, QStringLiteral("Valid keys in [data] are: dir, shard-group-duration."));
    }

    void loadMissingFileSaysHowToCreateOne()
    {
        auto config = NodeConfig::load(QStringLiteral("/nonexistent/tidemarkd.conf"));
        QVERIFY(!config.ok());
        QVERIFY(config.error().message.contains(QStringLiteral("'/nonexistent/tidemarkd.conf'")));
        QVERIFY(config.error().hint.contains(QStringLiteral("tidemarkd config >")));
    }

    void loadRecordsSourcePath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("n.conf"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[broker]\ndir = \"/b\"\n[data]\ndir = \"/d\"\n[snapshot]\nenabled = false\n");
        f.close();
        auto config = NodeConfig::load(path);
        QVERIFY(config.ok());
        QCOMPARE(config->sourcePath, path);
        QVERIFY(!config->snapshotEnabled);
    }

    void hostPort_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("v4") << QStringLiteral("127.0.0.1:8086") << true << QStringLiteral("127.0.0.1:8086") << true;
        QTest::newRow("port only") << QStringLiteral(":9000") << true << QStringLiteral("127.0.0.1:9000") << true;
        QTest::newRow("any") << QStringLiteral("0.0.0.0:8808") << true << QStringLiteral("0.0.0.0:8808") << false;
        QTest::newRow("v6") << QStringLiteral("[::1]:8808") << true << QStringLiteral("[::1]:8808") << true;
        QTest::newRow("name") << QStringLiteral("localhost:1") << true << QStringLiteral("localhost:1") << true;
        QTest::newRow("lan") << QStringLiteral("10.1.2.3:80") << true << QStringLiteral("10.1.2.3:80") << false;
        QTest::newRow("zero port") << QStringLiteral("127.0.0.1:0") << true << QStringLiteral("127.0.0.1:0") << true;
        QTest::newRow("no port") << QStringLiteral("host") << false << QString() << false;
        QTest::newRow("bad port") << QStringLiteral("h:http") << false << QString() << false;
        QTest::newRow("big port") << QStringLiteral("h:65536") << false << QString() << false;
        QTest::newRow("bad v6") << QStringLiteral("::zz:1") << false << QString() << false;
    }

    void hostPort()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, canonical);
        QFETCH(bool, loopback);
        auto parsed = HostPort::parse(text);
        QCOMPARE(parsed.ok(), valid);
        if (!valid)
            return;
        QCOMPARE(parsed->toString(), canonical);
        QCOMPARE(parsed->isLoopback(), loopback);
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("1h") << QStringLiteral("1h") << 3600LL * 1000000000;
        QTest::newRow("1d") << QStringLiteral("1d") << 86400LL * 1000000000;
        QTest::newRow("1w") << QStringLiteral("1w") << 7 * 86400LL * 1000000000;
        QTest::newRow("1h30m") << QStringLiteral("1h30m") << 5400LL * 1000000000;
        QTest::newRow("ms") << QStringLiteral("250ms") << 250000000LL;
        QTest::newRow("empty") << QString() << -1LL;
        QTest::newRow("no unit") << QStringLiteral("10") << -1LL;
        QTest::newRow("junk after") << QStringLiteral("1hx") << -1LL;
        QTest::newRow("overflow") << QStringLiteral("99999999999999999w") << -1LL;
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        QCOMPARE(parseDurationNs(text), ns);
    }
};

QTEST_GUILESS_MAIN(TestNodeConfig)
#include "tst_nodeconfig.moc"
