#pragma once

#include "backup/NodeHealth.h"
#include "common/Error.h"
#include "snapshot/BackupChain.h"

#include <QMainWindow>
#include <QSet>

#include <map>
#include <optional>

class QComboBox;
class QDockWidget;
class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QSystemTrayIcon;
class QTimer;
class QTreeWidget;

namespace tidemark::ui {

class ChainView;
class JobRow;
class JobsPanel;
class LogView;
class NodeStore;

/// The main window: the nodes list with their health, the backup locations of the selected
/// node with its chain drawn link by link and the files of the selected link, the actions
/// (Back up now, New full backup, Verify chain, Restore…, Open folder), the jobs panel and the
/// log. It only renders core jobs: backups are BackupJob, verification VerifyJob, health
/// NodeHealth::probe and chains BackupChain::open, all off the GUI thread.
///
/// Settings (nodes, window geometry and dock state, last selection) live in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] NodeStore *nodeStore() const { return m_store; }
    [[nodiscard]] ChainView *chainView() const { return m_chainView; }
    [[nodiscard]] JobsPanel *jobsPanel() const { return m_jobs; }
    [[nodiscard]] LogView *logView() const { return m_log; }
    /// The node selected in the list (its settings id), or empty.
    [[nodiscard]] QString currentNodeId() const { return m_currentNodeId; }
    /// The backup location selected for the current node, or empty.
    [[nodiscard]] QString currentLocation() const;
    void selectNode(const QString &id);
    void selectLocation(const QString &path);
    /// Number of backup or verify jobs still running.
    [[nodiscard]] int runningJobs() const { return static_cast<int>(m_busy.size()); }
    /// The health last probed for a node.
    [[nodiscard]] NodeHealth health(const QString &nodeId) const;
    /// "Tidemark" or "InfluxDB 1.x", as the window shows a node's or a chain's kind.
    [[nodiscard]] static QString kindLabel(Manifest::Kind kind);

Q_SIGNALS:
    /// The chains of every location were (re)read from disk and are shown.
    void chainsReloaded();
    /// A node's health was probed and is shown.
    void healthUpdated(const QString &nodeId);
    /// A backup or verify job ended (after the window updated).
    void jobFinished(bool ok);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct ChainState {
        std::optional<BackupChain> chain;
        Error error{ErrorCode::Ok, {}, {}};
    };

    void buildUi();
    void restoreWindowState();
    void saveWindowState() const;
    void addNode();
    void editNode();
    void removeNode();
    void addLocation();
    void forgetLocation();
    void backUpNow();
    void newFullBackup();
    void verifyChain();
    /// What every job does when it ends: its row, the log, a notification, the actions, and the
    /// chains read again (then jobFinished).
    void endJob(QObject *job, JobRow *row, const QString &path, bool ok, const QString &message);
    void openRestoreWizard();
    void openFolder();
    void startBackup(const QString &path);
    void probeAll();
    void probe(const QString &nodeId);
    void reloadChains();
    void refreshNodeList();
    void refreshDetails();
    void refreshChain();
    void refreshFiles();
    void updateActions();
    /// A desktop notification through the tray icon, when there is one and the window is not active.
    void notify(bool ok, const QString &message);
    [[nodiscard]] QString healthText(const QString &nodeId, bool *warn) const;
    [[nodiscard]] std::optional<QDateTime> lastBackup(const QString &nodeId) const;
    [[nodiscard]] const BackupChain *currentChain() const;

    NodeStore *m_store;
    QListWidget *m_nodeList = nullptr;
    QPushButton *m_editNodeButton = nullptr;
    QPushButton *m_removeNodeButton = nullptr;
    QLabel *m_nodeTitle = nullptr;
    QLabel *m_nodeHealth = nullptr;
    QComboBox *m_locations = nullptr;
    QPushButton *m_forgetLocationButton = nullptr;
    ChainView *m_chainView = nullptr;
    QLabel *m_chainStatus = nullptr;
    QTreeWidget *m_files = nullptr;
    QLabel *m_filesTitle = nullptr;
    QPushButton *m_backupButton = nullptr;
    QPushButton *m_fullButton = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QPushButton *m_restoreButton = nullptr;
    QPushButton *m_openButton = nullptr;
    QSplitter *m_splitter = nullptr;
    JobsPanel *m_jobs = nullptr;
    LogView *m_log = nullptr;
    QDockWidget *m_jobsDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QTimer *m_healthTimer = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_currentNodeId;
    std::map<QString, NodeHealth> m_health;
    std::map<QString, ChainState> m_chains; ///< By location path.
    QSet<QString> m_busy;                   ///< Locations with a job running.
    int m_reloadGeneration = 0;
};

} // namespace tidemark::ui
