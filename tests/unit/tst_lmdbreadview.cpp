// LmdbReadView on real LMDB files: the bytes of LMDB's own copy, a consistent copy beside a
// writer, bounded memory, and how much a file grows while a view is open.
#include "store/KeyEncoding.h"
#include "store/Lmdb.h"
#include "store/LmdbReadView.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace tidemark;

namespace {

std::shared_ptr<LmdbEnv> openEnv(const QString &path)
{
    auto env = LmdbEnv::open(path, {.maxDbs = 4});
    if (!env) {
        qWarning() << env.error().toString();
        return nullptr;
    }
    return std::shared_ptr<LmdbEnv>(env.takeValue());
}

QByteArray keyOf(int i)
{
    return QByteArray("key-") + QByteArray::number(i).rightJustified(8, '0');
}

// Deterministic, of varying length; some values are larger than a page (overflow pages).
QByteArray valueOf(int i, int round = 0)
{
    const int length = 200 + (i * 37) % 900 + (i % 50 == 0 ? 9000 : 0);
    return QByteArray(length, static_cast<char>('a' + (i + round) % 26));
}

// One commit: puts keys [from, to) (values of `round`), removes keys [removeFrom, removeTo) and
// records `index` in table `meta`, as the node's files do.
Status commit(LmdbEnv &env, int from, int to, int round, quint64 index, int removeFrom = 0, int removeTo = 0)
{
    return env.write([&](LmdbTxn &txn) -> Status {
        auto points = txn.dbi("points", true);
        auto meta = txn.dbi("meta", true);
        if (!points)
            return points.error();
        if (!meta)
            return meta.error();
        for (int i = from; i < to; ++i) {
            if (Status s = txn.put(points.value(), keyOf(i), valueOf(i, round)); !s)
                return s;
        }
        for (int i = removeFrom; i < removeTo; ++i) {
            if (Status s = txn.remove(points.value(), keyOf(i)); !s)
                return s;
        }
        return txn.put(meta.value(), "index", keys::encodeU64(index));
    });
}

// Streams `view` into `out` in blocks of `blockSize`, calling `between` after every block.
bool streamTo(LmdbReadView &view, QIODevice &out, qsizetype blockSize, const std::function<void()> &between = {})
{
    std::vector<char> block(static_cast<size_t>(blockSize));
    for (;;) {
        const qsizetype n = view.read(block.data(), blockSize);
        if (n < 0) {
            qWarning() << view.error().toString();
            return false;
        }
        if (n == 0)
            return true;
        if (out.write(block.data(), n) != n)
            return false;
        if (between)
            between();
    }
}

QByteArray lmdbCopy(LmdbEnv &env, const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0)
        return {};
    const int rc = mdb_env_copyfd2(env.handle(), fd, 0);
    ::close(fd);
    if (rc != MDB_SUCCESS)
        return {};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The entries of table `points` and the recorded index of a closed copy.
struct Content {
    std::map<QByteArray, QByteArray> points;
    quint64 index = 0;
};

Result<Content> contentOf(const QString &path)
{
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy());
    if (!env)
        return env.error();
    auto txn = LmdbTxn::begin(*env.value(), true);
    if (!txn)
        return txn.error();
    auto points = txn->dbi("points", false);
    if (!points)
        return points.error();
    Content content;
    Status visited = txn->forEach(points.value(), [&](QByteArrayView key, QByteArrayView value) {
        content.points.emplace(key.toByteArray(), value.toByteArray());
        return true;
    });
    if (!visited)
        return visited.error();
    auto index = readRecordedIndex(path);
    if (!index)
        return index.error();
    content.index = index.value();
    return content;
}

// Resident memory of this process, from /proc/self/statm.
qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toLongLong() * ::sysconf(_SC_PAGESIZE) : -1;
}

// How many reader slots of `env` hold a transaction (mdb_reader_list prints one line per slot,
// after a header line).
int activeReaders(LmdbEnv &env)
{
    int lines = 0;
    mdb_reader_list(
        env.handle(),
        [](const char *, void *ctx) {
            ++*static_cast<int *>(ctx);
            return 0;
        },
        &lines);
    return std::max(0, lines - 1);
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

} // namespace

