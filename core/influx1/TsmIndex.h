#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QHash>
#include <QIODevice>
#include <QString>

#include <functional>
#include <vector>

namespace tidemark {

/// The index of a TSM file (an InfluxDB 1.x shard's data file), read without touching its data
/// blocks: nothing is decompressed.
///
/// A TSM file is `header | blocks | index | footer`: a 5-byte header (magic 0x16D116D1, version
/// 1), the compressed blocks, then the index, then 8 bytes, the index's offset. The index lists
/// every key in ascending byte order, each as: key length (2 bytes), key, value type (1 byte:
/// float, integer, boolean, string, unsigned), block count (2 bytes), then per block its first
/// and last point's time (8 bytes each), its offset and its size (8 and 4 bytes); every number
/// is big-endian. A key is `series key#!~#field`. The index is read from the footer on, in
/// chunks: memory stays a chunk and one key's entry, whatever the file's size.
///
/// Nothing is trusted: an offset outside the file, a key out of order or empty, a type
/// unknown, a block outside the data section or whose times run backwards, an index that does
/// not end at the footer, are ErrorCode::Integrity naming `source`.
class TsmIndex {
    Q_DECLARE_TR_FUNCTIONS(TsmIndex)

public:
    static constexpr QByteArrayView kFieldSeparator = "#!~#";

    struct Block {
        qint64 minNs = 0;
        qint64 maxNs = 0;
        qint64 offset = 0; ///< Of the block in the TSM file (its 4-byte CRC first).
        qint64 size = 0;   ///< The CRC and the compressed data, as the index says.
    };
    /// Gets each key with its blocks, in index order; returns false to stop (no error).
    using Visit = std::function<bool(QByteArrayView key, const std::vector<Block> &blocks)>;

    /// Reads the index of the TSM file `device` (random access, open for reading).
    [[nodiscard]] static Status read(QIODevice &device, const QString &source, const Visit &visit);
    /// The same for the file at `path`.
    [[nodiscard]] static Status read(const QString &path, const QString &source, const Visit &visit);

    /// The series key of a TSM key: what comes before `#!~#` (the whole key when it has none).
    [[nodiscard]] static QByteArrayView seriesKey(QByteArrayView key);
};

/// A TSM file's tombstones (`<name>.tombstone` beside `<name>.tsm`): the keys, and the time
/// ranges of each, deleted from that file since it was written (DROP MEASUREMENT, DROP SERIES,
/// DELETE). Reads the four versions InfluxDB 1.x writes: 1 (newline-separated keys, every
/// time), 2 (header 0x1502, then per entry key length (4 bytes), key, first and last time),
/// 3 (0x1503, then the same entries gzip-compressed) and 4 (0x1504, then gzip members one after
/// the other). Malformed files are ErrorCode::Integrity naming `source`.
class TsmTombstones {
    Q_DECLARE_TR_FUNCTIONS(TsmTombstones)

public:
    struct Range {
        qint64 minNs = 0;
        qint64 maxNs = 0;
    };

    /// Adds the tombstones of the file at `path`.
    [[nodiscard]] Status read(const QString &path, const QString &source);
    /// The same from `device` (open for reading, read from its start).
    [[nodiscard]] Status read(QIODevice &device, const QString &source);
    /// Adds one deletion (tests, and the readers above).
    void add(QByteArrayView key, qint64 minNs, qint64 maxNs);

    /// Whether every point of the block from `minNs` to `maxNs` of `key` is deleted: a range
    /// of the key itself, or of its series (a key without a field), covers it, alone or with
    /// ranges that touch it.
    [[nodiscard]] bool deletes(QByteArrayView key, qint64 minNs, qint64 maxNs) const;
    [[nodiscard]] bool isEmpty() const { return m_ranges.isEmpty(); }

private:
    [[nodiscard]] bool covers(const QByteArray &key, qint64 minNs, qint64 maxNs) const;
    QHash<QByteArray, std::vector<Range>> m_ranges;
};

} // namespace tidemark
