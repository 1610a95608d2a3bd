// One changed byte anywhere in a backup chain is found. A real tidemarkd and tidemark-cli make a
// chain (a plain full snapshot and a zstd incremental); then, 200 times, one byte at a random
// place of one part of it — the manifest, a tar header, the padding after an entry, a file's
// content, the end-of-archive blocks, the compressed stream — is changed, and `verify` and
// restore's preflight must both refuse the chain as damaged while the restore target stays as it
// was. The seed is printed; TIDEMARK_CORRUPTION_SEED repeats a run, TIDEMARK_CORRUPTION_ROUNDS
// changes the count.
#include "support/NodeProcess.h"
#include "support/Workload.h"

#include "backup/ChainVerifier.h"
#include "restore/RestoreEngine.h"

#include <QFile>
#include <QMap>
#include <QRandomGenerator>
#include <QTest>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kBlock = 512;

/// A byte range of one archive file, and the part of the format it is.
struct Region {
    QString kind;
    QString what;
    QString file;
    qint64 begin = 0;
    qint64 end = 0;
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The parts of an uncompressed snapshot archive, read from its tar headers (ustar, as written).
std::vector<Region> tarRegions(const QString &path)
{
    const QByteArray data = readAll(path);
    std::vector<Region> regions;
    qint64 at = 0;
    while (at + kBlock <= data.size()) {
        const QByteArray header = data.mid(at, kBlock);
        if (header.count('\0') == kBlock) {
            regions.push_back({QStringLiteral("end of archive"), QStringLiteral("zero blocks"), path, at, data.size()});
            break;
        }
        const QByteArray field = header.left(100);
        const qsizetype nul = field.indexOf('\0');
        const QString name = QString::fromUtf8(nul < 0 ? field : field.left(nul));
        bool ok = false;
        const qint64 size = header.mid(124, 11).toLongLong(&ok, 8);
        if (!ok)
            return {};
        regions.push_back({QStringLiteral("tar header"), name, path, at, at + kBlock});
        const qint64 contentEnd = at + kBlock + size;
        const qint64 next = at + kBlock + (size + kBlock - 1) / kBlock * kBlock;
        regions.push_back({name == QStringLiteral("manifest") ? QStringLiteral("manifest") : QStringLiteral("content"),
                           name, path, at + kBlock, contentEnd});
        if (next > contentEnd)
            regions.push_back({QStringLiteral("padding"), name, path, contentEnd, next});
        at = next;
    }
    return regions;
}

bool xorByte(const QString &path, qint64 pos, quint8 mask)
{
    QFile f(path);
    char c = 0;
    if (!f.open(QIODevice::ReadWrite) || !f.seek(pos) || !f.getChar(&c) || !f.seek(pos))
        return false;
    return f.putChar(static_cast<char>(static_cast<quint8>(c) ^ mask));
}

int envNumber(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

} // namespace

class TestCorruption : public QObject {
    Q_OBJECT

private:
    NodeProcess m_source;
    NodeProcess m_target;
    QTemporaryDir m_backups;
    QString m_chain;
    QMap<QString, std::vector<Region>> m_regions; ///< By kind.

    Status verify() const
    {
        auto report = ChainVerifier::verify(m_chain);
        return report ? Status() : Status(report.error());
    }

    /// The preflight of `restore --dry-run`, which reads every byte.
    RestorePlan preflight() const
    {
        RestoreEngine::Options options{m_target.configPath(), m_chain, std::nullopt, currentUser()};
        options.checkEveryByte = true;
        RestoreEngine job(options);
        return job.preflight();
    }

    /// A restore as it runs (the chain read once, checked as it is extracted): the first error.
    Error restore() const
    {
        RestoreEngine job({m_target.configPath(), m_chain, std::nullopt, currentUser()});
        const RestorePlan plan = job.preflight();
        if (plan.hasErrors())
            return plan.firstError();
        return job.execute(plan).error;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_source.start(&error), qPrintable(error));
        QCOMPARE(m_source.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status, 200);
        m_chain = m_backups.filePath(QStringLiteral("snap"));
        for (int k = 1; k <= 20; ++k)
            QCOMPARE(m_source.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
        QByteArray err;
        QVERIFY2(
            NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(), m_chain},
                                nullptr, &err) == 0,
            err.constData());
        for (int k = 21; k <= 30; ++k)
            QCOMPARE(m_source.request("POST", QStringLiteral("/write?db=hot"), batch(k)).status, 204);
        QVERIFY2(NodeProcess::runCli({QStringLiteral("backup"), QStringLiteral("-host"), m_source.snapshotHost(),
                                      QStringLiteral("--compress"), QStringLiteral("zstd"), m_chain},
                                     nullptr, &err) == 0,
                 err.constData());
        QCOMPARE(m_source.stop(), 0);

