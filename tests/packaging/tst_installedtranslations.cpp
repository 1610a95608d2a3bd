// AppTranslator finds a translation where the packages install them
// (<bin>/../share/tidemark/translations) and falls back to the copies built into the program.
// This test's binary sits in prefix/bin with a French translation in prefix/share (see
// CMakeLists.txt); Tidemark ships no French, so French can only come from there.
#include "AppTranslator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTest>

using tidemark::ui::AppTranslator;

class TestInstalledTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void translationBesideTheProgramIsLoaded()
    {
        const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/../share/tidemark/translations");
        QVERIFY2(QFileInfo::exists(dir + QStringLiteral("/tidemark_fr.qm")), qPrintable(dir));
        AppTranslator translator;
        QVERIFY(translator.install(QLocale(QLocale::French, QLocale::France)));
        QCOMPARE(QCoreApplication::translate("tidemark::ui::ChainPane", "Back up now"),
                 QStringLiteral("Sauvegarder maintenant"));
    }

    void builtInTranslationIsTheFallback()
    {
        // No tidemark_de.qm in prefix/share: the German built into the program is used.
        AppTranslator translator;
        QVERIFY(translator.install(QLocale(QLocale::German, QLocale::Germany)));
        QCOMPARE(QCoreApplication::translate("tidemark::ui::ChainPane", "Back up now"),
                 QStringLiteral("Jetzt sichern"));
    }

    void untranslatedLocaleStaysEnglish()
    {
        AppTranslator translator;
        QVERIFY(!translator.install(QLocale(QLocale::Japanese, QLocale::Japan)));
        QCOMPARE(QCoreApplication::translate("tidemark::ui::ChainPane", "Back up now"), QStringLiteral("Back up now"));
    }
};

QTEST_GUILESS_MAIN(TestInstalledTranslations)
#include "tst_installedtranslations.moc"
