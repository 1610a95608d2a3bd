#include "tidemark/SnapshotClient.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

namespace tidemark {

SnapshotClient::SnapshotClient(Options options) : m_options(std::move(options))
{
}

SnapshotClient::~SnapshotClient() = default;

QString SnapshotClient::peerName() const
{
    return QStringLiteral("node ") + m_options.host.toString();
}

Status SnapshotClient::connectSocket()
{
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(m_options.host.host, m_options.host.port);
    if (!m_socket->waitForConnected(std::min(m_options.timeoutMs, 30000)))
        return makeError(ErrorCode::Connection, tr("Cannot connect to %1: %2").arg(peerName(), m_socket->errorString()),
                         tr("Check that tidemarkd runs there and that [snapshot] bind-address is reachable from here "
                            "(it is loopback-only by default)."));
    return {};
}

// A certificate that fails verification is an authentication failure (Auth): retrying cannot
// help, the operator must fix the trust or the name. A peer that does not speak TLS at all is a
// Protocol error, as any other wrong bytes.
Status SnapshotClient::connectTls(const Tls &tls)
{
    if (!QSslSocket::supportsSsl())
        return makeError(ErrorCode::Config, tr("TLS is not available: Qt has no TLS backend here"),
                         tr("Install Qt's OpenSSL TLS plugin (Debian: libqt6network6 and libssl3)."));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!tls.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
        if (cas.isEmpty())
            return makeError(
                ErrorCode::Config, tr("Cannot read CA certificates from '%1'").arg(tls.caFile),
                tr("--tls-ca takes a readable PEM file: the node's certificate or the CA that signed it."));
        config.setCaCertificates(cas);
    }
    auto socket = std::make_unique<QSslSocket>();
    socket->setSslConfiguration(config);
    socket->connectToHostEncrypted(m_options.host.host, m_options.host.port);
    const QString peer = peerName();
    if (!socket->waitForConnected(std::min(m_options.timeoutMs, 30000)))
        return makeError(ErrorCode::Connection, tr("Cannot connect to %1: %2").arg(peer, socket->errorString()),
                         tr("Check that tidemarkd runs there and that [snapshot] bind-address is reachable from here "
                            "(it is loopback-only by default)."));
    if (!socket->waitForEncrypted(m_options.timeoutMs)) {
        const QList<QSslError> errors = socket->sslHandshakeErrors();
        if (!errors.isEmpty()) {
            QStringList reasons;
            for (const QSslError &e : errors)
                reasons << e.errorString();
            reasons.removeDuplicates();
            return makeError(
                ErrorCode::Auth,
                tr("The TLS certificate of %1 failed verification: %2").arg(peer, reasons.join(QStringLiteral("; "))),
                tr("Trust the node's certificate or its CA with --tls-ca FILE, and connect with a host name or "
                   "address that the certificate names (subject alternative name)."));
        }
        if (socket->error() == QAbstractSocket::SslHandshakeFailedError)
            return makeError(
                ErrorCode::Protocol, tr("TLS handshake with %1 failed: %2").arg(peer, socket->errorString()),
                tr("The node may not use TLS: drop --tls, or set [snapshot] tls-cert and tls-key in its config."));
        return makeError(ErrorCode::Connection,
                         tr("TLS handshake with %1 did not finish: %2").arg(peer, socket->errorString()),
                         tr("The node may be busy (too many connections); try again later."));
    }
    m_socket = std::move(socket);
    return {};
}

Status SnapshotClient::connect()
{
    if (Status s = m_options.tls.enabled ? connectTls(m_options.tls) : connectSocket(); !s)
        return s;
    m_channel = std::make_unique<FrameChannel>(*m_socket, peerName(), m_options.cancelled);
    auto frame = m_channel->read(m_options.timeoutMs);
    if (!frame)
        return frame.error();
    if (frame->type == FrameType::Response) {
        auto response = protocol::Response::fromJson(frame->payload);
        if (!response)
            return response.error();
        return refusal(response.value());
    }
    if (frame->type != FrameType::Hello)
        return makeError(ErrorCode::Protocol, tr("%1 did not greet with a hello frame").arg(peerName()),
                         tr("Is this the snapshot port of a tidemarkd node (default 8808)?"));
    auto hello = protocol::Hello::fromJson(frame->payload);
    if (!hello)
        return hello.error();
    m_hello = hello.takeValue();
    return {};
}

Error SnapshotClient::refusal(const protocol::Response &response) const
{
    const ErrorCode code = protocol::errorCodeFor(response.status);
    const QString message = tr("%1 answered %2: %3").arg(peerName()).arg(response.status).arg(response.message);
    switch (response.status) {
    case protocol::Unauthorized:
        return makeError(code, message, tr("Pass the node's [snapshot] auth-token with --token-file FILE."));
    case protocol::NotFound:
        return makeError(code, message, tr("Set [snapshot] enabled = true in the node's config and restart it."));
    case protocol::Conflict:
        return makeError(code, message, tr("Other snapshots are running; try again when they finish."));
    case protocol::PreconditionFailed:
        return makeError(code, message,
                         tr("Restore under another name with --as NEWNAME, or choose --on-conflict skip or replace."));
    default:
        return makeError(code, message);
    }
}

