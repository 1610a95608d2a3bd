#include "influx1/TsmIndex.h"

#include <QFile>
#include <QtEndian>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <limits>
#include <memory>

namespace tidemark {

namespace {

constexpr quint32 kTsmMagic = 0x16D116D1;
constexpr qint64 kHeaderBytes = 5;
constexpr qint64 kFooterBytes = 8;
constexpr qint64 kBlockEntryBytes = 28; // min, max, offset (8 each), size (4)
constexpr int kValueTypes = 5;          // float, integer, boolean, string, unsigned
constexpr qsizetype kChunk = 1 << 20;

constexpr quint32 kTombstoneV2 = 0x1502;
constexpr quint32 kTombstoneV3 = 0x1503;
constexpr quint32 kTombstoneV4 = 0x1504;
constexpr quint32 kMaxTombstoneKey = 1 << 20; // A TSM key is at most 64 KiB; anything far larger is damage.

// Reads a device forward in chunks: need(n) makes n bytes available at data().
class ChunkReader {
public:
    ChunkReader(QIODevice &device, qint64 end) : m_device(device), m_end(end) {}

    // False when the range ends (or the device fails) before n more bytes.
    bool need(qsizetype n)
    {
        if (m_buffer.size() - m_pos >= n)
            return true;
        m_buffer.remove(0, m_pos);
        m_pos = 0;
        while (m_buffer.size() < n) {
            const qint64 left = m_end - m_device.pos();
            if (left <= 0)
                return false;
            const qsizetype want = static_cast<qsizetype>(std::min<qint64>(left, std::max(kChunk, n)));
            const qsizetype had = m_buffer.size();
            m_buffer.resize(had + want);
            const qint64 got = m_device.read(m_buffer.data() + had, want);
            if (got <= 0) {
                m_buffer.resize(had);
                m_failed = got < 0;
                return false;
            }
            m_buffer.resize(had + static_cast<qsizetype>(got));
        }
        return true;
    }
    [[nodiscard]] const char *data() const { return m_buffer.constData() + m_pos; }
    void skip(qsizetype n) { m_pos += n; }
    [[nodiscard]] bool atEnd() const { return m_pos == m_buffer.size() && m_device.pos() >= m_end; }
    [[nodiscard]] bool failed() const { return m_failed; }

private:
    QIODevice &m_device;
    qint64 m_end;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

} // namespace

QByteArrayView TsmIndex::seriesKey(QByteArrayView key)
{
    const qsizetype at = key.indexOf(kFieldSeparator);
    return at < 0 ? key : key.first(at);
}

Status TsmIndex::read(const QString &path, const QString &source, const Visit &visit)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, file.errorString()));
    return read(file, source, visit);
}

