#include "MainWindow.h"

#include "ChainView.h"
#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "RestoreWizard.h"
#include "Units.h"
#include "backup/BackupJob.h"
#include "backup/VerifyJob.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace tidemark::ui {

namespace {

constexpr int kNodeIdRole = Qt::UserRole + 1;

// Verification results are remembered per link file, with the size they were made at, so a
// replaced file never shows an old "verified".
QString verificationKey(const QString &linkPath)
{
    return QStringLiteral("verification/") +
           QString::fromLatin1(linkPath.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

struct LinkVerification {
    ChainView::Verification state = ChainView::Verification::Unknown;
    QDateTime at;
    QString message;
};

LinkVerification verificationOf(const BackupChain::Link &link)
{
    const QStringList saved = QSettings().value(verificationKey(link.path)).toStringList();
    if (saved.size() < 3 || saved[0].toLongLong() != link.bytes)
        return {};
    LinkVerification v;
    v.state = saved[1] == QLatin1String("ok") ? ChainView::Verification::Verified : ChainView::Verification::Failed;
    v.at = QDateTime::fromString(saved[2], Qt::ISODate);
    v.message = saved.value(3);
    return v;
}

void rememberVerification(const BackupChain::Link &link, bool ok, const QString &message)
{
    QSettings().setValue(verificationKey(link.path),
                         QStringList{QString::number(link.bytes), ok ? QStringLiteral("ok") : QStringLiteral("failed"),
                                     QDateTime::currentDateTimeUtc().toString(Qt::ISODate), message});
}

} // namespace

QString MainWindow::kindLabel(Manifest::Kind kind)
{
    return kind == Manifest::Kind::InfluxDb1 ? tr("InfluxDB 1.x") : tr("Tidemark");
}

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_store(new NodeStore(this))
{
    qRegisterMetaType<NodeHealth>();
    setWindowTitle(tr("Tidemark — backups of time-series nodes"));
    buildUi();
    restoreWindowState();
    refreshNodeList();
    connect(m_store, &NodeStore::nodesChanged, this, &MainWindow::refreshNodeList);
    // Nodes added or changed elsewhere (another dialog, a test) are probed once right away.
    connect(m_store, &NodeStore::nodesChanged, this, [this] {
        for (const NodeEntry &entry : m_store->nodes()) {
            if (!m_health.contains(entry.id))
                probe(entry.id);
        }
    });
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(30000);
    connect(m_healthTimer, &QTimer::timeout, this, &MainWindow::probeAll);
    m_healthTimer->start();
    probeAll();
    reloadChains();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    // Left: the nodes.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    auto *nodesTitle = new QLabel(tr("<b>Nodes</b>"), left);
    m_nodeList = new QListWidget(left);
    m_nodeList->setObjectName(QStringLiteral("nodeList"));
    m_nodeList->setWordWrap(true);
    m_nodeList->setSpacing(2);
    auto *addNodeButton = new QPushButton(tr("Add…"), left);
    addNodeButton->setObjectName(QStringLiteral("addNodeButton"));
    m_editNodeButton = new QPushButton(tr("Edit…"), left);
    m_editNodeButton->setObjectName(QStringLiteral("editNodeButton"));
    m_removeNodeButton = new QPushButton(tr("Remove"), left);
    m_removeNodeButton->setObjectName(QStringLiteral("removeNodeButton"));
    auto *nodeButtons = new QHBoxLayout;
    nodeButtons->addWidget(addNodeButton);
    nodeButtons->addWidget(m_editNodeButton);
    nodeButtons->addWidget(m_removeNodeButton);
    leftLayout->addWidget(nodesTitle);
    leftLayout->addWidget(m_nodeList, 1);
    leftLayout->addLayout(nodeButtons);

    // Right: the selected node's backups.
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    m_nodeTitle = new QLabel(right);
    m_nodeTitle->setObjectName(QStringLiteral("nodeTitle"));
    QFont titleFont = m_nodeTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_nodeTitle->setFont(titleFont);
    m_nodeHealth = new QLabel(right);
    m_nodeHealth->setObjectName(QStringLiteral("nodeHealth"));
    m_nodeHealth->setWordWrap(true);
    m_nodeHealth->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_locations = new QComboBox(right);
    m_locations->setObjectName(QStringLiteral("locationCombo"));
    m_locations->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_locations->setMinimumContentsLength(30);
    auto *addLocationButton = new QPushButton(tr("Add location…"), right);
    addLocationButton->setObjectName(QStringLiteral("addLocationButton"));
    m_forgetLocationButton = new QPushButton(tr("Forget"), right);
    m_forgetLocationButton->setObjectName(QStringLiteral("forgetLocationButton"));
    m_forgetLocationButton->setToolTip(tr("Remove the location from this list; the files stay on disk."));
    auto *locationRow = new QHBoxLayout;
    locationRow->addWidget(new QLabel(tr("Backup chain:"), right));
    locationRow->addWidget(m_locations, 1);
    locationRow->addWidget(addLocationButton);
    locationRow->addWidget(m_forgetLocationButton);

    m_chainView = new ChainView(right);
    m_chainView->setObjectName(QStringLiteral("chainView"));
    m_chainStatus = new QLabel(right);
    m_chainStatus->setObjectName(QStringLiteral("chainStatus"));
    m_chainStatus->setWordWrap(true);

    m_filesTitle = new QLabel(right);
    m_files = new QTreeWidget(right);
    m_files->setObjectName(QStringLiteral("filesTable"));
    m_files->setRootIsDecorated(false);
    m_files->setHeaderLabels({tr("File"), tr("Size"), tr("Index"), tr("Checksum (XXH3-128)")});
    m_files->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_backupButton = new QPushButton(tr("Back up now"), right);
    m_backupButton->setObjectName(QStringLiteral("backupButton"));
    m_backupButton->setToolTip(
        tr("A full snapshot when the chain is empty, else an incremental with only what changed."));
    m_fullButton = new QPushButton(tr("New full backup…"), right);
    m_fullButton->setObjectName(QStringLiteral("fullBackupButton"));
    m_fullButton->setToolTip(tr("Start a new chain in a new file with a full snapshot."));
    m_verifyButton = new QPushButton(tr("Verify chain"), right);
    m_verifyButton->setObjectName(QStringLiteral("verifyButton"));
    m_verifyButton->setToolTip(
        tr("Re-read every link: checksums, continuity and every file it holds (LMDB files, InfluxDB shard tars)."));
    m_restoreButton = new QPushButton(tr("Restore…"), right);
    m_restoreButton->setObjectName(QStringLiteral("restoreButton"));
    m_openButton = new QPushButton(tr("Open folder"), right);
    m_openButton->setObjectName(QStringLiteral("openFolderButton"));
    auto *actions = new QHBoxLayout;
    for (QPushButton *b : {m_backupButton, m_fullButton, m_verifyButton, m_restoreButton, m_openButton})
        actions->addWidget(b);
    actions->addStretch(1);

    rightLayout->addWidget(m_nodeTitle);
    rightLayout->addWidget(m_nodeHealth);
    rightLayout->addLayout(locationRow);
    rightLayout->addWidget(m_chainView);
    rightLayout->addWidget(m_chainStatus);
    rightLayout->addLayout(actions);
    rightLayout->addWidget(m_filesTitle);
    rightLayout->addWidget(m_files, 1);

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({260, 740});
    setCentralWidget(m_splitter);

    m_jobs = new JobsPanel(this);
    m_jobs->setObjectName(QStringLiteral("jobsPanel"));
    m_jobsDock = new QDockWidget(tr("Jobs"), this);
    m_jobsDock->setObjectName(QStringLiteral("jobsDock"));
    m_jobsDock->setWidget(m_jobs);
    addDockWidget(Qt::BottomDockWidgetArea, m_jobsDock);
    m_log = new LogView(this);
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    tabifyDockWidget(m_jobsDock, m_logDock);
    m_jobsDock->raise();
    connect(m_jobs, &JobsPanel::jobAdded, m_jobsDock, &QDockWidget::raise);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Add node…"), this, &MainWindow::addNode);
    fileMenu->addAction(tr("&Restore…"), this, &MainWindow::openRestoreWizard);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(m_jobsDock->toggleViewAction());
    viewMenu->addAction(m_logDock->toggleViewAction());
    viewMenu->addAction(tr("Check nodes &now"), this, &MainWindow::probeAll);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tidemark"), this, [this] {
        QMessageBox::about(
            this, tr("About Tidemark"),
            tr("<b>Tidemark %1</b><p>Hot backups of running time-series data nodes, and restores you can trust.</p>"
               "<p>The same jobs run headless: <code>tidemark --cli help</code>.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });

    connect(m_nodeList, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        m_currentNodeId = item ? item->data(kNodeIdRole).toString() : QString();
        QSettings().setValue(QStringLiteral("window/currentNode"), m_currentNodeId);
        refreshDetails();
    });
    connect(addNodeButton, &QPushButton::clicked, this, &MainWindow::addNode);
    connect(m_editNodeButton, &QPushButton::clicked, this, &MainWindow::editNode);
    connect(m_nodeList, &QListWidget::itemDoubleClicked, this, &MainWindow::editNode);
    connect(m_removeNodeButton, &QPushButton::clicked, this, &MainWindow::removeNode);
    connect(addLocationButton, &QPushButton::clicked, this, &MainWindow::addLocation);
    connect(m_forgetLocationButton, &QPushButton::clicked, this, &MainWindow::forgetLocation);
    connect(m_locations, &QComboBox::currentIndexChanged, this, [this] {
        refreshChain();
        updateActions();
    });
    connect(m_chainView, &ChainView::linkSelected, this, &MainWindow::refreshFiles);
    connect(m_backupButton, &QPushButton::clicked, this, &MainWindow::backUpNow);
    connect(m_fullButton, &QPushButton::clicked, this, &MainWindow::newFullBackup);
    connect(m_verifyButton, &QPushButton::clicked, this, &MainWindow::verifyChain);
    connect(m_restoreButton, &QPushButton::clicked, this, &MainWindow::openRestoreWizard);
    connect(m_openButton, &QPushButton::clicked, this, &MainWindow::openFolder);
    statusBar()->showMessage(tr("Settings: %1").arg(QSettings().fileName()));

    // Optional: a tray icon that tells when a job ends while the window is in the background.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/tidemark.svg")), this);
        m_tray->setToolTip(tr("Tidemark"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
        m_tray->show();
    }
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1000, 650);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_currentNodeId = settings.value(QStringLiteral("window/currentNode")).toString();
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/location/") + m_currentNodeId, currentLocation());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_busy.isEmpty() &&
        QMessageBox::question(
            this, tr("Jobs are running"),
            tr("%n job(s) still running. Cancel them and quit? Cancelled backups leave the chain as it was.", nullptr,
               static_cast<int>(m_busy.size()))) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

QString MainWindow::currentLocation() const
{
    return m_locations->currentData().toString();
}

void MainWindow::selectNode(const QString &id)
{
    for (int i = 0; i < m_nodeList->count(); ++i) {
        if (m_nodeList->item(i)->data(kNodeIdRole).toString() == id)
            m_nodeList->setCurrentRow(i);
    }
}

void MainWindow::selectLocation(const QString &path)
{
    const int index = m_locations->findData(path);
    if (index >= 0)
        m_locations->setCurrentIndex(index);
}

NodeHealth MainWindow::health(const QString &nodeId) const
{
    const auto it = m_health.find(nodeId);
    return it == m_health.end() ? NodeHealth{} : it->second;
}

// --- nodes -------------------------------------------------------------------------------

void MainWindow::addNode()
{
    auto *dialog = new NodeDialog(this);
    dialog->setWindowTitle(tr("Add node"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = m_store->save(dialog->entry());
        m_store->setToken(id, dialog->token());
        m_log->addInfo(tr("Added node %1 (%2)").arg(dialog->entry().name, dialog->entry().host));
        selectNode(id);
        probe(id);
    });
    dialog->open();
}

void MainWindow::editNode()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    auto *dialog = new NodeDialog(this);
    dialog->setWindowTitle(tr("Edit node %1").arg(entry->name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEntry(*entry, m_store->token(entry->id));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString id = m_store->save(dialog->entry());
        m_store->setToken(id, dialog->token());
        probe(id);
    });
    dialog->open();
}

void MainWindow::removeNode()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Remove node"), tr("Remove %1 from the list? Its backups stay on disk.").arg(entry->name));
    if (answer != QMessageBox::Yes)
        return;
    m_log->addInfo(tr("Removed node %1").arg(entry->name));
    m_health.erase(entry->id);
    m_store->remove(entry->id);
}

void MainWindow::probeAll()
{
    for (const NodeEntry &entry : m_store->nodes())
        probe(entry.id);
}

void MainWindow::probe(const QString &nodeId)
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry)
        return;
    auto host = HostPort::parse(entry->host);
    if (!host)
        return;
    const QByteArray token = m_store->token(nodeId);
    const Manifest::Kind kind = entry->kind;
    const SnapshotClient::Tls tls = entry->tls;
    m_health.try_emplace(nodeId); // Unknown until the probe answers
    auto *watcher = new QFutureWatcher<NodeHealth>(this);
    connect(watcher, &QFutureWatcher<NodeHealth>::finished, this, [this, watcher, nodeId] {
        watcher->deleteLater();
        if (!m_store->node(nodeId))
            return;
        const NodeHealth health = watcher->result();
        const auto previous = m_health.find(nodeId);
        if (previous != m_health.end() && previous->second.state != health.state &&
            health.state != NodeHealth::State::Reachable)
            m_log->addError(tr("%1: %2").arg(m_store->node(nodeId)->name, health.error.message));
        m_health[nodeId] = health;
        refreshNodeList();
        Q_EMIT healthUpdated(nodeId);
    });
    watcher->setFuture(QtConcurrent::run(
        [kind, host = host.value(), token, tls] { return NodeHealth::probe(kind, host, token, 5000, tls); }));
}

