#pragma once

#include <QPlainTextEdit>

namespace tidemark::ui {

/// What jobs did (and nodes added, removed or failing), one timestamped line each, newest last;
/// read-only.
class LogView : public QPlainTextEdit {
    Q_OBJECT
    Q_DISABLE_COPY(LogView)

public:
    explicit LogView(QWidget *parent = nullptr);

    void addInfo(const QString &text);
    void addError(const QString &text);
};

} // namespace tidemark::ui
