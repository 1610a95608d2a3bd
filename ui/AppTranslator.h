#pragma once

#include <QLocale>
#include <QObject>

class QTranslator;

namespace tidemark::ui {

/// Installs Tidemark's translation and Qt's own (qtbase) for a locale on the application.
/// Tidemark's `tidemark_<lang>.qm` is looked up in `<prefix>/share/tidemark/translations` (where
/// the packages install it, relative to the program's directory) first, then in the copy compiled
/// into the ui library (`:/i18n`). English needs only its plural forms (`tidemark_en.qm`).
class AppTranslator : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(AppTranslator)

public:
    explicit AppTranslator(QObject *parent = nullptr);
    ~AppTranslator() override;

    /// Loads and installs the translators for `locale`; false when Tidemark has no translation
    /// for it: the UI then stays English, with English plural forms installed. Replaces
    /// translators installed before.
    bool install(const QLocale &locale);
    /// Removes the installed translators.
    void remove();

private:
    QTranslator *m_app = nullptr;
    QTranslator *m_qt = nullptr;
};

} // namespace tidemark::ui
