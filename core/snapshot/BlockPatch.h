#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

namespace tidemark {

/// The bytes of a block link's entry (ManifestFile::blocks, archive format 3): the blocks of a
/// file that changed since the chain's previous version of it, which they are written over.
///
/// Layout, all integers little-endian:
/// @code
///   header  "TDMKBLK1" | u32 blockSize | u32 0 | u64 fileSize          (24 bytes)
///   run     u64 firstBlock | u32 count | u32 0 | count blocks of data  (repeated, ascending)
///   end     u64 0xFFFFFFFFFFFFFFFF | u32 0 | u32 0                     (16 bytes)
/// @endcode
/// Block n covers bytes [n × blockSize, (n + 1) × blockSize) of the rebuilt file of `fileSize`
/// bytes; the last block of the file is short when fileSize is not a multiple of blockSize, and a
/// run holding it carries only its bytes. Runs are strictly ascending and do not overlap. The
/// rebuilt file is the previous version with every run written over it, cut or extended to
/// fileSize; only its checksum (BlockLink::fileChecksum) proves it right, so whoever rebuilds
/// checks that.
namespace blockpatch {

inline constexpr char kMagic[9] = "TDMKBLK1";
inline constexpr qsizetype kHeaderBytes = 24;
inline constexpr qsizetype kRunHeaderBytes = 16;
/// The block size of Tidemark's LMDB files: their page size.
inline constexpr qint32 kDefaultBlockSize = 4096;
/// The most a run holds before the encoder starts another (bounds its buffer).
inline constexpr qsizetype kMaxRunBytes = 1 << 20;

/// The 64-bit hash a block is compared by (XXH3-64). Not a guard against an attacker: a block
/// judged unchanged by chance would give a rebuilt file whose checksum differs, which every
/// rebuild refuses.
[[nodiscard]] quint64 blockHash(const char *data, qsizetype size);

} // namespace blockpatch

/// Writes a block link's bytes to a sink as blocks are offered, in ascending order; consecutive
/// blocks become one run. Memory: one run (at most kMaxRunBytes).
class BlockPatchEncoder {
    Q_DECLARE_TR_FUNCTIONS(BlockPatchEncoder)

public:
    /// Receives the bytes; false aborts (the encoder then fails with the sink's refusal).
    using Sink = std::function<bool(const char *data, qsizetype size)>;

    BlockPatchEncoder(qint32 blockSize, qint64 fileSize, Sink sink);

    /// Block `number` (ascending, each at most once) with its bytes: blockSize, or what is left
    /// of the file for the last block. Writes the header before the first.
    [[nodiscard]] bool addBlock(quint64 number, const char *data, qsizetype size);
    /// Writes what is buffered and the end record (and the header, when no block changed).
    [[nodiscard]] bool finish();
    /// The bytes handed to the sink so far.
    [[nodiscard]] qint64 bytesWritten() const { return m_written; }
    /// How many blocks were added.
    [[nodiscard]] quint64 blocks() const { return m_blocks; }

private:
    bool emit(const char *data, qsizetype size);
    bool flushRun();

    qint32 m_blockSize;
    qint64 m_fileSize;
    Sink m_sink;
    bool m_started = false;
    bool m_finished = false;
    quint64 m_runFirst = 0;
    quint64 m_runCount = 0;
    quint64 m_next = 0; ///< The lowest block number that may come next.
    QByteArray m_run;
    qint64 m_written = 0;
    quint64 m_blocks = 0;
};

/// Applies a block link's bytes, as they stream (write()), to the file open on `fd` that holds
/// the previous version: each run is written at its offset (pwrite), and finish() cuts or extends
/// the file to fileSize. Checks everything the layout says, naming `where` (e.g. "'shards/3' in
/// PATH.4"): the magic, the block size and file size the manifest gave, runs ascending, inside
/// the file and not overlapping, the end record, nothing after it. Does not check the rebuilt
/// file's checksum. Memory: a few bytes of header.
class BlockPatchApplier {
    Q_DECLARE_TR_FUNCTIONS(BlockPatchApplier)

public:
    BlockPatchApplier(int fd, qint32 blockSize, qint64 fileSize, QString where);

    /// The next bytes of the entry.
    [[nodiscard]] Status write(const char *data, qsizetype size);
    /// After the last bytes: the end record must have come; sets the file's size.
    [[nodiscard]] Status finish();
    /// How many blocks were written over the file.
    [[nodiscard]] quint64 blocks() const { return m_blocks; }

private:
    Error damaged(const QString &detail) const;
    Status parseHeader();
    Status parseRun();

    int m_fd;
    qint32 m_blockSize;
    qint64 m_fileSize;
    quint64 m_fileBlocks;
    QString m_where;
    enum class State { Header, RunHeader, RunData, Ended } m_state = State::Header;
    char m_head[blockpatch::kHeaderBytes] = {};
    qsizetype m_headFill = 0;
    quint64 m_next = 0;   ///< The lowest block a run may start at.
    qint64 m_offset = 0;  ///< Where the current run's next byte goes.
    qint64 m_runLeft = 0; ///< Bytes of the current run still to come.
    quint64 m_blocks = 0;
};

} // namespace tidemark
