#pragma once

#include "store/Field.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>
#include <vector>

namespace tidemark {

/// Byte encodings of the keys and values stored in LMDB.
///
/// One entry per point: the key is `series 00 01 time`, where 0x00 bytes inside the series key
/// are written as `00 FF` and `time` is 8 bytes big-endian with the sign bit flipped. LMDB
/// compares keys as bytes, so all points of one series are contiguous and time-ordered
/// (negative times first), and a series is a prefix scan. The value holds the point's fields,
/// sorted by name, so that equal content is equal bytes.
///
/// Why not one entry per field (series + field + time → value): the series key would be stored
/// once per field, and measured with 5 fields per point that took 138 bytes per value on disk and
/// five B-tree inserts per point; packing the fields takes a fraction of both.
namespace keys {

[[nodiscard]] QByteArray encodeU64(std::uint64_t value);
/// Decodes 8 big-endian bytes; false when `bytes` is not exactly 8 bytes long.
[[nodiscard]] bool decodeU64(QByteArrayView bytes, std::uint64_t *value);

[[nodiscard]] QByteArray pointKey(QByteArrayView series, std::int64_t time);
/// Splits a point key; false when `key` is not a valid point key.
[[nodiscard]] bool splitPointKey(QByteArrayView key, QByteArray *series, std::int64_t *time);

/// Packs fields: per field, u16 name length, name, type byte, value (8 bytes big-endian for
/// numbers, 1 byte for booleans, u32 length + bytes for strings). Sorted by name; of fields with
/// the same name the last one wins.
[[nodiscard]] QByteArray encodeFields(const std::vector<Field> &fields);
/// Unpacks what encodeFields wrote; false on malformed bytes (never reads out of bounds).
[[nodiscard]] bool decodeFields(QByteArrayView bytes, std::vector<Field> *fields);
/// The fields of `older` overwritten and extended by those of `newer` (a later write of the
/// same point), packed. False when either is malformed.
[[nodiscard]] bool mergeFields(QByteArrayView older, QByteArrayView newer, QByteArray *merged);

} // namespace keys
} // namespace tidemark
