#include "crypto/ChainKeys.h"

#include "crypto/LinkCipher.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sodium.h>

#include <algorithm>

namespace tidemark {

namespace {

constexpr qsizetype kSlotIdBytes = 8;
constexpr qsizetype kPassphraseSaltBytes = crypto_pwhash_SALTBYTES; // 16
constexpr qsizetype kKeyFileSaltBytes = 32;
constexpr qsizetype kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES; // 24
constexpr qsizetype kWrappedBytes = LinkCipher::kKeyBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr qint64 kMaxKeysFileBytes = 1024 * 1024;
constexpr qint64 kMinKeyFileBytes = 32;
constexpr qint64 kMaxKeyFileBytes = 1024 * 1024;
const QString kKdfArgon2id = QStringLiteral("argon2id13");
const QString kKdfBlake2b = QStringLiteral("blake2b-256");

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, '\0');
    randombytes_buf(bytes.data(), static_cast<std::size_t>(size));
    return bytes;
}

QString kindKey(KeySecret::Kind kind)
{
    return kind == KeySecret::Kind::Passphrase ? QStringLiteral("passphrase") : QStringLiteral("keyfile");
}

// What a slot's wrapping authenticates besides the key: everything that decides how it opens.
QByteArray slotAd(const QByteArray &keyId, const ChainKeys::Slot &slot)
{
    QByteArray ad = "tidemark-keys 1\n";
    ad += keyId.toHex() + '\n' + slot.id.toLatin1() + '\n' + kindKey(slot.kind).toLatin1() + '\n';
    if (slot.kind == KeySecret::Kind::Passphrase)
        ad += QByteArray::number(slot.kdf.passes) + '\n' + QByteArray::number(slot.kdf.memoryBytes) + '\n';
    ad += slot.salt.toHex();
    return ad;
}

// The key-encryption key of `slot` for `secret`: Argon2id for a passphrase, keyed BLAKE2b for the
// content of a key file (random already, it needs no stretching).
std::optional<SecretBytes> deriveKek(const ChainKeys::Slot &slot, const KeySecret &secret)
{
    SecretBytes kek(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (slot.kind == KeySecret::Kind::Passphrase) {
        if (crypto_pwhash(kek.data(), kek.size(), reinterpret_cast<const char *>(secret.bytes.data()),
                          secret.bytes.size(), reinterpret_cast<const unsigned char *>(slot.salt.constData()),
                          slot.kdf.passes, static_cast<std::size_t>(slot.kdf.memoryBytes),
                          crypto_pwhash_ALG_ARGON2ID13) != 0)
            return std::nullopt; // Out of memory.
        return kek;
    }
    crypto_generichash(kek.data(), kek.size(), secret.bytes.data(), secret.bytes.size(),
                       reinterpret_cast<const unsigned char *>(slot.salt.constData()),
                       static_cast<std::size_t>(slot.salt.size()));
    return kek;
}

bool isAsciiHexDigit(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
}

// Up to `max` bytes of a secret's file (opened unbuffered: no copy of it stays in a buffer of
// Qt's), into one buffer that is never reallocated (so a wipe of it wipes every copy), read on
// until the end for a pipe that gives it in pieces.
QByteArray readSecretFile(QFile &file, qint64 max)
{
    QByteArray content(max, Qt::Uninitialized);
    qint64 got = 0;
    while (got < max) {
        const qint64 n = file.read(content.data() + got, max - got);
        if (n <= 0)
            break;
        got += n;
    }
    sodium_memzero(content.data() + got, static_cast<std::size_t>(max - got));
    content.truncate(got);
    return content;
}

Error keysError(const QString &name, const QString &what)
{
    return makeError(ErrorCode::Integrity,
                     ChainKeys::tr("The key file '%1' of an encrypted chain is not valid: %2").arg(name, what),
                     ChainKeys::tr("Restore '%1' from a copy of the chain (copy writes it beside every copy); without "
                                   "it no link of the chain can be read.")
                         .arg(name));
}

} // namespace

QString KeySecret::kindName(Kind kind)
{
    return kind == Kind::Passphrase ? ChainKeys::tr("passphrase") : ChainKeys::tr("key file");
}

bool KeySecret::isReadableByOthers(const QString &path)
{
    return QFileInfo(path).permissions() &
           (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther);
}

