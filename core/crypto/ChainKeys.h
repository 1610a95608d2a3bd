#pragma once

#include "common/Error.h"
#include "crypto/SecretBytes.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace tidemark {

/// A secret that opens a chain: a passphrase (stretched with Argon2id) or the content of a key
/// file (hashed with BLAKE2b: it is random already). `origin` says where it came from, for
/// messages ("the passphrase file /etc/tidemark/pass"); the secret itself never appears in one.
struct KeySecret {
    enum class Kind { Passphrase, KeyFile };
    Kind kind = Kind::Passphrase;
    SecretBytes bytes;
    QString origin;

    [[nodiscard]] KeySecret copy() const { return {kind, bytes.copy(), origin}; }
    [[nodiscard]] static QString kindName(Kind kind);

    /// A passphrase from the first line of `path` (a trailing newline is not part of it, as with
    /// systemd credentials); Config error naming the file when it cannot be read or is empty.
    [[nodiscard]] static Result<KeySecret> readPassphraseFile(const QString &path);
    /// The whole of key file `path` (32 bytes to 1 MiB; `tidemark-cli key generate` writes one).
    [[nodiscard]] static Result<KeySecret> readKeyFile(const QString &path);
    /// Writes a new key file of 32 random bytes (hex, one line) at `path`, mode 0600; refuses to
    /// replace a file.
    [[nodiscard]] static Status generateKeyFile(const QString &path);
    /// Whether `path` may be read by other users than its owner (a warning is due).
    [[nodiscard]] static bool isReadableByOthers(const QString &path);
};

/// Argon2id's cost: passes over the memory, and the memory. Stored with each passphrase slot, so
/// raising the defaults later leaves older slots readable.
struct KdfParams {
    quint64 passes = 3;
    quint64 memoryBytes = quint64(64) * 1024 * 1024;

    static constexpr quint64 kMinPasses = 1;
    static constexpr quint64 kMaxPasses = 64;
    static constexpr quint64 kMinMemoryBytes = quint64(8) * 1024 * 1024;
    static constexpr quint64 kMaxMemoryBytes = quint64(4) * 1024 * 1024 * 1024;
};

/// The keys of an encrypted chain, kept beside it as `PATH.keys` (JSON, in the clear): the
/// chain's data key, random, wrapped (XChaCha20-Poly1305) once per key slot by a key-encryption
/// key derived from that slot's passphrase or key file. Adding or removing a slot rewrites only
/// this file; the links stay as they are. Every link's header names the chain's key id, so a
/// link is never decrypted with another chain's key.
///
/// A slot's wrapping authenticates the key id, the slot's id, kind and KDF parameters, so none
/// can be changed without the slot failing to open.
class ChainKeys {
    Q_DECLARE_TR_FUNCTIONS(ChainKeys)

public:
    struct Slot {
        QString id; ///< 8 random bytes, hex: what `key remove` names.
        KeySecret::Kind kind = KeySecret::Kind::Passphrase;
        QString label;      ///< Free text for the operator ("ops on-call", "offline safe").
        QDateTime created;  ///< UTC.
        KdfParams kdf;      ///< Passphrase slots only.
        QByteArray salt;    ///< 16 bytes (Argon2id) or 32 (BLAKE2b key of a key file slot).
        QByteArray nonce;   ///< 24 bytes.
        QByteArray wrapped; ///< The data key, encrypted and authenticated: 48 bytes.
    };

    /// A new chain's keys: a random data key (returned too) in one slot for `secret`. Usage error
    /// when `kdf` is outside KdfParams' bounds for a passphrase (fromJson() would refuse the slot).
    [[nodiscard]] static Result<std::pair<ChainKeys, SecretBytes>> create(const KeySecret &secret, const KdfParams &kdf,
                                                                          const QString &label);
    /// Parses a keys file; Integrity error naming `name` and the field when it is not one.
    [[nodiscard]] static Result<ChainKeys> fromJson(const QByteArray &json, const QString &name);
    [[nodiscard]] QByteArray toJson() const;

    /// The data key, unwrapped by the first slot of `secret`'s kind that it opens. Auth error
    /// (naming `chainName` and the secret's origin) when none does.
    [[nodiscard]] Result<SecretBytes> unlock(const KeySecret &secret, const QString &chainName) const;
    /// Adds a slot for `secret` wrapping `dataKey` (which must be this chain's: it is checked
    /// against another slot first by the caller, see unlock()); returns the new slot's id.
    /// Usage error when `secret` opens a slot already, or `kdf` is out of bounds (see create()).
    [[nodiscard]] Result<QString> addSlot(const SecretBytes &dataKey, const KeySecret &secret, const KdfParams &kdf,
                                          const QString &label, const QString &chainName);
    /// Removes slot `id` (or the unique slot whose id starts with it); refuses to remove the
    /// last one, and an id that names none or several.
    [[nodiscard]] Status removeSlot(const QString &id, const QString &chainName);

    /// The data key's id (16 bytes), written into every link's header.
    [[nodiscard]] const QByteArray &keyId() const { return m_keyId; }
    [[nodiscard]] const std::vector<Slot> &slots() const { return m_slots; }
    /// The index in slots() of the slot `secret` opens, or -1 (tries each slot of its kind).
    [[nodiscard]] int slotOpenedBy(const KeySecret &secret) const;

    static constexpr char kFormat[] = "tidemark-keys";
    static constexpr int kVersion = 1;

private:
    [[nodiscard]] static Result<Slot> wrap(const SecretBytes &dataKey, const KeySecret &secret, const KdfParams &kdf,
                                           const QString &label, const QByteArray &keyId);
    [[nodiscard]] std::optional<SecretBytes> unwrap(const Slot &slot, const KeySecret &secret) const;

    QByteArray m_keyId;
    std::vector<Slot> m_slots;
};

} // namespace tidemark
