// Contents… of the chain pane (issue 20, the GUI's browse) against a real tidemarkd: two databases
// with known measurements and series, a full backup and an incremental after more writes, both
// made by the real tidemark-cli. The dialog for the full snapshot and for the newest link must show
// what was written at that moment (databases, measurements, series counts), the summary must add
// it up, a damaged link must show core's error in the error label, and Cancel must stop a read
// (Reload then reads it whole). Selecting a measurement plots its points over time: the counts per
// bucket must add up to the points written, in the buckets of their times; a new selection cancels
// a count still running. "Restore this database…" opens the online wizard: a database restored
// under a new name into the running node (its points there, through the jobs panel), and a conflict
// under "fail" explained with nothing changed on the node.
#include "support/NodeBlockLinks.h"
#include "support/NodeData.h"
#include "support/NodeProcess.h"

#include "ChainPane.h"
#include "ChainView.h"
#include "ContentsDialog.h"
#include "MainWindow.h"
#include "NodeStore.h"
#include "JobLauncher.h"
#include "OnlineRestoreWizard.h"
#include "PointCountJob.h"
#include "browse/ChainContents.h"
#include "kinds/NodeKind.h"
#include "node/NodeInspector.h"
#include "restore/OnlineImporter.h"
#include "snapshot/BackupChain.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMap>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QComboBox>
#include <QStandardItemModel>
#include <QLineEdit>
#include <QTableWidget>
#include <QTreeWidget>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

constexpr qint64 kSecondNs = 1000000000LL;
constexpr qint64 kBase = 1000000000LL * kSecondNs; // 2001-09-09T01:46:40Z, early in its shard group's week

/// Database → measurement → series, as the test wrote them or as a tree shows them.
using Tally = QMap<QString, QMap<QString, qint64>>;

/// The tree's databases, their measurements and series (summed over shards: each series here has
/// its points in one shard).
Tally shown(QTreeWidget *tree)
{
    Tally tally;
    for (int d = 0; d < tree->topLevelItemCount(); ++d) {
        QTreeWidgetItem *db = tree->topLevelItem(d);
        auto &measurements = tally[db->text(ContentsDialog::NameColumn)];
        for (int r = 0; r < db->childCount(); ++r) {
            QTreeWidgetItem *rp = db->child(r);
            for (int s = 0; s < rp->childCount(); ++s) {
                QTreeWidgetItem *shard = rp->child(s);
                for (int m = 0; m < shard->childCount(); ++m) {
                    QTreeWidgetItem *item = shard->child(m);
                    measurements[item->text(ContentsDialog::NameColumn)] +=
                        item->text(ContentsDialog::SeriesColumn).toLongLong();
                }
            }
        }
    }
    return tally;
}

/// The offset of a byte in the middle of the first `shards/…` entry of the plain tar `path`
/// (a link as the CLI writes it by default), or -1.
qint64 firstShardByte(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    qint64 header = 0;
    while (file.seek(header)) {
        const QByteArray block = file.read(512);
        if (block.size() < 512 || block.count('\0') == 512)
            return -1;
        const QByteArray name(block.constData(), static_cast<qsizetype>(qstrnlen(block.constData(), 100)));
        const qint64 size = block.mid(124, 12).trimmed().toLongLong(nullptr, 8);
        if (name.startsWith("shards/") && size > 0)
            return header + 512 + size / 2;
        header += 512 + (size + 511) / 512 * 512;
    }
    return -1;
}

/// The row of measurement `name` under database `db` (its first shard holding it).
QTreeWidgetItem *measurementItem(QTreeWidget *tree, const QString &db, const QString &name)
{
    for (int d = 0; d < tree->topLevelItemCount(); ++d) {
        QTreeWidgetItem *dbItem = tree->topLevelItem(d);
        if (dbItem->text(ContentsDialog::NameColumn) != db)
            continue;
        for (int r = 0; r < dbItem->childCount(); ++r) {
            for (int s = 0; s < dbItem->child(r)->childCount(); ++s) {
                QTreeWidgetItem *shard = dbItem->child(r)->child(s);
                for (int m = 0; m < shard->childCount(); ++m) {
                    if (shard->child(m)->text(ContentsDialog::NameColumn) == name)
                        return shard->child(m);
                }
            }
        }
    }
    return nullptr;
}

