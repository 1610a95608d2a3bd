#include "backup/NodeHealth.h"

#include "backup/SnapshotClient.h"
#include "influx1/InfluxSnapshotClient.h"
#include "influx1/MetaBlob.h"

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

NodeHealth failed(const Error &error)
{
    NodeHealth health;
    health.kind = Manifest::Kind::InfluxDb1;
    health.state = stateOf(error.code);
    health.error = error;
    return health;
}

// influxd's snapshot service tells the meta store and the shard paths, nothing else: the same
// two questions as `tidemark-cli node-info --kind influxdb1`.
NodeHealth probeInflux(const HostPort &host, int timeoutMs)
{
    InfluxSnapshotClient client({host, timeoutMs, nullptr});
    auto blob = client.metaStore();
    if (!blob)
        return failed(blob.error());
    auto meta = MetaBlob::parse(blob.value(), host.toString());
    if (!meta)
        return failed(meta.error());
    auto paths = client.shardPaths();
    if (!paths)
        return failed(paths.error());
    NodeHealth health;
    health.kind = Manifest::Kind::InfluxDb1;
    health.state = NodeHealth::State::Reachable;
    health.info.version = QStringLiteral("InfluxDB 1.x");
    health.info.index = meta->index;
    health.info.snapshotsEnabled = true;
    health.info.databases = meta->databases;
    for (const QString &path : paths.value()) {
        protocol::NodeInfo::Shard shard;
        shard.database = path.section(QLatin1Char('/'), 0, 0);
        shard.retentionPolicy = path.section(QLatin1Char('/'), 1, 1);
        shard.id = path.section(QLatin1Char('/'), 2, 2).toULongLong();
        health.info.shards.push_back(shard);
    }
    return health;
}

} // namespace

NodeHealth NodeHealth::probe(Manifest::Kind kind, const HostPort &host, const QByteArray &token, int timeoutMs,
                             const SnapshotClient::Tls &tls)
{
    if (kind == Manifest::Kind::InfluxDb1)
        return probeInflux(host, timeoutMs);
    return probe(host, token, timeoutMs, tls);
}

NodeHealth NodeHealth::probe(const HostPort &host, const QByteArray &token, int timeoutMs,
                             const SnapshotClient::Tls &tls)
{
    NodeHealth health;
    SnapshotClient client({host, token, timeoutMs, nullptr, tls});
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
