#include "snapshot/ArchiveWriter.h"

#include <QDateTime>
#include <QtEndian>
#include <QFile>
#include <QScopeGuard>

#include <archive.h>
#include <archive_entry.h>
#include <zstd.h>

namespace tidemark {

namespace {

constexpr qsizetype kBlockBytes = 1024 * 1024;
// With worker threads zstd compresses in jobs of this size: each worker holds about two jobs'
// input and output, so memory stays near (workers + 2) x 2 x kZstdJobBytes whatever the level
// (zstd's own default, 4 windows, is 8 MiB a job at level 3 and 32 MiB at level 19). At level 1
// and the fast levels zstd's window is 512 KiB, so jobs of half the size lose nothing.
constexpr int kZstdJobBytes = 2 * 1024 * 1024;
constexpr int kZstdSmallWindowJobBytes = 1024 * 1024;

} // namespace

struct ArchiveWriter::Private {
    Sink sink;
    Compression compression = Compression::None;
    int level = CompressionOptions::kDefaultLevel;
    int threads = 0;
    qint64 mtime = QDateTime::currentSecsSinceEpoch();
    Error *error = nullptr; ///< The owner's m_error (the writer can neither move nor copy).
    struct archive *archive = nullptr;
    bool opened = false;
    bool unblocked = false;
    bool finished = false;
    bool broken = false;       ///< A call failed: the stream is no longer a valid archive.
    bool sinkRefused = false;  ///< The sink returned false (told apart from libarchive's own errors).
    bool discard = false;      ///< Set while tearing down: never call the sink from the destructor.
    ZSTD_CCtx *zstd = nullptr; ///< Compresses the tar stream on its way to the sink (Compression::Zstd).
    QByteArray zstdOut;
    QString zstdError;        ///< Why zstd failed, when it did.
    qint64 emitted = 0;       ///< Bytes handed to the sink so far.
    qint64 finalFrameAt = -1; ///< Offset of the zstd frame holding the final entry, once written.
    QString entryName;        ///< The entry beginEntry() opened, until endEntry().
    qint64 entrySize = -1;    ///< Its size; -1 when no entry is open.
    qint64 entryDone = 0;     ///< Its bytes appended so far.

    bool toSink(const char *data, qsizetype size)
    {
        if (!sink(data, size)) {
            sinkRefused = true;
            return false;
        }
        emitted += size;
        return true;
    }

    /// Hands `size` bytes to the sink, through zstd when compressing; `end` ends the zstd frame.
    bool emit(const char *data, size_t size, bool end)
    {
        if (!zstd)
            return toSink(data, static_cast<qsizetype>(size));
        ZSTD_inBuffer in{data, size, 0};
        for (;;) {
            ZSTD_outBuffer out{zstdOut.data(), static_cast<size_t>(zstdOut.size()), 0};
            const size_t left = ZSTD_compressStream2(zstd, &out, &in, end ? ZSTD_e_end : ZSTD_e_continue);
            if (ZSTD_isError(left)) {
                zstdError = QString::fromUtf8(ZSTD_getErrorName(left));
                return false;
            }
            if (out.pos > 0 && !toSink(static_cast<const char *>(out.dst), static_cast<qsizetype>(out.pos)))
                return false;
            if (end ? left == 0 : in.pos == in.size)
                return true;
        }
    }

    static la_ssize_t write(struct archive *, void *client, const void *buffer, size_t length)
    {
        auto *self = static_cast<Private *>(client);
        if (self->discard)
            return -1;
        if (!self->emit(static_cast<const char *>(buffer), length, false))
            return -1;
        return static_cast<la_ssize_t>(length);
    }

    bool setError(Error e, bool breaksArchive)
    {
        *error = std::move(e);
        broken = broken || breaksArchive;
        return false;
    }

    bool ready()
    {
        if (!opened || !archive)
            return setError(makeError(ErrorCode::Failure, tr("The snapshot archive is not open.")), false);
        if (finished)
            return setError(makeError(ErrorCode::Failure, tr("The snapshot archive is already finished.")), false);
        // When broken, *error still describes the first failure, which is the useful one.
        return !broken;
    }

