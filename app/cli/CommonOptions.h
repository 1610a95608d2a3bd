#pragma once

#include "kinds/ConnectionSettings.h"
#include "cli/Command.h"
#include "common/Error.h"
#include "config/NodeConfig.h"
#include "snapshot/Manifest.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace tidemark::cli {

/// Options several commands share: `-host HOST:PORT`, `--kind tidemark|influxdb1`,
/// `--token-file FILE`, `--tls`, `--tls-ca FILE`, `--timeout SECONDS`, `--json`, and for chains
/// on S3 (`s3://BUCKET/KEY`) `--s3-endpoint URL`, `--s3-region REGION`, `--s3-path-style` (which
/// win over the AWS environment and files; the keys come from those only). Parsing accepts
/// Go-style single-dash long options (`-host`), as the seed writes them.
///
/// The token is only ever read from a file: an argument would be visible to every local user in
/// /proc/PID/cmdline and `ps`, so `--token` is refused with a hint.
class CommonOptions {
public:
    explicit CommonOptions(QCommandLineParser &parser, bool withHost);

    /// Parses `args`; on a usage error prints it with the help and returns false.
    [[nodiscard]] bool parse(const QStringList &args, CliStreams streams, int *exitCode);

    /// The node as the options name it: host, kind (without -host the default port follows it),
    /// token, TLS (`--tls` / `--tls-ca FILE`, which implies `--tls`) and timeout. Commands add
    /// what is theirs (retries, databases).
    [[nodiscard]] const ConnectionSettings &settings() const { return m_settings; }
    [[nodiscard]] HostPort host() const { return m_settings.host; }
    [[nodiscard]] Manifest::Kind kind() const { return m_settings.kind; }
    [[nodiscard]] const QByteArray &token() const { return m_settings.token; }
    [[nodiscard]] const TlsSettings &tls() const { return m_settings.tls; }
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
    QCommandLineOption m_s3EndpointOption;
    QCommandLineOption m_s3RegionOption;
    QCommandLineOption m_s3PathStyleOption;
    ConnectionSettings m_settings;
};

/// Prints an error (and its HINT) to err, or as `{"error":...}` on out with --json; returns its code.
int reportError(const Error &error, bool json, CliStreams streams);
/// Prints one JSON object as a line.
void printJson(const QJsonObject &object, QTextStream &out);
/// "1.5 GiB", "320 KiB"...
QString formatBytes(qint64 bytes);

} // namespace tidemark::cli
