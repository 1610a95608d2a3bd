#include "cli/CommonOptions.h"

#include "cli/Passphrase.h"
#include "kinds/NodeKind.h"
#include "storage/EncryptedChainStore.h"
#include "storage/S3Settings.h"

#include <QDir>

#include <QFile>
#include <QJsonDocument>

namespace tidemark::cli {

CommonOptions::CommonOptions(QCommandLineParser &parser, bool withHost)
    : m_parser(parser), m_withHost(withHost),
      m_hostOption(
          QStringLiteral("host"),
          QStringLiteral("The node's snapshot service (default 127.0.0.1:8808; 127.0.0.1:8088 with --kind influxdb1)."),
          QStringLiteral("HOST:PORT")),
      m_kindOption(QStringLiteral("kind"),
                   QStringLiteral("The kind of node: tidemark (default) or influxdb1 (InfluxDB 1.x)."),
                   QStringLiteral("KIND"), QStringLiteral("tidemark")),
      m_tokenOption(QStringLiteral("token-file"), QStringLiteral("File holding the node's [snapshot] auth-token."),
                    QStringLiteral("FILE")),
      m_tokenInClearOption(QStringLiteral("token"), QStringLiteral("Refused: use --token-file."),
                           QStringLiteral("TOKEN")),
      m_tlsOption(QStringLiteral("tls"),
                  QStringLiteral("Connect with TLS (the node sets [snapshot] tls-cert); trust the system's CAs.")),
      m_tlsCaOption(
          QStringLiteral("tls-ca"),
          QStringLiteral(
              "Connect with TLS and trust only the certificates in FILE (PEM: the node's certificate or its CA)."),
          QStringLiteral("FILE")),
      m_timeoutOption(
          QStringLiteral("timeout"),
          QStringLiteral("Seconds to wait for each answer (each frame) from the node before giving up (default 60)."),
          QStringLiteral("SECONDS"), QStringLiteral("60")),
      m_jsonOption(QStringLiteral("json"), QStringLiteral("Print JSON (one object per line).")),
      m_s3EndpointOption(QStringLiteral("s3-endpoint"),
                         QStringLiteral("For s3:// chains: the object store's URL, e.g. http://ceph-rgw:7480 "
                                        "(default: AWS_ENDPOINT_URL, the AWS profile's endpoint_url, else AWS)."),
                         QStringLiteral("URL")),
      m_s3RegionOption(QStringLiteral("s3-region"),
                       QStringLiteral("For s3:// chains: the bucket's region (default: AWS_REGION, "
                                      "AWS_DEFAULT_REGION, the AWS profile's region, else us-east-1)."),
                       QStringLiteral("REGION")),
      m_s3PathStyleOption(QStringLiteral("s3-path-style"),
                          QStringLiteral("For s3:// chains: address buckets as ENDPOINT/BUCKET/KEY (the default for "
                                         "endpoints other than AWS). Keys come from AWS_ACCESS_KEY_ID / "
                                         "AWS_SECRET_ACCESS_KEY or ~/.aws/credentials (AWS_PROFILE), never from "
                                         "the command line.")),
      m_passphraseFileOption(QStringLiteral("passphrase-file"),
                             QStringLiteral("For encrypted chains: a file only you can read holding the passphrase on "
                                            "its first line (default: TIDEMARK_PASSPHRASE_FILE, then the systemd "
                                            "credential tidemark-passphrase, then a question on the terminal)."),
                             QStringLiteral("FILE")),
      m_keyFileOption(QStringLiteral("key-file"),
                      QStringLiteral("For encrypted chains: a key file (tidemark-cli key generate FILE writes one; "
                                     "default: the systemd credential tidemark-key)."),
                      QStringLiteral("FILE")),
      m_passphraseInClearOption(QStringLiteral("passphrase"), QStringLiteral("Refused: use --passphrase-file."),
                                QStringLiteral("PASSPHRASE"))
{
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
    m_tokenInClearOption.setFlags(QCommandLineOption::HiddenFromHelp);
    m_passphraseInClearOption.setFlags(QCommandLineOption::HiddenFromHelp);
    if (m_withHost)
        m_parser.addOptions({m_hostOption, m_kindOption, m_tokenOption, m_tokenInClearOption, m_tlsOption,
                             m_tlsCaOption, m_timeoutOption});
    m_parser.addOptions({m_jsonOption, m_s3EndpointOption, m_s3RegionOption, m_s3PathStyleOption,
                         m_passphraseFileOption, m_keyFileOption, m_passphraseInClearOption});
}

bool CommonOptions::parse(const QStringList &args, CliStreams streams, int *exitCode)
{
    const auto usage = [&](const QString &message) {
        streams.err << args.value(0) << ": " << message << "\n\n" << m_parser.helpText() << Qt::flush;
        *exitCode = static_cast<int>(ErrorCode::Usage);
        return false;
    };
    if (!m_parser.parse(args))
        return usage(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        streams.out << m_parser.helpText() << Qt::flush;
        *exitCode = 0;
        return false;
    }
    S3Settings::Overrides s3;
    s3.endpoint = m_parser.value(m_s3EndpointOption);
    s3.region = m_parser.value(m_s3RegionOption);
    if (m_parser.isSet(m_s3PathStyleOption))
        s3.pathStyle = true;
    S3Settings::setOverrides(s3);
    if (m_withHost) {
        const NodeKind *kind = NodeKind::byName(m_parser.value(m_kindOption));
        if (!kind) {
            QStringList names;
            for (const NodeKind *k : NodeKind::all())
                names << k->name();
            return usage(QStringLiteral("--kind takes %1").arg(names.join(QStringLiteral(" or "))));
        }
        m_settings.kind = kind->id();
        m_settings.host.port = kind->defaultPort();
        if (!kind->usesAuthToken() && m_parser.isSet(m_tokenOption))
            return usage(QStringLiteral("--token-file: an %1 snapshot service has no authentication; keep it on "
                                        "loopback")
                             .arg(kind->shortName()));
        if (!kind->usesTls() && (m_parser.isSet(m_tlsOption) || m_parser.isSet(m_tlsCaOption)))
            return usage(QStringLiteral("--tls: an %1 snapshot service has no TLS; keep it on loopback or tunnel "
                                        "it (ssh -L)")
                             .arg(kind->shortName()));
        // The value is not echoed: it is a secret that is already exposed enough.
        if (m_parser.isSet(m_tokenInClearOption))
            return usage(QStringLiteral("--token is not accepted: other users can read command lines (ps, /proc). "
                                        "Put the token in a file only you can read and pass --token-file FILE"));
        m_settings.tls.enabled = m_parser.isSet(m_tlsOption) || m_parser.isSet(m_tlsCaOption);
        m_settings.tls.caFile = m_parser.value(m_tlsCaOption);
    }
    if (m_withHost && m_parser.isSet(m_hostOption)) {
        auto host = HostPort::parse(m_parser.value(m_hostOption));
        if (!host)
            return usage(QStringLiteral("-host: ") + host.error().message);
        m_settings.host = host.value();
    }
    if (m_withHost && m_parser.isSet(m_tokenOption)) {
        QFile file(m_parser.value(m_tokenOption));
        if (!file.open(QIODevice::ReadOnly)) {
            *exitCode = reportError(
                makeError(ErrorCode::Config,
                          QStringLiteral("Cannot read token file '%1': %2").arg(file.fileName(), file.errorString())),
                json(), streams);
            return false;
        }
        m_settings.token = file.read(4096).trimmed();
        if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
            streams.err << "tidemark: warning: token file '" << file.fileName()
                        << "' is readable by other users; make it private: chmod 600 " << file.fileName() << Qt::endl;
    }
    // The value is not echoed, as with --token.
    if (m_parser.isSet(m_passphraseInClearOption))
        return usage(QStringLiteral("--passphrase is not accepted: other users can read command lines (ps, /proc). "
                                    "Put the passphrase in a file only you can read and pass --passphrase-file FILE "
                                    "(or set TIDEMARK_PASSPHRASE_FILE)"));
    if (auto secrets = readSecrets(streams); !secrets) {
        *exitCode = reportError(secrets.error(), json(), streams);
        return false;
    }
    bool ok = true;
    if (m_withHost && (m_parser.value(m_timeoutOption).toInt(&ok) <= 0 || !ok))
        return usage(QStringLiteral("--timeout takes a whole number of seconds above 0"));
    if (m_withHost)
        m_settings.timeoutMs = m_parser.value(m_timeoutOption).toInt() * 1000;
    return true;
}

Status CommonOptions::readSecrets(CliStreams streams)
{
    std::vector<KeySecret> secrets;
    const auto add = [&](Result<KeySecret> secret, const QString &path) -> Status {
        if (!secret)
            return secret.error();
        if (KeySecret::isReadableByOthers(path))
            streams.err << "tidemark: warning: '" << path
                        << "' is readable or writable by other users; make it private: chmod 600 " << path << Qt::endl;
        secrets.push_back(secret.takeValue());
        return {};
    };
    for (const QString &path : m_parser.values(m_passphraseFileOption))
        if (Status s = add(KeySecret::readPassphraseFile(path), path); !s)
            return s;
    for (const QString &path : m_parser.values(m_keyFileOption))
        if (Status s = add(KeySecret::readKeyFile(path), path); !s)
            return s;
    if (secrets.empty()) {
        const QString fromEnvironment = qEnvironmentVariable("TIDEMARK_PASSPHRASE_FILE");
        const QString credentials = qEnvironmentVariable("CREDENTIALS_DIRECTORY");
        if (!fromEnvironment.isEmpty()) {
            if (Status s = add(KeySecret::readPassphraseFile(fromEnvironment), fromEnvironment); !s)
                return s;
        } else if (!credentials.isEmpty()) {
            // systemd's LoadCredential=: the service manager made these private to the service.
            const QString passphrase = QDir(credentials).filePath(QStringLiteral("tidemark-passphrase"));
            const QString key = QDir(credentials).filePath(QStringLiteral("tidemark-key"));
            if (QFileInfo::exists(passphrase))
                if (Status s = add(KeySecret::readPassphraseFile(passphrase), passphrase); !s)
                    return s;
            if (QFileInfo::exists(key))
                if (Status s = add(KeySecret::readKeyFile(key), key); !s)
                    return s;
        }
    }
    m_secretGiven = !secrets.empty();
    ChainSecrets::setSecrets(std::move(secrets));
    ChainSecrets::setPrompt(haveTerminal() ? ChainSecrets::Prompt([](const QString &chain) {
        return askPassphrase(QStringLiteral("Passphrase for the chain %1: ").arg(chain), false);
    })
                                           : ChainSecrets::Prompt());
    return {};
}

bool CommonOptions::secretGiven() const
{
    return m_secretGiven;
}

int CommonOptions::timeoutMs() const
{
    return m_parser.value(m_timeoutOption).toInt() * 1000;
}

bool CommonOptions::json() const
{
    return m_parser.isSet(m_jsonOption);
}

int reportError(const Error &error, bool json, CliStreams streams)
{
    if (json) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("error")},
                              {QStringLiteral("code"), static_cast<int>(error.code)},
                              {QStringLiteral("message"), error.message},
                              {QStringLiteral("hint"), error.hint}},
                  streams.out);
    }
    streams.err << "tidemark: " << error.toString() << Qt::endl;
    return static_cast<int>(error.code);
}

void printJson(const QJsonObject &object, QTextStream &out)
{
    out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n' << Qt::flush;
}

QString formatBytes(qint64 bytes)
{
    static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 B").arg(bytes)
                     : QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

} // namespace tidemark::cli
