#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace tidemark {

/// The node's block maps (`<data>/.blockmaps/`): for each version of a file the node streamed
/// into a snapshot, the XXH3-64 hash (blockpatch::blockHash) of each 4 KiB block of the bytes it
/// sent. The next incremental of that file, against that version (the client's base names it by
/// its checksum), sends only the blocks whose hash differs: a block link (core/snapshot/README.md).
///
/// A map is `<name with / as _>.<file checksum>.map`, written as `….tmp` then renamed. Layout,
/// little-endian:
/// @code
///   "TDMKBMAP" | u32 blockSize | u32 0 | u64 fileSize | u64 count   (32 bytes)
///   count × u64 block hash                                           (block 0 first)
///   u64 XXH3-64 of every byte before it
/// @endcode
/// A map that does not check out (size, count, trailer) is never used: the file goes whole. After
/// each snapshot (tidy()) the newest kKeep maps of each file are kept (the client's chain may
/// still be at an older version when a link was not committed) and maps of files the node no
/// longer has are removed, in one pass over the directory whatever the number of files.
///
/// Memory does not grow with file sizes: maps are read and written as streams.
/// Thread-safe: sessions write their own tmp files; pruning runs under a mutex.
class BlockMapCache {
    Q_DECLARE_TR_FUNCTIONS(BlockMapCache)

public:
    static constexpr char kMagic[9] = "TDMKBMAP";
    static constexpr qint64 kHeaderBytes = 32;
    static constexpr int kKeep = 3;
    /// The directory's name inside the data directory.
    static constexpr const char *kDirName = ".blockmaps";

    /// The cache in `dir` (created when missing); removes `*.tmp` that a killed node left.
    explicit BlockMapCache(QString dir);

    [[nodiscard]] const QString &dir() const { return m_dir; }
    /// Where the map of `name` (`meta`, `shards/3`) at the version of `checksum` is.
    [[nodiscard]] QString mapPath(const QString &name, const QString &checksum) const;

    /// Reads a map as a stream, checking its trailer at the end.
    class Reader {
    public:
        /// Opens and checks the header against the file's size; nullptr with `why` when the map is
        /// missing or not a map of `blockSize`.
        static std::unique_ptr<Reader> open(const QString &path, qint32 blockSize, QString *why);
        ~Reader();
        [[nodiscard]] qint64 fileSize() const { return m_fileSize; }
        [[nodiscard]] quint64 count() const { return m_count; }
        /// The next block's hash; false when there is none or the file cannot be read.
        [[nodiscard]] bool next(quint64 *hash);
        /// After every hash was read: whether the trailer matches the bytes.
        [[nodiscard]] bool finish();

    private:
        Reader();
        QFile m_file;
        struct Hasher;
        std::unique_ptr<Hasher> m_hasher;
        qint64 m_fileSize = 0;
        quint64 m_count = 0;
        quint64 m_read = 0;
        std::vector<char> m_buffer;
        qsizetype m_bufferPos = 0;
        qsizetype m_bufferFill = 0;
    };

    /// Whether the map of `name` at `checksum` is whole (read through once, trailer checked) and
    /// of a file of `fileSize` bytes: only then may a block link be built on it. `why` says why not.
    [[nodiscard]] bool isUsable(const QString &name, const QString &checksum, qint64 fileSize, qint32 blockSize,
                                QString *why) const;

    /// Writes a map as blocks are hashed, from any split of the file's bytes into add() calls.
    class Writer {
    public:
        Writer(BlockMapCache &cache, QString name, qint32 blockSize, qint64 fileSize);
        ~Writer(); ///< Removes the tmp file unless committed.
        Writer(const Writer &) = delete;
        Writer &operator=(const Writer &) = delete;
        /// Called with each block, its number and its hash as add() or finishBlocks() completes
        /// it; false stops (add() then returns false). Set before the first add().
        using OnBlock = std::function<bool(quint64 number, quint64 hash, const char *data, qsizetype size)>;
        void setOnBlock(OnBlock onBlock) { m_onBlock = std::move(onBlock); }
        /// The file's next bytes; false when onBlock said stop.
        [[nodiscard]] bool add(const char *data, qsizetype size);
        /// After the last add(): the short last block, if any.
        [[nodiscard]] bool finishBlocks();
        /// After finishBlocks(), once the file's entry is complete: writes the trailer and renames
        /// the map to its name for `checksum`. A map of at most 64 KiB (a file of up to 32 MiB)
        /// is held in memory until then, and when the same map is there already (the file did not
        /// change since it was last sent) only its time is renewed: no new file (creating and
        /// replacing one per file sent cost a backup of 1,000 unchanged shards 1,000 inodes). A map
        /// that cannot be written is only logged: the node then sends the file whole next time.
        void commit(const QString &checksum);

    private:
        bool block(const char *data, qsizetype size);
        void put(const char *data, qsizetype size);
        /// Writes what is held to the tmp file (created on the first call).
        bool spill();
        BlockMapCache &m_cache;
        QString m_name;
        qint32 m_blockSize;
        qint64 m_fileSize;
        QFile m_file;
        bool m_ok = false;
        struct Hasher;
        std::unique_ptr<Hasher> m_hasher;
        std::vector<char> m_carry;
        qsizetype m_carryFill = 0;
        quint64 m_blocks = 0;
        QByteArray m_out;
        OnBlock m_onBlock;
    };

    /// Keeps the kKeep newest maps of each file in `names` (the files the node has now) and
    /// removes the maps of every other file: one listing of the directory.
    void tidy(const QSet<QString> &names);

private:
    [[nodiscard]] static QString fileKey(const QString &name);

    QString m_dir;
    std::mutex m_mutex;
};

} // namespace tidemark