Result<protocol::Response> SnapshotClient::send(const protocol::Request &request)
{
    protocol::Request r = request;
    if (!m_options.token.isEmpty())
        r.auth = protocol::authProof(m_options.token, m_hello.nonce);
    else if (m_hello.authRequired)
        return makeError(ErrorCode::Auth, tr("%1 requires an auth token").arg(peerName()),
                         tr("Pass the node's [snapshot] auth-token with --token-file FILE."));
    if (Status s = m_channel->write(FrameType::Request, r.toJson(), m_options.timeoutMs); !s)
        return s.error();
    auto frame = m_channel->read(m_options.timeoutMs);
    if (!frame)
        return frame.error();
    if (frame->type != FrameType::Response)
        return makeError(ErrorCode::Protocol, tr("%1 sent an unexpected frame instead of a response").arg(peerName()));
    auto response = protocol::Response::fromJson(frame->payload);
    if (!response)
        return response.error();
    if (response->status != protocol::Ok)
        return refusal(response.value());
    return response;
}

Result<protocol::NodeInfo> SnapshotClient::nodeInfo()
{
    protocol::Request request;
    request.command = protocol::Request::Command::NodeInfo;
    auto response = send(request);
    if (!response)
        return response.error();
    return protocol::NodeInfo::fromJson(response->body.value(QStringLiteral("info")).toObject());
}

Result<protocol::SnapshotAnswer> SnapshotClient::requestSnapshot(const QByteArray &baseManifest, const QString &chainId,
                                                                 const CompressionOptions &compression, bool blockLinks)
{
    protocol::Request request;
    request.command = protocol::Request::Command::Snapshot;
    request.baseManifest = baseManifest;
    request.blockLinks = blockLinks;
    request.chainId = chainId;
    request.compress = compression.zstd;
    request.compressionLevel = compression.level;
    request.compressionThreads = compression.threads < 0 ? -1 : compression.threads;
    auto response = send(request);
    if (!response)
        return response.error();
    auto answer = protocol::SnapshotAnswer::fromJson(response->body);
    if (!answer)
        return makeError(ErrorCode::Protocol, tr("%1: %2").arg(peerName(), answer.error().message));
    return answer;
}

Result<std::optional<QByteArray>> SnapshotClient::readData()
{
    auto frame = m_channel->read(m_options.timeoutMs);
    if (!frame)
        return frame.error();
    if (frame->type == FrameType::Data) {
        m_dataBytes += frame->payload.size();
        // Holding back here holds back the node: the socket's buffers fill and TCP slows it down.
        if (m_options.limiter)
            m_options.limiter->consume(frame->payload.size(), m_options.cancelled);
        return std::optional<QByteArray>(std::move(frame->payload));
    }
    if (frame->type != FrameType::End)
        return makeError(ErrorCode::Protocol,
                         tr("%1 sent an unexpected frame inside the archive stream").arg(peerName()));
    auto end = protocol::Response::fromJson(frame->payload);
    if (!end)
        return end.error();
    if (end->status != protocol::Ok)
        return makeError(ErrorCode::Failure,
                         tr("%1 ended the snapshot with %2: %3").arg(peerName()).arg(end->status).arg(end->message),
                         tr("See the node's log; the backup chain was left as it was."));
    return std::optional<QByteArray>();
}

} // namespace tidemark

namespace tidemark {

Status SnapshotClient::beginImport(const protocol::ImportPlan &plan)
{
    protocol::Request request;
    request.command = protocol::Request::Command::Import;
    request.importPlan = plan;
    auto response = send(request);
    if (!response)
        return response.error();
    return {};
}

Error SnapshotClient::importLost(const Error &writeError)
{
    if (writeError.code == ErrorCode::Cancelled)
        return writeError;
    // The node may have ended the import early (a file that is not what the plan says) and closed.
    auto frame = m_channel->read(2000);
    if (frame && frame->type == FrameType::End) {
        auto end = protocol::Response::fromJson(frame->payload);
        if (end && end->status != protocol::Ok)
            return makeError(protocol::errorCodeFor(end->status),
                             tr("%1 refused the import: %2").arg(peerName(), end->message),
                             tr("Nothing of the import became visible on the node."));
    }
    return writeError;
}

Status SnapshotClient::sendImportData(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        const qsizetype n = std::min<qsizetype>(bytes.size(), FrameLimits::kMaxData);
        if (Status s = m_channel->write(FrameType::Data, bytes.first(n).toByteArray(), m_options.timeoutMs); !s)
            return importLost(s.error());
        bytes = bytes.sliced(n);
    }
    return {};
}

Result<QJsonObject> SnapshotClient::finishImport(int commitTimeoutMs)
{
    if (Status s = m_channel->write(FrameType::End, protocol::response(protocol::Ok, QStringLiteral("OK")),
                                    m_options.timeoutMs);
        !s)
        return importLost(s.error());
    if (Status s = m_channel->flush(m_options.timeoutMs); !s)
        return importLost(s.error());
    auto frame = m_channel->read(commitTimeoutMs);
    if (!frame)
        return frame.error();
    if (frame->type != FrameType::End)
        return makeError(ErrorCode::Protocol,
                         tr("%1 sent an unexpected frame at the end of an import").arg(peerName()));
    auto end = protocol::Response::fromJson(frame->payload);
    if (!end)
        return end.error();
    if (end->status != protocol::Ok) {
        const Error refused = refusal(end.value());
        return makeError(refused.code, tr("%1 refused the import: %2").arg(peerName(), end->message),
                         refused.hint.isEmpty() ? tr("Nothing of the import became visible on the node.")
                                                : refused.hint);
    }
    return end->body;
}

void SnapshotClient::abortImport(const QString &reason)
{
    if (!m_channel)
        return;
    (void)m_channel->write(FrameType::End, protocol::response(protocol::BadRequest, reason), 2000);
    (void)m_channel->flush(2000);
}

} // namespace tidemark