    /// A libarchive call failed, while writing `entry` (may be empty).
    bool fail(const QString &entry)
    {
        const QString where = entry.isEmpty() ? QString() : tr(" while writing '%1'").arg(entry);
        if (sinkRefused)
            return setError(makeError(ErrorCode::Io,
                                      tr("Writing the snapshot archive failed%1: the destination stopped "
                                         "accepting data.")
                                          .arg(where),
                                      tr("Check free disk space, or whether the receiving side closed the "
                                         "connection.")),
                            true);
        if (!zstdError.isEmpty())
            return setError(
                makeError(ErrorCode::Failure,
                          tr("Compressing the snapshot archive with zstd failed%1: %2").arg(where, zstdError)),
                true);
        return setError(makeError(ErrorCode::Io, tr("Writing the snapshot archive failed%1: %2")
                                                     .arg(where, QString::fromUtf8(archive_error_string(archive)))),
                        true);
    }

    static Error sizeError(const QString &sourcePath, qint64 expected, qint64 actual)
    {
        const QString what = actual < expected ? tr("shorter") : tr("longer");
        return makeError(
            ErrorCode::Integrity,
            tr("'%1' is %2 than expected: %3 bytes instead of %4.").arg(sourcePath, what).arg(actual).arg(expected),
            tr("The file changed while it was being copied; take the snapshot again."));
    }

    bool writeHeader(const QString &name, qint64 size)
    {
        struct archive_entry *entry = archive_entry_new();
        if (!entry)
            return setError(
                makeError(ErrorCode::Io, tr("Cannot add '%1' to the snapshot archive: out of memory.").arg(name)),
                true);
        archive_entry_set_pathname_utf8(entry, name.toUtf8().constData());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0640);
        archive_entry_set_uid(entry, 0);
        archive_entry_set_gid(entry, 0);
        archive_entry_set_mtime(entry, static_cast<time_t>(mtime), 0);
        archive_entry_set_size(entry, size); // Before the header: tar needs the size up front.
        const int rc = archive_write_header(archive, entry);
        archive_entry_free(entry);
        return rc >= ARCHIVE_WARN || fail(name);
    }

    bool writeBytes(const QString &name, const char *data, qint64 size)
    {
        // archive_write_data() may take less than offered, so loop until all is in.
        while (size > 0) {
            const la_ssize_t written = archive_write_data(archive, data, static_cast<size_t>(size));
            if (written <= 0)
                return fail(name);
            data += written;
            size -= written;
        }
        return true;
    }

    bool copyFile(const QString &name, QFile &file, qint64 size, const Progress &progress)
    {
        QByteArray block(qMin<qint64>(kBlockBytes, qMax<qint64>(size, 1)), Qt::Uninitialized);
        qint64 done = 0;
        while (done < size) {
            const qint64 got = file.read(block.data(), qMin<qint64>(block.size(), size - done));
            if (got < 0)
                return setError(
                    makeError(ErrorCode::Io, tr("Reading '%1' failed: %2").arg(file.fileName(), file.errorString())),
                    true);
            if (got == 0) // The file shrank while we copied it.
                return setError(sizeError(file.fileName(), size, done), true);
            if (!writeBytes(name, block.constData(), got))
                return false;
            done += got;
            if (progress)
                progress(done);
        }
        char extra = 0;
        if (file.read(&extra, 1) > 0) // The file grew while we copied it.
            return setError(sizeError(file.fileName(), size, qMax(file.size(), size + 1)), true);
        return true;
    }
};

ArchiveWriter::ArchiveWriter(Sink sink, Compression compression) : d(std::make_unique<Private>())
{
    d->sink = std::move(sink);
    d->compression = compression;
    d->error = &m_error;
}

ArchiveWriter::ArchiveWriter(Sink sink, const CompressionOptions &options)
    : ArchiveWriter(std::move(sink), options.zstd ? Compression::Zstd : Compression::None)
{
    d->level = options.effectiveLevel();
    d->threads = options.effectiveThreads();
}

