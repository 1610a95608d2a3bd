// The node dialog's Schedule tab, driven through its widgets with the schedules, their state and
// units in temporary directories and no systemd user manager (TIDEMARK_SYSTEMCTL=off): a daily
// schedule with retries, prune, verify and a webhook is written as tidemark-cli would read it
// (ScheduleStore::load) with units `systemd-analyze --user verify` accepts and the node's token in
// a 0600 file; the tab reads it back; a calendar expression systemd refuses is refused with its
// message and nothing changes; unchecking removes everything. Then the GUI's own runner starts a
// due schedule as a child process (a script in the CLI's place: it records how it was started),
// never twice at once; where the CLI has `schedule run`, the real CLI backs up a real tidemarkd
// that way. The nodes pane and the window say what runs the schedules.
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "history/JobHistory.h"
#include "schedule/ScheduleStore.h"
#include "schedule/SystemdUnits.h"

#include "MainWindow.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "NodesPane.h"
#include "ScheduleRunner.h"
#include "ScheduleSetup.h"
#include "ScheduleTab.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

#include <algorithm>

using namespace tidemark;
using namespace tidemark::ui;

class TestScheduleTab : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    NodeEntry m_node;
    const QByteArray m_token = "node-token-for-the-timer";

    QString path(const QString &name) const { return m_dir.filePath(name); }
    static ScheduleStore store() { return ScheduleStore(ScheduleScope::User); }

    template <typename T> static T *child(const QWidget &parent, const char *name)
    {
        T *widget = parent.findChild<T *>(QLatin1String(name));
        if (!widget)
            qWarning("no widget %s", name);
        return widget;
    }

    /// A shown dialog for m_node, on its Schedule tab, once the tab read the schedules.
    static void open(NodeDialog &dialog, const NodeEntry &node, const QByteArray &token)
    {
        dialog.setEntry(node, token);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.showScheduleTab();
        QTRY_VERIFY(!dialog.scheduleTab()->isReading());
    }

    static QPushButton *okButton(const NodeDialog &dialog)
    {
        return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    }

    /// Clicks OK and waits until the schedules are written (or refused).
    static void clickOk(NodeDialog &dialog)
    {
        QPushButton *ok = okButton(dialog);
        QVERIFY2(ok->isEnabled(), qPrintable(child<QLabel>(dialog, "problemLabel")->text()));
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(!dialog.scheduleTab()->isApplying());
    }

    QString scheduleName() const { return NodeStore::scheduleName(m_node.id, m_node.locations.constFirst()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        NodeData::isolateSettings(path(QStringLiteral("settings")));
        qputenv("TIDEMARK_SCHEDULES_DIR", path(QStringLiteral("config/schedules.d")).toLocal8Bit());
        qputenv("TIDEMARK_STATE_DIR", path(QStringLiteral("state")).toLocal8Bit());
        qputenv("TIDEMARK_UNIT_DIR", path(QStringLiteral("units")).toLocal8Bit());
        qputenv("TIDEMARK_HISTORY", path(QStringLiteral("history.sqlite")).toLocal8Bit());
        qputenv("TIDEMARK_SYSTEMCTL", "off");
        // The units start the built CLI (systemd-analyze verify wants an executable there).
        const QString cli = qEnvironmentVariable("TIDEMARK_CLI");
        QVERIFY2(QFileInfo(cli).isExecutable(), "TIDEMARK_CLI names no built tidemark-cli");
        ScheduleSetup::setProgram({cli});

        m_node.id = QStringLiteral("node-a");
        m_node.name = QStringLiteral("node one");
        m_node.host = QStringLiteral("127.0.0.1:8808");
        m_node.locations = {path(QStringLiteral("backups/node1"))};
        m_node.retention.daily = 7;
        m_node.retention.weekly = 4;
        m_node.staleHours = 30;
    }

    void dailyScheduleIsWritten()
    {
        NodeDialog dialog;
        open(dialog, m_node, m_token);
        QCOMPARE(dialog.findChild<QTabWidget *>(QStringLiteral("nodeTabs"))->currentWidget(), dialog.scheduleTab());
        auto *enabled = child<QCheckBox>(dialog, "scheduleEnabledCheck");
        QVERIFY(enabled->isVisible() && enabled->isEnabled());
        QVERIFY(!enabled->isChecked());
        QCOMPARE(child<QComboBox>(dialog, "scheduleLocationCombo")->currentData().toString(),
                 m_node.locations.constFirst());
        QTRY_VERIFY(
            child<QLabel>(dialog, "schedulerModeLabel")->text().contains(QStringLiteral("No systemd user manager")));
        QVERIFY(!child<QWidget>(dialog, "dailyTimeEdit")->isEnabled()); // off until checked

        clickCheckBox(enabled);
        QVERIFY(enabled->isChecked());
        auto *kind = child<QComboBox>(dialog, "whenKindCombo");
        kind->setCurrentIndex(kind->findData(static_cast<int>(ScheduleWhen::Kind::Daily)));
        auto *time = child<QTimeEdit>(dialog, "dailyTimeEdit");
        QVERIFY(time->isVisible() && time->isEnabled());
        time->setTime(QTime(2, 30));
        child<QSpinBox>(dialog, "scheduleRetriesSpin")->setValue(3);
        child<QSpinBox>(dialog, "retryDelaySpin")->setValue(5);
        auto *prune = child<QCheckBox>(dialog, "pruneCheck");
        QVERIFY(prune->isEnabled());
        QVERIFY(prune->isChecked()); // the node has a policy: new schedules use it
        QVERIFY(child<QLabel>(dialog, "prunePolicyLabel")->text().contains(QStringLiteral("--keep-daily 7")));
        child<QSpinBox>(dialog, "verifyEverySpin")->setValue(7);
        QVERIFY(child<QCheckBox>(dialog, "verifyWeeklyCheck")->isChecked());
        QVERIFY(!child<QCheckBox>(dialog, "drillWeeklyCheck")->isChecked()); // drills are asked for
        child<QCheckBox>(dialog, "drillWeeklyCheck")->setChecked(true);
        child<QSpinBox>(dialog, "overdueSpin")->setValue(30);
        QVERIFY(child<QCheckBox>(dialog, "desktopCheck")->isChecked());
        QTest::keyClicks(child<QLineEdit>(dialog, "webhookEdit"), QStringLiteral("https://hooks.example/tidemark"));
        auto *format = child<QComboBox>(dialog, "webhookFormatCombo");
        QVERIFY(format->isEnabled());
        format->setCurrentIndex(format->findData(QStringLiteral("alertmanager")));
        const QString metrics = path(QStringLiteral("metrics/tidemark.prom"));
        QTest::keyClicks(child<QLineEdit>(dialog, "metricsFileEdit"), metrics);
        QTRY_VERIFY2(child<QLabel>(dialog, "nextRunLabel")->text().contains(QStringLiteral("02:30")),
                     qPrintable(child<QLabel>(dialog, "nextRunLabel")->text()));
        auto *tokenLabel = child<QLabel>(dialog, "tokenFileLabel");
        QVERIFY(tokenLabel->isVisible());
        QVERIFY(tokenLabel->text().contains(QStringLiteral("cannot read the keyring")));

        // A webhook that is no URL blocks OK with core's reason.
        auto *webhook = child<QLineEdit>(dialog, "webhookEdit");
        webhook->setText(QStringLiteral("ftp://hooks.example"));
        QVERIFY(!okButton(dialog)->isEnabled());
        QVERIFY(child<QLabel>(dialog, "problemLabel")->text().contains(QStringLiteral("http:// or https://")));
        webhook->setText(QStringLiteral("https://hooks.example/tidemark"));

        QSignalSpy logged(&dialog, &NodeDialog::scheduleLog);
        clickOk(dialog);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(logged.count(), 1);
        QVERIFY(logged.first().first().toString().contains(QStringLiteral("Tidemark runs it while it is open")));

        const QString name = scheduleName();
        QCOMPARE(name, QStringLiteral("node-one-node1"));
        auto loaded = store().load(name);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
        const Schedule &s = loaded.value();
        QCOMPARE(s.host, m_node.host);
        QCOMPARE(s.kind, QStringLiteral("tidemark"));
        QCOMPARE(s.chain, m_node.locations.constFirst());
        QCOMPARE(s.when.kind, ScheduleWhen::Kind::Daily);
        QCOMPARE(s.when.at, QTime(2, 30));
        QCOMPARE(s.retries, 3);
        QCOMPARE(s.retryDelaySeconds, qint64{300});
        QVERIFY(s.prune.has_value());
        QCOMPARE(*s.prune, m_node.retention);
        QCOMPARE(s.verifyEvery, 7);
        QVERIFY(s.verifyWeekly);
        QCOMPARE(s.drillEvery, 0);
        QVERIFY(s.drillWeekly);
        QCOMPARE(s.overdueSeconds, qint64{30 * 3600});
        QVERIFY(s.desktop);
        QCOMPARE(s.webhook, QStringLiteral("https://hooks.example/tidemark"));
        QCOMPARE(s.webhookFormat, QStringLiteral("alertmanager"));
        QCOMPARE(s.metricsFile, metrics);
        // The token, for the timer, in a file only its owner reads.
        QCOMPARE(s.tokenFile, ScheduleSetup::tokenFilePath(name));
        QCOMPARE(QFileInfo(s.tokenFile).dir().absolutePath(), path(QStringLiteral("config/tokens")));
        QFile token(s.tokenFile);
        QVERIFY(token.open(QIODevice::ReadOnly));
        QCOMPARE(token.readAll(), m_token);
        QCOMPARE(token.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                                        QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(tokenLabel->text().contains(s.tokenFile));
        QVERIFY(QFileInfo::exists(store().statePath(name)));

        // The units, as systemd would read them.
        const QString units = store().unitDir();
        const QStringList files{units + QLatin1Char('/') + SystemdUnits::serviceName(name),
                                units + QLatin1Char('/') + SystemdUnits::timerName(name),
                                units + QStringLiteral("/tidemark-overdue.service"),
                                units + QStringLiteral("/tidemark-overdue.timer")};
        for (const QString &file : files)
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
        QFile timer(files[1]);
        QVERIFY(timer.open(QIODevice::ReadOnly));
        QVERIFY(timer.readAll().contains("OnCalendar=*-*-* 02:30:00"));
        const QString analyze = QStandardPaths::findExecutable(QStringLiteral("systemd-analyze"));
        if (analyze.isEmpty())
            QSKIP("systemd-analyze is not installed (scripts/deps.sh installs systemd)");
        QProcess verify;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        QDir().mkpath(path(QStringLiteral("runtime")));
        QFile::setPermissions(path(QStringLiteral("runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("runtime")));
        verify.setProcessEnvironment(environment);
        verify.setProcessChannelMode(QProcess::MergedChannels);
        // --man=no: the units' Documentation=man:tidemark-cli(1) is installed with the package,
        // not in a build tree.
        verify.start(analyze,
                     QStringList{QStringLiteral("--user"), QStringLiteral("verify"), QStringLiteral("--man=no")} +
                         files);
        QVERIFY(verify.waitForFinished(60000));
        const QString said = QString::fromUtf8(verify.readAll());
        QVERIFY2(verify.exitStatus() == QProcess::NormalExit && verify.exitCode() == 0, qPrintable(said));
        QVERIFY2(!said.contains(QStringLiteral("tidemark")), qPrintable(said));
    }

    void tabReadsTheScheduleBack()
    {
        NodeDialog dialog;
        open(dialog, m_node, m_token);
        QVERIFY(child<QCheckBox>(dialog, "scheduleEnabledCheck")->isChecked());
        QCOMPARE(child<QComboBox>(dialog, "whenKindCombo")->currentData().toInt(),
                 static_cast<int>(ScheduleWhen::Kind::Daily));
        QCOMPARE(child<QTimeEdit>(dialog, "dailyTimeEdit")->time(), QTime(2, 30));
        QCOMPARE(child<QSpinBox>(dialog, "scheduleRetriesSpin")->value(), 3);
        QCOMPARE(child<QSpinBox>(dialog, "retryDelaySpin")->value(), 5);
        QCOMPARE(child<QSpinBox>(dialog, "verifyEverySpin")->value(), 7);
        QVERIFY(child<QCheckBox>(dialog, "drillWeeklyCheck")->isChecked());
        QCOMPARE(child<QSpinBox>(dialog, "overdueSpin")->value(), 30);
        QCOMPARE(child<QLineEdit>(dialog, "webhookEdit")->text(), QStringLiteral("https://hooks.example/tidemark"));
        QVERIFY(child<QLabel>(dialog, "lastRunLabel")->text().contains(QStringLiteral("has not run yet")));
        // OK with nothing changed writes nothing.
        const QDateTime written = QFileInfo(store().definitionPath(scheduleName())).lastModified();
        QSignalSpy logged(&dialog, &NodeDialog::scheduleLog);
        clickOk(dialog);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(logged.count(), 0);
        QCOMPARE(QFileInfo(store().definitionPath(scheduleName())).lastModified(), written);
    }

    void badCalendarIsRefused()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty())
            QSKIP("systemd-analyze is not installed (scripts/deps.sh installs systemd)");
        NodeDialog dialog;
        open(dialog, m_node, m_token);
        auto *kind = child<QComboBox>(dialog, "whenKindCombo");
        kind->setCurrentIndex(kind->findData(static_cast<int>(ScheduleWhen::Kind::Calendar)));
        auto *calendar = child<QLineEdit>(dialog, "calendarEdit");
        QVERIFY(calendar->isVisible());
        // Empty: OK waits for an expression.
        QVERIFY(!okButton(dialog)->isEnabled());
        QTest::keyClicks(calendar, QStringLiteral("Mon..Fry 02:00"));
        QTRY_VERIFY2(child<QLabel>(dialog, "nextRunLabel")->text().contains(QStringLiteral("is not a calendar")),
                     qPrintable(child<QLabel>(dialog, "nextRunLabel")->text()));
        clickOk(dialog);
        QVERIFY(dialog.isVisible());
        auto *problem = child<QLabel>(dialog, "problemLabel");
        QVERIFY(problem->isVisible());
        QVERIFY2(
            problem->text().contains(QStringLiteral("'Mon..Fry 02:00' is not a calendar expression systemd reads")),
            qPrintable(problem->text()));
        QCOMPARE(store().load(scheduleName())->when.kind, ScheduleWhen::Kind::Daily); // unchanged

        // Fixed: written.
        calendar->clear();
        QTest::keyClicks(calendar, QStringLiteral("Mon..Fri 02:00"));
        QVERIFY(!problem->isVisible());
        QTRY_VERIFY(child<QLabel>(dialog, "nextRunLabel")->text().contains(QStringLiteral("02:00")));
        clickOk(dialog);
        QTRY_VERIFY(!dialog.isVisible());
        auto loaded = store().load(scheduleName());
        QVERIFY(loaded);
        QCOMPARE(loaded->when.kind, ScheduleWhen::Kind::Calendar);
        QCOMPARE(loaded->when.calendar, QStringLiteral("Mon..Fri 02:00"));
        QVERIFY(QFile(store().unitDir() + QLatin1Char('/') + SystemdUnits::timerName(scheduleName()))
                    .open(QIODevice::ReadOnly));
    }

    void nodesPaneShowsNextRunAndLastResult()
    {
        const QString name = scheduleName();
        ScheduleState state = store().state(name);
        state.lastStart = QDateTime::currentDateTimeUtc().addSecs(-120);
        state.lastEnd = state.lastStart.addSecs(40);
        state.lastCode = 0;
        state.lastMessage = QStringLiteral("wrote node1.3");
        state.lastSuccess = state.lastEnd;
        QVERIFY(store().saveState(name, state));
        NodeStore nodes;
        NodeEntry entry = m_node;
        nodes.save(entry);
        NodesPane pane(&nodes);
        QSignalSpy refreshed(&pane, &NodesPane::schedulesRefreshed);
        pane.start(entry.id);
        QVERIFY(refreshed.wait(30000));
        const auto views = pane.schedules(entry.id);
        QCOMPARE(views.size(), size_t{1});
        QCOMPARE(views.front().name, name);
        QVERIFY(views.front().next.isValid());
        QCOMPARE(views.front().lastCode, 0);
        QVERIFY(!views.front().overdue);
        auto *list = pane.findChild<QListWidget *>(QStringLiteral("nodeList"));
        const QString text = list->item(0)->text();
        QVERIFY2(text.contains(QStringLiteral("next backup ")) && text.contains(QStringLiteral("last ✔")),
                 qPrintable(text));
        QVERIFY(list->item(0)->toolTip().contains(QStringLiteral("wrote node1.3")));
        pane.setRunningSchedules({name});
        QVERIFY(list->item(0)->text().contains(QStringLiteral("scheduled backup running now")));
    }

    void runnerStartsADueSchedule()
    {
        // A schedule of another node whose state makes it due: created three days ago, never run.
        Schedule due;
        due.name = QStringLiteral("edge-7");
        due.host = QStringLiteral("127.0.0.1:1");
        due.chain = path(QStringLiteral("backups/edge-7"));
        due.when = ScheduleWhen::daily(QStringLiteral("03:15")).value();
        QVERIFY(store().save(due));
        ScheduleState state = store().state(due.name);
        state.created = QDateTime::currentDateTimeUtc().addDays(-3);
        QVERIFY(store().saveState(due.name, state));
        QVERIFY(state.isDue(due.when, QDateTime::currentDateTimeUtc()));
        // The CLI's place: a script that says how it was started and takes a second.
        const QString log = path(QStringLiteral("runs.log"));
        const QString script = path(QStringLiteral("fake-cli.sh"));
        {
            QFile file(script);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(
                QStringLiteral("#!/bin/sh\n"
                               "echo \"$* origin=$TIDEMARK_HISTORY_ORIGIN\" >> '%1'\n"
                               "if [ \"$1 $2\" = \"schedule run\" ]; then sleep 1; echo \"backup of $3 done\"; fi\n")
                    .arg(log)
                    .toUtf8());
            QVERIFY(file.setPermissions(file.permissions() | QFileDevice::ExeOwner));
        }
        ScheduleRunner runner;
        runner.setProgram({script});
        runner.setInterval(200);
        QSignalSpy mode(&runner, &ScheduleRunner::modeKnown);
        QSignalSpy started(&runner, &ScheduleRunner::runStarted);
        QSignalSpy finished(&runner, &ScheduleRunner::runFinished);
        runner.start();
        QTRY_COMPARE(mode.count(), 1);
        QCOMPARE(runner.mode(), ScheduleRunner::Mode::InProcess);
        // node-one-node1 (Mon..Fri 02:00, ran two minutes ago) is not due; edge-7 is.
        const auto runsOf = [](const QSignalSpy &spy, const QString &name) {
            QList<QList<QVariant>> runs;
            for (const QList<QVariant> &signal : spy) {
                if (signal.first().toString() == name)
                    runs << signal;
            }
            return runs;
        };
        QTRY_COMPARE_WITH_TIMEOUT(runsOf(finished, due.name).size(), 1, 30000);
        QCOMPARE(runsOf(started, due.name).size(), 1);
        QVERIFY(runsOf(finished, due.name).first().at(1).toBool());
        QCOMPARE(runsOf(finished, due.name).first().at(2).toString(), QStringLiteral("backup of edge-7 done"));
        QCOMPARE(runner.scheduleCount(), 2);
        // The script wrote no state, yet the schedule is not started again before its next time.
        QTest::qWait(1500);
        QCOMPARE(runsOf(started, due.name).size(), 1);
        QFile runs(log);
        QVERIFY(runs.open(QIODevice::ReadOnly));
        const QString lines = QString::fromUtf8(runs.readAll());
        QVERIFY2(lines.contains(QStringLiteral("schedule run edge-7 origin=gui-timer")), qPrintable(lines));
        QCOMPARE(lines.count(QStringLiteral("schedule run edge-7")), 1);
        // The hourly overdue check, as tidemark-overdue.timer would run it.
        QVERIFY2(lines.contains(QStringLiteral("schedule check origin=gui-timer")), qPrintable(lines));
        QVERIFY(store().remove(due.name));
    }

    void runnerRunsTheRealCli()
    {
        // The real thing where the CLI has `schedule run`: a schedule made in the tab for a real
        // tidemarkd, due, run by the runner through tidemark-cli, which backs up and writes the
        // state and the history.
        const QString cli = qEnvironmentVariable("TIDEMARK_CLI");
        QProcess help;
        help.setProcessChannelMode(QProcess::MergedChannels);
        help.start(cli, {QStringLiteral("schedule"), QStringLiteral("--help")});
        QVERIFY(help.waitForFinished(30000));
        if (!help.readAll().contains("schedule run"))
            QSKIP("this tidemark-cli has no 'schedule run' yet");
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(node, QStringLiteral("sched")));
        QVERIFY(NodeData::writeMegabytes(node, QStringLiteral("sched"), 1, 10));
        NodeEntry entry;
        entry.id = QStringLiteral("node-real");
        entry.name = QStringLiteral("real");
        entry.host = node.snapshotHost();
        entry.locations = {path(QStringLiteral("backups/real"))};
        QVERIFY(QDir().mkpath(path(QStringLiteral("backups"))));
        NodeDialog dialog;
        open(dialog, entry, {});
        clickCheckBox(child<QCheckBox>(dialog, "scheduleEnabledCheck"));
        clickOk(dialog);
        QTRY_VERIFY(!dialog.isVisible());
        const QString name = NodeStore::scheduleName(entry.id, entry.locations.constFirst());
        QCOMPARE(name, QStringLiteral("real"));
        ScheduleState state = store().state(name);
        state.created = QDateTime::currentDateTimeUtc().addDays(-3);
        QVERIFY(store().saveState(name, state));

        ScheduleRunner runner;
        runner.setProgram({cli});
        // What the runs said, for a failure's diagnosis.
        connect(&runner, &ScheduleRunner::logInfo, this, [](const QString &line) { qInfo("%s", qPrintable(line)); });
        connect(&runner, &ScheduleRunner::logError, this, [](const QString &line) { qInfo("%s", qPrintable(line)); });
        QSignalSpy finished(&runner, &ScheduleRunner::runFinished);
        runner.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(finished.begin(), finished.end(),
                        [&](const QList<QVariant> &signal) { return signal.first().toString() == name; }),
            180000);
        for (const QList<QVariant> &signal : finished) {
            if (signal.first().toString() == name)
                QVERIFY2(signal.at(1).toBool(), qPrintable(signal.at(2).toString()));
        }
        const ScheduleState after = store().state(name);
        QCOMPARE(after.lastCode, 0);
        QVERIFY(after.lastSuccess.isValid());
        QVERIFY(QFileInfo::exists(entry.locations.constFirst()));
        auto history = JobHistory::read({{}, entry.locations.constFirst(), 0});
        QVERIFY(history);
        QVERIFY(std::any_of(history->begin(), history->end(), [](const HistoryEntry &e) {
            return e.job == QLatin1String("backup") && e.code == 0 && e.origin == QLatin1String("gui-timer");
        }));
        QVERIFY(ScheduleSetup::remove(name, false));
        NodeStore::setScheduleName(entry.id, entry.locations.constFirst(), {});
    }

    void windowSaysWhoRunsTheSchedules()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.findChild<QLabel *>(QStringLiteral("schedulerStatusLabel"))->text(),
                     QStringLiteral("Schedules run by Tidemark while it is open (no systemd user manager)"));
        QVERIFY(window.scheduleRunner()->isActive());
    }

    void disablingRemovesTheFiles()
    {
        const QString name = scheduleName();
        const QString tokenFile = ScheduleSetup::tokenFilePath(name);
        QVERIFY(QFileInfo::exists(tokenFile));
        NodeDialog dialog;
        open(dialog, m_node, m_token);
        auto *enabled = child<QCheckBox>(dialog, "scheduleEnabledCheck");
        QVERIFY(enabled->isChecked());
        clickCheckBox(enabled);
        QVERIFY(!child<QWidget>(dialog, "whenKindCombo")->isEnabled());
        QSignalSpy logged(&dialog, &NodeDialog::scheduleLog);
        clickOk(dialog);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(logged.count(), 1);
        QVERIFY(logged.first().first().toString().contains(QStringLiteral("removed")));
        QVERIFY(!QFileInfo::exists(store().definitionPath(name)));
        QVERIFY(!QFileInfo::exists(store().statePath(name)));
        QVERIFY(!QFileInfo::exists(tokenFile));
        QCOMPARE(QDir(store().unitDir()).entryList(QDir::Files), QStringList());
        QVERIFY(NodeStore::scheduleName(m_node.id, m_node.locations.constFirst()).isEmpty());
    }

    void nodeWithoutLocationSaysSo()
    {
        NodeDialog dialog;
        NodeEntry bare = m_node;
        bare.locations.clear();
        open(dialog, bare, {});
        QVERIFY(child<QLabel>(dialog, "noLocationLabel")->isVisible());
        QVERIFY(!child<QCheckBox>(dialog, "scheduleEnabledCheck")->isVisible());
        QVERIFY(okButton(dialog)->isEnabled());
    }
};

QTEST_MAIN(TestScheduleTab)
#include "tst_schedule_tab.moc"
