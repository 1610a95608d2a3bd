#include "NodesPane.h"

#include "kinds/NodeKind.h"

#include "NodeDialog.h"
#include "NodeStore.h"
#include "Units.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace tidemark::ui {

namespace {

constexpr int kNodeIdRole = Qt::UserRole + 1;

} // namespace

NodesPane::NodesPane(NodeStore *store, QWidget *parent) : QWidget(parent), m_store(store)
{
    qRegisterMetaType<NodeHealth>();
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Nodes</b>"), this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("nodeList"));
    m_list->setWordWrap(true);
    m_list->setSpacing(2);
    auto *addButton = new QPushButton(tr("Add…"), this);
    addButton->setObjectName(QStringLiteral("addNodeButton"));
    m_editButton = new QPushButton(tr("Edit…"), this);
    m_editButton->setObjectName(QStringLiteral("editNodeButton"));
    m_removeButton = new QPushButton(tr("Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("removeNodeButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(addButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_removeButton);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        m_currentNodeId = item ? item->data(kNodeIdRole).toString() : QString();
        updateButtons();
        Q_EMIT currentNodeChanged(m_currentNodeId);
    });
    connect(addButton, &QPushButton::clicked, this, &NodesPane::addNode);
    connect(m_editButton, &QPushButton::clicked, this, &NodesPane::editNode);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &NodesPane::editNode);
    connect(m_removeButton, &QPushButton::clicked, this, &NodesPane::removeNode);

    connect(m_store, &NodeStore::nodesChanged, this, &NodesPane::refresh);
    // New nodes (from the dialog, another window, a test) are probed once right away: after the
    // event that saved them, so that their token, stored right after the node, goes along.
    connect(m_store, &NodeStore::nodesChanged, this, [this] {
        QTimer::singleShot(0, this, [this] {
            for (const NodeEntry &entry : m_store->nodes()) {
                if (!m_health.contains(entry.id) && !m_probing.contains(entry.id))
                    probe(entry.id);
            }
        });
    });
    // A token kept in the keyring came (at start): the node's first probe went without it.
    connect(m_store, &NodeStore::tokenReady, this, &NodesPane::probe);
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(30000);
    connect(m_healthTimer, &QTimer::timeout, this, &NodesPane::probeAll);
}

void NodesPane::start(const QString &nodeId)
{
    m_currentNodeId = nodeId;
    refresh();
    m_healthTimer->start();
    probeAll();
}

void NodesPane::selectNode(const QString &id)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(kNodeIdRole).toString() == id)
            m_list->setCurrentRow(i);
    }
}

NodeHealth NodesPane::health(const QString &nodeId) const
{
    const auto it = m_health.find(nodeId);
    return it == m_health.end() ? NodeHealth{} : it->second;
}

void NodesPane::setNewestBackups(std::map<QString, QDateTime> newest)
{
    m_newestBackups = std::move(newest);
    refresh();
}

void NodesPane::addNode()
{
    auto *dialog = new NodeDialog(this);
    dialog->setWindowTitle(tr("Add node"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showTokenStorage(dialog);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = m_store->save(dialog->entry());
        m_store->setToken(id, dialog->token());
        Q_EMIT logInfo(tr("Added node %1 (%2)").arg(dialog->entry().name, dialog->entry().host));
        selectNode(id); // The store's change probes it.
    });
    dialog->open();
}

void NodesPane::editNode()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    auto *dialog = new NodeDialog(this);
    dialog->setWindowTitle(tr("Edit node %1").arg(entry->name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showTokenStorage(dialog);
    dialog->setEntry(*entry, m_store->token(entry->id));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = m_store->save(dialog->entry());
        m_store->setToken(id, dialog->token());
        probe(id);
    });
    dialog->open();
}

void NodesPane::showTokenStorage(NodeDialog *dialog)
{
    dialog->setTokenStorage(m_store->tokenStorageText());
    connect(m_store, &NodeStore::tokenStorageKnown, dialog,
            [this, dialog] { dialog->setTokenStorage(m_store->tokenStorageText()); });
}

void NodesPane::removeNode()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Remove node"), tr("Remove %1 from the list? Its backups stay on disk.").arg(entry->name));
    if (answer != QMessageBox::Yes)
        return;
    Q_EMIT logInfo(tr("Removed node %1").arg(entry->name));
    m_health.erase(entry->id);
    m_store->remove(entry->id);
}

void NodesPane::probeAll()
{
    for (const NodeEntry &entry : m_store->nodes())
        probe(entry.id);
}

void NodesPane::probe(const QString &nodeId)
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry)
        return;
    if (m_store->isReadingToken(nodeId))
        return; // tokenReady() probes it
    std::optional<ConnectionSettings> settings = m_store->settings(nodeId);
    if (!settings)
        return;
    settings->timeoutMs = 5000;
    m_probing.insert(nodeId);
    auto *watcher = new QFutureWatcher<NodeHealth>(this);
    connect(watcher, &QFutureWatcher<NodeHealth>::finished, this, [this, watcher, nodeId] {
        watcher->deleteLater();
        m_probing.remove(nodeId);
        if (!m_store->node(nodeId))
            return;
        const NodeHealth health = watcher->result();
        const auto previous = m_health.find(nodeId);
        if (previous != m_health.end() && previous->second.state != health.state &&
            health.state != NodeHealth::State::Reachable)
            Q_EMIT logError(tr("%1: %2").arg(m_store->node(nodeId)->name, health.error.message));
        m_health[nodeId] = health;
        refresh();
        Q_EMIT healthUpdated(nodeId);
    });
    watcher->setFuture(QtConcurrent::run([settings = *settings] { return NodeHealth::probe(settings); }));
}