        for (const Region &region : tarRegions(m_chain))
            m_regions[region.kind].push_back(region);
        const QString incremental = m_chain + QStringLiteral(".0");
        m_regions[QStringLiteral("zstd stream")].push_back(
            {QStringLiteral("zstd stream"), QStringLiteral("PATH.0"), incremental, 0, QFileInfo(incremental).size()});
        for (const char *kind : {"manifest", "tar header", "padding", "content", "end of archive", "zstd stream"})
            QVERIFY2(m_regions.contains(QLatin1String(kind)), kind); // The manifest is never a whole number of blocks.

        // The target: a stopped node with data of its own.
        QVERIFY2(m_target.start(&error), qPrintable(error));
        QCOMPARE(m_target.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+old")).status, 200);
        QCOMPARE(m_target.request("POST", QStringLiteral("/write?db=old"), "before v=1 1000").status, 204);
        QCOMPARE(m_target.stop(), 0);

        // The intact chain passes both, so every failure below is the changed byte's.
        const Status intact = verify();
        QVERIFY2(intact.ok(), qPrintable(intact.error().toString()));
        const RestorePlan plan = preflight();
        QVERIFY2(!plan.hasErrors(), qPrintable(plan.firstError().toString()));
    }

    void everyChangedByteIsFound()
    {
        const quint32 seed = static_cast<quint32>(
            envNumber("TIDEMARK_CORRUPTION_SEED", static_cast<int>(QRandomGenerator::global()->bounded(1 << 30))));
        const int rounds = envNumber("TIDEMARK_CORRUPTION_ROUNDS", 200);
        qInfo("seed %u (TIDEMARK_CORRUPTION_SEED=%u repeats this run), %d rounds", seed, seed, rounds);
        QRandomGenerator random(seed);
        const QByteArray targetBefore = treeHash(m_target.root());
        const QStringList kinds = m_regions.keys();
        QMap<QString, int> found;

        for (int round = 0; round < rounds; ++round) {
            const QString &kind = kinds[round % kinds.size()];
            const std::vector<Region> &candidates = m_regions[kind];
            const Region &region = candidates[random.bounded(static_cast<quint32>(candidates.size()))];
            const qint64 pos =
                region.begin + static_cast<qint64>(random.bounded(static_cast<quint64>(region.end - region.begin)));
            const auto mask = static_cast<quint8>(1 + random.bounded(255));
            const QString where = QStringLiteral("round %1: byte %2 of %3 (%4 '%5') ^ 0x%6")
                                      .arg(round)
                                      .arg(pos)
                                      .arg(QFileInfo(region.file).fileName(), kind, region.what)
                                      .arg(mask, 2, 16, QLatin1Char('0'));
            QVERIFY(xorByte(region.file, pos, mask));

            const Status verified = verify();
            QVERIFY2(!verified.ok(), qPrintable(where + QStringLiteral(": verify passed")));
            QVERIFY2(verified.error().code == ErrorCode::Integrity,
                     qPrintable(where + QStringLiteral(": ") + verified.error().toString()));
            const RestorePlan plan = preflight();
            QVERIFY2(plan.hasErrors(), qPrintable(where + QStringLiteral(": preflight passed")));
            QVERIFY2(plan.firstError().code == ErrorCode::Integrity,
                     qPrintable(where + QStringLiteral(": ") + plan.firstError().toString()));
            const Error restored = restore();
            QVERIFY2(restored.code == ErrorCode::Integrity,
                     qPrintable(where + QStringLiteral(": restore: ") + restored.toString()));
            if (round % 20 == 0) { // The whole command, now and then: it refuses and changes nothing.
                QByteArray err;
                QCOMPARE(
                    NodeProcess::runCli({QStringLiteral("restore"), QStringLiteral("-config"), m_target.configPath(),
                                         m_chain, QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")},
                                        nullptr, &err),
                    7);
            }
            QCOMPARE(treeHash(m_target.root()), targetBefore);

            QVERIFY(xorByte(region.file, pos, mask)); // Back as it was.
            ++found[kind];
        }
        for (auto it = found.cbegin(); it != found.cend(); ++it)
            qInfo("%s: %d changed bytes, all found", qPrintable(it.key()), it.value());
        const Status intact = verify();
        QVERIFY2(intact.ok(), qPrintable(intact.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestCorruption)
#include "tst_corruption.moc"
