#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

namespace {

const QString kChain = QStringLiteral("c0ffee");

ManifestFile fileOf(const QString &name, const QByteArray &content, quint64 index)
{
    return ManifestFile{name, content.size(), index, Checksum::of(content)};
}

Manifest manifestOf(bool incremental, quint64 index, const QString &chainId = kChain)
{
    Manifest m;
    m.nodeId = 1;
    m.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    m.created = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).addSecs(static_cast<qint64>(index));
    m.chainId = chainId;
    m.incremental = incremental;
    m.index = index;
    return m;
}

/// Writes a real snapshot archive: the manifest, then every file with `content(name)` as body.
void writeSnapshot(const QString &path, const Manifest &manifest, const std::map<QString, QByteArray> &contents)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    ArchiveWriter writer([&](const char *data, qsizetype size) { return out.write(data, size) == size; },
                         ArchiveWriter::Compression::Zstd);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), manifest.toJson());
    for (const ManifestFile &f : manifest.files)
        ok = ok && writer.addData(f.name, contents.at(f.name));
    if (!ok || !writer.finish())
        qFatal("cannot write snapshot: %s", qPrintable(writer.error().toString()));
}

void writeLink(const QString &path, bool incremental, quint64 index, const QString &chainId = kChain)
{
    const QByteArray meta = "meta@" + QByteArray::number(index);
    Manifest m = manifestOf(incremental, index, chainId);
    m.files = {fileOf(QStringLiteral("meta"), meta, index)};
    writeSnapshot(path, m, {{QStringLiteral("meta"), meta}});
}

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

QStringList names(const Manifest &m)
{
    QStringList out;
    for (const ManifestFile &f : m.files)
        out << f.name + QLatin1Char('@') + QString::number(f.index);
    return out;
}

} // namespace