std::optional<QDateTime> MainWindow::lastBackup(const QString &nodeId) const
{
    const NodeEntry *entry = m_store->node(nodeId);
    if (!entry)
        return std::nullopt;
    std::optional<QDateTime> latest;
    for (const QString &location : entry->locations) {
        const auto it = m_chains.find(location);
        if (it == m_chains.end() || !it->second.chain)
            continue;
        for (const auto &link : it->second.chain->links()) {
            if (!latest || link.manifest.created > *latest)
                latest = link.manifest.created;
        }
    }
    return latest;
}

QString MainWindow::healthText(const QString &nodeId, bool *warn) const
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
        if (h.kind == Manifest::Kind::InfluxDb1)
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

void MainWindow::refreshNodeList()
{
    const QString keep = m_currentNodeId;
    const QSignalBlocker blocker(m_nodeList);
    m_nodeList->clear();
    for (const NodeEntry &entry : m_store->nodes()) {
        bool warn = false;
        const QString status = healthText(entry.id, &warn);
        auto *item = new QListWidgetItem(
            tr("%1  (%2, %3)\n%4").arg(entry.name, kindLabel(entry.kind), entry.host, status), m_nodeList);
        item->setData(kNodeIdRole, entry.id);
        item->setToolTip(status);
        if (warn)
            item->setForeground(QColor(0xb0, 0x40, 0x00));
    }
    int row = -1;
    for (int i = 0; i < m_nodeList->count(); ++i) {
        if (m_nodeList->item(i)->data(kNodeIdRole).toString() == keep)
            row = i;
    }
    if (row < 0 && m_nodeList->count() > 0)
        row = 0;
    m_nodeList->setCurrentRow(row);
    m_currentNodeId = row >= 0 ? m_nodeList->item(row)->data(kNodeIdRole).toString() : QString();
    refreshDetails();
}

