// The catalog and the retention of a chain's folder in the main window, against a real tidemarkd:
// two real backups and a real verification beside chains from the past (PastChain: another node's,
// one that fails verification, incrementals without their full). Catalog… lists every chain with
// its node, times, size, storage and last verification; Retention… previews PruneJob::plan,
// Prune now removes through the jobs panel and keeps the newest; the node's policy is saved, and a
// backup of a node whose policy applies after each backup prunes the expired chain of that node.
// Max links per chain (node dialog) rolls a full chain onto a synthetic full beside it.
// Plural texts ("%n chain(s)") are matched in both forms: their English comes from translations/.
#include "support/NodeData.h"
#include "support/WidgetProbe.h"

#include "PastChain.h"

#include "CatalogDialog.h"
#include "ChainPane.h"
#include "ChainView.h"
#include "JobLauncher.h"
#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "MainWindow.h"
#include "NodeDialog.h"
#include "NodeStore.h"
#include "RetentionDialog.h"
#include "Units.h"
#include "kinds/NodeKind.h"
#include "retention/Catalog.h"
#include "retention/PruneJob.h"
#include "snapshot/BackupChain.h"
#include "storage/ChainLocation.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

QDateTime utc(int year, int month, int day)
{
    return QDateTime(QDate(year, month, day), QTime(12, 0), Qt::UTC);
}

/// The row of chain `name` in `table` (column 0), or nullptr.
QTreeWidgetItem *row(QTreeWidget *table, const QString &name)
{
    for (int i = 0; i < table->topLevelItemCount(); ++i) {
        if (table->topLevelItem(i)->text(0) == name)
            return table->topLevelItem(i);
    }
    return nullptr;
}

/// Answers the next question box with Yes (Prune now asks first).
void answerYes(QObject *context)
{
    QTimer::singleShot(0, context, [] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
            box->button(QMessageBox::Yes)->click();
    });
}

} // namespace

