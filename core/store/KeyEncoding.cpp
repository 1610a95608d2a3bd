#include "store/KeyEncoding.h"

#include <algorithm>
#include <bit>

namespace tidemark::keys {

namespace {

constexpr std::uint64_t kSignBit = 1ULL << 63;

void appendBigEndian(QByteArray &out, std::uint64_t value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.append(static_cast<char>((value >> shift) & 0xff));
}

// Reads `bytes` big-endian bytes at *pos; false when they are not there.
bool readBigEndian(QByteArrayView in, qsizetype *pos, int bytes, std::uint64_t *value)
{
    if (in.size() - *pos < bytes)
        return false;
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | static_cast<unsigned char>(in[*pos + i]);
    *pos += bytes;
    *value = v;
    return true;
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

void appendField(QByteArray &out, const Field &field)
{
    appendBigEndian(out, static_cast<std::uint64_t>(field.key.size()), 2);
    out.append(field.key);
    const FieldValue &v = field.value;
    out.append(static_cast<char>(v.type));
    switch (v.type) {
    case FieldValue::Type::Float:
        appendBigEndian(out, std::bit_cast<std::uint64_t>(v.f), 8);
        break;
    case FieldValue::Type::Integer:
        appendBigEndian(out, static_cast<std::uint64_t>(v.i), 8);
        break;
    case FieldValue::Type::Unsigned:
        appendBigEndian(out, v.u, 8);
        break;
    case FieldValue::Type::Boolean:
        out.append(v.b ? '\1' : '\0');
        break;
    case FieldValue::Type::String:
        appendBigEndian(out, static_cast<std::uint64_t>(v.s.size()), 4);
        out.append(v.s);
        break;
    }
}

bool readField(QByteArrayView in, qsizetype *pos, Field *field)
{
    std::uint64_t length = 0;
    if (!readBigEndian(in, pos, 2, &length) || in.size() - *pos < static_cast<qsizetype>(length) + 1)
        return false;
    field->key = in.sliced(*pos, static_cast<qsizetype>(length)).toByteArray();
    *pos += static_cast<qsizetype>(length);
    FieldValue &v = field->value;
    v = FieldValue{};
    v.type = static_cast<FieldValue::Type>(static_cast<unsigned char>(in[(*pos)++]));
    std::uint64_t raw = 0;
    switch (v.type) {
    case FieldValue::Type::Float:
        if (!readBigEndian(in, pos, 8, &raw))
            return false;
        v.f = std::bit_cast<double>(raw);
        return true;
    case FieldValue::Type::Integer:
        if (!readBigEndian(in, pos, 8, &raw))
            return false;
        v.i = static_cast<std::int64_t>(raw);
        return true;
    case FieldValue::Type::Unsigned:
        return readBigEndian(in, pos, 8, &v.u);
    case FieldValue::Type::Boolean:
        if (!readBigEndian(in, pos, 1, &raw))
            return false;
        v.b = raw != 0;
        return true;
    case FieldValue::Type::String:
        if (!readBigEndian(in, pos, 4, &raw) || in.size() - *pos < static_cast<qsizetype>(raw))
            return false;
        v.s = in.sliced(*pos, static_cast<qsizetype>(raw)).toByteArray();
        *pos += static_cast<qsizetype>(raw);
        return true;
    }
    return false;
}

} // namespace

QByteArray encodeU64(std::uint64_t value)
{
    QByteArray out;
    out.reserve(8);
    appendBigEndian(out, value, 8);
    return out;
}

bool decodeU64(QByteArrayView bytes, std::uint64_t *value)
{
    qsizetype pos = 0;
    return bytes.size() == 8 && readBigEndian(bytes, &pos, 8, value);
}

QByteArray pointKey(QByteArrayView series, std::int64_t time)
{
    QByteArray out;
    out.reserve(series.size() + 10);
    appendEscaped(out, series);
    appendBigEndian(out, static_cast<std::uint64_t>(time) ^ kSignBit, 8);
    return out;
}

bool splitPointKey(QByteArrayView key, QByteArray *series, std::int64_t *time)
{
    qsizetype pos = 0;
    std::uint64_t raw = 0;
    if (!readEscaped(key, &pos, series) || !readBigEndian(key, &pos, 8, &raw) || pos != key.size())
        return false;
    *time = static_cast<std::int64_t>(raw ^ kSignBit);
    return true;
}

QByteArray encodeFields(const std::vector<Field> &fields)
{
    // Sort indexes, not fields: no copies of string values. Stable, so the last duplicate wins.
    std::vector<size_t> order(fields.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return fields[a].key < fields[b].key; });
    QByteArray out;
    out.reserve(static_cast<qsizetype>(fields.size()) * 16);
    for (size_t i = 0; i < order.size(); ++i) {
        if (i + 1 < order.size() && fields[order[i]].key == fields[order[i + 1]].key)
            continue;
        appendField(out, fields[order[i]]);
    }
    return out;
}

bool decodeFields(QByteArrayView bytes, std::vector<Field> *fields)
{
    fields->clear();
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        Field field;
        if (!readField(bytes, &pos, &field))
            return false;
        fields->push_back(std::move(field));
    }
    return true;
}

bool mergeFields(QByteArrayView older, QByteArrayView newer, QByteArray *merged)
{
    std::vector<Field> a;
    std::vector<Field> b;
    if (!decodeFields(older, &a) || !decodeFields(newer, &b))
        return false;
    a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end()));
    *merged = encodeFields(a);
    return true;
}

} // namespace tidemark::keys
