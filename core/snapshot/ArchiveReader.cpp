#include "snapshot/ArchiveReader.h"

#include "storage/ChainStore.h"

#include "snapshot/ArchiveWriter.h"
#include "snapshot/Checksum.h"

#include <QtEndian>

#include <QHash>

#include <archive.h>
#include <archive_entry.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace tidemark {

namespace {

constexpr qsizetype kBufferBytes = 1024 * 1024;
constexpr qsizetype kTarBlock = 512;
const QString kManifestEntry = QStringLiteral("manifest");
const QString kFinalEntry = QString::fromLatin1(Manifest::kFinalEntry);

const char *typeName(unsigned int type)
{
    switch (type) {
    case AE_IFDIR:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a directory");
    case AE_IFCHR:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a character device");
    case AE_IFBLK:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a block device");
    case AE_IFIFO:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a FIFO");
    case AE_IFSOCK:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a socket");
    case AE_IFLNK:
        return QT_TRANSLATE_NOOP("ArchiveReader", "a symbolic link");
    default:
        return QT_TRANSLATE_NOOP("ArchiveReader", "not a regular file");
    }
}

bool hasDotDot(const QString &name)
{
    const QStringList parts = name.split(QLatin1Char('/'));
    return parts.contains(QStringLiteral(".."));
}

bool allZero(const char *data, qsizetype size)
{
    return std::all_of(data, data + size, [](char c) { return c == 0; });
}

// The size field of a tar header block: octal digits, or base-256 when its first byte has the
// high bit set; -1 when it is neither.
qint64 tarSizeField(const char *block)
{
    const auto *field = reinterpret_cast<const unsigned char *>(block + 124);
    quint64 value = 0;
    if (field[0] & 0x80) {
        if (field[0] != 0x80 || field[1] != 0 || field[2] != 0 || field[3] != 0)
            return -1;
        for (int i = 4; i < 12; ++i)
            value = (value << 8) | field[i];
        return value > quint64(std::numeric_limits<qint64>::max()) ? -1 : static_cast<qint64>(value);
    }
    int i = 0;
    while (i < 12 && field[i] == ' ')
        ++i;
    int digits = 0;
    for (; i < 12 && field[i] >= '0' && field[i] <= '7'; ++i, ++digits)
        value = (value << 3) | (field[i] - '0');
    return digits == 0 || digits > 11 ? -1 : static_cast<qint64>(value);
}

// Follows the tar block structure of the uncompressed stream alongside libarchive, for the one
// thing libarchive skips unread: the zero padding after each entry's content, up to the next
// 512-byte block. Every other byte is checked elsewhere (header checksums by libarchive, content
// by the manifest's checksums, the manifest by its seal, the end by checkTrailing()), so with this
// a changed byte anywhere in a snapshot is found. It only reads sizes; a header it cannot read is
// left for libarchive to refuse.
class PaddingCheck {
public:
    /// Takes the next bytes of the stream; false (see entry()) when padding is not zero.
    bool feed(const char *data, qsizetype size)
    {
        while (size > 0 && m_state != State::Done) {
            if (m_state == State::Content && !m_pax && m_filled == 0 && m_left > kTarBlock) {
                // Content blocks before an entry's last one hold no padding: skip them uncopied.
                const qint64 skip = std::min<qint64>(size / kTarBlock, (m_left - 1) / kTarBlock) * kTarBlock;
                if (skip > 0) {
                    data += skip;
                    size -= static_cast<qsizetype>(skip);
                    m_left -= skip;
                    continue;
                }
            }
            const qsizetype n = std::min(size, kTarBlock - m_filled);
            memcpy(m_block + m_filled, data, static_cast<size_t>(n));
            m_filled += n;
            data += n;
            size -= n;
            if (m_filled == kTarBlock) {
                m_filled = 0;
                if (!block())
                    return false;
            }
        }
        return true;
    }

    /// The entry whose padding is not zero.
    [[nodiscard]] const QString &entry() const { return m_entry; }

private:
    enum class State { Header, Content, Done };

    bool block()
    {
        if (m_state == State::Header)
            return header();
        m_left -= kTarBlock;
        if (m_pax && m_paxRecords.size() < kMaxPaxBytes)
            m_paxRecords.append(m_block, static_cast<qsizetype>(kTarBlock + std::min<qint64>(m_left, 0)));
        if (m_left <= 0) {
            if (!allZero(m_block + kTarBlock + m_left, -m_left))
                return false;
            endContent();
        }
        return true;
    }

    bool header()
    {
        if (allZero(m_block, kTarBlock)) { // The end-of-archive marker; checkTrailing() does the rest.
            m_state = State::Done;
            return true;
        }
        qint64 size = tarSizeField(m_block);
        if (size < 0) { // Not a header we can read: libarchive refuses it.
            m_state = State::Done;
            return true;
        }
        const char type = m_block[156];
        m_pax = type == 'x' || type == 'g';
        m_paxForNext = type == 'x';
        if (m_pax) {
            m_paxRecords.clear();
        } else {
            m_entry = QString::fromUtf8(m_block, static_cast<qsizetype>(qstrnlen(m_block, 100)));
            if (m_sizeOverride >= 0)
                size = m_sizeOverride;
            m_sizeOverride = -1;
        }
        m_left = size;
        if (m_left > 0)
            m_state = State::Content;
        else
            endContent();
        return true;
    }

