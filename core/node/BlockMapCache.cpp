#include "node/BlockMapCache.h"

#include "common/Log.h"
#include "snapshot/BlockPatch.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QUuid>
#include <QtEndian>

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>

namespace tidemark {

namespace {

constexpr qsizetype kIoBytes = 64 * 1024; // 8 Ki hashes per read or write.

quint64 blockCount(qint64 fileSize, qint32 blockSize)
{
    return static_cast<quint64>((fileSize + blockSize - 1) / blockSize);
}

} // namespace

struct BlockMapCache::Reader::Hasher {
    XXH3_state_t *state = XXH3_createState();
    Hasher() { XXH3_64bits_reset(state); }
    ~Hasher() { XXH3_freeState(state); }
};

struct BlockMapCache::Writer::Hasher {
    XXH3_state_t *state = XXH3_createState();
    Hasher() { XXH3_64bits_reset(state); }
    ~Hasher() { XXH3_freeState(state); }
};

BlockMapCache::BlockMapCache(QString dir) : m_dir(std::move(dir))
{
    if (!QDir().mkpath(m_dir)) {
        qCWarning(lcNode) << "cannot create" << m_dir << "; incrementals will send whole files";
        return;
    }
    const QDir maps(m_dir);
    for (const QString &tmp : maps.entryList({QStringLiteral("*.tmp")}, QDir::Files))
        QFile::remove(maps.filePath(tmp));
}

QString BlockMapCache::fileKey(const QString &name)
{
    return QString(name).replace(QLatin1Char('/'), QLatin1Char('_'));
}

QString BlockMapCache::mapPath(const QString &name, const QString &checksum) const
{
    return m_dir + QLatin1Char('/') + fileKey(name) + QLatin1Char('.') + checksum + QStringLiteral(".map");
}

// ---- reading ----------------------------------------------------------------------------------

BlockMapCache::Reader::Reader() : m_hasher(std::make_unique<Hasher>())
{
}

BlockMapCache::Reader::~Reader() = default;

std::unique_ptr<BlockMapCache::Reader> BlockMapCache::Reader::open(const QString &path, qint32 blockSize, QString *why)
{
    std::unique_ptr<Reader> reader(new Reader);
    reader->m_file.setFileName(path);
    if (!reader->m_file.open(QIODevice::ReadOnly)) {
        *why = reader->m_file.exists() ? reader->m_file.errorString() : tr("no block map");
        return nullptr;
    }
    char header[kHeaderBytes];
    if (reader->m_file.read(header, kHeaderBytes) != kHeaderBytes || std::memcmp(header, kMagic, 8) != 0) {
        *why = tr("block map '%1' has no valid header").arg(path);
        return nullptr;
    }
    const auto size = qFromLittleEndian<quint32>(header + 8);
    const auto fileSize = qFromLittleEndian<qint64>(header + 16);
    const auto count = qFromLittleEndian<quint64>(header + 24);
    if (size != static_cast<quint32>(blockSize) || fileSize < 0 || count != blockCount(fileSize, blockSize) ||
        reader->m_file.size() != kHeaderBytes + static_cast<qint64>(count) * 8 + 8) {
        *why = tr("block map '%1' is damaged (its header does not match its size)").arg(path);
        return nullptr;
    }
    XXH3_64bits_update(reader->m_hasher->state, header, kHeaderBytes);
    reader->m_fileSize = fileSize;
    reader->m_count = count;
    reader->m_buffer.resize(kIoBytes);
    return reader;
}

bool BlockMapCache::Reader::next(quint64 *hash)
{
    if (m_read >= m_count)
        return false;
    if (m_bufferPos == m_bufferFill) {
        const qint64 left = static_cast<qint64>(m_count - m_read) * 8;
        const qint64 n = m_file.read(m_buffer.data(), std::min<qint64>(left, kIoBytes));
        if (n <= 0 || n % 8 != 0)
            return false;
        XXH3_64bits_update(m_hasher->state, m_buffer.data(), static_cast<size_t>(n));
        m_bufferPos = 0;
        m_bufferFill = n;
    }
    *hash = qFromLittleEndian<quint64>(m_buffer.data() + m_bufferPos);
    m_bufferPos += 8;
    ++m_read;
    return true;
}

bool BlockMapCache::Reader::finish()
{
    if (m_read != m_count || m_bufferPos != m_bufferFill)
        return false;
    char trailer[8];
    if (m_file.read(trailer, 8) != 8 || !m_file.atEnd())
        return false;
    return qFromLittleEndian<quint64>(trailer) == XXH3_64bits_digest(m_hasher->state);
}

bool BlockMapCache::isUsable(const QString &name, const QString &checksum, qint64 fileSize, qint32 blockSize,
                             QString *why) const
{
    auto reader = Reader::open(mapPath(name, checksum), blockSize, why);
    if (!reader)
        return false;
    if (reader->fileSize() != fileSize) {
        *why = tr("block map '%1' is of a file of %2 bytes, not %3")
                   .arg(mapPath(name, checksum))
                   .arg(reader->fileSize())
                   .arg(fileSize);
        return false;
    }
    quint64 hash = 0;
    while (reader->next(&hash)) {
    }
    if (!reader->finish()) {
        *why = tr("block map '%1' is damaged (its checksum does not match)").arg(mapPath(name, checksum));
        return false;
    }
    return true;
}

// ---- writing ----------------------------------------------------------------------------------

BlockMapCache::Writer::Writer(BlockMapCache &cache, QString name, qint32 blockSize, qint64 fileSize)
    : m_cache(cache), m_name(std::move(name)), m_blockSize(blockSize), m_fileSize(fileSize),
      m_hasher(std::make_unique<Hasher>())
{
    m_carry.resize(static_cast<size_t>(blockSize));
    m_file.setFileName(m_cache.m_dir + QLatin1Char('/') + fileKey(m_name) + QLatin1Char('.') +
                       QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral(".tmp"));
    m_ok = true; // The tmp file is created once more than kIoBytes are held, or at commit().
    char header[kHeaderBytes] = {};
    std::memcpy(header, kMagic, 8);
    qToLittleEndian<quint32>(static_cast<quint32>(blockSize), header + 8);
    qToLittleEndian<qint64>(fileSize, header + 16);
    qToLittleEndian<quint64>(blockCount(fileSize, blockSize), header + 24);
    put(header, kHeaderBytes);
}

BlockMapCache::Writer::~Writer()
{
    if (m_file.isOpen()) {
        m_file.close();
        m_file.remove();
    }
}

bool BlockMapCache::Writer::spill()
{
    if (!m_file.isOpen() && !m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        qCWarning(lcNode) << "cannot write block map" << m_file.fileName() << ":" << m_file.errorString();
        return false;
    }
    const bool ok = m_file.write(m_out) == m_out.size();
    m_out.resize(0);
    return ok;
}

void BlockMapCache::Writer::put(const char *data, qsizetype size)
{
    if (!m_ok)
        return;
    XXH3_64bits_update(m_hasher->state, data, static_cast<size_t>(size));
    m_out.append(data, size);
    if (m_out.size() >= kIoBytes)
        m_ok = spill();
}

bool BlockMapCache::Writer::block(const char *data, qsizetype size)
{
    const quint64 hash = blockpatch::blockHash(data, size);
    char bytes[8];
    qToLittleEndian<quint64>(hash, bytes);
    put(bytes, 8);
    const quint64 number = m_blocks++;
    return !m_onBlock || m_onBlock(number, hash, data, size);
}

bool BlockMapCache::Writer::add(const char *data, qsizetype size)
{
    if (m_carryFill > 0) {
        const qsizetype n = std::min<qsizetype>(size, m_blockSize - m_carryFill);
        std::memcpy(m_carry.data() + m_carryFill, data, static_cast<size_t>(n));
        m_carryFill += n;
        data += n;
        size -= n;
        if (m_carryFill < m_blockSize)
            return true;
        m_carryFill = 0;
        if (!block(m_carry.data(), m_blockSize))
            return false;
    }
    while (size >= m_blockSize) {
        if (!block(data, m_blockSize))
            return false;
        data += m_blockSize;
        size -= m_blockSize;
    }
    if (size > 0) {
        std::memcpy(m_carry.data(), data, static_cast<size_t>(size));
        m_carryFill = size;
    }
    return true;
}

bool BlockMapCache::Writer::finishBlocks()
{
    if (m_carryFill == 0)
        return true;
    const qsizetype n = m_carryFill;
    m_carryFill = 0;
    return block(m_carry.data(), n);
}

void BlockMapCache::Writer::commit(const QString &checksum)
{
    if (m_ok && m_blocks != blockCount(m_fileSize, m_blockSize)) {
        qCWarning(lcNode) << "block map of" << m_name << "has" << m_blocks << "blocks, expected"
                          << blockCount(m_fileSize, m_blockSize) << "; not kept";
        m_ok = false;
    }
    const QString target = m_cache.mapPath(m_name, checksum);
    if (m_ok) {
        char trailer[8];
        qToLittleEndian<quint64>(XXH3_64bits_digest(m_hasher->state), trailer);
        m_out.append(trailer, 8);
        // All of it held, and the same bytes there already: the map is current; its time says so
        // (tidy() keeps the newest).
        if (!m_file.isOpen()) {
            QFile existing(target);
            if (existing.size() == m_out.size() && existing.open(QIODevice::ReadOnly) && existing.readAll() == m_out) {
                existing.close();
                if (::utimensat(AT_FDCWD, QFile::encodeName(target).constData(), nullptr, 0) == 0)
                    return;
            }
        }
        m_ok = spill() && m_file.flush();
    }
    if (!m_ok) {
        qCWarning(lcNode) << "cannot write block map" << m_file.fileName() << ":" << m_file.errorString();
        return; // The destructor removes the tmp file.
    }
    m_file.close();
    // Replaces a map of the same version (sent again: the same map) at once.
    if (::rename(QFile::encodeName(m_file.fileName()).constData(), QFile::encodeName(target).constData()) != 0) {
        qCWarning(lcNode) << "cannot rename block map to" << target;
        QFile::remove(m_file.fileName());
    }
}

// ---- housekeeping -----------------------------------------------------------------------------

void BlockMapCache::tidy(const QSet<QString> &names)
{
    std::lock_guard lock(m_mutex);
    QHash<QString, int> kept; // Maps kept so far, by file key, of the files in `names`.
    for (const QString &name : names)
        kept.insert(fileKey(name), 0);
    const QDir maps(m_dir);
    // Newest first; a key is never a prefix of another's ('.' follows it).
    for (const QFileInfo &map : maps.entryInfoList({QStringLiteral("*.map")}, QDir::Files, QDir::Time)) {
        const auto it = kept.find(map.fileName().section(QLatin1Char('.'), 0, 0));
        if (it == kept.end() || ++it.value() > kKeep)
            QFile::remove(map.filePath());
    }
}

} // namespace tidemark
