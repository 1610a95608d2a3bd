#include "protocol/FrameChannel.h"

#include <QDeadlineTimer>

#include <algorithm>

namespace tidemark {

namespace {

constexpr qint64 kMaxQueuedBytes = 4 << 20;
constexpr int kPollMs = 100;          // How often a wait looks at the cancel flag.
constexpr qint64 kMaxChunk = 1 << 20; // Read at most this much at once, so a frame is not held twice over.

QString seconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3);
}

} // namespace

FrameChannel::FrameChannel(QTcpSocket &socket, QString peerName, const std::atomic_bool *cancelled)
    : m_socket(socket), m_peer(std::move(peerName)), m_cancelled(cancelled)
{
}

Error FrameChannel::lost(const QString &what) const
{
    if (m_cancelled && m_cancelled->load())
        return makeError(ErrorCode::Cancelled, tr("Cancelled"));
    return makeError(ErrorCode::Connection, tr("%1 %2: %3").arg(what, m_peer, m_socket.errorString()),
                     tr("Check that the node is running and reachable, then try again."));
}

Result<Frame> FrameChannel::read(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_reader.process(m_buffer);
        if (m_reader.state() == FrameReader::State::FrameReady)
            return m_reader.takeFrame();
        if (m_reader.state() == FrameReader::State::Failed)
            return makeError(ErrorCode::Protocol,
                             tr("%1 sent a malformed frame: %2").arg(m_peer, m_reader.errorMessage()),
                             tr("Is this the snapshot port of a tidemarkd node (default 8808)?"));
        if (m_cancelled && m_cancelled->load())
            return makeError(ErrorCode::Cancelled, tr("Cancelled"));
        if (deadline.hasExpired())
            return makeError(ErrorCode::Connection,
                             tr("%1 sent no complete frame within %2 s").arg(m_peer, seconds(timeoutMs)),
                             tr("The node may be overloaded or the network stalled; try again."));
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(static_cast<int>(std::min<qint64>(
                                                  kPollMs, std::max<qint64>(1, deadline.remainingTime()))))) {
            if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
                return lost(tr("Connection lost to"));
            continue;
        }
        m_buffer.append(m_socket.read(std::clamp<qint64>(m_socket.bytesAvailable(), 1, kMaxChunk)));
    }
}

Status FrameChannel::write(FrameType type, const QByteArray &payload, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.bytesToWrite() > kMaxQueuedBytes) {
        if (m_cancelled && m_cancelled->load())
            return makeError(ErrorCode::Cancelled, tr("Cancelled"));
        if (deadline.hasExpired())
            return makeError(ErrorCode::Connection, tr("%1 stopped reading for %2 s").arg(m_peer, seconds(timeoutMs)));
        if (!m_socket.waitForBytesWritten(kPollMs) && m_socket.state() != QAbstractSocket::ConnectedState)
            return lost(tr("Connection lost to"));
    }
    if (m_socket.write(encodeFrame(type, payload)) < 0)
        return lost(tr("Cannot send to"));
    return {};
}

Status FrameChannel::flush(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket.bytesToWrite() > 0) {
        if (deadline.hasExpired())
            return makeError(ErrorCode::Connection, tr("%1 stopped reading for %2 s").arg(m_peer, seconds(timeoutMs)));
        if (!m_socket.waitForBytesWritten(kPollMs) && m_socket.state() != QAbstractSocket::ConnectedState)
            return lost(tr("Connection lost to"));
    }
    return {};
}

} // namespace tidemark