Result<KeySecret> KeySecret::readPassphraseFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return makeError(ErrorCode::Config,
                         ChainKeys::tr("Cannot read passphrase file '%1': %2").arg(path, file.errorString()),
                         ChainKeys::tr("Give a file only you can read that holds the passphrase on its first line."));
    QByteArray content = readSecretFile(file, 64 * 1024);
    qsizetype end = content.indexOf('\n');
    if (end < 0)
        end = content.size();
    if (end > 0 && content[end - 1] == '\r')
        --end;
    KeySecret secret{Kind::Passphrase, SecretBytes::fromBytes(QByteArrayView(content).first(end)),
                     ChainKeys::tr("the passphrase file '%1'").arg(path)};
    wipe(content);
    if (secret.bytes.isEmpty())
        return makeError(ErrorCode::Config, ChainKeys::tr("The passphrase file '%1' is empty").arg(path),
                         ChainKeys::tr("Write the passphrase on its first line."));
    return secret;
}

Result<KeySecret> KeySecret::readKeyFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return makeError(ErrorCode::Config,
                         ChainKeys::tr("Cannot read key file '%1': %2").arg(path, file.errorString()),
                         ChainKeys::tr("Give a key file written by 'tidemark-cli key generate FILE'."));
    QByteArray content = readSecretFile(file, kMaxKeyFileBytes + 1);
    const qsizetype size = content.size();
    KeySecret secret{Kind::KeyFile, SecretBytes::fromBytes(content), ChainKeys::tr("the key file '%1'").arg(path)};
    wipe(content);
    if (size < kMinKeyFileBytes || size > kMaxKeyFileBytes)
        return makeError(
            ErrorCode::Config,
            ChainKeys::tr("The key file '%1' holds %2 bytes; a key file holds 32 bytes to 1 MiB").arg(path).arg(size),
            ChainKeys::tr("Make one with 'tidemark-cli key generate FILE'."));
    return secret;
}

Status KeySecret::generateKeyFile(const QString &path)
{
    if (!ensureSodium())
        return makeError(ErrorCode::Failure, ChainKeys::tr("libsodium could not be initialised"));
    if (QFileInfo::exists(path))
        return makeError(ErrorCode::Usage, ChainKeys::tr("'%1' exists; a key file is never overwritten").arg(path),
                         ChainKeys::tr("Give a new file name."));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(ErrorCode::Io, ChainKeys::tr("Cannot write key file '%1': %2").arg(path, file.errorString()));
    SecretBytes key = SecretBytes::random(32);
    QByteArray hex(64 + 1, '\0');
    sodium_bin2hex(hex.data(), static_cast<std::size_t>(hex.size()), key.data(), key.size());
    hex[64] = '\n';
    const bool written = file.write(hex) == hex.size();
    wipe(hex);
    if (!written || !file.commit())
        return makeError(ErrorCode::Io, ChainKeys::tr("Cannot write key file '%1': %2").arg(path, file.errorString()));
    return {};
}

Result<ChainKeys::Slot> ChainKeys::wrap(const SecretBytes &dataKey, const KeySecret &secret, const KdfParams &kdf,
                                        const QString &label, const QByteArray &keyId)
{
    // fromJson() refuses a passphrase slot with other parameters: such a slot would lock the chain.
    if (secret.kind == KeySecret::Kind::Passphrase &&
        (kdf.passes < KdfParams::kMinPasses || kdf.passes > KdfParams::kMaxPasses ||
         kdf.memoryBytes < KdfParams::kMinMemoryBytes || kdf.memoryBytes > KdfParams::kMaxMemoryBytes))
        return makeError(ErrorCode::Usage,
                         tr("Argon2id's parameters must be %1 to %2 passes over 8 MiB to 4 GiB (not %3 passes over "
                            "%4 bytes)")
                             .arg(KdfParams::kMinPasses)
                             .arg(KdfParams::kMaxPasses)
                             .arg(kdf.passes)
                             .arg(kdf.memoryBytes),
                         tr("Give --kdf-passes and --kdf-memory within these bounds."));
    Slot slot;
    slot.id = QString::fromLatin1(randomBytes(kSlotIdBytes).toHex());
    slot.kind = secret.kind;
    slot.label = label;
    slot.created = QDateTime::currentDateTimeUtc();
    slot.created = slot.created.addMSecs(-slot.created.time().msec()); // Whole seconds, as written.
    slot.kdf = kdf;
    slot.salt = randomBytes(secret.kind == KeySecret::Kind::Passphrase ? kPassphraseSaltBytes : kKeyFileSaltBytes);
    slot.nonce = randomBytes(kNonceBytes);
    auto kek = deriveKek(slot, secret);
    if (!kek)
        return makeError(ErrorCode::Io,
                         tr("Not enough memory to derive a key with Argon2id (%1 MiB)").arg(kdf.memoryBytes >> 20),
                         tr("Free memory, or give lower --kdf-memory."));
    const QByteArray ad = slotAd(keyId, slot);
    slot.wrapped.resize(kWrappedBytes);
    unsigned long long wrappedBytes = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char *>(slot.wrapped.data()), &wrappedBytes, dataKey.data(), dataKey.size(),
        reinterpret_cast<const unsigned char *>(ad.constData()), static_cast<unsigned long long>(ad.size()), nullptr,
        reinterpret_cast<const unsigned char *>(slot.nonce.constData()), kek->data());
    return slot;
}

