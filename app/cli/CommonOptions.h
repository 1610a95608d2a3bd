#pragma once

#include "backup/SnapshotClient.h"
#include "cli/Command.h"
#include "common/Error.h"
#include "config/NodeConfig.h"
#include "snapshot/Manifest.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace tidemark::cli {

/// Options several commands share: `-host HOST:PORT`, `--kind tidemark|influxdb1`,
/// `--token-file FILE`, `--tls`, `--tls-ca FILE`, `--timeout SECONDS`, `--json`. Parsing accepts
/// Go-style single-dash long options (`-host`), as the seed writes them.
///
/// The token is only ever read from a file: an argument would be visible to every local user in
/// /proc/PID/cmdline and `ps`, so `--token` is refused with a hint. The TLS options also become
/// the process default of SnapshotClient (every command of one run talks to one node).
class CommonOptions {
public:
    explicit CommonOptions(QCommandLineParser &parser, bool withHost);

    /// Parses `args`; on a usage error prints it with the help and returns false.
    [[nodiscard]] bool parse(const QStringList &args, CliStreams streams, int *exitCode);

    [[nodiscard]] HostPort host() const { return m_host; }
    /// The kind of node at host(); without -host the default port follows it (8808 or 8088).
    [[nodiscard]] Manifest::Kind kind() const { return m_kind; }
    [[nodiscard]] const QByteArray &token() const { return m_token; }
    /// `--tls` / `--tls-ca FILE` (which implies `--tls`).
    [[nodiscard]] const SnapshotClient::Tls &tls() const { return m_tls; }
    [[nodiscard]] int timeoutMs() const;
    [[nodiscard]] bool json() const;

private:
    QCommandLineParser &m_parser;
    bool m_withHost;
    QCommandLineOption m_hostOption;
    QCommandLineOption m_kindOption;
    QCommandLineOption m_tokenOption;
    QCommandLineOption m_tokenInClearOption;
    QCommandLineOption m_tlsOption;
    QCommandLineOption m_tlsCaOption;
    QCommandLineOption m_timeoutOption;
    QCommandLineOption m_jsonOption;
    HostPort m_host{QStringLiteral("127.0.0.1"), 8808};
    QByteArray m_token;
    SnapshotClient::Tls m_tls;
    Manifest::Kind m_kind = Manifest::Kind::Tidemark;
};

/// Prints an error (and its HINT) to err, or as `{"error":...}` on out with --json; returns its code.
int reportError(const Error &error, bool json, CliStreams streams);
/// Prints one JSON object as a line.
void printJson(const QJsonObject &object, QTextStream &out);
/// "1.5 GiB", "320 KiB"...
QString formatBytes(qint64 bytes);

} // namespace tidemark::cli
