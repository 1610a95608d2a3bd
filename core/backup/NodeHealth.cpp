#include "backup/NodeHealth.h"

#include "backup/SnapshotClient.h"

namespace tidemark {

namespace {

NodeHealth::State stateOf(ErrorCode code)
{
    switch (code) {
    case ErrorCode::SnapshotsDisabled:
        return NodeHealth::State::SnapshotsDisabled;
    case ErrorCode::Auth:
        return NodeHealth::State::AuthFailed;
    case ErrorCode::Connection:
        return NodeHealth::State::Unreachable;
    default:
        return NodeHealth::State::Failed;
    }
}

} // namespace

NodeHealth NodeHealth::probe(const HostPort &host, const QByteArray &token, int timeoutMs)
{
    NodeHealth health;
    SnapshotClient client({host, token, timeoutMs, nullptr});
    if (Status s = client.connect(); !s) {
        health.state = stateOf(s.error().code);
        health.error = s.error();
        return health;
    }
    auto info = client.nodeInfo();
    if (!info) {
        health.state = stateOf(info.error().code);
        health.error = info.error();
        return health;
    }
    health.info = info.takeValue();
    // A node with snapshots off still answers node-info; it refuses snapshots with 404.
    if (!health.info.snapshotsEnabled) {
        health.state = State::SnapshotsDisabled;
        health.error = makeError(ErrorCode::SnapshotsDisabled, tr("Snapshots are disabled on %1").arg(host.toString()),
                                 tr("Set [snapshot] enabled = true in the node's config and restart it."));
        return health;
    }
    health.state = State::Reachable;
    return health;
}

} // namespace tidemark
