#pragma once

#include "retention/Catalog.h"
#include "retention/PruneJob.h"
#include "retention/RetentionPolicy.h"

#include <QDialog>
#include <QString>

#include <array>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace tidemark::ui {

class CatalogReader;
class NodeStore;

/// Retention… : which backups of a location to keep, for one node. The rules of `tidemark-cli
/// prune` (RetentionPolicy: keep last, hourly, daily, weekly, monthly, yearly — 0 off, "all" every
/// period — and keep within a span, parsed with RetentionPolicy::parseSpan and refused inline),
/// the chains of which node they apply to ("Chains of", as prune's --node: the node's URL, or
/// every node), and a live preview (PruneJob::plan over the catalog, read once): every chain with
/// "keep (daily 2026-11-28, …)" or "remove", and what Prune now would free, with the same prune as
/// a command line.
///
/// Prune now asks, then emits pruneRequested() (the window runs the PruneJob in the jobs panel)
/// and closes. "Save as this node's policy" keeps the rules, and "Apply after each backup", in
/// the node's settings (NodeStore::setRetention); the fields start from the node's saved policy.
/// Object names: lastSpin, hourlySpin, dailySpin, weeklySpin, monthlySpin, yearlySpin, withinEdit,
/// withinProblem, nodeCombo, previewTable, previewSummary, cliCommand, pruneButton,
/// savePolicyButton, applyAfterBackupCheck, savedPolicyLabel.
class RetentionDialog : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY(RetentionDialog)

public:
    enum Column {
        ChainColumn,
        NodeColumn,
        FirstColumn,
        LastColumn,
        LinksColumn,
        SizeColumn,
        DecisionColumn,
        ColumnCount
    };
    /// The spin boxes' range: -1 ("all") up to this.
    static constexpr int kMaxCount = 99999;

    /// For node `nodeId` of `store` (may be empty: nothing to save) over the chains of `location`:
    /// `catalog` when given (the catalog dialog's), else read here once. `nodeUrl` is the node as
    /// its chains name it (its newest link's cluster URL; empty: unknown): "Chains of" starts there.
    RetentionDialog(NodeStore *store, const QString &nodeId, const QString &location, const QString &nodeUrl,
                    std::optional<Catalog> catalog, QWidget *parent = nullptr);
    ~RetentionDialog() override;

    [[nodiscard]] QString location() const { return m_location; }
    /// The rules in the fields; nullopt while "within" does not parse.
    [[nodiscard]] std::optional<RetentionPolicy> policy() const;
    void setPolicy(const RetentionPolicy &policy);
    /// The chains the rules apply to: a node's URL (prune's --node), or empty for every node.
    [[nodiscard]] QString nodeFilter() const;
    /// Chooses the node whose chains the rules apply to (empty: every node), if the catalog has it.
    void setNodeFilter(const QString &nodeUrl);
    [[nodiscard]] bool isReading() const;
    /// The preview shown: PruneJob::plan of the catalog under policy() and nodeFilter().
    [[nodiscard]] const std::vector<PruneDecision> &preview() const { return m_preview; }
    [[nodiscard]] QTreeWidget *previewTable() const { return m_table; }
    /// "keep (daily 2026-11-28, last 3)" or "remove", as the preview writes a decision.
    [[nodiscard]] static QString decisionText(const PruneDecision &decision);
    /// The same prune as a command line: `tidemark-cli prune LOCATION --keep-… [--node URL]`.
    [[nodiscard]] QString cliCommand() const;

    /// Prune now: asks (a question box), then pruneRequested() and the dialog closes.
    void pruneNow();
    /// Keeps the rules and "Apply after each backup" as the node's policy.
    void savePolicy();

Q_SIGNALS:
    /// Prune `options.location` with `options.policy` (only `options.node`'s chains when given).
    void pruneRequested(const tidemark::PruneJob::Options &options);
    /// The catalog was read (or could not be) and the preview shows it.
    void catalogRead();

private:
    void catalogReady();
    void fillNodes(const QString &preferred);
    void updatePreview();
    void updateSavedLabel();

    NodeStore *m_store;
    QString m_nodeId;
    QString m_location;
    QString m_nodeUrl;
    CatalogReader *m_reader = nullptr;
    std::optional<Catalog> m_catalog;
    std::vector<PruneDecision> m_preview;
    std::array<QSpinBox *, 6> m_counts{};
    QLineEdit *m_within;
    QLabel *m_withinProblem;
    QComboBox *m_nodes;
    QLabel *m_status;
    QTreeWidget *m_table;
    QLabel *m_summary;
    QLabel *m_cli;
    QCheckBox *m_applyAfterBackup;
    QLabel *m_saved;
    QPushButton *m_saveButton;
    QPushButton *m_pruneButton;
};

} // namespace tidemark::ui