void MainWindow::refreshDetails()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    m_editNodeButton->setEnabled(entry);
    m_removeNodeButton->setEnabled(entry);
    if (!entry) {
        m_nodeTitle->setText(tr("No node selected"));
        m_nodeHealth->setText(tr("Add a node with Add… on the left: its kind, name and the host:port of its snapshot "
                                 "service (tidemarkd: [snapshot] bind-address, 127.0.0.1:8808 by default; InfluxDB "
                                 "1.x: bind-address, 127.0.0.1:8088 by default)."));
    } else {
        bool warn = false;
        m_nodeTitle->setText(tr("%1 — %2 node at %3").arg(entry->name, kindLabel(entry->kind), entry->host));
        QString text = healthText(entry->id, &warn);
        const NodeHealth h = health(entry->id);
        const QString databases =
            h.info.databases.isEmpty() ? tr("(none)") : h.info.databases.join(QStringLiteral(", "));
        if (h.state == NodeHealth::State::Reachable && h.kind == Manifest::Kind::InfluxDb1)
            text += QLatin1Char('\n') +
                    tr("%n shard(s), databases: %1", nullptr, static_cast<int>(h.info.shards.size())).arg(databases) +
                    QLatin1Char('\n') +
                    (entry->databases.isEmpty() ? tr("Backups take every database.")
                                                : tr("Backups take: %1 (the meta store is always whole).")
                                                      .arg(entry->databases.join(QStringLiteral(", "))));
        else if (h.state == NodeHealth::State::Reachable)
            text += tr("\nnode id %1, %2 shards, databases: %3")
                        .arg(h.info.nodeId)
                        .arg(h.info.shards.size())
                        .arg(databases);
        else if (!h.error.hint.isEmpty())
            text += QLatin1Char('\n') + h.error.message + QLatin1Char('\n') + tr("Fix: %1").arg(h.error.hint);
        m_nodeHealth->setText(text);
        m_nodeHealth->setStyleSheet(warn ? QStringLiteral("color: #b04000") : QString());
    }
    const QString keep = QSettings().value(QStringLiteral("window/location/") + m_currentNodeId).toString();
    const QString current = currentLocation();
    {
        const QSignalBlocker blocker(m_locations);
        m_locations->clear();
        if (entry) {
            for (const QString &location : entry->locations)
                m_locations->addItem(location, location);
        }
        int index = m_locations->findData(current);
        if (index < 0)
            index = m_locations->findData(keep);
        if (index < 0)
            index = m_locations->count() - 1;
        m_locations->setCurrentIndex(index);
    }
    refreshChain();
    updateActions();
}

