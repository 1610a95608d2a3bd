#include "AppTranslator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace tidemark::ui {

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
    if (!app->load(locale, QStringLiteral("tidemark"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // No translation: English, with its plural forms ("1 file", "2 files").
        if (app->load(QStringLiteral(":/i18n/tidemark_en.qm"))) {
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
