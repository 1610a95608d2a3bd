// RateLimiter with real time: lower bounds only (a busy machine makes things slower, never
// faster), plus how --limit-rate and --compress values are read. And TransferRate's ETA under a
// limit: the measured rate is the limit, so the ETA is the bytes left over the limit.
#include "backup/TransferRate.h"
#include "common/CompressionOptions.h"
#include "common/RateLimiter.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <thread>
#include <vector>

using namespace tidemark;

class TestRateLimiter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unlimitedReturnsAtOnce()
    {
        RateLimiter limiter(0);
        QVERIFY(!limiter.isLimited());
        QElapsedTimer timer;
        timer.start();
        limiter.consume(1LL << 40);
        QVERIFY(timer.elapsed() < 50);
    }

    void holdsTheRate()
    {
        // 4 MiB at 8 MiB/s in 64 KiB pieces: at least 0.5 s less the timer's slack.
        RateLimiter limiter(8 << 20);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 64; ++i)
            limiter.consume(64 * 1024);
        QVERIFY2(timer.elapsed() >= 450, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    }

    void oneLargeChunkIsSleptOff()
    {
        RateLimiter limiter(8 << 20);
        QElapsedTimer timer;
        timer.start();
        limiter.consume(4 << 20);
        QVERIFY2(timer.elapsed() >= 450, qPrintable(QString::number(timer.elapsed())));
    }

    void threadsShareTheRate()
    {
        // Two threads of 2 MiB each through one 8 MiB/s limiter: 4 MiB in all, so ≥ 0.5 s.
        RateLimiter limiter(8 << 20);
        QElapsedTimer timer;
        timer.start();
        std::vector<std::thread> threads;
        for (int t = 0; t < 2; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 32; ++i)
                    limiter.consume(64 * 1024);
            });
        for (std::thread &t : threads)
            t.join();
        QVERIFY2(timer.elapsed() >= 450, qPrintable(QString::number(timer.elapsed())));
    }

    void burstAfterIdleIsBounded()
    {
        // After a second idle the bucket holds at most 0.1 s of the rate: 2 MiB at 4 MiB/s still
        // takes ≥ 0.4 s.
        RateLimiter limiter(4 << 20);
        QThread::msleep(1000);
        QElapsedTimer timer;
        timer.start();
        limiter.consume(2 << 20);
        QVERIFY2(timer.elapsed() >= 350, qPrintable(QString::number(timer.elapsed())));
    }

    void cancelReturnsPromptly()
    {
        // 100 MiB at 1 MiB/s would take 100 s; cancelled after 200 ms it must return within 100 ms.
        RateLimiter limiter(1 << 20);
        std::atomic_bool cancelled{false};
        QElapsedTimer timer;
        timer.start();
        std::atomic<qint64> setAt{0};
        std::thread canceller([&] {
            QThread::msleep(200);
            setAt = timer.elapsed();
            cancelled = true;
        });
        limiter.consume(100 << 20, &cancelled);
        const qint64 took = timer.elapsed();
        canceller.join();
        QVERIFY2(took >= 200 && took - setAt < 100, qPrintable(QStringLiteral("%1 %2").arg(took).arg(setAt.load())));
        // Already cancelled: at once.
        timer.restart();
        limiter.consume(100 << 20, &cancelled);
        QVERIFY(timer.elapsed() < 100);
    }

    void etaHonoursTheLimit()
    {
        // 6 MiB at 2 MiB/s, progress sampled as the limiter lets the bytes through: after ~1.5 s
        // the measured rate is about 2 MiB/s and the ETA about the 3 s left.
        RateLimiter limiter(2 << 20);
        TransferRate rate(3000);
        const qint64 total = 6 << 20;
        QElapsedTimer timer;
        timer.start();
        qint64 done = 0;
        rate.add(0, 0, total);
        while (done < 3 << 20) {
            limiter.consume(128 * 1024);
            done += 128 * 1024;
            rate.add(timer.elapsed(), done, total);
        }
        const double perSecond = rate.bytesPerSecond();
        QVERIFY2(perSecond <= 2.2 * (1 << 20), qPrintable(QString::number(perSecond)));
        if (timer.elapsed() < 2000) { // Only a starved machine is slower; then the ETA is longer.
            QVERIFY2(perSecond >= 1.6 * (1 << 20), qPrintable(QString::number(perSecond)));
            QVERIFY2(rate.etaSeconds() >= 1 && rate.etaSeconds() <= 4, qPrintable(QString::number(rate.etaSeconds())));
        }
    }

    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("plain") << QStringLiteral("1048576") << qint64(1048576);
        QTest::newRow("K") << QStringLiteral("500K") << qint64(500 * 1024);
        QTest::newRow("k") << QStringLiteral("500k") << qint64(500 * 1024);
        QTest::newRow("M") << QStringLiteral("50M") << qint64(50LL << 20);
        QTest::newRow("G") << QStringLiteral("1G") << qint64(1LL << 30);
        QTest::newRow("/s") << QStringLiteral("2M/s") << qint64(2LL << 20);
        QTest::newRow("bad: empty") << QString() << qint64(-1);
        QTest::newRow("bad: zero") << QStringLiteral("0") << qint64(-1);
        QTest::newRow("bad: negative") << QStringLiteral("-5M") << qint64(-1);
        QTest::newRow("bad: fraction") << QStringLiteral("1.5M") << qint64(-1);
        QTest::newRow("bad: unit") << QStringLiteral("5T") << qint64(-1);
        QTest::newRow("bad: MB") << QStringLiteral("5MB") << qint64(-1);
        QTest::newRow("bad: word") << QStringLiteral("fast") << qint64(-1);
        QTest::newRow("bad: overflow") << QStringLiteral("999999999999999G") << qint64(-1);
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, bytes);
        auto parsed = RateLimiter::parse(text);
        if (bytes < 0) {
            QVERIFY(!parsed);
            QCOMPARE(parsed.error().code, ErrorCode::Usage);
            QVERIFY2(parsed.error().message.contains(QStringLiteral("--limit-rate")),
                     qPrintable(parsed.error().message));
            return;
        }
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed.value(), bytes);
        QCOMPARE(RateLimiter::parse(RateLimiter::format(bytes)).value(), bytes);
    }

    void format()
    {
        QCOMPARE(RateLimiter::format(2 << 20), QStringLiteral("2M"));
        QCOMPARE(RateLimiter::format(500 * 1024), QStringLiteral("500K"));
        QCOMPARE(RateLimiter::format(1LL << 30), QStringLiteral("1G"));
        QCOMPARE(RateLimiter::format(1500), QStringLiteral("1500"));
    }

    void compressionSpecs()
    {
        QCOMPARE(CompressionOptions::parse(QStringLiteral("none")).value().zstd, false);
        const CompressionOptions plain = CompressionOptions::parse(QStringLiteral("zstd")).value();
        QVERIFY(plain.zstd);
        QCOMPARE(plain.effectiveLevel(), 3);
        QCOMPARE(plain.toString(), QStringLiteral("zstd"));
        const CompressionOptions nine = CompressionOptions::parse(QStringLiteral("zstd:9")).value();
        QCOMPARE(nine.effectiveLevel(), 9);
        QCOMPARE(nine.toString(), QStringLiteral("zstd:9"));
        QCOMPARE(CompressionOptions::parse(QStringLiteral("zstd:1")).value().level, 1);
        QCOMPARE(CompressionOptions::parse(QStringLiteral("zstd:19")).value().level, 19);
        // zstd's fast levels.
        QCOMPARE(CompressionOptions::parse(QStringLiteral("zstd:-1")).value().level, -1);
        QCOMPARE(CompressionOptions::parse(QStringLiteral("zstd:-7")).value().toString(), QStringLiteral("zstd:-7"));
        for (const char *bad :
             {"zstd:0", "zstd:20", "zstd:-8", "zstd:-0", "zstd:", "zstd:x", "gzip", "ZSTD", "zstd:+3", ""}) {
            auto parsed = CompressionOptions::parse(QString::fromLatin1(bad));
            QVERIFY2(!parsed, bad);
            QCOMPARE(parsed.error().code, ErrorCode::Usage);
            QVERIFY(parsed.error().message.contains(QStringLiteral("zstd:9")));
        }
        CompressionOptions threads = plain;
        QCOMPARE(threads.effectiveThreads(), CompressionOptions::automaticThreads());
        QVERIFY(CompressionOptions::automaticThreads() >= 1);
        threads.threads = 0;
        QCOMPARE(threads.effectiveThreads(), 0);
        threads.threads = 1000;
        QCOMPARE(threads.effectiveThreads(), CompressionOptions::kMaxThreads);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
