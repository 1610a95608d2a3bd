// Encrypted chains in the window: chains made by the real tidemark-cli (backup --encrypt with a
// passphrase file or a key file) from a real tidemarkd show locked until unlocked; the unlock
// dialog refuses a wrong passphrase with the reason, opens the chain with the right one or its
// key file, and remembers the passphrase in the keyring (a test Keyring here; tst_realkeyring
// runs the real Secret Service); a passphrase kept in the keyring unlocks the chain at start;
// where no keyring runs the passphrase is kept nowhere. Add location… starts an encrypted chain.
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "crypto/ChainKeys.h"
#include "storage/EncryptedChainStore.h"

#include "ChainPane.h"
#include "ChainView.h"
#include "ContentsDialog.h"
#include "Keyring.h"
#include "LocationDialog.h"
#include "MainWindow.h"
#include "MemoryKeyring.h"
#include "NodeStore.h"
#include "UnlockDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

const QString kPassphrase = QStringLiteral("correct horse battery staple");

template <typename T> T *field(const QWidget &root, const char *name)
{
    auto *widget = root.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

QString textOf(const QWidget &root, const char *name)
{
    return field<QLabel>(root, name)->text();
}

} // namespace

class TestEncryptedChain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backups;
    NodeProcess m_node;
    MemoryKeyring m_keyring;
    QString m_chain;    ///< Encrypted with kPassphrase.
    QString m_keyChain; ///< Encrypted with the key file m_keyFile.
    QString m_passFile;
    QString m_keyFile;

    // A window showing node1 with `locations`, once the selected chain was read (and, when
    // locked, the keyring's passphrase tried).
    std::unique_ptr<MainWindow> openWindow(const QStringList &locations)
    {
        // The node is in the settings when the window starts, as after a restart.
        const QString id = NodeStore().save({QString(), QStringLiteral("node1"), m_node.snapshotHost(), locations, 24});
        auto window = std::make_unique<MainWindow>();
        window->selectNode(id);
        if (!locations.isEmpty())
            window->selectLocation(locations.last());
        window->resize(1000, 700);
        window->show();
        return window;
    }
    static bool chainRead(const MainWindow &window, const QString &location)
    {
        const QString status = textOf(window, "chainStatus");
        return !status.isEmpty() && !status.startsWith(QStringLiteral("Reading")) &&
               !window.chainPane()->isTryingKeyring(location);
    }
    static UnlockDialog *openUnlockDialog(MainWindow &window)
    {
        auto *unlock = field<QPushButton>(window, "unlockButton");
        if (!unlock->isVisible() || !unlock->isEnabled())
            return nullptr;
        QTest::mouseClick(unlock, Qt::LeftButton);
        auto *dialog = window.findChild<UnlockDialog *>(QStringLiteral("unlockDialog"));
        if (!dialog || !QTest::qWaitFor([dialog] { return dialog->isVisible() && dialog->keyringChecked(); }, 10000))
            return nullptr;
        return dialog;
    }
    // The settings and the token file hold no passphrase.
    static bool passphraseWrittenToFiles()
    {
        for (const QString &path : {QSettings().fileName(), NodeStore::tokenFilePath()}) {
            QFile file(path);
            if (file.open(QIODevice::ReadOnly) && file.readAll().contains(kPassphrase.toUtf8()))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_backups.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        Keyring::setInstance(&m_keyring);
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("telemetry")));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("telemetry"), 1, 10));

        // The chains, made as an operator would: tidemark-cli backup --encrypt (cheap Argon2id).
        m_passFile = m_backups.filePath(QStringLiteral("passphrase"));
        QFile pass(m_passFile);
        QVERIFY(pass.open(QIODevice::WriteOnly));
        pass.write(kPassphrase.toUtf8() + '\n');
        pass.close();
        QVERIFY(pass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        m_keyFile = m_backups.filePath(QStringLiteral("node1.key"));
        QVERIFY(KeySecret::generateKeyFile(m_keyFile).ok());
        m_chain = m_backups.filePath(QStringLiteral("node1"));
        m_keyChain = m_backups.filePath(QStringLiteral("node1-keyfile"));
        for (const auto &[chain, secret] :
             {std::pair{m_chain, QStringList{QStringLiteral("--passphrase-file"), m_passFile}},
              std::pair{m_keyChain, QStringList{QStringLiteral("--key-file"), m_keyFile}}}) {
            QByteArray out;
            QByteArray err;
            const int code = NodeProcess::runCli(QStringList{QStringLiteral("backup"), QStringLiteral("--host"),
                                                             m_node.snapshotHost(), QStringLiteral("--encrypt"),
                                                             QStringLiteral("--kdf-memory"), QStringLiteral("8"),
                                                             QStringLiteral("--kdf-passes"), QStringLiteral("1")} +
                                                     secret + QStringList{chain},
                                                 &out, &err);
            QVERIFY2(code == 0, err.constData());
            QVERIFY(QFile::exists(chain + QStringLiteral(".keys")));
        }
    }

    void cleanupTestCase() { Keyring::setInstance(nullptr); }

    void init()
    {
        // Every test starts locked, with no keyring entry and no nodes.
        ChainSecrets::clear();
        m_keyring.secrets.clear();
        m_keyring.running = true;
        QSettings().clear();
    }

    void lockedChainShowsLocked()
    {
        auto window = openWindow({m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, m_chain), 30000);
        ChainPane *pane = window->chainPane();
        QVERIFY(pane->isLocked(m_chain));
        QVERIFY(!pane->currentChain());
        QVERIFY(field<QWidget>(*window, "encryptionRow")->isVisible());
        QVERIFY(!field<QLabel>(*window, "encryptionIcon")->pixmap().isNull());
        QVERIFY2(textOf(*window, "encryptionLabel").contains(QStringLiteral("Encrypted — unlock to read it")),
                 qPrintable(textOf(*window, "encryptionLabel")));
        QVERIFY(textOf(*window, "encryptionLabel").contains(QStringLiteral("1 passphrase")));
        QVERIFY(textOf(*window, "chainStatus").contains(QStringLiteral("Encrypted — unlock to read it")));
        QVERIFY(field<QPushButton>(*window, "unlockButton")->isVisible());
        QCOMPARE(window->chainView()->count(), 0);
        // Nothing to run on it until it is unlocked.
        for (const char *button : {"backupButton", "verifyButton", "restoreButton", "contentsButton"})
            QVERIFY2(!field<QPushButton>(*window, button)->isEnabled(), button);
        QVERIFY(!pane->openContents());
    }

    void wrongPassphraseThenRight()
    {
        auto window = openWindow({m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, m_chain) && window->chainPane()->isLocked(m_chain), 30000);
        UnlockDialog *dialog = openUnlockDialog(*window);
        QVERIFY(dialog);
        QVERIFY(field<QLineEdit>(*dialog, "passphraseEdit")->echoMode() == QLineEdit::Password);
        QVERIFY(field<QCheckBox>(*dialog, "rememberCheck")->isEnabled());
        auto *unlock = field<QPushButton>(*dialog, "unlockButton");
        QVERIFY(!unlock->isEnabled()); // nothing typed

        field<QLineEdit>(*dialog, "passphraseEdit")->setText(QStringLiteral("not the passphrase"));
        QSignalSpy failed(dialog, &UnlockDialog::failed);
        QTest::mouseClick(unlock, Qt::LeftButton);
        // Busy while Argon2id runs on a pool thread: the window still answers.
        QVERIFY(dialog->isBusy());
        QVERIFY(field<QProgressBar>(*dialog, "busyBar")->isVisible());
        QVERIFY(!unlock->isEnabled());
        QVERIFY(failed.wait(30000));
        QVERIFY(dialog->isVisible());
        QVERIFY2(textOf(*dialog, "errorLabel").contains(QStringLiteral("Wrong passphrase")),
                 qPrintable(textOf(*dialog, "errorLabel")));
        QVERIFY(!field<QProgressBar>(*dialog, "busyBar")->isVisible());
        QVERIFY(window->chainPane()->isLocked(m_chain));

        field<QLineEdit>(*dialog, "passphraseEdit")->setText(kPassphrase);
        clickCheckBox(field<QCheckBox>(*dialog, "rememberCheck"));
        QVERIFY(field<QCheckBox>(*dialog, "rememberCheck")->isChecked());
        QSignalSpy unlocked(dialog, &UnlockDialog::unlocked);
        QTest::mouseClick(unlock, Qt::LeftButton);
        QVERIFY(unlocked.wait(30000));
        // The chain is read: its link, its files, the padlock saying it is unlocked.
        QTRY_VERIFY_WITH_TIMEOUT(!window->chainPane()->isLocked(m_chain) && window->chainView()->count() == 1, 30000);
        QVERIFY(window->chainPane()->currentChain()->isEncrypted());
        QVERIFY2(textOf(*window, "encryptionLabel").contains(QStringLiteral("unlocked for this session")),
                 qPrintable(textOf(*window, "encryptionLabel")));
        QVERIFY(!field<QPushButton>(*window, "unlockButton")->isVisible());
        QVERIFY(field<QPushButton>(*window, "verifyButton")->isEnabled());
        QVERIFY(field<QPushButton>(*window, "backupButton")->isEnabled());
        QVERIFY(field<QWidget>(*window, "filesTable")->findChildren<QWidget *>().size() > 0);
        // Remembered under the chain's key, and nowhere else.
        QCOMPARE(m_keyring.secrets.value(Keyring::keyForChainPassphrase(m_chain)), kPassphrase);
        QVERIFY(!passphraseWrittenToFiles());

        // Contents… reads the unlocked chain with the session's key.
        QVERIFY(field<QPushButton>(*window, "contentsButton")->isEnabled());
        ContentsDialog *contents = window->chainPane()->openContents();
        QVERIFY(contents);
        QTRY_VERIFY_WITH_TIMEOUT(!contents->isReading(), 60000);
        QVERIFY2(contents->contents(), qPrintable(contents->error().message));
        QCOMPARE(contents->tree()->topLevelItem(0)->text(ContentsDialog::NameColumn), QStringLiteral("telemetry"));
        contents->close();

        // Unlocked for the session: an incremental and a verification through the window work.
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("telemetry"), 1, 11));
        QVERIFY(backUpThroughButton(*window));
        QTRY_COMPARE_WITH_TIMEOUT(window->chainView()->count(), 2, 30000);
        QSignalSpy finished(window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(field<QPushButton>(*window, "verifyButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().toBool());
    }

    void rememberedPassphraseUnlocksAtStart()
    {
        m_keyring.secrets.insert(Keyring::keyForChainPassphrase(m_chain), kPassphrase);
        auto window = openWindow({m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(window->chainView()->count() >= 1, 30000);
        QVERIFY(!window->chainPane()->isLocked(m_chain));
        QVERIFY(!window->findChild<UnlockDialog *>());
        QVERIFY(textOf(*window, "encryptionLabel").contains(QStringLiteral("unlocked for this session")));
    }

    void staleRememberedPassphraseLeavesItLocked()
    {
        m_keyring.secrets.insert(Keyring::keyForChainPassphrase(m_chain), QStringLiteral("an old passphrase"));
        auto window = openWindow({m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, m_chain), 30000);
        QVERIFY(window->chainPane()->isLocked(m_chain));
        QVERIFY(field<QPushButton>(*window, "unlockButton")->isVisible());
        QVERIFY(field<QPushButton>(*window, "unlockButton")->isEnabled());
    }

    void keyFileUnlocks()
    {
        auto window = openWindow({m_keyChain});
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, m_keyChain) && window->chainPane()->isLocked(m_keyChain), 30000);
        QVERIFY(textOf(*window, "encryptionLabel").contains(QStringLiteral("1 key file")));
        UnlockDialog *dialog = openUnlockDialog(*window);
        QVERIFY(dialog);
        // A chain with key files only: the dialog starts on the key file; nothing to remember.
        QVERIFY(field<QRadioButton>(*dialog, "keyFileRadio")->isChecked());
        QVERIFY(!field<QCheckBox>(*dialog, "rememberCheck")->isEnabled());
        field<QLineEdit>(*dialog, "keyFileEdit")->setText(m_passFile); // not a key file of this chain
        QSignalSpy failed(dialog, &UnlockDialog::failed);
        QTest::mouseClick(field<QPushButton>(*dialog, "unlockButton"), Qt::LeftButton);
        QVERIFY(failed.wait(30000));
        QVERIFY(!textOf(*dialog, "errorLabel").isEmpty());
        field<QLineEdit>(*dialog, "keyFileEdit")->setText(m_keyFile);
        QSignalSpy unlocked(dialog, &UnlockDialog::unlocked);
        QTest::mouseClick(field<QPushButton>(*dialog, "unlockButton"), Qt::LeftButton);
        QVERIFY(unlocked.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(window->chainView()->count() == 1, 30000);
        QVERIFY(m_keyring.secrets.isEmpty());
    }

    void noKeyringKeepsThePassphraseNowhere()
    {
        m_keyring.running = false;
        auto window = openWindow({m_chain});
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, m_chain) && window->chainPane()->isLocked(m_chain), 30000);
        UnlockDialog *dialog = openUnlockDialog(*window);
        QVERIFY(dialog);
        QVERIFY(!dialog->keyringAvailable());
        QVERIFY(!field<QCheckBox>(*dialog, "rememberCheck")->isEnabled());
        QVERIFY(!field<QCheckBox>(*dialog, "rememberCheck")->isChecked());
        QVERIFY2(textOf(*dialog, "keyringLabel").contains(QStringLiteral("not remembered")),
                 qPrintable(textOf(*dialog, "keyringLabel")));
        field<QLineEdit>(*dialog, "passphraseEdit")->setText(kPassphrase);
        QSignalSpy unlocked(dialog, &UnlockDialog::unlocked);
        QTest::mouseClick(field<QPushButton>(*dialog, "unlockButton"), Qt::LeftButton);
        QVERIFY(unlocked.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(window->chainView()->count() >= 1, 30000);
        QVERIFY(m_keyring.secrets.isEmpty());
        QVERIFY(!passphraseWrittenToFiles());
    }

    void addLocationStartsAnEncryptedChain()
    {
        const QString path = m_backups.filePath(QStringLiteral("node1-new"));
        auto window = openWindow({});
        QTRY_VERIFY(field<QPushButton>(*window, "addLocationButton")->isEnabled());
        QTest::mouseClick(field<QPushButton>(*window, "addLocationButton"), Qt::LeftButton);
        auto *dialog = window->findChild<LocationDialog *>(QStringLiteral("locationDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        field<QLineEdit>(*dialog, "localPathEdit")->setText(path);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        clickCheckBox(field<QCheckBox>(*dialog, "encryptCheck"));
        QVERIFY(field<QLineEdit>(*dialog, "encryptPassphraseEdit")->isVisible());
        QVERIFY(!ok->isEnabled()); // no passphrase yet
        field<QLineEdit>(*dialog, "encryptPassphraseEdit")->setText(kPassphrase);
        field<QLineEdit>(*dialog, "encryptConfirmEdit")->setText(kPassphrase + QLatin1Char('x'));
        QVERIFY(textOf(*dialog, "problemLabel").contains(QStringLiteral("differ")));
        QVERIFY(!ok->isEnabled());
        field<QLineEdit>(*dialog, "encryptConfirmEdit")->setText(kPassphrase);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(chainRead(*window, path) && window->chainPane()->currentChain(), 30000);
        QVERIFY2(textOf(*window, "chainStatus").contains(QStringLiteral("encrypted with the passphrase")),
                 qPrintable(textOf(*window, "chainStatus")));
        QVERIFY(field<QWidget>(*window, "encryptionRow")->isVisible());

        QVERIFY(backUpThroughButton(*window));
        QVERIFY(QFile::exists(path + QStringLiteral(".keys")));
        QTRY_VERIFY_WITH_TIMEOUT(window->chainView()->count() == 1, 30000);
        QVERIFY(window->chainPane()->currentChain()->isEncrypted());
        QVERIFY(!window->nodeStore()->newChainSecret(path));
        QVERIFY(!passphraseWrittenToFiles());
        // The CLI opens it with the passphrase typed in the dialog.
        QByteArray out;
        QByteArray err;
        QVERIFY2(NodeProcess::runCli({QStringLiteral("verify"), QStringLiteral("--passphrase-file"), m_passFile, path},
                                     &out, &err) == 0,
                 err.constData());
        // Without the session's key it is locked.
        ChainSecrets::clear();
        window->chainPane()->reloadChains();
        QTRY_VERIFY_WITH_TIMEOUT(window->chainPane()->isLocked(path), 30000);
    }
};

QTEST_MAIN(TestEncryptedChain)
#include "tst_encryptedchain.moc"