    void endContent()
    {
        if (m_pax && m_paxForNext)
            m_sizeOverride = paxSize();
        m_pax = false;
        m_state = State::Header;
    }

    // The `size` record of a pax extended header ("<length> size=<digits>\n"), or -1.
    qint64 paxSize() const
    {
        qsizetype at = 0;
        while (at < m_paxRecords.size()) {
            const qsizetype space = m_paxRecords.indexOf(' ', at);
            if (space < 0)
                return -1;
            bool ok = false;
            const qsizetype length = m_paxRecords.sliced(at, space - at).toLongLong(&ok);
            // At least the digits, the space and the closing newline.
            if (!ok || length < space - at + 2 || at + length > m_paxRecords.size())
                return -1;
            const QByteArray record = m_paxRecords.sliced(space + 1, length - (space - at) - 2);
            if (record.startsWith("size=")) {
                const qint64 value = record.sliced(5).toLongLong(&ok);
                return ok && value >= 0 ? value : -1;
            }
            at += length;
        }
        return -1;
    }

    static constexpr qsizetype kMaxPaxBytes = 64 * 1024;

    State m_state = State::Header;
    char m_block[kTarBlock] = {};
    qsizetype m_filled = 0;
    qint64 m_left = 0;
    qint64 m_sizeOverride = -1;
    bool m_pax = false;        ///< The content is a pax header's records…
    bool m_paxForNext = false; ///< …of an extended header for the next entry (not a global one).
    QByteArray m_paxRecords;
    QString m_entry;
};

// Watches the compressed bytes for what libarchive's zstd filter passes over unseen: where zstd
// frames start (their magic number) and the last bytes, which in a format-2 zstd archive are the
// skippable frame pointing at the final manifest's frame (ArchiveWriter::addFinal()). A changed
// byte there would otherwise go unnoticed.
class FrameWatch {
public:
    void feed(const char *data, qsizetype size, qint64 at)
    {
        static constexpr char kMagic[4] = {'\x28', '\xb5', '\x2f', '\xfd'};
        if (at == 0)
            m_compressed = size >= 4 && memcmp(data, kMagic, 4) == 0;
        if (!m_compressed || size <= 0)
            return;
        // A magic number across two chunks: the last 3 bytes of the previous one, then these.
        char seam[6] = {};
        const qsizetype before = std::min<qsizetype>(m_last.size(), 3);
        const qsizetype after = std::min<qsizetype>(size, 3);
        memcpy(seam, m_last.constData() + m_last.size() - before, static_cast<size_t>(before));
        memcpy(seam + before, data, static_cast<size_t>(after));
        for (qsizetype i = 0; i + 4 <= before + after && i < before; ++i) {
            if (memcmp(seam + i, kMagic, 4) == 0)
                note(at - before + i);
        }
        for (const char *p = data, *end = data + size;
             (p = static_cast<const char *>(memmem(p, static_cast<size_t>(end - p), kMagic, 4))) != nullptr; ++p)
            note(at + (p - data));
        if (size >= ArchiveWriter::kFinalFrameBytes) {
            m_last = QByteArray(data + size - ArchiveWriter::kFinalFrameBytes, ArchiveWriter::kFinalFrameBytes);
        } else {
            m_last.append(data, size);
            m_last = m_last.right(ArchiveWriter::kFinalFrameBytes);
        }
    }
    [[nodiscard]] bool compressed() const { return m_compressed; }
    /// Whether the stream ends with the skippable frame, pointing at a frame start.
    [[nodiscard]] bool endsWithFinalFrame() const
    {
        if (m_last.size() != ArchiveWriter::kFinalFrameBytes ||
            qFromLittleEndian<quint32>(m_last.constData()) != ArchiveWriter::kFinalFrameMagic ||
            qFromLittleEndian<quint32>(m_last.constData() + 4) != ArchiveWriter::kFinalFrameBytes - 8 ||
            m_last.mid(8, 8) != QByteArray(ArchiveWriter::kFinalFrameTag))
            return false;
        const auto at = static_cast<qint64>(qFromLittleEndian<quint64>(m_last.constData() + 16));
        return at > 0 && std::find(m_starts.begin(), m_starts.end(), at) != m_starts.end();
    }

private:
    void note(qint64 at)
    {
        if (m_starts.size() < kMaxStarts) // Magic numbers by chance in compressed data are rare.
            m_starts.push_back(at);
    }