class TestBackupChain : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    int m_next = 0;

    // A fresh directory per test, and the chain path inside it.
    QString newChainPath()
    {
        const QString dir = m_tmp.filePath(QString::number(++m_next));
        QDir().mkpath(dir);
        return dir + QStringLiteral("/snap");
    }

    // full: meta@10 shards/1@10 shards/2@10; .0: meta@20 shards/1@15; .1: meta@30 shards/1@15 (tie)
    QString writeThreeLinks()
    {
        const QString path = newChainPath();
        const std::map<QString, QByteArray> contents{
            {QStringLiteral("meta"), "m"}, {QStringLiteral("shards/1"), "s1"}, {QStringLiteral("shards/2"), "s2"}};
        Manifest full = manifestOf(false, 10);
        full.files = {fileOf(QStringLiteral("meta"), "m", 10), fileOf(QStringLiteral("shards/1"), "s1", 10),
                      fileOf(QStringLiteral("shards/2"), "s2", 10)};
        writeSnapshot(path, full, contents);
        Manifest inc0 = manifestOf(true, 20);
        inc0.files = {fileOf(QStringLiteral("meta"), "m", 20), fileOf(QStringLiteral("shards/1"), "s1", 15)};
        writeSnapshot(path + QStringLiteral(".0"), inc0, contents);
        Manifest inc1 = manifestOf(true, 30);
        inc1.nodeId = 2;
        inc1.files = {fileOf(QStringLiteral("meta"), "m", 30), fileOf(QStringLiteral("shards/1"), "s1", 15)};
        writeSnapshot(path + QStringLiteral(".1"), inc1, contents);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void emptyChain()
    {
        const QString path = newChainPath();
        writeBytes(path + QStringLiteral(".tmp"), "partial");
        auto chain = BackupChain::open(path);
        QVERIFY2(chain.ok(), qPrintable(chain.ok() ? QString() : chain.error().toString()));
        QVERIFY(chain->isEmpty());
        QCOMPARE(chain->path(), path);
        QCOMPARE(chain->nextPath(), path);
        QVERIFY(chain->merged().files.empty());
        QCOMPARE(chain->leftovers(), QStringList{path + QStringLiteral(".tmp")});
        auto merged = chain->mergedUpTo(-1);
        QVERIFY(!merged.ok());
        QCOMPARE(merged.error().code, ErrorCode::NotFound);
        QVERIFY(merged.error().message.contains(QStringLiteral("is empty")));
    }

    void missingDirectoryIsEmpty()
    {
        auto chain = BackupChain::open(m_tmp.filePath(QStringLiteral("nowhere/snap")));
        QVERIFY(chain.ok());
        QVERIFY(chain->isEmpty());
    }

    void fullOnly()
    {
        const QString path = newChainPath();
        writeLink(path, false, 5);
        auto chain = BackupChain::open(path);
        QVERIFY2(chain.ok(), qPrintable(chain.ok() ? QString() : chain.error().toString()));
        QCOMPARE(chain->links().size(), size_t(1));
        QCOMPARE(chain->links()[0].path, path);
        QCOMPARE(chain->links()[0].bytes, QFileInfo(path).size());
        QCOMPARE(chain->links()[0].manifest.index, quint64(5));
        QCOMPARE(chain->nextPath(), path + QStringLiteral(".0"));
        QCOMPARE(names(chain->merged()), QStringList{QStringLiteral("meta@5")});
        QVERIFY(chain->mergedUpTo(-1).ok());
        QVERIFY(!chain->mergedUpTo(0).ok());
    }

    void fullAndTwoIncrementals()
    {
        const QString path = writeThreeLinks();
        writeBytes(path + QStringLiteral(".2.tmp"), "interrupted"); // Not an archive: must never be read.
        writeBytes(path + QStringLiteral(".old"), "x");
        writeBytes(path + QStringLiteral(".01"), "x");
        auto chain = BackupChain::open(path);
        QVERIFY2(chain.ok(), qPrintable(chain.ok() ? QString() : chain.error().toString()));
        QCOMPARE(chain->links().size(), size_t(3));
        QCOMPARE(chain->links()[1].path, path + QStringLiteral(".0"));
        QCOMPARE(chain->links()[2].path, path + QStringLiteral(".1"));
        QCOMPARE(chain->nextPath(), path + QStringLiteral(".2"));
        QCOMPARE(chain->leftovers(), QStringList{path + QStringLiteral(".2.tmp")});

        const Manifest merged = chain->merged();
        QCOMPARE(names(merged), (QStringList{QStringLiteral("meta@30"), QStringLiteral("shards/1@15"),
                                             QStringLiteral("shards/2@10")}));
        QCOMPARE(merged.index, quint64(30));
        QCOMPARE(merged.nodeId, quint64(2));
        QVERIFY(!merged.incremental);
    }

    void mergedUpTo_data()
    {
        QTest::addColumn<int>("upto");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("-1") << -1
                            << QStringList{QStringLiteral("meta@10"), QStringLiteral("shards/1@10"),
                                           QStringLiteral("shards/2@10")};
        QTest::newRow("0") << 0
                           << QStringList{QStringLiteral("meta@20"), QStringLiteral("shards/1@15"),
                                          QStringLiteral("shards/2@10")};
        QTest::newRow("1") << 1
                           << QStringList{QStringLiteral("meta@30"), QStringLiteral("shards/1@15"),
                                          QStringLiteral("shards/2@10")};
    }

    void mergedUpTo()
    {
        QFETCH(int, upto);
        QFETCH(QStringList, expected);
        auto chain = BackupChain::open(writeThreeLinks());
        QVERIFY(chain.ok());
        auto merged = chain->mergedUpTo(upto);
        QVERIFY(merged.ok());
        QCOMPARE(names(merged.value()), expected);
        QCOMPARE(merged->index, chain->links()[static_cast<size_t>(upto + 1)].manifest.index);
    }

    void mergedUpToOutOfRange_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("2") << 2;
        QTest::newRow("-2") << -2;
        QTest::newRow("huge") << 1000;
    }

    void mergedUpToOutOfRange()
    {
        QFETCH(int, upto);
        const QString path = writeThreeLinks();
        auto chain = BackupChain::open(path);
        QVERIFY(chain.ok());
        auto merged = chain->mergedUpTo(upto);
        QVERIFY(!merged.ok());
        QCOMPARE(merged.error().code, ErrorCode::NotFound);
        QCOMPARE(merged.error().message,
                 QStringLiteral("Backup chain '%1' has no incremental %2.").arg(path).arg(upto));
        QVERIFY2(merged.error().hint.contains(QStringLiteral("choose -1 (the full snapshot only) up to 1")),
                 qPrintable(merged.error().hint));
    }

    void brokenChains_data()
    {
        QTest::addColumn<QStringList>("links"); // "SUFFIX=KIND": full, inc, foreign, garbage
        QTest::addColumn<QString>("expected");  // %1 is the chain path
        QTest::newRow("gap") << QStringList{QStringLiteral("=full"), QStringLiteral(".0=inc"), QStringLiteral(".2=inc")}
                             << QStringLiteral("Backup chain '%1' is broken: '%1.2' exists but '%1.1' is missing");
        QTest::newRow("gap at 0") << QStringList{QStringLiteral("=full"), QStringLiteral(".1=inc")}
                                  << QStringLiteral("Backup chain '%1' is broken: '%1.1' exists but '%1.0' is missing");
        QTest::newRow("no full") << QStringList{QStringLiteral(".0=inc")}
                                 << QStringLiteral("Backup chain '%1' is broken: '%1.0' exists but the full snapshot "
                                                   "'%1' is missing");
        QTest::newRow("foreign chainId")
            << QStringList{QStringLiteral("=full"), QStringLiteral(".0=inc"), QStringLiteral(".1=foreign")}
            << QStringLiteral(
                   "Backup chain '%1' is broken: '%1.1' belongs to chain beef, but '%1' starts chain c0ffee");
        QTest::newRow("full in .1") << QStringList{QStringLiteral("=full"), QStringLiteral(".0=inc"),
                                                   QStringLiteral(".1=full")}
                                    << QStringLiteral(
                                           "Backup chain '%1' is broken: '%1.1' is a full snapshot, but only "
                                           "'%1' may be one");
        QTest::newRow("incremental as full") << QStringList{QStringLiteral("=inc")}
                                             << QStringLiteral("Backup chain '%1' is broken: '%1' is an incremental "
                                                               "snapshot, not a full one");
        QTest::newRow("damaged link") << QStringList{QStringLiteral("=full"), QStringLiteral(".0=garbage")}
                                      << QStringLiteral("archive '%1.0': is not a snapshot archive");
        QTest::newRow("damaged full") << QStringList{QStringLiteral("=garbage")}
                                      << QStringLiteral("archive '%1': is not a snapshot archive");
    }

    void brokenChains()
    {
        QFETCH(QStringList, links);
        QFETCH(QString, expected);
        const QString path = newChainPath();
        for (const QString &link : links) {
            const QString file = path + link.section(QLatin1Char('='), 0, 0);
            const QString kind = link.section(QLatin1Char('='), 1);
            if (kind == QLatin1String("garbage"))
                writeBytes(file, QByteArray(3000, 'g'));
            else
                writeLink(file, kind != QLatin1String("full"), 10,
                          kind == QLatin1String("foreign") ? QStringLiteral("beef") : kChain);
        }
        auto chain = BackupChain::open(path);
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error().code, ErrorCode::Integrity);
        QVERIFY2(chain.error().message.startsWith(expected.arg(path)), qPrintable(chain.error().message));
        QVERIFY(!chain.error().hint.isEmpty());
    }

    void pathIsDirectory()
    {
        const QString path = newChainPath();
        QVERIFY(QDir().mkpath(path));
        auto chain = BackupChain::open(path);
        QVERIFY(!chain.ok());
        QCOMPARE(chain.error().code, ErrorCode::Io);
        QVERIFY(chain.error().message.contains(path));
    }

    void readManifestOfMissingFile()
    {
        const QString path = m_tmp.filePath(QStringLiteral("absent"));
        auto manifest = BackupChain::readManifest(path);
        QVERIFY(!manifest.ok());
        QCOMPARE(manifest.error().code, ErrorCode::NotFound);
        QVERIFY(manifest.error().message.contains(path));
    }

    void readManifestOfOneArchive()
    {
        const QString path = newChainPath();
        writeLink(path, false, 7);
        auto manifest = BackupChain::readManifest(path);
        QVERIFY(manifest.ok());
        QCOMPARE(manifest->index, quint64(7));
        QCOMPARE(manifest->chainId, kChain);
    }
};

QTEST_GUILESS_MAIN(TestBackupChain)
#include "tst_backupchain.moc"
