#include "snapshot/Checksum.h"

#include <QFile>

#include <xxhash.h>

namespace tidemark {

struct Checksum::State {
    XXH3_state_t *xxh = nullptr;
};

Checksum::Checksum() : m_state(std::make_unique<State>())
{
    m_state->xxh = XXH3_createState();
    // Allocation failure of a few hundred bytes is not recoverable anyway; fail loudly.
    Q_CHECK_PTR(m_state->xxh);
    XXH3_128bits_reset(m_state->xxh);
}

Checksum::~Checksum()
{
    XXH3_freeState(m_state->xxh);
}

void Checksum::add(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return; // XXH3 accepts a null pointer only with length 0; skip the call altogether.
    XXH3_128bits_update(m_state->xxh, bytes.data(), static_cast<size_t>(bytes.size()));
}

QString Checksum::hex() const
{
    // The canonical form is big-endian, high 64 bits first: the same text xxhsum -H2 prints.
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(m_state->xxh));
    const QByteArray raw(reinterpret_cast<const char *>(canonical.digest), sizeof(canonical.digest));
    return QString::fromLatin1(raw.toHex());
}

Result<QString> Checksum::ofFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read '%1': %2").arg(path, file.errorString()));
    Checksum checksum;
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(block.data(), block.size());
        if (n < 0)
            return makeError(ErrorCode::Io, QStringLiteral("Cannot read '%1': %2").arg(path, file.errorString()));
        if (n == 0)
            return checksum.hex();
        checksum.add(QByteArrayView(block.constData(), n));
    }
}

QString Checksum::of(QByteArrayView bytes)
{
    Checksum checksum;
    checksum.add(bytes);
    return checksum.hex();
}

bool Checksum::isValidHex(const QString &text)
{
    if (text.size() != 32)
        return false;
    for (const QChar c : text) {
        const bool digit = c >= QLatin1Char('0') && c <= QLatin1Char('9');
        const bool lower = c >= QLatin1Char('a') && c <= QLatin1Char('f');
        if (!digit && !lower)
            return false;
    }
    return true;
}

} // namespace tidemark