std::optional<SecretBytes> ChainKeys::unwrap(const Slot &slot, const KeySecret &secret) const
{
    if (slot.kind != secret.kind)
        return std::nullopt;
    auto kek = deriveKek(slot, secret);
    if (!kek)
        return std::nullopt;
    const QByteArray ad = slotAd(m_keyId, slot);
    SecretBytes dataKey(LinkCipher::kKeyBytes);
    unsigned long long keyBytes = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            dataKey.data(), &keyBytes, nullptr, reinterpret_cast<const unsigned char *>(slot.wrapped.constData()),
            static_cast<unsigned long long>(slot.wrapped.size()),
            reinterpret_cast<const unsigned char *>(ad.constData()), static_cast<unsigned long long>(ad.size()),
            reinterpret_cast<const unsigned char *>(slot.nonce.constData()), kek->data()) != 0 ||
        keyBytes != static_cast<unsigned long long>(LinkCipher::kKeyBytes))
        return std::nullopt;
    return dataKey;
}

Result<std::pair<ChainKeys, SecretBytes>> ChainKeys::create(const KeySecret &secret, const KdfParams &kdf,
                                                            const QString &label)
{
    if (!ensureSodium())
        return makeError(ErrorCode::Failure, tr("libsodium could not be initialised"));
    ChainKeys keys;
    keys.m_keyId = randomBytes(LinkCipher::kKeyIdBytes);
    SecretBytes dataKey = SecretBytes::random(LinkCipher::kKeyBytes);
    auto slot = wrap(dataKey, secret, kdf, label, keys.m_keyId);
    if (!slot)
        return slot.error();
    keys.m_slots.push_back(slot.takeValue());
    return std::pair<ChainKeys, SecretBytes>(std::move(keys), std::move(dataKey));
}

int ChainKeys::slotOpenedBy(const KeySecret &secret) const
{
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (unwrap(m_slots[i], secret))
            return static_cast<int>(i);
    }
    return -1;
}

Result<SecretBytes> ChainKeys::unlock(const KeySecret &secret, const QString &chainName) const
{
    if (!ensureSodium())
        return makeError(ErrorCode::Failure, tr("libsodium could not be initialised"));
    for (const Slot &slot : m_slots) {
        if (auto key = unwrap(slot, secret))
            return std::move(*key);
    }
    int ofKind = 0;
    for (const Slot &slot : m_slots)
        ofKind += slot.kind == secret.kind ? 1 : 0;
    if (ofKind == 0)
        return makeError(
            ErrorCode::Auth,
            tr("The chain '%1' has no %2 key; %3 cannot open it")
                .arg(chainName, KeySecret::kindName(secret.kind), secret.origin),
            tr("Give one of its keys: 'tidemark-cli key list %1' shows which kinds it has.").arg(chainName));
    return makeError(ErrorCode::Auth,
                     tr("Wrong %1: %2 opens none of the keys of the chain '%3'")
                         .arg(KeySecret::kindName(secret.kind), secret.origin, chainName),
                     tr("Give the passphrase or key file the chain was encrypted with, or one added with 'tidemark-cli "
                        "key add'."));
}

