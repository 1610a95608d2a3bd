#include "snapshot/BlockPatch.h"

#include <QtEndian>

#include <xxhash.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include <unistd.h>

namespace tidemark {

namespace {

constexpr quint64 kEndMarker = std::numeric_limits<quint64>::max();

void putRunHeader(char *out, quint64 first, quint32 count)
{
    qToLittleEndian<quint64>(first, out);
    qToLittleEndian<quint32>(count, out + 8);
    qToLittleEndian<quint32>(0, out + 12);
}

} // namespace

quint64 blockpatch::blockHash(const char *data, qsizetype size)
{
    return XXH3_64bits(size > 0 ? data : "", static_cast<size_t>(size));
}

// ---- encoder ----------------------------------------------------------------------------------

BlockPatchEncoder::BlockPatchEncoder(qint32 blockSize, qint64 fileSize, Sink sink)
    : m_blockSize(blockSize), m_fileSize(fileSize), m_sink(std::move(sink))
{
    m_run.reserve(blockpatch::kMaxRunBytes);
}

bool BlockPatchEncoder::emit(const char *data, qsizetype size)
{
    if (size == 0)
        return true;
    if (!m_sink(data, size))
        return false;
    m_written += size;
    return true;
}

bool BlockPatchEncoder::flushRun()
{
    if (!m_started) {
        char header[blockpatch::kHeaderBytes];
        memcpy(header, blockpatch::kMagic, 8);
        qToLittleEndian<quint32>(static_cast<quint32>(m_blockSize), header + 8);
        qToLittleEndian<quint32>(0, header + 12);
        qToLittleEndian<quint64>(static_cast<quint64>(m_fileSize), header + 16);
        if (!emit(header, sizeof header))
            return false;
        m_started = true;
    }
    if (m_runCount == 0)
        return true;
    char head[blockpatch::kRunHeaderBytes];
    putRunHeader(head, m_runFirst, static_cast<quint32>(m_runCount));
    const bool ok = emit(head, sizeof head) && emit(m_run.constData(), m_run.size());
    m_run.clear();
    m_runCount = 0;
    return ok;
}

bool BlockPatchEncoder::addBlock(quint64 number, const char *data, qsizetype size)
{
    if (m_finished || number < m_next)
        return false;
    const qint64 offset = static_cast<qint64>(number) * m_blockSize;
    const qsizetype expected = static_cast<qsizetype>(std::min<qint64>(m_blockSize, m_fileSize - offset));
    if (offset >= m_fileSize || size != expected)
        return false;
    const bool continues = m_runCount > 0 && number == m_runFirst + m_runCount;
    if (!continues || m_run.size() + size > blockpatch::kMaxRunBytes) {
        if (!flushRun())
            return false;
        m_runFirst = number;
    }
    m_run.append(data, size);
    ++m_runCount;
    ++m_blocks;
    m_next = number + 1;
    return true;
}

bool BlockPatchEncoder::finish()
{
    if (m_finished)
        return false;
    if (!flushRun())
        return false;
    char end[blockpatch::kRunHeaderBytes];
    putRunHeader(end, kEndMarker, 0);
    m_finished = true;
    return emit(end, sizeof end);
}

// ---- applier ----------------------------------------------------------------------------------

BlockPatchApplier::BlockPatchApplier(int fd, qint32 blockSize, qint64 fileSize, QString where)
    : m_fd(fd), m_blockSize(blockSize), m_fileSize(fileSize),
      m_fileBlocks(blockSize > 0 && fileSize > 0 ? static_cast<quint64>((fileSize + blockSize - 1) / blockSize) : 0),
      m_where(std::move(where))
{
}

Error BlockPatchApplier::damaged(const QString &detail) const
{
    return makeError(ErrorCode::Integrity, tr("The changed blocks of %1 are damaged: %2").arg(m_where, detail),
                     tr("Restore up to an earlier link (--upto), or from another backup."));
}

Status BlockPatchApplier::parseHeader()
{
    if (memcmp(m_head, blockpatch::kMagic, 8) != 0)
        return damaged(tr("they do not start with the block link header"));
    const auto blockSize = qFromLittleEndian<quint32>(m_head + 8);
    const auto reserved = qFromLittleEndian<quint32>(m_head + 12);
    const auto fileSize = qFromLittleEndian<quint64>(m_head + 16);
    if (blockSize != static_cast<quint32>(m_blockSize))
        return damaged(tr("their block size is %1 but the manifest says %2").arg(blockSize).arg(m_blockSize));
    if (reserved != 0)
        return damaged(tr("their header has a reserved field that is not zero"));
    if (fileSize != static_cast<quint64>(m_fileSize))
        return damaged(tr("they rebuild a file of %1 bytes but the manifest says %2").arg(fileSize).arg(m_fileSize));
    m_state = State::RunHeader;
    return {};
}

Status BlockPatchApplier::parseRun()
{
    const auto first = qFromLittleEndian<quint64>(m_head);
    const auto count = qFromLittleEndian<quint32>(m_head + 8);
    const auto reserved = qFromLittleEndian<quint32>(m_head + 12);
    if (reserved != 0)
        return damaged(tr("a run header has a reserved field that is not zero"));
    if (first == kEndMarker) {
        if (count != 0)
            return damaged(tr("the end record has a count"));
        m_state = State::Ended;
        return {};
    }
    if (count == 0)
        return damaged(tr("a run at block %1 holds no block").arg(first));
    if (first < m_next)
        return damaged(tr("the run at block %1 is out of order or overlaps the one before").arg(first));
    if (first >= m_fileBlocks || count > m_fileBlocks - first)
        return damaged(tr("the run of %1 blocks at block %2 reaches past the file's %3 blocks")
                           .arg(count)
                           .arg(first)
                           .arg(m_fileBlocks));
    m_next = first + count;
    m_offset = static_cast<qint64>(first) * m_blockSize;
    m_runLeft = std::min<qint64>(static_cast<qint64>(count) * m_blockSize, m_fileSize - m_offset);
    m_blocks += count;
    m_state = State::RunData;
    return {};
}

Status BlockPatchApplier::write(const char *data, qsizetype size)
{
    while (size > 0) {
        switch (m_state) {
        case State::Ended:
            return damaged(tr("bytes follow their end record"));
        case State::Header:
        case State::RunHeader: {
            const qsizetype need =
                (m_state == State::Header ? blockpatch::kHeaderBytes : blockpatch::kRunHeaderBytes) - m_headFill;
            const qsizetype take = std::min(need, size);
            memcpy(m_head + m_headFill, data, static_cast<size_t>(take));
            m_headFill += take;
            data += take;
            size -= take;
            if (take < need)
                break;
            m_headFill = 0;
            if (Status s = m_state == State::Header ? parseHeader() : parseRun(); !s)
                return s;
            break;
        }
        case State::RunData: {
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(m_runLeft, size));
            for (qsizetype done = 0; done < take;) {
                const ssize_t n = ::pwrite(m_fd, data + done, static_cast<size_t>(take - done), m_offset + done);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return makeError(ErrorCode::Io,
                                     tr("Cannot write the changed blocks of %1: %2")
                                         .arg(m_where, QString::fromLocal8Bit(strerror(n < 0 ? errno : EIO))),
                                     tr("Check free disk space and permissions of the destination."));
                done += n;
            }
            m_offset += take;
            m_runLeft -= take;
            data += take;
            size -= take;
            if (m_runLeft == 0)
                m_state = State::RunHeader;
            break;
        }
        }
    }
    return {};
}

Status BlockPatchApplier::finish()
{
    if (m_state != State::Ended)
        return damaged(tr("they end before their end record"));
    if (::ftruncate(m_fd, m_fileSize) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot set the size of %1: %2").arg(m_where, QString::fromLocal8Bit(strerror(errno))),
                         tr("Check free disk space and permissions of the destination."));
    return {};
}

} // namespace tidemark