    static constexpr size_t kMaxStarts = 4096;
    bool m_compressed = false;
    std::vector<qint64> m_starts;
    QByteArray m_last;
};

// ---- the final manifest, from the end ---------------------------------------------------------

constexpr qsizetype kFinalWindowStart = 64 * 1024;
constexpr qsizetype kFinalTailMax = Manifest::kMaxJsonBytes + 4 * kTarBlock;

// A ustar header block with a valid checksum: its size (tarSizeField), or -1.
qint64 headerSize(const char *block)
{
    const auto *b = reinterpret_cast<const unsigned char *>(block);
    qint64 stored = 0;
    int digits = 0;
    for (int i = 148; i < 156 && b[i] >= '0' && b[i] <= '7'; ++i, ++digits)
        stored = stored * 8 + (b[i] - '0');
    if (digits == 0)
        return -1;
    qint64 sum = 0;
    for (int i = 0; i < kTarBlock; ++i)
        sum += (i >= 148 && i < 156) ? ' ' : b[i];
    if (sum != stored)
        return -1;
    return tarSizeField(block);
}

// In `tail`, whose end is the end of the tar stream (1024 zero bytes) and whose start is on a
// block boundary: the content of the last entry when it is `name`; empty when not found here.
std::optional<QByteArray> lastEntry(const QByteArray &tail, const QByteArray &name)
{
    const qsizetype blocks = tail.size() / kTarBlock;
    qsizetype last = blocks - 1; // The last block with anything but zeros.
    while (last >= 0 && allZero(tail.constData() + last * kTarBlock, kTarBlock))
        --last;
    if (last < 0 || blocks - 1 - last < 2)
        return std::nullopt;
    for (qsizetype h = last; h >= 0; --h) {
        const char *block = tail.constData() + h * kTarBlock;
        if (qstrncmp(block, name.constData(), 100) != 0)
            continue;
        const qint64 size = headerSize(block);
        if (size < 0 || size > Manifest::kMaxJsonBytes || (h + 1) * kTarBlock + size > tail.size())
            continue;
        // The content must end in the last non-zero block.
        const qint64 contentBlocks = (size + kTarBlock - 1) / kTarBlock;
        if (h + contentBlocks != last)
            continue;
        return tail.mid((h + 1) * kTarBlock, static_cast<qsizetype>(size));
    }
    return std::nullopt;
}

} // namespace

// Two libarchive readers in a pipe: `raw` undoes the compression (zstd or none, detected) and
// hands the plain tar stream to `tar` through `stage`. The split exists for one check: after the
// tar end-of-archive marker, libarchive's tar reader ignores whatever follows, but we must refuse
// bytes after the end, so we need to see the rest of the uncompressed stream ourselves.
struct ArchiveReader::Private {
    enum class State { New, Files, Ended, Failed };

    Source source;
    QString sourceName;
    std::optional<Error> sourceError;
    struct archive *raw = nullptr;
    struct archive *tar = nullptr;
    QByteArray input{kBufferBytes, Qt::Uninitialized};   ///< Source → raw.
    QByteArray stage{kBufferBytes, Qt::Uninitialized};   ///< raw → tar.
    QByteArray content{kBufferBytes, Qt::Uninitialized}; ///< tar → checksum and sink.
    qint64 bytesRead = 0;
    qint64 stageFed = 0;           ///< Bytes handed to `tar` in total.
    qsizetype lastChunk = 0;       ///< Size of the latest chunk handed to `tar` (still in `stage`).
    const char *pending = nullptr; ///< Uncompressed bytes from `raw` not yet in `stage`.
    qsizetype pendingSize = 0;
    bool rawEnded = false;
    PaddingCheck padding;
    FrameWatch frames;
    bool paddingFailed = false;
    bool sourceFailed = false;
    bool rawFailed = false;
    QString rawErrorText;

    State state = State::New;
    std::optional<Error> failure;
    Manifest manifest;
    QHash<QString, size_t> positions; ///< Manifest file name → position in `manifest.files`.
    size_t next = 0;                  ///< Position of the file expected next.
    bool finalRead = false;           ///< Format 2: `manifest.final` came and matched.
    std::vector<bool> inParts;        ///< Per file: listed by name only in the head (format 2).
    struct Pending {
        int rc;
        struct archive_entry *entry;
    };
    std::optional<Pending> pendingHeader; ///< A header read past the parts of a file.
    QString lastEntry = kManifestEntry;

    ~Private()
    {
        if (tar)
            archive_read_free(tar);
        if (raw)
            archive_read_free(raw);
    }

    static la_ssize_t readSource(struct archive *a, void *client, const void **buffer)
    {
        auto *self = static_cast<Private *>(client);
        const qsizetype n = self->source(self->input.data(), self->input.size());
        if (n < 0 || n > self->input.size()) {
            self->sourceFailed = true;
            archive_set_error(a, EIO, "the source failed");
            return -1;
        }
        self->frames.feed(self->input.constData(), n, self->bytesRead);
        self->bytesRead += n;
        *buffer = self->input.constData();
        return n;
    }

    // Hands `tar` chunks whose size is a multiple of the tar block (except the last), so a header
    // read never straddles two chunks and the bytes `tar` left unread at its end-of-archive all
    // sit in the latest chunk (see checkTrailing()). Returns as soon as such a chunk is ready, so
    // errors surface at the entry being read rather than up to 1 MiB earlier.
    static la_ssize_t readStage(struct archive *a, void *client, const void **buffer)
    {
        auto *self = static_cast<Private *>(client);
        qsizetype filled = 0;
        while (filled == 0 || filled % kTarBlock != 0) {
            if (self->pendingSize == 0 && !self->pullRaw()) {
                archive_set_error(a, EIO, "decompression failed");
                return -1;
            }
            if (self->pendingSize == 0) // The end of the stream.
                break;
            const qsizetype n = qMin(self->pendingSize, self->stage.size() - filled);
            memcpy(self->stage.data() + filled, self->pending, static_cast<size_t>(n));
            self->pending += n;
            self->pendingSize -= n;
            filled += n;
        }
        if (!self->padding.feed(self->stage.constData(), filled)) {
            self->paddingFailed = true;
            archive_set_error(a, EINVAL, "non-zero tar padding");
            return -1;
        }
        self->lastChunk = filled;
        self->stageFed += filled;
        *buffer = self->stage.constData();
        return filled;
    }