Result<QString> ChainKeys::addSlot(const SecretBytes &dataKey, const KeySecret &secret, const KdfParams &kdf,
                                   const QString &label, const QString &chainName)
{
    if (slotOpenedBy(secret) >= 0)
        return makeError(ErrorCode::Usage, tr("%1 opens a key of the chain '%2' already").arg(secret.origin, chainName),
                         tr("Give a new passphrase or key file."));
    auto slot = wrap(dataKey, secret, kdf, label, m_keyId);
    if (!slot)
        return slot.error();
    m_slots.push_back(slot.takeValue());
    return m_slots.back().id;
}

Status ChainKeys::removeSlot(const QString &id, const QString &chainName)
{
    std::vector<std::size_t> matches;
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (!id.isEmpty() && m_slots[i].id.startsWith(id, Qt::CaseInsensitive))
            matches.push_back(i);
    }
    if (matches.empty())
        return makeError(ErrorCode::NotFound, tr("The chain '%1' has no key '%2'").arg(chainName, id),
                         tr("'tidemark-cli key list %1' shows its keys.").arg(chainName));
    if (matches.size() > 1)
        return makeError(ErrorCode::Usage,
                         tr("'%1' names %2 keys of the chain '%3'").arg(id).arg(matches.size()).arg(chainName),
                         tr("Give more of the key's id."));
    if (m_slots.size() == 1)
        return makeError(ErrorCode::Usage,
                         tr("Key %1 is the last key of the chain '%2'; removing it would lose every link")
                             .arg(m_slots.front().id, chainName),
                         tr("Add another key first ('tidemark-cli key add'), then remove this one."));
    m_slots.erase(m_slots.begin() + static_cast<std::ptrdiff_t>(matches.front()));
    return {};
}

