#include "LogView.h"

#include <QDateTime>

namespace tidemark::ui {

LogView::LogView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setMaximumBlockCount(5000);
    setObjectName(QStringLiteral("logView"));
    setPlaceholderText(tr("What backups, verifications and restores did appears here."));
}

void LogView::addInfo(const QString &text)
{
    appendPlainText(QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), text));
}

void LogView::addError(const QString &text)
{
    appendPlainText(
        QStringLiteral("%1  %2 %3").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), tr("ERROR:"), text));
}

} // namespace tidemark::ui