class TestLmdbReadView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idleViewIsLmdbsOwnCopy_data()
    {
        QTest::addColumn<qsizetype>("blockSize");
        QTest::newRow("1000 bytes (blocks cross the meta pages and every page)") << qsizetype(1000);
        QTest::newRow("one page") << qsizetype(4096);
        QTest::newRow("1 MiB") << qsizetype(1 << 20);
        QTest::newRow("larger than the file") << qsizetype(64 << 20);
    }

    void idleViewIsLmdbsOwnCopy()
    {
        QFETCH(qsizetype, blockSize);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);
        // Puts, overwrites and removals: the file holds free pages and an older meta page.
        QVERIFY(commit(*env, 0, 3000, 0, 1).ok());
        QVERIFY(commit(*env, 1000, 2000, 1, 2, 0, 500).ok());
        QVERIFY(commit(*env, 3000, 3500, 0, 3, 2500, 3000).ok());

        auto view = LmdbReadView::open(env);
        QVERIFY2(view.ok(), qPrintable(view.ok() ? QString() : view.error().toString()));
        QCOMPARE(view.value()->recordedIndex(), 3ULL);
        MDB_envinfo info{};
        QCOMPARE(mdb_env_info(env->handle(), &info), MDB_SUCCESS);
        QCOMPARE(view.value()->txnId(), quint64(info.me_last_txnid));
        QCOMPARE(view.value()->path(), path);

        QFile streamed(dir.filePath(QStringLiteral("streamed")));
        QVERIFY(streamed.open(QIODevice::WriteOnly));
        QVERIFY(streamTo(*view.value(), streamed, blockSize));
        streamed.close();
        QCOMPARE(view.value()->read(nullptr, 0), qsizetype(0)); // At the end.
        QVERIFY(streamed.open(QIODevice::ReadOnly));
        const QByteArray bytes = streamed.readAll();
        QCOMPARE(qint64(bytes.size()), view.value()->size());
        QCOMPARE(view.value()->position(), view.value()->size());

        const QByteArray expected = lmdbCopy(*env, dir.filePath(QStringLiteral("lmdb-copy")));
        QVERIFY(expected.size() > (1 << 20));
        QCOMPARE(bytes.size(), expected.size());
        QVERIFY(bytes == expected);
    }

    void copyBesideAWriterHoldsTheViewsMoment()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);

        // The writer: commit i puts key i and removes key i - 200, so pages are freed and reused
        // all the time. Like DataNode, it commits under a mutex that open() is called under.
        std::mutex writeMutex;
        std::atomic_int commits{0};
        std::atomic_bool stop{false};
        std::atomic_bool failed{false};
        std::thread writer([&] {
            for (int i = 0; !stop; ++i) {
                std::lock_guard lock(writeMutex);
                if (!commit(*env, i, i + 1, 0, quint64(i) + 1, std::max(0, i - 200), std::max(0, i - 199)).ok()) {
                    failed = true;
                    return;
                }
                commits = i + 1;
            }
        });
        const auto joinWriter = qScopeGuard([&] {
            stop = true;
            writer.join();
        });
        const auto waitForCommits = [&](int n) {
            QDeadlineTimer deadline(30000);
            while (commits < n && !failed && !deadline.hasExpired())
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            return commits >= n;
        };
        QVERIFY(waitForCommits(1000));

        std::unique_ptr<LmdbReadView> view;
        int atOpen = 0;
        {
            std::lock_guard lock(writeMutex);
            auto opened = LmdbReadView::open(env);
            QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
            view = opened.takeValue();
            atOpen = commits;
        }
        QCOMPARE(view->recordedIndex(), quint64(atOpen));
        // Small blocks, and after each one the writer commits at least once more.
        QFile copy(dir.filePath(QStringLiteral("copy")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        QVERIFY(streamTo(*view, copy, 16 << 10, [&] { waitForCommits(commits + 1); }));
        copy.close();
        const int atEnd = commits;
        QVERIFY(!failed);
        QVERIFY2(atEnd - atOpen >= view->size() / (16 << 10), "the writer went on while the view streamed");
        QCOMPARE(fileSize(copy.fileName()), view->size());

        auto content = contentOf(copy.fileName());
        QVERIFY2(content.ok(), qPrintable(content.ok() ? QString() : content.error().toString()));
        QCOMPARE(content->index, quint64(atOpen));
        // Exactly the keys of the view's moment: atOpen - 200 .. atOpen - 1.
        std::map<QByteArray, QByteArray> expected;
        for (int i = std::max(0, atOpen - 200); i < atOpen; ++i)
            expected.emplace(keyOf(i), valueOf(i));
        QCOMPARE(content->points.size(), expected.size());
        QVERIFY(content->points == expected);
    }

    void closeEndsTheTransaction()
    {
        QTemporaryDir dir;
        auto env = openEnv(dir.filePath(QStringLiteral("env")));
        QVERIFY(env);
        QVERIFY(commit(*env, 0, 10, 0, 1).ok());
        auto view = LmdbReadView::open(env);
        QVERIFY(view.ok());
        QCOMPARE(activeReaders(*env), 1);
        char buffer[100];
        QCOMPARE(view.value()->read(buffer, sizeof buffer), qsizetype(sizeof buffer));
        view.value()->close();
        QCOMPARE(activeReaders(*env), 0);
        QCOMPARE(view.value()->read(buffer, sizeof buffer), qsizetype(-1));
        QCOMPARE(view.value()->error().code, ErrorCode::State);
        QVERIFY2(view.value()->error().message.contains(env->path()), qPrintable(view.value()->error().message));
        QVERIFY(env.use_count() == 1); // The view let go of the environment.
    }

    void viewKeepsItsEnvironmentAndRemovedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);
        QVERIFY(commit(*env, 0, 500, 0, 7).ok());
        auto view = LmdbReadView::open(env);
        QVERIFY(view.ok());
        env.reset(); // The view is the last owner now.
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::remove(path + QStringLiteral("-lock")));
        QFile copy(dir.filePath(QStringLiteral("copy")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        QVERIFY(streamTo(*view.value(), copy, 1 << 20));
        copy.close();
        auto content = contentOf(copy.fileName());
        QVERIFY(content.ok());
        QCOMPARE(content->index, 7ULL);
        QCOMPARE(content->points.size(), size_t(500));
    }

    void viewSurvivesTheMapGrowing()
    {
        // A writer that outgrows the map (64 MiB at first) doubles it: LMDB unmaps and maps the
        // file again, perhaps elsewhere. The view reads with pread(), never through the map.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);
        QVERIFY(commit(*env, 0, 1000, 0, 1).ok());
        auto view = LmdbReadView::open(env);
        QVERIFY(view.ok());
        MDB_envinfo before{};
        QCOMPARE(mdb_env_info(env->handle(), &before), MDB_SUCCESS);
        const QByteArray big(256 << 10, 'x');
        for (int i = 0; i < 320; ++i) { // 80 MiB
            QVERIFY(env->write([&](LmdbTxn &txn) -> Status {
                           auto points = txn.dbi("points", true);
                           if (!points)
                               return points.error();
                           return txn.put(points.value(), QByteArray("big-" + QByteArray::number(i)), big);
                       })
                        .ok());
        }
        MDB_envinfo after{};
        QCOMPARE(mdb_env_info(env->handle(), &after), MDB_SUCCESS);
        QVERIFY(after.me_mapsize > before.me_mapsize);
        QFile copy(dir.filePath(QStringLiteral("copy")));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        QVERIFY(streamTo(*view.value(), copy, 1 << 20));
        copy.close();
        auto content = contentOf(copy.fileName());
        QVERIFY2(content.ok(), qPrintable(content.ok() ? QString() : content.error().toString()));
        QCOMPARE(content->index, 1ULL);
        QCOMPARE(content->points.size(), size_t(1000));
    }

    void largeFileStreamsInBoundedMemory()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);
        // ~48 MiB: 40 commits of 1200 values of ~1 KiB.
        for (int c = 0; c < 40; ++c)
            QVERIFY(commit(*env, c * 1200, (c + 1) * 1200, 0, quint64(c) + 1).ok());
        QVERIFY(fileSize(path) > (40LL << 20));

        constexpr qsizetype kBlock = 1 << 20;
        std::vector<char> block(kBlock, '\0'); // Touched now, so it is resident before the baseline.
        auto view = LmdbReadView::open(env);
        QVERIFY(view.ok());
        QCryptographicHash streamed(QCryptographicHash::Sha256);
        const qint64 baseline = residentBytes();
        QVERIFY(baseline > 0);
        qint64 peak = baseline;
        qint64 total = 0;
        for (qsizetype n; (n = view.value()->read(block.data(), kBlock)) > 0;) {
            streamed.addData(QByteArrayView(block.data(), n));
            total += n;
            peak = std::max(peak, residentBytes());
        }
        QCOMPARE(view.value()->error().message, QString());
        QCOMPARE(total, view.value()->size());
        qInfo("streamed %lld MiB; resident memory grew by %lld KiB at most", total >> 20, (peak - baseline) >> 10);
        // A buffer of the file, or reading through the map, would add tens of MiB.
        QVERIFY2(peak - baseline < (8LL << 20), qPrintable(QString::number(peak - baseline)));

        const QByteArray expected = lmdbCopy(*env, dir.filePath(QStringLiteral("lmdb-copy")));
        QCOMPARE(qint64(expected.size()), total);
        QCOMPARE(streamed.result(), QCryptographicHash::hash(expected, QCryptographicHash::Sha256));
    }

    // How much a file grows while a view is open and a writer goes on: pages freed after the
    // view's moment cannot be reused until it ends, so copy-on-write takes new pages at the end.
    // Overwrites of existing keys show it best: without a reader the file hardly grows.
    void fileGrowsByWhatIsWrittenWhileAViewIsOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("env"));
        auto env = openEnv(path);
        QVERIFY(env);
        constexpr int kKeys = 8000; // ~5 MiB of ~600-byte values (a few overflow values)
        QVERIFY(commit(*env, 0, kKeys, 0, 1).ok());
        quint64 index = 1;
        int round = 0;

        // Overwrites `commits` times `perCommit` keys; returns the file's growth.
        const auto overwrite = [&](int commits, int perCommit, qint64 *written) {
            const qint64 before = fileSize(path);
            *written = 0;
            for (int c = 0; c < commits; ++c) {
                const int from = (c * perCommit) % (kKeys - perCommit);
                if (!commit(*env, from, from + perCommit, ++round, ++index).ok())
                    return qint64(-1);
                for (int i = from; i < from + perCommit; ++i)
                    *written += valueOf(i).size() + keyOf(i).size();
            }
            return fileSize(path) - before;
        };
        struct Row {
            const char *what;
            int commits;
            int perCommit;
        };
        for (const Row &row :
             {Row{"large commits (~64 KiB each)", 200, 100}, Row{"small commits (1 key each)", 2000, 1}}) {
            qint64 written = 0;
            const qint64 free = overwrite(row.commits, row.perCommit, &written);
            auto view = LmdbReadView::open(env);
            QVERIFY(view.ok());
            qint64 writtenHeld = 0;
            const qint64 held = overwrite(row.commits, row.perCommit, &writtenHeld);
            view.value()->close();
            // After the view ends, its pages are reused again: no more growth.
            qint64 writtenAfter = 0;
            const qint64 after = overwrite(row.commits, row.perCommit, &writtenAfter);
            QVERIFY(free >= 0 && held >= 0 && after >= 0);
            qInfo("%s: %d commits, %lld KiB written; file growth without a view %lld KiB, with a view %lld KiB "
                  "(%.2f bytes per byte written, %lld KiB per commit), after it closed %lld KiB",
                  row.what, row.commits, writtenHeld >> 10, free >> 10, held >> 10, double(held) / writtenHeld,
                  (held / row.commits) >> 10, after >> 10);
            QVERIFY2(held >= writtenHeld / 2, "the view keeps freed pages from being reused");
            QVERIFY2(free < held / 4, "without a view, freed pages are reused");
            QVERIFY2(after < held / 4, "after close(), freed pages are reused");
            // The bound: every commit copies the pages it changes: the leaves of its values (here
            // at most twice their bytes: a leaf holds a few values), their branches, the meta
            // table, the main table and the free list (a few pages per commit).
            QVERIFY2(held <= 2 * writtenHeld + row.commits * 8 * 4096LL, "at most the pages the commits changed");
        }
    }
};

QTEST_GUILESS_MAIN(TestLmdbReadView)
#include "tst_lmdbreadview.moc"
