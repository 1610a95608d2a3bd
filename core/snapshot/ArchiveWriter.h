#pragma once

#include "common/CompressionOptions.h"
#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>

namespace tidemark {

/// Writes a snapshot archive as a stream: a pax tar (ustar headers, pax extended headers only
/// where needed, e.g. files over 8 GiB) written by libarchive, optionally compressed with zstd
/// (libzstd's streaming API: any level, and zstd's own worker threads in 2 MiB jobs, so memory
/// stays bounded).
/// Memory does not grow with file sizes: file contents are copied in 1 MiB blocks.
///
/// Usage:
/// @code
///   ArchiveWriter writer([&](const char *data, qsizetype size) { return socket.write(data, size) == size; },
///                        ArchiveWriter::Compression::None);
///   if (!writer.open() || !writer.addData("manifest", json) || !writer.addFile("meta", path, size) ||
///   !writer.finish())
///       report(writer.error());
/// @endcode
/// Entries are regular files, mode 0640, owner 0/0, mtime `setModificationTime()` (default now).
/// Not thread-safe; one writer per stream.
class ArchiveWriter {
    Q_DECLARE_TR_FUNCTIONS(ArchiveWriter)

public:
    enum class Compression { None, Zstd };
    /// Receives archive bytes; returns false to abort (the peer went away, the disk is full).
    using Sink = std::function<bool(const char *data, qsizetype size)>;
    /// Called after each block of a file's content with the bytes written so far in that file.
    using Progress = std::function<void(qint64 fileBytesDone)>;
    /// Fills `buffer` with up to `capacity` bytes of an entry's content: the count, 0 at the end,
    /// or an error (e.g. naming the file it reads).
    using Source = std::function<Result<qsizetype>(char *buffer, qsizetype capacity)>;

    /// The zstd skippable frame that ends a compressed archive with a final entry (addFinal()):
    /// magic and content size (little-endian), then kFinalFrameTag and the offset of the frame
    /// holding the final entry (8 bytes, little-endian).
    static constexpr quint32 kFinalFrameMagic = 0x184D2A5E;
    static constexpr char kFinalFrameTag[9] = "TDMKFINL";
    static constexpr qsizetype kFinalFrameBytes = 4 + 4 + 8 + 8;

    ArchiveWriter(Sink sink, Compression compression);
    /// zstd at `options.effectiveLevel()` with `options.effectiveThreads()` of zstd's own worker
    /// threads (ZSTD_c_nbWorkers; 0 compresses on the calling thread), or no compression.
    ArchiveWriter(Sink sink, const CompressionOptions &options);
    ~ArchiveWriter();
    ArchiveWriter(const ArchiveWriter &) = delete;
    ArchiveWriter &operator=(const ArchiveWriter &) = delete;

    void setModificationTime(qint64 secondsSinceEpoch);
    /// Before open(): every write goes to the sink as it comes (headers, padding, each added
    /// block of data), not in 10 KiB blocks, for a sink that buffers small writes itself and
    /// writes large ones from the caller's buffer. The archive's bytes are the same. (A zstd
    /// writer is always unblocked: zstd buffers.)
    void setUnblocked();

    [[nodiscard]] bool open();
    /// An entry holding `data`.
    [[nodiscard]] bool addData(const QString &name, const QByteArray &data);
    /// An entry holding exactly `size` bytes read from `sourcePath`; fails (naming the file) when
    /// the file is shorter or longer than `size`, so the header never lies.
    [[nodiscard]] bool addFile(const QString &name, const QString &sourcePath, qint64 size,
                               const Progress &progress = {});
    /// An entry holding exactly `size` bytes pulled from `source` (e.g. a read view of a live
    /// file); fails when the source ends early or has more, so the header never lies.
    [[nodiscard]] bool addStream(const QString &name, qint64 size, const Source &source, const Progress &progress = {});
    /// An entry of exactly `size` bytes whose content comes by appendEntryData() (from a reader
    /// that pushes, e.g. ArchiveReader::nextFile()), ended by endEntry(), which fails when fewer
    /// came; appendEntryData() fails at once when more come, so the header never lies.
    [[nodiscard]] bool beginEntry(const QString &name, qint64 size);
    [[nodiscard]] bool appendEntryData(const char *data, qsizetype size);
    [[nodiscard]] bool endEntry();
    /// The last entry of a format-2 archive (Manifest::kFinalEntry), placed so that
    /// ArchiveReader::readFinalManifest() finds it from the end: in a zstd archive it gets a zstd
    /// frame of its own, and finish() appends a skippable frame with that frame's offset; a plain
    /// tar is found by its end. Nothing but finish() may follow.
    [[nodiscard]] bool addFinal(const QString &name, const QByteArray &data);
    /// Writes the end-of-archive blocks and flushes the compressor.
    [[nodiscard]] bool finish();

    /// What went wrong, after a call returned false.
    [[nodiscard]] const Error &error() const { return m_error; }

private:
    struct Private;
    std::unique_ptr<Private> d;
    Error m_error;
};

} // namespace tidemark
