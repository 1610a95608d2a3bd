#pragma once

#include "kinds/NodeHealth.h"
#include "snapshot/Manifest.h"

#include <QDateTime>
#include <QSet>
#include <QWidget>

#include <map>
#include <optional>

class QListWidget;
class QPushButton;
class QTimer;

namespace tidemark::ui {

class NodeDialog;
class NodeStore;

/// The nodes list, left in the window: each node of the NodeStore with its kind, host, health
/// and the age of its last backup (orange when something needs attention); Add…, Edit… (or a
/// double click, both through NodeDialog) and Remove.
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
    /// A line for the log: a node added or removed, a node's health got worse.
    void logInfo(const QString &text);
    void logError(const QString &text);

private:
    void editNode();
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
    QSet<QString> m_probing;                      ///< Nodes whose probe has not answered yet.
    std::map<QString, QDateTime> m_newestBackups; ///< By chain path.
};

} // namespace tidemark::ui
