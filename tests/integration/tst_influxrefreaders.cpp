// Reference links (issue 19, archive format 4) read by every reader of an InfluxDB 1.x chain but
// the offline restore: a real influxd 1.6.7 gets writes into old and new shards, a full
// compaction and a DELETE between the links of a chain taken by the real tidemark-cli with
// `--whole-files`; a copy of that chain then has every incremental rewritten so that its shards
// are reference links into their versions before (tests/support/RefLinks, as the backup client
// will write them; every rebuilt tar stays the same). Then: verify passes, and names the link and
// shard of a flipped byte; consolidate writes whole shards (format 2, the rebuilt checksums) that
// list and restore as the node was; copy keeps the links byte for byte; info shows the references;
// `ls` and `export` at every link give what the whole chain gives; an online restore into the
// running node gives its counts, at the newest link and at an older one.
#include "support/CliRun.h"
#include "support/InfluxProcess.h"
#include "support/NodeProcess.h"
#include "support/RefLinks.h"
#include "support/Workload.h"

#include "influx1/Influx1OnlineImporter.h"
#include "kinds/NodeKind.h"
#include "snapshot/ArchiveReader.h"
#include "snapshot/ArchiveWriter.h"
#include "snapshot/BackupChain.h"
#include "snapshot/Checksum.h"
#include "snapshot/RefPatch.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QtEndian>
#include <QTest>
#include <QUrlQuery>

#include <functional>
#include <thread>

using namespace tidemark;
using namespace tidemark::test;

namespace {

constexpr qint64 kWeekNs = 7 * kDayNs;
constexpr int kWeeks = 6;
constexpr int kNewest = 3; ///< The chain: the full and links 0 to 3.

// `count` points of week `week` from its second `from` on, three series, fields that do not
// compress away (an integer counter and floats from an LCG).
QByteArray points(int week, int from, int count)
{
    QByteArray lines;
    quint64 state = static_cast<quint64>(week) * 7919 + static_cast<quint64>(from);
    for (int k = 0; k < count; ++k) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const int i = from + k;
        lines += "weekly,week=" + QByteArray::number(week) + ",s=" + QByteArray::number(i % 3) +
                 " v=" + QByteArray::number(i) + "i,f=" + QByteArray::number(double(state >> 11) / 9.0e15, 'g', 17) +
                 " " + QByteArray::number(week * kWeekNs + qint64(i) * 1000000000LL) + '\n';
    }
    return lines;
}