std::optional<QDateTime> NodesPane::lastBackup(const QString &nodeId) const
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry)
        return std::nullopt;
    std::optional<QDateTime> latest;
    for (const QString &location : entry->locations) {
        const auto it = m_newestBackups.find(location);
        if (it != m_newestBackups.end() && (!latest || it->second > *latest))
            latest = it->second;
    }
    return latest;
}

QString NodesPane::healthText(const QString &nodeId, bool *warn) const
{
    const NodeEntry *entry = m_store->node(nodeId);
    *warn = false;
    if (!entry)
        return {};
    QStringList parts;
    const NodeHealth h = health(nodeId);
    switch (h.state) {
    case NodeHealth::State::Unknown:
        parts << tr("checking…");
        break;
    case NodeHealth::State::Reachable:
        // influxd's snapshot service tells no sizes: only the meta store's index.
        if (!NodeKind::of(h.kind).reportsSizes())
            parts << tr("● reachable, meta index %1").arg(h.info.index);
        else
            parts << tr("● reachable, index %1, %2").arg(h.info.index).arg(Units::bytes(h.info.bytes));
        break;
    case NodeHealth::State::SnapshotsDisabled:
        parts << tr("✖ snapshots disabled (404): set [snapshot] enabled = true");
        *warn = true;
        break;
    case NodeHealth::State::AuthFailed:
        parts << tr("✖ auth failed (401): check the token");
        *warn = true;
        break;
    case NodeHealth::State::Unreachable:
        parts << tr("✖ unreachable");
        *warn = true;
        break;
    case NodeHealth::State::Failed:
        parts << tr("✖ %1").arg(h.error.message);
        *warn = true;
        break;
    }
    const auto last = lastBackup(nodeId);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!last) {
        parts << tr("no backup yet");
        *warn = true;
    } else if (last->secsTo(now) > qint64{entry->staleHours} * 3600) {
        parts << tr("⚠ last backup %1 (older than %2 h)").arg(Units::age(*last, now)).arg(entry->staleHours);
        *warn = true;
    } else {
        parts << tr("last backup %1").arg(Units::age(*last, now));
    }
    return parts.join(QStringLiteral(" · "));
}

NodesPane::Summary NodesPane::summary(const QString &nodeId) const
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry)
        return {tr("No node selected"),
                tr("Add a node with Add… on the left: its kind, name and the host:port of its snapshot "
                   "service (tidemarkd: [snapshot] bind-address, 127.0.0.1:8808 by default; InfluxDB "
                   "1.x: bind-address, 127.0.0.1:8088 by default)."),
                false};
    Summary s;
    s.title = tr("%1 — %2 node at %3").arg(entry->name, NodeKind::of(entry->kind).shortName(), entry->host);
    QString text = healthText(entry->id, &s.warn);
    const NodeHealth h = health(entry->id);
    const QString databases = h.info.databases.isEmpty() ? tr("(none)") : h.info.databases.join(QStringLiteral(", "));
    if (h.state == NodeHealth::State::Reachable && !NodeKind::of(h.kind).reportsSizes())
        text += QLatin1Char('\n') +
                tr("%n shard(s), databases: %1", nullptr, static_cast<int>(h.info.shards.size())).arg(databases) +
                QLatin1Char('\n') +
                (entry->databases.isEmpty() ? tr("Backups take every database.")
                                            : tr("Backups take: %1 (the meta store is always whole).")
                                                  .arg(entry->databases.join(QStringLiteral(", "))));
    else if (h.state == NodeHealth::State::Reachable)
        text +=
            tr("\nnode id %1, %2 shards, databases: %3").arg(h.info.nodeId).arg(h.info.shards.size()).arg(databases);
    else if (!h.error.hint.isEmpty())
        text += QLatin1Char('\n') + h.error.message + QLatin1Char('\n') + tr("Fix: %1").arg(h.error.hint);
    s.health = text;
    return s;
}

void NodesPane::refresh()
{
    const QString keep = m_currentNodeId;
    {
        const QSignalBlocker blocker(m_list);
        m_list->clear();
        for (const NodeEntry &entry : m_store->nodes()) {
            bool warn = false;
            const QString status = healthText(entry.id, &warn);
            auto *item = new QListWidgetItem(
                tr("%1  (%2, %3)\n%4").arg(entry.name, NodeKind::of(entry.kind).shortName(), entry.host, status),
                m_list);
            item->setData(kNodeIdRole, entry.id);
            item->setToolTip(status);
            if (warn)
                item->setForeground(QColor(0xb0, 0x40, 0x00));
        }
        int row = -1;
        for (int i = 0; i < m_list->count(); ++i) {
            if (m_list->item(i)->data(kNodeIdRole).toString() == keep)
                row = i;
        }
        if (row < 0 && m_list->count() > 0)
            row = 0;
        m_list->setCurrentRow(row);
        m_currentNodeId = row >= 0 ? m_list->item(row)->data(kNodeIdRole).toString() : QString();
    }
    updateButtons();
    Q_EMIT refreshed();
}

void NodesPane::updateButtons()
{
    const bool node = m_store->node(m_currentNodeId);
    m_editButton->setEnabled(node);
    m_removeButton->setEnabled(node);
}

} // namespace tidemark::ui
