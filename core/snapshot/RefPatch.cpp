#include "snapshot/RefPatch.h"

#include <QtEndian>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include <unistd.h>

namespace tidemark {

namespace {

constexpr quint64 kEndMarker = std::numeric_limits<quint64>::max();
constexpr qsizetype kCopyChunk = 1 << 20;

void putPair(char *out, quint64 a, quint64 b)
{
    qToLittleEndian<quint64>(a, out);
    qToLittleEndian<quint64>(b, out + 8);
}

} // namespace

// ---- encoder ----------------------------------------------------------------------------------

RefPatchEncoder::RefPatchEncoder(qint64 fileSize, qint64 baseSize, Sink sink)
    : m_fileSize(fileSize), m_baseSize(baseSize), m_sink(std::move(sink))
{
}

bool RefPatchEncoder::emit(const char *data, qsizetype size)
{
    if (m_failed)
        return false;
    if (size == 0)
        return true;
    if (!m_sink(data, size)) {
        m_failed = true;
        return false;
    }
    m_written += size;
    return true;
}

bool RefPatchEncoder::start()
{
    if (m_started)
        return !m_failed;
    m_started = true;
    char header[refpatch::kHeaderBytes];
    memcpy(header, refpatch::kMagic, 8);
    putPair(header + 8, static_cast<quint64>(m_fileSize), static_cast<quint64>(m_baseSize));
    return emit(header, sizeof header);
}

bool RefPatchEncoder::flushLiteral()
{
    if (m_literal.isEmpty())
        return !m_failed;
    char head[refpatch::kRecordHeaderBytes];
    putPair(head, refpatch::kLiteral, static_cast<quint64>(m_literal.size()));
    const bool ok = emit(head, sizeof head) && emit(m_literal.constData(), m_literal.size());
    m_literal.clear();
    return ok;
}

bool RefPatchEncoder::flushCopy()
{
    if (m_copyLength == 0)
        return !m_failed;
    char record[refpatch::kCopyBytes];
    putPair(record, refpatch::kCopy, static_cast<quint64>(m_copyLength));
    qToLittleEndian<quint64>(static_cast<quint64>(m_copyOffset), record + 16);
    m_copyLength = 0;
    return emit(record, sizeof record);
}

bool RefPatchEncoder::addLiteral(const char *data, qsizetype size)
{
    if (m_finished || m_failed || size < 0 || m_position + size > m_fileSize)
        return false;
    if (!start() || !flushCopy())
        return false;
    qsizetype done = 0;
    while (done < size) {
        const qsizetype take = std::min(size - done, refpatch::kMaxLiteral - m_literal.size());
        if (m_literal.capacity() < refpatch::kMaxLiteral)
            m_literal.reserve(refpatch::kMaxLiteral);
        m_literal.append(data + done, take);
        done += take;
        if (m_literal.size() == refpatch::kMaxLiteral && !flushLiteral())
            return false;
    }
    m_position += size;
    m_literalBytes += size;
    return true;
}

bool RefPatchEncoder::addCopy(qint64 baseOffset, qint64 length)
{
    if (m_finished || m_failed || length < 0 || baseOffset < 0 || baseOffset > m_baseSize ||
        length > m_baseSize - baseOffset || m_position + length > m_fileSize)
        return false;
    if (length == 0)
        return true;
    if (!start() || !flushLiteral())
        return false;
    if (m_copyLength > 0 && m_copyOffset + m_copyLength != baseOffset && !flushCopy())
        return false;
    if (m_copyLength == 0)
        m_copyOffset = baseOffset;
    m_copyLength += length;
    m_position += length;
    m_copiedBytes += length;
    return true;
}

bool RefPatchEncoder::finish()
{
    if (m_finished || m_failed || m_position != m_fileSize)
        return false;
    if (!start() || !flushLiteral() || !flushCopy())
        return false;
    m_finished = true;
    char end[refpatch::kRecordHeaderBytes];
    putPair(end, kEndMarker, static_cast<quint64>(m_fileSize));
    return emit(end, sizeof end);
}

// ---- applier ----------------------------------------------------------------------------------

RefPatchApplier::RefPatchApplier(int baseFd, qint64 baseSize, int outFd, qint64 fileSize, QString where,
                                 QString outPath)
    : m_baseFd(baseFd), m_baseSize(baseSize), m_outFd(outFd), m_fileSize(fileSize), m_where(std::move(where)),
      m_outPath(std::move(outPath))
{
}

Error RefPatchApplier::damaged(const QString &detail) const
{
    return makeError(ErrorCode::Integrity, tr("The references of %1 are damaged: %2").arg(m_where, detail),
                     tr("Restore up to an earlier link (--upto), or from another backup."));
}

Status RefPatchApplier::writeOut(const char *data, qsizetype size)
{
    for (qsizetype done = 0; done < size;) {
        const ssize_t n = ::pwrite(m_outFd, data + done, static_cast<size_t>(size - done), m_position);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(ErrorCode::Io,
                             tr("Cannot write '%1': %2").arg(m_outPath, QString::fromLocal8Bit(strerror(errno))),
                             tr("Check free disk space and permissions where it is written."));
        done += n;
        m_position += n;
    }
    return {};
}

Status RefPatchApplier::copy(qint64 baseOffset, qint64 length)
{
    // In the kernel where the file system can (no bytes through user space), else read and write.
    while (length > 0) {
        loff_t in = baseOffset;
        loff_t out = m_position;
        const ssize_t n = ::copy_file_range(m_baseFd, &in, m_outFd, &out, static_cast<size_t>(length), 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        baseOffset += n;
        length -= n;
        m_position += n;
        m_copied += n;
    }
    while (length > 0) {
        if (m_buffer.size() < kCopyChunk)
            m_buffer.resize(kCopyChunk);
        const qsizetype want = static_cast<qsizetype>(std::min<qint64>(length, kCopyChunk));
        const ssize_t n = ::pread(m_baseFd, m_buffer.data(), static_cast<size_t>(want), baseOffset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(ErrorCode::Io,
                             tr("Cannot read the version before %1: %2")
                                 .arg(m_where, n == 0 ? tr("it ended early") : QString::fromLocal8Bit(strerror(errno))),
                             tr("Check the scratch directory's disk, then run the command again."));
        if (Status s = writeOut(m_buffer.constData(), n); !s)
            return s;
        baseOffset += n;
        length -= n;
        m_copied += n;
    }
    return {};
}

Status RefPatchApplier::parseHeader()
{
    if (memcmp(m_head, refpatch::kMagic, 8) != 0)
        return damaged(tr("it does not start with a reference link's header"));
    const quint64 fileSize = qFromLittleEndian<quint64>(m_head + 8);
    const quint64 baseSize = qFromLittleEndian<quint64>(m_head + 16);
    if (fileSize != static_cast<quint64>(m_fileSize))
        return damaged(tr("it rebuilds %1 bytes where the manifest says %2").arg(fileSize).arg(m_fileSize));
    if (baseSize != static_cast<quint64>(m_baseSize))
        return damaged(
            tr("it refers to a version of %1 bytes, but the version before it has %2").arg(baseSize).arg(m_baseSize));
    return {};
}

Status RefPatchApplier::parseRecord()
{
    const quint64 kind = qFromLittleEndian<quint64>(m_head);
    const quint64 length = qFromLittleEndian<quint64>(m_head + 8);
    const quint64 left = static_cast<quint64>(m_fileSize - m_position);
    if (kind == kEndMarker) {
        if (length != static_cast<quint64>(m_fileSize) || m_position != m_fileSize)
            return damaged(tr("it ends after %1 of %2 bytes").arg(m_position).arg(m_fileSize));
        m_state = State::Ended;
        return {};
    }
    if (kind == refpatch::kLiteral) {
        if (length == 0 || length > static_cast<quint64>(refpatch::kMaxLiteral) || length > left)
            return damaged(tr("a literal of %1 bytes at byte %2 of %3").arg(length).arg(m_position).arg(m_fileSize));
        m_literalLeft = static_cast<qint64>(length);
        m_state = State::Literal;
        return {};
    }
    if (kind == refpatch::kCopy) {
        if (m_headWanted == refpatch::kRecordHeaderBytes) { // The base offset is still to come.
            m_headWanted = refpatch::kCopyBytes;
            m_headFill = refpatch::kRecordHeaderBytes; // Kind and length stay; the offset follows them.
            return {};
        }
        const quint64 offset = qFromLittleEndian<quint64>(m_head + 16);
        if (length == 0 || length > left || offset > static_cast<quint64>(m_baseSize) ||
            length > static_cast<quint64>(m_baseSize) - offset)
            return damaged(tr("a reference to %1 bytes at byte %2 of a version of %3 bytes")
                               .arg(length)
                               .arg(offset)
                               .arg(m_baseSize));
        m_headWanted = refpatch::kRecordHeaderBytes;
        return copy(static_cast<qint64>(offset), static_cast<qint64>(length));
    }
    return damaged(tr("an unknown record kind %1 at byte %2 of the file").arg(kind).arg(m_position));
}

Status RefPatchApplier::write(const char *data, qsizetype size)
{
    qsizetype done = 0;
    while (done < size) {
        switch (m_state) {
        case State::Header:
        case State::Record: {
            const qsizetype take = std::min(size - done, m_headWanted - m_headFill);
            memcpy(m_head + m_headFill, data + done, static_cast<size_t>(take));
            m_headFill += take;
            done += take;
            if (m_headFill < m_headWanted)
                break;
            m_headFill = 0;
            if (m_state == State::Header) {
                if (Status s = parseHeader(); !s)
                    return s;
                m_state = State::Record;
                m_headWanted = refpatch::kRecordHeaderBytes;
            } else if (Status s = parseRecord(); !s) {
                return s;
            }
            break;
        }
        case State::Literal: {
            const qsizetype take = static_cast<qsizetype>(std::min<qint64>(size - done, m_literalLeft));
            if (Status s = writeOut(data + done, take); !s)
                return s;
            done += take;
            m_literalLeft -= take;
            if (m_literalLeft == 0)
                m_state = State::Record;
            break;
        }
        case State::Ended:
            return damaged(tr("bytes follow its end record"));
        }
    }
    return {};
}

Status RefPatchApplier::finish()
{
    if (m_state != State::Ended)
        return damaged(tr("it is cut short after %1 of %2 bytes").arg(m_position).arg(m_fileSize));
    if (::ftruncate(m_outFd, m_fileSize) != 0)
        return makeError(ErrorCode::Io,
                         tr("Cannot write '%1': %2").arg(m_outPath, QString::fromLocal8Bit(strerror(errno))),
                         tr("Check free disk space and permissions where it is written."));
    return {};
}

} // namespace tidemark
