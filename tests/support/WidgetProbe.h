#pragma once

#include "MainWindow.h"

#include <QCheckBox>
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
