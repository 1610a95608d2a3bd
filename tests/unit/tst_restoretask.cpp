// RestoreJob's helpers for the wizard: the exact CLI command, and whether the owner needs root.
#include "support/NodeData.h"

#include "restore/RestoreJob.h"

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