ArchiveWriter::~ArchiveWriter()
{
    // Freeing the context ends its worker threads; it holds no sink.
    const auto freeZstd = qScopeGuard([this] { ZSTD_freeCCtx(d->zstd); });
    if (!d->archive)
        return;
    // An unfinished archive is abandoned, not completed: its end blocks must not reach a sink
    // whose owner may be gone. It is still closed explicitly, because libarchive's free skips
    // the close (and leaks the block buffer) once the archive is in its failed state.
    if (!d->finished) {
        d->discard = true;
        archive_write_close(d->archive);
    }
    archive_write_free(d->archive);
}

void ArchiveWriter::setUnblocked()
{
    d->unblocked = true;
}

void ArchiveWriter::setModificationTime(qint64 secondsSinceEpoch)
{
    d->mtime = secondsSinceEpoch;
}

bool ArchiveWriter::open()
{
    if (d->opened)
        return d->setError(makeError(ErrorCode::Failure, tr("The snapshot archive was opened twice.")), false);
    d->opened = true;
    d->archive = archive_write_new();
    if (!d->archive)
        return d->setError(makeError(ErrorCode::Io, tr("Cannot create a snapshot archive: out of memory.")), true);
    struct archive *a = d->archive;
    if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK)
        return d->setError(
            makeError(ErrorCode::Failure,
                      tr("Cannot set up the tar writer: %1").arg(QString::fromUtf8(archive_error_string(a)))),
            true);
    // zstd compresses the tar stream in our write callback (libzstd's streaming API rather than
    // libarchive's zstd filter, which cannot bound the memory of zstd's worker threads).
    if (d->compression == Compression::Zstd) {
        d->zstd = ZSTD_createCCtx();
        if (!d->zstd)
            return d->setError(makeError(ErrorCode::Io, tr("Cannot create a zstd compressor: out of memory.")), true);
        if (ZSTD_isError(ZSTD_CCtx_setParameter(d->zstd, ZSTD_c_compressionLevel, d->level)))
            return d->setError(makeError(ErrorCode::Failure, tr("zstd cannot compress at level %1.").arg(d->level),
                                         tr("Choose a level from %1 to %2.")
                                             .arg(CompressionOptions::kMinLevel)
                                             .arg(CompressionOptions::kMaxLevel)),
                               true);
        // A libzstd built without threads refuses workers: then it compresses on this thread.
        if (d->threads > 0 && !ZSTD_isError(ZSTD_CCtx_setParameter(d->zstd, ZSTD_c_nbWorkers, d->threads)))
            (void)ZSTD_CCtx_setParameter(d->zstd, ZSTD_c_jobSize,
                                         d->level <= 1 ? kZstdSmallWindowJobBytes : kZstdJobBytes);
        d->zstdOut.resize(static_cast<qsizetype>(ZSTD_CStreamOutSize()));
        // No blocking in libarchive: every byte reaches zstd (which buffers on its own) as it is
        // written, so addFinal() can end the frame exactly where the final entry starts. Without
        // padding of the last block, the tar bytes are the same whatever the block size.
        archive_write_set_bytes_per_block(a, 0);
    }
    if (d->unblocked)
        archive_write_set_bytes_per_block(a, 0);
    // Otherwise blocks of 10240 bytes go to the sink as they fill, so memory stays flat; the last
    // block is not padded, so the stream ends right after the end-of-archive marker.
    archive_write_set_bytes_in_last_block(a, 1);
    if (archive_write_open(a, d.get(), nullptr, &Private::write, nullptr) != ARCHIVE_OK)
        return d->fail(QString());
    return true;
}

bool ArchiveWriter::addData(const QString &name, const QByteArray &data)
{
    if (!d->ready())
        return false;
    return d->writeHeader(name, data.size()) && d->writeBytes(name, data.constData(), data.size());
}

bool ArchiveWriter::addFile(const QString &name, const QString &sourcePath, qint64 size, const Progress &progress)
{
    if (!d->ready())
        return false;
    QFile file(sourcePath);
    // Both checks come before the header goes out, so these failures leave the archive intact.
    if (!file.open(QIODevice::ReadOnly))
        return d->setError(
            makeError(ErrorCode::Io,
                      tr("Cannot read '%1' for the snapshot archive: %2").arg(sourcePath, file.errorString())),
            false);
    if (file.size() != size)
        return d->setError(Private::sizeError(sourcePath, size, file.size()), false);
    return d->writeHeader(name, size) && d->copyFile(name, file, size, progress);
}

