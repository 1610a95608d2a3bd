#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "protocol/Messages.h"

#include <QCoreApplication>
#include <QMetaType>

namespace tidemark {

/// What a front end shows about a node: reachable or why not, and its `node-info`.
struct NodeHealth {
    Q_DECLARE_TR_FUNCTIONS(NodeHealth)

public:
    enum class State {
        Unknown,           ///< Not probed yet.
        Reachable,         ///< Snapshots enabled, credentials accepted.
        SnapshotsDisabled, ///< The node answers 404: `[snapshot] enabled = false`.
        AuthFailed,        ///< The node refused the token (401).
        Unreachable,       ///< Nothing answers, or the connection broke.
        Failed,            ///< Any other error (protocol, busy...).
    };
    State state = State::Unknown;
    Error error{ErrorCode::Ok, {}, {}}; ///< Why it is not Reachable.
    protocol::NodeInfo info;            ///< Valid when Reachable.

    /// Connects to the snapshot service at `host` and asks for `node-info`. Blocking (up to
    /// `timeoutMs`): call it from a worker thread, e.g. through QtConcurrent::run.
    [[nodiscard]] static NodeHealth probe(const HostPort &host, const QByteArray &token, int timeoutMs = 5000);
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::NodeHealth)
