#include "HistoryDialog.h"

#include "storage/ChainLocation.h"

#include "HistoryPlots.h"
#include "Units.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <optional>
#include <set>

namespace tidemark::ui {

namespace {

enum Column { Finished, Job, Result, Size, Duration, Chain, Message, Origin, Columns };

bool chainOf(const QString &chain, const QString &location)
{
    if (chain == location)
        return true;
    return ChainLocation::locationOf(chain) == ChainLocation::locationOf(location) &&
           ChainLocation::isSeriesMember(ChainLocation::nameOf(location), ChainLocation::nameOf(chain));
}

struct Read {
    std::vector<HistoryEntry> entries;
    QString error;
};

/// The scope's jobs (every job without one), oldest first: one read per node name and location,
/// merged.
Read readHistory(const QString &path, const std::optional<HistoryScope> &scope)
{
    Read out;
    // By time: jobs are recorded when they end, and a history may have been filled in any order.
    const auto byTime = [](const HistoryEntry &a, const HistoryEntry &b) {
        return a.finished != b.finished ? a.finished < b.finished : a.id < b.id;
    };
    if (!scope) {
        auto all = JobHistory::read({}, path);
        if (!all)
            out.error = all.error().toString();
        else
            out.entries = all.takeValue();
        std::sort(out.entries.begin(), out.entries.end(), byTime);
        return out;
    }
    std::vector<JobHistory::Filter> filters;
    for (const QString &node : scope->nodes) {
        if (!node.isEmpty())
            filters.push_back({node, {}, 0});
    }
    for (const QString &chain : scope->chains)
        filters.push_back({{}, chain, 0});
    std::set<qint64> seen;
    for (const JobHistory::Filter &filter : filters) {
        auto read = JobHistory::read(filter, path);
        if (!read) {
            out.error = read.error().toString();
            return out;
        }
        for (HistoryEntry &e : read.value()) {
            if (!seen.contains(e.id) && HistoryDialog::belongs(e, *scope)) {
                seen.insert(e.id);
                out.entries.push_back(std::move(e));
            }
        }
    }
    std::sort(out.entries.begin(), out.entries.end(), byTime);
    return out;
}

QTableWidgetItem *cell(const QString &text, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    item->setToolTip(tip.isEmpty() ? text : tip);
    return item;
}

} // namespace

bool HistoryDialog::belongs(const HistoryEntry &entry, const HistoryScope &scope)
{
    for (const QString &node : scope.nodes) {
        if (!node.isEmpty() && entry.node.contains(node))
            return true;
    }
    return std::any_of(scope.chains.begin(), scope.chains.end(),
                       [&](const QString &location) { return chainOf(entry.chain, location); });
}

HistoryDialog::HistoryDialog(std::vector<HistoryScope> nodes, const QString &nodeId, QWidget *parent,
                             const QString &historyPath)
    : QDialog(parent), m_nodes(std::move(nodes)), m_path(historyPath), m_node(new QComboBox(this)),
      m_refresh(new QPushButton(tr("&Refresh"), this)), m_status(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_table(new QTableWidget(this)), m_plots(new HistoryPlots(this))
{
    setObjectName(QStringLiteral("historyDialog"));
    setWindowTitle(tr("Job history"));
    m_node->setObjectName(QStringLiteral("nodeFilterCombo"));
    m_node->addItem(tr("Every node"), QString());
    for (const HistoryScope &scope : m_nodes)
        m_node->addItem(scope.name, scope.id);
    m_refresh->setObjectName(QStringLiteral("refreshHistoryButton"));
    m_status->setObjectName(QStringLiteral("historyStatusLabel"));
    m_tabs->setObjectName(QStringLiteral("historyTabs"));
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setColumnCount(Columns);
    m_table->setHorizontalHeaderLabels(
        {tr("Ended"), tr("Job"), tr("Result"), tr("Size"), tr("Duration"), tr("Chain"), tr("Message"), tr("Origin")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(Message, QHeaderView::Stretch);
    m_plots->setObjectName(QStringLiteral("historyPlots"));
    m_tabs->addTab(m_table, tr("&Jobs"));
    m_tabs->addTab(m_plots, tr("&Plots"));

    auto *top = new QHBoxLayout;
    auto *nodeLabel = new QLabel(tr("&Node:"), this);
    nodeLabel->setBuddy(m_node);
    top->addWidget(nodeLabel);
    top->addWidget(m_node);
    top->addWidget(m_status, 1);
    top->addWidget(m_refresh);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(980, 640);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refresh, &QPushButton::clicked, this, &HistoryDialog::reload);
    connect(m_node, &QComboBox::currentIndexChanged, this, &HistoryDialog::reload);
    selectNode(nodeId);
}

void HistoryDialog::selectNode(const QString &id)
{
    const int index = std::max(0, m_node->findData(id));
    if (index == m_node->currentIndex())
        reload();
    else
        m_node->setCurrentIndex(index); // reloads
}

void HistoryDialog::showPlots()
{
    m_tabs->setCurrentWidget(m_plots);
}

const HistoryScope *HistoryDialog::scope() const
{
    const QString id = m_node->currentData().toString();
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const HistoryScope &s) { return s.id == id; });
    return it == m_nodes.end() ? nullptr : &*it;
}

void HistoryDialog::reload()
{
    const HistoryScope *current = scope();
    setWindowTitle(current ? tr("Job history of %1").arg(current->name) : tr("Job history"));
    // The plots are one node's backups.
    m_tabs->setTabEnabled(m_tabs->indexOf(m_plots), current != nullptr);
    m_tabs->setTabToolTip(m_tabs->indexOf(m_plots), current ? QString() : tr("Choose a node to plot its backups."));
    m_reading = true;
    m_refresh->setEnabled(false);
    m_status->setText(tr("Reading the history…"));
    const int generation = ++m_generation;
    auto *watcher = new QFutureWatcher<Read>(this);
    connect(watcher, &QFutureWatcher<Read>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        Read read = watcher->result();
        m_reading = false;
        m_refresh->setEnabled(true);
        showEntries(std::move(read.entries));
        if (!read.error.isEmpty())
            m_status->setText(read.error);
        Q_EMIT loaded();
    });
    watcher->setFuture(
        QtConcurrent::run(readHistory, m_path, current ? std::optional<HistoryScope>(*current) : std::nullopt));
}

