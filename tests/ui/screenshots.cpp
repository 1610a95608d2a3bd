// Fills the GUI with a real node and a real chain and saves PNGs of the main window and of each
// restore wizard page, and of the dialogs: `tidemark_screenshots OUTDIR` (run by screenshots.sh
// under xvfb-run); location-dialog-s3*.png is Add location… on its S3 page; main-window-locked.png
// an encrypted chain (backed up through the window) that this session has no key for, and
// unlock-dialog.png its Unlock… after a wrong passphrase; catalog-dialog.png the catalog of the
// chains' folder (with chains of past months written as PastChain) and retention-dialog.png its
// Retention… preview; contents-dialog.png Contents… of node1's newest link (two databases),
// contents-dialog-plot.png the points of one measurement over time, online-restore-1-target.png and
// online-restore-2-plan.png "Restore this database…" (sensors under a new name) up to its plan;
// node-dialog-schedule.png the node dialog's Schedule tab, filled in;
// main-window-schedule.png the nodes pane with the schedule's next run and last result;
// history-dialog.png and history-plots.png the job history of node1 (the backups above and a
// month of past scheduled ones written to the history) and its plots with a point hovered.
// Schedules, their units and the history go to temporary directories; no systemd user manager
// is asked (TIDEMARK_SYSTEMCTL=off), so the window says it runs the schedules itself.
// Needs TIDEMARKD (the tidemarkd binary); with influxd installed, also main-window-influx.png of
// an InfluxDB 1.x node; restore-2-config-findings-de.png is page 2 with findings in German. Every
// step drives the real widgets and jobs.
#include "support/InfluxProcess.h"
#include "support/NodeData.h"
#include "support/TestCertificate.h"

#include "PastChain.h"

#include "crypto/ChainKeys.h"
#include "history/JobHistory.h"
#include "schedule/ScheduleStore.h"
#include "snapshot/BackupChain.h"
#include "storage/EncryptedChainStore.h"

#include "AppTranslator.h"
#include "CatalogDialog.h"
#include "ContentsDialog.h"
#include "HistoryDialog.h"
#include "HistoryPlots.h"
#include "ChainPane.h"
#include "ChainView.h"
#include "JobRow.h"
#include "JobsPanel.h"
#include "LocationDialog.h"
#include "MainWindow.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "NodesPane.h"
#include "OnlineRestoreWizard.h"
#include "RestoreChainPage.h"
#include "RestoreConfigPage.h"
#include "RestoreWizard.h"
#include "RetentionDialog.h"
#include "ScheduleSetup.h"
#include "ScheduleTab.h"
#include "UnlockDialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimeEdit>
#include <QTimer>
#include <QToolButton>

#include <cstdio>
#include <functional>
#include <memory>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

// Spins the event loop until `done` or the timeout; false on timeout.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

void settle(int ms = 300)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        QApplication::processEvents(QEventLoop::AllEvents, 20);
}

int fail(const char *what)
{
    std::fprintf(stderr, "screenshots: %s\n", what);
    return 1;
}

bool save(QWidget *widget, const QString &dir, const QString &name, int settleMs = 300)
{
    settle(settleMs);
    const bool ok = widget->grab().save(QDir(dir).filePath(name));
    std::fprintf(stderr, "screenshots: %s %s\n", qPrintable(name), ok ? "saved" : "NOT saved");
    return ok;
}