    /// Fetches the next block of uncompressed bytes into `pending` (left empty only at the end).
    bool pullRaw()
    {
        while (!rawEnded && pendingSize == 0) {
            const void *block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            const int rc = archive_read_data_block(raw, &block, &size, &offset);
            if (rc == ARCHIVE_EOF) {
                rawEnded = true;
            } else if (rc != ARCHIVE_OK) {
                noteRawFailure();
                return false;
            } else {
                pending = static_cast<const char *>(block);
                pendingSize = static_cast<qsizetype>(size);
            }
        }
        return true;
    }

    void noteRawFailure()
    {
        rawFailed = true;
        rawErrorText = QString::fromUtf8(archive_error_string(raw));
    }

    QString where(const QString &entry) const
    {
        return entry.isEmpty() ? tr("archive '%1'").arg(sourceName)
                               : tr("archive '%1': entry '%2'").arg(sourceName, entry);
    }

    static QString integrityHint()
    {
        return tr("The archive is damaged or was not written by Tidemark; take a new backup.");
    }

    Error integrity(const QString &entry, const QString &detail) const
    {
        return makeError(ErrorCode::Integrity, where(entry) + QStringLiteral(": ") + detail, integrityHint());
    }

    /// A libarchive call failed: report the first cause (source, decompression, tar structure).
    Error streamError(struct archive *a, const QString &entry, const QString &doing) const
    {
        if (sourceFailed) {
            if (sourceError)
                return *sourceError;
            return makeError(ErrorCode::Io, tr("%1: reading the archive failed while %2.").arg(where(entry), doing));
        }
        if (paddingFailed)
            return integrity(padding.entry(),
                             tr("has changed bytes in the padding after its content (tar pads with zeros)"));
        if (rawFailed)
            return integrity(entry, tr("cannot decompress the archive while %1: %2").arg(doing, rawErrorText));
        return integrity(entry, tr("%1: %2").arg(doing, QString::fromUtf8(archive_error_string(a))));
    }

    Error fail(Error error)
    {
        state = State::Failed;
        failure = error;
        return error;
    }

    std::optional<Error> openStreams()
    {
        raw = archive_read_new();
        tar = archive_read_new();
        if (!raw || !tar)
            return makeError(ErrorCode::Io, tr("%1: out of memory.").arg(where({})));
        // ARCHIVE_WARN: libarchive will run an external zstd program instead of the library.
        if (archive_read_support_filter_zstd(raw) < ARCHIVE_WARN ||
            archive_read_support_filter_none(raw) != ARCHIVE_OK || archive_read_support_format_raw(raw) != ARCHIVE_OK ||
            archive_read_support_format_tar(tar) != ARCHIVE_OK || archive_read_support_filter_none(tar) != ARCHIVE_OK)
            return makeError(ErrorCode::Failure,
                             tr("%1: this build of libarchive cannot read snapshots.").arg(where({})));
        // Opening reads ahead to detect the compression (and a small archive may be read whole).
        struct archive_entry *entry = nullptr;
        if (archive_read_open(raw, this, nullptr, &readSource, nullptr) != ARCHIVE_OK ||
            archive_read_next_header(raw, &entry) != ARCHIVE_OK) {
            // The raw format takes any bytes, so a failure here is the source, emptiness or zstd.
            if (!sourceFailed && bytesRead == 0)
                return integrity({}, tr("is empty: it has no 'manifest' entry"));
            noteRawFailure();
            return streamError(raw, {}, tr("opening it"));
        }
        // Opening already reads the start of the stream to recognise the format.
        if (archive_read_open(tar, this, nullptr, &readStage, nullptr) != ARCHIVE_OK) {
            if (sourceFailed || rawFailed || paddingFailed)
                return streamError(tar, {}, tr("opening it"));
            if (stageFed == 0)
                return integrity({}, tr("is empty: it has no 'manifest' entry"));
            return integrity({}, tr("is not a snapshot archive (a tar file, plain or zstd-compressed): %1")
                                     .arg(QString::fromUtf8(archive_error_string(tar))));
        }
        return std::nullopt;
    }

    /// Type checks shared by the manifest and file entries.
    std::optional<Error> checkType(struct archive_entry *entry, const QString &name) const
    {
        if (archive_entry_hardlink(entry))
            return integrity(name, tr("is a hard link; only regular files are allowed"));
        if (archive_entry_symlink(entry))
            return integrity(name, tr("is a symbolic link; only regular files are allowed"));
        const unsigned int type = archive_entry_filetype(entry);
        if (type != AE_IFREG)
            return integrity(name, tr("is %1; only regular files are allowed").arg(tr(typeName(type))));
        if (!archive_entry_size_is_set(entry) || archive_entry_size(entry) < 0)
            return integrity(name, tr("has no size"));
        return std::nullopt;
    }