bool ArchiveWriter::addStream(const QString &name, qint64 size, const Source &source, const Progress &progress)
{
    if (!d->ready() || !d->writeHeader(name, size))
        return false;
    QByteArray block(qMin<qint64>(kBlockBytes, qMax<qint64>(size, 1)), Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        // One byte more than is due, to notice a source with more than `size`.
        const qint64 want = done < size ? qMin<qint64>(block.size(), size - done) : 1;
        auto got = source(block.data(), static_cast<qsizetype>(want));
        if (!got)
            return d->setError(got.error(), true);
        if (got.value() == 0)
            break;
        if (done + got.value() > size)
            return d->setError(Private::sizeError(name, size, done + got.value()), true);
        if (!d->writeBytes(name, block.constData(), got.value()))
            return false;
        done += got.value();
        if (progress)
            progress(done);
    }
    if (done != size)
        return d->setError(Private::sizeError(name, size, done), true);
    return true;
}

bool ArchiveWriter::beginEntry(const QString &name, qint64 size)
{
    if (!d->ready())
        return false;
    if (d->entrySize >= 0)
        return d->setError(
            makeError(ErrorCode::Failure, tr("Entry '%1' of the snapshot archive is still open.").arg(d->entryName)),
            true);
    if (!d->writeHeader(name, size))
        return false;
    d->entryName = name;
    d->entrySize = size;
    d->entryDone = 0;
    return true;
}

bool ArchiveWriter::appendEntryData(const char *data, qsizetype size)
{
    if (!d->ready())
        return false;
    if (d->entrySize < 0)
        return d->setError(makeError(ErrorCode::Failure, tr("No entry of the snapshot archive is open.")), true);
    if (d->entryDone + size > d->entrySize)
        return d->setError(Private::sizeError(d->entryName, d->entrySize, d->entryDone + size), true);
    if (size > 0 && !d->writeBytes(d->entryName, data, size))
        return false;
    d->entryDone += size;
    return true;
}

bool ArchiveWriter::endEntry()
{
    if (!d->ready())
        return false;
    if (d->entrySize < 0)
        return d->setError(makeError(ErrorCode::Failure, tr("No entry of the snapshot archive is open.")), true);
    const qint64 size = d->entrySize;
    d->entrySize = -1;
    if (d->entryDone != size)
        return d->setError(Private::sizeError(d->entryName, size, d->entryDone), true);
    return true;
}

bool ArchiveWriter::addFinal(const QString &name, const QByteArray &data)
{
    if (!d->ready())
        return false;
    if (d->zstd) {
        // The last file's padding, then the end of the frame: the final entry starts a frame of
        // its own, which finish() points at.
        if (archive_write_finish_entry(d->archive) < ARCHIVE_WARN || !d->emit(nullptr, 0, true))
            return d->fail(name);
        d->finalFrameAt = d->emitted;
    }
    return addData(name, data);
}

bool ArchiveWriter::finish()
{
    if (!d->ready())
        return false;
    // Closing writes the end-of-archive blocks through the sink; then the zstd frame ends.
    if (archive_write_close(d->archive) != ARCHIVE_OK)
        return d->fail(QString());
    if (d->zstd && !d->emit(nullptr, 0, true))
        return d->fail(QString());
    if (d->zstd && d->finalFrameAt >= 0) {
        // A skippable frame (every zstd decoder passes over it) saying where the final entry's
        // frame starts, so the final manifest can be read without reading the whole archive.
        char frame[kFinalFrameBytes];
        qToLittleEndian<quint32>(kFinalFrameMagic, frame);
        qToLittleEndian<quint32>(kFinalFrameBytes - 8, frame + 4);
        memcpy(frame + 8, kFinalFrameTag, 8);
        qToLittleEndian<quint64>(static_cast<quint64>(d->finalFrameAt), frame + 16);
        if (!d->toSink(frame, kFinalFrameBytes))
            return d->fail(QString());
    }
    d->finished = true;
    return true;
}

} // namespace tidemark
