// restorefs::StreamedFile and ReadBack: what a restore writes is read back in step with its
// writing and must match the checksum it was meant to have.
#include "common/Staging.h"
#include "restore/RestoreFiles.h"
#include "snapshot/Checksum.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;
using namespace tidemark::restorefs;

namespace {

QByteArray pattern(qsizetype bytes)
{
    QByteArray out;
    out.reserve(bytes);
    for (qint64 i = 0; out.size() < bytes; ++i)
        out += QByteArray::number(i * 7919) + ',';
    return out.first(bytes);
}

// Writes `bytes` to `path` through a StreamedFile in 1 MiB pieces.
Status writeAll(const QString &path, const QByteArray &bytes, ReadBack &readBack, const QString &checksum = {})
{
    StreamedFile file(path, readBack, checksum);
    if (Status s = file.open(); !s)
        return s;
    for (qsizetype at = 0; at < bytes.size(); at += 1 << 20) {
        if (Status s = file.write(bytes.constData() + at, std::min<qsizetype>(1 << 20, bytes.size() - at)); !s)
            return s;
    }
    return file.close();
}

} // namespace

class TestRestoreFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writtenFilesReadBack()
    {
        QTemporaryDir dir;
        ReadBack readBack;
        const QByteArray big = pattern(3 * kWritebackStepBytes + 12345); // Crosses writeback steps.
        QVERIFY(writeAll(dir.filePath(QStringLiteral("named")), big, readBack, Checksum::of(big)).ok());
        QVERIFY(writeAll(dir.filePath(QStringLiteral("own")), big.first(5000), readBack).ok());
        QVERIFY(writeAll(dir.filePath(QStringLiteral("empty")), {}, readBack, Checksum::of({})).ok());
        const Status checked = readBack.wait();
        QVERIFY2(checked.ok(), qPrintable(checked.ok() ? QString() : checked.error().message));
        QFile file(dir.filePath(QStringLiteral("named")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll() == big);
        QVERIFY(syncFileSystem(dir.path()).ok());
    }

    void mismatchIsFound()
    {
        QTemporaryDir dir;
        ReadBack readBack;
        const QByteArray bytes = pattern(kWritebackStepBytes + 1);
        QVERIFY(writeAll(dir.filePath(QStringLiteral("wrong")), bytes, readBack, Checksum::of("other bytes")).ok());
        const Status checked = readBack.wait();
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, ErrorCode::Integrity);
        QVERIFY2(checked.error().message.contains(dir.filePath(QStringLiteral("wrong"))),
                 qPrintable(checked.error().message));
        QVERIFY(checked.error().message.contains(QStringLiteral("does not read back")));
    }

    void fileChangedUnderneathIsFound()
    {
        // Something else writes the file between our write and its read-back (a disk or a
        // process that must not be there): the file's own bytes decide, not what went through us.
        QTemporaryDir dir;
        ReadBack readBack;
        const QString path = dir.filePath(QStringLiteral("changed"));
        const QByteArray bytes = pattern(4096);
        StreamedFile file(path, readBack);
        QVERIFY(file.open().ok());
        QVERIFY(file.write(bytes.constData(), bytes.size()).ok());
        QFile other(path);
        QVERIFY(other.open(QIODevice::ReadWrite));
        QVERIFY(other.seek(100) && other.write("X", 1) == 1);
        other.close();
        QVERIFY(file.close().ok());
        QCOMPARE(readBack.wait().error().code, ErrorCode::Integrity);
    }

    void writeErrorsNameTheFile()
    {
        ReadBack readBack;
        StreamedFile file(QStringLiteral("/nonexistent-dir/file"), readBack);
        const Status opened = file.open();
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Io);
        QVERIFY(opened.error().message.contains(QStringLiteral("/nonexistent-dir/file")));
        const Status synced = syncFileSystem(QStringLiteral("/nonexistent-dir"));
        QVERIFY(!synced.ok());
        QVERIFY(synced.error().message.contains(QStringLiteral("/nonexistent-dir")));
    }

    void fullDiskIsAnIoError()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QFAIL("/dev/full is missing: this test needs it");
        ReadBack readBack;
        StreamedFile file(QStringLiteral("/dev/full"), readBack);
        QVERIFY(file.open().ok());
        const QByteArray bytes(4096, 'x');
        const Status written = file.write(bytes.constData(), bytes.size());
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, ErrorCode::Io);
        QVERIFY2(written.error().message.contains(QStringLiteral("No space left")),
                 qPrintable(written.error().message));
        readBack.cancel();
    }
};

QTEST_GUILESS_MAIN(TestRestoreFiles)

#include "tst_restorefiles.moc"
