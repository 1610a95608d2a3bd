#include "MainWindow.h"

#include "ChainPane.h"
#include "JobLauncher.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "NodeStore.h"
#include "NodesPane.h"
#include "ScheduleRunner.h"

#include <QCloseEvent>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace tidemark::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_store(new NodeStore(this))
{
    setWindowTitle(tr("Tidemark — backups of time-series nodes"));
    buildUi();
    connectPanes();
    restoreWindowState();
    // The last selection (gone: the first node), every node's health, then every chain.
    m_nodes->start(QSettings().value(QStringLiteral("window/currentNode")).toString());
    m_chain->reloadChains();
    m_runner->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    // Left the nodes, right the selected node's backups.
    m_nodes = new NodesPane(m_store, this);
    m_chain = new ChainPane(m_store, this);
    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_nodes);
    m_splitter->addWidget(m_chain);
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
    m_launcher = new JobLauncher(m_store, m_jobs, m_log, this);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&Add node…"), m_nodes, &NodesPane::addNode);
    fileMenu->addAction(tr("&Restore…"), m_chain, &ChainPane::requestRestore);
    fileMenu->addAction(tr("&Catalog of the chain's folder…"), m_chain, [this] { m_chain->openCatalog(); });
    fileMenu->addAction(tr("Re&tention…"), m_chain, [this] { m_chain->openRetention(); });
    fileMenu->addAction(tr("&Schedule of the node…"), m_nodes, [this] { m_nodes->editSchedule(); });
    fileMenu->addAction(tr("Job &history…"), m_nodes, [this] { m_nodes->openHistory(); });
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &MainWindow::quit);
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(m_jobsDock->toggleViewAction());
    viewMenu->addAction(m_logDock->toggleViewAction());
    viewMenu->addAction(tr("Check nodes &now"), m_nodes, &NodesPane::probeAll);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tidemark"), this, [this] {
        QMessageBox::about(
            this, tr("About Tidemark"),
            tr("<b>Tidemark %1</b><p>Hot backups of running time-series data nodes, and restores you can trust.</p>"
               "<p>The same jobs run headless: <code>tidemark --cli help</code>.</p>")
                .arg(QCoreApplication::applicationVersion()));
    });
    statusBar()->showMessage(tr("Settings: %1").arg(QSettings().fileName()));
    m_runner = new ScheduleRunner(this);
    m_schedulerStatus = new QLabel(this);
    m_schedulerStatus->setObjectName(QStringLiteral("schedulerStatusLabel"));
    statusBar()->addPermanentWidget(m_schedulerStatus);
    showSchedulerMode();

    // Optional: a tray icon that tells when a job ends while the window is in the background.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/tidemark.svg")), this);
        m_tray->setToolTip(tr("Tidemark"));
        const auto showWindow = [this] {
            showNormal();
            raise();
            activateWindow();
        };
        connect(m_tray, &QSystemTrayIcon::activated, this, showWindow);
        auto *trayMenu = new QMenu(this);
        trayMenu->addAction(tr("&Show Tidemark"), this, showWindow);
        trayMenu->addSeparator();
        trayMenu->addAction(tr("&Quit"), this, &MainWindow::quit);
        m_tray->setContextMenu(trayMenu);
        m_tray->show();
    }
}

