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
///
/// Encrypted chains are opened with `--passphrase-file FILE` or `--key-file FILE` (each may be
/// repeated); without them, with the file TIDEMARK_PASSPHRASE_FILE names, or with systemd's
/// credentials `$CREDENTIALS_DIRECTORY/tidemark-passphrase` and `tidemark-key`; without any, a
/// passphrase is asked on the terminal (without echo) when one is needed and stdin is a
/// terminal. `--passphrase` is refused with a hint, as `--token` is. The secrets go to
/// ChainSecrets.
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
    /// Whether a secret for encrypted chains came from an option, the environment or systemd
    /// (not from a question on the terminal).
    [[nodiscard]] bool secretGiven() const;

private:
    /// Reads the secrets the options, the environment or systemd give into ChainSecrets, and
    /// sets the terminal prompt where there is a terminal.
    [[nodiscard]] Status readSecrets(CliStreams streams);

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
    QCommandLineOption m_passphraseFileOption;
    QCommandLineOption m_keyFileOption;
    QCommandLineOption m_passphraseInClearOption;
    ConnectionSettings m_settings;
    bool m_secretGiven = false;
};

/// Prints an error (and its HINT) to err, or as `{"error":...}` on out with --json; returns its code.
int reportError(const Error &error, bool json, CliStreams streams);
/// Prints one JSON object as a line.
void printJson(const QJsonObject &object, QTextStream &out);
/// "1.5 GiB", "320 KiB"...
QString formatBytes(qint64 bytes);

} // namespace tidemark::cli
