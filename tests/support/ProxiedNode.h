#pragma once

#include "FaultProxy.h"
#include "NodeProcess.h"

#include <QStringList>

#include <memory>

namespace tidemark::test {

/// A real tidemarkd behind a FaultProxy: database `hot` holding `bulkKiB` KiB in the shard of
/// day 10 (where the workload's batches go), so that a snapshot stream has frames to break in.
/// Backups go to proxy().host(); the node's HTTP API is reached directly.
class ProxiedNode {
public:
    /// Starts the node, writes the bulk and starts the proxy; false with a message on failure.
    [[nodiscard]] bool start(int bulkKiB, QString *error);
    /// Reaps a node a test killed, starts it again and points the proxy at its new port.
    [[nodiscard]] bool restart(QString *error);
    /// SIGTERM; the node's exit code (-1 when it had to be killed).
    int stop();

    [[nodiscard]] NodeProcess &node() { return m_node; }
    [[nodiscard]] FaultProxy &proxy() { return *m_proxy; }
    /// What is left in the node's `<data>/.staging` (snapshots in progress or abandoned).
    [[nodiscard]] QStringList stagingEntries() const;

private:
    NodeProcess m_node;
    std::unique_ptr<FaultProxy> m_proxy;
};

} // namespace tidemark::test
