#include "NodesPane.h"

#include "kinds/NodeKind.h"

#include "schedule/ScheduleStore.h"

#include "HistoryDialog.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "ScheduleSetup.h"
#include "ScheduleTab.h"
#include "Units.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace tidemark::ui {

namespace {

constexpr int kNodeIdRole = Qt::UserRole + 1;

struct ScheduleRef {
    QString nodeId;
    QString location;
    QString name;
};

using ScheduleViews = std::map<QString, std::vector<NodesPane::ScheduleView>>;

/// Each schedule's definition and state (a calendar expression's next run asks systemd-analyze).
ScheduleViews readSchedules(const std::vector<ScheduleRef> &refs)
{
    const ScheduleStore store(ScheduleScope::User);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ScheduleViews out;
    for (const ScheduleRef &ref : refs) {
        NodesPane::ScheduleView view;
        view.location = ref.location;
        view.name = ref.name;
        auto schedule = store.load(ref.name);
        if (!schedule) {
            if (schedule.error().code == ErrorCode::NotFound)
                continue; // removed by the CLI
            view.broken = schedule.error().message;
            out[ref.nodeId].push_back(view);
            continue;
        }
        const ScheduleState state = store.state(ref.name);
        view.when = schedule->when.describe();
        if (auto next = state.nextRun(schedule->when))
            view.next = next.value();
        else
            view.nextError = next.error().message;
        view.lastCode = state.lastCode;
        view.lastMessage = state.lastMessage;
        view.lastEnd = state.lastEnd;
        view.overdueAfter = schedule->overdueAfter();
        view.overdue = state.isOverdue(view.overdueAfter, now);
        out[ref.nodeId].push_back(view);
    }
    return out;
}

/// "today 02:30", "tomorrow 02:30", "Tue 2 Dec 02:30".
QString whenText(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    const QDate today = QDate::currentDate();
    const QString at = QLocale().toString(local.time(), QStringLiteral("HH:mm"));
    if (local.date() == today)
        return NodesPane::tr("today %1").arg(at);
    if (local.date() == today.addDays(1))
        return NodesPane::tr("tomorrow %1").arg(at);
    return QLocale().toString(local, QStringLiteral("ddd d MMM HH:mm"));
}

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
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QListWidget::customContextMenuRequested, this, &NodesPane::showContextMenu);

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
    // The schedules of a node or location removed go too: definition, units, timer.
    connect(m_store, &NodeStore::schedulesDropped, this, [this](const QStringList &names) {
        using Lines = std::vector<std::pair<bool, QString>>; // ok, line
        auto *watcher = new QFutureWatcher<Lines>(this);
        connect(watcher, &QFutureWatcher<Lines>::finished, this, [this, watcher] {
            watcher->deleteLater();
            for (const auto &[ok, line] : watcher->result()) {
                if (ok)
                    Q_EMIT logInfo(line);
                else
                    Q_EMIT logError(line);
            }
            refreshSchedules();
        });
        watcher->setFuture(QtConcurrent::run([names, manager = ScheduleSetup::managerRuns()] {
            Lines lines;
            for (const QString &name : names) {
                const Status removed = ScheduleSetup::remove(name, manager.result());
                if (removed)
                    lines.emplace_back(true, tr("Schedule %1 removed.").arg(name));
                else
                    lines.emplace_back(false, tr("Schedule %1 not removed: %2").arg(name, removed.error().toString()));
            }
            return lines;
        }));
    });
    // A token kept in the keyring came (at start): the node's first probe went without it.
    connect(m_store, &NodeStore::tokenReady, this, &NodesPane::probe);
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(30000);
    connect(m_healthTimer, &QTimer::timeout, this, &NodesPane::probeAll);
    connect(m_healthTimer, &QTimer::timeout, this, &NodesPane::refreshSchedules);
}

void NodesPane::start(const QString &nodeId)
{
    m_currentNodeId = nodeId;
    refresh();
    m_healthTimer->start();
    probeAll();
    refreshSchedules();
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
    openNodeDialog(m_currentNodeId);
}

void NodesPane::editSchedule(const QString &id)
{
    if (NodeDialog *dialog = openNodeDialog(id.isEmpty() ? m_currentNodeId : id))
        dialog->showScheduleTab();
}

