// The keyring for real: QtKeychain against GNOME Keyring's Secret Service on a private session
// bus (with-secret-service.sh starts both in a temporary HOME; ctest runs this test through it).
// Keyring's round trip, node auth tokens moving from the 0600 token file into the keyring and
// read back at the next start, and the unlock dialog remembering a chain's passphrase there.
// Without the daemon the test skips, except in CI (CI=true), where it fails saying why.
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "crypto/ChainKeys.h"
#include "storage/EncryptedChainStore.h"

#include "Keyring.h"
#include "MemoryKeyring.h"
#include "NodeStore.h"
#include "UnlockDialog.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

// Waits for one answer of the real keyring.
std::optional<Keyring::Answer> answerOf(const std::function<void(QObject *, Keyring::Done)> &call)
{
    QObject context;
    std::optional<Keyring::Answer> answer;
    call(&context, [&answer](const Keyring::Answer &a) { answer = a; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000))
        return std::nullopt;
    return answer;
}

QByteArray tokenFileText()
{
    QFile file(NodeStore::tokenFilePath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestRealKeyring : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray state = qgetenv("TIDEMARK_REAL_KEYRING");
        if (state != "1") {
            const QByteArray why =
                "no Secret Service to test against: " +
                (state.isEmpty() ? QByteArray("run through tests/ui/with-secret-service.sh") : state);
            if (qgetenv("CI") == "true")
                QFAIL(why.constData());
            QSKIP(why.constData());
        }
        QVERIFY(m_settingsDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        Keyring::setInstance(nullptr); // QtKeychain's
    }

    void roundTrip()
    {
        Keyring &keyring = Keyring::instance();
        auto checked = answerOf([&](QObject *c, Keyring::Done d) { keyring.check(c, d); });
        QVERIFY(checked);
        QVERIFY2(checked->outcome == Keyring::Outcome::Ok, qPrintable(Keyring::describe(*checked)));
        const QString key = QStringLiteral("tidemark-test round trip");
        auto written =
            answerOf([&](QObject *c, Keyring::Done d) { keyring.write(key, QStringLiteral("s3cr3t ✓"), c, d); });
        QVERIFY(written);
        QVERIFY2(written->outcome == Keyring::Outcome::Ok, qPrintable(Keyring::describe(*written)));
        auto read = answerOf([&](QObject *c, Keyring::Done d) { keyring.read(key, c, d); });
        QVERIFY(read && read->outcome == Keyring::Outcome::Ok);
        QCOMPARE(read->secret, QStringLiteral("s3cr3t ✓"));
        QVERIFY(answerOf([&](QObject *c, Keyring::Done d) { keyring.remove(key, c, d); }));
        read = answerOf([&](QObject *c, Keyring::Done d) { keyring.read(key, c, d); });
        QVERIFY(read);
        QCOMPARE(read->outcome, Keyring::Outcome::NotFound);
    }

    void tokensMoveIntoTheKeyring()
    {
        const QByteArray token = "real-keyring-token-0123456789";
        QString id;
        {
            // Kept in the file while no keyring answers (the test keyring says none runs).
            MemoryKeyring none;
            none.running = false;
            Keyring::setInstance(&none);
            NodeStore store;
            QTRY_COMPARE(store.tokenStorage(), NodeStore::TokenStorage::File);
            id = store.save({QString(), QStringLiteral("n1"), QStringLiteral("127.0.0.1:8808"), {}, 24});
            store.setToken(id, token);
            Keyring::setInstance(nullptr);
        }
        QVERIFY(tokenFileText().contains(token));
        {
            // The next start finds the real keyring: the token moves there and leaves the file.
            NodeStore store;
            QTRY_COMPARE_WITH_TIMEOUT(store.tokenStorage(), NodeStore::TokenStorage::Keyring, 20000);
            QTRY_VERIFY_WITH_TIMEOUT(store.isTokenInKeyring(id), 20000);
            QVERIFY(!tokenFileText().contains(token));
            QCOMPARE(store.token(id), token);
            QVERIFY(store.tokenStorageText().contains(QStringLiteral("system keyring")));
        }
        auto read = answerOf(
            [&](QObject *c, Keyring::Done d) { Keyring::instance().read(Keyring::keyForNodeToken(id), c, d); });
        QVERIFY(read && read->outcome == Keyring::Outcome::Ok);
        QCOMPARE(read->secret.toUtf8(), token);
        {
            // And comes back from the keyring at the next start.
            NodeStore store;
            QVERIFY(store.isReadingToken(id));
            QSignalSpy ready(&store, &NodeStore::tokenReady);
            QVERIFY(ready.wait(20000));
            QCOMPARE(store.token(id), token);
            store.remove(id); // removes it from the keyring too
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                auto gone = answerOf(
                    [&](QObject *c, Keyring::Done d) { Keyring::instance().read(Keyring::keyForNodeToken(id), c, d); });
                return gone && gone->outcome == Keyring::Outcome::NotFound;
            }(),
            20000);
    }

    void unlockDialogRemembersThePassphrase()
    {
        // A chain's keys made by core (cheap Argon2id); the dialog needs nothing else.
        const QString passphrase = QStringLiteral("a real keyring passphrase");
        const QString location = m_settingsDir.filePath(QStringLiteral("node1"));
        QByteArray bytes = passphrase.toUtf8();
        const KeySecret secret{KeySecret::Kind::Passphrase, SecretBytes::fromBytes(bytes), QStringLiteral("test")};
        auto created = ChainKeys::create(secret, KdfParams{1, KdfParams::kMinMemoryBytes}, QStringLiteral("test"));
        QVERIFY(created);
        ChainSecrets::clear();
        UnlockDialog dialog(location, created.value().first);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.keyringChecked(), 20000);
        QVERIFY(dialog.keyringAvailable());
        auto *remember = dialog.findChild<QCheckBox *>(QStringLiteral("rememberCheck"));
        QVERIFY(remember->isEnabled());
        dialog.findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(passphrase);
        clickCheckBox(remember);
        QVERIFY(remember->isChecked());
        QSignalSpy unlocked(&dialog, &UnlockDialog::unlocked);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("unlockButton")), Qt::LeftButton);
        QVERIFY(unlocked.wait(30000));
        QVERIFY(ChainSecrets::isUnlocked(created.value().first.keyId()));
        auto kept = answerOf([&](QObject *c, Keyring::Done d) {
            Keyring::instance().read(Keyring::keyForChainPassphrase(location), c, d);
        });
        QVERIFY(kept && kept->outcome == Keyring::Outcome::Ok);
        QCOMPARE(kept->secret, passphrase);
        ChainSecrets::clear();
    }
};

QTEST_MAIN(TestRealKeyring)
#include "tst_realkeyring.moc"