QTreeWidgetItem *databaseItem(QTreeWidget *tree, const QString &db)
{
    for (int d = 0; d < tree->topLevelItemCount(); ++d) {
        if (tree->topLevelItem(d)->text(ContentsDialog::NameColumn) == db)
            return tree->topLevelItem(d);
    }
    return nullptr;
}

/// Points per database in a node's data directory (-1: the database is not there).
qint64 pointsOn(const QString &dataDir, const QString &db)
{
    auto report = NodeInspector::inspect(dataDir);
    if (!report)
        return -2;
    for (const InspectReport::Database &d : report->databases) {
        if (d.name == db)
            return static_cast<qint64>(d.points);
    }
    return -1;
}

QString describe(const Tally &tally)
{
    QStringList parts;
    for (auto db = tally.begin(); db != tally.end(); ++db) {
        QStringList ms;
        for (auto m = db->begin(); m != db->end(); ++m)
            ms << QStringLiteral("%1=%2").arg(m.key()).arg(m.value());
        parts << QStringLiteral("%1{%2}").arg(db.key(), ms.join(QLatin1Char(',')));
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestContentsDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_backupDir;
    NodeProcess m_node;
    std::unique_ptr<MainWindow> m_window;
    QString m_nodeId;
    Tally m_atFull;   ///< What the node held at the full backup.
    Tally m_atNewest; ///< … and at the incremental.

    QString dir() const { return QDir(m_backupDir.path()).canonicalPath(); }
    QString chainPath() const { return QDir(dir()).filePath(QStringLiteral("node1")); }

    /// Writes `count` series of `measurement` into `db`, one point each, `offset` seconds after kBase.
    bool write(const QString &db, const QString &measurement, int firstSeries, int count, int offset, Tally &tally)
    {
        QByteArray body;
        for (int i = firstSeries; i < firstSeries + count; ++i)
            body += measurement.toUtf8() + ",host=h" + QByteArray::number(i) + " v=" + QByteArray::number(i) + ' ' +
                    QByteArray::number(kBase + (offset + i) * kSecondNs) + '\n';
        if (m_node.request("POST", QStringLiteral("/write?db=%1").arg(db), body).status != 204)
            return false;
        tally[db][measurement] += count;
        return true;
    }

    bool backUp()
    {
        QByteArray out;
        QByteArray err;
        const int code = NodeProcess::runCli(
            {QStringLiteral("backup"), QStringLiteral("-host"), m_node.snapshotHost(), chainPath()}, &out, &err);
        if (code != 0)
            qWarning("backup: %d %s", code, err.constData());
        return code == 0;
    }

    /// Contents… for card `card` of the window's chain, once its tree (or error) is shown.
    ContentsDialog *openFromPane(int card)
    {
        ChainPane *pane = m_window->chainPane();
        pane->chainView()->selectLink(card);
        auto *button = pane->findChild<QPushButton *>(QStringLiteral("contentsButton"));
        if (!button || !QTest::qWaitFor([button] { return button->isEnabled(); }, 10000))
            return nullptr;
        QTest::mouseClick(button, Qt::LeftButton);
        ContentsDialog *dialog = nullptr;
        for (auto *candidate : pane->findChildren<ContentsDialog *>()) {
            if (candidate->isVisible())
                dialog = candidate;
        }
        if (!dialog || !QTest::qWaitFor([dialog] { return !dialog->isReading(); }, 60000))
            return nullptr;
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_backupDir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("alpha")));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("beta")));
        Tally written;
        QVERIFY(write(QStringLiteral("alpha"), QStringLiteral("cpu"), 0, 3, 0, written));
        QVERIFY(write(QStringLiteral("alpha"), QStringLiteral("mem"), 0, 1, 10, written));
        QVERIFY(write(QStringLiteral("beta"), QStringLiteral("disk"), 0, 2, 20, written));
        QVERIFY(backUp());
        m_atFull = written;
        // More writes: a new series of cpu, a new measurement in beta.
        QVERIFY(write(QStringLiteral("alpha"), QStringLiteral("cpu"), 3, 1, 30, written));
        QVERIFY(write(QStringLiteral("beta"), QStringLiteral("net"), 0, 1, 40, written));
        QVERIFY(backUp());
        m_atNewest = written;
        auto chain = BackupChain::open(chainPath());
        QVERIFY2(chain, qPrintable(chain ? QString() : chain.error().message));
        QCOMPARE(chain->links().size(), size_t{2});

        // The node is in the settings when the window starts, as after a restart.
        const QString id =
            NodeStore().save({QString(), QStringLiteral("node1"), m_node.snapshotHost(), {chainPath()}, 24});
        m_nodeId = id;
        m_window = std::make_unique<MainWindow>();
        m_window->selectNode(id);
        m_window->selectLocation(chainPath());
        m_window->resize(1100, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->chainPane()->currentChain() && m_window->chainPane()->currentChain()->links().size() == 2, 30000);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_node.stop();
    }

    void fullSnapshot()
    {
        ContentsDialog *dialog = openFromPane(0);
        QVERIFY(dialog);
        QCOMPARE(dialog->upto(), -1);
        QVERIFY2(dialog->contents(), qPrintable(dialog->error().message));
        QCOMPARE(describe(shown(dialog->tree())), describe(m_atFull));
        QVERIFY(!dialog->findChild<QLabel *>(QStringLiteral("contentsError"))->isVisible());
        QVERIFY(!dialog->findChild<QProgressBar *>(QStringLiteral("contentsProgress"))->isVisible());
        const QString summary = dialog->findChild<QLabel *>(QStringLiteral("contentsSummary"))->text();
        QCOMPARE(summary, ContentsDialog::summaryText(*dialog->contents()));
        QVERIFY2(summary.contains(QStringLiteral("Databases: 2")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("measurements: 3")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("series: 6")), qPrintable(summary));
        // Each shard names the link holding it: the full.
        QTreeWidgetItem *shard = dialog->tree()->topLevelItem(0)->child(0)->child(0);
        QCOMPARE(shard->text(ContentsDialog::LinkColumn), QStringLiteral("node1"));
        QVERIFY(!shard->text(ContentsDialog::FromColumn).isEmpty());
        dialog->close();
    }

    void newestLink()
    {
        ContentsDialog *dialog = openFromPane(1);
        QVERIFY(dialog);
        QCOMPARE(dialog->upto(), 0);
        QVERIFY2(dialog->contents(), qPrintable(dialog->error().message));
        QCOMPARE(describe(shown(dialog->tree())), describe(m_atNewest));
        const QString summary = dialog->findChild<QLabel *>(QStringLiteral("contentsSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("Databases: 2")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("measurements: 4")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("series: 8")), qPrintable(summary));
        // The retention policy says its duration and that it is the default.
        QTreeWidgetItem *rp = dialog->tree()->topLevelItem(0)->child(0);
        QVERIFY2(rp->text(ContentsDialog::DetailsColumn).contains(QStringLiteral("default")),
                 qPrintable(rp->text(ContentsDialog::DetailsColumn)));
        dialog->close();
    }

    void damagedLink()
    {
        // A copy of the chain whose full has a byte changed inside its first shard file.
        const QString damaged = QDir(dir()).filePath(QStringLiteral("damaged"));
        QVERIFY(QFile::copy(chainPath(), damaged));
        QVERIFY(QFile::copy(chainPath() + QStringLiteral(".0"), damaged + QStringLiteral(".0")));
        const qint64 at = firstShardByte(damaged);
        QVERIFY(at > 0);
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.seek(at));
        char byte = 0;
        QVERIFY(file.getChar(&byte));
        QVERIFY(file.seek(at));
        QVERIFY(file.putChar(static_cast<char>(byte ^ 0x5a)));
        file.close();

        ContentsDialog dialog(damaged, -1);
        QSignalSpy loaded(&dialog, &ContentsDialog::loaded);
        dialog.show();
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.first().first().toBool(), false);
        QVERIFY(!dialog.contents());
        QCOMPARE(dialog.error().code, ErrorCode::Integrity);
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("contentsError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().startsWith(dialog.error().message), qPrintable(error->text()));
        QVERIFY2(error->text().contains(damaged) && error->text().contains(QStringLiteral("shards/")),
                 qPrintable(error->text()));
        QCOMPARE(dialog.tree()->topLevelItemCount(), 0);
    }

    void cancel()
    {
        ContentsDialog dialog(chainPath(), 0);
        QSignalSpy loaded(&dialog, &ContentsDialog::loaded);
        dialog.show();
        auto *cancelButton = dialog.findChild<QPushButton *>(QStringLiteral("cancelButton"));
        QVERIFY(dialog.isReading());
        QVERIFY(cancelButton->isVisible());
        QTest::mouseClick(cancelButton, Qt::LeftButton);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.first().first().toBool(), false);
        QCOMPARE(dialog.error().code, ErrorCode::Cancelled);
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("contentsError"))->isVisible());
        QVERIFY(!cancelButton->isVisible());
        QCOMPARE(dialog.tree()->topLevelItemCount(), 0);

        // Reload reads it whole.
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("reloadButton")), Qt::LeftButton);
        QVERIFY(loaded.wait(60000));
        QCOMPARE(loaded.last().first().toBool(), true);
        QCOMPARE(describe(shown(dialog.tree())), describe(m_atNewest));
    }

    void pointsOverTime()
    {
        ContentsDialog dialog(chainPath(), 0);
        QSignalSpy loaded(&dialog, &ContentsDialog::loaded);
        QSignalSpy counted(&dialog, &ContentsDialog::pointsCounted);
        dialog.show();
        QVERIFY(loaded.wait(60000));
        QVERIFY(dialog.contents());

        // cpu, then at once disk: the first count is cancelled, the second plotted.
        dialog.tree()->setCurrentItem(measurementItem(dialog.tree(), QStringLiteral("alpha"), QStringLiteral("cpu")));
        QVERIFY(dialog.isCounting());
        dialog.tree()->setCurrentItem(measurementItem(dialog.tree(), QStringLiteral("beta"), QStringLiteral("disk")));
        QVERIFY(counted.wait(60000));
        QCOMPARE(counted.size(), 1);
        QCOMPARE(counted.first().first().toBool(), true);
        QCOMPARE(dialog.plottedMeasurement().value(0), QStringLiteral("beta"));
        QCOMPARE(dialog.plottedMeasurement().value(2), QStringLiteral("disk"));
        qint64 sum = 0;
        for (const auto &[from, count] : dialog.plotted())
            sum += count;
        QCOMPARE(sum, m_atNewest[QStringLiteral("beta")][QStringLiteral("disk")]);

        // cpu: points at kBase + 0, 1, 2 s (the full) and + 33 s (the incremental), one a second
        // wide bucket each.
        dialog.tree()->setCurrentItem(measurementItem(dialog.tree(), QStringLiteral("alpha"), QStringLiteral("cpu")));
        QVERIFY(counted.wait(60000));
        QCOMPARE(counted.last().first().toBool(), true);
        QMap<qint64, qint64> byTime;
        sum = 0;
        for (const auto &[from, count] : dialog.plotted()) {
            sum += count;
            if (count > 0)
                byTime[(from - kBase) / kSecondNs] = count;
        }
        QCOMPARE(sum, m_atNewest[QStringLiteral("alpha")][QStringLiteral("cpu")]);
        QCOMPARE(byTime, (QMap<qint64, qint64>{{0, 1}, {1, 1}, {2, 1}, {33, 1}}));
        QVERIFY(dialog.plotted().size() <= size_t{ContentsDialog::kMaxBuckets});
        const QString status = dialog.findChild<QLabel *>(QStringLiteral("pointsStatus"))->text();
        QVERIFY2(status.contains(QStringLiteral("points: 4, per 1 s")), qPrintable(status));
        QVERIFY(dialog.findChild<QWidget *>(QStringLiteral("pointsChart"))->isVisible());

        // A count running when the dialog goes is cancelled and waited for.
        dialog.tree()->setCurrentItem(measurementItem(dialog.tree(), QStringLiteral("alpha"), QStringLiteral("mem")));
        QVERIFY(dialog.isCounting());
    }

    void bucketWidths()
    {
        QCOMPARE(PointCountJob::bucketWidth(0, 59 * kSecondNs, 60), kSecondNs);
        QCOMPARE(PointCountJob::bucketWidth(0, 60 * kSecondNs, 60), 2 * kSecondNs);
        QCOMPARE(PointCountJob::bucketWidth(0, 3600 * kSecondNs, 60), 2 * 60 * kSecondNs);
        const auto options = PointCountJob::plan(QString(), -1, QString(), QString(), QStringLiteral("m"),
                                                 kBase + 500000000LL, kBase + 3 * kSecondNs, 60);
        QCOMPARE(options.filter.start, kBase);
        QCOMPARE(options.filter.end, kBase + 4 * kSecondNs);
    }

    void restoreUnderNewName()
    {
        // Through the window: Contents… of the newest link, the database row, the button.
        ContentsDialog *dialog = openFromPane(1);
        QVERIFY(dialog);
        QVERIFY(dialog->contents());
        auto *restore = dialog->findChild<QPushButton *>(QStringLiteral("restoreDatabaseButton"));
        dialog->tree()->setCurrentItem(databaseItem(dialog->tree(), QStringLiteral("alpha")));
        QVERIFY(restore->isEnabled());
        QTest::mouseClick(restore, Qt::LeftButton);
        auto *wizard = m_window->findChild<OnlineRestoreWizard *>();
        QVERIFY(wizard);
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        QCOMPARE(wizard->database(), QStringLiteral("alpha"));
        auto *nodes = wizard->findChild<QComboBox *>(QStringLiteral("nodeCombo"));
        QCOMPARE(nodes->count(), 1);
        QCOMPARE(nodes->currentData().toString(), m_nodeId);
        auto *name = wizard->findChild<QLineEdit *>(QStringLiteral("newNameEdit"));
        QCOMPARE(name->text(), QStringLiteral("alpha"));
        name->setText(QStringLiteral("alpha_copy"));
        // Tidemark nodes can replace.
        auto *conflict = wizard->findChild<QComboBox *>(QStringLiteral("conflictCombo"));
        QCOMPARE(conflict->count(), 3);
        QVERIFY(!wizard->findChild<QLabel *>(QStringLiteral("replaceNoteLabel"))->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(wizard->button(QWizard::NextButton)->isEnabled(), 10000);

        QSignalSpy planned(wizard, &OnlineRestoreWizard::planned);
        wizard->next();
        QCOMPARE(wizard->currentId(), int(OnlineRestoreWizard::PlanPage));
        QVERIFY(planned.wait(60000));
        QVERIFY2(planned.first().first().toBool(), qPrintable(wizard->error().message));
        auto *table = wizard->findChild<QTableWidget *>(QStringLiteral("planTable"));
        QVERIFY(table->rowCount() >= 1);
        QCOMPARE(static_cast<size_t>(table->rowCount()), wizard->plan()->shards.size());
        for (int r = 0; r < table->rowCount(); ++r)
            QCOMPARE(table->item(r, 5)->text(), QStringLiteral("import"));
        QCOMPARE(pointsOn(m_node.dataDir(), QStringLiteral("alpha_copy")), qint64{-1}); // Nothing yet.

        wizard->next();
        QCOMPARE(wizard->currentId(), int(OnlineRestoreWizard::RestorePage));
        QTRY_VERIFY_WITH_TIMEOUT(wizard->isFinished(), 60000);
        QVERIFY2(wizard->error().code == ErrorCode::Ok, qPrintable(OnlineRestoreWizard::errorText(wizard->error())));
        const QString result = wizard->findChild<QLabel *>(QStringLiteral("resultLabel"))->text();
        QVERIFY2(result.contains(QStringLiteral("alpha_copy")), qPrintable(result));
        qint64 alphaPoints = 0;
        for (qint64 n : m_atNewest[QStringLiteral("alpha")])
            alphaPoints += n;
        QCOMPARE(pointsOn(m_node.dataDir(), QStringLiteral("alpha_copy")), alphaPoints);
        QCOMPARE(pointsOn(m_node.dataDir(), QStringLiteral("alpha")), alphaPoints);
        // It ran as a job of the window: the launcher is free again.
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<JobLauncher *>()->running() == 0, 10000);
        wizard->close();
        dialog->close();
    }

    void conflictUnderFail()
    {
        NodeStore store;
        QTRY_VERIFY_WITH_TIMEOUT(!store.isReadingToken(m_nodeId), 10000);
        const qint64 before = pointsOn(m_node.dataDir(), QStringLiteral("beta"));
        QVERIFY(before > 0);
        OnlineRestoreWizard wizard(&store, chainPath(), 0, QStringLiteral("beta"), Manifest::Kind::Tidemark);
        wizard.show();
        QCOMPARE(wizard.findChild<QComboBox *>(QStringLiteral("conflictCombo"))->currentIndex(), 0); // fail
        QSignalSpy planned(&wizard, &OnlineRestoreWizard::planned);
        wizard.next();
        QVERIFY(planned.wait(60000));
        QCOMPARE(planned.first().first().toBool(), false);
        QCOMPARE(wizard.error().code, ErrorCode::Conflict);
        auto *error = wizard.findChild<QLabel *>(QStringLiteral("planError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("exit code 14")) &&
                     error->text().contains(QStringLiteral("Nothing was changed")) &&
                     error->text().contains(wizard.error().message),
                 qPrintable(error->text()));
        QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
        QCOMPARE(pointsOn(m_node.dataDir(), QStringLiteral("beta")), before);

        // Back, "skip": every shard exists, so nothing is left to restore and Restore stays off.
        wizard.back();
        wizard.findChild<QComboBox *>(QStringLiteral("conflictCombo"))->setCurrentIndex(1);
        wizard.next();
        QVERIFY(planned.wait(60000));
        QCOMPARE(planned.last().first().toBool(), true);
        QVERIFY(!wizard.button(QWizard::CommitButton)->isEnabled());
        QCOMPARE(pointsOn(m_node.dataDir(), QStringLiteral("beta")), before);
    }

    void influxTarget()
    {
        // An InfluxDB chain: only InfluxDB nodes are offered (none here, and the wizard says so),
        // and replace is not offered, with the kind's reason.
        NodeStore store;
        OnlineRestoreWizard wizard(&store, chainPath(), 0, QStringLiteral("telegraf"), Manifest::Kind::InfluxDb1);
        wizard.show();
        QCOMPARE(wizard.findChild<QComboBox *>(QStringLiteral("nodeCombo"))->count(), 0);
        QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("noNodeLabel"))->isVisible());
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        auto *conflict = wizard.findChild<QComboBox *>(QStringLiteral("conflictCombo"));
        auto *model = qobject_cast<QStandardItemModel *>(conflict->model());
        QVERIFY(model);
        QVERIFY(model->item(0)->isEnabled() && model->item(1)->isEnabled());
        QVERIFY(!model->item(2)->isEnabled());
        const QString note = wizard.findChild<QLabel *>(QStringLiteral("replaceNoteLabel"))->text();
        QVERIFY(wizard.findChild<QLabel *>(QStringLiteral("replaceNoteLabel"))->isVisible());
        QVERIFY2(note.contains(NodeKind::of(Manifest::Kind::InfluxDb1).onlineImporter().replaceRefusal()),
                 qPrintable(note));
        QVERIFY2(note.contains(QStringLiteral("cannot replace a database while it runs")), qPrintable(note));
    }

    void closingWhileReading()
    {
        // A dialog closed (deleted) mid-read cancels its job and waits for it.
        auto *dialog = new ContentsDialog(chainPath(), -1);
        dialog->show();
        QVERIFY(dialog->isReading());
        delete dialog;
    }

    // Block links (issue 19): the chain copied, more series written, and a link appended from the
    // stopped node's files as block links: the dialog at that link shows what the node held, and
    // the plot counts its points.
    void blockLinks()
    {
        Tally written = m_atNewest;
        QVERIFY(write(QStringLiteral("alpha"), QStringLiteral("cpu"), 4, 3, 50, written));
        QCOMPARE(m_node.stop(), 0);
        const QString blocks = QDir(dir()).filePath(QStringLiteral("blocks"));
        QVERIFY(QFile::copy(chainPath(), blocks));
        QVERIFY(QFile::copy(chainPath() + QStringLiteral(".0"), blocks + QStringLiteral(".0")));
        auto appended = appendNodeBlockLinks(blocks, m_node.dataDir());
        QVERIFY2(appended, appended ? "" : qPrintable(appended.error().message));
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        auto chain = BackupChain::open(blocks);
        QVERIFY(chain && chain->links().size() == 3 && chain->links().back().manifest.hasBlockLinks());

        ContentsDialog dialog(blocks, 1);
        QSignalSpy loaded(&dialog, &ContentsDialog::loaded);
        QSignalSpy counted(&dialog, &ContentsDialog::pointsCounted);
        dialog.show();
        QVERIFY(loaded.wait(60000));
        QVERIFY2(dialog.contents(), qPrintable(dialog.error().message));
        Tally alphaAndBeta = shown(dialog.tree()); // Without what restoreUnderNewName imported.
        for (const QString &db : alphaAndBeta.keys()) {
            if (!written.contains(db))
                alphaAndBeta.remove(db);
        }
        QCOMPARE(describe(alphaAndBeta), describe(written));
        dialog.tree()->setCurrentItem(measurementItem(dialog.tree(), QStringLiteral("alpha"), QStringLiteral("cpu")));
        QVERIFY(counted.wait(60000));
        QCOMPARE(counted.last().first().toBool(), true);
        qint64 sum = 0;
        for (const auto &[from, count] : dialog.plotted())
            sum += count;
        QCOMPARE(sum, written[QStringLiteral("alpha")][QStringLiteral("cpu")]);
    }
};

QTEST_MAIN(TestContentsDialog)
#include "tst_contentsdialog.moc"