// --- chains ------------------------------------------------------------------------------

void MainWindow::addLocation()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    auto *dialog =
        new QFileDialog(this, tr("Backup chain of %1: the full snapshot's file (new or existing)").arg(entry->name));
    dialog->setObjectName(QStringLiteral("locationDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setOption(QFileDialog::DontConfirmOverwrite);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    dialog->selectFile(entry->name);
    const QString id = entry->id;
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        m_store->addLocation(id, QFileInfo(path).absoluteFilePath());
        selectLocation(QFileInfo(path).absoluteFilePath());
        reloadChains();
    });
    dialog->open();
}

void MainWindow::forgetLocation()
{
    const QString location = currentLocation();
    if (location.isEmpty())
        return;
    m_store->removeLocation(m_currentNodeId, location);
}

void MainWindow::reloadChains()
{
    QStringList paths;
    for (const NodeEntry &entry : m_store->nodes())
        paths << entry.locations;
    using Loaded = std::vector<std::pair<QString, ChainState>>;
    auto *watcher = new QFutureWatcher<Loaded>(this);
    const int generation = ++m_reloadGeneration;
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_reloadGeneration)
            return;
        m_chains.clear();
        for (auto &[path, state] : watcher->result())
            m_chains[path] = state;
        refreshNodeList();
        Q_EMIT chainsReloaded();
    });
    watcher->setFuture(QtConcurrent::run([paths] {
        Loaded loaded;
        for (const QString &path : paths) {
            ChainState state;
            auto chain = BackupChain::open(path);
            if (chain)
                state.chain = chain.takeValue();
            else
                state.error = chain.error();
            loaded.emplace_back(path, std::move(state));
        }
        return loaded;
    }));
}

