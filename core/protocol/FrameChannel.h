#pragma once

#include "common/Error.h"
#include "protocol/Frame.h"

#include <QCoreApplication>
#include <QTcpSocket>

#include <atomic>

namespace tidemark {

/// Blocking frame I/O over a socket that lives in the calling (worker) thread.
///
/// Every call is bounded by its timeout, counted from the call, not from the last byte: read()
/// gives ErrorCode::Connection naming the peer when no complete frame arrived in time, however
/// slowly bytes trickle in. The socket may be a QSslSocket (encrypted already). Writes wait while more than 4 MiB is
/// queued, so a slow reader slows the writer instead of growing memory. An optional cancel flag is polled between
/// waits.
class FrameChannel {
    Q_DECLARE_TR_FUNCTIONS(FrameChannel)

public:
    FrameChannel(QTcpSocket &socket, QString peerName, const std::atomic_bool *cancelled = nullptr);

    /// The next frame; Connection on close or timeout, Protocol on a malformed frame.
    [[nodiscard]] Result<Frame> read(int timeoutMs);
    [[nodiscard]] Status write(FrameType type, const QByteArray &payload, int timeoutMs);
    /// Waits until everything written has left the process.
    [[nodiscard]] Status flush(int timeoutMs);

private:
    [[nodiscard]] Error lost(const QString &what) const;

    QTcpSocket &m_socket;
    QString m_peer;
    const std::atomic_bool *m_cancelled;
    FrameReader m_reader;
    QByteArray m_buffer;
};

} // namespace tidemark