void HistoryDialog::showEntries(std::vector<HistoryEntry> entries)
{
    m_entries = std::move(entries);
    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(m_entries.size()));
    int failed = 0;
    // Newest first.
    for (int row = 0; row < static_cast<int>(m_entries.size()); ++row) {
        const HistoryEntry &e = m_entries[m_entries.size() - 1 - static_cast<size_t>(row)];
        const bool ok = e.code == 0;
        failed += ok ? 0 : 1;
        m_table->setItem(row, Finished, cell(Units::dateTime(e.finished)));
        m_table->setItem(row, Job, cell(e.job));
        m_table->setItem(row, Result, cell(ok ? tr("✔ ok") : tr("✖ failed (code %1)").arg(e.code)));
        m_table->setItem(row, Size, cell(Units::bytes(e.bytes)));
        m_table->setItem(row, Duration, cell(Units::duration(qRound64(e.seconds()))));
        m_table->setItem(row, Chain, cell(e.chain, e.link.isEmpty() ? e.chain : e.link));
        m_table->setItem(row, Message, cell(e.message));
        m_table->setItem(row, Origin, cell(e.origin));
        if (!ok) {
            for (int column = 0; column < Columns; ++column)
                m_table->item(row, column)->setForeground(QColor(0xb0, 0x00, 0x20));
        }
    }
    m_table->resizeColumnsToContents();
    // A long chain path or message does not push the rest out of sight.
    m_table->setColumnWidth(Chain, std::min(m_table->columnWidth(Chain), 320));
    m_status->setText(tr("%n job(s)", nullptr, static_cast<int>(m_entries.size())) +
                      (failed > 0 ? tr(", %n failed", nullptr, failed) : QString()));
    const HistoryScope *current = scope();
    m_plots->setEntries(current ? m_entries : std::vector<HistoryEntry>{}, current ? current->thresholdSeconds : 0);
}

} // namespace tidemark::ui
