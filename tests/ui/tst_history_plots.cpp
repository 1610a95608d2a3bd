// The job history dialog over a real history database (JobHistory::record into a temporary
// TIDEMARK_HISTORY): a node's jobs in the table, newest first, whether the history names them by
// the node's host, by the URL its snapshots name or by their chain (a series' rolled chain too),
// and not another node's; every node's jobs; the plots' series (sizes and durations of the good
// backups, the failed one apart, the age of the newest good backup against the threshold), and
// hovering a point (the pointer over it, and the series' hovered signal) names its job.
#include "support/NodeData.h"

#include "history/JobHistory.h"

#include "HistoryDialog.h"
#include "HistoryPlots.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;
using namespace tidemark::ui;

namespace {

constexpr qint64 kMiB = 1024 * 1024;

} // namespace

class TestHistoryPlots : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_history;
    QDateTime m_base; ///< The first backup's start.
    const QString m_host = QStringLiteral("127.0.0.1:8808");
    const QString m_url = QStringLiteral("http://127.0.0.1:8086");
    QString m_chain;

    HistoryEntry entry(const QString &job, int hours, int seconds, qint64 bytes, int code, const QString &message,
                       const QString &node, const QString &chain) const
    {
        HistoryEntry e;
        e.started = m_base.addSecs(qint64{hours} * 3600);
        e.finished = e.started.addSecs(seconds);
        e.job = job;
        e.node = node;
        e.chain = chain;
        e.link = job == QLatin1String("backup") && code == 0 ? chain + QStringLiteral(".%1").arg(hours) : QString();
        e.bytes = bytes;
        e.code = code;
        e.message = message;
        e.origin = hours < 48 ? QStringLiteral("gui") : QStringLiteral("gui-timer");
        return e;
    }

    std::vector<HistoryScope> scopes() const
    {
        HistoryScope node1{QStringLiteral("id-1"), QStringLiteral("node1"), {m_host, m_url}, {m_chain}, 26 * 3600};
        HistoryScope edge{QStringLiteral("id-7"),
                          QStringLiteral("edge-7"),
                          {QStringLiteral("10.0.0.7:8808")},
                          {m_dir.filePath(QStringLiteral("edge-7"))},
                          24 * 3600};
        return {node1, edge};
    }

    static void waitLoaded(HistoryDialog &dialog) { QTRY_VERIFY_WITH_TIMEOUT(!dialog.isReading(), 30000); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        NodeData::isolateSettings(m_dir.filePath(QStringLiteral("settings")));
        m_history = m_dir.filePath(QStringLiteral("history.sqlite"));
        qputenv("TIDEMARK_HISTORY", m_history.toLocal8Bit());
        m_chain = m_dir.filePath(QStringLiteral("node1"));
        m_base = QDateTime::currentDateTimeUtc().addDays(-5);
        const QString series = m_chain + QStringLiteral("-20261201T020000Z");
        const std::vector<HistoryEntry> rows = {
            entry(QStringLiteral("backup"), 0, 10, 10 * kMiB, 0, QStringLiteral("full"), m_url, m_chain),
            entry(QStringLiteral("backup"), 24, 4, 2 * kMiB, 0, QStringLiteral("incremental"), m_url, m_chain),
            entry(QStringLiteral("backup"), 48, 2, 0, 4, QStringLiteral("connection refused"), m_host, m_chain),
            entry(QStringLiteral("backup"), 72, 5, 3 * kMiB, 0, QStringLiteral("incremental"), m_url, m_chain),
            entry(QStringLiteral("verify"), 73, 6, 15 * kMiB, 0, QString(), QString(), m_chain),
            entry(QStringLiteral("prune"), 74, 1, 4 * kMiB, 0, QStringLiteral("1 chain(s) removed"), m_host,
                  m_dir.path()),
            entry(QStringLiteral("backup"), 75, 3, kMiB / 2, 0, QStringLiteral("incremental"),
                  QStringLiteral("http://10.0.0.7:8086"), m_dir.filePath(QStringLiteral("edge-7"))),
            entry(QStringLiteral("backup"), 96, 8, 6 * kMiB, 0, QStringLiteral("full"), QString(), series),
        };
        for (const HistoryEntry &row : rows)
            QVERIFY(JobHistory::record(row, m_history));
    }

    void tableShowsTheNodesJobs()
    {
        HistoryDialog dialog(scopes(), QStringLiteral("id-1"), nullptr, m_history);
        dialog.show();
        waitLoaded(dialog);
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Job history of node1"));
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("historyTable"));
        QCOMPARE(table->rowCount(), 7); // not edge-7's backup
        QCOMPARE(int(dialog.entries().size()), 7);
        // Newest first: the series' rolled chain, then the prune, the verify …
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("backup"));
        QVERIFY(table->item(0, 5)->text().endsWith(QStringLiteral("node1-20261201T020000Z")));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("prune"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("verify"));
        QCOMPARE(table->item(4, 2)->text(), QStringLiteral("✖ failed (code 4)"));
        QCOMPARE(table->item(4, 6)->text(), QStringLiteral("connection refused"));
        QCOMPARE(table->item(6, 6)->text(), QStringLiteral("full"));
        QCOMPARE(table->item(6, 7)->text(), QStringLiteral("gui"));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("historyStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("1 failed")));

        // Every node's.
        auto *node = dialog.findChild<QComboBox *>(QStringLiteral("nodeFilterCombo"));
        node->setCurrentIndex(node->findData(QString()));
        waitLoaded(dialog);
        QCOMPARE(table->rowCount(), 8);
        auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("historyTabs"));
        QVERIFY(!tabs->isTabEnabled(tabs->indexOf(dialog.plots())));
        node->setCurrentIndex(node->findData(QStringLiteral("id-7")));
        waitLoaded(dialog);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 5)->text(), m_dir.filePath(QStringLiteral("edge-7")));
    }

    void plotsShowTheBackups()
    {
        HistoryDialog dialog(scopes(), QStringLiteral("id-1"), nullptr, m_history);
        dialog.showPlots();
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        waitLoaded(dialog);
        HistoryPlots *plots = dialog.plots();
        QVERIFY(plots->isVisible());

        // Sizes in MiB (the largest is 10 MiB) and durations of the four good backups.
        QCOMPARE(plots->sizeUnit(), double(kMiB));
        const QList<QPointF> sizes = plots->sizeSeries()->points();
        QCOMPARE(sizes.size(), 4);
        QCOMPARE(sizes[0].y(), 10.0);
        QCOMPARE(sizes[1].y(), 2.0);
        QCOMPARE(sizes[2].y(), 3.0);
        QCOMPARE(sizes[3].y(), 6.0);
        QCOMPARE(qint64(sizes[1].x()), m_base.addSecs(24 * 3600 + 4).toMSecsSinceEpoch());
        const QList<QPointF> durations = plots->durationSeries()->points();
        QCOMPARE(durations.size(), 4);
        QCOMPARE(durations[0].y(), 10.0);
        QCOMPARE(durations[3].y(), 8.0);
        // The failed one apart, at its duration.
        QCOMPARE(plots->failedSeries()->count(), 1);
        QCOMPARE(plots->failedSeries()->at(0).y(), 2.0);

        // The age: 0 after each good backup, up to the next, and now.
        const QList<QPointF> age = plots->ageSeries()->points();
        QCOMPARE(age.size(), 9);
        QCOMPARE(age[0].y(), 0.0);
        QCOMPARE(age[1].y(), (24 * 3600 + 4 - 10) / 3600.0); // before the second good backup
        QCOMPARE(age[2].y(), 0.0);
        QCOMPARE(age[3].y(), (24 * 3600 + 2 - 4) / 3600.0); // the failed one: no reset
        QCOMPARE(age[4].y(), (48 * 3600 + 5 - 4) / 3600.0);
        QCOMPARE(age[5].y(), 0.0);
        const double sinceNewest =
            static_cast<double>(m_base.addSecs(96 * 3600 + 8).msecsTo(QDateTime::currentDateTimeUtc())) / 3.6e6;
        QVERIFY2(qAbs(age[8].y() - sinceNewest) < 0.1, qPrintable(QString::number(age[8].y())));
        QCOMPARE(plots->ageFailedSeries()->count(), 1);
        QCOMPARE(plots->ageFailedSeries()->at(0).y(), age[3].y());
        QCOMPARE(plots->thresholdSeries()->count(), 2);
        QCOMPARE(plots->thresholdSeries()->at(0).y(), 26.0);
        QCOMPARE(plots->thresholdSeries()->at(1).y(), 26.0);
        QVERIFY(plots->thresholdSeries()->isVisible());

        // Hovering: the pointer over the second size point.
        auto *hover = dialog.findChild<QLabel *>(QStringLiteral("hoverLabel"));
        QVERIFY(hover->text().startsWith(QStringLiteral("Hover a point")));
        QChartView *view = plots->sizeChartView();
        QChart *chart = plots->sizeChart();
        const QPointF at = chart->mapToPosition(sizes[1], plots->sizeSeries());
        const QPoint pixel = view->mapFromScene(chart->mapToScene(at));
        QTest::mouseMove(view->viewport(), pixel + QPoint(10, 10));
        QTest::mouseMove(view->viewport(), pixel);
        QTRY_VERIFY2(hover->text().contains(QStringLiteral("incremental")), qPrintable(hover->text()));
        QVERIFY(hover->text().contains(QStringLiteral("backup")));
        QVERIFY(hover->text().contains(QStringLiteral("from gui")));
        QVERIFY(hover->text().contains(m_chain + QStringLiteral(".24")));
        // The failed backup, through the series' signal.
        Q_EMIT plots->ageFailedSeries()->hovered(plots->ageFailedSeries()->at(0), true);
        QVERIFY2(hover->text().contains(QStringLiteral("✖ failed (code 4): connection refused")),
                 qPrintable(hover->text()));
        Q_EMIT plots->ageSeries()->hovered(age[8], true);
        QVERIFY2(hover->text().startsWith(QStringLiteral("Now: the newest good backup is")), qPrintable(hover->text()));
        Q_EMIT plots->thresholdSeries()->hovered(plots->thresholdSeries()->at(0), true);
        QVERIFY(hover->text().contains(QStringLiteral("Overdue when")));
    }

    void emptyHistoryPlotsNothing()
    {
        HistoryDialog dialog(scopes(), QStringLiteral("id-1"), nullptr, m_dir.filePath(QStringLiteral("none.sqlite")));
        dialog.show();
        waitLoaded(dialog);
        QCOMPARE(dialog.table()->rowCount(), 0);
        QCOMPARE(dialog.plots()->sizeSeries()->count(), 0);
        QCOMPARE(dialog.plots()->ageSeries()->count(), 0);
        QVERIFY(dialog.plots()->sizeChart()->title().contains(QStringLiteral("no backup")));
    }
};

QTEST_MAIN(TestHistoryPlots)
#include "tst_history_plots.moc"
