#pragma once

#include "common/CompressionOptions.h"
#include "common/Error.h"
#include "common/RateLimiter.h"
#include "config/NodeConfig.h"
#include "kinds/ConnectionSettings.h"
#include "protocol/FrameChannel.h"
#include "protocol/Messages.h"

#include <QCoreApplication>
#include <QTcpSocket>

#include <atomic>
#include <memory>
#include <optional>

namespace tidemark {

/// The client end of the snapshot protocol, blocking: use it from a worker thread (jobs do).
///
/// Errors carry the code a CLI exits with: Connection (unreachable, lost, timed out), Auth (401,
/// or the node's TLS certificate failed verification), SnapshotsDisabled (404), Busy (409),
/// Protocol (400 or bad bytes, including a TLS client meeting a plaintext node and back), Config
/// (an unreadable `--tls-ca` file).
class SnapshotClient {
    Q_DECLARE_TR_FUNCTIONS(SnapshotClient)

public:
    /// TLS towards the node (`[snapshot] tls-cert` on the node), see TlsSettings.
    using Tls = TlsSettings;

    struct Options {
        HostPort host{QStringLiteral("127.0.0.1"), 8808};
        QByteArray token;      ///< Shared auth token; empty when the node needs none.
        int timeoutMs = 60000; ///< Longest wait for one frame from the node.
        const std::atomic_bool *cancelled = nullptr;
        Tls tls{};
        RateLimiter *limiter = nullptr; ///< Holds the archive stream down to its rate; null: no limit.
    };

    explicit SnapshotClient(Options options);
    ~SnapshotClient();

    /// Connects and reads the node's hello.
    [[nodiscard]] Status connect();
    [[nodiscard]] Result<protocol::NodeInfo> nodeInfo();
    /// Asks for a snapshot (full when `baseManifest` is empty); returns what the node will send
    /// or its refusal as an Error. `blockLinks`: the node may send changed files as block links
    /// (archive format 3) against the versions the base lists with their checksums.
    [[nodiscard]] Result<protocol::SnapshotAnswer> requestSnapshot(const QByteArray &baseManifest,
                                                                   const QString &chainId,
                                                                   const CompressionOptions &compression,
                                                                   bool blockLinks = false);
    /// The next archive bytes; nullopt once the node ended the stream with 200.
    [[nodiscard]] Result<std::optional<QByteArray>> readData();
    /// Online import (core/protocol/README.md, *Import*): sends the plan; Ok when the node waits for
    /// the files, else its refusal (Conflict for 412, SnapshotsDisabled for 404, Busy for 409, …).
    [[nodiscard]] Status beginImport(const protocol::ImportPlan &plan);
    /// The next bytes of the import's files, in the plan's order, as Data frames of up to 1 MiB.
    [[nodiscard]] Status sendImportData(QByteArrayView bytes);
    /// Ends the import with End 200 and waits for the node's End: its body (`index`, `shards`,
    /// `replaced`) after the commit, or the node's reason as an Error.
    [[nodiscard]] Result<QJsonObject> finishImport(int commitTimeoutMs);
    /// Tells the node that the import is abandoned (End 400 with `reason`): it discards the staging.
    void abortImport(const QString &reason);
    /// Archive bytes received so far (frame payloads).
    [[nodiscard]] qint64 dataBytes() const { return m_dataBytes; }
    [[nodiscard]] QString peerName() const;

private:
    [[nodiscard]] Status connectSocket();
    [[nodiscard]] Status connectTls(const Tls &tls);
    [[nodiscard]] Result<protocol::Response> send(const protocol::Request &request);
    [[nodiscard]] Error refusal(const protocol::Response &response) const;
    /// After a failed write during an import: the node's End that explains it, when it sent one.
    [[nodiscard]] Error importLost(const Error &writeError);

    Options m_options;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<FrameChannel> m_channel;
    protocol::Hello m_hello;
    qint64 m_dataBytes = 0;
};

} // namespace tidemark
