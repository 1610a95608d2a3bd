// Fuzzes DecryptingDevice (core/crypto/LinkCipher.h), which reads an encrypted link's bytes as
// they come from a store: a local file or S3, damaged or tampered with.
//
// The input is the link, decrypted with a fixed data key and key id. Besides the sanitizers, it
// checks (abort() on failure):
// - a refusal (at open or at a read) is ErrorCode::Integrity, with its message, and readError()
//   and the property `tidemarkErrorCode` agree;
// - an opened link's size() is what encryptedSize() maps back to the input's size;
// - every byte read as good is the archive's byte at that position: the seeds are links of this
//   key whose archives all hold plainByte(i) at offset i, so a mutated link must fail or decode
//   to exactly those bytes (a forgery would show as another byte);
// - a link read whole from its start without an error is read as good at random too (tail and
//   middle), and is byte for byte the link EncryptingDevice writes for that archive: libsodium's
//   random bytes are a fixed sequence here (DeterministicRandom.h), so the seeds can be written
//   again to compare, and no other input may read as a whole link (an empty archive's included,
//   which has no byte to compare).
//
// The seeds are written by this fuzzer: TIDEMARK_FUZZ_WRITE_SEEDS=DIR fuzz_linkcipher writes
// them into DIR and exits (README.md, "Seeds written by the fuzzers").

#include "DeterministicRandom.h"
#include "crypto/LinkCipher.h"

#include <QBuffer>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace tidemark;

namespace {

void check(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_linkcipher: property violated: %s %s\n", what, qPrintable(detail));
        std::abort();
    }
}

const SecretBytes &dataKey()
{
    static const SecretBytes key = SecretBytes::fromBytes(QByteArray(LinkCipher::kKeyBytes, '\x5c'));
    return key;
}

const QByteArray &keyId()
{
    static const QByteArray id(LinkCipher::kKeyIdBytes, '\xa7');
    return id;
}

// The archive byte at `offset` of every seed (another in each message, so a message moved shows).
char plainByte(qint64 offset)
{
    return static_cast<char>((offset * 131 + (offset >> 16) * 7 + 0x5a) & 0xff);
}

bool isArchiveAt(const char *bytes, qint64 size, qint64 offset)
{
    for (qint64 i = 0; i < size; ++i) {
        if (bytes[i] != plainByte(offset + i))
            return false;
    }
    return true;
}

std::unique_ptr<DecryptingDevice> openLink(const std::uint8_t *data, size_t size)
{
    auto source = std::make_unique<QBuffer>();
    source->setData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    check(source->open(QIODevice::ReadOnly), "the buffer opens");
    return std::make_unique<DecryptingDevice>(std::move(source), dataKey(), keyId(), QStringLiteral("fuzz.tar"));
}

void checkFailure(const DecryptingDevice &device, const char *where)
{
    check(device.readError().code == ErrorCode::Integrity, where, device.readError().message);
    check(device.property("tidemarkErrorCode").toInt() == static_cast<int>(ErrorCode::Integrity),
          "tidemarkErrorCode is Integrity", QString::fromLatin1(where));
    check(!device.readError().message.isEmpty() && device.errorString() == device.readError().message,
          "a failure has its message", QString::fromLatin1(where));
}

// Reads `length` bytes from `offset`; true when all came as good.
bool readAt(DecryptingDevice &device, qint64 offset, qint64 length)
{
    check(device.seek(offset), "seek within size()");
    QByteArray bytes(length, '\0');
    qint64 got = 0;
    while (got < length) {
        const qint64 n = device.read(bytes.data() + got, length - got);
        if (n < 0) {
            checkFailure(device, "a failed read at random is Integrity");
            break;
        }
        check(n > 0, "no end of data before size()");
        check(isArchiveAt(bytes.constData() + got, n, offset + got), "bytes read at random are the archive's");
        got += n;
    }
    return got == length;
}

// The link of an archive of `size` bytes, as the seeds were written.
QByteArray encryptedLink(qint64 size)
{
    QByteArray plain(size, '\0');
    for (qint64 i = 0; i < size; ++i)
        plain[i] = plainByte(i);
    fuzz::DeterministicRandom::reset();
    QBuffer target;
    target.open(QIODevice::WriteOnly);
    EncryptingDevice device(target, dataKey(), keyId(), QStringLiteral("seed"));
    check(device.open(QIODevice::WriteOnly) && device.write(plain) == size && device.finish(), "a link encrypts");
    return target.data();
}

void writeSeeds(const QString &dir)
{
    QDir().mkpath(dir);
    for (const qint64 size : {qint64(0), qint64(1), qint64(100), qint64(4000), qint64(65536), qint64(65537)}) {
        const QByteArray link = encryptedLink(size);
        QFile file(QStringLiteral("%1/link-%2").arg(dir).arg(size));
        check(file.open(QIODevice::WriteOnly) && file.write(link) == link.size(), "a seed is written");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::DeterministicRandom::install();
    // libsodium draws random bytes when it starts (its guarded memory's canary): before any
    // reset(), so that every link is written from the same point of the sequence.
    check(ensureSodium(), "libsodium starts");
    (void)dataKey();
    if (const char *dir = std::getenv("TIDEMARK_FUZZ_WRITE_SEEDS")) {
        writeSeeds(QString::fromLocal8Bit(dir));
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    // From the start, in chunks of an odd size.
    auto device = openLink(data, size);
    if (!device->open(QIODevice::ReadOnly)) {
        checkFailure(*device, "a refused link is Integrity");
        check(!device->isOpen(), "a refused link is not open");
        return 0;
    }
    const qint64 plainSize = device->size();
    check(plainSize >= 0 && LinkCipher::encryptedSize(plainSize) == static_cast<qint64>(size),
          "size() is the archive's size of a link this long", QString::number(plainSize));
    QByteArray chunk(4099, '\0');
    qint64 offset = 0;
    bool whole = true;
    for (;;) {
        const qint64 n = device->read(chunk.data(), chunk.size());
        if (n < 0) {
            checkFailure(*device, "a failed read is Integrity");
            whole = false;
            break;
        }
        if (n == 0)
            break;
        check(isArchiveAt(chunk.constData(), n, offset), "bytes read as good are the archive's",
              QString::number(offset));
        offset += n;
        check(offset <= plainSize, "no more than size()");
    }
    if (whole) {
        check(offset == plainSize, "a link read without an error gives size() bytes");
        check(encryptedLink(plainSize) ==
                  QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)),
              "a link read without an error is the one written for its archive", QString::number(plainSize));
    }

    // At random, as the final manifest is read: the tail first, then from the middle.
    auto atRandom = openLink(data, size);
    check(atRandom->open(QIODevice::ReadOnly), "a link opens twice");
    const qint64 tail = std::min<qint64>(plainSize, 100);
    bool good = readAt(*atRandom, plainSize - tail, tail);
    if (good && plainSize > 0)
        good = readAt(*atRandom, plainSize / 2, std::min<qint64>(plainSize - plainSize / 2, 70000));
    if (whole)
        check(good, "a link good from its start is good at random");
    return 0;
}