const BackupChain *MainWindow::currentChain() const
{
    const auto it = m_chains.find(currentLocation());
    return it == m_chains.end() || !it->second.chain ? nullptr : &*it->second.chain;
}

void MainWindow::refreshChain()
{
    const QString location = currentLocation();
    std::vector<ChainView::Card> cards;
    QString status;
    const auto it = m_chains.find(location);
    if (location.isEmpty()) {
        status = m_store->node(m_currentNodeId)
                     ? tr("No backup location yet: Add location… picks the file of the full snapshot, "
                          "e.g. /backups/node1 (incrementals go beside it as node1.0, node1.1, …).")
                     : QString();
    } else if (it == m_chains.end()) {
        status = tr("Reading the chain…");
    } else if (!it->second.chain) {
        status = tr("Cannot read this chain: %1").arg(it->second.error.toString());
    } else {
        const BackupChain &chain = *it->second.chain;
        const Manifest::Kind kind = chain.isEmpty() ? Manifest::Kind::Tidemark : chain.links().front().manifest.kind;
        int n = 0;
        for (const BackupChain::Link &link : chain.links()) {
            const LinkVerification v = verificationOf(link);
            ChainView::Card card;
            card.title = link.manifest.incremental ? tr("Incremental .%1").arg(n++) : tr("Full snapshot");
            card.fileName = QFileInfo(link.path).fileName();
            card.created = Units::dateTime(link.manifest.created);
            card.size = Units::bytes(link.bytes);
            card.files = tr("%n file(s)", nullptr, static_cast<int>(link.manifest.files.size()));
            // An InfluxDB link's index is a time (ms), not the node's index: count its shards instead.
            card.index = kind == Manifest::Kind::InfluxDb1
                             ? tr("%n shard(s)", nullptr,
                                  static_cast<int>(std::count_if(link.manifest.files.begin(), link.manifest.files.end(),
                                                                 [](const ManifestFile &f) {
                                                                     return f.name.startsWith(QLatin1String("shards/"));
                                                                 })))
                             : tr("index %1").arg(link.manifest.index);
            card.state = v.state;
            card.verification = v.state == ChainView::Verification::Verified
                                    ? tr("✔ verified %1").arg(Units::dateTime(v.at))
                                : v.state == ChainView::Verification::Failed ? tr("✖ verification failed")
                                                                             : tr("not verified yet");
            cards.push_back(card);
        }
        if (chain.isEmpty())
            status = tr("Empty: Back up now writes the full snapshot to %1.").arg(chain.path());
        else
            status =
                tr("%1 chain: %n link(s); next backup goes to %2.", nullptr, static_cast<int>(chain.links().size()))
                    .arg(kindLabel(kind), chain.nextPath());
        const NodeEntry *entry = m_store->node(m_currentNodeId);
        if (entry && !chain.isEmpty() && entry->kind != kind)
            status += QLatin1Char('\n') + tr("⚠ This chain holds a %1 node's backups but %2 is a %3 node: back it up "
                                             "into a new chain (New full backup…).")
                                              .arg(kindLabel(kind), entry->name, kindLabel(entry->kind));
        if (!chain.leftovers().isEmpty())
            status += QLatin1Char(' ') + tr("Leftover of an interrupted backup (the next backup removes it): %1")
                                             .arg(chain.leftovers().join(QStringLiteral(", ")));
        for (const BackupChain::Link &link : chain.links()) {
            const LinkVerification v = verificationOf(link);
            if (v.state == ChainView::Verification::Failed)
                status += QLatin1Char('\n') + tr("Verification failed: %1").arg(v.message);
        }
    }
    m_chainView->setCards(cards, tr("No backup here yet."));
    m_chainView->setVisible(!location.isEmpty());
    m_chainStatus->setText(status);
    refreshFiles();
}

