#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "kinds/ConnectionSettings.h"
#include "protocol/Messages.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QMetaType>

namespace tidemark {

/// What a front end shows about a node: reachable or why not, and its `node-info`. For an
/// InfluxDB 1.x node, `info` holds what its snapshot service tells (meta index, databases,
/// shards), not sizes or a node id: the service does not tell them (all 0).
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
    Error error{ErrorCode::Ok, {}, {}};             ///< Why it is not Reachable.
    protocol::NodeInfo info;                        ///< Valid when Reachable.
    Manifest::Kind kind = Manifest::Kind::Tidemark; ///< The kind of node probed.

    /// Asks the node of `settings.kind` at `settings.host` (NodeKind::probe). Blocking (up to the
    /// timeout): call it from a worker thread, e.g. through QtConcurrent::run.
    [[nodiscard]] static NodeHealth probe(const ConnectionSettings &settings);
    /// A node of `kind` that failed with `error`: its state follows the error's code.
    [[nodiscard]] static NodeHealth failed(Manifest::Kind kind, const Error &error);

    /// A Tidemark node at `host` (probe(settings) with these fields); a certificate that fails
    /// verification is AuthFailed.
    [[nodiscard]] static NodeHealth probe(const HostPort &host, const QByteArray &token, int timeoutMs = 5000,
                                          const TlsSettings &tls = {});
    /// The same for a node of `kind`. An InfluxDB 1.x node has no auth (`token` is unused) and no
    /// way to say "disabled", so it is Reachable, Unreachable or Failed; it has no TLS either.
    [[nodiscard]] static NodeHealth probe(Manifest::Kind kind, const HostPort &host, const QByteArray &token,
                                          int timeoutMs = 5000, const TlsSettings &tls = {});
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::NodeHealth)