class TestRetention : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    NodeProcess m_node;
    std::unique_ptr<MainWindow> m_window;
    QString m_id;
    quint64 m_nodeId = 0;
    QString m_nodeUrl; ///< The node as its links name it.

    QString dir() const { return QDir(m_backupDir.path()).canonicalPath(); }
    QString path(const QString &name) const { return dir() + QLatin1Char('/') + name; }

    QPushButton *button(QWidget *root, const char *name) const
    {
        return root->findChild<QPushButton *>(QLatin1String(name));
    }

    bool writePast(const QString &name, PastChain chain)
    {
        QString error;
        if (!chain.write(path(name), &error)) {
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
            return false;
        }
        return true;
    }

    /// This node's chain from the past with `times`.
    bool writeOwnPast(const QString &name, std::vector<QDateTime> times, bool zstd = false)
    {
        PastChain chain;
        chain.nodeId = m_nodeId;
        chain.clusterUrl = m_nodeUrl;
        chain.times = std::move(times);
        chain.zstd = zstd;
        return writePast(name, chain);
    }

    /// Bytes of every file of the folder but locks (as the catalog counts them).
    qint64 folderBytes() const
    {
        qint64 total = 0;
        for (const QFileInfo &file : QDir(dir()).entryInfoList(QDir::Files)) {
            if (!file.fileName().endsWith(QLatin1String(".lock")))
                total += file.size();
        }
        return total;
    }

    CatalogDialog *openCatalog()
    {
        QTest::mouseClick(button(m_window.get(), "catalogButton"), Qt::LeftButton);
        auto *dialog = m_window->findChild<CatalogDialog *>(QStringLiteral("catalogDialog"));
        if (!dialog || !QTest::qWaitFor([dialog] { return dialog->isVisible() && !dialog->isReading(); }, 30000))
            return nullptr;
        return dialog;
    }

    /// Retention… of the catalog `from`, or (nullptr) of the window's File menu.
    RetentionDialog *openRetention(CatalogDialog *from)
    {
        if (from) {
            QTest::mouseClick(button(from, "retentionButton"), Qt::LeftButton);
        } else {
            QAction *action = nullptr;
            for (QAction *candidate : m_window->menuBar()->findChildren<QAction *>()) {
                if (candidate->text() == QStringLiteral("Re&tention…"))
                    action = candidate;
            }
            if (!action)
                return nullptr;
            action->trigger();
        }
        RetentionDialog *dialog = nullptr;
        if (!QTest::qWaitFor(
                [&] {
                    dialog = visibleChild<RetentionDialog>(m_window.get());
                    return dialog && !dialog->isReading();
                },
                30000))
            return nullptr;
        return dialog;
    }

    static void setSpin(RetentionDialog *dialog, const char *name, int value)
    {
        dialog->findChild<QSpinBox *>(QLatin1String(name))->setValue(value);
    }

    static void clearRules(RetentionDialog *dialog)
    {
        for (const char *name : {"lastSpin", "hourlySpin", "dailySpin", "weeklySpin", "monthlySpin", "yearlySpin"})
            setSpin(dialog, name, 0);
        dialog->findChild<QLineEdit *>(QStringLiteral("withinEdit"))->clear();
    }

    /// The preview's decision texts by chain name.
    static QMap<QString, QString> shownDecisions(RetentionDialog *dialog)
    {
        QMap<QString, QString> shown;
        QTreeWidget *table = dialog->previewTable();
        for (int i = 0; i < table->topLevelItemCount(); ++i)
            shown.insert(table->topLevelItem(i)->text(RetentionDialog::ChainColumn),
                         table->topLevelItem(i)->text(RetentionDialog::DecisionColumn));
        return shown;
    }

    static QMap<QString, QString> plannedDecisions(const Catalog &catalog, const RetentionPolicy &policy,
                                                   const QString &node)
    {
        QMap<QString, QString> planned;
        for (const PruneDecision &d : PruneJob::plan(catalog, policy, node))
            planned.insert(d.chain.name, RetentionDialog::decisionText(d));
        return planned;
    }

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
        m_id = m_window->nodeStore()->save(
            {QString(), QStringLiteral("node1"), m_node.snapshotHost(), {path(QStringLiteral("node1"))}, 24});
        m_window->selectNode(m_id);
        m_window->resize(1100, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(m_id).state, NodeHealth::State::Reachable, 30000);

        // The node's own chain: a full and an incremental, verified through the window.
        QVERIFY(backUpThroughButton(*m_window));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 1, 11));
        QVERIFY(backUpThroughButton(*m_window));
        QSignalSpy verified(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button(m_window.get(), "verifyButton"), Qt::LeftButton);
        QVERIFY(verified.wait(120000));
        QVERIFY(verified.first().first().toBool());
        auto chain = BackupChain::open(path(QStringLiteral("node1")));
        QVERIFY(chain);
        m_nodeId = chain->links().front().manifest.nodeId;
        m_nodeUrl = chain->links().back().manifest.clusterUrl;
        QVERIFY(!m_nodeUrl.isEmpty());
        QCOMPARE(m_window->chainPane()->nodeUrl(), m_nodeUrl);

        // From the past: two of this node's chains, another node's, one whose verification
        // fails, and incrementals whose full is gone.
        QVERIFY(writeOwnPast(QStringLiteral("node1-2025-01"), {utc(2025, 1, 10), utc(2025, 1, 11)}));
        QVERIFY(writeOwnPast(QStringLiteral("node1-2025-06"), {utc(2025, 6, 1)}, true));
        PastChain other;
        other.nodeId = 7;
        other.clusterUrl = QStringLiteral("http://10.0.0.7:8086");
        other.times = {utc(2025, 3, 1), utc(2025, 3, 2), utc(2025, 3, 3)};
        QVERIFY(writePast(QStringLiteral("edge-7"), other));
        PastChain damaged;
        damaged.nodeId = 9;
        damaged.clusterUrl = QStringLiteral("http://10.0.0.9:8086");
        damaged.times = {utc(2025, 4, 1)};
        damaged.wrongChecksum = true;
        QVERIFY(writePast(QStringLiteral("edge-9"), damaged));
        QByteArray out;
        QByteArray err;
        QVERIFY(NodeProcess::runCli({QStringLiteral("verify"), path(QStringLiteral("edge-9"))}, &out, &err) != 0);
        QVERIFY(QFileInfo::exists(path(QStringLiteral("edge-9.verified"))));
        QVERIFY(writeOwnPast(QStringLiteral("orphan"), {utc(2025, 2, 1), utc(2025, 2, 2), utc(2025, 2, 3)}));
        QVERIFY(QFile::remove(path(QStringLiteral("orphan"))));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_node.stop();
    }

    void catalogListsEveryChain()
    {
        CatalogDialog *dialog = openCatalog();
        QVERIFY(dialog);
        QCOMPARE(dialog->location(), dir());
        QTreeWidget *table = dialog->table();
        QCOMPARE(table->columnCount(), static_cast<int>(CatalogDialog::ColumnCount));
        QCOMPARE(table->headerItem()->text(CatalogDialog::ChainColumn), QStringLiteral("Chain"));
        QCOMPARE(table->headerItem()->text(CatalogDialog::VerifiedColumn), QStringLiteral("Last verify"));
        QCOMPARE(table->topLevelItemCount(), 6);
        QStringList names;
        for (int i = 0; i < table->topLevelItemCount(); ++i)
            names << table->topLevelItem(i)->text(CatalogDialog::ChainColumn);
        QCOMPARE(names, (QStringList{QStringLiteral("edge-7"), QStringLiteral("edge-9"), QStringLiteral("node1"),
                                     QStringLiteral("node1-2025-01"), QStringLiteral("node1-2025-06"),
                                     QStringLiteral("orphan")}));

        // The node's real chain: its links' times as the chain has them, verified, shown in bold.
        auto chain = BackupChain::open(path(QStringLiteral("node1")));
        QVERIFY(chain);
        QTreeWidgetItem *own = row(table, QStringLiteral("node1"));
        QCOMPARE(own->text(CatalogDialog::NodeColumn), QStringLiteral("%1 (node %2)").arg(m_nodeUrl).arg(m_nodeId));
        QCOMPARE(own->text(CatalogDialog::KindColumn), NodeKind::of(Manifest::Kind::Tidemark).shortName());
        QCOMPARE(own->text(CatalogDialog::LinksColumn), QStringLiteral("2"));
        QCOMPARE(own->text(CatalogDialog::FirstColumn), Units::dateTime(chain->links().front().manifest.created));
        QCOMPARE(own->text(CatalogDialog::LastColumn), Units::dateTime(chain->links().back().manifest.created));
        const qint64 ownBytes = QFileInfo(path(QStringLiteral("node1"))).size() +
                                QFileInfo(path(QStringLiteral("node1.0"))).size() +
                                QFileInfo(path(QStringLiteral("node1.verified"))).size();
        QCOMPARE(own->text(CatalogDialog::SizeColumn), Units::bytes(ownBytes));
        QCOMPARE(own->text(CatalogDialog::StoredColumn), QStringLiteral("plain"));
        QVERIFY2(own->text(CatalogDialog::VerifiedColumn).startsWith(QStringLiteral("✔ ok ")),
                 qPrintable(own->text(CatalogDialog::VerifiedColumn)));
        QVERIFY(own->font(CatalogDialog::ChainColumn).bold());
        QVERIFY(!row(table, QStringLiteral("edge-7"))->font(CatalogDialog::ChainColumn).bold());

        // From the past, in local time; zstd; another node; never verified.
        QTreeWidgetItem *june = row(table, QStringLiteral("node1-2025-06"));
        QCOMPARE(june->text(CatalogDialog::FirstColumn), Units::dateTime(utc(2025, 6, 1)));
        QCOMPARE(june->text(CatalogDialog::StoredColumn), QStringLiteral("zstd"));
        QCOMPARE(june->text(CatalogDialog::VerifiedColumn), QStringLiteral("never"));
        QTreeWidgetItem *edge = row(table, QStringLiteral("edge-7"));
        QCOMPARE(edge->text(CatalogDialog::NodeColumn), QStringLiteral("http://10.0.0.7:8086 (node 7)"));
        QCOMPARE(edge->text(CatalogDialog::LinksColumn), QStringLiteral("3"));
        QCOMPARE(edge->text(CatalogDialog::FirstColumn), Units::dateTime(utc(2025, 3, 1)));
        QCOMPARE(edge->text(CatalogDialog::LastColumn), Units::dateTime(utc(2025, 3, 3)));
        QVERIFY(edge->icon(CatalogDialog::ChainColumn).isNull());

        // A failed verification says so, and why.
        QTreeWidgetItem *failed = row(table, QStringLiteral("edge-9"));
        QVERIFY2(failed->text(CatalogDialog::VerifiedColumn).startsWith(QStringLiteral("✖ FAILED ")),
                 qPrintable(failed->text(CatalogDialog::VerifiedColumn)));
        QVERIFY(failed->toolTip(CatalogDialog::VerifiedColumn).startsWith(QStringLiteral("Last verify: ")));

        // Incrementals without their full: the problem as an icon and a tooltip; no times.
        QTreeWidgetItem *orphan = row(table, QStringLiteral("orphan"));
        QVERIFY(!orphan->icon(CatalogDialog::ChainColumn).isNull());
        QVERIFY2(orphan->toolTip(CatalogDialog::NodeColumn).contains(QStringLiteral("no full snapshot")),
                 qPrintable(orphan->toolTip(CatalogDialog::NodeColumn)));
        QCOMPARE(orphan->text(CatalogDialog::FirstColumn), QStringLiteral("–"));
        QCOMPARE(orphan->text(CatalogDialog::KindColumn), QStringLiteral("–"));
        QCOMPARE(orphan->text(CatalogDialog::LinksColumn), QStringLiteral("2"));

        // Every cell as Catalog::read gives it, and the totals.
        auto catalog = Catalog::read(dir());
        QVERIFY(catalog);
        for (const CatalogChain &c : catalog->chains) {
            for (int column = 0; column < CatalogDialog::ColumnCount; ++column)
                QCOMPARE(row(table, c.name)->text(column),
                         CatalogDialog::cellText(c, static_cast<CatalogDialog::Column>(column)));
        }
        QCOMPARE(catalog->totalBytes(), folderBytes());
        const QString totals = dialog->findChild<QLabel *>(QStringLiteral("catalogTotals"))->text();
        QVERIFY2(totals.contains(QRegularExpression(QStringLiteral("\\b6 chain(s|\\(s\\))"))), qPrintable(totals));
        QVERIFY2(totals.contains(Units::bytes(folderBytes())), qPrintable(totals));

        // Catalog… again raises the same dialog.
        QTest::mouseClick(button(m_window.get(), "catalogButton"), Qt::LeftButton);
        QCOMPARE(m_window->findChildren<CatalogDialog *>().size(), 1);
    }

    void refreshReadsAgain()
    {
        auto *dialog = m_window->findChild<CatalogDialog *>(QStringLiteral("catalogDialog"));
        QVERIFY(dialog);
        QVERIFY(writeOwnPast(QStringLiteral("node1-2024-12"), {utc(2024, 12, 24)}));
        QSignalSpy refreshed(dialog, &CatalogDialog::refreshed);
        QTest::mouseClick(button(dialog, "refreshButton"), Qt::LeftButton);
        QVERIFY(refreshed.wait(30000));
        QCOMPARE(dialog->table()->topLevelItemCount(), 7);
        QVERIFY(row(dialog->table(), QStringLiteral("node1-2024-12")));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("catalogTotals"))
                    ->text()
                    .contains(QRegularExpression(QStringLiteral("\\b7 chain(s|\\(s\\))"))));
    }

    void previewFollowsThePlan()
    {
        auto *catalogDialog = m_window->findChild<CatalogDialog *>(QStringLiteral("catalogDialog"));
        QVERIFY(catalogDialog && catalogDialog->catalog());
        RetentionDialog *dialog = openRetention(catalogDialog);
        QVERIFY(dialog);
        QCOMPARE(dialog->location(), dir());
        // The node's chains, as its links name it.
        QCOMPARE(dialog->nodeFilter(), m_nodeUrl);
        auto *nodes = dialog->findChild<QComboBox *>(QStringLiteral("nodeCombo"));
        QCOMPARE(nodes->count(), 4); // every node, node1, edge-7, edge-9

        // Two months with a point: this one and June 2025; December 2024 and January 2025 go.
        clearRules(dialog);
        setSpin(dialog, "monthlySpin", 2);
        RetentionPolicy monthly;
        monthly.monthly = 2;
        QCOMPARE(dialog->policy(), std::optional<RetentionPolicy>(monthly));
        const Catalog &catalog = *catalogDialog->catalog();
        QCOMPARE(shownDecisions(dialog), plannedDecisions(catalog, monthly, m_nodeUrl));
        const QMap<QString, QString> shown = shownDecisions(dialog);
        QCOMPARE(shown.size(), 5); // node1's four, and the orphan (times unknown: kept)
        QCOMPARE(shown.value(QStringLiteral("node1-2025-01")), QStringLiteral("remove"));
        QCOMPARE(shown.value(QStringLiteral("node1-2024-12")), QStringLiteral("remove"));
        QCOMPARE(shown.value(QStringLiteral("node1-2025-06")), QStringLiteral("keep (monthly 2025-06)"));
        QVERIFY2(
            shown.value(QStringLiteral("node1")).startsWith(QStringLiteral("keep (newest chain of its node, monthly ")),
            qPrintable(shown.value(QStringLiteral("node1"))));
        QVERIFY2(shown.value(QStringLiteral("orphan")).startsWith(QStringLiteral("keep (times unknown: ")),
                 qPrintable(shown.value(QStringLiteral("orphan"))));
        const qint64 freed = QFileInfo(path(QStringLiteral("node1-2025-01"))).size() +
                             QFileInfo(path(QStringLiteral("node1-2025-01.0"))).size() +
                             QFileInfo(path(QStringLiteral("node1-2024-12"))).size();
        const QString summary = dialog->findChild<QLabel *>(QStringLiteral("previewSummary"))->text();
        QVERIFY2(summary.contains(QRegularExpression(QStringLiteral("remove 2 chain(s|\\(s\\)) and free %1")
                                                         .arg(QRegularExpression::escape(Units::bytes(freed))))),
                 qPrintable(summary));
        QCOMPARE(dialog->cliCommand(),
                 QStringLiteral("tidemark-cli prune %1 --keep-monthly 2 --node %2").arg(dir(), m_nodeUrl));
        QVERIFY(button(dialog, "pruneButton")->isEnabled());

        // Every node: the other nodes' chains are each the newest of their node.
        nodes->setCurrentIndex(0);
        QCOMPARE(dialog->nodeFilter(), QString());
        QCOMPARE(shownDecisions(dialog), plannedDecisions(catalog, monthly, {}));
        QCOMPARE(shownDecisions(dialog).value(QStringLiteral("edge-7")),
                 QStringLiteral("keep (newest chain of its node, monthly 2025-03)"));
        dialog->setNodeFilter(m_nodeUrl);

        // The last 3 points, and every day: what the plan says.
        clearRules(dialog);
        setSpin(dialog, "lastSpin", 3);
        setSpin(dialog, "dailySpin", -1);
        QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("dailySpin"))->text(), QStringLiteral("all"));
        QCOMPARE(dialog->findChild<QSpinBox *>(QStringLiteral("weeklySpin"))->text(), QStringLiteral("off"));
        RetentionPolicy lastAndDaily;
        lastAndDaily.last = 3;
        lastAndDaily.daily = -1;
        QCOMPARE(shownDecisions(dialog), plannedDecisions(catalog, lastAndDaily, m_nodeUrl));
        QVERIFY(!button(dialog, "pruneButton")->isEnabled()); // every day keeps a point: nothing to remove

        // Keep within: a span that does not parse is refused inline, and nothing is previewed.
        clearRules(dialog);
        auto *within = dialog->findChild<QLineEdit *>(QStringLiteral("withinEdit"));
        auto *problem = dialog->findChild<QLabel *>(QStringLiteral("withinProblem"));
        within->setText(QStringLiteral("3 weeks"));
        QVERIFY(!dialog->policy());
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("not '3 weeks'")), qPrintable(problem->text()));
        QCOMPARE(dialog->previewTable()->topLevelItemCount(), 0);
        QVERIFY(!button(dialog, "pruneButton")->isEnabled());
        QVERIFY(!button(dialog, "savePolicyButton")->isEnabled());
        within->setText(QStringLiteral("200d"));
        QVERIFY(!problem->isVisible());
        RetentionPolicy recent;
        recent.within = RetentionPolicy::Span{0, 0, 200, 0};
        QCOMPARE(shownDecisions(dialog), plannedDecisions(catalog, recent, m_nodeUrl));
        QCOMPARE(shownDecisions(dialog).value(QStringLiteral("node1-2025-06")), QStringLiteral("remove"));
        // No rule: nothing to preview, nothing to prune.
        within->clear();
        QCOMPARE(dialog->previewTable()->topLevelItemCount(), 0);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("previewSummary"))
                    ->text()
                    .startsWith(QStringLiteral("No rule")));
        QVERIFY(!button(dialog, "pruneButton")->isEnabled());
        dialog->close();
    }

    void pruneNowRemovesAndKeepsTheNewest()
    {
        auto *catalogDialog = m_window->findChild<CatalogDialog *>(QStringLiteral("catalogDialog"));
        QVERIFY(catalogDialog);
        // From the window's menu: the dialog reads the catalog itself.
        RetentionDialog *dialog = openRetention(nullptr);
        QVERIFY(dialog);
        clearRules(dialog);
        setSpin(dialog, "monthlySpin", 2);
        QCOMPARE(shownDecisions(dialog).value(QStringLiteral("node1-2025-01")), QStringLiteral("remove"));
        m_window->jobsPanel()->clearFinished();
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QSignalSpy refreshed(catalogDialog, &CatalogDialog::refreshed);
        answerYes(this);
        QTest::mouseClick(button(dialog, "pruneButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().first().toBool());
        for (const char *gone : {"node1-2025-01", "node1-2025-01.0", "node1-2024-12"})
            QVERIFY2(!QFileInfo::exists(path(QLatin1String(gone))), gone);
        for (const char *kept : {"node1", "node1.0", "node1.verified", "node1-2025-06", "edge-7", "edge-9", "orphan.0"})
            QVERIFY2(QFileInfo::exists(path(QLatin1String(kept))), kept);
        // In the jobs panel and the log like any job; the open catalog reads the folder again.
        QCOMPARE(m_window->jobsPanel()->rows().size(), 1);
        const QString stage =
            m_window->jobsPanel()->rows().first()->findChild<QLabel *>(QStringLiteral("jobStage"))->text();
        QVERIFY2(stage.contains(QRegularExpression(QStringLiteral("Removed 2 chain(s|\\(s\\)), freed "))),
                 qPrintable(stage));
        QVERIFY(m_window->logView()->toPlainText().contains(QStringLiteral("Gone: node1-2024-12, node1-2025-01.")));
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() && !catalogDialog->isReading(), 30000);
        QCOMPARE(catalogDialog->table()->topLevelItemCount(), 5);
        QVERIFY(!row(catalogDialog->table(), QStringLiteral("node1-2025-01")));
    }

    void policyIsSavedForTheNode()
    {
        RetentionDialog *dialog = openRetention(nullptr);
        QVERIFY(dialog);
        auto *saved = dialog->findChild<QLabel *>(QStringLiteral("savedPolicyLabel"));
        QCOMPARE(saved->text(), QStringLiteral("node1 has no policy saved."));
        clearRules(dialog);
        dialog->findChild<QLineEdit *>(QStringLiteral("withinEdit"))->setText(QStringLiteral("30d"));
        setSpin(dialog, "yearlySpin", 5);
        clickCheckBox(dialog->findChild<QCheckBox *>(QStringLiteral("applyAfterBackupCheck")));
        QTest::mouseClick(button(dialog, "savePolicyButton"), Qt::LeftButton);
        RetentionPolicy expected;
        expected.yearly = 5;
        expected.within = RetentionPolicy::Span{0, 0, 30, 0};
        QCOMPARE(m_window->nodeStore()->node(m_id)->retention, expected);
        QVERIFY(m_window->nodeStore()->node(m_id)->pruneAfterBackup);
        QCOMPARE(saved->text(),
                 QStringLiteral("Saved for node1: --keep-yearly 5 --keep-within 30d, applied after each backup."));
        dialog->close();
        // In the settings: a new store reads it back, and the next dialog starts from it.
        NodeStore reread;
        QCOMPARE(reread.node(m_id)->retention, expected);
        QVERIFY(reread.node(m_id)->pruneAfterBackup);
        dialog = openRetention(nullptr);
        QVERIFY(dialog);
        QVERIFY(dialog->policy());
        QCOMPARE(dialog->policy()->describe(), expected.describe());
        QCOMPARE(dialog->policy(), std::optional<RetentionPolicy>(expected));
        QVERIFY(dialog->findChild<QCheckBox *>(QStringLiteral("applyAfterBackupCheck"))->isChecked());
        dialog->close();
    }

    void backupPrunesTheExpiredChainOfItsNode()
    {
        // The policy saved above: the yearly rule keeps June 2025's chain; only the last 30 days now.
        RetentionPolicy within30;
        within30.within = RetentionPolicy::Span{0, 0, 30, 0};
        m_window->nodeStore()->setRetention(m_id, within30, true);
        m_window->jobsPanel()->clearFinished();
        QTRY_COMPARE(m_window->jobsPanel()->rows().size(), 0);
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 1, 12));
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QVERIFY(backUpThroughButton(*m_window));
        // The backup, then the prune of its folder, each a row of the jobs panel.
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QVERIFY(finished.at(1).first().toBool());
        QCOMPARE(m_window->jobsPanel()->rows().size(), 2);
        QVERIFY(QFileInfo::exists(path(QStringLiteral("node1.1"))));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("node1-2025-06"))));
        QVERIFY(QFileInfo::exists(path(QStringLiteral("node1"))));
        // Only this node's chains: the others' stay, however old.
        for (const char *kept : {"edge-7", "edge-9", "orphan.0"})
            QVERIFY2(QFileInfo::exists(path(QLatin1String(kept))), kept);
        const QString log = m_window->logView()->toPlainText();
        QVERIFY2(log.contains(
                     QStringLiteral("Prune of %1 started (--keep-within 30d, the chains of %2)").arg(dir(), m_nodeUrl)),
                 qPrintable(log));
        QVERIFY2(log.contains(QRegularExpression(QStringLiteral("Removed 1 chain(\\(s\\))?, freed "))),
                 qPrintable(log));

        // An empty policy is never applied; neither is one that does not apply after each backup.
        m_window->nodeStore()->setRetention(m_id, within30, false);
        QVERIFY(writeOwnPast(QStringLiteral("node1-2025-07"), {utc(2025, 7, 1)}));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("gui"), 1, 13));
        m_window->jobsPanel()->clearFinished();
        QSignalSpy again(m_window.get(), &MainWindow::jobFinished);
        QVERIFY(backUpThroughButton(*m_window));
        QTest::qWait(500);
        QCOMPARE(again.size(), 1);
        QVERIFY(QFileInfo::exists(path(QStringLiteral("node1-2025-07"))));
    }

    void aFailedPruneShowsLikeAnyFailedJob()
    {
        m_window->jobsPanel()->clearFinished();
        PruneJob::Options options;
        options.location = path(QStringLiteral("no-such-folder"));
        options.policy.last = 1;
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QVERIFY(m_window->jobLauncher()->prune(options));
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().toBool(), false);
        const QString stage =
            m_window->jobsPanel()->rows().first()->findChild<QLabel *>(QStringLiteral("jobStage"))->text();
        QVERIFY2(stage.contains(QStringLiteral("no-such-folder")), qPrintable(stage));
        // An empty policy does not start.
        options.policy = {};
        QVERIFY(!m_window->jobLauncher()->prune(options));
    }

    void maxLinksRollsTheChainOntoASyntheticFull()
    {
        // A second node, all of its points in one shard.
        NodeProcess second;
        QString error;
        QVERIFY2(second.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(second, QStringLiteral("gui")));
        QVERIFY(NodeData::writeMegabytes(second, QStringLiteral("gui"), 1, 10));
        const QString series = path(QStringLiteral("series"));
        const QString id =
            m_window->nodeStore()->save({QString(), QStringLiteral("node2"), second.snapshotHost(), {series}, 24});
        m_window->selectNode(id);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(id).state, NodeHealth::State::Reachable, 30000);
        // Max links per chain, set in the node dialog: a series of chains of at most 2 links.
        QTest::mouseClick(button(m_window.get(), "editNodeButton"), Qt::LeftButton);
        NodeDialog *nodeDialog = nullptr;
        QTRY_VERIFY((nodeDialog = visibleChild<NodeDialog>(m_window.get())));
        nodeDialog->findChild<QSpinBox *>(QStringLiteral("maxLinksSpin"))->setValue(2);
        nodeDialog->accept();
        QCOMPARE(m_window->nodeStore()->node(id)->maxLinks, 2);
        QTRY_VERIFY(button(m_window.get(), "backupButton")->isEnabled());
        for (int batch = 0; batch < 2; ++batch) {
            QVERIFY(NodeData::writeMegabytes(second, QStringLiteral("gui"), 1, 10));
            QVERIFY(backUpThroughButton(*m_window));
        }
        QCOMPARE(m_window->chainView()->count(), 2);
        // The third rolls the full chain onto a synthetic full in a new chain beside it.
        QVERIFY(NodeData::writeMegabytes(second, QStringLiteral("gui"), 1, 10));
        QVERIFY2(backUpThroughButton(*m_window), qPrintable(m_window->logView()->toPlainText().right(600)));
        QVERIFY(QFileInfo::exists(series) && QFileInfo::exists(series + QStringLiteral(".0")));
        QVERIFY(!QFileInfo::exists(series + QStringLiteral(".1")));
        const QStringList rolled = QDir(dir()).entryList({QStringLiteral("series-*Z")}, QDir::Files);
        QCOMPARE(rolled.size(), 1);
        QVERIFY(QFileInfo::exists(path(rolled.first() + QStringLiteral(".0"))));
        QCOMPARE(ChainLocation::seriesHead(series).value(), path(rolled.first()));
        // The pane shows the series' newest chain: the synthetic full and the new incremental.
        QTRY_COMPARE(m_window->chainView()->count(), 2);
        QVERIFY2(m_window->chainView()->cardButton(1)->text().contains(rolled.first() + QStringLiteral(".0")),
                 qPrintable(m_window->chainView()->cardButton(1)->text()));
        const QString status = m_window->findChild<QLabel *>(QStringLiteral("chainStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("its newest chain is %1").arg(path(rolled.first()))),
                 qPrintable(status));
        QVERIFY(m_window->logView()->toPlainText().contains(QStringLiteral("rolled onto a synthetic full")));
        m_window->nodeStore()->remove(id);
        m_window->selectNode(m_id);
        second.stop();
    }
};

QTEST_MAIN(TestRetention)
#include "tst_retention.moc"
