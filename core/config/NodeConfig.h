#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

namespace tidemark {

/// A `HOST:PORT` pair as written in a config or on the command line.
struct HostPort {
    QString host;
    quint16 port = 0;

    /// Parses `HOST:PORT`, `[v6]:PORT` or `:PORT` (host defaults to 127.0.0.1). Port 0 means
    /// "any free port" and is accepted (tests use it).
    [[nodiscard]] static Result<HostPort> parse(const QString &text);
    [[nodiscard]] QString toString() const;
    /// True for 127.0.0.0/8, ::1 and `localhost`.
    [[nodiscard]] bool isLoopback() const;

    friend bool operator==(const HostPort &, const HostPort &) = default;
};

/// The node's configuration (`tidemarkd -config FILE`), a TOML file.
///
/// Sections: `[broker] dir`, `[data] dir` and `shard-group-duration`, `[http] bind-address` and
/// `max-body-size`, `[snapshot] enabled`, `bind-address`, `auth-token`, `auth-token-file`,
/// `idle-timeout`, `max-duration`, `tls-cert`, `tls-key`. Every error names the file, the line,
/// the key and what to write instead; unknown keys and wrong types are errors, so a typo never
/// silently falls back to a default.
struct NodeConfig {
    Q_DECLARE_TR_FUNCTIONS(NodeConfig)

public:
    QString sourcePath; ///< The file this was read from (for messages); empty when parsed from text.
    QString brokerDir;  ///< Absolute; holds `meta` and `raft/`.
    QString dataDir;    ///< Absolute; holds `meta` and `shards/<id>`.
    qint64 shardGroupDurationNs = 24LL * 3600 * 1000000000; ///< Time span of one shard group.
    HostPort httpBind{QStringLiteral("127.0.0.1"), 8086};
    qint64 maxBodyBytes = 25 * 1000 * 1000; ///< Larger `/write` bodies get 413 (as InfluxDB 1.x).
    bool snapshotEnabled = false;           ///< A config without the key disables snapshots (the seed).
    HostPort snapshotBind{QStringLiteral("127.0.0.1"), 8808};
    /// Shared secret for snapshot clients (`auth-token`, or read from `auth-token-file`); required
    /// when `bind-address` is not loopback. Never logged.
    QByteArray snapshotAuthToken;
    /// A client is dropped when it is silent this long, and when its whole request phase (TLS
    /// handshake, hello, request) takes longer (`idle-timeout`).
    int snapshotIdleTimeoutMs = 30000;
    /// A snapshot still streaming after this long is abandoned (`max-duration`): its LMDB read
    /// views keep writers from reusing freed pages, so the files grow by about what is written
    /// while it runs (core/store/README.md).
    qint64 snapshotMaxDurationMs = 6LL * 3600 * 1000;
    /// PEM certificate (chain) and private key for TLS on the snapshot port (`tls-cert`,
    /// `tls-key`): both set or both empty; the files existed and were readable when parsed.
    QString snapshotTlsCertFile;
    QString snapshotTlsKeyFile;
    [[nodiscard]] bool snapshotTls() const { return !snapshotTlsCertFile.isEmpty(); }

    /// Reads and validates a config file.
    [[nodiscard]] static Result<NodeConfig> load(const QString &path);
    /// Validates config text; `sourceName` is used in messages.
    [[nodiscard]] static Result<NodeConfig> parse(const QByteArray &text, const QString &sourceName);

    /// A complete config with comments, as printed by `tidemarkd config`. Snapshots are enabled
    /// in a generated config. The result parses back to the same values.
    [[nodiscard]] static QString defaultText(const QString &brokerDir, const QString &dataDir, const HostPort &httpBind,
                                             const HostPort &snapshotBind);
};

/// Parses a duration such as `1h`, `30m`, `1d`, `1w`, `1h30m` or `90s` into nanoseconds.
/// Returns -1 on invalid input.
[[nodiscard]] qint64 parseDurationNs(const QString &text);

} // namespace tidemark
