#include "storage/EncryptedChainStore.h"

#include "crypto/LinkCipher.h"

#include <QMutex>
#include <QMutexLocker>

#include <map>

namespace tidemark {

namespace {

struct SecretsState {
    QMutex mutex;
    std::vector<KeySecret> secrets;
    ChainSecrets::Prompt prompt;
    std::map<QByteArray, SecretBytes> dataKeys; // By key id.
    QMutex promptMutex;                         // One question on the terminal at a time.
};

SecretsState &state()
{
    static SecretsState s;
    return s;
}

// The bytes of a new encrypted link: encrypted on their way into the inner writer's device;
// commit() writes the last message first.
class EncryptedWriter : public ChainStore::Writer {
public:
    EncryptedWriter(std::unique_ptr<ChainStore::Writer> inner, const SecretBytes &dataKey, const QByteArray &keyId)
        : m_inner(std::move(inner)), m_device(m_inner->device(), dataKey, keyId, m_inner->pendingName())
    {
    }
    bool open() { return m_device.open(QIODevice::WriteOnly); }
    const Error &openError() const { return m_device.error(); }
    QIODevice &device() override { return m_device; }
    QString pendingName() const override { return m_inner->pendingName(); }
    std::optional<Error> writeError() const override
    {
        if (auto error = m_inner->writeError())
            return error;
        if (!m_device.error().message.isEmpty())
            return m_device.error();
        return std::nullopt;
    }
    Status commit() override
    {
        if (!m_device.finish()) {
            if (auto error = writeError())
                return *error;
            return m_device.error();
        }
        return m_inner->commit();
    }

private:
    std::unique_ptr<ChainStore::Writer> m_inner;
    EncryptingDevice m_device;
};

} // namespace

// --- ChainSecrets -----------------------------------------------------------------------------

void ChainSecrets::setSecrets(std::vector<KeySecret> secrets)
{
    QMutexLocker locker(&state().mutex);
    state().secrets = std::move(secrets);
}

void ChainSecrets::addSecret(KeySecret secret)
{
    QMutexLocker locker(&state().mutex);
    state().secrets.push_back(std::move(secret));
}

void ChainSecrets::setPrompt(Prompt prompt)
{
    QMutexLocker locker(&state().mutex);
    state().prompt = std::move(prompt);
}

void ChainSecrets::clear()
{
    QMutexLocker locker(&state().mutex);
    state().secrets.clear();
    state().prompt = {};
    state().dataKeys.clear();
}

bool ChainSecrets::haveSecret()
{
    QMutexLocker locker(&state().mutex);
    return !state().secrets.empty() || state().prompt;
}

std::vector<KeySecret> ChainSecrets::givenSecrets()
{
    QMutexLocker locker(&state().mutex);
    std::vector<KeySecret> copies;
    for (const KeySecret &secret : state().secrets)
        copies.push_back(secret.copy());
    return copies;
}

std::optional<KeySecret> ChainSecrets::firstSecret(const QString &chain)
{
    Prompt prompt;
    {
        QMutexLocker locker(&state().mutex);
        if (!state().secrets.empty())
            return state().secrets.front().copy();
        prompt = state().prompt;
    }
    if (!prompt)
        return std::nullopt;
    QMutexLocker asking(&state().promptMutex);
    return prompt(chain);
}

void ChainSecrets::remember(const ChainKeys &keys, const SecretBytes &dataKey)
{
    QMutexLocker locker(&state().mutex);
    state().dataKeys[keys.keyId()] = dataKey.copy();
}

bool ChainSecrets::isUnlocked(const QByteArray &keyId)
{
    QMutexLocker locker(&state().mutex);
    return state().dataKeys.count(keyId) > 0;
}

Result<SecretBytes> ChainSecrets::dataKey(const ChainKeys &keys, const QString &chainName)
{
    std::vector<KeySecret> secrets;
    Prompt prompt;
    {
        QMutexLocker locker(&state().mutex);
        if (auto it = state().dataKeys.find(keys.keyId()); it != state().dataKeys.end())
            return it->second.copy();
        for (const KeySecret &secret : state().secrets)
            secrets.push_back(secret.copy());
        prompt = state().prompt;
    }
    std::optional<Error> firstError;
    const auto tryOne = [&](const KeySecret &secret) -> std::optional<SecretBytes> {
        auto key = keys.unlock(secret, chainName);
        if (key) {
            remember(keys, key.value());
            return key.takeValue();
        }
        if (!firstError)
            firstError = key.error();
        return std::nullopt;
    };
    for (const KeySecret &secret : secrets) {
        if (auto key = tryOne(secret))
            return std::move(*key);
    }
    if (secrets.empty() && prompt) {
        QMutexLocker asking(&state().promptMutex);
        if (auto secret = prompt(chainName)) {
            if (auto key = tryOne(*secret))
                return std::move(*key);
        }
    }
    if (firstError)
        return *firstError;
    return makeError(ErrorCode::Auth,
                     tr("The chain '%1' is encrypted, and no passphrase or key file was given").arg(chainName),
                     tr("Give --passphrase-file FILE or --key-file FILE, set TIDEMARK_PASSPHRASE_FILE, or pass a "
                        "systemd credential named tidemark-passphrase (or tidemark-key); in the GUI, unlock the "
                        "chain."));
}

// --- EncryptedChainStore ----------------------------------------------------------------------

EncryptedChainStore::EncryptedChainStore(std::shared_ptr<ChainStore> inner, ChainKeys keys, SecretBytes dataKey)
    : m_inner(std::move(inner)), m_keys(std::move(keys)), m_dataKey(std::move(dataKey))
{
}

bool EncryptedChainStore::isEncrypted(const ChainStore &store)
{
    return dynamic_cast<const EncryptedChainStore *>(&store) != nullptr;
}

Result<std::optional<ChainKeys>> EncryptedChainStore::readKeys(const ChainStore &store)
{
    if (const auto *encrypted = dynamic_cast<const EncryptedChainStore *>(&store))
        return std::optional<ChainKeys>(encrypted->keys());
    auto bytes = store.readSidecar(kKeysSidecar);
    if (!bytes)
        return bytes.error();
    if (!bytes.value())
        return std::optional<ChainKeys>();
    auto keys = ChainKeys::fromJson(*bytes.value(), store.sidecarPath(kKeysSidecar));
    if (!keys)
        return keys.error();
    return std::optional<ChainKeys>(keys.takeValue());
}

Status EncryptedChainStore::writeKeys(ChainStore &store, const ChainKeys &keys)
{
    return store.writeSidecar(kKeysSidecar, keys.toJson());
}

Result<std::shared_ptr<ChainStore>> EncryptedChainStore::open(std::shared_ptr<ChainStore> store)
{
    if (isEncrypted(*store))
        return store;
    auto keys = readKeys(*store);
    if (!keys)
        return keys.error();
    if (!keys.value())
        return store;
    auto dataKey = ChainSecrets::dataKey(*keys.value(), store->path());
    if (!dataKey)
        return dataKey.error();
    return std::shared_ptr<ChainStore>(
        std::make_shared<EncryptedChainStore>(std::move(store), std::move(*keys.value()), dataKey.takeValue()));
}

Result<std::unique_ptr<QIODevice>> EncryptedChainStore::openLink(int number) const
{
    auto link = m_inner->openLink(number);
    if (!link)
        return link.error();
    return decrypt(link.takeValue(), linkPath(number));
}

Result<std::unique_ptr<QIODevice>> EncryptedChainStore::decrypt(std::unique_ptr<QIODevice> raw,
                                                                const QString &name) const
{
    auto device = std::make_unique<DecryptingDevice>(std::move(raw), m_dataKey, m_keys.keyId(), name);
    if (!device->open(QIODevice::ReadOnly))
        return device->readError();
    return std::unique_ptr<QIODevice>(std::move(device));
}

Result<std::unique_ptr<ChainStore::Writer>> EncryptedChainStore::createLink(int number)
{
    auto inner = m_inner->createLink(number);
    if (!inner)
        return inner.error();
    auto writer = std::make_unique<EncryptedWriter>(inner.takeValue(), m_dataKey, m_keys.keyId());
    if (!writer->open()) {
        if (auto error = writer->writeError())
            return *error;
        return writer->openError();
    }
    return std::unique_ptr<Writer>(std::move(writer));
}

} // namespace tidemark
