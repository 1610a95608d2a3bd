// Fuzzes ChainKeys::fromJson (core/crypto/ChainKeys.h), the parser of an encrypted chain's keys
// file `PATH.keys`, which lies in the clear beside the chain (a store anyone may have written to).
//
// The input is the keys file. Besides the sanitizers, it checks (abort() on failure):
// - a refusal is ErrorCode::Integrity with a message naming the file;
// - keys that parse survive their round trip: toJson() parses back to the same keys and the
//   same JSON;
// - unlock() with a fixed key file (BLAKE2b: cheap; passphrase slots are skipped, Argon2id would
//   take each input milliseconds) opens the chain exactly when slotOpenedBy() finds a key-file
//   slot, else fails with Auth (the seeds keyfile.keys and both.keys have its slot); what it opens
//   is the seeds' data key: libsodium's random bytes are a fixed sequence here
//   (DeterministicRandom.h), so every seed's create() drew the same key id and data key;
// - removeSlot() of each slot's full id removes that slot, but never the last.
//
// The seeds are written by this fuzzer: TIDEMARK_FUZZ_WRITE_SEEDS=DIR fuzz_chainkeys writes them
// into DIR and exits (README.md, "Seeds written by the fuzzers").

#include "DeterministicRandom.h"
#include "crypto/ChainKeys.h"

#include "crypto/LinkCipher.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>

using namespace tidemark;

namespace {

const QString kName = QStringLiteral("/srv/chain.keys");

void check(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_chainkeys: property violated: %s %s\n", what, qPrintable(detail));
        std::abort();
    }
}

KeySecret fixedKeyFile()
{
    return {KeySecret::Kind::KeyFile, SecretBytes::fromBytes(QByteArray(40, '\x3c')), QStringLiteral("the key file")};
}

bool sameSlot(const ChainKeys::Slot &a, const ChainKeys::Slot &b)
{
    const bool passphrase = a.kind == KeySecret::Kind::Passphrase;
    return a.id == b.id && a.kind == b.kind && a.label == b.label && a.created == b.created &&
           (!passphrase || (a.kdf.passes == b.kdf.passes && a.kdf.memoryBytes == b.kdf.memoryBytes)) &&
           a.salt == b.salt && a.nonce == b.nonce && a.wrapped == b.wrapped;
}

bool sameKeys(const ChainKeys &a, const ChainKeys &b)
{
    if (a.keyId() != b.keyId() || a.slots().size() != b.slots().size())
        return false;
    for (std::size_t i = 0; i < a.slots().size(); ++i) {
        if (!sameSlot(a.slots()[i], b.slots()[i]))
            return false;
    }
    return true;
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    check(file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size(), "a seed is written");
}

const KdfParams kSeedKdf{1, KdfParams::kMinMemoryBytes};

// The data key of every seed: the one create() draws from the start of the sequence.
const SecretBytes &seedDataKey()
{
    static const SecretBytes key = [] {
        fuzz::DeterministicRandom::reset();
        auto keys = ChainKeys::create(fixedKeyFile(), kSeedKdf, QString());
        check(keys.ok(), "create");
        return std::move(keys->second);
    }();
    return key;
}

// Seeds: keys of each kind and both, as create() and addSlot() write them, and two refusals.
void writeSeeds(const QString &dir)
{
    QDir().mkpath(dir);
    const KdfParams kdf = kSeedKdf;
    const KeySecret passphrase{KeySecret::Kind::Passphrase, SecretBytes::fromBytes("fuzz passphrase"),
                               QStringLiteral("the passphrase")};
    fuzz::DeterministicRandom::reset();
    auto byFile = ChainKeys::create(fixedKeyFile(), kdf, QStringLiteral("offline safe"));
    check(byFile.ok() && byFile->second.equals(seedDataKey()), "create");
    write(dir + QStringLiteral("/keyfile.keys"), byFile->first.toJson());
    fuzz::DeterministicRandom::reset();
    auto both = ChainKeys::create(passphrase, kdf, QStringLiteral("ops on-call"));
    check(both.ok() && both->second.equals(seedDataKey()), "create");
    check(both.ok(), "create");
    write(dir + QStringLiteral("/passphrase.keys"), both->first.toJson());
    check(both->first.addSlot(both->second, fixedKeyFile(), kdf, QString(), kName).ok(), "addSlot");
    write(dir + QStringLiteral("/both.keys"), both->first.toJson());
    QByteArray version2 = byFile->first.toJson();
    version2.replace("\"version\": 1", "\"version\": 2");
    write(dir + QStringLiteral("/version2.keys"), version2);
    write(dir + QStringLiteral("/empty-slots.keys"),
          "{\"format\": \"tidemark-keys\", \"version\": 1, \"keyId\": \"00112233445566778899aabbccddeeff\", "
          "\"slots\": []}");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::DeterministicRandom::install();
    // libsodium draws random bytes when it starts: before any reset().
    check(ensureSodium(), "libsodium starts");
    (void)seedDataKey();
    if (const char *dir = std::getenv("TIDEMARK_FUZZ_WRITE_SEEDS")) {
        writeSeeds(QString::fromLocal8Bit(dir));
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto parsed = ChainKeys::fromJson(json, kName);
    if (!parsed) {
        check(parsed.error().code == ErrorCode::Integrity, "a refusal is Integrity", parsed.error().message);
        check(parsed.error().message.contains(kName), "a refusal names the file", parsed.error().message);
        return 0;
    }
    const ChainKeys &keys = parsed.value();
    check(keys.keyId().size() == LinkCipher::kKeyIdBytes && !keys.slots().empty(), "a key id and a slot");

    const QByteArray written = keys.toJson();
    auto reread = ChainKeys::fromJson(written, kName);
    if (!reread)
        std::fprintf(stderr, "fuzz_chainkeys: %s\n", qPrintable(reread.error().message));
    check(reread.ok(), "toJson() parses back");
    check(sameKeys(keys, reread.value()), "toJson() parses back to the same keys");
    check(reread->toJson() == written, "toJson() parses back to the same JSON");

    const KeySecret secret = fixedKeyFile();
    const int opened = keys.slotOpenedBy(secret);
    auto unlocked = keys.unlock(secret, QStringLiteral("fuzz"));
    check(unlocked.ok() == (opened >= 0), "unlock() opens when slotOpenedBy() finds a slot");
    if (unlocked) {
        check(keys.slots()[static_cast<std::size_t>(opened)].kind == KeySecret::Kind::KeyFile, "of the key's kind");
        check(unlocked.value().equals(seedDataKey()), "what a key file opens is the seeds' data key");
    } else {
        check(unlocked.error().code == ErrorCode::Auth, "a secret that opens nothing is Auth");
    }

    for (std::size_t i = 0; i < keys.slots().size() && i < 8; ++i) {
        ChainKeys copy = keys;
        const QString id = keys.slots()[i].id;
        std::size_t sameId = 0;
        for (const ChainKeys::Slot &slot : keys.slots())
            sameId += slot.id == id ? 1 : 0;
        const Status removed = copy.removeSlot(id, QStringLiteral("fuzz"));
        if (keys.slots().size() == 1 || sameId > 1) {
            check(!removed.ok() && removed.error().code == ErrorCode::Usage, "the last or an ambiguous id stays");
            check(copy.slots().size() == keys.slots().size(), "nothing removed");
        } else {
            check(removed.ok(), "a slot's id removes it");
            check(copy.slots().size() == keys.slots().size() - 1, "one slot removed");
        }
    }
    return 0;
}