void MainWindow::refreshFiles()
{
    m_files->clear();
    const BackupChain *chain = currentChain();
    const int selected = m_chainView->selectedLink();
    if (!chain || selected < 0 || selected >= static_cast<int>(chain->links().size())) {
        m_filesTitle->setText(tr("<b>Files</b> (select a link above)"));
        return;
    }
    const BackupChain::Link &link = chain->links()[static_cast<size_t>(selected)];
    // Of an InfluxDB node, a file's index is the time of its newest content on the node's clock (ms).
    const bool influx = link.manifest.kind == Manifest::Kind::InfluxDb1;
    m_files->setHeaderLabels(
        {tr("File"), tr("Size"), influx ? tr("Newest change (node's clock)") : tr("Index"), tr("Checksum (XXH3-128)")});
    m_filesTitle->setText(
        tr("<b>Files in %1</b> (created %2)")
            .arg(QFileInfo(link.path).fileName().toHtmlEscaped(), Units::dateTime(link.manifest.created)));
    for (const ManifestFile &file : link.manifest.files) {
        const QString index =
            influx ? Units::dateTime(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(file.index), Qt::UTC))
                   : QString::number(file.index);
        auto *item = new QTreeWidgetItem(m_files, {file.name, Units::bytes(file.size), index, file.checksum});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
}

