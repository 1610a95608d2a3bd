#pragma once

#include "LocationDialog.h"
#include "MainWindow.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QWidget>

/// The first visible child of `root` of type T (a dialog, a message box), or nullptr.
template <typename T> [[nodiscard]] T *visibleChild(const QWidget *root)
{
    for (T *w : root->findChildren<T *>()) {
        if (w->isVisible())
            return w;
    }
    return nullptr;
}

/// Clicks a check box on its indicator (a form stretches the box wider than its text, and a click
/// on the empty part right of the text does not toggle it).
inline void clickCheckBox(QCheckBox *box)
{
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->height() / 2, box->height() / 2));
}

/// Clicks the window's Back up now and waits for the job to end; returns whether it succeeded.
[[nodiscard]] inline bool backUpThroughButton(tidemark::ui::MainWindow &window)
{
    QSignalSpy finished(&window, &tidemark::ui::MainWindow::jobFinished);
    auto *backup = window.findChild<QPushButton *>(QStringLiteral("backupButton"));
    if (!backup || !backup->isEnabled())
        return false;
    QTest::mouseClick(backup, Qt::LeftButton);
    if (!finished.wait(120000))
        return false;
    return finished.first().first().toBool();
}

/// Adds the local chain `path` to the selected node through Add location… (LocationDialog, its
/// Local file page); returns whether the dialog took it.
[[nodiscard]] inline bool addLocalLocationThroughDialog(QWidget &window, const QString &path)
{
    auto *add = window.findChild<QPushButton *>(QStringLiteral("addLocationButton"));
    if (!add || !add->isEnabled())
        return false;
    QTest::mouseClick(add, Qt::LeftButton);
    auto *dialog = window.findChild<tidemark::ui::LocationDialog *>(QStringLiteral("locationDialog"));
    if (!dialog || !QTest::qWaitFor([dialog] { return dialog->isVisible(); }))
        return false;
    dialog->findChild<QLineEdit *>(QStringLiteral("localPathEdit"))->setText(path);
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    if (!ok->isEnabled())
        return false;
    QTest::mouseClick(ok, Qt::LeftButton);
    return true;
}