void MainWindow::connectPanes()
{
    // Nodes → chains: the selected node, its summary, and its last location on this machine.
    connect(m_nodes, &NodesPane::currentNodeChanged, this, [this](const QString &id) {
        QSettings().setValue(QStringLiteral("window/currentNode"), id);
        showCurrentNode();
    });
    connect(m_nodes, &NodesPane::refreshed, this, &MainWindow::showCurrentNode);
    connect(m_nodes, &NodesPane::healthUpdated, this, &MainWindow::healthUpdated);
    connect(m_nodes, &NodesPane::logInfo, m_log, &LogView::addInfo);
    connect(m_nodes, &NodesPane::logError, m_log, &LogView::addError);

    // Chains → nodes: the newest links are the nodes' last backups. The nodes pane draws its list
    // again and, through refreshed(), the chain pane its node with the chains just read.
    connect(m_chain, &ChainPane::chainsReloaded, this, [this] {
        m_nodes->setNewestBackups(m_chain->newestBackups());
        Q_EMIT chainsReloaded();
    });
    connect(m_chain, &ChainPane::someChainsReloaded, this,
            [this] { m_nodes->setNewestBackups(m_chain->newestBackups()); });
    // An S3 location's secret that the keyring could not give or keep.
    connect(m_store, &NodeStore::keyringProblem, m_log, &LogView::addError);
    connect(m_chain, &ChainPane::logInfo, m_log, &LogView::addInfo);
    connect(m_chain, &ChainPane::logError, m_log, &LogView::addError);

    // Chains → jobs: what the buttons ask for, and which chains are busy.
    connect(m_chain, &ChainPane::backupRequested, m_launcher, &JobLauncher::backUp);
    connect(m_chain, &ChainPane::verifyRequested, m_launcher, &JobLauncher::verify);
    connect(m_chain, &ChainPane::restoreRequested, m_launcher, &JobLauncher::openRestoreWizard);
    connect(m_chain, &ChainPane::onlineRestoreRequested, m_launcher, &JobLauncher::openOnlineRestoreWizard);
    connect(m_chain, &ChainPane::pruneRequested, m_launcher, &JobLauncher::prune);
    connect(m_launcher, &JobLauncher::busyChanged, this,
            [this] { m_chain->setBusyLocations(m_launcher->busyLocations()); });

    // A job ended: tell the user, remember a verification, read the chain again, probe the node.
    connect(m_launcher, &JobLauncher::jobEnded, this, &MainWindow::notify);
    connect(m_launcher, &JobLauncher::chainVerified, m_chain, &ChainPane::rememberVerification);
    connect(m_launcher, &JobLauncher::chainJobEnded, this, [this](const QString &path, bool ok) {
        // jobFinished comes after the chains are read again, so a listener sees the new link.
        connect(
            this, &MainWindow::chainsReloaded, this, [this, ok] { Q_EMIT jobFinished(ok); }, Qt::SingleShotConnection);
        m_chain->reloadChains();
        m_chain->locationChanged(path);
    });
    connect(m_launcher, &JobLauncher::nodeChanged, m_nodes, &NodesPane::probe);

    // Schedules the GUI runs itself (no systemd user manager): their ends in the log and the list.
    connect(m_runner, &ScheduleRunner::modeKnown, this, &MainWindow::showSchedulerMode);
    connect(m_runner, &ScheduleRunner::logInfo, m_log, &LogView::addInfo);
    connect(m_runner, &ScheduleRunner::logError, m_log, &LogView::addError);
    const auto running = [this] {
        QStringList names;
        for (const auto &view : m_store->nodes()) {
            for (const auto &schedule : m_nodes->schedules(view.id)) {
                if (m_runner->isRunning(schedule.name))
                    names << schedule.name;
            }
        }
        m_nodes->setRunningSchedules(names);
    };
    connect(m_runner, &ScheduleRunner::runStarted, this, running);
    connect(m_runner, &ScheduleRunner::runFinished, this, [this, running](const QString &, bool ok, const QString &) {
        running();
        m_nodes->refreshSchedules();
        // The run wrote a link (or pruned): the chains and the nodes' last backups move on.
        m_chain->reloadChains();
        if (!ok)
            notify(false, tr("A scheduled backup failed: see the log."));
    });
}

void MainWindow::showSchedulerMode()
{
    switch (m_runner->mode()) {
    case ScheduleRunner::Mode::Unknown:
        m_schedulerStatus->setText(tr("Asking whether a systemd user manager runs…"));
        break;
    case ScheduleRunner::Mode::Systemd:
        m_schedulerStatus->setText(tr("Schedules run by systemd timers"));
        break;
    case ScheduleRunner::Mode::InProcess:
        m_schedulerStatus->setText(tr("Schedules run by Tidemark while it is open (no systemd user manager)"));
        break;
    }
}

bool MainWindow::keepsRunningInTray() const
{
    return m_tray && m_runner->isActive() && m_runner->scheduleCount() > 0;
}

void MainWindow::quit()
{
    m_quitting = true;
    if (close())
        QApplication::quit();
    m_quitting = false;
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1000, 650);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/location/") + currentNodeId(), currentLocation());
}

void MainWindow::showCurrentNode()
{
    const QString id = m_nodes->currentNodeId();
    const NodesPane::Summary summary = m_nodes->summary(id);
    m_chain->showNode(id, summary.title, summary.health, summary.warn,
                      QSettings().value(QStringLiteral("window/location/") + id).toString());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && keepsRunningInTray()) {
        saveWindowState();
        hide();
        event->ignore();
        QSettings settings;
        if (!settings.value(QStringLiteral("window/trayNoticeShown"), false).toBool()) {
            settings.setValue(QStringLiteral("window/trayNoticeShown"), true);
            m_tray->showMessage(tr("Tidemark keeps running"),
                                tr("Tidemark runs your schedules while it is open, as no systemd user manager runs "
                                   "here: it stays in the tray. Quit it from the tray icon's menu."),
                                QSystemTrayIcon::Information);
        }
        return;
    }
    const int running = runningJobs() + m_runner->running();
    if (running > 0 &&
        QMessageBox::question(
            this, tr("Jobs are running"),
            tr("%n job(s) still running. Cancel them and quit? Cancelled backups leave the chain as it was.", nullptr,
               running)) != QMessageBox::Yes) {
        event->ignore();
        return;
    }
    saveWindowState();
    event->accept();
}

void MainWindow::notify(bool ok, const QString &message)
{
    if (!m_tray || isActiveWindow())
        return;
    m_tray->showMessage(ok ? tr("Tidemark: job done") : tr("Tidemark: job failed"), message,
                        ok ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning);
}

ChainView *MainWindow::chainView() const
{
    return m_chain->chainView();
}

QString MainWindow::currentNodeId() const
{
    return m_nodes->currentNodeId();
}

QString MainWindow::currentLocation() const
{
    return m_chain->currentLocation();
}

void MainWindow::selectNode(const QString &id)
{
    m_nodes->selectNode(id);
}

void MainWindow::selectLocation(const QString &path)
{
    m_chain->selectLocation(path);
}

int MainWindow::runningJobs() const
{
    return m_launcher->running();
}

NodeHealth MainWindow::health(const QString &nodeId) const
{
    return m_nodes->health(nodeId);
}

} // namespace tidemark::ui