Status TsmIndex::read(QIODevice &device, const QString &source, const Visit &visit)
{
    const auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Integrity, tr("%1: the TSM file's index is damaged: %2").arg(source, why),
                         tr("This link of the chain is damaged: run `tidemark-cli verify` on the chain."));
    };
    const qint64 size = device.size();
    if (size < kHeaderBytes + kFooterBytes)
        return bad(tr("the file has %n byte(s)", nullptr, static_cast<int>(size)));
    char header[kHeaderBytes];
    if (!device.seek(0) || device.read(header, kHeaderBytes) != kHeaderBytes)
        return makeError(ErrorCode::Io, tr("%1: cannot read the TSM file: %2").arg(source, device.errorString()));
    if (qFromBigEndian<quint32>(header) != kTsmMagic || header[4] != 1)
        return bad(tr("it does not start with the TSM magic and version 1"));
    char footer[kFooterBytes];
    if (!device.seek(size - kFooterBytes) || device.read(footer, kFooterBytes) != kFooterBytes)
        return makeError(ErrorCode::Io, tr("%1: cannot read the TSM file: %2").arg(source, device.errorString()));
    const quint64 indexOffset = qFromBigEndian<quint64>(footer);
    const qint64 indexEnd = size - kFooterBytes;
    if (indexOffset < static_cast<quint64>(kHeaderBytes) || indexOffset > static_cast<quint64>(indexEnd))
        return bad(tr("its footer points at byte %1 of %2").arg(indexOffset).arg(size));
    const qint64 dataEnd = static_cast<qint64>(indexOffset);
    if (!device.seek(dataEnd))
        return makeError(ErrorCode::Io, tr("%1: cannot read the TSM file: %2").arg(source, device.errorString()));

    ChunkReader in(device, indexEnd);
    QByteArray previous;
    QByteArray key;
    std::vector<Block> blocks;
    while (!in.atEnd()) {
        if (!in.need(2))
            break;
        const quint16 keyLength = qFromBigEndian<quint16>(in.data());
        in.skip(2);
        if (keyLength == 0)
            return bad(tr("a key is empty"));
        if (!in.need(keyLength + 3))
            return bad(tr("it ends inside a key"));
        key = QByteArray(in.data(), keyLength);
        in.skip(keyLength);
        const auto type = static_cast<quint8>(*in.data());
        const quint16 count = qFromBigEndian<quint16>(in.data() + 1);
        in.skip(3);
        if (type >= kValueTypes)
            return bad(tr("key '%1' has the unknown type %2").arg(QString::fromUtf8(key)).arg(type));
        if (count == 0)
            return bad(tr("key '%1' has no block").arg(QString::fromUtf8(key)));
        if (!previous.isEmpty() && key <= previous)
            return bad(tr("key '%1' is out of order").arg(QString::fromUtf8(key)));
        if (!in.need(count * kBlockEntryBytes))
            return bad(tr("it ends inside the blocks of key '%1'").arg(QString::fromUtf8(key)));
        blocks.resize(count);
        for (quint16 i = 0; i < count; ++i) {
            const char *entry = in.data() + i * kBlockEntryBytes;
            Block &block = blocks[i];
            block.minNs = qFromBigEndian<qint64>(entry);
            block.maxNs = qFromBigEndian<qint64>(entry + 8);
            const quint64 offset = qFromBigEndian<quint64>(entry + 16);
            const quint32 bytes = qFromBigEndian<quint32>(entry + 24);
            if (block.maxNs < block.minNs)
                return bad(tr("a block of key '%1' ends before it starts").arg(QString::fromUtf8(key)));
            if (offset < static_cast<quint64>(kHeaderBytes) || bytes == 0 || offset > static_cast<quint64>(dataEnd) ||
                bytes > static_cast<quint64>(dataEnd) - offset)
                return bad(tr("a block of key '%1' lies outside the data").arg(QString::fromUtf8(key)));
            block.offset = static_cast<qint64>(offset);
            block.size = static_cast<qint64>(bytes);
        }
        in.skip(count * kBlockEntryBytes);
        if (!visit(key, blocks))
            return {};
        previous.swap(key);
    }
    if (in.failed())
        return makeError(ErrorCode::Io, tr("%1: cannot read the TSM file: %2").arg(source, device.errorString()));
    if (!in.atEnd())
        return bad(tr("it does not end at the footer"));
    return {};
}

void TsmTombstones::add(QByteArrayView key, qint64 minNs, qint64 maxNs)
{
    m_ranges[key.toByteArray()].push_back({minNs, maxNs});
}

bool TsmTombstones::deletes(QByteArrayView key, qint64 minNs, qint64 maxNs) const
{
    if (m_ranges.isEmpty())
        return false;
    const QByteArray whole = key.toByteArray();
    if (covers(whole, minNs, maxNs))
        return true;
    const QByteArrayView series = TsmIndex::seriesKey(key);
    return series.size() != key.size() && covers(series.toByteArray(), minNs, maxNs);
}

bool TsmTombstones::covers(const QByteArray &key, qint64 minNs, qint64 maxNs) const
{
    const auto it = m_ranges.constFind(key);
    if (it == m_ranges.cend())
        return false;
    std::vector<Range> ranges = it.value();
    std::sort(ranges.begin(), ranges.end(), [](const Range &a, const Range &b) { return a.minNs < b.minNs; });
    // Sweep from the block's first time: each range that reaches it moves it past its end.
    qint64 from = minNs;
    for (const Range &r : ranges) {
        if (r.minNs > from)
            break;
        if (r.maxNs >= maxNs)
            return true;
        if (r.maxNs >= from)
            from = r.maxNs + 1;
    }
    return false;
}

namespace {

struct ArchiveDeleter {
    void operator()(struct archive *a) const { archive_read_free(a); }
};

// The bytes after the header of a version 3 or 4 file: gzip members, one after the other, read
// through libarchive's gzip filter (it goes on from one member to the next).
class GzipStream {
public:
    explicit GzipStream(QIODevice &file)
        : m_file(file), m_archive(archive_read_new()), m_buffer(64 << 10, Qt::Uninitialized)
    {
    }

