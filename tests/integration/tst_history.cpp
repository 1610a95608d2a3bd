// The job history (issue 18's first part): every job the real tidemark-cli runs against a real
// tidemarkd is a row of the SQLite database TIDEMARK_HISTORY names, `history` prints them, and
// the database holds up under two writing processes at once and processes killed (SIGKILL) at
// random moments, write included.
#include "support/CliRun.h"
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace tidemark::test;

namespace {

CliRun cli(const QStringList &args, const QString &history, const QString &origin = {})
{
    QList<QPair<QString, QString>> env{{QStringLiteral("TIDEMARK_HISTORY"), history}};
    if (!origin.isEmpty())
        env.append({QStringLiteral("TIDEMARK_HISTORY_ORIGIN"), origin});
    return runCli(args, environmentWith(env));
}

std::vector<QJsonObject> jobs(const QString &history, const QStringList &extra = {})
{
    const CliRun run = cli(QStringList{QStringLiteral("history"), QStringLiteral("--json")} + extra, history);
    std::vector<QJsonObject> rows;
    for (const QByteArray &line : run.out.split('\n'))
        if (!line.isEmpty())
            rows.push_back(QJsonDocument::fromJson(line).object());
    return rows;
}

// SQLite's own check of the file, and its row count.
QString integrity(const QString &history, int *rows)
{
    QString verdict;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(history);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next())
                verdict = q.value(0).toString();
            if (q.exec(QStringLiteral("SELECT count(*) FROM jobs")) && q.next())
                *rows = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return verdict;
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyJobIsARow()
    {
        NodeProcess node;
        QString error;
        QVERIFY2(node.start(&error), qPrintable(error));
        QCOMPARE(node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        QTemporaryDir dir;
        const QString history = dir.filePath(QStringLiteral("history.sqlite"));
        const QString chain = dir.filePath(QStringLiteral("node"));
        for (int k = 1; k <= 2; ++k) {
            QCOMPARE(node.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
            const CliRun run =
                cli({QStringLiteral("backup"), QStringLiteral("-host"), node.snapshotHost(), chain}, history);
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        QCOMPARE(cli({QStringLiteral("verify"), chain}, history, QStringLiteral("timer")).exitCode, 0);
        QCOMPARE(cli({QStringLiteral("backup"), QStringLiteral("-host"), QStringLiteral("127.0.0.1:1"),
                      dir.filePath(QStringLiteral("other"))},
                     history)
                     .exitCode,
                 4);

        const std::vector<QJsonObject> rows = jobs(history);
        QCOMPARE(rows.size(), size_t(4));
        // A backup's node is the snapshot service it asked, on success as on failure.
        const QString url = node.snapshotHost();
        QCOMPARE(rows[0].value(QStringLiteral("job")).toString(), QStringLiteral("backup"));
        QCOMPARE(rows[0].value(QStringLiteral("message")).toString(), QStringLiteral("full"));
        QCOMPARE(rows[0].value(QStringLiteral("node")).toString(), url);
        QCOMPARE(rows[0].value(QStringLiteral("chain")).toString(), chain);
        QCOMPARE(rows[0].value(QStringLiteral("link")).toString(), chain);
        QCOMPARE(rows[0].value(QStringLiteral("bytes")).toInteger(), QFileInfo(chain).size());
        QCOMPARE(rows[1].value(QStringLiteral("message")).toString(), QStringLiteral("incremental"));
        QCOMPARE(rows[1].value(QStringLiteral("link")).toString(), chain + QStringLiteral(".0"));
        QCOMPARE(rows[2].value(QStringLiteral("job")).toString(), QStringLiteral("verify"));
        QCOMPARE(rows[2].value(QStringLiteral("origin")).toString(), QStringLiteral("timer"));
        QCOMPARE(rows[3].value(QStringLiteral("code")).toInt(), 4);
        QVERIFY(rows[3].value(QStringLiteral("message")).toString().contains(QStringLiteral("127.0.0.1:1")));
        QCOMPARE(rows[3].value(QStringLiteral("node")).toString(), QStringLiteral("127.0.0.1:1"));
        for (const QJsonObject &row : rows) {
            const QDateTime started =
                QDateTime::fromString(row.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
            QVERIFY(qAbs(started.secsTo(QDateTime::currentDateTimeUtc())) < 300);
            QVERIFY(row.value(QStringLiteral("seconds")).toDouble() >= 0);
            QCOMPARE(row.value(QStringLiteral("origin")).toString() == QLatin1String("timer"),
                     row.value(QStringLiteral("job")).toString() == QLatin1String("verify"));
        }
        // Filters, and the text form.
        QCOMPARE(jobs(history, {QStringLiteral("--node"), url}).size(), size_t(2));
        QCOMPARE(jobs(history, {QStringLiteral("--last"), QStringLiteral("1")})
                     .front()
                     .value(QStringLiteral("code"))
                     .toInt(),
                 4);
        const CliRun text = cli({QStringLiteral("history")}, history);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("backup        ok") && text.out.contains("exit 4"), text.out.constData());
        // Off: nothing is written.
        const QString none = dir.filePath(QStringLiteral("none.sqlite"));
        QCOMPARE(cli({QStringLiteral("verify"), chain}, QStringLiteral("off")).exitCode, 0);
        QVERIFY(!QFile::exists(none));
        // A history that cannot be written never fails the job.
        const CliRun unwritable = cli({QStringLiteral("verify"), chain}, QStringLiteral("/proc/no/history.sqlite"));
        QCOMPARE(unwritable.exitCode, 0);
        QVERIFY2(unwritable.err.contains("not recorded in the history"), unwritable.err.constData());
        QCOMPARE(node.stop(), 0);
    }

    void twoWritersAndKilledWritersLeaveAWholeDatabase()
    {
        QTemporaryDir dir;
        const QString history = dir.filePath(QStringLiteral("history.sqlite"));
        const QStringList missing{QStringLiteral("verify"), dir.filePath(QStringLiteral("missing"))};
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TIDEMARK_HISTORY"), history);
        // Two processes write at once, again and again: every row arrives.
        constexpr int kEach = 12;
        int finished = 0;
        for (int k = 0; k < kEach; ++k) {
            QProcess a;
            QProcess b;
            a.setProcessEnvironment(env);
            b.setProcessEnvironment(env);
            a.start(NodeProcess::cliBinary(), missing);
            b.start(NodeProcess::cliBinary(), missing);
            QVERIFY(a.waitForFinished(60000) && b.waitForFinished(60000));
            QCOMPARE(a.exitCode(), 12);
            QCOMPARE(b.exitCode(), 12);
            QVERIFY2(!a.readAllStandardError().contains("not recorded"), "a writer was refused");
            QVERIFY2(!b.readAllStandardError().contains("not recorded"), "a writer was refused");
            finished += 2;
        }
        int rows = 0;
        QCOMPARE(integrity(history, &rows), QStringLiteral("ok"));
        QCOMPARE(rows, finished);

        // Writers killed at random moments (their start, their job, their write).
        QRandomGenerator random(7);
        QElapsedTimer timer;
        timer.start();
        QProcess probe;
        probe.setProcessEnvironment(env);
        probe.start(NodeProcess::cliBinary(), missing);
        QVERIFY(probe.waitForFinished(60000));
        const int whole = static_cast<int>(std::max<qint64>(timer.elapsed(), 20));
        ++finished;
        int killed = 0;
        for (int k = 0; k < 16; ++k) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(NodeProcess::cliBinary(), missing);
            QVERIFY(p.waitForStarted());
            QThread::msleep(static_cast<unsigned long>(random.bounded(whole + 1)));
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(60000));
            if (p.exitStatus() == QProcess::NormalExit)
                ++finished;
            else
                ++killed;
        }
        QVERIFY2(killed >= 4, qPrintable(QString::number(killed)));
        QCOMPARE(integrity(history, &rows), QStringLiteral("ok"));
        // Every finished writer's row is there; a killed one's is there or not, never half.
        QVERIFY2(rows >= finished && rows <= finished + killed,
                 qPrintable(QStringLiteral("%1 rows, %2 finished, %3 killed").arg(rows).arg(finished).arg(killed)));
        for (const QJsonObject &row : jobs(history)) {
            QCOMPARE(row.value(QStringLiteral("job")).toString(), QStringLiteral("verify"));
            QCOMPARE(row.value(QStringLiteral("code")).toInt(), 12);
        }
        // And it takes new rows.
        QCOMPARE(cli(missing, history).exitCode, 12);
        QCOMPARE(integrity(history, &rows), QStringLiteral("ok"));
        QVERIFY(rows >= finished + 1);
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
