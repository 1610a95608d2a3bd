// The shared Ceph test cluster the S3 tests run against (tests/support/CephCluster: a monitor, a
// memstore OSD and a RADOS gateway on loopback): it serves S3 with the keys it wrote, a fresh
// bucket is empty, and an object comes back with the bytes put.
#include "support/CephCluster.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(20260512);
    for (char &c : bytes)
        c = static_cast<char>(generator.bounded(256));
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCephCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!CephCluster::available()) {
            // CI installs the packages (scripts/deps.sh): there a missing cluster is a failure.
            if (!qEnvironmentVariableIsEmpty("CI"))
                QFAIL("Ceph is not installed (ceph-mon ceph-osd radosgw s3cmd; scripts/deps.sh installs them)");
            QSKIP("Ceph is not installed (Debian packages ceph-mon ceph-osd radosgw s3cmd; scripts/deps.sh)");
        }
        QString error;
        QVERIFY2(CephCluster::shared().start(&error), qPrintable(error));
    }

    void servesS3WithItsKeys()
    {
        CephCluster &ceph = CephCluster::shared();
        QCOMPARE(&CephCluster::shared(), &ceph);
        QVERIFY(ceph.running());
        QVERIFY2(QRegularExpression(QStringLiteral("^http://127\\.0\\.0\\.1:\\d+$")).match(ceph.endpoint()).hasMatch(),
                 qPrintable(ceph.endpoint()));
        QCOMPARE(ceph.accessKey().size(), 20);
        QCOMPARE(ceph.secretKey().size(), 40);
        QCOMPARE(ceph.region(), QStringLiteral("default"));
        QVERIFY(QFile::exists(ceph.s3cfgPath()));
        int exitCode = -1;
        const QStringList output = ceph.s3cmd({QStringLiteral("ls")}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output.join(QLatin1Char('\n'))));
    }

    void freshBucketsAreEmptyAndDistinct()
    {
        CephCluster &ceph = CephCluster::shared();
        QString error;
        const QString first = ceph.makeBucket(&error);
        QVERIFY2(!first.isEmpty(), qPrintable(error));
        const QString second = ceph.makeBucket(&error);
        QVERIFY2(!second.isEmpty(), qPrintable(error));
        QVERIFY(first != second);
        int exitCode = -1;
        const QStringList listing = ceph.s3cmd({QStringLiteral("ls"), QStringLiteral("s3://") + first}, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(listing, QStringList());
        const QStringList buckets = ceph.s3cmd({QStringLiteral("ls")}, &exitCode);
        QCOMPARE(exitCode, 0);
        QVERIFY2(buckets.join(QLatin1Char('\n')).contains(QStringLiteral("s3://") + second),
                 qPrintable(buckets.join(QLatin1Char('\n'))));
    }

    // 5 MiB and 7 bytes: more than one of the gateway's 4 MiB RADOS objects.
    void objectComesBackWithItsBytes()
    {
        CephCluster &ceph = CephCluster::shared();
        QString error;
        const QString bucket = ceph.makeBucket(&error);
        QVERIFY2(!bucket.isEmpty(), qPrintable(error));
        QTemporaryDir work;
        QVERIFY(work.isValid());
        const QByteArray bytes = randomBytes(5 * 1024 * 1024 + 7);
        const QString put = work.filePath(QStringLiteral("put.bin"));
        const QString got = work.filePath(QStringLiteral("got.bin"));
        QVERIFY(writeFile(put, bytes));
        const QString url = QStringLiteral("s3://%1/some/object.bin").arg(bucket);

        int exitCode = -1;
        QStringList output = ceph.s3cmd({QStringLiteral("put"), put, url}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output.join(QLatin1Char('\n'))));
        output = ceph.s3cmd({QStringLiteral("ls"), QStringLiteral("s3://%1/some/").arg(bucket)}, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(output.size(), 1);
        QVERIFY2(output.first().contains(QString::number(bytes.size())) && output.first().endsWith(url),
                 qPrintable(output.first()));
        output = ceph.s3cmd({QStringLiteral("get"), url, got}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output.join(QLatin1Char('\n'))));
        QFile file(got);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == bytes);
    }
};

QTEST_GUILESS_MAIN(TestCephCluster)

#include "tst_cephcluster.moc"