    Result<const ManifestFile *> checkEntry(struct archive_entry *entry) const
    {
        const char *rawName = archive_entry_pathname(entry);
        const QString name = rawName ? QString::fromUtf8(rawName) : QString();
        if (auto e = checkType(entry, name))
            return *e;
        if (name.startsWith(QLatin1Char('/')))
            return integrity(name, tr("has an absolute path"));
        if (hasDotDot(name))
            return integrity(name, tr("contains '..'"));
        if (name == kManifestEntry)
            return integrity(name, tr("is a duplicate entry"));
        if (finalRead)
            return integrity(name, tr("comes after the final manifest"));
        if (name == kFinalEntry && manifest.checksumsLast())
            return integrity(
                name,
                tr("came before %1 of the manifest's files: %2").arg(manifest.files.size() - next).arg(missingFiles()));
        const auto it = positions.constFind(name);
        if (it == positions.constEnd())
            return integrity(name, tr("is not in the manifest"));
        if (*it < next)
            return integrity(name, tr("is a duplicate entry"));
        if (*it != next)
            return integrity(name, tr("is out of order: the manifest lists '%1' next").arg(manifest.files[next].name));
        const ManifestFile &file = manifest.files[*it];
        const qint64 size = archive_entry_size(entry);
        if (!inParts[*it] && size != file.size)
            return integrity(name, tr("has %1 bytes but the manifest says %2").arg(size).arg(file.size));
        return &file;
    }

    /// Streams the content of the current tar entry (one part of `name`) to `sink`.
    std::optional<Error> readPart(const QString &name, const DataSink &sink, Checksum &checksum, qint64 &done)
    {
        qint64 inPart = 0;
        for (;;) {
            // The blocks libarchive holds, without a copy; a tar entry's come in order.
            const void *block = nullptr;
            size_t blockSize = 0;
            la_int64_t offset = 0;
            const int rc = archive_read_data_block(tar, &block, &blockSize, &offset);
            if (rc == ARCHIVE_EOF)
                return std::nullopt;
            if (rc < ARCHIVE_WARN)
                return streamError(tar, name, tr("reading its content"));
            if (offset != inPart) // Sparse (a hole): not something a snapshot writes.
                return integrity(name, tr("is not contiguous (a sparse entry)"));
            const auto n = static_cast<qsizetype>(blockSize);
            const char *bytes = static_cast<const char *>(block);
            if (n == 0)
                continue;
            inPart += n;
            done += n;
            checksum.add(QByteArrayView(bytes, n));
            if (sink && !sink(bytes, n))
                return makeError(ErrorCode::Io,
                                 tr("%1: storing the content failed: the destination refused it.").arg(where(name)),
                                 tr("Check free disk space and permissions of the destination."));
        }
    }

    /// Streams one file's content: its entry, or (a file listed by name only in a format-2 head)
    /// every consecutive entry of its name. Checks the size and the checksum when the manifest
    /// has them; else records them in `manifest` for the final manifest to match.
    std::optional<Error> readContent(size_t position, const DataSink &sink)
    {
        ManifestFile &file = manifest.files[position];
        Checksum checksum;
        qint64 done = 0;
        if (auto e = readPart(file.name, sink, checksum, done))
            return e;
        while (inParts[position]) {
            struct archive_entry *entry = nullptr;
            const int rc = archive_read_next_header(tar, &entry);
            const char *rawName = rc == ARCHIVE_OK ? archive_entry_pathname(entry) : nullptr;
            if (!rawName || QString::fromUtf8(rawName) != file.name) {
                pendingHeader = Pending{rc, entry}; // The next file's header, for nextFile().
                break;
            }
            if (auto e = checkType(entry, file.name))
                return e;
            if (auto e = readPart(file.name, sink, checksum, done))
                return e;
        }
        if (inParts[position] && file.size == ManifestFile::kUnknownSize)
            file.size = done;
        if (done != file.size)
            return integrity(file.name, tr("ended after %1 of %2 bytes").arg(done).arg(file.size));
        const QString actual = checksum.hex();
        if (file.checksum.isEmpty() && manifest.checksumsLast()) {
            file.checksum = actual;
            return std::nullopt;
        }
        if (actual != file.checksum)
            return integrity(file.name, tr("checksum %1 differs from the manifest's %2").arg(actual, file.checksum));
        return std::nullopt;
    }

    /// The next tar header: the one a file in parts already read, else the stream's next.
    int nextHeader(struct archive_entry **entry)
    {
        if (pendingHeader) {
            const Pending p = *pendingHeader;
            pendingHeader.reset();
            *entry = p.entry;
            return p.rc;
        }
        return archive_read_next_header(tar, entry);
    }

