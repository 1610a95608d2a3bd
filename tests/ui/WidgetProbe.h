#pragma once

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
