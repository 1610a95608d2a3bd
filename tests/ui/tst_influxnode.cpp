// The main window against a real InfluxDB 1.x influxd on loopback: add a node of kind InfluxDB
// through the dialog (port 8088 by default, no token), see its health with its databases, back up
// through the button twice with a write in between (full, then an incremental of the chosen
// database only), and the chain says it is an InfluxDB 1.x node's; the restore wizard asks for its
// influxdb.conf and refuses while influxd runs. Contents… of an InfluxDB link plots a
// measurement's points (counted through a scratch influxd, as export reads them), and "Restore this
// database…" restores gui under a new name into the running influxd. Skipped without influxd.
#include "support/InfluxProcess.h"
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "AppTranslator.h"
#include "ChainPane.h"
#include "ChainView.h"
#include "ContentsDialog.h"
#include "MainWindow.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "OnlineRestoreWizard.h"
#include "RestoreChainPage.h"
#include "RestoreConfigPage.h"
#include "RestoreWizard.h"
#include "Units.h"
#include "snapshot/BackupChain.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace tidemark;
using namespace tidemark::ui;

class TestInfluxNode : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    AppTranslator m_translator; // English plural forms ("1 link", "2 shards"), as the application
    std::unique_ptr<InfluxProcess> m_node;
    std::unique_ptr<MainWindow> m_window;

    QString chainPath() const { return m_backupDir.filePath(QStringLiteral("influx1")); }

    template <typename T> T *visible() const { return visibleChild<T>(m_window.get()); }

    QPushButton *button(const char *name) const { return m_window->findChild<QPushButton *>(QLatin1String(name)); }
    QString labelText(const char *name) const { return m_window->findChild<QLabel *>(QLatin1String(name))->text(); }

    bool backUpThroughButton() { return ::backUpThroughButton(*m_window); }

    // The ids of the shards of `database` on the node, as the window's last probe saw them.
    QStringList shardFiles(const QString &nodeId, const QString &database) const
    {
        QStringList files;
        for (const auto &shard : m_window->health(nodeId).info.shards) {
            if (shard.database == database)
                files << QStringLiteral("shards/%1").arg(shard.id);
        }
        return files;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (InfluxProcess::binary().isEmpty())
            QSKIP("influxd is not installed (Debian package influxdb)");
        QVERIFY(m_settingsDir.isValid() && m_backupDir.isValid());
        m_translator.install(QLocale(QStringLiteral("en")));
        NodeData::isolateSettings(m_settingsDir.path());
        m_node = std::make_unique<InfluxProcess>();
        QString error;
        QVERIFY2(m_node->start(&error), qPrintable(error));
        QCOMPARE(m_node->request("POST", QStringLiteral("/query?q=CREATE+DATABASE+gui")).status, 200);
        QCOMPARE(m_node->request("POST", QStringLiteral("/query?q=CREATE+DATABASE+other")).status, 200);
        QCOMPARE(m_node->request("POST", QStringLiteral("/write?db=gui"), "cpu,host=a v=1i 1600000000000000000").status,
                 204);
        QCOMPARE(
            m_node->request("POST", QStringLiteral("/write?db=other"), "cpu,host=b v=2i 1600000000000000000").status,
            204);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        if (m_node)
            m_node->stop();
    }

    void addInfluxNodeThroughDialog()
    {
        QCOMPARE(m_window->nodeStore()->nodes().size(), size_t{0});
        QTest::mouseClick(button("addNodeButton"), Qt::LeftButton);
        NodeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visible<NodeDialog>()));
        auto *kind = dialog->findChild<QComboBox *>(QStringLiteral("kindCombo"));
        auto *host = dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"));
        auto *token = dialog->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        auto *databases = dialog->findChild<QLineEdit *>(QStringLiteral("databasesEdit"));
        QVERIFY(kind && host && token && databases);
        // Tidemark by default: port 8808, a token, no databases.
        QCOMPARE(host->text(), QStringLiteral("127.0.0.1:8808"));
        QVERIFY(token->isEnabled());
        QVERIFY(!databases->isVisible());
        // InfluxDB: the default port follows, the token cannot be given, databases can.
        kind->setCurrentIndex(kind->findData(static_cast<int>(Manifest::Kind::InfluxDb1)));
        QCOMPARE(host->text(), QStringLiteral("127.0.0.1:8088"));
        QVERIFY(!token->isEnabled());
        QVERIFY(databases->isVisible());
        // A port the operator chose stays when the kind changes.
        host->setText(m_node->snapshotHost());
        kind->setCurrentIndex(kind->findData(static_cast<int>(Manifest::Kind::Tidemark)));
        QCOMPARE(host->text(), m_node->snapshotHost());
        QVERIFY(token->isEnabled());
        kind->setCurrentIndex(kind->findData(static_cast<int>(Manifest::Kind::InfluxDb1)));
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("influx1"));
        databases->setText(QStringLiteral(" gui ,"));
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        QCOMPARE(m_window->nodeStore()->nodes().size(), size_t{1});
        const NodeEntry entry = m_window->nodeStore()->nodes().front();
        QCOMPARE(entry.kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(entry.databases, QStringList{QStringLiteral("gui")});
        QCOMPARE(entry.host, m_node->snapshotHost());
        QCOMPARE(m_window->currentNodeId(), entry.id);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(entry.id).state, NodeHealth::State::Reachable, 30000);
        const NodeHealth health = m_window->health(entry.id);
        QCOMPARE(health.kind, Manifest::Kind::InfluxDb1);
        QVERIFY(health.info.databases.contains(QStringLiteral("gui")));
        QVERIFY(health.info.databases.contains(QStringLiteral("other")));
        QCOMPARE(shardFiles(entry.id, QStringLiteral("gui")).size(), 1);
        QCOMPARE(shardFiles(entry.id, QStringLiteral("other")).size(), 1);

        auto *list = m_window->findChild<QListWidget *>(QStringLiteral("nodeList"));
        QCOMPARE(list->count(), 1);
        const QString item = list->item(0)->text();
        QVERIFY2(item.contains(QStringLiteral("InfluxDB 1.x")), qPrintable(item));
        QVERIFY2(item.contains(QStringLiteral("reachable, meta index")), qPrintable(item));
        QVERIFY2(!item.contains(Units::bytes(0)), qPrintable(item)); // no size: influxd tells none
        const QString details = labelText("nodeHealth");
        QVERIFY2(details.contains(QStringLiteral("2 shards, databases: ")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("gui")) && details.contains(QStringLiteral("other")),
                 qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("Backups take: gui")), qPrintable(details));
        QVERIFY2(labelText("nodeTitle").contains(QStringLiteral("InfluxDB 1.x")), qPrintable(labelText("nodeTitle")));
        // Persisted with its kind: a new store reads it back.
        NodeStore reread;
        QCOMPARE(reread.nodes().size(), size_t{1});
        QCOMPARE(reread.nodes().front().kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(reread.nodes().front().databases, QStringList{QStringLiteral("gui")});
        QCOMPARE(reread.token(entry.id), QByteArray());
    }

    void backUpTwiceGrowsTheChain()
    {
        QVERIFY(addLocalLocationThroughDialog(*m_window, chainPath()));
        QTRY_VERIFY(button("backupButton")->isEnabled());
        QTRY_VERIFY(labelText("chainStatus").contains(QStringLiteral("Empty")));

        const QString nodeId = m_window->currentNodeId();
        QVERIFY(backUpThroughButton());
        QCOMPARE(m_window->chainView()->count(), 1);
        const QString full = m_window->chainView()->cardButton(0)->text();
        QVERIFY2(full.startsWith(QStringLiteral("Full snapshot")), qPrintable(full));
        QVERIFY2(full.contains(QStringLiteral("1 shard")), qPrintable(full)); // gui's only
        QVERIFY2(labelText("chainStatus").contains(QStringLiteral("InfluxDB 1.x chain: 1 link;")),
                 qPrintable(labelText("chainStatus")));
        auto chain = BackupChain::open(chainPath());
        QVERIFY(chain);
        QCOMPARE(chain->links().size(), size_t{1});
        const Manifest first = chain->links()[0].manifest; // a copy: the chain is read again below
        QCOMPARE(first.kind, Manifest::Kind::InfluxDb1);
        // Only the database chosen in the dialog: gui's shard, not other's.
        const QStringList guiShards = shardFiles(nodeId, QStringLiteral("gui"));
        const QStringList otherShards = shardFiles(nodeId, QStringLiteral("other"));
        QCOMPARE(guiShards.size(), 1);
        QVERIFY(first.file(QStringLiteral("meta")) != nullptr);
        QVERIFY(first.file(guiShards.front()) != nullptr);
        QVERIFY(first.file(otherShards.front()) == nullptr);

        // A point in a new week of gui: a new shard, so the incremental holds meta and that shard.
        QCOMPARE(m_node->request("POST", QStringLiteral("/write?db=gui"), "cpu,host=a v=3i 1700000000000000000").status,
                 204);
        QVERIFY(backUpThroughButton());
        QCOMPARE(m_window->chainView()->count(), 2);
        const QString card = m_window->chainView()->cardButton(1)->text();
        QVERIFY2(card.startsWith(QStringLiteral("Incremental .0")), qPrintable(card));
        QVERIFY2(card.contains(QStringLiteral("influx1.0")), qPrintable(card));
        QVERIFY2(labelText("chainStatus").contains(QStringLiteral("2 links")), qPrintable(labelText("chainStatus")));
        chain = BackupChain::open(chainPath());
        QVERIFY(chain);
        QCOMPARE(chain->links().size(), size_t{2});
        const Manifest &incremental = chain->links()[1].manifest;
        QVERIFY(incremental.incremental);
        QCOMPARE(incremental.kind, Manifest::Kind::InfluxDb1);
        QCOMPARE(incremental.files.size(), size_t{2});
        QCOMPARE(incremental.files[0].name, QStringLiteral("meta"));
        QVERIFY(first.file(incremental.files[1].name) == nullptr);
        // Its files: the "index" of an InfluxDB file is a time on the node's clock, shown as one.
        auto *files = m_window->findChild<QTreeWidget *>(QStringLiteral("filesTable"));
        QTest::mouseClick(m_window->chainView()->cardButton(1), Qt::LeftButton);
        QCOMPARE(files->topLevelItemCount(), 2);
        QCOMPARE(files->headerItem()->text(2), QStringLiteral("Newest change (node's clock)"));
        QCOMPARE(files->topLevelItem(1)->text(0), incremental.files[1].name);
        QCOMPARE(files->topLevelItem(1)->text(2), Units::dateTime(QDateTime::fromMSecsSinceEpoch(
                                                      static_cast<qint64>(incremental.files[1].index), Qt::UTC)));
        // Contents… of that link: gui's two shards, each with cpu's one series (host=a).
        ContentsDialog *contents = m_window->chainPane()->openContents();
        QVERIFY(contents);
        QTRY_VERIFY_WITH_TIMEOUT(!contents->isReading(), 60000);
        QVERIFY2(contents->contents(), qPrintable(contents->error().message));
        QCOMPARE(contents->contents()->kind, Manifest::Kind::InfluxDb1);
        QTreeWidgetItem *gui = nullptr;
        for (int i = 0; i < contents->tree()->topLevelItemCount(); ++i) {
            if (contents->tree()->topLevelItem(i)->text(ContentsDialog::NameColumn) == QStringLiteral("gui"))
                gui = contents->tree()->topLevelItem(i);
        }
        QVERIFY(gui && gui->childCount() > 0);
        QTreeWidgetItem *policy = gui->child(0);
        QCOMPARE(policy->childCount(), 2);
        for (int s = 0; s < 2; ++s) {
            QTreeWidgetItem *shard = policy->child(s);
            QCOMPARE(shard->childCount(), 1);
            QCOMPARE(shard->child(0)->text(ContentsDialog::NameColumn), QStringLiteral("cpu"));
            QCOMPARE(shard->child(0)->text(ContentsDialog::SeriesColumn), QStringLiteral("1"));
        }
        contents->close();
        // The window probed again after the backup: gui now has two shards.
        QTRY_COMPARE_WITH_TIMEOUT(shardFiles(nodeId, QStringLiteral("gui")).size(), 2, 20000);
        QVERIFY(shardFiles(nodeId, QStringLiteral("gui")).contains(incremental.files[1].name));
    }

    void pointsAndOnlineRestore()
    {
        // The newest link: gui's cpu has a point in each of its two shards.
        m_window->chainView()->selectLink(1);
        ContentsDialog *contents = m_window->chainPane()->openContents();
        QVERIFY(contents);
        QTRY_VERIFY_WITH_TIMEOUT(!contents->isReading(), 60000);
        QVERIFY2(contents->contents(), qPrintable(contents->error().message));
        QTreeWidgetItem *gui = nullptr;
        for (int i = 0; i < contents->tree()->topLevelItemCount(); ++i) {
            if (contents->tree()->topLevelItem(i)->text(ContentsDialog::NameColumn) == QStringLiteral("gui"))
                gui = contents->tree()->topLevelItem(i);
        }
        QVERIFY(gui);
        QSignalSpy counted(contents, &ContentsDialog::pointsCounted);
        contents->tree()->setCurrentItem(gui->child(0)->child(0)->child(0));
        QVERIFY(counted.wait(120000));
        QVERIFY2(counted.first().first().toBool(),
                 qPrintable(contents->findChild<QLabel *>(QStringLiteral("pointsStatus"))->text()));
        qint64 sum = 0;
        for (const auto &[from, count] : contents->plotted())
            sum += count;
        QCOMPARE(sum, qint64{2});

        // Restore this database…: gui as gui_copy into the running influxd; replace not offered.
        contents->tree()->setCurrentItem(gui);
        QTest::mouseClick(contents->findChild<QPushButton *>(QStringLiteral("restoreDatabaseButton")), Qt::LeftButton);
        OnlineRestoreWizard *wizard = nullptr;
        QTRY_VERIFY((wizard = visible<OnlineRestoreWizard>()));
        QCOMPARE(wizard->findChild<QComboBox *>(QStringLiteral("nodeCombo"))->count(), 1);
        QVERIFY(wizard->findChild<QLabel *>(QStringLiteral("replaceNoteLabel"))->isVisible());
        wizard->findChild<QLineEdit *>(QStringLiteral("newNameEdit"))->setText(QStringLiteral("gui_copy"));
        QSignalSpy planned(wizard, &OnlineRestoreWizard::planned);
        wizard->next();
        QVERIFY(planned.wait(60000));
        QVERIFY2(planned.first().first().toBool(), qPrintable(OnlineRestoreWizard::errorText(wizard->error())));
        QCOMPARE(wizard->plan()->shards.size(), size_t{2});
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(wizard->isFinished(), 120000);
        QVERIFY2(wizard->error().code == ErrorCode::Ok, qPrintable(OnlineRestoreWizard::errorText(wizard->error())));
        const auto reply = m_node->request("GET", QStringLiteral("/query?db=gui_copy&q=SELECT+count(v)+FROM+cpu"));
        QCOMPARE(reply.status, 200);
        QVERIFY2(reply.body.contains(",2]"), reply.body.constData());
        wizard->close();
        contents->close();
    }

    void restoreWizardAsksForInfluxdbConf()
    {
        QTRY_VERIFY(button("restoreButton")->isEnabled());
        QTest::mouseClick(button("restoreButton"), Qt::LeftButton);
        RestoreWizard *wizard = nullptr;
        QTRY_VERIFY((wizard = visible<RestoreWizard>()));
        auto *chainPage = qobject_cast<RestoreChainPage *>(wizard->currentPage());
        QVERIFY(chainPage);
        QTRY_VERIFY_WITH_TIMEOUT(chainPage->isVerified(), 60000);
        wizard->button(QWizard::NextButton)->click();
        QCOMPARE(wizard->chainKind(), Manifest::Kind::InfluxDb1);
        auto *configPage = qobject_cast<RestoreConfigPage *>(wizard->currentPage());
        QVERIFY(configPage);
        auto *config = configPage->findChild<QLineEdit *>(QStringLiteral("configPathEdit"));
        QCOMPARE(config->placeholderText(), QStringLiteral("/etc/influxdb/influxdb.conf"));
        QVERIFY2(configPage->subTitle().contains(QStringLiteral("influxdb.conf")), qPrintable(configPage->subTitle()));
        bool labelled = false;
        for (const QLabel *label : configPage->findChildren<QLabel *>())
            labelled = labelled || label->text() == QStringLiteral("InfluxDB config (influxdb.conf):");
        QVERIFY(labelled);

        // The running node's own influxdb.conf: RestoreEngine reads it and refuses while influxd runs.
        QSignalSpy checked(configPage, &RestoreConfigPage::checked);
        config->setText(m_node->configPath());
        configPage->findChild<QLineEdit *>(QStringLiteral("ownerEdit"))->setText(NodeData::currentUser());
        configPage->check();
        QVERIFY(checked.wait(60000));
        QCOMPARE(checked.last().first().toBool(), false);
        QStringList findings;
        for (const QLabel *label : configPage->findChildren<QLabel *>(QStringLiteral("finding")))
            findings << label->text();
        QVERIFY2(!findings.isEmpty(), "no finding while influxd runs");
        const QString all = findings.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("The node is running")), qPrintable(all));
        wizard->reject();
    }
};

QTEST_MAIN(TestInfluxNode)
#include "tst_influxnode.moc"
