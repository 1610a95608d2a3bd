// The main window against a real tidemarkd on loopback: add a node through the dialog, see its
// health, add a backup location, back up through the button (full, then an incremental), verify,
// cancel a running backup (the chain stays as it was), and the window state comes back.
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "ChainView.h"
#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "MainWindow.h"
#include "NodesPane.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "snapshot/BackupChain.h"

#include <QApplication>
#include <QComboBox>
#include <QMessageBox>
#include <QTimer>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
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

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    NodeProcess m_node;
    std::unique_ptr<MainWindow> m_window;

    QString chainPath() const { return m_backupDir.filePath(QStringLiteral("node1")); }

    template <typename T> T *visible() const { return visibleChild<T>(m_window.get()); }

    QPushButton *button(const char *name) const { return m_window->findChild<QPushButton *>(QLatin1String(name)); }

    QStringList tmpFiles() const
    {
        return QDir(m_backupDir.path()).entryList({QStringLiteral("*.tmp")}, QDir::Files | QDir::Hidden);
    }

    bool backUpThroughButton() { return ::backUpThroughButton(*m_window); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_backupDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("gui")));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 2, 10));
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_node.stop();
    }

    void addNodeThroughDialog()
    {
        QCOMPARE(m_window->nodeStore()->nodes().size(), size_t{0});
        QVERIFY(!button("backupButton")->isEnabled());
        QTest::mouseClick(button("addNodeButton"), Qt::LeftButton);
        NodeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visible<NodeDialog>()));
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        // A host without a port is refused before OK can be pressed.
        dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(QStringLiteral("127.0.0.1"));
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("node1"));
        QVERIFY(!ok->isEnabled());
        dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(m_node.snapshotHost());
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);

        QCOMPARE(m_window->nodeStore()->nodes().size(), size_t{1});
        const QString id = m_window->nodeStore()->nodes().front().id;
        QCOMPARE(m_window->currentNodeId(), id);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(id).state, NodeHealth::State::Reachable, 30000);
        QVERIFY(m_window->health(id).info.databases.contains(QStringLiteral("gui")));
        auto *list = m_window->findChild<QListWidget *>(QStringLiteral("nodeList"));
        QCOMPARE(list->count(), 1);
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("reachable")), qPrintable(list->item(0)->text()));
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("no backup yet")), qPrintable(list->item(0)->text()));
        // The node is persisted in the settings: a new store reads it back.
        NodeStore reread;
        QCOMPARE(reread.nodes().size(), size_t{1});
        QCOMPARE(reread.nodes().front().host, m_node.snapshotHost());
    }

    void unreachableNodeShowsWhy()
    {
        NodeStore *store = m_window->nodeStore();
        const QString keep = m_window->currentNodeId();
        const QString id = store->save({QString(), QStringLiteral("ghost"), QStringLiteral("127.0.0.1:1"), {}, 24});
        m_window->selectNode(id);
        QTest::mouseClick(button("editNodeButton"), Qt::LeftButton);
        NodeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visible<NodeDialog>()));
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text(), QStringLiteral("ghost"));
        dialog->accept(); // saves and probes again
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(id).state, NodeHealth::State::Unreachable, 20000);
        QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("nodeHealth"))
                        ->text()
                        .contains(QStringLiteral("unreachable")));
        store->remove(id);
        m_window->selectNode(keep);
        QCOMPARE(store->nodes().size(), size_t{1});
        QCOMPARE(m_window->currentNodeId(), keep);
    }

    void addLocationThroughDialog()
    {
        QVERIFY(addLocalLocationThroughDialog(*m_window, chainPath()));
        QCOMPARE(m_window->currentLocation(), chainPath());
        QTRY_VERIFY(button("backupButton")->isEnabled());
        QTRY_VERIFY(
            m_window->findChild<QLabel *>(QStringLiteral("chainStatus"))->text().contains(QStringLiteral("Empty")));
        QCOMPARE(m_window->chainView()->count(), 0);
    }

    void backUpTwiceGrowsTheChain()
    {
        QVERIFY(backUpThroughButton());
        QCOMPARE(m_window->chainView()->count(), 1);
        QVERIFY(m_window->chainView()->cardButton(0)->text().startsWith(QStringLiteral("Full snapshot")));
        QVERIFY(QFileInfo::exists(chainPath()));

        // New data in a new shard: the incremental holds meta and that shard only.
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 1, 11));
        QVERIFY(backUpThroughButton());
        QCOMPARE(m_window->chainView()->count(), 2);
        const QString card = m_window->chainView()->cardButton(1)->text();
        QVERIFY2(card.startsWith(QStringLiteral("Incremental .0")), qPrintable(card));
        QVERIFY2(card.contains(QStringLiteral("node1.0")), qPrintable(card));
        QVERIFY(QFileInfo::exists(chainPath() + QStringLiteral(".0")));

        // Selecting a link lists its files.
        auto chain = BackupChain::open(chainPath());
        QVERIFY(chain);
        auto *files = m_window->findChild<QTreeWidget *>(QStringLiteral("filesTable"));
        QTest::mouseClick(m_window->chainView()->cardButton(1), Qt::LeftButton);
        QCOMPARE(files->topLevelItemCount(), static_cast<int>(chain->links()[1].manifest.files.size()));
        QCOMPARE(files->topLevelItem(0)->text(0), QStringLiteral("meta"));
        // A streamed link's checksums come from its final manifest, read off the UI thread (a link
        // of block links opens with it); a block link shows the rebuilt file's.
        auto final = chain->finalManifest(chain->links()[1]);
        QVERIFY(final.ok());
        QVERIFY(final->hasChecksums());
        QVERIFY(!chain->links()[1].manifest.hasChecksums() || chain->links()[1].manifest.hasBlockLinks());
        QTRY_COMPARE(files->topLevelItem(0)->text(3), final->files[0].fileChecksum());
        QTest::mouseClick(m_window->chainView()->cardButton(0), Qt::LeftButton);
        QCOMPARE(files->topLevelItemCount(), static_cast<int>(chain->links()[0].manifest.files.size()));
        // The row chosen stays chosen when the node's health comes in again (every 30 s).
        files->setCurrentItem(files->topLevelItem(1));
        const QString chosen = files->topLevelItem(1)->text(0);
        QSignalSpy probed(m_window.get(), &MainWindow::healthUpdated);
        m_window->findChild<NodesPane *>()->probeAll();
        QVERIFY(probed.wait(30000));
        QVERIFY(files->currentItem());
        QCOMPARE(files->currentItem()->text(0), chosen);
        // The incremental holds the meta store and the new shard only, not the full's shard.
        const auto &incremental = chain->links()[1].manifest.files;
        QCOMPARE(incremental.size(), size_t{2});
        QVERIFY(chain->links()[0].manifest.file(incremental[1].name) == nullptr);

        auto *list = m_window->findChild<QListWidget *>(QStringLiteral("nodeList"));
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("last backup just now")),
                 qPrintable(list->item(0)->text()));
        QVERIFY(
            m_window->logView()->toPlainText().contains(QStringLiteral("Wrote ") + chainPath() + QStringLiteral(".0")));
    }

    void verifyChainMarksEveryLink()
    {
        QVERIFY(!m_window->chainView()->cardButton(0)->text().contains(QStringLiteral("✔ verified")));
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("verifyButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toBool(), true);
        for (int i = 0; i < 2; ++i)
            QVERIFY2(m_window->chainView()->cardButton(i)->text().contains(QStringLiteral("✔ verified")),
                     qPrintable(m_window->chainView()->cardButton(i)->text()));
    }

    void cancelLeavesTheChainUnchanged()
    {
        m_window->jobsPanel()->clearFinished();
        QTRY_COMPARE(m_window->jobsPanel()->rows().size(), 0);
        // Enough new data that the backup is still receiving when Cancel is pressed.
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 48, 12));
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("backupButton"), Qt::LeftButton);
        QCOMPARE(m_window->runningJobs(), 1);
        QVERIFY(!button("backupButton")->isEnabled()); // one job per chain
        QCOMPARE(m_window->jobsPanel()->rows().size(), 1);
        JobRow *row = m_window->jobsPanel()->rows().first();
        auto *stage = row->findChild<QLabel *>(QStringLiteral("jobStage"));
        QTRY_VERIFY_WITH_TIMEOUT(stage->text().startsWith(QStringLiteral("receiving")), 60000);
        QTest::mouseClick(row->findChild<QPushButton *>(QStringLiteral("jobCancelButton")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(stage->text().contains(QStringLiteral("cancelled")), qPrintable(stage->text()));
        QCOMPARE(m_window->runningJobs(), 0);
        QCOMPARE(m_window->chainView()->count(), 2);
        auto chain = BackupChain::open(chainPath());
        QVERIFY(chain);
        QCOMPARE(chain->links().size(), size_t{2});
        QVERIFY(!QFileInfo::exists(chainPath() + QStringLiteral(".1")));
        QCOMPARE(tmpFiles(), QStringList());
        QVERIFY(m_window->logView()->toPlainText().contains(QStringLiteral("cancelled")));
        QVERIFY(button("backupButton")->isEnabled());
    }

    void newFullBackupStartsANewChain()
    {
        m_window->jobsPanel()->clearFinished();
        const QString fresh = m_backupDir.filePath(QStringLiteral("node1-new"));
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("fullBackupButton"), Qt::LeftButton);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visible<QFileDialog>()));
        Q_EMIT dialog->fileSelected(fresh);
        dialog->close();
        QVERIFY(finished.wait(120000));
        QVERIFY(finished.first().first().toBool());
        QCOMPARE(m_window->currentLocation(), fresh);
        QCOMPARE(m_window->chainView()->count(), 1);
        QVERIFY(m_window->chainView()->cardButton(0)->text().startsWith(QStringLiteral("Full snapshot")));
        // A damaged link fails verification, and the card says so.
        {
            QFile file(fresh);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(file.size() / 2));
            char byte = 0;
            QVERIFY(file.getChar(&byte));
            QVERIFY(file.seek(file.size() / 2));
            QVERIFY(file.putChar(static_cast<char>(byte ^ 0x5a)));
        }
        m_window->jobsPanel()->clearFinished();
        QSignalSpy verified(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("verifyButton"), Qt::LeftButton);
        QVERIFY(verified.wait(120000));
        QCOMPARE(verified.first().first().toBool(), false);
        QVERIFY2(m_window->chainView()->cardButton(0)->text().contains(QStringLiteral("✖ verification failed")),
                 qPrintable(m_window->chainView()->cardButton(0)->text()));
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("chainStatus"))
                    ->text()
                    .contains(QStringLiteral("Verification failed")));

        // The old chain is untouched and still listed.
        auto *combo = m_window->findChild<QComboBox *>(QStringLiteral("locationCombo"));
        QCOMPARE(combo->count(), 2);
        m_window->selectLocation(chainPath());
        QCOMPARE(m_window->chainView()->count(), 2);
    }

    void backupOfAnUnreachableNodeFailsAndSaysWhy()
    {
        NodeStore *store = m_window->nodeStore();
        const QString keep = m_window->currentNodeId();
        const QString dead = m_backupDir.filePath(QStringLiteral("dead"));
        const QString id = store->save({QString(), QStringLiteral("dead"), QStringLiteral("127.0.0.1:1"), {dead}, 24});
        m_window->selectNode(id);
        m_window->jobsPanel()->clearFinished();
        QTRY_COMPARE(m_window->jobsPanel()->rows().size(), 0);
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTRY_VERIFY(button("backupButton")->isEnabled());
        QTest::mouseClick(button("backupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        const QString stage =
            m_window->jobsPanel()->rows().first()->findChild<QLabel *>(QStringLiteral("jobStage"))->text();
        QVERIFY2(stage.contains(QStringLiteral("127.0.0.1:1")), qPrintable(stage));
        QVERIFY(!QFileInfo::exists(dead));
        QCOMPARE(tmpFiles(), QStringList());

        // Remove asks first; Yes removes the node (its backups, none here, would stay).
        QTimer::singleShot(0, this, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(button("removeNodeButton"), Qt::LeftButton);
        QVERIFY(store->node(id) == nullptr);
        QCOMPARE(store->nodes().size(), size_t{1});
        m_window->selectNode(keep);
        m_window->selectLocation(chainPath());
    }

    void windowStateComesBack()
    {
        m_window->resize(910, 610);
        QVERIFY(m_window->close());
        m_window.reset();
        MainWindow again;
        QCOMPARE(again.size(), QSize(910, 610));
        QCOMPARE(again.nodeStore()->nodes().size(), size_t{1});
        QCOMPARE(again.currentLocation(), chainPath());
        QSignalSpy reloaded(&again, &MainWindow::chainsReloaded);
        QVERIFY(reloaded.wait(30000));
        QCOMPARE(again.chainView()->count(), 2);
        QVERIFY(again.chainView()->cardButton(0)->text().contains(QStringLiteral("✔ verified"))); // remembered
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
