#pragma once

#include "store/Field.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <cstdint>
#include <vector>

namespace tidemark {

/// Timestamp precision of a write request (`precision=` query parameter of `/write`).
enum class Precision { Nanoseconds, Microseconds, Milliseconds, Seconds, Minutes, Hours };

/// Parses `n`, `ns`, `u`, `us`, `µ`, `ms`, `s`, `m`, `h` (empty means nanoseconds). Returns false on
/// anything else.
[[nodiscard]] bool parsePrecision(QByteArrayView text, Precision *out);

struct Tag {
    QByteArray key;   ///< Unescaped tag key.
    QByteArray value; ///< Unescaped tag value.
    friend bool operator==(const Tag &, const Tag &) = default;
};

/// One parsed line: measurement, tags sorted by key, fields in line order, time in nanoseconds.
struct Point {
    QByteArray measurement; ///< Unescaped measurement name.
    std::vector<Tag> tags;  ///< Sorted by key; duplicate keys are a parse error.
    std::vector<Field> fields;
    std::int64_t time = 0; ///< Nanoseconds since the epoch (already scaled by the precision).
    bool hasTime = false;  ///< False when the line had no timestamp (time is then the default).

    /// The canonical series key, `measurement,k1=v1,k2=v2` with line-protocol escaping and tags
    /// sorted, so that equal series always give equal bytes.
    [[nodiscard]] QByteArray seriesKey() const;
};

/// A line that could not be parsed.
struct LineError {
    int line = 0;    ///< 1-based line number in the request body.
    QString message; ///< What is wrong, e.g. "invalid field format" or "unbalanced quotes".
};

struct ParsedBatch {
    std::vector<Point> points;
    std::vector<LineError> errors;
};

/// Parses an InfluxDB 1.x line-protocol body.
///
/// Accepts the full 1.x syntax: escapes (`\,` `\ ` `\=` in keys and tag values, `\"` `\\` in
/// string fields), quoted string fields (which may contain newlines), integer `i`, unsigned `u`,
/// floats (incl. exponent form), booleans (`t`, `T`, `true`, `True`, `TRUE`, `f`, ...), an
/// optional timestamp in `precision` units, comment lines starting with `#`, blank lines and
/// `\r\n` line ends. Points without a timestamp get `defaultTimeNs`. Invalid lines are reported in
/// `errors` and skipped; valid lines are still returned (InfluxDB's "partial write").
/// Never throws, never reads out of bounds: safe on hostile input.
[[nodiscard]] ParsedBatch parseLineProtocol(QByteArrayView body, Precision precision, std::int64_t defaultTimeNs);

} // namespace tidemark
