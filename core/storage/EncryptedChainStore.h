#pragma once

#include "crypto/ChainKeys.h"
#include "storage/ChainStore.h"

#include <QByteArray>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tidemark {

/// The secrets this process was given to open encrypted chains, and the data keys they opened
/// (held in guarded memory, by key id, so a chain opened twice costs one key derivation).
/// Process-wide, like S3Settings' overrides: the front end sets them once (the CLI from
/// `--passphrase-file`, `--key-file`, TIDEMARK_PASSPHRASE_FILE or systemd credentials; the GUI
/// from its keyring or an unlock dialog), and every job that opens a chain finds them.
/// Thread-safe.
class ChainSecrets {
    Q_DECLARE_TR_FUNCTIONS(ChainSecrets)

public:
    /// Asks for a secret to open the chain named (a terminal prompt); nullopt when none comes.
    using Prompt = std::function<std::optional<KeySecret>(const QString &chain)>;

    /// The secrets to try, in order, on every encrypted chain (replaces earlier ones).
    static void setSecrets(std::vector<KeySecret> secrets);
    /// Adds one secret to try.
    static void addSecret(KeySecret secret);
    /// Asked when no secret was given (and only then).
    static void setPrompt(Prompt prompt);
    /// Forgets every secret, data key and the prompt.
    static void clear();
    /// Whether a secret was given (or a prompt can ask for one).
    [[nodiscard]] static bool haveSecret();
    /// Copies of the secrets given (not the prompt's), in the order they are tried.
    [[nodiscard]] static std::vector<KeySecret> givenSecrets();
    /// A copy of the first secret given, or what the prompt gives (e.g. for a new chain's key).
    [[nodiscard]] static std::optional<KeySecret> firstSecret(const QString &chain);

    /// The data key of the chain `chainName` whose keys are `keys`: one opened before, else the
    /// first given secret that opens a slot, else the prompt's. Auth error (saying how to give a
    /// secret) when none does.
    [[nodiscard]] static Result<SecretBytes> dataKey(const ChainKeys &keys, const QString &chainName);
    /// Keeps `dataKey` as the key of `keys`' key id.
    static void remember(const ChainKeys &keys, const SecretBytes &dataKey);
    /// Whether the data key of key id `keyId` is held.
    [[nodiscard]] static bool isUnlocked(const QByteArray &keyId);
};

/// An encrypted chain: every link's bytes go through LinkCipher (encrypted on the way in,
/// decrypted and authenticated on the way out) with the chain's data key; the keys themselves
/// are the sidecar `PATH.keys` (ChainKeys). Everything else (listing, the lock, leftovers,
/// scratch) is the inner store's. Readers above see plain archives: a link's device is random
/// access over the decrypted bytes, so the final manifest is still read from the end.
class EncryptedChainStore : public ChainStore {
    Q_DECLARE_TR_FUNCTIONS(EncryptedChainStore)

public:
    /// The sidecar holding the chain's keys.
    static inline const QString kKeysSidecar = QStringLiteral("keys");

    /// The chain in `store` as readers and writers use it: `store` itself when it has no keys
    /// sidecar (a plain chain), else `store` wrapped with the data key from ChainSecrets (Auth
    /// error when no secret opens it). A store wrapped already is returned as it is.
    [[nodiscard]] static Result<std::shared_ptr<ChainStore>> open(std::shared_ptr<ChainStore> store);
    /// The keys of the chain in `store`; nullopt for a plain chain.
    [[nodiscard]] static Result<std::optional<ChainKeys>> readKeys(const ChainStore &store);
    /// Writes the keys of the chain in `store` (durable before they replace the old ones).
    [[nodiscard]] static Status writeKeys(ChainStore &store, const ChainKeys &keys);
    /// Whether `store` is an encrypted chain's (wrapped by open()).
    [[nodiscard]] static bool isEncrypted(const ChainStore &store);

    EncryptedChainStore(std::shared_ptr<ChainStore> inner, ChainKeys keys, SecretBytes dataKey);

    [[nodiscard]] const ChainKeys &keys() const { return m_keys; }
    /// `raw`, the stored bytes of one of this chain's links (from another store too: a copy),
    /// opened as the decrypting device openLink() gives; `name` names it in messages.
    [[nodiscard]] Result<std::unique_ptr<QIODevice>> decrypt(std::unique_ptr<QIODevice> raw, const QString &name) const;
    [[nodiscard]] ChainStore &inner() const { return *m_inner; }

    [[nodiscard]] QString path() const override { return m_inner->path(); }
    [[nodiscard]] QString localDirectory() const override { return m_inner->localDirectory(); }
    [[nodiscard]] Result<Listing> list() const override { return m_inner->list(); }
    [[nodiscard]] Result<std::unique_ptr<QIODevice>> openLink(int number) const override;
    [[nodiscard]] Result<std::unique_ptr<Writer>> createLink(int number) override;
    [[nodiscard]] Status removeLink(int number) override { return m_inner->removeLink(number); }
    [[nodiscard]] Result<std::unique_ptr<Lock>> lock() override { return m_inner->lock(); }
    void removeLeftovers() override { m_inner->removeLeftovers(); }
    void removeDeadScratch() override { m_inner->removeDeadScratch(); }
    [[nodiscard]] Result<std::unique_ptr<Scratch>> scratch() const override { return m_inner->scratch(); }
    [[nodiscard]] Result<std::optional<QByteArray>> readSidecar(const QString &name) const override
    {
        return m_inner->readSidecar(name);
    }
    [[nodiscard]] Status writeSidecar(const QString &name, const QByteArray &bytes) override
    {
        return m_inner->writeSidecar(name, bytes);
    }
    [[nodiscard]] Status removeSidecar(const QString &name) override { return m_inner->removeSidecar(name); }

private:
    std::shared_ptr<ChainStore> m_inner;
    ChainKeys m_keys;
    SecretBytes m_dataKey;
};

} // namespace tidemark