NodeDialog *NodesPane::openNodeDialog(const QString &id)
{
    const NodeEntry *entry = m_store->node(id);
    if (!entry)
        return nullptr;
    auto *dialog = new NodeDialog(this);
    dialog->setWindowTitle(tr("Edit node %1").arg(entry->name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showTokenStorage(dialog);
    dialog->setEntry(*entry, m_store->token(entry->id));
    QHash<QString, S3Location> s3;
    for (const QString &location : entry->locations) {
        if (auto settings = m_store->s3Location(location))
            s3.insert(location, *settings);
    }
    dialog->setS3Locations(s3);
    connect(dialog, &NodeDialog::scheduleLog, this, [this](const QString &text, bool error) {
        if (error)
            Q_EMIT logError(text);
        else
            Q_EMIT logInfo(text);
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString saved = m_store->save(dialog->entry());
        m_store->setToken(saved, dialog->token());
        probe(saved);
        refreshSchedules();
    });
    dialog->open();
    return dialog;
}

HistoryDialog *NodesPane::openHistory(const QString &id)
{
    std::vector<HistoryScope> scopes;
    for (const NodeEntry &entry : m_store->nodes()) {
        HistoryScope scope;
        scope.id = entry.id;
        scope.name = entry.name;
        scope.nodes << entry.host;
        const NodeHealth h = health(entry.id);
        if (!h.info.clusterUrl.isEmpty())
            scope.nodes << h.info.clusterUrl;
        scope.chains = entry.locations;
        scope.thresholdSeconds = qint64{entry.staleHours} * 3600;
        const auto schedules = m_schedules.find(entry.id);
        if (schedules != m_schedules.end()) {
            for (const ScheduleView &view : schedules->second) {
                if (view.overdueAfter > 0)
                    scope.thresholdSeconds = view.overdueAfter;
            }
        }
        scopes.push_back(scope);
    }
    auto *dialog = new HistoryDialog(std::move(scopes), id.isEmpty() ? m_currentNodeId : id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void NodesPane::showContextMenu(const QPoint &at)
{
    QListWidgetItem *item = m_list->itemAt(at);
    if (!item)
        return;
    const QString id = item->data(kNodeIdRole).toString();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("&Edit…"), this, [this, id] { openNodeDialog(id); });
    menu->addAction(tr("&Schedule…"), this, [this, id] { editSchedule(id); });
    menu->addAction(tr("Job &history…"), this, [this, id] { openHistory(id); });
    menu->addSeparator();
    menu->addAction(tr("&Remove"), this, [this, id] {
        selectNode(id);
        removeNode();
    });
    menu->popup(m_list->viewport()->mapToGlobal(at));
}

void NodesPane::refreshSchedules()
{
    if (m_readingSchedules) {
        m_schedulesAgain = true;
        return;
    }
    std::vector<ScheduleRef> refs;
    for (const NodeEntry &entry : m_store->nodes()) {
        const QHash<QString, QString> names = NodeStore::scheduleNames(entry.id, entry.locations);
        for (const QString &location : entry.locations) {
            if (names.contains(location))
                refs.push_back({entry.id, location, names.value(location)});
        }
    }
    m_readingSchedules = true;
    auto *watcher = new QFutureWatcher<ScheduleViews>(this);
    connect(watcher, &QFutureWatcher<ScheduleViews>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_readingSchedules = false;
        m_schedules = watcher->result();
        refresh();
        Q_EMIT schedulesRefreshed();
        if (m_schedulesAgain) {
            m_schedulesAgain = false;
            refreshSchedules();
        }
    });
    watcher->setFuture(QtConcurrent::run(readSchedules, std::move(refs)));
}

std::vector<NodesPane::ScheduleView> NodesPane::schedules(const QString &id) const
{
    const auto it = m_schedules.find(id);
    return it == m_schedules.end() ? std::vector<ScheduleView>{} : it->second;
}

void NodesPane::setRunningSchedules(const QStringList &names)
{
    m_runningSchedules = names;
    refresh();
}

QString NodesPane::scheduleText(const QString &nodeId, bool *warn, QString *tooltip) const
{
    const auto it = m_schedules.find(nodeId);
    if (it == m_schedules.end() || it->second.empty())
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList tips;
    const ScheduleView *soonest = nullptr;
    const ScheduleView *latest = nullptr;
    bool running = false;
    bool overdue = false;
    QString broken;
    for (const ScheduleView &view : it->second) {
        if (!view.broken.isEmpty()) {
            broken = view.broken;
            tips << tr("%1: ✖ %2").arg(view.name, view.broken);
            continue;
        }
        running = running || m_runningSchedules.contains(view.name);
        overdue = overdue || view.overdue;
        if (view.next.isValid() && (!soonest || view.next < soonest->next))
            soonest = &view;
        if (view.lastEnd.isValid() && (!latest || view.lastEnd > latest->lastEnd))
            latest = &view;
        QString tip = tr("%1 (%2), %3: next run %4")
                          .arg(view.name, view.location, view.when,
                               view.next.isValid() ? Units::dateTime(view.next) : view.nextError);
        if (view.lastCode < 0 || !view.lastEnd.isValid())
            tip += tr("; it has not run yet");
        else
            tip += tr("; last run %1 %2: %3")
                       .arg(view.lastCode == 0 ? tr("✔") : tr("✖ failed"), Units::dateTime(view.lastEnd),
                            view.lastMessage);
        if (view.overdue)
            tip += tr("; ⚠ overdue (no good backup for %1)").arg(Units::duration(view.overdueAfter));
        tips << tip;
    }
    *tooltip = tips.join(QLatin1Char('\n'));
    QStringList parts;
    if (running)
        parts << tr("scheduled backup running now");
    else if (soonest)
        parts << tr("next backup %1").arg(whenText(soonest->next));
    else if (!broken.isEmpty())
        parts << tr("✖ schedule does not read");
    if (latest) {
        if (latest->lastCode == 0) {
            parts << tr("last ✔ %1").arg(Units::age(latest->lastEnd, now));
        } else {
            parts << tr("last ✖ failed %1").arg(Units::age(latest->lastEnd, now));
            *warn = true;
        }
    }
    if (overdue) {
        parts << tr("⚠ overdue");
        *warn = true;
    }
    if (!broken.isEmpty())
        *warn = true;
    return parts.join(QStringLiteral(" · "));
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
    QString question = tr("Remove %1 from the list? Its backups stay on disk.").arg(entry->name);
    if (!NodeStore::scheduleNames(entry->id, entry->locations).isEmpty())
        question += QLatin1Char(' ') + tr("Its schedules are removed.");
    const auto answer = QMessageBox::question(this, tr("Remove node"), question);
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
            QString scheduleTip;
            const QString schedule = scheduleText(entry.id, &warn, &scheduleTip);
            QString text =
                tr("%1  (%2, %3)\n%4").arg(entry.name, NodeKind::of(entry.kind).shortName(), entry.host, status);
            if (!schedule.isEmpty())
                text += QLatin1Char('\n') + schedule;
            auto *item = new QListWidgetItem(text, m_list);
            item->setData(kNodeIdRole, entry.id);
            item->setToolTip(scheduleTip.isEmpty() ? status : status + QLatin1Char('\n') + scheduleTip);
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
