#pragma once

#include "node/LineProtocol.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace tidemark {

/// Byte encodings of the keys and values stored in LMDB.
///
/// A point key is `series 00 01 field 00 01 time`, where 0x00 bytes inside the series key and the
/// field name are written as `00 FF` and `time` is 8 bytes big-endian with the sign bit flipped.
/// LMDB compares keys as bytes, so all keys of one series are contiguous, ordered by field and
/// then by time (negative times first), and a series is a prefix scan.
namespace keys {

[[nodiscard]] QByteArray encodeU64(std::uint64_t value);
/// Decodes 8 big-endian bytes; false when `bytes` is not exactly 8 bytes long.
[[nodiscard]] bool decodeU64(QByteArrayView bytes, std::uint64_t *value);

[[nodiscard]] QByteArray pointKey(QByteArrayView series, QByteArrayView field, std::int64_t time);
/// Splits a point key; false when `key` is not a valid point key.
[[nodiscard]] bool splitPointKey(QByteArrayView key, QByteArray *series, QByteArray *field, std::int64_t *time);

/// A type byte followed by the value (8 bytes big-endian for numbers, 1 byte for booleans,
/// the raw bytes for strings).
[[nodiscard]] QByteArray encodeValue(const FieldValue &value);
[[nodiscard]] bool decodeValue(QByteArrayView bytes, FieldValue *value);

} // namespace keys
} // namespace tidemark
