#include "crypto/LinkCipher.h"

#include <QBuffer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace tidemark;

namespace {

constexpr qint64 kKiB = 1024;
constexpr qint64 kMiB = 1024 * 1024;
constexpr qint64 kMessageCipher = LinkCipher::kMessageBytes + LinkCipher::kMessageOverhead;
constexpr qint64 kSegmentCipher = LinkCipher::kStreamHeaderBytes + LinkCipher::kMessagesPerSegment * kMessageCipher;
constexpr int kIntegrity = static_cast<int>(ErrorCode::Integrity);

SecretBytes fixedKey(char fill)
{
    return SecretBytes::fromBytes(QByteArray(LinkCipher::kKeyBytes, fill));
}

QByteArray keyIdOf(char fill)
{
    return QByteArray(LinkCipher::kKeyIdBytes, fill);
}

// Archive bytes that differ at every position (a byte read from the wrong place shows).
QByteArray plainBytes(qint64 size, quint32 seed = 1)
{
    QByteArray bytes(size, '\0');
    QRandomGenerator generator(seed);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = static_cast<char>(generator.generate() & 0xff);
    return bytes;
}

// The encrypted link of `plain`, written in chunks of the sizes in `chunks` (in turn).
QByteArray encrypt(const QByteArray &plain, const SecretBytes &key, const QByteArray &keyId,
                   const QList<qint64> &chunks = {7, 4099, 65537, 1, 300007})
{
    QBuffer target;
    target.open(QIODevice::WriteOnly);
    EncryptingDevice device(target, key, keyId, QStringLiteral("link-0001"));
    if (!device.open(QIODevice::WriteOnly))
        qFatal("cannot open the encrypting device: %s", qPrintable(device.error().message));
    qint64 at = 0;
    for (int i = 0; at < plain.size(); ++i) {
        const qint64 n = std::min(chunks.at(i % chunks.size()), plain.size() - at);
        if (device.write(plain.constData() + at, n) != n)
            qFatal("write failed: %s", qPrintable(device.error().message));
        at += n;
    }
    if (device.plainBytes() != plain.size() || !device.finish())
        qFatal("finish failed: %s", qPrintable(device.error().message));
    return target.data();
}

struct Outcome {
    bool opened = false;
    bool failed = false; ///< open() or a read failed.
    int code = -1;       ///< The device's tidemarkErrorCode property when it failed.
    QString message;     ///< Its error string.
    QByteArray good;     ///< Bytes read before the failure (or all of them).
    qint64 sizeAtOpen = -1;
};

// A link in a file of its own, read through DecryptingDevice over a QFile.
class LinkFile {
public:
    explicit LinkFile(const QByteArray &cipher)
    {
        m_path = m_dir.filePath(QStringLiteral("link-0001"));
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly) || file.write(cipher) != cipher.size())
            qFatal("cannot write %s", qPrintable(m_path));
    }
    std::unique_ptr<DecryptingDevice> device(const SecretBytes &key, const QByteArray &keyId) const
    {
        auto source = std::make_unique<QFile>(m_path);
        if (!source->open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(m_path));
        return std::make_unique<DecryptingDevice>(std::move(source), key, keyId, m_path);
    }
    const QString &path() const { return m_path; }

private:
    QTemporaryDir m_dir;
    QString m_path;
};