QByteArray ChainKeys::toJson() const
{
    QJsonArray slots;
    for (const Slot &slot : m_slots) {
        QJsonObject kdf;
        if (slot.kind == KeySecret::Kind::Passphrase)
            kdf = QJsonObject{{QStringLiteral("name"), kKdfArgon2id},
                              {QStringLiteral("passes"), static_cast<qint64>(slot.kdf.passes)},
                              {QStringLiteral("memory"), static_cast<qint64>(slot.kdf.memoryBytes)},
                              {QStringLiteral("salt"), QString::fromLatin1(slot.salt.toHex())}};
        else
            kdf = QJsonObject{{QStringLiteral("name"), kKdfBlake2b},
                              {QStringLiteral("salt"), QString::fromLatin1(slot.salt.toHex())}};
        slots.append(QJsonObject{{QStringLiteral("id"), slot.id},
                                 {QStringLiteral("kind"), kindKey(slot.kind)},
                                 {QStringLiteral("label"), slot.label},
                                 {QStringLiteral("created"), slot.created.toString(Qt::ISODate)},
                                 {QStringLiteral("kdf"), kdf},
                                 {QStringLiteral("nonce"), QString::fromLatin1(slot.nonce.toHex())},
                                 {QStringLiteral("wrappedKey"), QString::fromLatin1(slot.wrapped.toHex())}});
    }
    const QJsonObject root{{QStringLiteral("format"), QString::fromLatin1(kFormat)},
                           {QStringLiteral("version"), kVersion},
                           {QStringLiteral("cipher"), QStringLiteral("xchacha20poly1305-secretstream")},
                           {QStringLiteral("keyId"), QString::fromLatin1(m_keyId.toHex())},
                           {QStringLiteral("slots"), slots}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<ChainKeys> ChainKeys::fromJson(const QByteArray &json, const QString &name)
{
    if (json.size() > kMaxKeysFileBytes)
        return keysError(name, tr("it has more than %1 bytes").arg(kMaxKeysFileBytes));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return keysError(name, tr("not a JSON object (%1)").arg(parseError.errorString()));
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return keysError(name, tr("'format' is not '%1'").arg(QLatin1String(kFormat)));
    if (root.value(QStringLiteral("version")).toInt(-1) != kVersion)
        return makeError(ErrorCode::Integrity,
                         tr("The key file '%1' has version %2; this Tidemark reads version %3")
                             .arg(name, root.value(QStringLiteral("version")).toVariant().toString())
                             .arg(kVersion),
                         tr("Use the Tidemark version that wrote it, or a newer one."));
    // A hex field of exactly `bytes` bytes.
    const auto hex = [&](const QJsonObject &object, const QString &key, qsizetype bytes, const QString &where,
                         QByteArray *out) -> std::optional<Error> {
        const QString text = object.value(key.section(QLatin1Char('.'), -1)).toString(); // "kdf.salt": "salt"
        // QByteArray::fromHex() skips what is not a hex digit: "0g12..." would pass as 16 bytes.
        const bool hexDigits = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return isAsciiHexDigit(c); });
        const QByteArray value = QByteArray::fromHex(text.toLatin1());
        if (!hexDigits || value.size() != bytes || text.size() != 2 * bytes)
            return keysError(name, tr("%1'%2' is not %3 bytes of hex").arg(where, key).arg(bytes));
        *out = value;
        return std::nullopt;
    };
    ChainKeys keys;
    if (auto e = hex(root, QStringLiteral("keyId"), LinkCipher::kKeyIdBytes, {}, &keys.m_keyId))
        return *e;
    const QJsonArray slots = root.value(QStringLiteral("slots")).toArray();
    if (slots.isEmpty())
        return keysError(name, tr("it has no key slots"));
    for (qsizetype i = 0; i < slots.size(); ++i) {
        const QJsonObject o = slots.at(i).toObject();
        const QString where = tr("slot %1: ").arg(i + 1);
        Slot slot;
        QByteArray id;
        if (auto e = hex(o, QStringLiteral("id"), kSlotIdBytes, where, &id))
            return *e;
        slot.id = QString::fromLatin1(id.toHex());
        const QString kind = o.value(QStringLiteral("kind")).toString();
        if (kind == kindKey(KeySecret::Kind::Passphrase))
            slot.kind = KeySecret::Kind::Passphrase;
        else if (kind == kindKey(KeySecret::Kind::KeyFile))
            slot.kind = KeySecret::Kind::KeyFile;
        else
            return keysError(name, tr("%1'kind' is not 'passphrase' or 'keyfile'").arg(where));
        slot.label = o.value(QStringLiteral("label")).toString();
        // Whole seconds, as toJson() writes it: ISO 8601 also allows fractions (of a second or a
        // minute), which would not survive a round trip.
        slot.created = QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODate);
        if (slot.created.isValid())
            slot.created = slot.created.addMSecs(-slot.created.time().msec());
        const QJsonObject kdf = o.value(QStringLiteral("kdf")).toObject();
        const bool passphrase = slot.kind == KeySecret::Kind::Passphrase;
        if (kdf.value(QStringLiteral("name")).toString() != (passphrase ? kKdfArgon2id : kKdfBlake2b))
            return keysError(name, tr("%1'kdf.name' is not '%2'").arg(where, passphrase ? kKdfArgon2id : kKdfBlake2b));
        if (auto e = hex(kdf, QStringLiteral("kdf.salt"), passphrase ? kPassphraseSaltBytes : kKeyFileSaltBytes, where,
                         &slot.salt))
            return *e;
        if (passphrase) {
            const qint64 passes = kdf.value(QStringLiteral("passes")).toInteger(-1);
            const qint64 memory = kdf.value(QStringLiteral("memory")).toInteger(-1);
            // Bounded, so that a doctored file cannot make opening a chain take hours or all memory.
            if (passes < static_cast<qint64>(KdfParams::kMinPasses) ||
                passes > static_cast<qint64>(KdfParams::kMaxPasses))
                return keysError(name, tr("%1'kdf.passes' is not between %2 and %3")
                                           .arg(where)
                                           .arg(KdfParams::kMinPasses)
                                           .arg(KdfParams::kMaxPasses));
            if (memory < static_cast<qint64>(KdfParams::kMinMemoryBytes) ||
                memory > static_cast<qint64>(KdfParams::kMaxMemoryBytes))
                return keysError(name, tr("%1'kdf.memory' is not between 8 MiB and 4 GiB").arg(where));
            slot.kdf.passes = static_cast<quint64>(passes);
            slot.kdf.memoryBytes = static_cast<quint64>(memory);
        }
        if (auto e = hex(o, QStringLiteral("nonce"), kNonceBytes, where, &slot.nonce))
            return *e;
        if (auto e = hex(o, QStringLiteral("wrappedKey"), kWrappedBytes, where, &slot.wrapped))
            return *e;
        keys.m_slots.push_back(std::move(slot));
    }
    return keys;
}

} // namespace tidemark
