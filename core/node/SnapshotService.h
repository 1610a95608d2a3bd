#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"

#include <QObject>
#include <QTcpServer>
#include <QThread>

#include <atomic>
#include <list>
#include <memory>
#include <mutex>

namespace tidemark {

class DataNode;

/// The node's snapshot service (core/protocol/README.md): answers `node-info` and streams hot
/// snapshots on `[snapshot] bind-address`.
///
/// Each connection runs in its own thread with blocking, time-limited I/O, so copying and
/// streaming never stall the HTTP API. A snapshot copies each LMDB file with `mdb_env_copy2`
/// (compacting) into `<data>/.staging/<session>` — a consistent copy while writers go on —
/// checksums the copies, sends the manifest and then the archive, and removes its staging on
/// every way out. At most kMaxSnapshots run at once (more get 409); with snapshots disabled,
/// snapshot requests get 404 (node-info still answers, saying so).
class SnapshotService : public QTcpServer {
    Q_OBJECT
    Q_DISABLE_COPY(SnapshotService)

public:
    static constexpr int kMaxSnapshots = 2;
    static constexpr int kMaxConnections = 16;

    SnapshotService(DataNode &node, const NodeConfig &config, QObject *parent = nullptr);
    /// Stops accepting, cancels running sessions and waits for their threads.
    ~SnapshotService() override;

    [[nodiscard]] Status listen();

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void runSession(qintptr socketDescriptor);

    DataNode &m_node;
    NodeConfig m_config;
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
