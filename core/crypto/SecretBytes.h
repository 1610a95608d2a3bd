#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstddef>

namespace tidemark {

/// Bytes that must not outlive their use nor reach swap or a core dump: a key, a passphrase.
/// Kept in libsodium's guarded memory (sodium_malloc: locked, with guard pages) and wiped when
/// freed. Move-only; copy() makes a second guarded copy on purpose.
class SecretBytes {
public:
    SecretBytes() = default;
    /// `size` zero bytes.
    explicit SecretBytes(std::size_t size);
    /// A guarded copy of `bytes` (wipe the source yourself where it is yours to wipe).
    static SecretBytes fromBytes(QByteArrayView bytes);
    /// `size` random bytes (randombytes_buf).
    static SecretBytes random(std::size_t size);
    ~SecretBytes();
    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    [[nodiscard]] SecretBytes copy() const { return fromBytes(view()); }
    [[nodiscard]] unsigned char *data() { return m_data; }
    [[nodiscard]] const unsigned char *data() const { return m_data; }
    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] bool isEmpty() const { return m_size == 0; }
    [[nodiscard]] QByteArrayView view() const
    {
        return QByteArrayView(reinterpret_cast<const char *>(m_data), static_cast<qsizetype>(m_size));
    }
    /// Constant-time comparison.
    [[nodiscard]] bool equals(const SecretBytes &other) const;

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
};

/// Wipes a QByteArray that held a secret before it goes (best effort: Qt may have copied it).
void wipe(QByteArray &bytes);

/// libsodium, initialised once (sodium_init); false when it cannot be (no entropy source).
[[nodiscard]] bool ensureSodium();

} // namespace tidemark
