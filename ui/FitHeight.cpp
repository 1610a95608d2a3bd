#include "FitHeight.h"

#include <QLayout>
#include <QWidget>

namespace tidemark::ui {

void fitHeight(QWidget &dialog)
{
    if (!dialog.isVisible() || !dialog.layout())
        return;
    QLayout &layout = *dialog.layout();
    layout.activate();
    const int needed =
        layout.hasHeightForWidth() ? layout.totalHeightForWidth(dialog.width()) : layout.totalSizeHint().height();
    if (needed > dialog.height())
        dialog.resize(dialog.width(), needed);
}

} // namespace tidemark::ui
