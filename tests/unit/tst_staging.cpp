#include "common/Staging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestStaging : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stagingDirIsRemovedUnlessCommitted()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("a/b.tmp.d"));
        {
            auto staging = StagingDir::create(path);
            QVERIFY(staging);
            QCOMPARE(staging->path(), path);
            QVERIFY(QFileInfo(path).isDir());
            QVERIFY(QDir().mkpath(staging->filePath(QStringLiteral("sub"))));
            writeFile(staging->filePath(QStringLiteral("sub/file")), "x");
        }
        QVERIFY(!QFileInfo::exists(path));
        {
            auto staging = StagingDir::create(path);
            QVERIFY(staging);
            staging->commit();
        }
        QVERIFY(QFileInfo(path).isDir());
    }

    void stagingDirRemovesLeftoversFirst()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("x.tmp.d"));
        QVERIFY(QDir().mkpath(path));
        writeFile(path + QStringLiteral("/old"), "left by an interrupted run");
        auto staging = StagingDir::create(path);
        QVERIFY(staging);
        QVERIFY(QDir(path).isEmpty());
    }

    void stagingDirSurvivesAMove()
    {
        QTemporaryDir root;
        const QString path = root.filePath(QStringLiteral("moved"));
        {
            auto staging = StagingDir::create(path);
            QVERIFY(staging);
            StagingDir moved = staging.takeValue(); // The moved-from object must not remove it.
            QVERIFY(QFileInfo(path).isDir());
        }
        QVERIFY(!QFileInfo::exists(path));
    }

    void stagingDirCommitsByRename()
    {
        QTemporaryDir root;
        const QString target = root.filePath(QStringLiteral("data"));
        {
            auto staging = StagingDir::create(target + QStringLiteral(".new"));
            QVERIFY(staging);
            writeFile(staging->filePath(QStringLiteral("f")), "new");
            const Status s = staging->commitAs(target);
            QVERIFY2(s, s ? "" : qPrintable(s.error().message));
            QCOMPARE(staging->path(), target);
        }
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".new")));
        QCOMPARE(readFile(target + QStringLiteral("/f")), QByteArray("new"));

        // A non-empty target is refused; the staged directory then goes with the object.
        {
            auto staging = StagingDir::create(target + QStringLiteral(".new"));
            QVERIFY(staging);
            const Status s = staging->commitAs(target);
            QVERIFY(!s);
            QCOMPARE(s.error().code, ErrorCode::Io);
            QVERIFY(s.error().message.contains(target));
        }
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".new")));
        QCOMPARE(readFile(target + QStringLiteral("/f")), QByteArray("new"));
    }

    void stagingDirThatCannotBeCreatedNamesIt()
    {
        QTemporaryDir root;
        const QString blocker = root.filePath(QStringLiteral("file"));
        writeFile(blocker, "not a directory");
        auto staging = StagingDir::create(blocker + QStringLiteral("/staging"));
        QVERIFY(!staging);
        QCOMPARE(staging.error().code, ErrorCode::Io);
        QVERIFY(staging.error().message.contains(blocker + QStringLiteral("/staging")));
        QCOMPARE(readFile(blocker), QByteArray("not a directory"));
    }

    void stagedFileAppearsOnlyOnCommit()
    {
        QTemporaryDir root;
        const QString target = root.filePath(QStringLiteral("archive"));
        {
            StagedFile out(target);
            QVERIFY(out.open());
            QCOMPARE(out.file().fileName(), target + QStringLiteral(".tmp"));
            QCOMPARE(out.file().write("content"), 7);
            QVERIFY(!QFileInfo::exists(target));
            const Status s = out.commit();
            QVERIFY2(s, s ? "" : qPrintable(s.error().message));
        }
        QCOMPARE(readFile(target), QByteArray("content"));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".tmp")));

        // A committed file replaces the target; an uncommitted one leaves it alone.
        {
            StagedFile out(target, QStringLiteral(".part"));
            QVERIFY(out.open());
            QCOMPARE(out.file().write("newer"), 5);
            QVERIFY(out.commit());
        }
        QCOMPARE(readFile(target), QByteArray("newer"));
        {
            StagedFile out(target);
            QVERIFY(out.open());
            QCOMPARE(out.file().write("abandoned"), 9);
        }
        QCOMPARE(readFile(target), QByteArray("newer"));
        QVERIFY(!QFileInfo::exists(target + QStringLiteral(".tmp")));
    }

    void stagedFileErrorsNameTheFile()
    {
        QTemporaryDir root;
        const QString target = root.filePath(QStringLiteral("missing/archive"));
        StagedFile out(target);
        const Status s = out.open();
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::Io);
        QVERIFY(s.error().message.contains(target + QStringLiteral(".tmp")));
    }

    void syncDirectoryNamesAMissingDirectory()
    {
        QTemporaryDir root;
        QVERIFY(syncDirectory(root.path()));
        const QString missing = root.filePath(QStringLiteral("missing"));
        const Status s = syncDirectory(missing);
        QVERIFY(!s);
        QVERIFY(s.error().message.contains(missing));
    }
};

QTEST_GUILESS_MAIN(TestStaging)
#include "tst_staging.moc"
