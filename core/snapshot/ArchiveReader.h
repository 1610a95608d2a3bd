#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace tidemark {

/// Reads a snapshot archive as a stream (plain or zstd-compressed tar, detected) and checks it
/// against its own manifest while reading: nothing is trusted before it is checked.
///
/// Refused, with ErrorCode::Integrity and a message naming the archive and the entry:
/// a first entry that is not `manifest`; entries that are not regular files (symlinks, hard
/// links, devices, directories, FIFOs); names that are absolute, contain `..` or are not in the
/// manifest; duplicate entries; entries out of manifest order; sizes that differ from the
/// manifest; checksums that differ; manifest files missing at the end; bytes after the end; in a
/// format-2 archive (see Manifest), a head with checksums, and a final manifest that is missing,
/// unsealed, or differs from the head and the checksums of what came. A file a format-2 head lists
/// by name only (ManifestFile::kUnknownSize) comes as consecutive entries of its name, read as one.
/// Memory does not grow with file sizes.
///
/// Usage:
/// @code
///   ArchiveReader reader(*link, path);   // a QIODevice, or a Source function
///   auto manifest = reader.readManifest();
///   while (auto file = reader.nextFile(sink)) { if (!*file) break; ... }   // Result<optional>
///   reader.finish();
/// @endcode
class ArchiveReader {
    Q_DECLARE_TR_FUNCTIONS(ArchiveReader)

public:
    /// Fills `buffer` with up to `capacity` bytes; returns the count, 0 at the end of the stream,
    /// -1 on an error (the reader then reports the error given to setSourceError(), else a generic one).
    using Source = std::function<qsizetype(char *buffer, qsizetype capacity)>;
    /// Receives a file's content in order; returns false to abort (e.g. disk full).
    using DataSink = std::function<bool(const char *data, qsizetype size)>;

    /// `sourceName` (a path, or "the stream from HOST:PORT") appears in every message.
    ArchiveReader(Source source, QString sourceName);
    /// Reads from `device` (open for reading, e.g. a link from ChainStore::openLink), which must
    /// outlive the reader; a read error is reported with the device's errorString().
    ArchiveReader(QIODevice &device, QString sourceName);
    ~ArchiveReader();
    ArchiveReader(const ArchiveReader &) = delete;
    ArchiveReader &operator=(const ArchiveReader &) = delete;

    /// Opens the stream and reads the first entry, which must be `manifest`.
    [[nodiscard]] Result<Manifest> readManifest();
    /// Reads the next file entry, streaming its content to `sink` (may be empty to only check),
    /// and checks name, type, size and checksum. nullopt after the last entry.
    ///
    /// In a format-2 archive the checksums come after the files: the returned file carries the
    /// checksum of the bytes that came, which only the final manifest confirms. So a file is
    /// trusted only once nextFile() returned nullopt or finish() succeeded; until then keep what
    /// it wrote where a failure can discard it (as every caller does: scratch, staging).
    [[nodiscard]] Result<std::optional<ManifestFile>> nextFile(const DataSink &sink);
    /// After nextFile() returned nullopt: fails when a manifest file never came.
    [[nodiscard]] Status finish();
    /// Reads every file not read yet, checking each as nextFile() does (their bytes go nowhere),
    /// then finish(): the whole archive checked as a stream.
    [[nodiscard]] Status readToEnd();

    /// Format 2: the final manifest read ahead from the archive's end (readFinalManifest()),
    /// called after readManifest(). From then on every file's checksum is checked as soon as its
    /// content has come, as in format 1, so a file is trusted when nextFile() returns it; the
    /// final entry at the end must still be exactly this manifest. Fails (Integrity) when it does
    /// not belong to the head: other files, order, sizes or indexes.
    [[nodiscard]] Status useFinalManifest(const Manifest &final);

    /// The final manifest of a format-2 archive, read from its end without reading the rest:
    /// `device` must allow random access (a local file). Plain tar: the last entry before the
    /// end-of-archive blocks; zstd: the frame the trailing skippable frame points at (see
    /// ArchiveWriter::addFinal()). Integrity errors name the archive; it is sealed and checked
    /// like any manifest, and a reader that uses it still compares it with the final entry.
    [[nodiscard]] static Result<Manifest> readFinalManifest(QIODevice &device, const QString &sourceName);

    /// The manifest as read so far; after finish() (or nextFile() returned nullopt), with every
    /// file's checksum, also in a format-2 archive.
    [[nodiscard]] const Manifest &manifest() const;

    /// Set by a Source that fails, so the reader reports the real cause (e.g. connection lost).
    void setSourceError(const Error &error);
    /// Compressed bytes consumed from the source so far.
    [[nodiscard]] qint64 bytesRead() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tidemark
