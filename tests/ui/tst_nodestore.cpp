// The nodes list in QSettings, and auth tokens kept apart: in the system keyring where one runs
// (a test Keyring here; tst_realkeyring uses GNOME Keyring), else in a 0600 file marked SECRET.
// Tokens of the file move into the keyring once it runs; the node dialog says where they are.
#include "support/NodeData.h"

#include "Keyring.h"
#include "MemoryKeyring.h"
#include "NodeDialog.h"
#include "NodeStore.h"

#include <QLabel>
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
    MemoryKeyring m_keyring; ///< No keyring runs unless a test says so: tokens go to the file.

    static QByteArray tokenFileText()
    {
        QFile file(NodeStore::tokenFilePath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static int mode(const QString &path)
    {
        struct stat st {};
        return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        NodeData::isolateSettings(m_settingsDir.path());
        m_keyring.running = false;
        Keyring::setInstance(&m_keyring);
    }
    void cleanupTestCase() { Keyring::setInstance(nullptr); }
    void cleanup()
    {
        m_keyring.running = false;
        m_keyring.secrets.clear();
    }

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

    void retentionPolicyPersists()
    {
        // A node saved before it had a policy (or the key from an older Tidemark): none, no limit.
        {
            QSettings settings;
            settings.beginWriteArray(QStringLiteral("nodes"), 1);
            settings.setArrayIndex(0);
            settings.setValue(QStringLiteral("id"), QStringLiteral("old-node"));
            settings.setValue(QStringLiteral("name"), QStringLiteral("old"));
            settings.setValue(QStringLiteral("host"), QStringLiteral("127.0.0.1:8808"));
            settings.endArray();
        }
        NodeStore store;
        const NodeEntry *old = store.node(QStringLiteral("old-node"));
        QVERIFY(old);
        QVERIFY(old->retention.isEmpty());
        QVERIFY(!old->pruneAfterBackup);
        QCOMPARE(old->maxLinks, 0);

        tidemark::RetentionPolicy policy;
        policy.last = 3;
        policy.daily = 7;
        policy.yearly = -1;
        policy.within = tidemark::RetentionPolicy::Span{0, 1, 15, 0};
        QSignalSpy changed(&store, &NodeStore::nodesChanged);
        store.setRetention(QStringLiteral("old-node"), policy, true);
        QCOMPARE(changed.size(), 1);
        NodeEntry limited = *store.node(QStringLiteral("old-node"));
        limited.maxLinks = 30;
        store.save(limited);
        {
            NodeStore again;
            const NodeEntry *entry = again.node(QStringLiteral("old-node"));
            QVERIFY(entry);
            QCOMPARE(entry->retention, policy);
            QVERIFY(entry->pruneAfterBackup);
            QCOMPARE(entry->maxLinks, 30);
            // Editing the node in its dialog keeps them.
            NodeDialog dialog;
            dialog.setEntry(*entry, {});
            QCOMPARE(dialog.entry().retention, policy);
            QVERIFY(dialog.entry().pruneAfterBackup);
        }
        // Kept as the policy's JSON form.
        {
            QSettings settings;
            settings.beginReadArray(QStringLiteral("nodes"));
            settings.setArrayIndex(0);
            QCOMPARE(settings.value(QStringLiteral("retention")).toString(),
                     QStringLiteral(R"({"daily":7,"last":3,"within":"1m15d","yearly":-1})"));
            settings.endArray();
        }
        // A policy that does not parse (edited by hand) is none; the node still loads.
        {
            QSettings edited;
            edited.beginWriteArray(QStringLiteral("nodes"));
            edited.setArrayIndex(0);
            edited.setValue(QStringLiteral("retention"), QStringLiteral(R"({"daily":"seven"})"));
            edited.endArray();
        }
        {
            NodeStore again;
            QVERIFY(again.node(QStringLiteral("old-node")));
            QVERIFY(again.node(QStringLiteral("old-node"))->retention.isEmpty());
        }
        // An empty policy is saved as none.
        store.setRetention(QStringLiteral("old-node"), {}, false);
        QVERIFY(NodeStore().node(QStringLiteral("old-node"))->retention.isEmpty());
        QVERIFY(!NodeStore().node(QStringLiteral("old-node"))->pruneAfterBackup);
        store.remove(QStringLiteral("old-node"));
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

    void tokensMoveIntoTheKeyring()
    {
        const QByteArray token = "keyring-token-0123456789";
        QString id;
        {
            NodeStore store; // no keyring: the file
            QTRY_COMPARE(store.tokenStorage(), NodeStore::TokenStorage::File);
            QVERIFY(store.tokenStorageText().contains(NodeStore::tokenFilePath()));
            id = store.save({QString(), QStringLiteral("k1"), QStringLiteral("10.0.0.7:8808"), {}, 24});
            store.setToken(id, token);
            QVERIFY(!store.isTokenInKeyring(id));
        }
        QVERIFY(tokenFileText().contains(token));
        QVERIFY(m_keyring.secrets.isEmpty());

        // A keyring runs at the next start: the token moves there and leaves the file.
        m_keyring.running = true;
        {
            NodeStore store;
            QCOMPARE(store.tokenStorage(), NodeStore::TokenStorage::Checking);
            QCOMPARE(store.token(id), token); // the file's, meanwhile
            QSignalSpy known(&store, &NodeStore::tokenStorageKnown);
            QVERIFY(known.wait(5000));
            QCOMPARE(store.tokenStorage(), NodeStore::TokenStorage::Keyring);
            QVERIFY(store.tokenStorageText().contains(QStringLiteral("system keyring")));
            QTRY_VERIFY(store.isTokenInKeyring(id));
            QCOMPARE(m_keyring.secrets.value(Keyring::keyForNodeToken(id)).toUtf8(), token);
            QVERIFY(!tokenFileText().contains(token));
            QCOMPARE(store.token(id), token);
        }
        QFile settings(QSettings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY(!settings.readAll().contains(token));

        // Read from the keyring at the next start (a probe waits for it), changed and removed there.
        {
            NodeStore store;
            QVERIFY(store.isReadingToken(id));
            QVERIFY(store.token(id).isEmpty());
            QSignalSpy ready(&store, &NodeStore::tokenReady);
            QVERIFY(ready.wait(5000));
            QCOMPARE(ready.first().first().toString(), id);
            QVERIFY(!store.isReadingToken(id));
            QCOMPARE(store.token(id), token);
            const int writes = m_keyring.writes;
            store.setToken(id, token); // unchanged: not written again
            store.setToken(id, "changed-token-0123456789");
            QTRY_COMPARE(m_keyring.secrets.value(Keyring::keyForNodeToken(id)),
                         QStringLiteral("changed-token-0123456789"));
            QCOMPARE(m_keyring.writes, writes + 1);
            QVERIFY(!tokenFileText().contains("changed-token"));
            store.remove(id);
            QTRY_VERIFY(m_keyring.secrets.isEmpty());
        }
    }

    void keyringGoneKeepsFileTokens()
    {
        // A token in the keyring, a token in the file; then no keyring runs at start.
        m_keyring.running = true;
        QString inKeyring;
        QString inFile;
        {
            NodeStore store;
            QTRY_COMPARE(store.tokenStorage(), NodeStore::TokenStorage::Keyring);
            inKeyring = store.save({QString(), QStringLiteral("a"), QStringLiteral("10.0.0.8:8808"), {}, 24});
            store.setToken(inKeyring, "token-in-keyring-0123456789");
            QTRY_VERIFY(store.isTokenInKeyring(inKeyring));
        }
        m_keyring.running = false;
        {
            NodeStore store;
            inFile = store.save({QString(), QStringLiteral("b"), QStringLiteral("10.0.0.9:8808"), {}, 24});
            QSignalSpy problems(&store, &NodeStore::keyringProblem);
            QSignalSpy ready(&store, &NodeStore::tokenReady);
            QTRY_COMPARE(store.tokenStorage(), NodeStore::TokenStorage::File);
            QTRY_COMPARE(ready.size(), 1);
            QVERIFY(store.token(inKeyring).isEmpty());
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.first().first().toString().contains(QStringLiteral("give its token again")),
                     qPrintable(problems.first().first().toString()));
            store.setToken(inFile, "token-in-file-0123456789");
            QVERIFY(tokenFileText().contains("token-in-file-0123456789"));
            QCOMPARE(mode(NodeStore::tokenFilePath()), 0600);
        }
        // The file's token serves at once at the next start, before the keyring answers.
        {
            NodeStore store;
            QCOMPARE(store.token(inFile), QByteArray("token-in-file-0123456789"));
            QTRY_COMPARE(store.tokenStorage(), NodeStore::TokenStorage::File);
            QVERIFY(tokenFileText().contains("token-in-file-0123456789"));
            store.remove(inFile);
            store.remove(inKeyring);
        }
    }

    void nodeDialogSaysWhereTheTokenIs()
    {
        NodeDialog dialog;
        dialog.show();
        dialog.setTokenStorage(QStringLiteral("The auth token is kept in the system keyring."));
        auto *label = dialog.findChild<QLabel *>(QStringLiteral("tokenStorageLabel"));
        QVERIFY(label);
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), QStringLiteral("The auth token is kept in the system keyring."));
        // An InfluxDB node has no token: no sentence about it.
        NodeEntry influx{QString(),
                         QStringLiteral("i"),
                         QStringLiteral("127.0.0.1:8088"),
                         {},
                         24,
                         tidemark::Manifest::Kind::InfluxDb1};
        dialog.setEntry(influx, {});
        QVERIFY(!label->isVisible());
    }
};

QTEST_MAIN(TestNodeStore)
#include "tst_nodestore.moc"
