#pragma once

#include <QMainWindow>

namespace tidemark::ui {

/// The main window. For now a shell that the GUI issue fills with the nodes list, the backup
/// chains, the jobs panel and the restore wizard.
class MainWindow : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace tidemark::ui
