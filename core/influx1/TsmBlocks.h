#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <atomic>
#include <optional>
#include <vector>

namespace tidemark {

/// One TSM block of a shard tar: where it lies in the tar file (its 4-byte CRC first, then the
/// compressed data, `length` bytes together, as the TSM index says) and a hash of those bytes.
struct TsmBlock {
    quint64 hashLow = 0; ///< XXH3-128 of the block's bytes under the map's secret (TsmBlockMap::secret).
    quint64 hashHigh = 0;
    qint64 offset = 0; ///< In the tar file.
    qint64 length = 0;

    friend bool operator==(const TsmBlock &, const TsmBlock &) = default;
};

/// Every TSM block of every `.tsm` entry of a shard tar that is a local file (the tar influxd
/// streamed for one shard, ShardTar), for reference links (ManifestFile::refs): a block of a new
/// version of the shard that the version before held byte for byte becomes a reference to it.
///
/// The tar's headers are walked (ustar, pax `path`/`size` records, GNU long names); each TSM
/// file's index is read with TsmIndex (from its footer on, in chunks) for its blocks' offsets and
/// sizes, and then the blocks are hashed in file order through a 1 MiB window: memory is the
/// list (32 bytes a block) and the window, whatever the shard's size. The hash is XXH3-128 keyed
/// with a secret of kSecretBytes random bytes chosen per chain of versions (kept in the map):
/// two different blocks of the same length match only by a 128-bit collision, by chance about
/// 2^-128 per pair, and nobody who does not know the secret (in the client's cache, readable by
/// its user only) can choose points that collide. Nothing in the tar is trusted: a damaged tar or
/// TSM index is ErrorCode::Integrity naming `source` and the file.
class TsmBlocks {
    Q_DECLARE_TR_FUNCTIONS(TsmBlocks)

public:
    static constexpr qsizetype kSecretBytes = 192;

    /// A new random secret.
    [[nodiscard]] static QByteArray newSecret();
    /// The blocks of the shard tar at `path`, sorted by offset, none overlapping the one before,
    /// hashed under `secret` (kSecretBytes). Cancelled (ErrorCode::Cancelled) when `cancelled` is set.
    [[nodiscard]] static Result<std::vector<TsmBlock>> list(const QString &path, const QByteArray &secret,
                                                            const QString &source,
                                                            const std::atomic_bool *cancelled = nullptr);
    /// The hash of `size` bytes under `secret` (what list() gives a block).
    [[nodiscard]] static TsmBlock hash(const char *data, qsizetype size, const QByteArray &secret);
    /// pread of `size` bytes at `offset` of the file open on `fd` (fewer only at its end); -1 on an
    /// error (errno says which).
    [[nodiscard]] static qint64 readAt(int fd, char *data, qint64 size, qint64 offset);
};

/// The block map of one version of a shard tar (identified by its checksum, ManifestFile::
/// fileChecksum()): its size, the secret its blocks are hashed under, and the blocks, sorted by
/// hash for lookups.
///
/// Stored as a small binary file, little-endian: "TDMKTSM1", u64 file size, u64 block count,
/// the version's checksum (32 hex digits), the secret (kSecretBytes), then per block u64 hash low,
/// u64 hash high, u64 offset, u64 length; then XXH3-128 of everything before (16 bytes).
struct TsmBlockMap {
    QString fileChecksum;
    qint64 fileSize = 0;
    QByteArray secret;
    std::vector<TsmBlock> blocks;

    /// Sorts the blocks by hash and length (find() needs it).
    void sort();
    /// A block of `length` bytes with this hash, or nullptr.
    [[nodiscard]] const TsmBlock *find(const TsmBlock &hashed) const;
    [[nodiscard]] QByteArray serialize() const;
    /// nullopt when `bytes` are not a whole, undamaged map of the version `checksum` (every
    /// block inside the file).
    [[nodiscard]] static std::optional<TsmBlockMap> parse(const QByteArray &bytes, const QString &checksum);
};

/// The client's cache of block maps (`$XDG_CACHE_HOME/tidemark/tsm-maps/<checksum>.map`, by
/// default `~/.cache/tidemark/tsm-maps`), so that an incremental finds the map of the chain's
/// version of a shard without rebuilding that version from the chain. A map is written after
/// each reference link (of the version it stored) and after a rebuild; a missing or damaged one
/// is rebuilt. prune() keeps the kKeepMaps used last.
class TsmMapCache {
    Q_DECLARE_TR_FUNCTIONS(TsmMapCache)

public:
    static constexpr int kKeepMaps = 500;

    /// `dir` empty: the default directory (QStandardPaths::GenericCacheLocation).
    explicit TsmMapCache(QString dir = {});
    [[nodiscard]] const QString &dir() const { return m_dir; }
    [[nodiscard]] QString pathOf(const QString &checksum) const;
    /// The map of version `checksum`; nullopt when missing or damaged. Marks it used (mtime).
    [[nodiscard]] std::optional<TsmBlockMap> load(const QString &checksum) const;
    /// Writes (replaces) the map atomically; Io error naming the file.
    [[nodiscard]] Status store(const TsmBlockMap &map) const;
    /// Removes maps beyond the kKeepMaps used last, except those used since `keepSince`.
    void prune(const QDateTime &keepSince) const;

private:
    QString m_dir;
};

} // namespace tidemark
