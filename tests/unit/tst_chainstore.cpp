// LocalChainStore: what every reader and writer of a chain goes through. Links are listed in
// order with their sizes, a new link is invisible until committed and gone when dropped, the lock
// keeps a second writer off, leftovers of killed writers are removed only by the lock holder, and
// scratch of a dead process is removed while a live one's stays.
#include "storage/LocalChainStore.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

namespace {

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

QStringList scratchDirs(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".tidemark-scratch-*")}, QDir::Dirs | QDir::Hidden);
}

} // namespace

class TestChainStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsLinksInOrderWithSizesAndLeftovers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node"));
        LocalChainStore store(path);
        auto empty = store.list();
        QVERIFY(empty.ok());
        QVERIFY(empty->links.empty());

        writeFile(path, "full");
        writeFile(path + QStringLiteral(".1"), "one!!");
        writeFile(path + QStringLiteral(".0"), "zero");
        writeFile(path + QStringLiteral(".10"), "ten");
        writeFile(path + QStringLiteral(".01"), "not a link");
        writeFile(path + QStringLiteral(".old"), "not a link");
        writeFile(path + QStringLiteral(".2.tmp"), "leftover");
        writeFile(dir.filePath(QStringLiteral("other.0")), "another chain");
        auto listing = store.list();
        QVERIFY(listing.ok());
        QCOMPARE(listing->links.size(), size_t(4));
        QCOMPARE(listing->links[0].number, -1);
        QCOMPARE(listing->links[0].bytes, 4);
        QCOMPARE(listing->links[1].number, 0);
        QCOMPARE(listing->links[2].number, 1);
        QCOMPARE(listing->links[2].bytes, 5);
        QCOMPARE(listing->links[3].number, 10);
        QCOMPARE(listing->leftovers, QStringList{path + QStringLiteral(".2.tmp")});
        QCOMPARE(store.linkPath(-1), path);
        QCOMPARE(store.linkPath(3), path + QStringLiteral(".3"));

        auto link = store.openLink(1);
        QVERIFY(link.ok());
        QCOMPARE(link.value()->readAll(), QByteArray("one!!"));
        auto missing = store.openLink(7);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);

        QVERIFY(store.removeLink(10).ok());
        QVERIFY(!QFile::exists(path + QStringLiteral(".10")));
        store.removeLeftovers();
        QVERIFY(!QFile::exists(path + QStringLiteral(".2.tmp")));
        QVERIFY(QFile::exists(path + QStringLiteral(".old")));
    }

    void aDirectoryIsNotAChain()
    {
        QTemporaryDir dir;
        LocalChainStore store(dir.path());
        auto listing = store.list();
        QVERIFY(!listing.ok());
        QCOMPARE(listing.error().code, ErrorCode::Io);
        QVERIFY(listing.error().hint.contains(QStringLiteral("not a directory")));
    }

    void aLinkIsVisibleOnlyOnceCommitted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node"));
        LocalChainStore store(path);
        {
            auto writer = store.createLink(-1);
            QVERIFY(writer.ok());
            QCOMPARE(writer.value()->device().write("bytes"), 5);
            QVERIFY(!QFile::exists(path));
        } // Dropped uncommitted: nothing stays.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});

        auto writer = store.createLink(-1);
        QVERIFY(writer.ok());
        QCOMPARE(writer.value()->device().write("full"), 4);
        QVERIFY(writer.value()->commit().ok());
        writer.value().reset();
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("node")});
        QCOMPARE(store.list()->links.size(), size_t(1));
    }

    void theLockKeepsASecondWriterOff()
    {
        QTemporaryDir dir;
        LocalChainStore store(dir.filePath(QStringLiteral("node")));
        auto first = store.lock();
        QVERIFY(first.ok());
        LocalChainStore other(dir.filePath(QStringLiteral("node")));
        auto second = other.lock();
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Busy);
        first.value().reset();
        QVERIFY(other.lock().ok());

        LocalChainStore nowhere(dir.filePath(QStringLiteral("missing/node")));
        auto refused = nowhere.lock();
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Io);
    }

    void deadScratchGoesLiveScratchStays()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("node"));
        LocalChainStore store(path);
        auto live = store.scratch();
        QVERIFY(live.ok());
        writeFile(live.value()->filePath(QStringLiteral("file")), "in use");

        // A dead process's scratch: its lock names a pid that no longer runs.
        QProcess process;
        process.start(QStringLiteral("true"));
        QVERIFY(process.waitForFinished());
        const qint64 deadPid = process.processId();
        const QString dead = dir.filePath(QStringLiteral(".tidemark-scratch-dead01"));
        QVERIFY(QDir().mkpath(dead));
        writeFile(dead + QStringLiteral("/owner.lock"), QByteArray::number(deadPid > 0 ? deadPid : 999999) +
                                                            "\ntst_chainstore\n" +
                                                            QSysInfo::machineHostName().toUtf8() + "\n");
        QCOMPARE(scratchDirs(dir.path()).size(), 2);

        store.removeDeadScratch();
        QCOMPARE(scratchDirs(dir.path()), QStringList{QFileInfo(live.value()->path()).fileName()});
        live.value().reset();
        QVERIFY(scratchDirs(dir.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChainStore)
#include "tst_chainstore.moc"
