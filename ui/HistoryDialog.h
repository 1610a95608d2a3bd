#pragma once

#include "history/JobHistory.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace tidemark::ui {

class HistoryPlots;

/// Which of the history's jobs are one node's, and its threshold.
struct HistoryScope {
    QString id; ///< The node's settings id.
    QString name;
    /// What the history's node column holds for the node's jobs: its HOST:PORT (a failed backup,
    /// a scheduled prune), the URL its snapshots name (a good backup, a prune from the GUI).
    QStringList nodes;
    /// Its locations: a job on one of them, or on a chain of its series, is the node's.
    QStringList chains;
    /// The age of the newest good backup that counts as overdue: its schedule's, else its stale hours.
    qint64 thresholdSeconds = 0;
};

/// The job history (JobHistory, the CLI's, the GUI's and the timers' jobs alike) of one node, or
/// of every node (nodeFilterCombo): the jobs in a table, newest first (historyTable: when it
/// ended, job, result, size, duration, chain, message, origin; failed rows red), and the node's
/// backups plotted over time (HistoryPlots, the Plots tab). The history is read on a pool thread
/// (isReading() until loaded()); Refresh reads it again.
class HistoryDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(HistoryDialog)

public:
    explicit HistoryDialog(std::vector<HistoryScope> nodes, const QString &nodeId, QWidget *parent = nullptr,
                           const QString &historyPath = JobHistory::defaultPath());

    /// Shows node `id`'s jobs (empty: every node's) and reads them.
    void selectNode(const QString &id);
    void reload();
    [[nodiscard]] bool isReading() const { return m_reading; }
    /// The jobs shown, oldest first.
    [[nodiscard]] const std::vector<HistoryEntry> &entries() const { return m_entries; }
    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] HistoryPlots *plots() const { return m_plots; }
    /// Shows the Plots tab.
    void showPlots();

    /// Whether `entry` is a job of `scope`'s node (HistoryScope::nodes and chains).
    [[nodiscard]] static bool belongs(const HistoryEntry &entry, const HistoryScope &scope);

Q_SIGNALS:
    /// The history was read and is shown (or its error).
    void loaded();

private:
    void showEntries(std::vector<HistoryEntry> entries);
    [[nodiscard]] const HistoryScope *scope() const;

    std::vector<HistoryScope> m_nodes;
    QString m_path;
    std::vector<HistoryEntry> m_entries;
    bool m_reading = false;
    int m_generation = 0;
    QComboBox *m_node;
    QPushButton *m_refresh;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QTableWidget *m_table;
    HistoryPlots *m_plots;
};

} // namespace tidemark::ui
