#pragma once

#include <QByteArray>

#include <cstdint>

namespace tidemark {

/// One field value of a point, as the line protocol parses it (node/LineProtocol.h) and the
/// shards store it (store/KeyEncoding.h). `type` says which member holds the value; the type
/// numbers are stored in shard files, so they must never change.
struct FieldValue {
    enum class Type : std::uint8_t { Float = 1, Integer = 2, Unsigned = 3, Boolean = 4, String = 5 };
    Type type = Type::Float;
    double f = 0;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    bool b = false;
    QByteArray s; ///< Unescaped string content.

    friend bool operator==(const FieldValue &, const FieldValue &) = default;
};

struct Field {
    QByteArray key; ///< Unescaped field key.
    FieldValue value;
};

} // namespace tidemark
