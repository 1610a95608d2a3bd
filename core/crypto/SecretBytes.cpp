#include "crypto/SecretBytes.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace tidemark {

bool ensureSodium()
{
    static const bool ok = sodium_init() >= 0;
    return ok;
}

SecretBytes::SecretBytes(std::size_t size) : m_size(size)
{
    if (size == 0)
        return;
    if (!ensureSodium())
        throw std::bad_alloc();
    m_data = static_cast<unsigned char *>(sodium_malloc(size));
    if (!m_data)
        throw std::bad_alloc();
    sodium_memzero(m_data, size);
}

SecretBytes SecretBytes::fromBytes(QByteArrayView bytes)
{
    SecretBytes secret(static_cast<std::size_t>(bytes.size()));
    if (!bytes.isEmpty())
        std::memcpy(secret.m_data, bytes.data(), static_cast<std::size_t>(bytes.size()));
    return secret;
}

SecretBytes SecretBytes::random(std::size_t size)
{
    SecretBytes secret(size);
    if (size > 0)
        randombytes_buf(secret.m_data, size);
    return secret;
}

SecretBytes::~SecretBytes()
{
    if (m_data)
        sodium_free(m_data); // Wipes before freeing.
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        if (m_data)
            sodium_free(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

bool SecretBytes::equals(const SecretBytes &other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        sodium_memzero(bytes.data(), static_cast<std::size_t>(bytes.size()));
    bytes.clear();
}

} // namespace tidemark
