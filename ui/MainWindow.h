#pragma once

#include "kinds/NodeHealth.h"

#include <QMainWindow>

class QDockWidget;
class QLabel;
class QSplitter;
class QSystemTrayIcon;

namespace tidemark::ui {

class ChainPane;
class ChainView;
class JobLauncher;
class JobsPanel;
class LogView;
class NodeStore;
class NodesPane;
class ScheduleRunner;

/// The main window: the nodes (NodesPane) left of the selected node's chains (ChainPane), the
/// jobs panel and the log in docks below, the menus and a tray icon for notifications. The panes
/// render what core tells; JobLauncher starts and follows the jobs they ask for (backups are
/// BackupJob, verification VerifyJob, health NodeHealth::probe and chains BackupChain::open,
/// all off the GUI thread). The window only connects the three.
///
/// Schedules: a ScheduleRunner runs the user's due schedules where no systemd user manager runs
/// (scheduleRunner(); the status bar says who runs them, schedulerStatusLabel). Then closing the
/// window while there are schedules hides it to the tray icon (told once), and the tray's Quit
/// ends Tidemark; the nodes pane shows each run's end at once.
///
/// Settings (nodes, window geometry and dock state, last selection) live in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] NodeStore *nodeStore() const { return m_store; }
    [[nodiscard]] NodesPane *nodesPane() const { return m_nodes; }
    [[nodiscard]] ChainPane *chainPane() const { return m_chain; }
    [[nodiscard]] ChainView *chainView() const;
    [[nodiscard]] JobsPanel *jobsPanel() const { return m_jobs; }
    [[nodiscard]] LogView *logView() const { return m_log; }
    [[nodiscard]] JobLauncher *jobLauncher() const { return m_launcher; }
    [[nodiscard]] ScheduleRunner *scheduleRunner() const { return m_runner; }
    /// Quits even where closing hides the window to the tray (the tray's Quit).
    void quit();
    /// The node selected in the list (its settings id), or empty.
    [[nodiscard]] QString currentNodeId() const;
    /// The backup location selected for the current node, or empty.
    [[nodiscard]] QString currentLocation() const;
    void selectNode(const QString &id);
    void selectLocation(const QString &path);
    /// Number of backup or verify jobs still running.
    [[nodiscard]] int runningJobs() const;
    /// The health last probed for a node.
    [[nodiscard]] NodeHealth health(const QString &nodeId) const;

Q_SIGNALS:
    /// The chains of every location were (re)read from disk and are shown.
    void chainsReloaded();
    /// A node's health was probed and is shown.
    void healthUpdated(const QString &nodeId);
    /// A backup, verify or prune job ended (after the window updated).
    void jobFinished(bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void connectPanes();
    void restoreWindowState();
    void saveWindowState() const;
    /// Shows the node selected in the nodes pane in the chain pane.
    void showCurrentNode();
    /// A desktop notification through the tray icon, when there is one and the window is not active.
    void notify(bool ok, const QString &message);
    /// Says in the status bar who runs the schedules.
    void showSchedulerMode();
    /// Whether closing the window hides it to the tray: the runner runs schedules and there is a tray.
    [[nodiscard]] bool keepsRunningInTray() const;

    NodeStore *m_store;
    NodesPane *m_nodes = nullptr;
    ChainPane *m_chain = nullptr;
    QSplitter *m_splitter = nullptr;
    JobsPanel *m_jobs = nullptr;
    LogView *m_log = nullptr;
    QDockWidget *m_jobsDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    JobLauncher *m_launcher = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    ScheduleRunner *m_runner = nullptr;
    QLabel *m_schedulerStatus = nullptr;
    bool m_quitting = false;
};

} // namespace tidemark::ui