    Result<QByteArray> readManifestBytes(struct archive_entry *entry, const QString &expected)
    {
        const char *rawName = archive_entry_pathname(entry);
        const QString name = rawName ? QString::fromUtf8(rawName) : QString();
        if (name != expected && expected == kManifestEntry)
            return integrity({}, tr("the first entry is '%1', not 'manifest'").arg(name));
        if (name != expected)
            return integrity(name, tr("came where the final manifest '%1' was due").arg(expected));
        if (auto e = checkType(entry, name))
            return *e;
        const qint64 size = archive_entry_size(entry);
        if (size > Manifest::kMaxJsonBytes)
            return integrity(name,
                             tr("has %1 bytes, more than the limit of %2").arg(size).arg(Manifest::kMaxJsonBytes));
        QByteArray json;
        json.reserve(static_cast<qsizetype>(size));
        for (;;) {
            const la_ssize_t n = archive_read_data(tar, content.data(), static_cast<size_t>(content.size()));
            if (n < 0)
                return streamError(tar, name, tr("reading its content"));
            if (n == 0)
                break;
            json.append(content.constData(), n);
        }
        if (json.size() != size)
            return integrity(name, tr("ended after %1 of %2 bytes").arg(json.size()).arg(size));
        return json;
    }

    // After the tar end-of-archive marker only zero padding may follow (tar writers pad to their
    // block size). The bytes `tar` fetched but did not consume are the tail of the latest chunk;
    // the rest still waits in `raw`.
    std::optional<Error> checkTrailing()
    {
        const qint64 unread = stageFed - archive_filter_bytes(tar, 0);
        if (unread < 0 || unread > lastChunk)
            return integrity({}, tr("cannot locate the end of the archive"));
        if (!allZero(stage.constData() + (lastChunk - unread), static_cast<qsizetype>(unread)))
            return integrity({}, tr("has bytes after the end of the archive"));
        for (;;) {
            if (!allZero(pending, pendingSize))
                return integrity({}, tr("has bytes after the end of the archive"));
            pendingSize = 0;
            if (rawEnded) {
                if (frames.compressed() && manifest.checksumsLast() && !frames.endsWithFinalFrame())
                    return integrity({}, tr("does not end with the zstd frame that points at its final manifest"));
                return std::nullopt;
            }
            if (!pullRaw())
                return streamError(raw, {}, tr("reading past the end of the archive"));
        }
    }

    /// Format 2: the entry after the last file must be `manifest.final`, the head manifest with
    /// the checksums of the content that came (sealed).
    std::optional<Error> readFinal(struct archive_entry *entry)
    {
        auto json = readManifestBytes(entry, kFinalEntry);
        if (!json)
            return json.error();
        auto final = Manifest::fromJson(json.value(), sourceName, Manifest::Seal::Required);
        if (!final)
            return final.error();
        if (final->files.size() == manifest.files.size()) {
            for (size_t i = 0; i < final->files.size(); ++i) {
                const ManifestFile &said = final->files[i];
                ManifestFile &came = manifest.files[i];
                if (said.name != came.name)
                    continue;
                if (inParts[i] && said.size != came.size)
                    return integrity(came.name,
                                     tr("has %1 bytes but the final manifest says %2").arg(came.size).arg(said.size));
                if (inParts[i]) {            // What only the final manifest can say.
                    if (!came.isBlockLink()) // A block link's head has its index.
                        came.index = said.index;
                    came.boundary = said.boundary;
                    if (came.isBlockLink() && said.isBlockLink()) {
                        came.blocks.fileSize = said.blocks.fileSize;
                        came.blocks.fileChecksum = said.blocks.fileChecksum;
                    }
                    if (came.isRefLink() && said.isRefLink()) {
                        came.refs.fileSize = said.refs.fileSize;
                        came.refs.fileChecksum = said.refs.fileChecksum;
                    }
                }
                if (said.checksum != came.checksum)
                    return integrity(came.name,
                                     tr("checksum %1 differs from the final manifest's %2")
                                         .arg(came.checksum, said.checksum.isEmpty() ? tr("(none)") : said.checksum));
            }
        }
        // Everything else must be the head's, byte for byte (the checksums now filled in).
        if (json.value() != manifest.toJson())
            return integrity(kFinalEntry, tr("differs from the head manifest in more than the checksums"));
        finalRead = true;
        return std::nullopt;
    }

    QString missingFiles() const
    {
        QStringList names;
        for (size_t i = next; i < manifest.files.size() && names.size() < 3; ++i)
            names << QStringLiteral("'%1'").arg(manifest.files[i].name);
        if (manifest.files.size() - next > 3)
            names << QStringLiteral("…");
        return names.join(QStringLiteral(", "));
    }
};

ArchiveReader::ArchiveReader(Source source, QString sourceName) : d(std::make_unique<Private>())
{
    d->source = std::move(source);
    d->sourceName = std::move(sourceName);
}

ArchiveReader::ArchiveReader(QIODevice &device, QString sourceName) : d(std::make_unique<Private>())
{
    d->sourceName = std::move(sourceName);
    d->source = [this, &device](char *buffer, qsizetype capacity) -> qsizetype {
        const qint64 n = device.read(buffer, capacity);
        if (n < 0)
            setSourceError(ChainStore::readError(device, d->sourceName));
        return static_cast<qsizetype>(n);
    };
}

ArchiveReader::~ArchiveReader() = default;