bool backUp(MainWindow &window)
{
    bool finished = false;
    bool ok = false;
    const auto connection = QObject::connect(&window, &MainWindow::jobFinished, &window, [&](bool result) {
        finished = true;
        ok = result;
    });
    window.findChild<QPushButton *>(QStringLiteral("backupButton"))->click();
    const bool ended = waitFor([&] { return finished; });
    QObject::disconnect(connection);
    return ended && ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tidemark"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tidemark"));
    QApplication::setApplicationVersion(QStringLiteral(TIDEMARK_VERSION));
    // English (with its plural forms) unless TIDEMARK_SCREENSHOT_LANG asks for another, e.g. de.
    // restore-2-config-findings-de.png is always German.
    AppTranslator translator;
    const QLocale language(qEnvironmentVariable("TIDEMARK_SCREENSHOT_LANG", QStringLiteral("en")));
    translator.install(language);
    if (argc < 2)
        return fail("usage: tidemark_screenshots OUTDIR");
    const QString out = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(out);
    QTemporaryDir settingsDir;
    QTemporaryDir backups;
    NodeData::isolateSettings(settingsDir.path());
    // Schedules, their units and the job history stay in the temporary directory; the CLI the
    // units and the GUI's runner start is the built tidemark-cli beside tidemarkd.
    QTemporaryDir scheduleDir;
    qputenv("TIDEMARK_SCHEDULES_DIR", QDir(scheduleDir.path()).filePath(QStringLiteral("schedules.d")).toLocal8Bit());
    qputenv("TIDEMARK_STATE_DIR", QDir(scheduleDir.path()).filePath(QStringLiteral("state")).toLocal8Bit());
    qputenv("TIDEMARK_UNIT_DIR", QDir(scheduleDir.path()).filePath(QStringLiteral("units")).toLocal8Bit());
    qputenv("TIDEMARK_HISTORY", QDir(scheduleDir.path()).filePath(QStringLiteral("history.sqlite")).toLocal8Bit());
    qputenv("TIDEMARK_SYSTEMCTL", "off");
    ScheduleSetup::setProgram({QFileInfo(NodeProcess::binary()).dir().filePath(QStringLiteral("tidemark-cli"))});

    NodeProcess node;
    QString error;
    if (!node.start(&error))
        return fail(qPrintable(error));
    if (!NodeData::createDatabase(node, QStringLiteral("telemetry")) ||
        !NodeData::writeMegabytes(node, QStringLiteral("telemetry"), 8, 10) ||
        !NodeData::writeMegabytes(node, QStringLiteral("telemetry"), 4, 11))
        return fail("cannot write to the node");
    // A second database with a few measurements, for the contents dialog.
    {
        QByteArray lines;
        const qint64 day = 86400LL * 1000000000;
        for (int i = 0; i < 240; ++i) {
            const QByteArray ns = QByteArray::number(10 * day + qint64{i} * 60 * 1000000000LL);
            lines += "temperature,room=r" + QByteArray::number(i % 6) + " c=21.5 " + ns + '\n';
            lines += "humidity,room=r" + QByteArray::number(i % 4) + " rh=40 " + ns + '\n';
            // The door: a few times an hour, then a busy half hour (the contents' points plot).
            const int opened = i % 10 == 0 ? 1 : (i >= 120 && i < 150 ? 1 + (i - 120) % 7 : 0);
            for (int k = 0; k < opened; ++k)
                lines += "door,room=hall open=true " +
                         QByteArray::number(10 * day + qint64{i} * 60 * 1000000000LL + qint64{k} * 5 * 1000000000LL) +
                         '\n';
        }
        if (!NodeData::createDatabase(node, QStringLiteral("sensors")) ||
            node.request("POST", QStringLiteral("/write?db=sensors"), lines).status != 204)
            return fail("cannot write the sensors");
    }

    MainWindow window;
    const QString chain = backups.filePath(QStringLiteral("node1"));
    const QString id = window.nodeStore()->save({QString(), QStringLiteral("node1"), node.snapshotHost(), {chain}, 24});
    window.nodeStore()->save({QString(), QStringLiteral("edge-7"), QStringLiteral("127.0.0.1:1"), {}, 24});
    window.selectNode(id);
    window.resize(1000, 650);
    window.show();
    if (!waitFor([&] { return window.health(id).state == NodeHealth::State::Reachable; }, 30000))
        return fail("the node is not reachable");
    if (!backUp(window))
        return fail("full backup failed");
    if (!NodeData::writeMegabytes(node, QStringLiteral("telemetry"), 2, 12) || !backUp(window))
        return fail("incremental backup failed");
    bool verified = false;
    const auto verifyConnection =
        QObject::connect(&window, &MainWindow::jobFinished, &window, [&] { verified = true; });
    window.findChild<QPushButton *>(QStringLiteral("verifyButton"))->click();
    if (!waitFor([&] { return verified; }))
        return fail("verify did not end");
    QObject::disconnect(verifyConnection);
    if (!NodeData::writeMegabytes(node, QStringLiteral("telemetry"), 1, 12) || !backUp(window))
        return fail("second incremental failed");
    window.jobsPanel()->clearFinished();
    settle();

    // A backup in flight for the jobs panel: grab while it receives.
    if (!NodeData::writeMegabytes(node, QStringLiteral("telemetry"), 120, 13))
        return fail("cannot write the big batch");
    window.findChild<QPushButton *>(QStringLiteral("backupButton"))->click();
    JobRow *row = window.jobsPanel()->rows().value(0);
    if (!row || !waitFor([&] {
            const auto *bar = row->findChild<QProgressBar *>(QStringLiteral("overallBar"));
            return row->findChild<QLabel *>(QStringLiteral("jobStage"))
                       ->text()
                       .startsWith(QStringLiteral("receiving")) &&
                   bar && bar->value() > 0;
        }))
        return fail("the backup did not start receiving");
    bool bigDone = false;
    QObject::connect(&window, &MainWindow::jobFinished, &window, [&] { bigDone = true; });
    settle(600);
    window.chainView()->selectLink(1);
    save(&window, out, QStringLiteral("main-window.png"));
    if (!waitFor([&] { return bigDone; }))
        return fail("the big backup did not end");

    // The node dialog with TLS on and a CA certificate (made with openssl; skipped without it).
    if (!TestCertificate::openssl().isEmpty()) {
        if (!TestCertificate::make(backups.path(), QStringLiteral("node1-ca"), QStringLiteral("IP:127.0.0.1"), &error))
            return fail(qPrintable(error));
        NodeEntry secure = *window.nodeStore()->node(id);
        secure.tls = {true, backups.filePath(QStringLiteral("node1-ca.crt"))};
        secure.retries = 3;
        NodeDialog dialog(&window);
        dialog.setWindowTitle(QStringLiteral("Edit node %1").arg(secure.name)); // as NodesPane::editNode
        dialog.setEntry(secure, "a-token-for-the-screenshot");
        dialog.show();
        save(&dialog, out, QStringLiteral("node-dialog-tls.png"));
        dialog.close();
    }

    // Add location… on its S3 page, filled in; then Test connection against an endpoint whose
    // host DNS does not know (no object store needed): the error with its fix. Where no keyring
    // runs (xvfb, CI) the dialog shows its fallback.
    {
        LocationDialog dialog(QStringLiteral("node1"), window.nodeStore(), &window);
        dialog.setS3(true);
        const auto set = [&dialog](const char *name, const QString &text) {
            dialog.findChild<QLineEdit *>(QString::fromLatin1(name))->setText(text);
        };
        set("endpointEdit", QStringLiteral("http://ceph-rgw.invalid:7480"));
        set("regionEdit", QStringLiteral("us-east-1"));
        set("bucketEdit", QStringLiteral("backups"));
        set("keyEdit", QStringLiteral("tidemark/node1"));
        set("accessKeyEdit", QStringLiteral("AKIAIOSFODNN7EXAMPLE"));
        set("secretKeyEdit", QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        dialog.show();
        if (!waitFor([&] { return dialog.keyringChecked(); }, 10000))
            return fail("the keyring check did not answer");
        save(&dialog, out, QStringLiteral("location-dialog-s3.png"));
        bool tested = false;
        QObject::connect(&dialog, &LocationDialog::testFinished, &dialog, [&] { tested = true; });
        dialog.testConnection();
        if (!waitFor([&] { return tested; }, 60000))
            return fail("the test connection did not end");
        save(&dialog, out, QStringLiteral("location-dialog-s3-error.png"));
        dialog.close();
    }

    // An encrypted chain beside the first: the passphrase as Add location… would give it, one
    // backup, then the session forgets the key: the chain shows locked; Unlock… refuses a wrong
    // passphrase. Where no keyring runs (xvfb, CI) the dialog says it remembers nothing.
    {
        const QString encrypted = backups.filePath(QStringLiteral("node1-encrypted"));
        const QString passphrase = QStringLiteral("tidewater harbour lantern");
        QByteArray bytes = passphrase.toUtf8();
        window.nodeStore()->setNewChainSecret(encrypted, std::make_shared<const KeySecret>(KeySecret{
                                                             KeySecret::Kind::Passphrase, SecretBytes::fromBytes(bytes),
                                                             QStringLiteral("the passphrase given")}));
        window.nodeStore()->addLocation(id, encrypted);
        window.selectLocation(encrypted);
        window.chainPane()->reloadChains();
        if (!waitFor([&] { return window.chainPane()->currentChain() != nullptr; }, 30000) || !backUp(window))
            return fail("encrypted backup failed");
        ChainSecrets::clear();
        window.chainPane()->reloadChains();
        if (!waitFor(
                [&] {
                    return window.chainPane()->isLocked(encrypted) && !window.chainPane()->isTryingKeyring(encrypted);
                },
                30000))
            return fail("the encrypted chain does not show locked");
        window.jobsPanel()->clearFinished();
        save(&window, out, QStringLiteral("main-window-locked.png"));
        window.chainPane()->unlockCurrentChain();
        auto *unlock = window.findChild<UnlockDialog *>(QStringLiteral("unlockDialog"));
        if (!unlock || !waitFor([&] { return unlock->isVisible() && unlock->keyringChecked(); }, 10000))
            return fail("no unlock dialog");
        bool failed = false;
        QObject::connect(unlock, &UnlockDialog::failed, unlock, [&] { failed = true; });
        unlock->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(QStringLiteral("harbour lantern"));
        unlock->unlock();
        if (!waitFor([&] { return failed; }, 60000))
            return fail("the wrong passphrase was not refused");
        save(unlock, out, QStringLiteral("unlock-dialog.png"));
        bool unlocked = false;
        QObject::connect(unlock, &UnlockDialog::unlocked, &window, [&] { unlocked = true; });
        unlock->findChild<QLineEdit *>(QStringLiteral("passphraseEdit"))->setText(passphrase);
        unlock->unlock();
        if (!waitFor([&] { return unlocked && window.chainView()->count() == 1; }, 60000))
            return fail("the encrypted chain did not unlock");
        save(&window, out, QStringLiteral("main-window-unlocked.png"));
        window.selectLocation(chain);
    }

    // An InfluxDB 1.x node beside it, backed up twice (skipped without influxd).
    InfluxProcess influx;
    if (!InfluxProcess::binary().isEmpty()) {
        if (!influx.start(&error))
            return fail(qPrintable(error));
        influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+telegraf"));
        influx.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+app"));
        QByteArray points;
        for (int i = 0; i < 2000; ++i)
            points += "cpu,host=web" + QByteArray::number(i % 8) + " usage=" + QByteArray::number(i % 97) + " " +
                      QByteArray::number(1700000000LL + i * 60) + "000000000\n";
        if (influx.request("POST", QStringLiteral("/write?db=telegraf"), points).status != 204 ||
            influx.request("POST", QStringLiteral("/write?db=app"), "logins count=3i 1700000000000000000").status !=
                204)
            return fail("cannot write to influxd");
        const QString influxId = window.nodeStore()->save({QString(),
                                                           QStringLiteral("influx-1"),
                                                           influx.snapshotHost(),
                                                           {backups.filePath(QStringLiteral("influx-1"))},
                                                           24,
                                                           Manifest::Kind::InfluxDb1,
                                                           {}});
        window.selectNode(influxId);
        if (!waitFor([&] { return window.health(influxId).state == NodeHealth::State::Reachable; }, 30000))
            return fail("influxd is not reachable");
        if (!backUp(window))
            return fail("influx full backup failed");
        if (influx.request("POST", QStringLiteral("/write?db=telegraf"), "cpu,host=web0 usage=5 1710000000000000000")
                    .status != 204 ||
            !backUp(window))
            return fail("influx incremental failed");
        window.jobsPanel()->clearFinished();
        window.chainView()->selectLink(1);
        save(&window, out, QStringLiteral("main-window-influx.png"));
        // The node dialog of that node: kind, port 8088, no token, databases.
        NodeDialog dialog(&window);
        dialog.setEntry(*window.nodeStore()->node(influxId), {});
        dialog.show();
        save(&dialog, out, QStringLiteral("node-dialog-influx.png"));
        dialog.close();
        window.selectNode(id);
    }

    // The catalog of the chains' folder: node1's monthly chains of the past months beside the
    // chains above (July's without its full), and another node's; then Retention… over it: what
    // a policy keeps and removes.
    {
        const auto own = BackupChain::open(chain);
        if (!own)
            return fail("cannot read node1's chain");
        const Manifest &newest = own->links().back().manifest;
        const auto at = [](int month, int day, int hour) {
            return QDateTime(QDate(2026, month, day), QTime(hour, 30), Qt::LocalTime).toUTC();
        };
        struct Past {
            const char *name;
            std::vector<QDateTime> times;
            bool zstd;
            bool other;
        };
        const std::vector<Past> past = {
            {"node1-2026-08", {at(8, 1, 2), at(8, 8, 2), at(8, 15, 2), at(8, 22, 2), at(8, 29, 2)}, true, false},
            {"node1-2026-09", {at(9, 1, 2), at(9, 8, 2), at(9, 15, 2), at(9, 22, 2)}, true, false},
            {"node1-2026-10", {at(10, 1, 2), at(10, 8, 2), at(10, 15, 2), at(10, 22, 2), at(10, 29, 2)}, true, false},
            {"edge-7-2026-10", {at(10, 3, 4), at(10, 4, 4), at(10, 5, 4)}, false, true},
            {"node1-2026-07", {at(7, 1, 2), at(7, 8, 2), at(7, 15, 2)}, true, false},
        };
        for (const Past &p : past) {
            PastChain write;
            write.nodeId = p.other ? 7 : newest.nodeId;
            write.clusterUrl = p.other ? QStringLiteral("http://10.0.0.7:8086") : newest.clusterUrl;
            write.times = p.times;
            write.zstd = p.zstd;
            write.shardBytes = 3 * 1024 * 1024;
            if (!write.write(backups.filePath(QLatin1String(p.name)), &error))
                return fail(qPrintable(error));
        }
        // Someone removed July's full snapshot by hand: its incrementals are listed with the problem.
        QFile::remove(backups.filePath(QStringLiteral("node1-2026-07")));
        window.selectLocation(chain);
        window.jobsPanel()->clearFinished();
        CatalogDialog *catalog = window.chainPane()->openCatalog();
        if (!catalog || !waitFor([&] { return catalog->isVisible() && !catalog->isReading(); }, 30000))
            return fail("the catalog was not read");
        catalog->resize(1160, 330);
        save(catalog, out, QStringLiteral("catalog-dialog.png"));
        catalog->findChild<QPushButton *>(QStringLiteral("retentionButton"))->click();
        RetentionDialog *retention = nullptr;
        if (!waitFor([&] { return (retention = window.findChild<RetentionDialog *>()) && retention->isVisible(); },
                     10000))
            return fail("no retention dialog");
        RetentionPolicy policy;
        policy.last = 3;
        policy.monthly = 2;
        retention->setPolicy(policy);
        retention->resize(960, 560);
        save(retention, out, QStringLiteral("retention-dialog.png"));
        retention->close();
        catalog->close();
    }

    // Contents… of node1's newest link: its databases, retention policies, shards and measurements.
    {
        window.selectLocation(chain);
        const BackupChain *shown = window.chainPane()->currentChain();
        if (!shown || shown->isEmpty())
            return fail("node1's chain is not shown");
        window.chainView()->selectLink(static_cast<int>(shown->links().size()) - 1);
        ContentsDialog *contents = window.chainPane()->openContents();
        if (!contents || !waitFor([&] { return !contents->isReading(); }, 60000) || !contents->contents())
            return fail("the contents were not read");
        contents->resize(1100, 520);
        save(contents, out, QStringLiteral("contents-dialog.png"));

        // The points of sensors' door over time, and "Restore this database…" up to its plan.
        contents->resize(1100, 760);
        QTreeWidgetItem *door = nullptr;
        for (QTreeWidgetItemIterator it(contents->tree()); *it; ++it) {
            if ((*it)->text(ContentsDialog::NameColumn) == QLatin1String("door") && (*it)->parent() &&
                (*it)->parent()->parent() && (*it)->parent()->parent()->parent() &&
                (*it)->parent()->parent()->parent()->text(ContentsDialog::NameColumn) == QLatin1String("sensors"))
                door = *it;
        }
        if (!door)
            return fail("no door measurement in the contents");
        contents->tree()->setCurrentItem(door);
        contents->tree()->scrollToItem(door);
        if (!waitFor([&] { return !contents->isCounting() && !contents->plotted().empty(); }, 60000))
            return fail("the door's points were not counted");
        save(contents, out, QStringLiteral("contents-dialog-plot.png"));
        for (int d = 0; d < contents->tree()->topLevelItemCount(); ++d) {
            if (contents->tree()->topLevelItem(d)->text(ContentsDialog::NameColumn) == QLatin1String("sensors"))
                contents->tree()->setCurrentItem(contents->tree()->topLevelItem(d));
        }
        contents->findChild<QPushButton *>(QStringLiteral("restoreDatabaseButton"))->click();
        OnlineRestoreWizard *online = nullptr;
        if (!waitFor([&] { return (online = window.findChild<OnlineRestoreWizard *>()) && online->isVisible(); },
                     10000))
            return fail("no online restore wizard");
        online->findChild<QLineEdit *>(QStringLiteral("newNameEdit"))->setText(QStringLiteral("sensors_restored"));
        save(online, out, QStringLiteral("online-restore-1-target.png"));
        online->next();
        if (!waitFor([&] { return !online->isPlanning() && online->plan(); }, 60000))
            return fail(qPrintable(OnlineRestoreWizard::errorText(online->error())));
        save(online, out, QStringLiteral("online-restore-2-plan.png"));
        online->reject();
        contents->close();
    }

    // The Schedule tab of node1 (with a retention policy to prune with), filled in and saved;
    // then the nodes pane with the schedule's last run, as the CLI's state file would tell it.
    {
        RetentionPolicy policy;
        policy.daily = 7;
        policy.weekly = 4;
        policy.monthly = 6;
        window.nodeStore()->setRetention(id, policy, false);
        NodeDialog dialog(&window);
        dialog.setWindowTitle(QStringLiteral("Edit node node1")); // as NodesPane::editNode
        dialog.setEntry(*window.nodeStore()->node(id), "a-token-for-the-screenshot");
        dialog.show();
        dialog.showScheduleTab();
        if (!waitFor([&] { return !dialog.scheduleTab()->isReading(); }, 30000))
            return fail("the schedules were not read");
        dialog.scheduleTab()->selectLocation(chain);
        dialog.findChild<QCheckBox *>(QStringLiteral("scheduleEnabledCheck"))->setChecked(true);
        dialog.findChild<QTimeEdit *>(QStringLiteral("dailyTimeEdit"))->setTime(QTime(2, 30));
        dialog.findChild<QSpinBox *>(QStringLiteral("scheduleRetriesSpin"))->setValue(2);
        dialog.findChild<QSpinBox *>(QStringLiteral("verifyEverySpin"))->setValue(7);
        dialog.findChild<QLineEdit *>(QStringLiteral("webhookEdit"))
            ->setText(QStringLiteral("https://ntfy.example/backups"));
        if (!waitFor(
                [&] {
                    return dialog.findChild<QLabel *>(QStringLiteral("nextRunLabel"))
                        ->text()
                        .contains(QStringLiteral("02:30"));
                },
                30000))
            return fail("no next run shown");
        save(&dialog, out, QStringLiteral("node-dialog-schedule.png"));
        bool written = false;
        QObject::connect(&dialog, &QDialog::accepted, &dialog, [&] { written = true; });
        dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        if (!waitFor([&] { return written; }, 60000))
            return fail(qPrintable(dialog.findChild<QLabel *>(QStringLiteral("problemLabel"))->text()));
        const QString name = NodeStore::scheduleName(id, chain);
        const ScheduleStore store(ScheduleScope::User);
        ScheduleState state = store.state(name);
        state.lastStart = QDateTime::currentDateTimeUtc().addSecs(-5 * 3600);
        state.lastEnd = state.lastStart.addSecs(12);
        state.lastCode = 0;
        state.lastMessage = QStringLiteral("wrote %1.2 (1.9 MiB)").arg(chain);
        state.lastSuccess = state.lastEnd;
        if (!store.saveState(name, state))
            return fail("cannot write the schedule's state");
        bool refreshed = false;
        const auto connection =
            QObject::connect(window.nodesPane(), &NodesPane::schedulesRefreshed, &window, [&] { refreshed = true; });
        window.nodesPane()->refreshSchedules();
        const bool shown = waitFor([&] { return refreshed; }, 30000);
        QObject::disconnect(connection);
        if (!shown)
            return fail("the schedules were not shown");
        window.jobsPanel()->clearFinished();
        save(&window, out, QStringLiteral("main-window-schedule.png"));
    }

    // The job history of node1: the backups above (the GUI recorded them) and a month of past
    // scheduled ones, two of them failed; then its plots with a point hovered.
    {
        const QString url = window.health(id).info.clusterUrl;
        const QDateTime today(QDate::currentDate(), QTime(2, 30));
        for (int day = 30; day >= 1; --day) {
            HistoryEntry e;
            e.started = today.addDays(-day).toUTC();
            const bool failed = day == 17 || day == 9;
            e.finished = e.started.addMSecs(failed ? 4100 : 9000 + 350 * (day % 7) + 40 * (30 - day));
            e.job = QStringLiteral("backup");
            e.node = failed ? node.snapshotHost() : url;
            e.chain = chain;
            e.link = failed ? QString() : chain + QStringLiteral(".%1").arg(30 - day);
            e.bytes = failed ? 0 : (day % 7 == 0 ? 48 : 2 + (30 - day) % 5) * 1024 * 1024 + day * 7919;
            e.code = failed ? 4 : 0;
            e.message = failed ? QStringLiteral("Cannot connect to %1: Connection refused").arg(node.snapshotHost())
                               : (day % 7 == 0 ? QStringLiteral("full") : QStringLiteral("incremental"));
            e.origin = QStringLiteral("gui-timer");
            if (!JobHistory::record(e))
                return fail("cannot write the job history");
        }
        HistoryDialog *history = window.nodesPane()->openHistory(id);
        if (!history || !waitFor([&] { return history->isVisible() && !history->isReading(); }, 30000))
            return fail("the history was not read");
        history->resize(1080, 620);
        save(history, out, QStringLiteral("history-dialog.png"));
        history->showPlots();
        history->resize(1080, 720);
        settle();
        HistoryPlots *plots = history->plots();
        const int point = std::max(0, static_cast<int>(plots->sizeSeries()->count()) - 8);
        if (plots->sizeSeries()->count() > 0)
            Q_EMIT plots->sizeSeries()->hovered(plots->sizeSeries()->at(point), true);
        save(history, out, QStringLiteral("history-plots.png"));
        history->close();
    }

    // The restore wizard, page by page, into this node's own config.
    window.chainView()->selectLink(0);
    window.findChild<QPushButton *>(QStringLiteral("restoreButton"))->click();
    RestoreWizard *wizard = nullptr;
    if (!waitFor([&] { return (wizard = window.findChild<RestoreWizard *>()) && wizard->isVisible(); }, 5000))
        return fail("no wizard");
    wizard->resize(860, 600);
    auto *chainPage = qobject_cast<RestoreChainPage *>(wizard->currentPage());
    if (!waitFor([&] { return chainPage->isVerified(); }))
        return fail("verification did not end");
    save(wizard, out, QStringLiteral("restore-1-chain.png"));
    wizard->button(QWizard::NextButton)->click();

    auto *configPage = qobject_cast<RestoreConfigPage *>(wizard->currentPage());
    bool checked = false;
    QObject::connect(configPage, &RestoreConfigPage::checked, configPage, [&] { checked = true; });
    configPage->findChild<QLineEdit *>(QStringLiteral("configPathEdit"))->setText(node.configPath());
    configPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(QStringLiteral("influxdb-missing"));
    checked = false;
    configPage->check();
    if (!waitFor([&] { return checked; }))
        return fail("preflight did not end");
    save(wizard, out, QStringLiteral("restore-2-config-findings.png"));

    // The same findings in German: core's errors and fixes (the node is running, no such user)
    // reach the GUI translated. The widgets translate their texts when they are built, so a
    // second wizard is opened while the German translation is installed, then closed again.
    translator.install(QLocale(QLocale::German, QLocale::Germany));
    window.findChild<QPushButton *>(QStringLiteral("restoreButton"))->click();
    QPointer<RestoreWizard> german;
    if (!waitFor(
            [&] {
                for (RestoreWizard *candidate : window.findChildren<RestoreWizard *>())
                    if (candidate != wizard && candidate->isVisible())
                        german = candidate;
                return !german.isNull();
            },
            5000))
        return fail("no German wizard");
    german->resize(860, 600);
    auto *germanChainPage = qobject_cast<RestoreChainPage *>(german->currentPage());
    if (!waitFor([&] { return germanChainPage->isVerified(); }))
        return fail("verification in German did not end");
    german->button(QWizard::NextButton)->click();
    auto *germanConfigPage = qobject_cast<RestoreConfigPage *>(german->currentPage());
    QObject::connect(germanConfigPage, &RestoreConfigPage::checked, germanConfigPage, [&] { checked = true; });
    germanConfigPage->findChild<QLineEdit *>(QStringLiteral("configPathEdit"))->setText(node.configPath());
    germanConfigPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(QStringLiteral("influxdb-missing"));
    checked = false;
    germanConfigPage->check();
    if (!waitFor([&] { return checked; }))
        return fail("preflight in German did not end");
    save(german, out, QStringLiteral("restore-2-config-findings-de.png"));
    german->close(); // deletes it
    if (!waitFor([&] { return german.isNull(); }, 5000))
        return fail("the German wizard did not close");
    translator.install(language);

    node.stop();
    configPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(NodeData::currentUser());
    checked = false;
    configPage->check();
    if (!waitFor([&] { return checked; }) || !configPage->isChecked())
        return fail("preflight still finds problems");
    save(wizard, out, QStringLiteral("restore-2-config.png"));
    wizard->button(QWizard::NextButton)->click();

    wizard->currentPage()->findChild<QCheckBox *>(QStringLiteral("confirmCheck"))->setChecked(true);
    save(wizard, out, QStringLiteral("restore-3-plan.png"));
    // Grab page 4 from inside the restore, once it writes files.
    bool progressSaved = false;
    QObject::connect(wizard->task(), &RestoreSession::progressChanged, wizard,
                     [&](const QString &stage, qint64 done, qint64 total) {
                         if (!progressSaved && stage.startsWith(QStringLiteral("writing")) && done * 3 > total) {
                             progressSaved = true;
                             save(wizard, out, QStringLiteral("restore-4-progress.png"), 0); // now, mid-restore
                         }
                     });
    wizard->button(QWizard::CommitButton)->click();
    if (!waitFor([&] { return wizard->currentId() == RestoreWizard::ResultPageId; }))
        return fail("the restore did not end");
    save(wizard, out, QStringLiteral("restore-5-result.png"));
    if (!wizard->outcome().ok())
        return fail(qPrintable(wizard->outcome().error.toString()));
    wizard->close();
    return progressSaved ? 0 : fail("no progress screenshot");
}
