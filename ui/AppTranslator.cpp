#include "AppTranslator.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

namespace tidemark::ui {

namespace {

// Where the packages install the .qm files: <prefix>/share/tidemark/translations beside
// <prefix>/bin/tidemark. Looked at first, so a translation can be added or fixed there without a
// rebuild; the copies built into the program (:/i18n) are the fallback.
QString installedTranslationsDir()
{
    return QDir::cleanPath(QCoreApplication::applicationDirPath() + QStringLiteral("/../share/tidemark/translations"));
}

bool loadTidemark(QTranslator *translator, const QLocale &locale)
{
    const QString name = QStringLiteral("tidemark");
    const QString prefix = QStringLiteral("_");
    return translator->load(locale, name, prefix, installedTranslationsDir()) ||
           translator->load(locale, name, prefix, QStringLiteral(":/i18n"));
}

bool loadEnglishPlurals(QTranslator *translator)
{
    return translator->load(QStringLiteral("tidemark_en.qm"), installedTranslationsDir()) ||
           translator->load(QStringLiteral(":/i18n/tidemark_en.qm"));
}

} // namespace

AppTranslator::AppTranslator(QObject *parent) : QObject(parent)
{
}

AppTranslator::~AppTranslator()
{
    remove();
}

bool AppTranslator::install(const QLocale &locale)
{
    remove();
    auto *app = new QTranslator(this);
    if (!loadTidemark(app, locale)) {
        // No translation: English, with its plural forms ("1 file", "2 files").
        if (loadEnglishPlurals(app)) {
            QCoreApplication::installTranslator(app);
            m_app = app;
        } else {
            delete app;
        }
        return false;
    }
    QCoreApplication::installTranslator(app);
    m_app = app;
    auto *qt = new QTranslator(this);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        m_qt = qt;
    } else {
        delete qt;
    }
    return true;
}

void AppTranslator::remove()
{
    for (QTranslator **translator : {&m_app, &m_qt}) {
        if (*translator) {
            QCoreApplication::removeTranslator(*translator);
            delete *translator;
            *translator = nullptr;
        }
    }
}

} // namespace tidemark::ui