    bool open()
    {
        archive_read_support_filter_gzip(m_archive.get());
        archive_read_support_format_raw(m_archive.get());
        struct archive_entry *entry = nullptr;
        return archive_read_open(m_archive.get(), this, nullptr, &GzipStream::readCallback, nullptr) == ARCHIVE_OK &&
               archive_read_next_header(m_archive.get(), &entry) == ARCHIVE_OK &&
               archive_filter_code(m_archive.get(), 0) == ARCHIVE_FILTER_GZIP;
    }
    // Up to `size` bytes; 0 at the end, -1 on damage.
    qsizetype read(char *into, qsizetype size)
    {
        const la_ssize_t n = archive_read_data(m_archive.get(), into, static_cast<size_t>(size));
        return n < 0 ? -1 : static_cast<qsizetype>(n);
    }
    [[nodiscard]] QString errorString() { return QString::fromUtf8(archive_error_string(m_archive.get())); }

private:
    static la_ssize_t readCallback(struct archive *, void *client, const void **buffer)
    {
        auto *self = static_cast<GzipStream *>(client);
        const qint64 n = self->m_file.read(self->m_buffer.data(), self->m_buffer.size());
        *buffer = self->m_buffer.constData();
        return static_cast<la_ssize_t>(n);
    }

    QIODevice &m_file;
    std::unique_ptr<struct archive, ArchiveDeleter> m_archive;
    QByteArray m_buffer;
};

} // namespace

Status TsmTombstones::read(const QString &path, const QString &source)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, file.errorString()));
    return read(file, source);
}

Status TsmTombstones::read(QIODevice &file, const QString &source)
{
    const auto bad = [&](const QString &why) {
        return makeError(ErrorCode::Integrity, tr("%1: the tombstone file is damaged: %2").arg(source, why),
                         tr("This link of the chain is damaged: run `tidemark-cli verify` on the chain."));
    };
    char header[4];
    const qint64 headerBytes = file.read(header, 4);
    const quint32 version = headerBytes == 4 ? qFromBigEndian<quint32>(header) : 0;
    if (version != kTombstoneV2 && version != kTombstoneV3 && version != kTombstoneV4) {
        // Version 1: one key a line, every time deleted (an empty file is an empty version 1).
        if (!file.seek(0))
            return makeError(ErrorCode::Io,
                             tr("%1: cannot read the tombstone file: %2").arg(source, file.errorString()));
        while (!file.atEnd()) {
            QByteArray line = file.readLine(kMaxTombstoneKey + 2);
            if (line.endsWith('\n'))
                line.chop(1);
            else if (!file.atEnd())
                return bad(tr("a line is longer than any key"));
            if (!line.isEmpty())
                add(line, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
        }
        return {};
    }

    // Versions 2 to 4: entries of key length, key, first and last time, from the file or gzip.
    std::unique_ptr<GzipStream> gzip;
    if (file.atEnd())
        return {}; // A header and nothing after it: no entry yet.
    if (version != kTombstoneV2) {
        gzip = std::make_unique<GzipStream>(file);
        if (!gzip->open())
            return bad(tr("it is not gzip-compressed after its header (%1)").arg(gzip->errorString()));
    }
    const auto readExact = [&](char *into, qsizetype size) -> qsizetype {
        qsizetype got = 0;
        while (got < size) {
            const qsizetype n = gzip ? gzip->read(into + got, size - got) : file.read(into + got, size - got);
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            got += n;
        }
        return got;
    };
    QByteArray key;
    for (;;) {
        char length[4];
        const qsizetype n = readExact(length, 4);
        if (n == 0)
            return {};
        if (n != 4)
            return bad(n < 0 && gzip ? gzip->errorString() : tr("it ends inside an entry"));
        const quint32 keyLength = qFromBigEndian<quint32>(length);
        if (keyLength == 0 || keyLength > kMaxTombstoneKey)
            return bad(tr("a key has %1 bytes").arg(keyLength));
        key.resize(static_cast<qsizetype>(keyLength) + 16);
        const qsizetype want = key.size();
        const qsizetype got = readExact(key.data(), want);
        if (got != want)
            return bad(got < 0 && gzip ? gzip->errorString() : tr("it ends inside an entry"));
        const qint64 minNs = qFromBigEndian<qint64>(key.constData() + keyLength);
        const qint64 maxNs = qFromBigEndian<qint64>(key.constData() + keyLength + 8);
        add(QByteArrayView(key).first(static_cast<qsizetype>(keyLength)), minNs, maxNs);
    }
}

} // namespace tidemark
