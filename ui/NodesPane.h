#pragma once

#include "kinds/NodeHealth.h"
#include "snapshot/Manifest.h"

#include <QDateTime>
#include <QSet>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

class QListWidget;
class QPushButton;
class QTimer;

namespace tidemark::ui {

class HistoryDialog;
class NodeDialog;
class NodeStore;

/// The nodes list, left in the window: each node of the NodeStore with its kind, host, health
/// and the age of its last backup, and for a node with schedules a line with the next run and
/// the last run's result (orange when something needs attention); Add…, Edit… (or a double
/// click, both through NodeDialog) and Remove; the context menu also opens the node's Schedule
/// tab and its job history (HistoryDialog).
///
/// The schedules (NodeStore::scheduleName per node and location, their definitions and states in
/// the user's ScheduleStore) are read on a pool thread with the health (every 30 s), after the
/// node dialog wrote them, and on refreshSchedules() (after a run the GUI started).
///
/// Health comes from NodeHealth::probe on a pool thread: every node every 30 s (from start()),
/// a node added or changed in the store at once, and any node on probe() (after each backup).
/// The age of the last backup comes from the chains as the chain pane read them
/// (setNewestBackups()). The settings of the selection are the window's: it passes the last
/// selection to start() and keeps currentNodeChanged().
class NodesPane : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(NodesPane)

public:
    /// What the chain pane shows above the chain about a node.
    struct Summary {
        QString title;  ///< "node1 — Tidemark node at HOST:PORT"
        QString health; ///< As in the list, then node-info, or the error's fix.
        bool warn = false;
    };

    /// One schedule of a node's, as the list shows it.
    struct ScheduleView {
        QString location;
        QString name;
        QString when;      ///< ScheduleWhen::describe().
        QDateTime next;    ///< The next run (invalid: see nextError).
        QString nextError; ///< Why there is no next run.
        int lastCode = -1; ///< The last run's ErrorCode; -1: it never ran.
        QString lastMessage;
        QDateTime lastEnd;
        bool overdue = false; ///< The newest good backup is older than the schedule's overdue age.
        qint64 overdueAfter = 0;
        QString broken; ///< Why its definition does not read.
    };

    explicit NodesPane(NodeStore *store, QWidget *parent = nullptr);

    /// Shows the nodes with `nodeId` selected (gone or empty: the first), probes every node and
    /// from now on every 30 s.
    void start(const QString &nodeId);
    /// The node selected in the list (its settings id), or empty.
    [[nodiscard]] QString currentNodeId() const { return m_currentNodeId; }
    void selectNode(const QString &id);
    /// The health last probed for a node (Unknown before the first answer).
    [[nodiscard]] NodeHealth health(const QString &nodeId) const;
    /// The title and health of a node for the chain pane; no such node: how to add one.
    [[nodiscard]] Summary summary(const QString &nodeId) const;
    /// The creation time of the newest link of each chain, by the chain's path (a chain without a
    /// link has none): the nodes' last backups. Shows them.
    void setNewestBackups(std::map<QString, QDateTime> newest);

    /// Opens NodeDialog for a new node; OK saves, selects and probes it.
    void addNode();
    /// Opens NodeDialog for node `id` (empty: the selected one), at its Schedule tab.
    void editSchedule(const QString &id = {});
    /// Opens the job history of node `id` (empty: the selected one).
    HistoryDialog *openHistory(const QString &id = {});
    /// Reads every node's schedules again (a pool thread); schedulesRefreshed() follows.
    void refreshSchedules();
    /// The schedules of node `id` as last read.
    [[nodiscard]] std::vector<ScheduleView> schedules(const QString &id) const;
    /// The schedules running now in this GUI (ScheduleRunner): the list says so.
    void setRunningSchedules(const QStringList &names);
    void probeAll();
    /// Probes one node on a pool thread; healthUpdated() when it answered.
    void probe(const QString &nodeId);

Q_SIGNALS:
    /// The user (or selectNode()) selected another node.
    void currentNodeChanged(const QString &nodeId);
    /// The list was drawn again (nodes, health or last backups changed): the selected node's
    /// summary may have changed, and the selection too when its node is gone.
    void refreshed();
    /// A node's health was probed and is shown.
    void healthUpdated(const QString &nodeId);
    /// The schedules were read again and are shown.
    void schedulesRefreshed();
    /// A line for the log: a node added or removed, a node's health got worse.
    void logInfo(const QString &text);
    void logError(const QString &text);

private:
    void editNode();
    /// Opens NodeDialog for node `id`; OK saves it and its schedules.
    NodeDialog *openNodeDialog(const QString &id);
    void showContextMenu(const QPoint &at);
    /// The line about a node's schedules (empty: it has none).
    [[nodiscard]] QString scheduleText(const QString &nodeId, bool *warn, QString *tooltip) const;
    /// Says in `dialog` where the token is kept (the keyring or the 0600 file), now and once known.
    void showTokenStorage(NodeDialog *dialog);
    void removeNode();
    void refresh();
    void updateButtons();
    [[nodiscard]] QString healthText(const QString &nodeId, bool *warn) const;
    [[nodiscard]] std::optional<QDateTime> lastBackup(const QString &nodeId) const;

    NodeStore *m_store;
    QListWidget *m_list = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QTimer *m_healthTimer = nullptr;
    QString m_currentNodeId;
    std::map<QString, NodeHealth> m_health;
    QSet<QString> m_probing;                                  ///< Nodes whose probe has not answered yet.
    std::map<QString, QDateTime> m_newestBackups;             ///< By chain path.
    std::map<QString, std::vector<ScheduleView>> m_schedules; ///< By node id.
    QStringList m_runningSchedules;
    bool m_readingSchedules = false;
    bool m_schedulesAgain = false; ///< Asked again while reading: read once more after.
};

} // namespace tidemark::ui