void MainWindow::updateActions()
{
    const bool node = m_store->node(m_currentNodeId);
    const QString location = currentLocation();
    const bool busy = m_busy.contains(location);
    const BackupChain *chain = currentChain();
    const bool hasLinks = chain && !chain->isEmpty();
    m_forgetLocationButton->setEnabled(!location.isEmpty());
    m_backupButton->setEnabled(node && !location.isEmpty() && !busy);
    m_fullButton->setEnabled(node && !busy);
    m_verifyButton->setEnabled(hasLinks && !busy);
    m_restoreButton->setEnabled(hasLinks && !busy);
    m_openButton->setEnabled(!location.isEmpty());
}

// --- actions -----------------------------------------------------------------------------

void MainWindow::backUpNow()
{
    if (!currentLocation().isEmpty())
        startBackup(currentLocation());
}

void MainWindow::newFullBackup()
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry)
        return;
    const QString dir = currentLocation().isEmpty() ? QDir::homePath() : QFileInfo(currentLocation()).path();
    const QString suggested = QDir(dir).filePath(QStringLiteral("%1-%2").arg(
        entry->name, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    auto *dialog = new QFileDialog(this, tr("New chain for %1: file of the new full snapshot").arg(entry->name), dir);
    dialog->setObjectName(QStringLiteral("newFullDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(suggested);
    const QString id = entry->id;
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &chosen) {
        const QString path = QFileInfo(chosen).absoluteFilePath();
        m_store->addLocation(id, path);
        selectLocation(path);
        startBackup(path);
    });
    dialog->open();
}

void MainWindow::startBackup(const QString &path)
{
    const NodeEntry *entry = m_store->node(m_currentNodeId);
    if (!entry || m_busy.contains(path))
        return;
    auto host = HostPort::parse(entry->host);
    if (!host)
        return;
    BackupJob::Options options;
    options.host = host.value();
    options.path = path;
    options.kind = entry->kind;
    options.retries = entry->retries;
    if (entry->kind == Manifest::Kind::InfluxDb1) {
        options.databases = entry->databases;
    } else {
        options.token = m_store->token(entry->id);
        options.tls = entry->tls;
    }
    auto *job = new BackupJob(options, this);
    JobRow *row = m_jobs->addJob(tr("Backup of %1 → %2").arg(entry->name, path));
    m_busy.insert(path);
    updateActions();
    m_log->addInfo(tr("Backup of %1 into %2 started").arg(entry->name, path));
    connect(job, &BackupJob::stageChanged, row, &JobRow::setStage);
    connect(job, &BackupJob::progressChanged, row, &JobRow::setProgress);
    connect(job, &BackupJob::fileProgressChanged, row, &JobRow::setFileProgress);
    connect(job, &BackupJob::retrying, row, &JobRow::setRetrying);
    connect(job, &BackupJob::retrying, this,
            [this, name = entry->name](int attempt, int attempts, const QString &error) {
                m_log->addError(tr("Backup of %1: attempt %2 of %3 failed: %4")
                                    .arg(name, QString::number(attempt), QString::number(attempts), error));
            });
    connect(row, &JobRow::cancelRequested, job, &BackupJob::cancel);
    connect(job, &Job::finished, this, [this, job, row, path, nodeId = entry->id](const Error &) {
        const BackupResult &result = job->result();
        QString message;
        if (!result.ok())
            message = result.error.toString();
        else if (result.nothingChanged)
            message = tr("Nothing changed since the last link: no new file.");
        else
            message =
                tr("Wrote %1: %2 (%n file(s)), index %3.", nullptr, static_cast<int>(result.manifest.files.size()))
                    .arg(result.path, Units::bytes(result.archiveBytes))
                    .arg(result.manifest.index);
        endJob(job, row, path, result.ok(), message);
        probe(nodeId); // the node's index and size moved on
    });
    job->start();
}

void MainWindow::endJob(QObject *job, JobRow *row, const QString &path, bool ok, const QString &message)
{
    row->finish(ok, message);
    if (ok)
        m_log->addInfo(message);
    else
        m_log->addError(message);
    notify(ok, message);
    m_busy.remove(path);
    updateActions();
    job->deleteLater();
    // jobFinished comes after the chains are read again, so a listener sees the new link.
    connect(
        this, &MainWindow::chainsReloaded, this, [this, ok] { Q_EMIT jobFinished(ok); }, Qt::SingleShotConnection);
    reloadChains();
}

void MainWindow::verifyChain()
{
    const BackupChain *chain = currentChain();
    if (!chain || chain->isEmpty())
        return;
    const QString path = chain->path();
    auto *job = new VerifyJob(path, this);
    JobRow *row = m_jobs->addJob(tr("Verify %1").arg(path));
    row->setFileBarVisible(false);
    row->setStage(tr("reading every link, checksum and file"));
    m_busy.insert(path);
    updateActions();
    m_log->addInfo(tr("Verification of %1 started").arg(path));
    connect(job, &VerifyJob::progressChanged, row, &JobRow::setProgress);
    connect(row, &JobRow::cancelRequested, job, &VerifyJob::cancel);
    const std::vector<BackupChain::Link> links = chain->links();
    connect(job, &Job::finished, this, [this, job, row, path, links](const Error &) {
        const VerifyResult &result = job->result();
        if (result.error.code != ErrorCode::Cancelled) {
            for (const BackupChain::Link &link : links)
                rememberVerification(link, result.ok(), result.error.message);
        }
        const QString message =
            result.ok() ? tr("The chain %1 is complete; every checksum and every file it holds is valid.").arg(path)
                        : result.error.toString();
        endJob(job, row, path, result.ok(), message);
    });
    job->start();
}

void MainWindow::notify(bool ok, const QString &message)
{
    if (!m_tray || isActiveWindow())
        return;
    m_tray->showMessage(ok ? tr("Tidemark: job done") : tr("Tidemark: job failed"), message,
                        ok ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning);
}

void MainWindow::openRestoreWizard()
{
    const BackupChain *chain = currentChain();
    auto *wizard = new RestoreWizard(chain ? chain->path() : QString(), this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &RestoreWizard::restoreFinished, this, [this](bool ok, const QString &message) {
        notify(ok, message);
        if (ok)
            m_log->addInfo(message);
        else
            m_log->addError(message);
    });
    wizard->open();
}

void MainWindow::openFolder()
{
    const QString location = currentLocation();
    if (!location.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(location).path()));
}

} // namespace tidemark::ui
