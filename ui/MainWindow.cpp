#include "MainWindow.h"

#include <QLabel>

namespace tidemark::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Tidemark"));
    auto *placeholder = new QLabel(tr("No nodes yet. Use 'tidemark --cli help' for the command-line tools."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(900, 600);
}

} // namespace tidemark::ui
