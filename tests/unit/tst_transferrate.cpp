// Throughput and ETA over a sliding window, with a fake clock.
#include "backup/TransferRate.h"

#include <QTest>

using namespace tidemark;

class TestTransferRate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unknownUntilTwoSamples()
    {
        TransferRate rate;
        QCOMPARE(rate.bytesPerSecond(), 0.0);
        QCOMPARE(rate.etaSeconds(), qint64{-1});
        rate.add(0, 0, 1000);
        QCOMPARE(rate.bytesPerSecond(), 0.0);
        QCOMPARE(rate.etaSeconds(), qint64{-1});
    }

    void steadyRate()
    {
        TransferRate rate(3000);
        for (qint64 t = 0; t <= 2000; t += 100)
            rate.add(t, t * 1000, 10'000'000); // 1 MB/s
        QCOMPARE(rate.bytesPerSecond(), 1'000'000.0);
        QCOMPARE(rate.etaSeconds(), qint64{8}); // 8 MB left
    }

    void windowForgetsTheOldPace()
    {
        TransferRate rate(1000);
        rate.add(0, 0, 100'000'000);
        rate.add(1000, 10'000'000, 100'000'000); // 10 MB/s at first
        for (qint64 t = 1100; t <= 5000; t += 100)
            rate.add(t, 10'000'000 + (t - 1000) * 1000, 100'000'000); // then 1 MB/s
        QVERIFY(rate.bytesPerSecond() > 900'000.0);
        QVERIFY(rate.bytesPerSecond() < 1'200'000.0);
    }

    void stalledMeansUnknownEta()
    {
        TransferRate rate(1000);
        rate.add(0, 500, 1000);
        rate.add(2000, 500, 1000);
        rate.add(3000, 500, 1000);
        QCOMPARE(rate.bytesPerSecond(), 0.0);
        QCOMPARE(rate.etaSeconds(), qint64{-1});
    }

    void doneMeansZero()
    {
        TransferRate rate;
        rate.add(0, 0, 1000);
        rate.add(1000, 1000, 1000);
        QCOMPARE(rate.etaSeconds(), qint64{0});
    }
};

QTEST_GUILESS_MAIN(TestTransferRate)
#include "tst_transferrate.moc"