// Reads the whole link from its start in chunks of `chunk` bytes.
Outcome readAll(const QByteArray &cipher, const SecretBytes &key, const QByteArray &keyId, qint64 chunk = 100003)
{
    Outcome outcome;
    LinkFile file(cipher);
    auto device = file.device(key, keyId);
    outcome.opened = device->open(QIODevice::ReadOnly);
    if (!outcome.opened) {
        outcome.failed = true;
        outcome.code = device->property("tidemarkErrorCode").toInt();
        outcome.message = device->errorString();
        if (static_cast<int>(device->readError().code) != outcome.code)
            outcome.code = -2; // readError() and the property disagree.
        return outcome;
    }
    outcome.sizeAtOpen = device->size();
    QByteArray buffer(chunk, '\0');
    for (;;) {
        const qint64 n = device->read(buffer.data(), chunk);
        if (n < 0) {
            outcome.failed = true;
            outcome.code = device->property("tidemarkErrorCode").toInt();
            outcome.message = device->errorString();
            if (static_cast<int>(device->readError().code) != outcome.code)
                outcome.code = -2;
            break;
        }
        if (n == 0)
            break;
        outcome.good.append(buffer.constData(), n);
        if (outcome.good.size() > outcome.sizeAtOpen)
            break; // More than size(): a failure the caller sees.
    }
    return outcome;
}

// `damaged` must fail with Integrity, at open or while read, and what it gave before is the
// archive's own bytes from its start.
void expectIntegrityFailure(const QByteArray &damaged, const QByteArray &plain, const SecretBytes &key,
                            const QByteArray &keyId, const char *what)
{
    const Outcome outcome = readAll(damaged, key, keyId);
    if (!outcome.failed)
        QFAIL(qPrintable(
            QStringLiteral("%1: read as good (%2 bytes)").arg(QLatin1String(what)).arg(outcome.good.size())));
    if (outcome.code != kIntegrity)
        QFAIL(qPrintable(QStringLiteral("%1: error code %2, not Integrity (%3)")
                             .arg(QLatin1String(what))
                             .arg(outcome.code)
                             .arg(outcome.message)));
    if (outcome.message.isEmpty())
        QFAIL(qPrintable(QStringLiteral("%1: no error message").arg(QLatin1String(what))));
    if (outcome.good.size() > plain.size() || outcome.good != plain.first(outcome.good.size()))
        QFAIL(qPrintable(QStringLiteral("%1: %2 bytes read as good that are not the archive's")
                             .arg(QLatin1String(what))
                             .arg(outcome.good.size())));
}

QByteArray flipped(QByteArray bytes, qint64 at, char mask = 0x01)
{
    bytes[at] = static_cast<char>(bytes.at(at) ^ mask);
    return bytes;
}

// Offset of segment `segment`'s stream header, and of its message `message`.
qint64 segmentAt(qint64 segment)
{
    return LinkCipher::kHeaderBytes + segment * kSegmentCipher;
}
qint64 messageAt(qint64 segment, qint64 message)
{
    return segmentAt(segment) + LinkCipher::kStreamHeaderBytes + message * kMessageCipher;
}

} // namespace

