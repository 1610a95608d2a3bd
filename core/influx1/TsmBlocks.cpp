#include "influx1/TsmBlocks.h"

#include "influx1/TsmIndex.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtEndian>

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <tuple>
#include <unistd.h>

namespace tidemark {

namespace {

constexpr qint64 kTarBlock = 512;
constexpr qint64 kMaxPaxBytes = 1 << 20; // A pax or GNU long-name record of a shard tar is a few bytes.
constexpr qsizetype kWindowBytes = 1 << 20;
constexpr char kMapMagic[9] = "TDMKTSM1";
constexpr qsizetype kMapHeaderBytes = 8 + 8 + 8 + 32 + TsmBlocks::kSecretBytes;
constexpr qsizetype kMapEntryBytes = 32;
constexpr qsizetype kMapTrailerBytes = 16;

struct XxhState {
    XXH3_state_t *state = XXH3_createState();
    XxhState() = default;
    ~XxhState() { XXH3_freeState(state); }
    XxhState(const XxhState &) = delete;
    XxhState &operator=(const XxhState &) = delete;
};

// A range of an open file as a random-access device (a TSM file inside a tar), read with pread.
class FileRange : public QIODevice {
public:
    FileRange(int fd, qint64 start, qint64 size) : m_fd(fd), m_start(start), m_size(size) {}
    [[nodiscard]] bool isSequential() const override { return false; }
    [[nodiscard]] qint64 size() const override { return m_size; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 at = pos();
        if (at >= m_size)
            return 0;
        const qint64 want = std::min(maxSize, m_size - at);
        for (;;) {
            const ssize_t got = ::pread(m_fd, data, static_cast<size_t>(want), m_start + at);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                setErrorString(QString::fromLocal8Bit(std::strerror(errno)));
            return got;
        }
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    int m_fd;
    qint64 m_start;
    qint64 m_size;
};

// A tar header's number: octal digits (spaces and NULs around them), or base-256 (GNU, star).
std::optional<qint64> tarNumber(const char *field, int size)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(field);
    if (bytes[0] & 0x80) {
        quint64 value = bytes[0] & 0x7F;
        for (int i = 1; i < size; ++i) {
            if (value >> 55)
                return std::nullopt;
            value = (value << 8) | bytes[i];
        }
        return value > static_cast<quint64>(std::numeric_limits<qint64>::max()) ? std::nullopt
                                                                                : std::optional<qint64>(value);
    }
    qint64 value = 0;
    int i = 0;
    while (i < size && (field[i] == ' ' || field[i] == '\0'))
        ++i;
    bool digits = false;
    for (; i < size && field[i] >= '0' && field[i] <= '7'; ++i) {
        if (value >> 60)
            return std::nullopt;
        value = value * 8 + (field[i] - '0');
        digits = true;
    }
    for (; i < size; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return std::nullopt;
    }
    return digits ? std::optional<qint64>(value) : std::optional<qint64>(0);
}

QByteArray tarString(const char *field, int size)
{
    return QByteArray(field, static_cast<qsizetype>(strnlen(field, static_cast<size_t>(size))));
}

} // namespace

QByteArray TsmBlocks::newSecret()
{
    QByteArray secret(kSecretBytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(secret.data()),
                                         reinterpret_cast<quint32 *>(secret.data() + kSecretBytes));
    return secret;
}

TsmBlock TsmBlocks::hash(const char *data, qsizetype size, const QByteArray &secret)
{
    const XXH128_hash_t h = XXH3_128bits_withSecret(data, static_cast<size_t>(size), secret.constData(),
                                                    static_cast<size_t>(secret.size()));
    return TsmBlock{h.low64, h.high64, 0, size};
}

Result<std::vector<TsmBlock>> TsmBlocks::list(const QString &path, const QByteArray &secret, const QString &source,
                                              const std::atomic_bool *cancelled)
{
    const auto isCancelled = [&] { return cancelled && cancelled->load(); };
    const auto cancelledError = [] { return makeError(ErrorCode::Cancelled, tr("Cancelled")); };
    const auto damaged = [&](const QString &why) {
        return makeError(ErrorCode::Integrity, tr("%1: the shard tar is damaged: %2").arg(source, why),
                         tr("Back the shard up again; if it stays damaged, check the node's data directory."));
    };
    if (secret.size() < XXH3_SECRET_SIZE_MIN)
        return makeError(ErrorCode::Failure, tr("%1: the block map's secret is too short").arg(source));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read '%1': %2").arg(path, file.errorString()));
    const int fd = file.handle();
    const qint64 fileSize = file.size();
    const auto ioError = [&] {
        return makeError(ErrorCode::Io,
                         tr("Cannot read '%1': %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    };

    // 1. The tar's entries; each TSM file's index gives its blocks.
    std::vector<TsmBlock> blocks;
    char header[kTarBlock];
    qint64 at = 0;
    QByteArray longName;
    std::optional<qint64> paxSize;
    for (;;) {
        if (isCancelled())
            return cancelledError();
        if (at + kTarBlock > fileSize)
            return damaged(tr("it ends without its end blocks at byte %1").arg(at));
        if (TsmBlocks::readAt(fd, header, kTarBlock, at) != kTarBlock)
            return ioError();
        if (std::all_of(header, header + kTarBlock, [](char c) { return c == 0; }))
            break;
        // The header's checksum: its bytes summed, the checksum field counted as spaces.
        qint64 sum = 0;
        for (int i = 0; i < kTarBlock; ++i)
            sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
        const std::optional<qint64> said = tarNumber(header + 148, 8);
        if (!said || *said != sum)
            return damaged(tr("the tar header at byte %1 has a wrong checksum").arg(at));
        std::optional<qint64> size = tarNumber(header + 124, 12);
        if (!size || *size < 0)
            return damaged(tr("the tar header at byte %1 has no valid size").arg(at));
        const char type = header[156];
        if (type != 'x' && type != 'g' && type != 'L' && type != 'K' && paxSize)
            size = paxSize;
        const qint64 dataStart = at + kTarBlock;
        if (*size > fileSize - dataStart)
            return damaged(tr("the entry at byte %1 runs past the end of the tar").arg(at));
        const qint64 next = dataStart + (*size + kTarBlock - 1) / kTarBlock * kTarBlock;
        if (type == 'x' || type == 'L') {
            if (*size > kMaxPaxBytes)
                return damaged(tr("the extended header at byte %1 is too large").arg(at));
            QByteArray record(static_cast<qsizetype>(*size), Qt::Uninitialized);
            if (TsmBlocks::readAt(fd, record.data(), *size, dataStart) != *size)
                return ioError();
            if (type == 'L') {
                longName = tarString(record.constData(), static_cast<int>(record.size()));
            } else {
                // Records "LENGTH KEY=VALUE\n"; only the path and the size matter here.
                qsizetype p = 0;
                while (p < record.size()) {
                    const qsizetype space = record.indexOf(' ', p);
                    bool ok = false;
                    const qsizetype length = space < 0 ? 0 : record.mid(p, space - p).toLongLong(&ok);
                    if (!ok || length <= 0 || p + length > record.size())
                        return damaged(tr("the pax header at byte %1 is malformed").arg(at));
                    const QByteArray kv = record.mid(space + 1, p + length - space - 2);
                    if (kv.startsWith("path="))
                        longName = kv.mid(5);
                    else if (kv.startsWith("size=")) {
                        const qint64 value = kv.mid(5).toLongLong(&ok);
                        if (!ok || value < 0)
                            return damaged(tr("the pax header at byte %1 has a bad size").arg(at));
                        paxSize = value;
                    }
                    p += length;
                }
            }
            at = next;
            continue;
        }
        if (type == 'g' || type == 'K') {
            at = next;
            continue;
        }
        QByteArray name = longName;
        if (name.isEmpty()) {
            name = tarString(header, 100);
            const QByteArray prefix = tarString(header + 345, 155);
            if (std::memcmp(header + 257, "ustar", 5) == 0 && !prefix.isEmpty())
                name = prefix + '/' + name;
        }
        longName.clear();
        paxSize.reset();
        if ((type == '0' || type == '\0') && name.endsWith(".tsm")) {
            FileRange tsm(fd, dataStart, *size);
            if (!tsm.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
                return ioError();
            const QString where = QStringLiteral("%1: %2").arg(source, QString::fromUtf8(name));
            bool stopped = false;
            Status s = TsmIndex::read(tsm, where, [&](QByteArrayView, const std::vector<TsmIndex::Block> &keyBlocks) {
                for (const TsmIndex::Block &b : keyBlocks)
                    blocks.push_back(TsmBlock{0, 0, dataStart + b.offset, b.size});
                stopped = isCancelled();
                return !stopped;
            });
            if (!s)
                return s.error();
            if (stopped)
                return cancelledError();
        }
        at = next;
    }

    // 2. In file order, each once; a block overlapping the one before (never written by influxd)
    // is left out, so the blocks can be taken one after the other.
    std::sort(blocks.begin(), blocks.end(), [](const TsmBlock &a, const TsmBlock &b) {
        return a.offset < b.offset || (a.offset == b.offset && a.length > b.length);
    });
    qint64 end = 0;
    std::erase_if(blocks, [&](const TsmBlock &b) {
        if (b.offset < end)
            return true;
        end = b.offset + b.length;
        return false;
    });

    // 3. Each block hashed through a window of the file.
    XxhState xxh;
    if (!xxh.state)
        return makeError(ErrorCode::Failure, tr("Out of memory"));
    QByteArray window(kWindowBytes, Qt::Uninitialized);
    qint64 windowStart = 0;
    qint64 windowLength = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (i % 1024 == 0 && isCancelled())
            return cancelledError();
        TsmBlock &b = blocks[i];
        XXH3_128bits_reset_withSecret(xxh.state, secret.constData(), static_cast<size_t>(secret.size()));
        qint64 pos = b.offset;
        qint64 left = b.length;
        while (left > 0) {
            if (pos < windowStart || pos >= windowStart + windowLength) {
                windowStart = pos;
                windowLength = TsmBlocks::readAt(fd, window.data(), kWindowBytes, pos);
                if (windowLength < 0)
                    return ioError();
                if (windowLength == 0)
                    return damaged(tr("a block of a TSM file lies past the end of the tar"));
            }
            const qint64 n = std::min(left, windowStart + windowLength - pos);
            XXH3_128bits_update(xxh.state, window.constData() + (pos - windowStart), static_cast<size_t>(n));
            pos += n;
            left -= n;
        }
        const XXH128_hash_t h = XXH3_128bits_digest(xxh.state);
        b.hashLow = h.low64;
        b.hashHigh = h.high64;
    }
    return blocks;
}

void TsmBlockMap::sort()
{
    std::sort(blocks.begin(), blocks.end(), [](const TsmBlock &a, const TsmBlock &b) {
        return std::tie(a.hashHigh, a.hashLow, a.length, a.offset) <
               std::tie(b.hashHigh, b.hashLow, b.length, b.offset);
    });
}

const TsmBlock *TsmBlockMap::find(const TsmBlock &hashed) const
{
    const auto it = std::lower_bound(blocks.begin(), blocks.end(), hashed, [](const TsmBlock &a, const TsmBlock &b) {
        return std::tie(a.hashHigh, a.hashLow, a.length) < std::tie(b.hashHigh, b.hashLow, b.length);
    });
    if (it == blocks.end() || it->hashHigh != hashed.hashHigh || it->hashLow != hashed.hashLow ||
        it->length != hashed.length)
        return nullptr;
    return &*it;
}

QByteArray TsmBlockMap::serialize() const
{
    QByteArray out;
    out.reserve(kMapHeaderBytes + static_cast<qsizetype>(blocks.size()) * kMapEntryBytes + kMapTrailerBytes);
    const auto u64 = [&](quint64 v) {
        char b[8];
        qToLittleEndian(v, b);
        out.append(b, 8);
    };
    out.append(kMapMagic, 8);
    u64(static_cast<quint64>(fileSize));
    u64(blocks.size());
    out.append(fileChecksum.toLatin1().leftJustified(32, '\0', true));
    out.append(secret.leftJustified(TsmBlocks::kSecretBytes, '\0', true));
    for (const TsmBlock &b : blocks) {
        u64(b.hashLow);
        u64(b.hashHigh);
        u64(static_cast<quint64>(b.offset));
        u64(static_cast<quint64>(b.length));
    }
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(out.constData(), static_cast<size_t>(out.size())));
    out.append(reinterpret_cast<const char *>(canonical.digest), kMapTrailerBytes);
    return out;
}

std::optional<TsmBlockMap> TsmBlockMap::parse(const QByteArray &bytes, const QString &checksum)
{
    if (bytes.size() < kMapHeaderBytes + kMapTrailerBytes || !bytes.startsWith(QByteArrayView(kMapMagic, 8)))
        return std::nullopt;
    const char *d = bytes.constData();
    const qsizetype body = bytes.size() - kMapTrailerBytes;
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits(d, static_cast<size_t>(body)));
    if (std::memcmp(canonical.digest, d + body, kMapTrailerBytes) != 0)
        return std::nullopt;
    TsmBlockMap map;
    map.fileSize = static_cast<qint64>(qFromLittleEndian<quint64>(d + 8));
    const quint64 count = qFromLittleEndian<quint64>(d + 16);
    map.fileChecksum = QString::fromLatin1(d + 24, 32);
    map.secret = QByteArray(d + 56, TsmBlocks::kSecretBytes);
    if (map.fileChecksum != checksum || map.fileSize < 0 ||
        count != static_cast<quint64>((body - kMapHeaderBytes) / kMapEntryBytes) ||
        (body - kMapHeaderBytes) % kMapEntryBytes != 0)
        return std::nullopt;
    map.blocks.resize(count);
    for (quint64 i = 0; i < count; ++i) {
        const char *e = d + kMapHeaderBytes + static_cast<qsizetype>(i) * kMapEntryBytes;
        TsmBlock &b = map.blocks[i];
        b.hashLow = qFromLittleEndian<quint64>(e);
        b.hashHigh = qFromLittleEndian<quint64>(e + 8);
        b.offset = static_cast<qint64>(qFromLittleEndian<quint64>(e + 16));
        b.length = static_cast<qint64>(qFromLittleEndian<quint64>(e + 24));
        // Every block inside the version: a reference is never outside its base.
        if (b.offset < 0 || b.length <= 0 || b.offset > map.fileSize || b.length > map.fileSize - b.offset)
            return std::nullopt;
    }
    map.sort();
    return map;
}

TsmMapCache::TsmMapCache(QString dir) : m_dir(std::move(dir))
{
    if (m_dir.isEmpty())
        m_dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                QStringLiteral("/tidemark/tsm-maps");
}

QString TsmMapCache::pathOf(const QString &checksum) const
{
    return m_dir + QLatin1Char('/') + checksum + QStringLiteral(".map");
}

std::optional<TsmBlockMap> TsmMapCache::load(const QString &checksum) const
{
    QFile file(pathOf(checksum));
    if (!file.open(QIODevice::ReadWrite))
        return std::nullopt;
    auto map = TsmBlockMap::parse(file.readAll(), checksum);
    if (map)
        (void)file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return map;
}

Status TsmMapCache::store(const TsmBlockMap &map) const
{
    if (!QDir().mkpath(m_dir))
        return makeError(ErrorCode::Io, tr("Cannot create the block map cache '%1'.").arg(m_dir),
                         tr("Check the permissions of the cache directory (XDG_CACHE_HOME)."));
    // The maps hold their secrets: the user's own.
    (void)QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QSaveFile file(pathOf(map.fileChecksum));
    const QByteArray bytes = map.serialize();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return makeError(ErrorCode::Io,
                         tr("Cannot write the block map '%1': %2").arg(pathOf(map.fileChecksum), file.errorString()),
                         tr("Check free space and permissions of the cache directory (XDG_CACHE_HOME)."));
    (void)QFile::setPermissions(pathOf(map.fileChecksum), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

void TsmMapCache::prune(const QDateTime &keepSince) const
{
    const QFileInfoList maps = QDir(m_dir).entryInfoList({QStringLiteral("*.map")}, QDir::Files, QDir::Time);
    for (qsizetype i = kKeepMaps; i < maps.size(); ++i) {
        if (maps[i].lastModified() < keepSince)
            QFile::remove(maps[i].absoluteFilePath());
    }
}

qint64 TsmBlocks::readAt(int fd, char *data, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t got = ::pread(fd, data + done, static_cast<size_t>(size - done), offset + done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        done += got;
    }
    return done;
}

} // namespace tidemark
