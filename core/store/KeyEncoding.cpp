#include "store/KeyEncoding.h"

#include <bit>
#include <cstring>

namespace tidemark::keys {

namespace {

constexpr std::uint64_t kSignBit = 1ULL << 63;

void appendU64(QByteArray &out, std::uint64_t value)
{
    char bytes[8];
    for (int i = 7; i >= 0; --i) {
        bytes[i] = static_cast<char>(value & 0xff);
        value >>= 8;
    }
    out.append(bytes, 8);
}

void appendEscaped(QByteArray &out, QByteArrayView part)
{
    for (char c : part) {
        out.append(c);
        if (c == '\0')
            out.append('\xff');
    }
    out.append('\0');
    out.append('\x01');
}

// Reads one escaped segment starting at *pos; false when the terminator is missing or an escape
// is malformed.
bool readEscaped(QByteArrayView key, qsizetype *pos, QByteArray *out)
{
    out->clear();
    qsizetype i = *pos;
    while (i < key.size()) {
        const char c = key[i];
        if (c != '\0') {
            out->append(c);
            ++i;
            continue;
        }
        if (i + 1 >= key.size())
            return false;
        const char next = key[i + 1];
        if (next == '\x01') {
            *pos = i + 2;
            return true;
        }
        if (next != '\xff')
            return false;
        out->append('\0');
        i += 2;
    }
    return false;
}

} // namespace

QByteArray encodeU64(std::uint64_t value)
{
    QByteArray out;
    out.reserve(8);
    appendU64(out, value);
    return out;
}

bool decodeU64(QByteArrayView bytes, std::uint64_t *value)
{
    if (bytes.size() != 8)
        return false;
    std::uint64_t v = 0;
    for (char c : bytes)
        v = (v << 8) | static_cast<unsigned char>(c);
    *value = v;
    return true;
}

QByteArray pointKey(QByteArrayView series, QByteArrayView field, std::int64_t time)
{
    QByteArray out;
    out.reserve(series.size() + field.size() + 12);
    appendEscaped(out, series);
    appendEscaped(out, field);
    appendU64(out, static_cast<std::uint64_t>(time) ^ kSignBit);
    return out;
}

bool splitPointKey(QByteArrayView key, QByteArray *series, QByteArray *field, std::int64_t *time)
{
    qsizetype pos = 0;
    if (!readEscaped(key, &pos, series) || !readEscaped(key, &pos, field))
        return false;
    std::uint64_t raw = 0;
    if (!decodeU64(key.sliced(pos), &raw))
        return false;
    *time = static_cast<std::int64_t>(raw ^ kSignBit);
    return true;
}

QByteArray encodeValue(const FieldValue &value)
{
    QByteArray out;
    out.append(static_cast<char>(value.type));
    switch (value.type) {
    case FieldValue::Type::Float: appendU64(out, std::bit_cast<std::uint64_t>(value.f)); break;
    case FieldValue::Type::Integer: appendU64(out, static_cast<std::uint64_t>(value.i)); break;
    case FieldValue::Type::Unsigned: appendU64(out, value.u); break;
    case FieldValue::Type::Boolean: out.append(value.b ? '\1' : '\0'); break;
    case FieldValue::Type::String: out.append(value.s); break;
    }
    return out;
}

bool decodeValue(QByteArrayView bytes, FieldValue *value)
{
    if (bytes.isEmpty())
        return false;
    const auto type = static_cast<FieldValue::Type>(static_cast<unsigned char>(bytes[0]));
    const QByteArrayView payload = bytes.sliced(1);
    *value = FieldValue{};
    value->type = type;
    std::uint64_t raw = 0;
    switch (type) {
    case FieldValue::Type::Float:
        if (!decodeU64(payload, &raw))
            return false;
        value->f = std::bit_cast<double>(raw);
        return true;
    case FieldValue::Type::Integer:
        if (!decodeU64(payload, &raw))
            return false;
        value->i = static_cast<std::int64_t>(raw);
        return true;
    case FieldValue::Type::Unsigned:
        return decodeU64(payload, &value->u);
    case FieldValue::Type::Boolean:
        if (payload.size() != 1)
            return false;
        value->b = payload[0] != '\0';
        return true;
    case FieldValue::Type::String:
        value->s = payload.toByteArray();
        return true;
    }
    return false;
}

} // namespace tidemark::keys
