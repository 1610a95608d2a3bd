// RestoreJob's helpers for the wizard: the exact CLI command, and whether the owner needs root.
#include "support/NodeData.h"

#include "restore/RestoreJob.h"
#include "storage/S3Settings.h"

#include <QTest>

#include <unistd.h>

using namespace tidemark;

class TestRestoreJob : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cliCommand_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("chain");
        QTest::addColumn<int>("upto"); // -2: absent
        QTest::addColumn<bool>("asRoot");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain")
            << "/etc/tidemark/tidemarkd.conf"
            << "/backups/node1" << -2 << false
            << "tidemark-cli restore -config /etc/tidemark/tidemarkd.conf /backups/node1 --owner influxdb";
        QTest::newRow("root, upto") << "/etc/t.conf"
                                    << "/b/n" << 1 << true
                                    << "sudo tidemark-cli restore -config /etc/t.conf /b/n --owner influxdb --upto 1";
        QTest::newRow("full only") << "/etc/t.conf"
                                   << "/b/n" << -1 << false
                                   << "tidemark-cli restore -config /etc/t.conf /b/n --owner influxdb --upto -1";
        QTest::newRow("spaces quoted")
            << "/etc/my node.conf"
            << "/b/it's here" << -2 << false
            << "tidemark-cli restore -config '/etc/my node.conf' '/b/it'\\''s here' --owner influxdb";
    }

    void cliCommand()
    {
        QFETCH(QString, config);
        QFETCH(QString, chain);
        QFETCH(int, upto);
        QFETCH(bool, asRoot);
        QFETCH(QString, expected);
        RestoreEngine::Options options;
        options.configPath = config;
        options.chainPath = chain;
        if (upto != -2)
            options.upto = upto;
        QCOMPARE(RestoreJob::cliCommand(options, asRoot), expected);
    }

    // --limit-rate travels with the command, in the shortest form the CLI reads back.
    void cliArgumentsKeepTheLimitRate()
    {
        RestoreEngine::Options options;
        options.configPath = QStringLiteral("/etc/t.conf");
        options.chainPath = QStringLiteral("/b/n");
        QVERIFY(!RestoreJob::cliArguments(options).contains(QStringLiteral("--limit-rate")));
        options.limitRate = 50LL * 1024 * 1024;
        QCOMPARE(RestoreJob::cliCommand(options, false),
                 QStringLiteral("tidemark-cli restore -config /etc/t.conf /b/n --owner influxdb --limit-rate 50M"));
        options.limitRate = 1500;
        const QStringList args = RestoreJob::cliArguments(options);
        QCOMPARE(args.mid(args.indexOf(QStringLiteral("--limit-rate"))),
                 (QStringList{QStringLiteral("--limit-rate"), QStringLiteral("1500")}));
    }

    // An S3 chain's endpoint, region and addressing as registered for it (a GUI location) go
    // with the command; its keys never do.
    void cliArgumentsCarryAnS3ChainsSettings()
    {
        RestoreEngine::Options options;
        options.configPath = QStringLiteral("/etc/t.conf");
        options.chainPath = QStringLiteral("s3://backups/tidemark/n1");
        QCOMPARE(RestoreJob::cliCommand(options, false),
                 QStringLiteral("tidemark-cli restore -config /etc/t.conf s3://backups/tidemark/n1 --owner influxdb"));
        S3Settings::setOverrides({QStringLiteral("http://rgw:7480"), QStringLiteral("eu-1"), true,
                                  QStringLiteral("AKID"), QStringLiteral("secret")},
                                 options.chainPath);
        QCOMPARE(RestoreJob::cliCommand(options, false),
                 QStringLiteral("tidemark-cli restore -config /etc/t.conf s3://backups/tidemark/n1 --owner influxdb "
                                "--s3-endpoint http://rgw:7480 --s3-region eu-1 --s3-path-style"));
        QVERIFY(!RestoreJob::cliCommand(options, false).contains(QStringLiteral("secret")));
        S3Settings::setOverrides({}, options.chainPath);
    }

    void ownerNeedsRoot()
    {
        // Giving files to oneself never needs root; to someone else it does unless we are root.
        QVERIFY(!RestoreJob::ownerNeedsRoot(NodeData::currentUser()));
        QCOMPARE(RestoreJob::ownerNeedsRoot(QStringLiteral("nobody")), ::geteuid() != 0);
        QVERIFY(!RestoreJob::ownerNeedsRoot(QStringLiteral("no-such-user-tidemark"))); // preflight reports it instead
    }
};

QTEST_GUILESS_MAIN(TestRestoreJob)
#include "tst_restoretask.moc"