Result<Manifest> ArchiveReader::readManifest()
{
    if (d->state != Private::State::New)
        return makeError(ErrorCode::Failure, tr("%1: the manifest was already read.").arg(d->where({})));
    if (auto e = d->openStreams())
        return d->fail(*e);
    struct archive_entry *entry = nullptr;
    const int rc = archive_read_next_header(d->tar, &entry);
    if (rc == ARCHIVE_EOF)
        return d->fail(d->integrity({}, tr("is empty: it has no 'manifest' entry")));
    if (rc != ARCHIVE_OK)
        return d->fail(d->streamError(d->tar, {}, tr("reading the first entry")));
    auto json = d->readManifestBytes(entry, kManifestEntry);
    if (!json)
        return d->fail(json.error());
    auto manifest = Manifest::fromJson(json.value(), d->sourceName, Manifest::Seal::Required);
    if (!manifest)
        return d->fail(manifest.error());
    // A format-2 head carries no checksums: they come in the final manifest.
    if (manifest->checksumsLast()) {
        for (const ManifestFile &f : manifest->files) {
            if (!f.checksum.isEmpty())
                return d->fail(d->integrity(kManifestEntry, tr("is format 2 but lists a checksum for '%1' (format 2 "
                                                               "lists checksums only in its final manifest)")
                                                                .arg(f.name)));
        }
    }
    d->manifest = manifest.value();
    for (size_t i = 0; i < d->manifest.files.size(); ++i) {
        d->positions.insert(d->manifest.files[i].name, i);
        d->inParts.push_back(d->manifest.files[i].size == ManifestFile::kUnknownSize);
    }
    d->state = Private::State::Files;
    return manifest;
}

Result<std::optional<ManifestFile>> ArchiveReader::nextFile(const DataSink &sink)
{
    switch (d->state) {
    case Private::State::New:
        return makeError(ErrorCode::Failure, tr("%1: nextFile() called before readManifest().").arg(d->where({})));
    case Private::State::Failed:
        return *d->failure;
    case Private::State::Ended:
        return std::optional<ManifestFile>();
    case Private::State::Files:
        break;
    }
    struct archive_entry *entry = nullptr;
    const int rc = d->nextHeader(&entry);
    const bool finalDue = d->manifest.checksumsLast() && !d->finalRead && d->next == d->manifest.files.size();
    if (rc == ARCHIVE_EOF) {
        if (finalDue)
            return d->fail(d->integrity({}, tr("ends without its final manifest '%1' (the stream was cut, or the "
                                               "node failed while sending it)")
                                                .arg(kFinalEntry)));
        if (auto e = d->checkTrailing())
            return d->fail(*e);
        d->state = Private::State::Ended;
        return std::optional<ManifestFile>();
    }
    if (rc != ARCHIVE_OK)
        return d->fail(d->streamError(d->tar, {}, tr("reading the entry after '%1'").arg(d->lastEntry)));
    if (finalDue) {
        if (auto e = d->readFinal(entry))
            return d->fail(*e);
        d->lastEntry = kFinalEntry;
        return nextFile(sink); // Only the end may follow.
    }
    auto file = d->checkEntry(entry);
    if (!file)
        return d->fail(file.error());
    const auto position = static_cast<size_t>(file.value() - d->manifest.files.data());
    const ManifestFile &checked = d->manifest.files[position];
    d->lastEntry = checked.name;
    if (auto e = d->readContent(position, sink))
        return d->fail(*e);
    ++d->next;
    return std::optional<ManifestFile>(checked);
}

Status ArchiveReader::finish()
{
    if (d->state == Private::State::New)
        return makeError(ErrorCode::Failure, tr("%1: finish() called before readManifest().").arg(d->where({})));
    if (d->state == Private::State::Failed)
        return *d->failure;
    if (d->next < d->manifest.files.size())
        return d->integrity({}, tr("ends with %1 of its %2 manifest files missing: %3")
                                    .arg(d->manifest.files.size() - d->next)
                                    .arg(d->manifest.files.size())
                                    .arg(d->missingFiles()));
    // All files came, but the caller may not have read the end yet: nothing else may follow.
    if (d->state == Private::State::Files) {
        auto more = nextFile({});
        if (!more)
            return more.error();
    }
    return {};
}

Status ArchiveReader::readToEnd()
{
    for (;;) {
        auto file = nextFile({});
        if (!file)
            return file.error();
        if (!file.value())
            return finish();
    }
}

Status ArchiveReader::useFinalManifest(const Manifest &final)
{
    if (d->state != Private::State::Files || d->next != 0)
        return makeError(ErrorCode::Failure,
                         tr("%1: useFinalManifest() belongs right after readManifest().").arg(d->where({})));
    Manifest filled = d->manifest;
    bool fits = final.files.size() == filled.files.size() && final.format == filled.format;
    for (size_t i = 0; fits && i < filled.files.size(); ++i) {
        ManifestFile &head = filled.files[i];
        const ManifestFile &last = final.files[i];
        if (d->inParts[i] && last.size >= 0) { // What only the final manifest can say.
            head.size = last.size;
            if (!head.isBlockLink()) // A block link's head has its index.
                head.index = last.index;
            head.boundary = last.boundary;
            if (head.isBlockLink() && last.isBlockLink()) {
                head.blocks.fileSize = last.blocks.fileSize;
                head.blocks.fileChecksum = last.blocks.fileChecksum;
            }
            if (head.isRefLink() && last.isRefLink()) {
                head.refs.fileSize = last.refs.fileSize;
                head.refs.fileChecksum = last.refs.fileChecksum;
            }
        }
        fits = head.name == last.name && head.size == last.size && head.index == last.index &&
               head.boundary == last.boundary && !last.checksum.isEmpty();
        head.checksum = last.checksum;
    }
    if (!fits || filled.toJson() != final.toJson())
        return d->fail(d->integrity(kFinalEntry, tr("read from the end does not belong to the head manifest")));
    d->manifest = filled;
    return {};
}

