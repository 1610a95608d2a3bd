#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "node/BlockMapCache.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

namespace tidemark {

class ArchiveWriter;
class DataNode;
class FrameChannel;
class LmdbReadView;
struct ManifestFile;
namespace protocol {
struct ImportPlan;
}

/// The node's snapshot service (core/protocol/README.md): answers `node-info` and streams hot
/// snapshots on `[snapshot] bind-address`.
///
/// Each connection runs in its own thread with blocking, time-limited I/O, so copying and
/// streaming never stall the HTTP API. A snapshot copies each LMDB file with `mdb_env_copy2`
/// (compacting) into `<data>/.staging/<session>` — a consistent copy while writers go on —
/// checksums the copies, sends the manifest and then the archive, and removes its staging on
/// every way out. At most kMaxSnapshots run at once (more get 409); with snapshots disabled,
/// snapshot requests get 404 (node-info still answers, saying so).
///
/// Limits that keep hostile clients cheap: at most kMaxConnections at once (more get 409, or are
/// closed unanswered with TLS); the whole request phase (TLS handshake, hello, request) must end
/// within `[snapshot] idle-timeout`, however slowly the bytes trickle; frames are size-checked
/// from their header and a connection buffers at most kReadBufferBytes from the kernel.
///
/// With `[snapshot] tls-cert` and `tls-key`, each connection is a QSslSocket in server mode
/// (TLS 1.2 or later) before the hello. A client that sends no TLS ClientHello within a few
/// seconds (a plaintext client waits for the hello) gets a plaintext 400 saying to use TLS.
class SnapshotService : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY(SnapshotService)

public:
    static constexpr int kMaxSnapshots = 2;
    static constexpr int kMaxConnections = 16;
    static constexpr qint64 kReadBufferBytes = 256 * 1024;

    SnapshotService(DataNode &node, const NodeConfig &config, QObject *parent = nullptr);
    /// Stops accepting, cancels running sessions and waits for their threads.
    ~SnapshotService() override;

    /// Loads the TLS certificate and key when configured (errors name the file and the key)
    /// and starts listening.
    [[nodiscard]] Status listen();
    /// The node's URL as snapshots carry it (the manifest's `clusterUrl`, what a catalog groups
    /// chains by): `http://` and its HTTP bind address, with this machine's host name for an
    /// unspecified address (`0.0.0.0`, `::`), so nodes on different machines differ.
    [[nodiscard]] QString nodeUrl() const;

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void runSession(qintptr socketDescriptor);
    /// An `import` request after auth, enabled and busy checks: receives the shard files into a
    /// private staging directory, checks them, and has DataNode::importDatabase commit them.
    void serveImport(FrameChannel &channel, const protocol::ImportPlan &plan, const QString &peer);
    /// The session's socket, encrypted when TLS is on; null when the client was refused.
    /// Streams the file of `view` as a block link against the version `file.blocks.base` (whose
    /// map was found whole): one pass hashes each block, compares it with the old map's hash of
    /// that block (streamed) and feeds what differs to a BlockPatchEncoder, whose bytes go as tar
    /// entries of the file's name (parts) of about 1 MiB. Sets the stored size and checksum and
    /// the file's size and checksum in `file`; every block's hash goes to `map`.
    [[nodiscard]] Status sendBlockLink(ArchiveWriter &writer, ManifestFile &file, LmdbReadView &view,
                                       BlockMapCache::Writer &map,
                                       const std::function<std::optional<Error>()> &interrupted);
    [[nodiscard]] std::unique_ptr<QTcpSocket> accept(qintptr socketDescriptor, const QDeadlineTimer &deadline);
    [[nodiscard]] Status loadTls();

    DataNode &m_node;
    NodeConfig m_config;
    std::optional<QSslConfiguration> m_tls; ///< Set when TLS is on.
    std::unique_ptr<BlockMapCache> m_maps;  ///< `<data>/.blockmaps`
    std::atomic_bool m_stopping{false};
    std::atomic_int m_snapshots{0};
    std::atomic_int m_connections{0};
    std::mutex m_threadsMutex;
    struct Session {
        std::unique_ptr<QThread> thread;
        std::shared_ptr<std::atomic_bool> done;
    };
    std::list<Session> m_sessions;
};

} // namespace tidemark