class TestLinkCipher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<qint64>("size");
        for (const qint64 size :
             {qint64(0), qint64(1), 64 * kKiB - 1, 64 * kKiB, 64 * kKiB + 1, kMiB - 1, kMiB, kMiB + 1, 3 * kMiB + 5})
            QTest::addRow("%lld", static_cast<long long>(size)) << size;
    }

    void roundTrip()
    {
        QFETCH(qint64, size);
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const QByteArray plain = plainBytes(size);
        for (const QList<qint64> &chunks : {QList<qint64>{7, 4099, 65537, 1, 300007}, QList<qint64>{65536},
                                            QList<qint64>{kMiB + 3}, QList<qint64>{1, 65535}}) {
            const QByteArray cipher = encrypt(plain, key, keyId, chunks);
            QCOMPARE(cipher.size(), LinkCipher::encryptedSize(size));
            QVERIFY(LinkCipher::isEncrypted(cipher));
            QCOMPARE(cipher.first(8), QByteArray("TDMKENC1"));
            QCOMPARE(cipher.mid(20, LinkCipher::kKeyIdBytes), keyId);

            for (const qint64 chunk : {qint64(100003), qint64(1) << 22, qint64(4095)}) {
                if (chunk < 65536 && size > kMiB)
                    continue; // Small reads of the big links: once is enough (below).
                const Outcome outcome = readAll(cipher, key, keyId, chunk);
                QVERIFY2(outcome.opened, qPrintable(outcome.message));
                QVERIFY2(!outcome.failed, qPrintable(outcome.message));
                QCOMPARE(outcome.sizeAtOpen, size);
                QCOMPARE(outcome.good.size(), size);
                QVERIFY(outcome.good == plain);
            }
        }
        // readAll() and byte by byte near the end, through the QIODevice API.
        LinkFile file(encrypt(plain, key, keyId));
        auto device = file.device(key, keyId);
        QVERIFY(device->open(QIODevice::ReadOnly));
        QVERIFY(!device->isSequential());
        QCOMPARE(device->size(), size);
        QVERIFY(device->readAll() == plain);
        QVERIFY(device->atEnd());
        QCOMPARE(device->read(1), QByteArray());
        const qint64 tail = std::min<qint64>(size, 70000);
        QVERIFY(device->seek(size - tail));
        QByteArray bytes;
        char c = 0;
        while (device->getChar(&c))
            bytes.append(c);
        QVERIFY(bytes == plain.last(tail));
    }

    void encryptedSizeMatches()
    {
        const SecretBytes key = fixedKey('k');
        for (const qint64 size : {qint64(0), qint64(17), 16 * 64 * kKiB - 1, 15 * 64 * kKiB, 15 * 64 * kKiB + 1,
                                  2 * kMiB, 2 * kMiB + 64 * kKiB, 2 * kMiB + 64 * kKiB + 1}) {
            QBuffer target;
            target.open(QIODevice::WriteOnly);
            EncryptingDevice device(target, key, keyIdOf('\x11'), QStringLiteral("link"));
            QVERIFY(device.open(QIODevice::WriteOnly));
            const QByteArray plain(size, 'p');
            QCOMPARE(device.write(plain), size);
            QVERIFY(device.finish());
            QVERIFY(device.finish()); // A second finish() writes nothing.
            QCOMPARE(device.write("x", 1), qint64(-1));
            QCOMPARE(target.size(), LinkCipher::encryptedSize(size));
            QCOMPARE(readAll(target.data(), key, keyIdOf('\x11')).good, plain);
        }
        // The sizes by the format's arithmetic.
        QCOMPARE(LinkCipher::encryptedSize(0), qint64(64 + 24 + 17));
        QCOMPARE(LinkCipher::encryptedSize(kMiB), qint64(64 + 24 + 16 * 17) + kMiB);
        QCOMPARE(LinkCipher::encryptedSize(kMiB + 1), qint64(64 + 2 * 24 + 17 * 17) + kMiB + 1);
    }

    void plaintextDoesNotShow()
    {
        const QByteArray canary = "TIDEMARK-CANARY-";
        const QByteArray plain = canary.repeated(200000); // 3.05 MiB
        const QByteArray cipher = encrypt(plain, fixedKey('k'), keyIdOf('\x11'));
        QVERIFY(!cipher.contains(canary));
        QVERIFY(!cipher.contains("CANARY"));
        // The same plaintext twice encrypts differently (a random link id and stream headers).
        const QByteArray again = encrypt(plain, fixedKey('k'), keyIdOf('\x11'));
        QCOMPARE(again.size(), cipher.size());
        QVERIFY(again.mid(LinkCipher::kHeaderBytes) != cipher.mid(LinkCipher::kHeaderBytes));
        QVERIFY(again.mid(36, 16) != cipher.mid(36, 16));
        QCOMPARE(readAll(cipher, fixedKey('k'), keyIdOf('\x11')).good, plain);
    }

    void randomAccess()
    {
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const qint64 size = 3 * kMiB + 5;
        const QByteArray plain = plainBytes(size, 7);
        LinkFile file(encrypt(plain, key, keyId));
        auto device = file.device(key, keyId);
        QVERIFY(device->open(QIODevice::ReadOnly));
        QCOMPARE(device->size(), size);

        QList<qint64> positions = {0,
                                   size - 1,
                                   size - 5,
                                   3 * kMiB,
                                   3 * kMiB - 1,
                                   kMiB - 1,
                                   kMiB,
                                   kMiB + 1,
                                   2 * kMiB - 64 * kKiB,
                                   64 * kKiB - 1,
                                   64 * kKiB,
                                   15 * 64 * kKiB + 3,
                                   0,
                                   size - 2,
                                   0};
        QRandomGenerator generator(42);
        for (int i = 0; i < 150; ++i)
            positions.append(static_cast<qint64>(generator.bounded(static_cast<quint64>(size))));
        int i = 0;
        for (const qint64 pos : positions) {
            const qint64 length = 1 + static_cast<qint64>(generator.bounded(i % 3 == 0 ? 300000U : 3000U));
            ++i;
            QVERIFY(device->seek(pos));
            QCOMPARE(device->pos(), pos);
            const QByteArray bytes = device->read(length);
            const QByteArray expected = plain.mid(pos, length);
            QCOMPARE(bytes.size(), expected.size());
            QVERIFY2(bytes == expected, qPrintable(QStringLiteral("at %1, %2 bytes").arg(pos).arg(length)));
            QCOMPARE(device->pos(), pos + expected.size());
            // Reading on from there continues the same bytes.
            const QByteArray next = device->read(1000);
            QVERIFY2(next == plain.mid(pos + expected.size(), 1000), qPrintable(QStringLiteral("after %1").arg(pos)));
        }
        // Back to the start: the whole archive once more.
        QVERIFY(device->seek(0));
        QVERIFY(device->readAll() == plain);
        QVERIFY(device->seek(size));
        QCOMPARE(device->read(10), QByteArray());
        QVERIFY(!device->seek(size + 1));
        QVERIFY(!device->seek(-1));
        QVERIFY(device->readError().message.isEmpty());
    }

    void flippedByteFails_data()
    {
        QTest::addColumn<qint64>("at");
        // Link of 3 MiB + 5: segments 0..2 full, segment 3 one message of 5 bytes.
        const qint64 size = LinkCipher::encryptedSize(3 * kMiB + 5);
        const QList<std::pair<const char *, qint64>> rows = {
            {"magic", 0},
            {"magic end", 7},
            {"version", 8},
            {"reserved u16", 10},
            {"segment size", 12},
            {"message size", 17},
            {"key id", 20},
            {"key id end", 35},
            {"link id", 36},
            {"link id end", 51},
            {"reserved tail", 52},
            {"header last byte", 63},
            {"segment 0 stream header", segmentAt(0)},
            {"segment 0 stream header end", segmentAt(0) + 23},
            {"segment 1 stream header", segmentAt(1) + 9},
            {"segment 3 stream header", segmentAt(3) + 5},
            {"first message tag", messageAt(0, 0)},
            {"first message data", messageAt(0, 0) + 1},
            {"first message middle", messageAt(0, 0) + 30000},
            {"first message mac", messageAt(0, 1) - 1},
            {"middle message", messageAt(1, 7) + 12345},
            {"segment 1 last message", messageAt(1, 15) + 100},
            {"segment 2 last message mac", messageAt(3, 0) - LinkCipher::kStreamHeaderBytes - 1},
            {"last message tag", messageAt(3, 0)},
            {"last message data", messageAt(3, 0) + 2},
            {"last byte", size - 1},
        };
        for (const auto &[name, at] : rows)
            QTest::newRow(name) << at;
    }

    void flippedByteFails()
    {
        QFETCH(qint64, at);
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        static const QByteArray plain = plainBytes(3 * kMiB + 5, 3);
        static const QByteArray cipher = encrypt(plain, key, keyId);
        QVERIFY(at < cipher.size());
        for (const char mask : {char(0x01), char(0x80), char(0xff)})
            expectIntegrityFailure(flipped(cipher, at, mask), plain, key, keyId, QTest::currentDataTag());

        // Read from the end, as the final manifest is: a change in the last segment or the
        // header fails there too.
        if (at < LinkCipher::kHeaderBytes || at >= segmentAt(3)) {
            LinkFile file(flipped(cipher, at));
            auto device = file.device(key, keyId);
            if (device->open(QIODevice::ReadOnly)) {
                QVERIFY(device->seek(device->size() - 3));
                char bytes[3];
                QCOMPARE(device->read(bytes, 3), qint64(-1));
                QCOMPARE(device->property("tidemarkErrorCode").toInt(), kIntegrity);
                QCOMPARE(device->readError().code, ErrorCode::Integrity);
            } else {
                QCOMPARE(device->readError().code, ErrorCode::Integrity);
            }
        }
    }

    void flippedByteAnywhereFails()
    {
        // Every 997th byte of a link of two segments and a bit.
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const QByteArray plain = plainBytes(2 * kMiB + 3000, 5);
        const QByteArray cipher = encrypt(plain, key, keyId);
        for (qint64 at = 0; at < cipher.size(); at += 997) {
            // Over a QBuffer: the same device as over a file, without writing 2 MiB each time.
            auto buffer = std::make_unique<QBuffer>();
            buffer->setData(flipped(cipher, at, 0x20));
            QVERIFY(buffer->open(QIODevice::ReadOnly));
            DecryptingDevice device(std::move(buffer), key, keyId, QStringLiteral("link"));
            if (!device.open(QIODevice::ReadOnly)) {
                QVERIFY2(device.readError().code == ErrorCode::Integrity, qPrintable(QString::number(at)));
                continue;
            }
            QByteArray good;
            QByteArray chunk(65536 + 77, '\0');
            qint64 n = 0;
            while ((n = device.read(chunk.data(), chunk.size())) > 0)
                good.append(chunk.constData(), n);
            QVERIFY2(n < 0, qPrintable(QStringLiteral("byte %1 changed, read as good").arg(at)));
            QCOMPARE(device.property("tidemarkErrorCode").toInt(), kIntegrity);
            QVERIFY2(good == plain.first(good.size()), qPrintable(QString::number(at)));
        }
    }

    void flippedByteOfSmallLinkFails()
    {
        // Every byte and bit of an empty archive's link and of a 100-byte one. The empty one has
        // no byte to read, so it fails at open.
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        for (const qint64 size : {qint64(0), qint64(100)}) {
            const QByteArray plain = plainBytes(size, 6);
            const QByteArray cipher = encrypt(plain, key, keyId);
            for (qint64 at = 0; at < cipher.size(); ++at) {
                for (int bit = 0; bit < 8; ++bit) {
                    auto buffer = std::make_unique<QBuffer>();
                    buffer->setData(flipped(cipher, at, static_cast<char>(1 << bit)));
                    QVERIFY(buffer->open(QIODevice::ReadOnly));
                    DecryptingDevice device(std::move(buffer), key, keyId, QStringLiteral("link"));
                    const bool opened = device.open(QIODevice::ReadOnly);
                    if (size == 0)
                        QVERIFY2(!opened, qPrintable(QStringLiteral("byte %1 bit %2").arg(at).arg(bit)));
                    const QByteArray bytes = opened ? device.read(1000) : QByteArray();
                    QVERIFY2(bytes.isEmpty(), qPrintable(QStringLiteral("byte %1 bit %2").arg(at).arg(bit)));
                    QCOMPARE(device.property("tidemarkErrorCode").toInt(), kIntegrity);
                    QCOMPARE(device.readError().code, ErrorCode::Integrity);
                }
            }
        }
    }

    void truncatedFails_data()
    {
        QTest::addColumn<qint64>("length");
        // Link of 2 MiB + 70000: segments 0 and 1 full, segment 2 two messages (65536, 4464).
        const qint64 size = LinkCipher::encryptedSize(2 * kMiB + 70000);
        const QList<std::pair<const char *, qint64>> rows = {
            {"empty", 0},
            {"inside magic", 5},
            {"inside header", 40},
            {"header less one", 63},
            {"right after header", 64},
            {"inside first stream header", segmentAt(0) + 10},
            {"after first stream header", segmentAt(0) + 24},
            {"inside first message's tag", messageAt(0, 0) + 1},
            {"inside first message", messageAt(0, 0) + 1000},
            {"first message less one", messageAt(0, 1) - 1},
            {"message boundary", messageAt(0, 3)},
            {"message boundary in segment 1", messageAt(1, 15)},
            {"message boundary plus overhead", messageAt(0, 3) + 17},
            {"segment boundary", segmentAt(1)},
            {"second segment boundary", segmentAt(2)},
            {"inside second stream header", segmentAt(1) + 5},
            {"after last stream header", segmentAt(2) + 24},
            {"after last stream header and a tag", segmentAt(2) + 24 + 17},
            {"inside last message", size - 100},
            {"one byte short", size - 1},
        };
        for (const auto &[name, length] : rows)
            QTest::newRow(name) << length;
    }

    void truncatedFails()
    {
        QFETCH(qint64, length);
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        static const QByteArray plain = plainBytes(2 * kMiB + 70000, 9);
        static const QByteArray cipher = encrypt(plain, key, keyId);
        QVERIFY(length < cipher.size());
        expectIntegrityFailure(cipher.first(length), plain, key, keyId, QTest::currentDataTag());
        // A link without finish() is one cut short too.
        if (length == 0) {
            QBuffer target;
            target.open(QIODevice::WriteOnly);
            {
                EncryptingDevice device(target, key, keyId, QStringLiteral("link"));
                QVERIFY(device.open(QIODevice::WriteOnly));
                QCOMPARE(device.write(plain), plain.size());
            }
            expectIntegrityFailure(target.data(), plain, key, keyId, "not finished");
        }
    }

    void truncatedAlignedLinksFail()
    {
        // Links that end on a segment boundary, cut at the one before.
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const QByteArray plain = plainBytes(2 * kMiB, 4);
        const QByteArray cipher = encrypt(plain, key, keyId);
        QCOMPARE(cipher.size(), segmentAt(2));
        expectIntegrityFailure(cipher.first(segmentAt(1)), plain, key, keyId, "2 MiB cut to 1");
        expectIntegrityFailure(cipher.first(messageAt(1, 15)), plain, key, keyId, "2 MiB less its last message");
        expectIntegrityFailure(cipher.first(cipher.size() - 1), plain, key, keyId, "2 MiB less a byte");
    }

    void appendedBytesFail()
    {
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        for (const qint64 size : {qint64(0), qint64(100), 64 * kKiB, kMiB, kMiB + 70000}) {
            const QByteArray plain = plainBytes(size, 11);
            const QByteArray cipher = encrypt(plain, key, keyId);
            const QByteArray other = encrypt(plainBytes(kMiB, 12), key, keyId);
            const QList<QByteArray> tails = {QByteArray(1, '\0'),
                                             QByteArray(17, 'x'),
                                             QByteArray(24, '\0'),
                                             QByteArray(24 + 17, '\0'),
                                             plainBytes(kMessageCipher, 13),
                                             cipher.mid(LinkCipher::kHeaderBytes),
                                             other.mid(LinkCipher::kHeaderBytes, kSegmentCipher),
                                             cipher.right(17)};
            for (const QByteArray &tail : tails)
                expectIntegrityFailure(cipher + tail, plain, key, keyId,
                                       qPrintable(QStringLiteral("%1 + %2 bytes").arg(size).arg(tail.size())));
        }
    }

    void reorderedSegmentsFail()
    {
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const QByteArray plain = plainBytes(3 * kMiB + 5, 21);
        const QByteArray cipher = encrypt(plain, key, keyId);
        const auto segment = [&](const QByteArray &link, qint64 n) { return link.mid(segmentAt(n), kSegmentCipher); };

        QByteArray swapped = cipher;
        swapped.replace(segmentAt(0), kSegmentCipher, segment(cipher, 1));
        swapped.replace(segmentAt(1), kSegmentCipher, segment(cipher, 0));
        QCOMPARE(swapped.size(), cipher.size());
        expectIntegrityFailure(swapped, plain, key, keyId, "segments 0 and 1 swapped");

        swapped = cipher;
        swapped.replace(segmentAt(1), kSegmentCipher, segment(cipher, 2));
        swapped.replace(segmentAt(2), kSegmentCipher, segment(cipher, 1));
        expectIntegrityFailure(swapped, plain, key, keyId, "segments 1 and 2 swapped");

        QByteArray repeated = cipher;
        repeated.replace(segmentAt(2), kSegmentCipher, segment(cipher, 1));
        expectIntegrityFailure(repeated, plain, key, keyId, "segment 1 repeated");

        QByteArray dropped = cipher;
        dropped.remove(segmentAt(1), kSegmentCipher);
        expectIntegrityFailure(dropped, plain, key, keyId, "segment 1 dropped");

        // Two messages of one segment swapped.
        QByteArray messages = cipher;
        messages.replace(messageAt(1, 3), kMessageCipher, cipher.mid(messageAt(1, 4), kMessageCipher));
        messages.replace(messageAt(1, 4), kMessageCipher, cipher.mid(messageAt(1, 3), kMessageCipher));
        expectIntegrityFailure(messages, plain, key, keyId, "messages 3 and 4 swapped");
    }

    void segmentFromAnotherLinkFails()
    {
        const SecretBytes key = fixedKey('k');
        const QByteArray keyId = keyIdOf('\x11');
        const QByteArray plain = plainBytes(3 * kMiB + 5, 31);
        const QByteArray a = encrypt(plain, key, keyId);
        const QByteArray b = encrypt(plain, key, keyId); // Same archive, same key: another link.
        for (const qint64 n : {qint64(0), qint64(1), qint64(3)}) {
            QByteArray mixed = a;
            const qint64 length = n == 3 ? a.size() - segmentAt(3) : kSegmentCipher;
            mixed.replace(segmentAt(n), length, b.mid(segmentAt(n), length));
            QCOMPARE(mixed.size(), a.size());
            expectIntegrityFailure(mixed, plain, key, keyId,
                                   qPrintable(QStringLiteral("segment %1 of another link").arg(n)));
        }
        // The other link's header over this link's segments.
        QByteArray header = a;
        header.replace(0, LinkCipher::kHeaderBytes, b.first(LinkCipher::kHeaderBytes));
        expectIntegrityFailure(header, plain, key, keyId, "header of another link");
        // Both links are good on their own.
        QCOMPARE(readAll(a, key, keyId).good, plain);
        QCOMPARE(readAll(b, key, keyId).good, plain);
    }

    void wrongKeyIdFailsAtOpen()
    {
        const SecretBytes key = fixedKey('k');
        const QByteArray cipher = encrypt(plainBytes(1000), key, keyIdOf('\x11'));
        LinkFile file(cipher);
        auto device = file.device(key, keyIdOf('\x22'));
        QVERIFY(!device->open(QIODevice::ReadOnly));
        QVERIFY(!device->isOpen());
        QCOMPARE(device->readError().code, ErrorCode::Integrity);
        QCOMPARE(device->property("tidemarkErrorCode").toInt(), kIntegrity);
        const QString message = device->readError().message;
        QVERIFY2(message.contains(QStringLiteral("another data key")), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLatin1(keyIdOf('\x11').toHex())), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLatin1(keyIdOf('\x22').toHex())), qPrintable(message));
        QVERIFY2(message.contains(file.path()), qPrintable(message));
        QVERIFY(!device->readError().hint.isEmpty());
        QCOMPARE(device->errorString(), message);
    }

    void wrongDataKeyFails()
    {
        const QByteArray keyId = keyIdOf('\x11');
        for (const qint64 size : {qint64(0), qint64(5), kMiB + 1}) {
            const QByteArray plain = plainBytes(size, 41);
            const QByteArray cipher = encrypt(plain, fixedKey('k'), keyId);
            expectIntegrityFailure(cipher, plain, fixedKey('K'), keyId, "wrong data key");
            if (size > 0) {
                const Outcome outcome = readAll(cipher, fixedKey('K'), keyId);
                QVERIFY(outcome.opened);
                QVERIFY(outcome.good.isEmpty());
                QVERIFY2(outcome.message.contains(QStringLiteral("does not authenticate")),
                         qPrintable(outcome.message));
            }
        }
    }

    void invalidKeyIsRefused()
    {
        const QByteArray cipher = encrypt(plainBytes(1000), fixedKey('k'), keyIdOf('\x11'));
        LinkFile file(cipher);
        // No key, or one of the wrong size, is a refusal at open, not a read of 32 bytes from it.
        std::vector<SecretBytes> keys;
        keys.emplace_back();
        keys.push_back(SecretBytes::random(16));
        keys.push_back(SecretBytes::random(33));
        for (const SecretBytes &key : keys) {
            auto device = file.device(key, keyIdOf('\x11'));
            QVERIFY(!device->open(QIODevice::ReadOnly));
            QVERIFY(!device->readError().message.isEmpty());
            QBuffer target;
            target.open(QIODevice::WriteOnly);
            EncryptingDevice encrypting(target, key, keyIdOf('\x11'), QStringLiteral("link"));
            QVERIFY(!encrypting.open(QIODevice::WriteOnly));
            QVERIFY(!encrypting.error().message.isEmpty());
        }
        // A key id of the wrong size neither.
        auto device = file.device(fixedKey('k'), QByteArray(8, '\x11'));
        QVERIFY(!device->open(QIODevice::ReadOnly));
    }

    void plainFileIsRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QByteArray tar(10240, '\0');
        tar.replace(0, 13, "manifest.json");
        tar.replace(257, 6, QByteArray("ustar\0", 6));
        QTest::newRow("tar") << tar;
        QTest::newRow("zstd") << (QByteArray("\x28\xb5\x2f\xfd", 4) + plainBytes(5000));
        QTest::newRow("text") << QByteArray(
            "TDMK is not TDMKENC1, this is a plain file of some length, longer than 64");
        QTest::newRow("short") << QByteArray("\x28\xb5\x2f\xfd\x00\x01", 6);
    }

    void plainFileIsRefused()
    {
        QFETCH(QByteArray, content);
        LinkFile file(content);
        auto device = file.device(fixedKey('k'), keyIdOf('\x11'));
        QVERIFY(!device->open(QIODevice::ReadOnly));
        QCOMPARE(device->readError().code, ErrorCode::Integrity);
        QCOMPARE(device->property("tidemarkErrorCode").toInt(), kIntegrity);
        QVERIFY2(device->readError().message.contains(QStringLiteral("is not encrypted")),
                 qPrintable(device->readError().message));
        QVERIFY(!LinkCipher::isEncrypted(content));
    }

    void sequentialSourceIsRefused()
    {
        // DecryptingDevice reads at random; a pipe-like source is refused at open.
        class Sequential : public QBuffer {
        public:
            bool isSequential() const override { return true; }
        };
        auto source = std::make_unique<Sequential>();
        source->setData(encrypt(plainBytes(100), fixedKey('k'), keyIdOf('\x11')));
        QVERIFY(source->open(QIODevice::ReadOnly));
        DecryptingDevice device(std::move(source), fixedKey('k'), keyIdOf('\x11'), QStringLiteral("pipe"));
        QVERIFY(!device.open(QIODevice::ReadOnly));
        QVERIFY(!device.readError().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLinkCipher)
#include "tst_linkcipher.moc"
