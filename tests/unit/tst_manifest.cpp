#include "snapshot/Checksum.h"
#include "snapshot/Manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tidemark;

namespace {

const QString kSource = QStringLiteral("/b/snap");
const QString kSumA = QStringLiteral("0123456789abcdef0123456789abcdef");
const QString kSumB = QStringLiteral("fedcba9876543210fedcba9876543210");

ManifestFile file(const QString &name, qint64 size, quint64 index, const QString &checksum = kSumA)
{
    return ManifestFile{name, size, index, checksum};
}

Manifest sample()
{
    Manifest m;
    m.nodeId = 1;
    m.clusterUrl = QStringLiteral("http://127.0.0.1:8086");
    m.created = QDateTime(QDate(2026, 11, 24), QTime(23, 0, 0, 123), Qt::UTC);
    m.chainId = QStringLiteral("6f1c2a");
    m.index = 42;
    m.files = {file(QStringLiteral("meta"), 8192, 42), file(QStringLiteral("shards/1"), 65536, 40, kSumB)};
    return m;
}

// The sample without its seal: the field checks, on JSON that is not sealed.
QJsonObject sampleObject()
{
    QJsonObject root = QJsonDocument::fromJson(sample().toJson()).object();
    root.remove(QStringLiteral("seal"));
    return root;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The sample with one key of its first file replaced.
QByteArray withFileKey(const QString &key, const QJsonValue &value)
{
    QJsonObject root = sampleObject();
    QJsonArray files = root.value(QStringLiteral("files")).toArray();
    QJsonObject first = files.at(0).toObject();
    first.insert(key, value);
    files.replace(0, first);
    root.insert(QStringLiteral("files"), files);
    return json(root);
}

QByteArray withKey(const QString &key, const QJsonValue &value)
{
    QJsonObject root = sampleObject();
    root.insert(key, value);
    return json(root);
}

QByteArray withoutKey(const QString &key)
{
    QJsonObject root = sampleObject();
    root.remove(key);
    return json(root);
}

} // namespace

class TestManifest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void checksumKnownVectors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        // Computed once with libxxhash's XXH3_128bits() + XXH128_canonicalFromHash().
        QTest::newRow("empty") << QByteArray() << QStringLiteral("99aa06d3014798d86001c324468d497f");
        QTest::newRow("abc") << QByteArray("abc") << QStringLiteral("06b05ab6733a618578af5f94892f3950");
    }

    void checksumKnownVectors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        QCOMPARE(Checksum::of(input), expected);
        Checksum streamed;
        for (const char c : input)
            streamed.add(QByteArrayView(&c, 1));
        QCOMPARE(streamed.hex(), expected);
        QCOMPARE(streamed.hex(), expected); // hex() does not consume the state.
        QVERIFY(Checksum::isValidHex(expected));
    }

    void checksumStreamsLikeOneShot()
    {
        QByteArray data(300000, Qt::Uninitialized);
        for (qsizetype i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>((i * 131) % 251);
        Checksum sum;
        for (qsizetype at = 0; at < data.size(); at += 4099)
            sum.add(QByteArrayView(data).sliced(at, qMin<qsizetype>(4099, data.size() - at)));
        QCOMPARE(sum.hex(), Checksum::of(data));
        QVERIFY(Checksum::of(data) != Checksum::of(data.chopped(1)));
    }

    void checksumHexForm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << kSumA << true;
        QTest::newRow("upper case") << kSumA.toUpper() << false;
        QTest::newRow("short") << kSumA.chopped(1) << false;
        QTest::newRow("long") << kSumA + QLatin1Char('0') << false;
        QTest::newRow("non hex") << QString(kSumA).replace(0, 1, QLatin1Char('g')) << false;
        QTest::newRow("empty") << QString() << false;
    }

    void checksumHexForm()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(Checksum::isValidHex(text), valid);
    }

    void fileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("meta") << QStringLiteral("meta") << true;
        QTest::newRow("shard") << QStringLiteral("shards/1") << true;
        QTest::newRow("shard 0") << QStringLiteral("shards/0") << true;
        QTest::newRow("big shard") << QStringLiteral("shards/18446744073709551615") << true;
        QTest::newRow("leading zero") << QStringLiteral("shards/01") << false;
        QTest::newRow("no id") << QStringLiteral("shards/") << false;
        QTest::newRow("letters") << QStringLiteral("shards/1a") << false;
        QTest::newRow("dot dot") << QStringLiteral("shards/../1") << false;
        QTest::newRow("absolute") << QStringLiteral("/meta") << false;
        QTest::newRow("manifest") << QStringLiteral("manifest") << false;
        QTest::newRow("sub dir") << QStringLiteral("shards/1/2") << false;
        QTest::newRow("too long") << QStringLiteral("shards/123456789012345678901") << false;
        QTest::newRow("arabic digit") << QStringLiteral("shards/") + QChar(0x0661) << false;
        QTest::newRow("empty") << QString() << false;
    }

    void fileNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Manifest::isValidFileName(name), valid);
    }

    void toJsonKeepsDocumentedOrder()
    {
        const QByteArray expected =
            R"({"format":1,"nodeId":1,"clusterUrl":"http://127.0.0.1:8086","created":"2026-11-24T23:00:00.123Z",)"
            R"("chainId":"6f1c2a","incremental":false,"index":42,"checksum":"xxh3-128",)"
            R"("files":[{"name":"meta","size":8192,"index":42,"checksum":"0123456789abcdef0123456789abcdef"},)"
            R"({"name":"shards/1","size":65536,"index":40,"checksum":"fedcba9876543210fedcba9876543210"}]})";
        // The seal closes it: the checksum of everything before it.
        QCOMPARE(sample().toJson(), expected.chopped(1) + R"(,"seal":")" + Checksum::of(expected).toUtf8() + R"("})");
    }

    // Every single-bit change anywhere in a sealed manifest is refused, whatever it hits: a value
    // (that would still parse), a key, a quote, the seal itself.
    void sealRefusesEveryChangedBit()
    {
        Manifest m = sample();
        m.files.push_back(ManifestFile{QStringLiteral("shards/2"), 10, 41, kSumA, {QStringLiteral("a:1")}});
        m.kind = Manifest::Kind::InfluxDb1;
        const QByteArray sealed = m.toJson();
        QVERIFY(Manifest::fromJson(sealed, kSource, Manifest::Seal::Required).ok());
        int refused = 0;
        for (qsizetype at = 0; at < sealed.size(); ++at) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray changed = sealed;
                changed[at] = static_cast<char>(changed[at] ^ (1 << bit));
                auto parsed = Manifest::fromJson(changed, kSource, Manifest::Seal::Required);
                QVERIFY2(!parsed.ok(), qPrintable(QStringLiteral("bit %1 of byte %2 ('%3') went unnoticed")
                                                      .arg(bit)
                                                      .arg(at)
                                                      .arg(QLatin1Char(sealed[at]))));
                QCOMPARE(parsed.error().code, ErrorCode::Integrity);
                ++refused;
            }
        }
        QCOMPARE(refused, sealed.size() * 8);
    }

    void sealMismatchAndMissingSeal()
    {
        QJsonObject root = QJsonDocument::fromJson(sample().toJson()).object();
        root.insert(QStringLiteral("index"), 43); // Valid, but not what was sealed.
        auto changed = Manifest::fromJson(json(root), kSource);
        QVERIFY(!changed.ok());
        QVERIFY2(changed.error().message.contains(QStringLiteral("its seal does not match its content")),
                 qPrintable(changed.error().message));

        const QByteArray unsealed = json(sampleObject());
        QVERIFY(Manifest::fromJson(unsealed, kSource).ok()); // A merged manifest over the protocol.
        auto required = Manifest::fromJson(unsealed, kSource, Manifest::Seal::Required);
        QVERIFY(!required.ok());
        QVERIFY2(required.error().message.contains(QStringLiteral("the manifest has no 'seal'")),
                 qPrintable(required.error().message));
    }

    void roundTrip()
    {
        Manifest m = sample();
        m.incremental = true;
        m.nodeId = 7;
        m.index = (quint64(1) << 62) + 3; // Exact beyond double precision.
        m.clusterUrl = QStringLiteral("http://h\u00e9st:1/\"quoted\"\\\n");
        auto parsed = Manifest::fromJson(m.toJson(), kSource);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->format, Manifest::kFormatChecksumsFirst);
        QCOMPARE(parsed->nodeId, m.nodeId);
        QCOMPARE(parsed->clusterUrl, m.clusterUrl);
        QCOMPARE(parsed->created, m.created);
        QCOMPARE(parsed->created.timeSpec(), Qt::UTC);
        QCOMPARE(parsed->chainId, m.chainId);
        QCOMPARE(parsed->incremental, true);
        QCOMPARE(parsed->index, m.index);
        QVERIFY(parsed->files == m.files);
    }

    // Format 2: the head of a streamed archive lists no checksums; format 1 must have them.
    void checksumsLastFormat()
    {
        Manifest m = sample();
        m.format = Manifest::kFormatChecksumsLast;
        for (ManifestFile &f : m.files)
            f.checksum.clear();
        QVERIFY(!m.hasChecksums());
        const QByteArray head = m.toJson();
        QVERIFY2(head.count("\"checksum\"") == 1, head.constData()); // Only the algorithm's key.
        auto parsed = Manifest::fromJson(head, kSource, Manifest::Seal::Required);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->format, Manifest::kFormatChecksumsLast);
        QVERIFY(parsed->files == m.files);

        m.format = Manifest::kFormatChecksumsFirst;
        auto refused = Manifest::fromJson(m.toJson(), kSource);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("has no 'checksum'")),
                 qPrintable(refused.error().message));

        // A chain mixing both formats merges to format 2 (some files may lack checksums).
        Manifest old = sample();
        Manifest streamed = sample();
        streamed.format = Manifest::kFormatChecksumsLast;
        streamed.incremental = true;
        streamed.files = {{QStringLiteral("shards/9"), 10, 99, {}}};
        const Manifest merged = Manifest::merge({old, streamed});
        QCOMPARE(merged.format, Manifest::kFormatChecksumsLast);
        QVERIFY(Manifest::fromJson(merged.toJson(), kSource).ok());
        QCOMPARE(Manifest::merge({old}).format, Manifest::kFormatChecksumsFirst);
    }

    void emptyFilesRoundTrip()
    {
        Manifest m = sample();
        m.files.clear();
        auto parsed = Manifest::fromJson(m.toJson(), kSource);
        QVERIFY(parsed.ok());
        QVERIFY(parsed->files.empty());
    }

    void createdWithOffsetBecomesUtc()
    {
        auto parsed = Manifest::fromJson(
            withKey(QStringLiteral("created"), QStringLiteral("2026-11-25T01:00:00.500+02:00")), kSource);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->created, QDateTime(QDate(2026, 11, 24), QTime(23, 0, 0, 500), Qt::UTC));
    }

    void validationFailures_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QString prefix = QStringLiteral("Invalid snapshot manifest from '/b/snap': ");
        QTest::newRow("not json") << QByteArray("{\"format\":1,") << prefix + QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[]") << prefix + QStringLiteral("the JSON is not an object");
        QTest::newRow("no format") << withoutKey(QStringLiteral("format"))
                                   << prefix + QStringLiteral("the manifest has no 'format'");
        QTest::newRow("format 5") << withKey(QStringLiteral("format"), 5)
                                  << prefix + QStringLiteral("unknown format 5 (this Tidemark reads formats 1 to 4)");
        QTest::newRow("format string") << withKey(QStringLiteral("format"), QStringLiteral("1"))
                                       << prefix + QStringLiteral("unknown format (not a number)");
        QTest::newRow("no nodeId") << withoutKey(QStringLiteral("nodeId"))
                                   << prefix + QStringLiteral("the manifest has no 'nodeId'");
        QTest::newRow("negative nodeId") << withKey(QStringLiteral("nodeId"), -1)
                                         << prefix + QStringLiteral(
                                                         "'nodeId' of the manifest must be a non-negative integer");
        QTest::newRow("fractional index")
            << withKey(QStringLiteral("index"), 1.5)
            << prefix + QStringLiteral("'index' of the manifest must be a non-negative integer");
        QTest::newRow("url not string") << withKey(QStringLiteral("clusterUrl"), 5)
                                        << prefix + QStringLiteral("'clusterUrl' of the manifest must be a string");
        QTest::newRow("bad created") << withKey(QStringLiteral("created"), QStringLiteral("yesterday"))
                                     << prefix + QStringLiteral("'created' is not an ISO 8601 time: 'yesterday'");
        QTest::newRow("empty chainId") << withKey(QStringLiteral("chainId"), QString())
                                       << prefix + QStringLiteral("'chainId' is empty");
        QTest::newRow("incremental string")
            << withKey(QStringLiteral("incremental"), QStringLiteral("no"))
            << prefix + QStringLiteral("'incremental' of the manifest must be true or false");
        QTest::newRow("other algorithm") << withKey(QStringLiteral("checksum"), QStringLiteral("sha256"))
                                         << prefix + QStringLiteral("unknown checksum algorithm 'sha256'");
        QTest::newRow("no files") << withoutKey(QStringLiteral("files"))
                                  << prefix + QStringLiteral("the manifest has no 'files'");
        QTest::newRow("files object") << withKey(QStringLiteral("files"), QJsonObject())
                                      << prefix + QStringLiteral("'files' must be an array");
        QTest::newRow("file not object") << withKey(QStringLiteral("files"), QJsonArray{1})
                                         << prefix + QStringLiteral("file #1 must be an object");
        QTest::newRow("bad name") << withFileKey(QStringLiteral("name"), QStringLiteral("shards/../x"))
                                  << prefix + QStringLiteral("file #1 has an invalid name 'shards/../x'");
        QTest::newRow("absolute name") << withFileKey(QStringLiteral("name"), QStringLiteral("/etc/passwd"))
                                       << prefix + QStringLiteral("file #1 has an invalid name '/etc/passwd'");
        QTest::newRow("duplicate name") << withFileKey(QStringLiteral("name"), QStringLiteral("shards/1"))
                                        << prefix + QStringLiteral("file 'shards/1' is listed twice");
        QTest::newRow("negative size") << withFileKey(QStringLiteral("size"), -5)
                                       << prefix + QStringLiteral("file 'meta' has a negative size");
        QTest::newRow("size string") << withFileKey(QStringLiteral("size"), QStringLiteral("5"))
                                     << prefix + QStringLiteral("'size' of 'meta' must be a non-negative integer");
        QTest::newRow("no file index") << [] {
            QJsonObject root = sampleObject();
            QJsonArray files = root.value(QStringLiteral("files")).toArray();
            QJsonObject first = files.at(0).toObject();
            first.remove(QStringLiteral("index"));
            files.replace(0, first);
            root.insert(QStringLiteral("files"), files);
            return json(root);
        }() << prefix + QStringLiteral("'meta' has no 'index'");
        QTest::newRow("upper case checksum")
            << withFileKey(QStringLiteral("checksum"), kSumA.toUpper())
            << prefix + QStringLiteral("file 'meta' has an invalid checksum '0123456789ABCDEF");
        QTest::newRow("short checksum")
            << withFileKey(QStringLiteral("checksum"), QStringLiteral("abc"))
            << prefix + QStringLiteral("file 'meta' has an invalid checksum 'abc' (expected 32 lower-case hex digits)");
    }

    void validationFailures()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        auto parsed = Manifest::fromJson(text, kSource);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, ErrorCode::Integrity);
        QVERIFY2(parsed.error().message.contains(expected), qPrintable(parsed.error().message));
        QVERIFY(!parsed.error().hint.isEmpty());
    }

    void tooLarge()
    {
        QByteArray text = sample().toJson();
        text.chop(1);
        text += ",\"pad\":\"" + QByteArray(Manifest::kMaxJsonBytes, 'x') + "\"}";
        auto parsed = Manifest::fromJson(text, kSource);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(QStringLiteral("more than the limit of 16777216")),
                 qPrintable(parsed.error().message));
    }

    void lookupAndTotals()
    {
        const Manifest m = sample();
        QCOMPARE(m.totalBytes(), 8192 + 65536);
        QVERIFY(m.file(QStringLiteral("shards/1")));
        QCOMPARE(m.file(QStringLiteral("shards/1"))->index, quint64(40));
        QVERIFY(!m.file(QStringLiteral("shards/2")));
    }

    void sortFiles()
    {
        Manifest m;
        m.files = {file(QStringLiteral("shards/2"), 1, 1), file(QStringLiteral("meta"), 1, 1),
                   file(QStringLiteral("shards/10"), 1, 1), file(QStringLiteral("shards/1"), 1, 1)};
        m.sortFiles();
        QStringList names;
        for (const ManifestFile &f : m.files)
            names << f.name;
        // "By name": plain string order, so shards/10 sorts before shards/2.
        QCOMPARE(names, QStringList({QStringLiteral("meta"), QStringLiteral("shards/1"), QStringLiteral("shards/10"),
                                     QStringLiteral("shards/2")}));
    }

    void merge()
    {
        Manifest full = sample(); // meta@42, shards/1@40
        full.files.push_back(file(QStringLiteral("shards/3"), 3, 10));
        Manifest inc1 = sample();
        inc1.incremental = true;
        inc1.index = 50;
        inc1.nodeId = 2;
        inc1.created = full.created.addSecs(60);
        inc1.files = {file(QStringLiteral("meta"), 100, 50, kSumB), file(QStringLiteral("shards/1"), 200, 40, kSumB)};
        Manifest inc2 = sample();
        inc2.incremental = true;
        inc2.index = 60;
        inc2.nodeId = 3;
        inc2.clusterUrl = QStringLiteral("http://10.0.0.1:8086");
        inc2.created = full.created.addSecs(120);
        // An older copy of meta (lower index) must not win over inc1's.
        inc2.files = {file(QStringLiteral("shards/2"), 5, 55), file(QStringLiteral("meta"), 7, 45)};

        const Manifest merged = Manifest::merge({full, inc1, inc2});
        QCOMPARE(merged.incremental, false);
        QCOMPARE(merged.index, quint64(60));
        QCOMPARE(merged.nodeId, quint64(3));
        QCOMPARE(merged.clusterUrl, inc2.clusterUrl);
        QCOMPARE(merged.created, inc2.created);
        QCOMPARE(merged.chainId, inc2.chainId);
        QCOMPARE(merged.files.size(), size_t(4));
        QCOMPARE(merged.files[0], file(QStringLiteral("meta"), 100, 50, kSumB));     // highest index wins
        QCOMPARE(merged.files[1], file(QStringLiteral("shards/1"), 200, 40, kSumB)); // tie: later link
        QCOMPARE(merged.files[2], file(QStringLiteral("shards/2"), 5, 55));          // only in the newest
        QCOMPARE(merged.files[3], file(QStringLiteral("shards/3"), 3, 10));          // only in the oldest
    }

    void mergeEdgeCases()
    {
        QVERIFY(Manifest::merge({}).files.empty());
        Manifest only = sample();
        only.incremental = true;
        const Manifest merged = Manifest::merge({only});
        QVERIFY(!merged.incremental);
        QVERIFY(merged.files == only.files);
    }
};

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
