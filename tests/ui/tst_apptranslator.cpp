// German on real widgets: the translation compiled into the ui library is installed with
// AppTranslator and shows on the main window and the restore wizard; removing it brings English back.
// Core's messages (errors, hints, findings) come out in German through the same translator.
#include "support/NodeData.h"

#include "AppTranslator.h"
#include "ChainPane.h"
#include "MainWindow.h"
#include "RestoreWizard.h"
#include "config/NodeConfig.h"
#include "snapshot/BackupChain.h"

#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark::ui;

class TestAppTranslator : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;

    static QString buttonText(const QWidget &window, const char *name)
    {
        auto *button = window.findChild<QPushButton *>(QLatin1String(name));
        return button ? button->text() : QString();
    }

private Q_SLOTS:
    void initTestCase() { NodeData::isolateSettings(m_settingsDir.path()); }

    void english()
    {
        MainWindow window;
        QCOMPARE(buttonText(window, "backupButton"), QStringLiteral("Back up now"));
    }

    void noTranslationForAnUnknownLanguage()
    {
        AppTranslator translator;
        QVERIFY(!translator.install(QLocale(QLocale::Japanese)));
        MainWindow window;
        QCOMPARE(buttonText(window, "backupButton"), QStringLiteral("Back up now"));
        // English plural forms are installed instead.
        QCOMPARE(ChainPane::tr("%n file(s)", nullptr, 1), QStringLiteral("1 file"));
        QCOMPARE(ChainPane::tr("%n file(s)", nullptr, 3), QStringLiteral("3 files"));
    }

    void german()
    {
        AppTranslator translator;
        QVERIFY(translator.install(QLocale(QLocale::German, QLocale::Germany)));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(buttonText(window, "backupButton"), QStringLiteral("Jetzt sichern"));
        QCOMPARE(buttonText(window, "verifyButton"), QStringLiteral("Kette prüfen"));
        QCOMPARE(buttonText(window, "restoreButton"), QStringLiteral("Wiederherstellen…"));
        RestoreWizard wizard{QString()};
        QCOMPARE(wizard.windowTitle(), QStringLiteral("Einen Knoten aus einer Sicherung wiederherstellen"));
        QCOMPARE(wizard.page(RestoreWizard::PlanPageId)->title(), QStringLiteral("3. Der Plan"));
        // Qt's own strings follow too (qtbase_de): the wizard's Cancel button.
        QCOMPARE(wizard.buttonText(QWizard::CancelButton), QStringLiteral("Abbrechen"));
        QCOMPARE(ChainPane::tr("%n file(s)", nullptr, 3), QStringLiteral("3 Dateien"));

        translator.remove();
        MainWindow english;
        QCOMPARE(buttonText(english, "backupButton"), QStringLiteral("Back up now"));
    }

    // Core's strings are in the same translation: real core calls give German errors and fixes.
    void germanCoreMessages()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        AppTranslator translator;
        QVERIFY(translator.install(QLocale(QLocale::German, QLocale::Germany)));

        // BackupChain (Q_DECLARE_TR_FUNCTIONS): a directory given as the chain.
        const auto chain = tidemark::BackupChain::open(dir.path());
        QVERIFY(!chain);
        QCOMPARE(chain.error().message, QStringLiteral("Sicherungskette „%1“ ist keine Datei.").arg(dir.path()));
        QCOMPARE(chain.error().hint,
                 QStringLiteral("Den Pfad der Vollsicherungsdatei angeben, nicht den eines Verzeichnisses."));

        // The restore wizard's first check (restore preflight loads the node's config): a config
        // file that does not exist. The cause after the colon is the system's text.
        const QString config = dir.filePath(QStringLiteral("missing.conf"));
        const auto loaded = tidemark::NodeConfig::load(config);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.startsWith(
                     QStringLiteral("Konfigurationsdatei „%1“ kann nicht gelesen werden: ").arg(config)),
                 qPrintable(loaded.error().message));
        QCOMPARE(loaded.error().hint, QStringLiteral("Eine anlegen mit: tidemarkd config > %1").arg(config));

        translator.remove();
        QCOMPARE(tidemark::BackupChain::open(dir.path()).error().message,
                 QStringLiteral("Backup chain '%1' is not a file.").arg(dir.path()));
    }
};

QTEST_MAIN(TestAppTranslator)
#include "tst_apptranslator.moc"
