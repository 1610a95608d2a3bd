// The nodes list in QSettings, and auth tokens kept apart in a 0600 file marked SECRET.
#include "support/NodeData.h"

#include "NodeStore.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tidemark::ui;

class TestNodeStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

    static int mode(const QString &path)
    {
        struct stat st {};
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
    }

private Q_SLOTS:
    void initTestCase() { NodeData::isolateSettings(m_settingsDir.path()); }

    void nodesPersist()
    {
        QString id;
        {
            NodeStore store;
            QSignalSpy changed(&store, &NodeStore::nodesChanged);
            id = store.save({QString(), QStringLiteral("n1"), QStringLiteral("10.0.0.5:8808"), {}, 12});
            QVERIFY(!id.isEmpty());
            store.addLocation(id, QStringLiteral("/backups/n1"));
            store.addLocation(id, QStringLiteral("/backups/n1")); // once only
            store.addLocation(id, QStringLiteral("/backups/n1-2026"));
            QCOMPARE(changed.size(), 3);
        }
        NodeStore again;
        QCOMPARE(again.nodes().size(), size_t{1});
        const NodeEntry *entry = again.node(id);
        QVERIFY(entry);
        QCOMPARE(entry->name, QStringLiteral("n1"));
        QCOMPARE(entry->host, QStringLiteral("10.0.0.5:8808"));
        QCOMPARE(entry->staleHours, 12);
        QCOMPARE(entry->locations, (QStringList{QStringLiteral("/backups/n1"), QStringLiteral("/backups/n1-2026")}));
        again.removeLocation(id, QStringLiteral("/backups/n1"));
        QCOMPARE(again.node(id)->locations, QStringList{QStringLiteral("/backups/n1-2026")});
        again.remove(id);
        QCOMPARE(again.nodes().size(), size_t{0});
        QCOMPARE(NodeStore().nodes().size(), size_t{0});
    }

    void kindAndDatabasesPersist()
    {
        QString influx;
        {
            NodeStore store;
            influx = store.save({QString(),
                                 QStringLiteral("i1"),
                                 QStringLiteral("127.0.0.1:8088"),
                                 {},
                                 24,
                                 tidemark::Manifest::Kind::InfluxDb1,
                                 {QStringLiteral("telegraf"), QStringLiteral("app")}});
        }
        // Settings written before nodes had a kind: a node without one is a Tidemark node.
        {
            QSettings settings;
            const int count = settings.beginReadArray(QStringLiteral("nodes"));
            settings.endArray();
            settings.beginWriteArray(QStringLiteral("nodes"), count + 1);
            settings.setArrayIndex(count);
            settings.setValue(QStringLiteral("id"), QStringLiteral("old-node"));
            settings.setValue(QStringLiteral("name"), QStringLiteral("old"));
            settings.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1:8808"));
            settings.endArray();
        }
        NodeStore again;
        QCOMPARE(again.nodes().size(), size_t{2});
        QVERIFY(again.node(influx));
        QCOMPARE(again.node(influx)->kind, tidemark::Manifest::Kind::InfluxDb1);
        QCOMPARE(again.node(influx)->databases, (QStringList{QStringLiteral("telegraf"), QStringLiteral("app")}));
        QVERIFY(again.node(QStringLiteral("old-node")));
        QCOMPARE(again.node(QStringLiteral("old-node"))->kind, tidemark::Manifest::Kind::Tidemark);
        QCOMPARE(again.node(QStringLiteral("old-node"))->databases, QStringList());
        again.remove(influx);
        again.remove(QStringLiteral("old-node"));
        QCOMPARE(NodeStore().nodes().size(), size_t{0});
    }

    void tlsAndRetriesPersist()
    {
        QString id;
        {
            NodeStore store;
            NodeEntry entry{QString(), QStringLiteral("secure"), QStringLiteral("db1.example:8808"), {}, 24};
            entry.tls = {true, QStringLiteral("/etc/tidemark/ca.pem")};
            entry.retries = 3;
            id = store.save(entry);
            store.setToken(id, "tls-node-token-0123456789");
        }
        NodeStore again;
        const NodeEntry *entry = again.node(id);
        QVERIFY(entry);
        QCOMPARE(entry->tls, (tidemark::TlsSettings{true, QStringLiteral("/etc/tidemark/ca.pem")}));
        QCOMPARE(entry->retries, 3);
        // In the node's settings, not in the token file.
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(settings.readAll().contains("/etc/tidemark/ca.pem"));
        QFile tokens(NodeStore::tokenFilePath());
        QVERIFY(tokens.open(QIODevice::ReadOnly));
        QVERIFY(!tokens.readAll().contains("ca.pem"));
        // TLS off and no retries come back as such; a hand-edited retries count is clamped.
        NodeEntry plain = *entry;
        plain.tls = {};
        plain.retries = 0;
        again.save(plain);
        QCOMPARE(NodeStore().node(id)->tls, tidemark::TlsSettings{});
        QCOMPARE(NodeStore().node(id)->retries, 0);
        {
            QSettings edited; // the only node is at index 0
            QCOMPARE(again.nodes().size(), size_t{1});
            edited.beginWriteArray(QStringLiteral("nodes"));
            edited.setArrayIndex(0);
            edited.setValue(QStringLiteral("retries"), 99);
            edited.endArray();
        }
        QCOMPARE(NodeStore().node(id)->retries, 10);
        again.remove(id);
        QCOMPARE(NodeStore().nodes().size(), size_t{0});
    }

    void tokensAreSecretAndOwnerOnly()
    {
        NodeStore store;
        const QString id = store.save({QString(), QStringLiteral("remote"), QStringLiteral("10.0.0.6:8808"), {}, 24});
        store.setToken(id, "s3cret-token-0123456789");
        QCOMPARE(store.token(id), QByteArray("s3cret-token-0123456789"));
        const QString path = NodeStore::tokenFilePath();
        QCOMPARE(mode(path), 0600);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("SECRET"));
        QVERIFY(text.contains("s3cret-token-0123456789"));
        // Never in the main settings file.
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains("s3cret"));
        // Rewritten, still 0600; removing the node removes its token.
        store.setToken(id, "another-token-0123456789");
        QCOMPARE(mode(path), 0600);
        store.remove(id);
        QCOMPARE(store.token(id), QByteArray());
    }
};

QTEST_MAIN(TestNodeStore)
#include "tst_nodestore.moc"
