#include "kinds/NodeHealth.h"

#include "kinds/NodeKind.h"

namespace tidemark {

NodeHealth NodeHealth::failed(Manifest::Kind kind, const Error &error)
{
    NodeHealth health;
    health.kind = kind;
    switch (error.code) {
    case ErrorCode::SnapshotsDisabled:
        health.state = State::SnapshotsDisabled;
        break;
    case ErrorCode::Auth:
        health.state = State::AuthFailed;
        break;
    case ErrorCode::Connection:
        health.state = State::Unreachable;
        break;
    default:
        health.state = State::Failed;
    }
    health.error = error;
    return health;
}

NodeHealth NodeHealth::probe(const ConnectionSettings &settings)
{
    return NodeKind::of(settings.kind).probe(settings);
}

NodeHealth NodeHealth::probe(Manifest::Kind kind, const HostPort &host, const QByteArray &token, int timeoutMs,
                             const TlsSettings &tls)
{
    ConnectionSettings settings;
    settings.kind = kind;
    settings.host = host;
    settings.token = token;
    settings.timeoutMs = timeoutMs;
    settings.tls = tls;
    return probe(settings);
}

NodeHealth NodeHealth::probe(const HostPort &host, const QByteArray &token, int timeoutMs, const TlsSettings &tls)
{
    return probe(Manifest::Kind::Tidemark, host, token, timeoutMs, tls);
}

} // namespace tidemark