QStringList scratchLeft(const QString &dir)
{
    return QDir(dir).entryList({QStringLiteral(".tidemark-*")}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

QString linkOf(const QString &chain, int link)
{
    return link < 0 ? chain : chain + QStringLiteral(".%1").arg(link);
}

// `ls --json` of a chain as comparable lines: the tree's events only (not `done`, which counts
// the links and bytes read: reference links read more of them), its own directory replaced by `as`.
QByteArray listing(const QByteArray &out, const QString &dir, const QString &as)
{
    QByteArray kept;
    for (const QByteArray &line : out.split('\n')) {
        const QString event = QJsonDocument::fromJson(line).object().value(QStringLiteral("event")).toString();
        if (event != QLatin1String("database") && event != QLatin1String("rp") && event != QLatin1String("shard") &&
            event != QLatin1String("measurement"))
            continue;
        kept += QByteArray(line).replace(dir.toUtf8(), as.toUtf8()) + '\n';
    }
    return kept;
}

// The offset and size of each entry of an uncompressed tar (ustar/pax headers: the name at 0, the
// octal size at 124), by name; pax extended headers skipped.
std::map<QString, std::pair<qint64, qint64>> tarEntries(const QByteArray &tar)
{
    std::map<QString, std::pair<qint64, qint64>> entries;
    qint64 at = 0;
    while (at + 512 <= tar.size()) {
        const QByteArray header = tar.mid(at, 512);
        if (header.count('\0') == 512)
            break;
        const QString name = QString::fromLatin1(header.left(100).constData());
        const qint64 size = header.mid(124, 12).trimmed().replace('\0', "").toLongLong(nullptr, 8);
        const char type = header[156];
        if (type == '0' || type == '\0')
            entries[name] = {at + 512, size};
        at += 512 + (size + 511) / 512 * 512;
    }
    return entries;
}

// Rewrites link `number` of the local chain at `chain` with `change` applied to each entry's bytes
// (by name) and a final manifest that says their new sizes and checksums (the head is kept): the
// link's own checks pass, whatever the bytes now mean.
Status rewriteEntries(const QString &chain, int number,
                      const std::function<void(const QString &, QByteArray &)> &change)
{
    auto opened = BackupChain::open(chain);
    if (!opened)
        return opened.error();
    const BackupChain::Link &link = opened->links()[static_cast<size_t>(number + 1)];
    auto final = opened->finalManifest(link);
    if (!final)
        return final.error();
    QFile in(link.path);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, in.errorString());
    ArchiveReader reader(in, link.path);
    auto head = reader.readManifest();
    if (!head)
        return head.error();
    if (Status s = reader.useFinalManifest(final.value()); !s)
        return s;
    Manifest last = final.takeValue();
    std::vector<QByteArray> contents;
    for (ManifestFile &f : last.files) {
        QByteArray data;
        auto got = reader.nextFile([&](const char *bytes, qsizetype size) {
            data.append(bytes, size);
            return true;
        });
        if (!got)
            return got.error();
        if (!got.value() || got.value()->name != f.name)
            return makeError(ErrorCode::Integrity, QStringLiteral("%1 is not as listed").arg(link.path));
        change(f.name, data);
        f.size = data.size();
        f.checksum = Checksum::of(data);
        contents.push_back(data);
    }
    in.close();
    QSaveFile out(link.path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, out.errorString());
    ArchiveWriter writer([&](const char *d, qsizetype n) { return out.write(d, n) == n; },
                         ArchiveWriter::Compression::None);
    bool ok = writer.open() && writer.addData(QStringLiteral("manifest"), head->toJson());
    for (size_t i = 0; ok && i < last.files.size(); ++i)
        ok = writer.addData(last.files[i].name, contents[i]);
    ok = ok && writer.addFinal(QString::fromLatin1(Manifest::kFinalEntry), last.toJson()) && writer.finish();
    if (!ok)
        return writer.error();
    if (!out.commit())
        return makeError(ErrorCode::Io, out.errorString());
    return {};
}

// The offset of the first literal byte of a reference link's bytes (RefPatch.h), or -1.
qsizetype firstLiteral(const QByteArray &patch)
{
    qsizetype at = refpatch::kHeaderBytes;
    while (at + refpatch::kRecordHeaderBytes <= patch.size()) {
        const quint64 kind = qFromLittleEndian<quint64>(patch.constData() + at);
        const quint64 length = qFromLittleEndian<quint64>(patch.constData() + at + 8);
        if (kind == refpatch::kLiteral)
            return at + refpatch::kRecordHeaderBytes;
        if (kind != refpatch::kCopy)
            return -1;
        at += refpatch::kCopyBytes;
        (void)length;
    }
    return -1;
}

ConnectionSettings settingsFor(const InfluxProcess &node)
{
    ConnectionSettings settings;
    settings.kind = Manifest::Kind::InfluxDb1;
    settings.host = HostPort::parse(node.snapshotHost()).value();
    settings.influxHttp = HostPort{QStringLiteral("127.0.0.1"), node.httpPort()};
    settings.timeoutMs = 20000;
    return settings;
}

} // namespace

class TestInfluxRefReaders : public QObject {
    Q_OBJECT

private:
    InfluxProcess m_node;
    QTemporaryDir m_dir;
    QMap<int, QString> m_state;  ///< Per link: the node's `tm` as a query answers it.
    QMap<int, qint64> m_points;  ///< Per link: points in `tm` and `other`.
    QMap<int, QString> m_other;  ///< Per link: `other` as a query answers it.
    QString m_compactedShardDir; ///< The shard influxd compacted between links 0 and 1.