Result<Manifest> ArchiveReader::readFinalManifest(QIODevice &device, const QString &sourceName)
{
    const auto damaged = [&](const QString &detail) {
        return makeError(
            ErrorCode::Integrity,
            tr("archive '%1': its final manifest cannot be found from its end: %2").arg(sourceName, detail),
            Private::integrityHint());
    };
    const auto readError = [&] { return ChainStore::readError(device, sourceName); };
    if (device.isSequential())
        return makeError(ErrorCode::Failure, tr("archive '%1': reading its end needs random access.").arg(sourceName));
    const qint64 size = device.size();
    if (!device.seek(0))
        return readError();
    const QByteArray magic = device.read(4);
    const QByteArray name = QByteArray(Manifest::kFinalEntry);
    std::optional<QByteArray> json;
    if (magic == QByteArray::fromHex("28b52ffd")) {
        if (size < ArchiveWriter::kFinalFrameBytes + 4 || !device.seek(size - ArchiveWriter::kFinalFrameBytes))
            return damaged(tr("it is too short"));
        const QByteArray frame = device.read(ArchiveWriter::kFinalFrameBytes);
        if (frame.size() != ArchiveWriter::kFinalFrameBytes)
            return readError();
        if (qFromLittleEndian<quint32>(frame.constData()) != ArchiveWriter::kFinalFrameMagic ||
            qFromLittleEndian<quint32>(frame.constData() + 4) != ArchiveWriter::kFinalFrameBytes - 8 ||
            frame.mid(8, 8) != QByteArray(ArchiveWriter::kFinalFrameTag))
            return damaged(tr("it does not end with the frame that points at the final manifest"));
        const auto at = static_cast<qint64>(qFromLittleEndian<quint64>(frame.constData() + 16));
        const qint64 end = size - ArchiveWriter::kFinalFrameBytes;
        if (at <= 0 || at >= end || end - at > kFinalTailMax || !device.seek(at))
            return damaged(tr("the frame points outside the archive"));
        const QByteArray compressed = device.read(end - at);
        if (compressed.size() != end - at)
            return readError();
        ZSTD_DStream *stream = ZSTD_createDStream();
        if (!stream)
            return makeError(ErrorCode::Io, tr("Cannot create a zstd decompressor: out of memory."));
        QByteArray tail;
        QByteArray out(256 * 1024, Qt::Uninitialized);
        ZSTD_inBuffer in{compressed.constData(), static_cast<size_t>(compressed.size()), 0};
        size_t rc = 0;
        for (;;) {
            ZSTD_outBuffer o{out.data(), static_cast<size_t>(out.size()), 0};
            rc = ZSTD_decompressStream(stream, &o, &in);
            if (ZSTD_isError(rc))
                break;
            tail.append(out.constData(), static_cast<qsizetype>(o.pos));
            // All input taken and the output not full: everything is out.
            if (tail.size() > kFinalTailMax || (in.pos == in.size && o.pos < o.size))
                break;
        }
        ZSTD_freeDStream(stream);
        if (ZSTD_isError(rc))
            return damaged(tr("its last frame does not decompress: %1").arg(QString::fromUtf8(ZSTD_getErrorName(rc))));
        if (tail.size() > kFinalTailMax || tail.size() % kTarBlock != 0)
            return damaged(tr("its last frame is not the end of a tar stream"));
        json = lastEntry(tail, name);
    } else {
        if (size % kTarBlock != 0)
            return damaged(tr("its size is not a whole number of tar blocks"));
        for (qint64 window = std::min<qint64>(kFinalWindowStart, size);;
             window = std::min<qint64>({window * 8, size, kFinalTailMax})) {
            if (!device.seek(size - window))
                return readError();
            const QByteArray tail = device.read(window);
            if (tail.size() != window)
                return readError();
            json = lastEntry(tail, name);
            if (json || window == size || window == kFinalTailMax)
                break;
        }
    }
    if (!json)
        return damaged(tr("its last entry is not '%1'").arg(QString::fromLatin1(name)));
    auto final = Manifest::fromJson(*json, sourceName, Manifest::Seal::Required);
    if (!final)
        return final.error();
    if (!final->checksumsLast() || !final->hasChecksums())
        return damaged(tr("'%1' is not the final manifest of a format-2 archive").arg(QString::fromLatin1(name)));
    return final;
}

const Manifest &ArchiveReader::manifest() const
{
    return d->manifest;
}

void ArchiveReader::setSourceError(const Error &error)
{
    d->sourceError = error;
}

qint64 ArchiveReader::bytesRead() const
{
    return d->bytesRead;
}

} // namespace tidemark
