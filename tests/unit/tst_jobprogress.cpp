// Job's progress throttle: what a job reports per chunk reaches the front end's thread at most
// every Job::kProgressIntervalMs, yet the first report, a total that becomes known, a new file,
// the end of a known total and the last report held back all arrive, in order, before finished().
#include "common/Job.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <functional>

using namespace tidemark;

namespace {

// A job whose execute() is the test's function, with the protected reporters reachable from it.
class ScriptedJob : public Job {
public:
    using Script = std::function<void(ScriptedJob &)>;
    explicit ScriptedJob(Script script) : m_script(std::move(script)) {}
    ~ScriptedJob() override { waitForFinished(); }
    QString title() const override { return QStringLiteral("scripted"); }
    void progress(qint64 done, qint64 total) { reportProgress(done, total); }
    void fileProgress(const QString &name, qint64 done, qint64 total) { reportFileProgress(name, done, total); }

protected:
    Error execute() override
    {
        m_script(*this);
        return {};
    }

private:
    Script m_script;
};

struct Seen {
    QList<QPair<qint64, qint64>> progress;
    QList<std::tuple<QString, qint64, qint64>> files;
    bool finishedAfterAll = false;
    qint64 scriptMs = 0; ///< How long execute() took: a slow machine may send one per interval.

    // At most one signal per interval of the run, plus the forced ones.
    [[nodiscard]] qsizetype allowed(qsizetype forced) const
    {
        return forced + 2 + static_cast<qsizetype>(scriptMs / Job::kProgressIntervalMs);
    }
};

Seen run(const ScriptedJob::Script &script)
{
    Seen seen;
    ScriptedJob job([&](ScriptedJob &self) {
        QElapsedTimer clock;
        clock.start();
        script(self);
        seen.scriptMs = clock.elapsed();
    });
    QObject::connect(&job, &Job::progressChanged, &job, [&](qint64 done, qint64 total) {
        seen.progress.append({done, total});
    });
    QObject::connect(&job, &Job::fileProgressChanged, &job, [&](const QString &name, qint64 done, qint64 total) {
        seen.files.append({name, done, total});
    });
    QSignalSpy finished(&job, &Job::finished);
    // The spy counts finished() on the job's thread at once; the progress signals are queued here.
    if (!job.start() || !QTest::qWaitFor([&] { return finished.count() > 0; }, 30'000))
        return seen;
    QCoreApplication::processEvents(); // What was queued before finished() is delivered now.
    seen.finishedAfterAll = true;
    return seen;
}

} // namespace

class TestJobProgress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void burstIsThinnedButEndsExactly()
    {
        // 100,000 chunks at once: a handful of signals, not one per chunk; the first and the end.
        const Seen seen = run([](ScriptedJob &job) {
            for (qint64 k = 1; k <= 100'000; ++k)
                job.progress(k, 100'000);
        });
        QVERIFY(seen.finishedAfterAll);
        QVERIFY2(seen.progress.size() <= seen.allowed(1) && seen.progress.size() < 1000,
                 qPrintable(QString::number(seen.progress.size())));
        QCOMPARE(seen.progress.first(), (QPair<qint64, qint64>{1, 100'000}));
        QCOMPARE(seen.progress.last(), (QPair<qint64, qint64>{100'000, 100'000}));
        for (qsizetype k = 1; k < seen.progress.size(); ++k)
            QVERIFY(seen.progress[k].first > seen.progress[k - 1].first);
    }

    void slowReportsAllGoOut()
    {
        // Reports further apart than the interval are each sent.
        const Seen seen = run([](ScriptedJob &job) {
            for (qint64 k = 1; k <= 4; ++k) {
                job.progress(k, 10);
                QThread::msleep(Job::kProgressIntervalMs + 10);
            }
        });
        QVERIFY(seen.finishedAfterAll);
        QCOMPARE(seen.progress.size(), 4);
        QCOMPARE(seen.progress.last(), (QPair<qint64, qint64>{4, 10}));
    }

    void lastHeldBackIsSentBeforeFinished()
    {
        // An unknown total (or one that ends short of it): the last report still arrives.
        const Seen seen = run([](ScriptedJob &job) {
            for (qint64 k = 1; k <= 50'000; ++k)
                job.progress(k * 10, 0);
        });
        QVERIFY(seen.finishedAfterAll);
        QVERIFY(seen.progress.size() <= seen.allowed(1) && seen.progress.size() < 500);
        QCOMPARE(seen.progress.last(), (QPair<qint64, qint64>{500'000, 0}));
    }

    void totalThatBecomesKnownIsSentAtOnce()
    {
        const Seen seen = run([](ScriptedJob &job) {
            job.progress(1, 0);
            job.progress(2, 0); // held back, then superseded
            job.progress(3, 1000);
            job.progress(4, 1001); // a growing total (block links) is not news
        });
        // (2, 0) and (4, 1001) come within the interval: held back, unless this machine is slow.
        QVERIFY(seen.finishedAfterAll);
        QCOMPARE(seen.progress.first(), (QPair<qint64, qint64>{1, 0}));
        QVERIFY(seen.progress.contains(QPair<qint64, qint64>{3, 1000}));
        QCOMPARE(seen.progress.last(), (QPair<qint64, qint64>{4, 1001})); // flushed before finished()
    }

    void everyFileStartsAndEnds()
    {
        // Many files of many chunks: each file's first report and its end go out.
        const Seen seen = run([](ScriptedJob &job) {
            for (int f = 0; f < 200; ++f)
                for (qint64 k = 1; k <= 100; ++k)
                    job.fileProgress(QStringLiteral("file%1").arg(f), k, 100);
        });
        QVERIFY(seen.finishedAfterAll);
        QStringList started;
        int ends = 0;
        for (const auto &[name, done, total] : seen.files) {
            if (started.isEmpty() || started.last() != name)
                started.append(name);
            ends += done == total ? 1 : 0;
        }
        QCOMPARE(started.size(), 200);
        QCOMPARE(ends, 200);
        QVERIFY2(seen.files.size() <= seen.allowed(200 * 2) && seen.files.size() < 2000,
                 qPrintable(QString::number(seen.files.size())));
    }

    void reportsFromManyThreads()
    {
        // The engine reports from its worker threads too: the throttle holds, and the end arrives.
        const Seen seen = run([](ScriptedJob &job) {
            std::atomic<qint64> done{0};
            QList<QThread *> threads;
            for (int t = 0; t < 4; ++t)
                threads.append(QThread::create([&] {
                    for (int k = 0; k < 25'000; ++k)
                        job.progress(++done, 100'000);
                }));
            for (QThread *thread : threads)
                thread->start();
            for (QThread *thread : threads) {
                thread->wait();
                delete thread;
            }
        });
        QVERIFY(seen.finishedAfterAll);
        QVERIFY(seen.progress.size() <= seen.allowed(1) && seen.progress.size() < 1000);
        qint64 most = 0;
        for (const auto &[done, total] : seen.progress)
            most = std::max(most, done);
        QCOMPARE(most, qint64{100'000});
    }
};

QTEST_GUILESS_MAIN(TestJobProgress)
#include "tst_jobprogress.moc"