    QString wholeChain() const { return m_dir.filePath(QStringLiteral("whole/node")); }
    QString refChain() const { return m_dir.filePath(QStringLiteral("refs/node")); }

    void write(const QString &db, const QByteArray &body)
    {
        for (qsizetype at = 0; at < body.size();) {
            // Batches of whole lines, at most ~1 MiB each.
            qsizetype end = std::min(body.size(), at + (1 << 20));
            if (end < body.size())
                end = body.lastIndexOf('\n', end - 1) + 1;
            const auto reply = m_node.request("POST", QStringLiteral("/write?db=%1").arg(db), body.mid(at, end - at));
            QVERIFY2(reply.status == 204, reply.body.constData());
            at = end;
        }
    }
    void query(const QString &q, const QString &db = {})
    {
        QUrlQuery params;
        if (!db.isEmpty())
            params.addQueryItem(QStringLiteral("db"), db);
        params.addQueryItem(QStringLiteral("q"), q);
        const auto reply = m_node.request("POST", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded));
        QVERIFY2(reply.status == 200 && !reply.body.contains("\"error\""), reply.body.constData());
    }
    static QString answer(InfluxProcess &node, const QString &db, const QString &q)
    {
        QUrlQuery params;
        params.addQueryItem(QStringLiteral("db"), db);
        params.addQueryItem(QStringLiteral("q"), q);
        return QString::fromUtf8(
            node.request("GET", QStringLiteral("/query?") + params.toString(QUrl::FullyEncoded)).body);
    }
    static QString stateOf(InfluxProcess &node, const QString &db)
    {
        return answer(node, db, QStringLiteral("SELECT count(v), sum(v), sum(f) FROM weekly GROUP BY week, s"));
    }
    void backup(int link)
    {
        const CliRun r =
            runCli({QStringLiteral("backup"), QStringLiteral("--kind"), QStringLiteral("influxdb1"),
                    QStringLiteral("-host"), m_node.snapshotHost(), QStringLiteral("--whole-files"), wholeChain()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFile::exists(linkOf(wholeChain(), link)));
        m_state[link] = stateOf(m_node, QStringLiteral("tm"));
        m_other[link] = stateOf(m_node, QStringLiteral("other"));
        m_points[link] =
            m_node.queryValue(QStringLiteral("tm"), QStringLiteral("SELECT count(v) FROM weekly")).toLongLong() +
            m_node.queryValue(QStringLiteral("other"), QStringLiteral("SELECT count(v) FROM weekly")).toLongLong();
        // The node tells changes by the second of a file's time: what comes next, comes a second later.
        QTest::qWait(1100);
    }
    // The TSM files of each shard directory of the node.
    QMap<QString, QStringList> tsmFiles() const
    {
        QMap<QString, QStringList> out;
        QDirIterator it(m_node.dataDir(), {QStringLiteral("*.tsm"), QStringLiteral("*.tmp")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo file(it.next());
            out[file.path()] << file.fileName();
        }
        for (QStringList &files : out)
            files.sort();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!InfluxProcess::binary().isEmpty(), "influxd is not installed (scripts/deps.sh installs it)");
        qputenv("XDG_STATE_HOME", m_dir.filePath(QStringLiteral("state")).toUtf8());
        // A shard is compacted fully 2 s after its last write (the default is 4 h): started once
        // for its config, which then gets the setting.
        QString error;
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QCOMPARE(m_node.stop(), 0);
        QFile config(m_node.configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        QByteArray text = config.readAll();
        config.close();
        QVERIFY(text.contains("[data]\n"));
        text.replace("[data]\n", "[data]\n  compact-full-write-cold-duration = \"2s\"\n");
        QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(text);
        config.close();
        QVERIFY2(m_node.start(&error), qPrintable(error));
        QVERIFY(QDir().mkpath(QFileInfo(wholeChain()).path()));
        QVERIFY(QDir().mkpath(QFileInfo(refChain()).path()));

        // The full: six weekly shards of `tm`, two of `other`.
        query(QStringLiteral("CREATE DATABASE tm"));
        query(QStringLiteral("CREATE DATABASE other"));
        for (int week = 0; week < kWeeks; ++week)
            write(QStringLiteral("tm"), points(week, 0, 6000));
        write(QStringLiteral("other"), points(0, 0, 3000) + points(1, 0, 3000));
        backup(-1);

        // Link 0: points after the ones there in weeks 1 and 2 (a second TSM file each once the
        // backup made influxd write its cache), a new shard (week 6).
        const QMap<QString, QStringList> before = tsmFiles();
        write(QStringLiteral("tm"), points(1, 6000, 1500) + points(2, 6000, 1500) + points(6, 0, 2000));
        backup(0);

        // Link 1: influxd compacted those shards fully meanwhile (new files, blocks at new offsets);
        // a few points into week 3.
        QMap<QString, QStringList> after;
        QElapsedTimer waited;
        waited.start();
        for (;;) {
            after = tsmFiles();
            bool settled = true;
            for (auto it = after.cbegin(); it != after.cend(); ++it)
                settled = settled && it.value().size() == 1 && it.value().front().endsWith(QLatin1String(".tsm"));
            if (settled || waited.elapsed() > 90000)
                break;
            QTest::qWait(500);
        }
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            if (before.contains(it.key()) && before.value(it.key()) != it.value() && it.value().size() == 1)
                m_compactedShardDir = it.key();
        }
        QVERIFY2(!m_compactedShardDir.isEmpty(), "influxd compacted no shard that changed after the full backup");
        qInfo("compacted: %s: %s", qPrintable(m_compactedShardDir),
              qPrintable(after.value(m_compactedShardDir).join(u' ')));
        write(QStringLiteral("tm"), points(3, 6000, 300));
        backup(1);

        // Link 2: a DELETE in `other` (a tombstone beside its shard's TSM file).
        query(QStringLiteral("DELETE FROM weekly WHERE s = '1' AND week = '0'"), QStringLiteral("other"));
        backup(2);

        // Link 3: more points into old weeks and the new one.
        write(QStringLiteral("tm"), points(0, 6000, 1000) + points(6, 2000, 1000));
        backup(3);

        // The same chain with every incremental's shards as reference links.
        for (int link = -1; link <= kNewest; ++link)
            QVERIFY(QFile::copy(linkOf(wholeChain(), link), linkOf(refChain(), link)));
        for (int link = 0; link <= kNewest; ++link) {
            const Status s = RefLinks::rewrite(refChain(), link);
            QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().toString()));
        }
    }

    void cleanupTestCase() { QCOMPARE(m_node.stop(), 0); }

    // Each incremental holds its changed shards as reference links (format 4), whose rebuilt
    // tars are the whole chain's; what they store is measured.
    void linksHoldReferences()
    {
        auto refs = BackupChain::open(refChain());
        auto whole = BackupChain::open(wholeChain());
        QVERIFY(refs.ok() && whole.ok());
        QVERIFY(refs->hasRefLinks(kNewest) && !refs->hasBlockLinks(kNewest) && !whole->hasDeltas(kNewest));
        for (int link = 0; link <= kNewest; ++link) {
            const BackupChain::Link &r = refs->links()[static_cast<size_t>(link + 1)];
            const BackupChain::Link &w = whole->links()[static_cast<size_t>(link + 1)];
            QCOMPARE(r.manifest.format, Manifest::kFormatRefLinks);
            QCOMPARE(r.manifest.files.size(), w.manifest.files.size());
            qint64 stored = 0;
            qint64 rebuilt = 0;
            int references = 0;
            for (size_t k = 0; k < r.manifest.files.size(); ++k) {
                const ManifestFile &f = r.manifest.files[k];
                QCOMPARE(f.name, w.manifest.files[k].name);
                QCOMPARE(f.fileSize(), w.manifest.files[k].size);
                QCOMPARE(f.fileChecksum(), w.manifest.files[k].checksum);
                if (!f.isRefLink())
                    continue;
                ++references;
                stored += f.size;
                rebuilt += f.fileSize();
            }
            QVERIFY2(references > 0, qPrintable(r.path));
            qInfo("%s: %d reference link(s), %lld bytes stored for %lld rebuilt (%lld%%)", qPrintable(r.path),
                  references, stored, rebuilt, rebuilt ? stored * 100 / rebuilt : 0);
        }
    }

    void verifyRebuildsAndChecksEveryShard()
    {
        QElapsedTimer timer;
        timer.start();
        const CliRun r = runCli({QStringLiteral("verify"), refChain()});
        const qint64 refsMs = timer.restart();
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("The chain is complete"), r.out.constData());
        QVERIFY(scratchLeft(QFileInfo(refChain()).path()).isEmpty());
        const CliRun whole = runCli({QStringLiteral("verify"), wholeChain()});
        QVERIFY2(whole.exitCode == 0, whole.err.constData());
        qInfo("verify: %lld ms with reference links, %lld ms for the same chain whole", refsMs, timer.elapsed());
    }

    // A flipped byte in a stored reference link: verify, ls and export name the link and shard
    // (exit 7), and leave no scratch behind.
    void damagedReferenceLinkIsNamed()
    {
        const QString dir = m_dir.filePath(QStringLiteral("damaged"));
        QVERIFY(QDir().mkpath(dir));
        const QString chain = dir + QStringLiteral("/node");
        for (int link = -1; link <= kNewest; ++link)
            QVERIFY(QFile::copy(linkOf(refChain(), link), linkOf(chain, link)));
        auto opened = BackupChain::open(chain);
        QVERIFY(opened.ok());
        const Manifest &m = opened->links()[2].manifest; // PATH.1
        QString shard;
        for (const ManifestFile &f : m.files) {
            if (f.isRefLink() && f.size > 1024)
                shard = f.name;
        }
        QVERIFY2(!shard.isEmpty(), "no reference link of over 1 KiB in link 1");
        QFile file(linkOf(chain, 1));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const auto entries = tarEntries(bytes);
        QVERIFY2(entries.count(shard), qPrintable(shard));
        const qint64 at = entries.at(shard).first + entries.at(shard).second / 2;
        bytes[at] = static_cast<char>(bytes[at] ^ 0x20);
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
        file.close();

        const QString where = QStringLiteral("'%1'").arg(shard);
        CliRun r = runCli({QStringLiteral("verify"), chain});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(linkOf(chain, 1).toUtf8()) && r.err.contains(where.toUtf8()), r.err.constData());
        r = runCli({QStringLiteral("ls"), chain, QStringLiteral("tm")});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(linkOf(chain, 1).toUtf8()) && r.err.contains(where.toUtf8()), r.err.constData());
        QVERIFY(scratchLeft(dir).isEmpty());
        // The links before the damaged one are whole.
        QVERIFY(QFile::remove(linkOf(chain, 3)) && QFile::remove(linkOf(chain, 2)) && QFile::remove(linkOf(chain, 1)));
        r = runCli({QStringLiteral("verify"), chain});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // A reference link whose stored bytes are as its link says, but whose references do not make
    // the tar (a changed literal, the link's checksums made again): verify names the link and
    // shard by the rebuilt tar's checksum; an online restore refuses it before the node is touched.
    void unfitReferencesAreNamed()
    {
        const QString dir = m_dir.filePath(QStringLiteral("unfit"));
        QVERIFY(QDir().mkpath(dir));
        const QString chain = dir + QStringLiteral("/node");
        for (int link = -1; link <= kNewest; ++link)
            QVERIFY(QFile::copy(linkOf(refChain(), link), linkOf(chain, link)));
        QString shard;
        const Status s = rewriteEntries(chain, 1, [&](const QString &name, QByteArray &bytes) {
            if (!shard.isEmpty() || !bytes.startsWith(refpatch::kMagic))
                return;
            const qsizetype at = firstLiteral(bytes);
            if (at < 0)
                return;
            bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
            shard = name;
        });
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().toString()));
        QVERIFY2(!shard.isEmpty(), "no reference link with a literal in link 1");

        const QByteArray where = QStringLiteral("'%1' in %2").arg(shard, linkOf(chain, 1)).toUtf8();
        CliRun r = runCli({QStringLiteral("verify"), chain});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(where) && r.err.contains("rebuilt"), r.err.constData());
        QVERIFY(scratchLeft(dir).isEmpty());
        r = runCli({QStringLiteral("export"), chain, QStringLiteral("--database"), QStringLiteral("tm")});
        QCOMPARE(r.exitCode, 7);
        QVERIFY2(r.err.contains(shard.toUtf8()) && r.err.contains(linkOf(chain, 1).toUtf8()), r.err.constData());

        const ConnectionSettings settings = settingsFor(m_node);
        auto opened = BackupChain::open(chain);
        QVERIFY(opened.ok());
        OnlineImporter::Context context{settings, opened.value(), opened->links().size(), nullptr, nullptr, {}, {}};
        OnlineRestoreRequest request;
        request.database = QStringLiteral("tm");
        request.newName = QStringLiteral("tm_unfit");
        const OnlineImporter &importer = NodeKind::of(Manifest::Kind::InfluxDb1).onlineImporter();
        auto plan = importer.plan(context, request);
        QVERIFY(plan.ok());
        const Status imported = importer.import(context, plan.value());
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error().code, ErrorCode::Integrity);
        QVERIFY2(imported.error().message.contains(QString::fromUtf8(where)), qPrintable(imported.error().message));
        QVERIFY(!answer(m_node, {}, QStringLiteral("SHOW DATABASES")).contains(QLatin1String("tm_unfit")));
        QVERIFY(scratchLeft(dir).isEmpty());
    }

    // A synthetic full of the chain holds whole shards (format 2, no references) with the
    // rebuilt checksums, verifies, lists as the chain does and restores the node as it was.
    void consolidateWritesWholeShards_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("newest") << kNewest;
        QTest::newRow("upto 1") << 1;
    }
    void consolidateWritesWholeShards()
    {
        QFETCH(int, upto);
        const QString dir = m_dir.filePath(QStringLiteral("consolidated-%1").arg(upto));
        QVERIFY(QDir().mkpath(dir));
        const QString target = dir + QStringLiteral("/node");
        CliRun r = runCli(
            {QStringLiteral("consolidate"), refChain(), QStringLiteral("--upto"), QString::number(upto), target});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!QFile::exists(target + QStringLiteral(".0")));
        auto consolidated = BackupChain::open(target);
        QVERIFY(consolidated.ok() && consolidated->links().size() == 1);
        auto full = consolidated->finalManifest(consolidated->links().front()); // Every checksum.
        QVERIFY2(full.ok(), full.ok() ? "" : qPrintable(full.error().toString()));
        QVERIFY(full->format <= Manifest::kFormatChecksumsLast);
        QVERIFY(!full->hasDeltas());
        QCOMPARE(full->kind, Manifest::Kind::InfluxDb1);
        auto whole = BackupChain::open(wholeChain());
        QVERIFY(whole.ok());
        const Manifest want = whole->mergedUpTo(upto).value();
        QCOMPARE(full->files.size(), want.files.size());
        for (const ManifestFile &f : full->files) {
            const ManifestFile *w = want.file(f.name);
            QVERIFY2(w, qPrintable(f.name));
            QCOMPARE(f.size, w->size);
            QCOMPARE(f.checksum, w->checksum);
            QVERIFY(!f.isDelta());
        }
        r = runCli({QStringLiteral("verify"), target});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // ls of the synthetic full: what the chain lists at that link, but every shard from the full.
        CliRun a = runCli({QStringLiteral("ls"), QStringLiteral("--json"), target});
        CliRun b =
            runCli({QStringLiteral("ls"), QStringLiteral("--json"), QStringLiteral("%1:%2").arg(refChain()).arg(upto)});
        QVERIFY2(a.exitCode == 0 && b.exitCode == 0, a.err.constData());
        const QRegularExpression link(QStringLiteral(",?\"link\":\"[^\"]*\""));
        QCOMPARE(QString::fromUtf8(listing(a.out, dir, QStringLiteral("X"))).remove(link),
                 QString::fromUtf8(listing(b.out, QFileInfo(refChain()).path(), QStringLiteral("X"))).remove(link));

        // Restored into a stopped influxd, it answers as the node did at that link.
        InfluxProcess restored;
        QString error;
        QVERIFY2(restored.start(&error), qPrintable(error));
        QCOMPARE(restored.stop(), 0);
        r = runCli({QStringLiteral("restore"), QStringLiteral("-config"), restored.configPath(), target,
                    QStringLiteral("--owner"), currentUser(), QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(restored.start(&error), qPrintable(error));
        QCOMPARE(stateOf(restored, QStringLiteral("tm")), m_state[upto]);
        QCOMPARE(stateOf(restored, QStringLiteral("other")), m_other[upto]);
        QCOMPARE(restored.stop(), 0);
    }

    // copy takes the reference links byte for byte; the copy verifies.
    void copyKeepsReferenceLinks()
    {
        const QString dir = m_dir.filePath(QStringLiteral("copied"));
        QVERIFY(QDir().mkpath(dir));
        const QString target = dir + QStringLiteral("/node");
        CliRun r = runCli({QStringLiteral("copy"), refChain(), target});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (int link = -1; link <= kNewest; ++link) {
            QFile a(linkOf(refChain(), link));
            QFile b(linkOf(target, link));
            QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
            QVERIFY2(a.readAll() == b.readAll(), qPrintable(b.fileName()));
        }
        r = runCli({QStringLiteral("verify"), target});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // info shows a reference link's stored bytes beside the rebuilt tar's, as it shows block links.
    void infoShowsReferences()
    {
        CliRun r = runCli({QStringLiteral("info"), refChain()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("(references: stored ") && r.out.contains(" as references)"), r.out.constData());
        r = runCli({QStringLiteral("info"), QStringLiteral("--json"), refChain()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        auto whole = BackupChain::open(wholeChain());
        QVERIFY(whole.ok());
        const Manifest want = whole->merged();
        int references = 0;
        for (const QJsonValue v :
             json.value(QStringLiteral("merged")).toObject().value(QStringLiteral("files")).toArray()) {
            const QJsonObject f = v.toObject();
            const ManifestFile *w = want.file(f.value(QStringLiteral("name")).toString());
            QVERIFY(w);
            QCOMPARE(f.value(QStringLiteral("size")).toInteger(), w->size);
            QCOMPARE(f.value(QStringLiteral("checksum")).toString(), w->checksum);
            if (f.value(QStringLiteral("refLink")).toBool()) {
                ++references;
                QVERIFY(f.value(QStringLiteral("storedBytes")).toInteger() > 0);
                QVERIFY(f.contains(QStringLiteral("refs")));
            }
        }
        QVERIFY(references > 0);
    }

    // ls at every link lists what the whole chain lists there (the rebuilt shards' bytes, series,
    // measurements and time ranges; the link holding each shard's newest copy).
    void lsAtEveryLink_data()
    {
        QTest::addColumn<int>("link");
        for (int link = -1; link <= kNewest; ++link)
            QTest::newRow(qPrintable(QStringLiteral("link %1").arg(link))) << link;
    }
    void lsAtEveryLink()
    {
        QFETCH(int, link);
        const QString at = QStringLiteral(":%1").arg(link);
        const CliRun a = runCli({QStringLiteral("ls"), QStringLiteral("--json"), refChain() + at});
        const CliRun b = runCli({QStringLiteral("ls"), QStringLiteral("--json"), wholeChain() + at});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        QVERIFY2(b.exitCode == 0, b.err.constData());
        const QByteArray got = listing(a.out, QFileInfo(refChain()).path(), QStringLiteral("X"));
        QCOMPARE(got, listing(b.out, QFileInfo(wholeChain()).path(), QStringLiteral("X")));
        QVERIFY(got.contains("\"measurement\":\"weekly\""));
        QVERIFY(scratchLeft(QFileInfo(refChain()).path()).isEmpty());
    }

    // export at the newest link and at older ones: every point the node had then, as the whole
    // chain gives them.
    void exportAtLinks_data()
    {
        QTest::addColumn<int>("link");
        QTest::newRow("link 0") << 0;
        QTest::newRow("link 1 (--upto)") << 1;
        QTest::newRow("newest") << kNewest;
    }
    void exportAtLinks()
    {
        QFETCH(int, link);
        qint64 lines = 0;
        for (const QString &db : {QStringLiteral("tm"), QStringLiteral("other")}) {
            const QString at = QStringLiteral(":%1").arg(link);
            const CliRun a = runCli({QStringLiteral("export"), refChain() + at, QStringLiteral("--database"), db});
            const CliRun b = runCli({QStringLiteral("export"), wholeChain() + at, QStringLiteral("--database"), db});
            QVERIFY2(a.exitCode == 0, a.err.constData());
            QVERIFY2(b.exitCode == 0, b.err.constData());
            QVERIFY(a.out == b.out);
            lines += a.out.count('\n');
        }
        QCOMPARE(lines, m_points[link]);
        QVERIFY(scratchLeft(QFileInfo(refChain()).path()).isEmpty());
    }

    // An online restore of `tm` from the chain into the running node under new names: the counts
    // of the newest link, and of link 1 (the chain's first 3 links).
    void onlineRestoreRebuildsShards_data()
    {
        QTest::addColumn<int>("upto");
        QTest::newRow("newest") << kNewest;
        QTest::newRow("link 1") << 1;
    }
    void onlineRestoreRebuildsShards()
    {
        QFETCH(int, upto);
        const QString name = QStringLiteral("tm_refs_%1").arg(upto + 1);
        const ConnectionSettings settings = settingsFor(m_node);
        Error error;
        bool ok = false;
        QStringList stages;
        std::atomic_bool done = false;
        std::thread worker([&] {
            auto chain = BackupChain::open(refChain());
            if (!chain) {
                error = chain.error();
                done = true;
                return;
            }
            OnlineImporter::Context context{
                settings, chain.value(), static_cast<size_t>(upto + 2), nullptr, nullptr, {}, {}};
            context.stage = [&](const QString &text) { stages << text; };
            OnlineRestoreRequest request;
            request.database = QStringLiteral("tm");
            request.newName = name;
            const OnlineImporter &importer = NodeKind::of(Manifest::Kind::InfluxDb1).onlineImporter();
            auto plan = importer.plan(context, request);
            if (!plan) {
                error = plan.error();
                done = true;
                return;
            }
            const Status s = importer.import(context, plan.value());
            ok = s.ok();
            if (!s)
                error = s.error();
            done = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return done.load(); }, 180000));
        worker.join();
        QVERIFY2(ok, qPrintable(error.toString()));
        QVERIFY2(stages.join(u'\n').contains(QLatin1String("rebuilt from its reference links")),
                 qPrintable(stages.join(u'\n')));
        QCOMPARE(stateOf(m_node, name), m_state[upto]);
        QVERIFY(scratchLeft(QFileInfo(refChain()).path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInfluxRefReaders)

#include "tst_influxrefreaders.moc"
