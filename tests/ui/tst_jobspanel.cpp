// The jobs panel renders a real backup of a large node while the event loop stays responsive:
// a 10 ms timer measures the longest gap between its ticks while the backup runs (< 50 ms).
// The node holds TIDEMARK_UI_BACKUP_MB megabytes (default 200, the size).
#include "NodeData.h"

#include "JobRow.h"
#include "JobsPanel.h"
#include "backup/BackupJob.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tidemark;
using namespace tidemark::ui;

class TestJobsPanel : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_backupDir;
    NodeProcess m_node;
    int m_megabytes = 200;

private Q_SLOTS:
    void initTestCase()
    {
        m_megabytes = qEnvironmentVariableIntValue("TIDEMARK_UI_BACKUP_MB") > 0 ? qEnvironmentVariableIntValue("TIDEMARK_UI_BACKUP_MB") : 200;
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("big")));
        QElapsedTimer timer;
        timer.start();
        // Spread over a few days (shards), as a real node would be.
        for (int day = 0; day < 4; ++day)
            QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("big"), m_megabytes / 4, 20 + day));
        qInfo("wrote %d MB in %.1f s", m_megabytes, static_cast<double>(timer.elapsed()) / 1000.0);
    }

    void cleanupTestCase() { m_node.stop(); }

    void cancelButtonAsksOnce()
    {
        JobsPanel panel;
        JobRow *row = panel.addJob(QStringLiteral("job"));
        QSignalSpy cancel(row, &JobRow::cancelRequested);
        auto *button = row->findChild<QPushButton *>(QStringLiteral("jobCancelButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(cancel.size(), 1);
        QVERIFY(!button->isEnabled());
        row->finish(false, QStringLiteral("cancelled"));
        QVERIFY(button->isEnabled());
        QSignalSpy dismissed(row, &JobRow::dismissed);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(dismissed.size(), 1);
        QCOMPARE(cancel.size(), 1);
        QTRY_COMPARE(panel.rows().size(), 0);
    }

    void staysResponsiveDuringALargeBackup()
    {
        JobsPanel panel;
        panel.resize(900, 200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        BackupJob::Options options;
        options.host = HostPort{QStringLiteral("127.0.0.1"), m_node.snapshotPort()};
        options.path = m_backupDir.filePath(QStringLiteral("big"));
        auto *job = new BackupJob(options, &panel);
        JobRow *row = panel.addJob(QStringLiteral("Backup"));
        connect(job, &BackupJob::stageChanged, row, &JobRow::setStage);
        connect(job, &BackupJob::progressChanged, row, &JobRow::setProgress);
        connect(job, &BackupJob::fileProgressChanged, row, &JobRow::setFileProgress);
        QSignalSpy finished(job, &BackupJob::finished);

        QElapsedTimer clock;
        qint64 last = 0;
        qint64 longestGap = 0;
        int ticks = 0;
        QString rateSeen;
        int fileBarSeen = 0;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(10);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            longestGap = std::max(longestGap, now - last);
            last = now;
            ++ticks;
            const QString rate = row->findChild<QLabel *>(QStringLiteral("jobRate"))->text();
            if (rate.contains(QStringLiteral("/s")) && !rate.startsWith(QStringLiteral("0 bytes")))
                rateSeen = rate;
            fileBarSeen = std::max(fileBarSeen, row->findChild<QProgressBar *>(QStringLiteral("fileBar"))->value());
        });
        clock.start();
        ticker.start();
        job->start();
        QVERIFY(finished.wait(600000));
        ticker.stop();
        const qint64 seconds = clock.elapsed() / 1000;
        const auto result = finished.first().first().value<BackupResult>();
        QVERIFY2(result.ok(), qPrintable(result.error.toString()));
        QVERIFY(result.manifest.totalBytes() >= qint64{m_megabytes} * 1000 * 1000 * 9 / 10);
        qInfo("backup of %s in %lld s: %d ticks, longest event-loop gap %lld ms", qPrintable(QString::number(result.manifest.totalBytes())),
              seconds, ticks, longestGap);
        QVERIFY2(longestGap < 50, qPrintable(QStringLiteral("the event loop stalled for %1 ms").arg(longestGap)));
        // The row rendered throughput and per-file progress while it ran.
        QVERIFY2(!rateSeen.isEmpty(), "no throughput was shown");
        QVERIFY(fileBarSeen > 0);
        row->finish(true, QStringLiteral("done"));
        QCOMPARE(row->findChild<QProgressBar *>(QStringLiteral("overallBar"))->value(), 1000);
    }
};

QTEST_MAIN(TestJobsPanel)
#include "tst_jobspanel.moc"
