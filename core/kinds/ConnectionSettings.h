#pragma once

#include "config/NodeConfig.h"
#include "snapshot/Manifest.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace tidemark {

/// TLS towards a node's snapshot service. The certificate must chain to a trusted CA (`caFile`,
/// or the system store when empty) and name the host connected to (a DNS or IP subject
/// alternative name).
struct TlsSettings {
    bool enabled = false;
    QString caFile; ///< PEM certificates to trust instead of the system store.
    friend bool operator==(const TlsSettings &, const TlsSettings &) = default;
};

/// How to reach one node, as the GUI (a node entry) and the CLI (common options) fill it: what
/// every job and probe that talks to a node takes. What a kind has no use for is ignored (an
/// InfluxDB 1.x node has no token and no TLS; only it backs up chosen databases).
struct ConnectionSettings {
    static constexpr int kDefaultConnections = 4;
    /// With zstd, compressing is the slowest stage: 2 connections are as fast as 4 and keep the
    /// client within 64 MB (54–55 MiB against 66–68 MiB at 4, 8 shards of random strings).
    static constexpr int kDefaultCompressedConnections = 2;
    static constexpr int kMaxConnections = 16;
    /// `connections` when nobody chose: kDefaultConnections, or kDefaultCompressedConnections for
    /// a compressed backup.
    static constexpr int kAutoConnections = 0;

    /// The connections a backup uses: `connections`, or the default for `compressed` when it is
    /// kAutoConnections.
    [[nodiscard]] int effectiveConnections(bool compressed) const
    {
        if (connections != kAutoConnections)
            return connections;
        return compressed ? kDefaultCompressedConnections : kDefaultConnections;
    }

    HostPort host{QStringLiteral("127.0.0.1"), 8808};
    /// The kind of node at `host`: its snapshot service (Tidemark's on 8808, InfluxDB 1.x's on
    /// 8088). A chain holds snapshots of one kind only.
    Manifest::Kind kind = Manifest::Kind::Tidemark;
    QByteArray token;       ///< Tidemark: the shared auth token; empty when the node needs none.
    TlsSettings tls{};      ///< Tidemark: TLS towards the node.
    int timeoutMs = 60000;  ///< Longest wait for the node's next bytes.
    int retries = 0;        ///< Attempts after the first, only after a Connection error.
    int retryWaitMs = 1000; ///< The wait before the first retry; doubled for each next one.
    QStringList databases;  ///< InfluxDB 1.x only: the databases to back up (empty: all).
    /// InfluxDB 1.x only: shards fetched at once, each over its own connection (1..kMaxConnections;
    /// kAutoConnections: see effectiveConnections()).
    int connections = kAutoConnections;
    /// InfluxDB 1.x only: the node's HTTP API, through which an online restore drops a database it
    /// half-imported (the snapshot service cannot). Port 0: `host`'s host, port 8086.
    HostPort influxHttp{QString(), 0};
};

} // namespace tidemark
