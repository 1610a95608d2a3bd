#include "config/NodeConfig.h"

#include "config/TomlText.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QRegularExpression>

#include <toml++/toml.h>

#include <functional>
#include <map>

namespace tidemark {

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString typeName(toml::node_type type)
{
    switch (type) {
    case toml::node_type::string:
        return QStringLiteral("a string");
    case toml::node_type::integer:
        return QStringLiteral("an integer");
    case toml::node_type::floating_point:
        return QStringLiteral("a number");
    case toml::node_type::boolean:
        return QStringLiteral("a boolean");
    case toml::node_type::table:
        return QStringLiteral("a table");
    case toml::node_type::array:
        return QStringLiteral("an array");
    default:
        return QStringLiteral("a date/time");
    }
}

// Validation state: every message starts with "FILE:LINE:" so an editor can jump to it.
class Validator {
public:
    explicit Validator(QString source) : m_source(std::move(source)) {}

    Error error(const toml::source_region &where, const QString &message, const QString &hint = {}) const
    {
        const QString at =
            where.begin.line > 0 ? QStringLiteral("%1:%2").arg(m_source).arg(where.begin.line) : m_source;
        return makeError(ErrorCode::Config, at + QStringLiteral(": ") + message, hint);
    }

    const QString &source() const { return m_source; }

private:
    QString m_source;
};

using KeyHandler = std::function<std::optional<Error>(const toml::node &, const QString &key)>;

std::optional<Error> requireType(const Validator &v, const toml::node &node, const QString &key, toml::node_type want,
                                 const QString &example)
{
    if (node.type() == want)
        return std::nullopt;
    return v.error(node.source(),
                   NodeConfig::tr("'%1' must be %2, not %3").arg(key, typeName(want), typeName(node.type())),
                   NodeConfig::tr("Write it as: %1 = %2").arg(key.section(QLatin1Char('.'), -1), example));
}

std::optional<Error> absoluteDir(const Validator &v, const toml::node &node, const QString &key, QString *out)
{
    if (auto e = requireType(v, node, key, toml::node_type::string, QStringLiteral("\"/var/lib/tidemark/...\"")))
        return e;
    const QString dir = qs(node.as_string()->get());
    if (dir.isEmpty() || !QDir::isAbsolutePath(dir))
        return v.error(node.source(), NodeConfig::tr("'%1' must be an absolute path, not '%2'").arg(key, dir),
                       NodeConfig::tr("Write the full path, e.g. %1 = \"/var/lib/tidemark/%2\"")
                           .arg(key.section(QLatin1Char('.'), -1), key.section(QLatin1Char('.'), 0, 0)));
    *out = QDir::cleanPath(dir);
    return std::nullopt;
}

std::optional<Error> bindAddress(const Validator &v, const toml::node &node, const QString &key, HostPort *out)
{
    if (auto e = requireType(v, node, key, toml::node_type::string, QStringLiteral("\"127.0.0.1:8086\"")))
        return e;
    auto parsed = HostPort::parse(qs(node.as_string()->get()));
    if (!parsed)
        return v.error(node.source(), NodeConfig::tr("'%1': %2").arg(key, parsed.error().message),
                       NodeConfig::tr("Write it as HOST:PORT, e.g. \"127.0.0.1:8086\""));
    *out = parsed.value();
    return std::nullopt;
}

} // namespace

Result<HostPort> HostPort::parse(const QString &text)
{
    const QString t = text.trimmed();
    const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return makeError(ErrorCode::Usage, NodeConfig::tr("'%1' has no port (expected HOST:PORT)").arg(text));
    QString host = t.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint port = t.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return makeError(ErrorCode::Usage, NodeConfig::tr("'%1' has an invalid port (expected 0-65535)").arg(text));
    if (host.contains(QLatin1Char(' ')) || (host.contains(QLatin1Char(':')) && QHostAddress(host).isNull()))
        return makeError(ErrorCode::Usage, NodeConfig::tr("'%1' has an invalid host").arg(text));
    return HostPort{host, static_cast<quint16>(port)};
}

QString HostPort::toString() const
{
    // One multi-arg call: chained .arg() would substitute the port into a "%2" of the host, e.g.
    // the scope of "fe80::1%2".
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host, QString::number(port));
    return QStringLiteral("%1:%2").arg(host, QString::number(port));
}

bool HostPort::isLoopback() const
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

qint64 parseDurationNs(const QString &text)
{
    static const QRegularExpression part(QStringLiteral("(\\d+)(ns|us|µs|ms|s|m|h|d|w)"));
    if (text.isEmpty())
        return -1;
    qint64 total = 0;
    qsizetype pos = 0;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedStart() != pos)
            return -1;
        pos = m.capturedEnd();
        bool ok = false;
        const qint64 n = m.captured(1).toLongLong(&ok);
        const QString unit = m.captured(2);
        const qint64 scale = unit == QLatin1String("ns")                                     ? 1
                             : (unit == QLatin1String("us") || unit == QStringLiteral("µs")) ? 1000
                             : unit == QLatin1String("ms")                                   ? 1000000
                             : unit == QLatin1String("s")                                    ? 1000000000LL
                             : unit == QLatin1String("m")                                    ? 60LL * 1000000000
                             : unit == QLatin1String("h")                                    ? 3600LL * 1000000000
                             : unit == QLatin1String("d")                                    ? 86400LL * 1000000000
                                                                                             : 7 * 86400LL * 1000000000;
        qint64 product = 0;
        if (!ok || __builtin_mul_overflow(n, scale, &product) || __builtin_add_overflow(total, product, &total))
            return -1;
    }
    return pos == text.size() ? total : -1;
}

Result<NodeConfig> NodeConfig::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Config, tr("Cannot read config file '%1': %2").arg(path, file.errorString()),
                         tr("Create one with: tidemarkd config > %1").arg(path));
    auto result = parse(file.readAll(), path);
    if (result)
        result->sourcePath = path;
    return result;
}

Result<NodeConfig> NodeConfig::parse(const QByteArray &text, const QString &sourceName)
{
    const Validator v(sourceName);
    toml::table root;
    try {
        root =
            toml::parse(std::string_view(text.constData(), static_cast<size_t>(text.size())), sourceName.toStdString());
    } catch (const toml::parse_error &e) {
        return v.error(e.source(), tr("not valid TOML: %1").arg(qs(e.description())),
                       tr("Compare with the output of 'tidemarkd config'."));
    }

    NodeConfig config;
    config.sourcePath = sourceName;
    bool sawEnabled = false;
    toml::source_region snapshotBindLine;
    const auto checkToken = [&](const toml::source_region &where, const QString &key) -> std::optional<Error> {
        if (config.snapshotAuthToken.size() < 16)
            return v.error(where, tr("'%1' must be at least 16 characters long").arg(key),
                           tr("Generate one with: head -c 32 /dev/urandom | base64"));
        return std::nullopt;
    };
    bool sawBroker = false;
    bool sawData = false;
    toml::source_region tlsLine;
    // A TLS file must be readable now: a typo should stop the node at start, not fail each handshake.
    const auto tlsFile = [&](const toml::node &n, const QString &k, QString *out) -> std::optional<Error> {
        tlsLine = n.source();
        if (auto e = absoluteDir(v, n, k, out))
            return e;
        QFile file(*out);
        if (!file.open(QIODevice::ReadOnly))
            return v.error(n.source(), tr("'%1': cannot read '%2': %3").arg(k, *out, file.errorString()),
                           tr("Give the path of a PEM file that the user running tidemarkd can read."));
        return std::nullopt;
    };

    // Each section lists its keys; anything else is reported as unknown with the valid keys.
    using Section = std::map<QString, KeyHandler>;
    std::map<QString, Section> sections;
    sections[QStringLiteral("broker")] = Section{{QStringLiteral("dir"), [&](const toml::node &n, const QString &k) {
                                                      sawBroker = true;
                                                      return absoluteDir(v, n, k, &config.brokerDir);
                                                  }}};
    sections[QStringLiteral("data")] = Section{
        {QStringLiteral("dir"),
         [&](const toml::node &n, const QString &k) {
             sawData = true;
             return absoluteDir(v, n, k, &config.dataDir);
         }},
        {QStringLiteral("shard-group-duration"), [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             if (auto e = requireType(v, n, k, toml::node_type::string, QStringLiteral("\"24h\"")))
                 return e;
             const qint64 ns = parseDurationNs(qs(n.as_string()->get()));
             if (ns < 60LL * 1000000000)
                 return v.error(n.source(),
                                tr("'%1' must be a duration of at least 1m, such as \"1h\" or \"1d\"").arg(k));
             config.shardGroupDurationNs = ns;
             return std::nullopt;
         }}};
    sections[QStringLiteral("http")] =
        Section{{QStringLiteral("bind-address"),
                 [&](const toml::node &n, const QString &k) { return bindAddress(v, n, k, &config.httpBind); }},
                {QStringLiteral("max-body-size"), [&](const toml::node &n, const QString &k) -> std::optional<Error> {
                     if (auto e = requireType(v, n, k, toml::node_type::integer, QStringLiteral("25000000")))
                         return e;
                     const auto bytes = n.as_integer()->get();
                     if (bytes < 1024)
                         return v.error(n.source(), tr("'%1' must be at least 1024 bytes").arg(k));
                     config.maxBodyBytes = bytes;
                     return std::nullopt;
                 }}};
    sections[QStringLiteral("snapshot")] = Section{
        {QStringLiteral("enabled"),
         [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             if (auto e = requireType(v, n, k, toml::node_type::boolean, QStringLiteral("true")))
                 return e;
             sawEnabled = true;
             config.snapshotEnabled = n.as_boolean()->get();
             return std::nullopt;
         }},
        {QStringLiteral("bind-address"),
         [&](const toml::node &n, const QString &k) {
             snapshotBindLine = n.source();
             return bindAddress(v, n, k, &config.snapshotBind);
         }},
        {QStringLiteral("auth-token"),
         [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             if (auto e = requireType(v, n, k, toml::node_type::string, QStringLiteral("\"a long random secret\"")))
                 return e;
             config.snapshotAuthToken = qs(n.as_string()->get()).toUtf8();
             return checkToken(n.source(), k);
         }},
        {QStringLiteral("auth-token-file"),
         [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             QString path;
             if (auto e = absoluteDir(v, n, k, &path))
                 return e;
             QFile file(path);
             if (!file.open(QIODevice::ReadOnly))
                 return v.error(n.source(), tr("'%1': cannot read '%2': %3").arg(k, path, file.errorString()));
             config.snapshotAuthToken = file.read(4096).trimmed();
             return checkToken(n.source(), k);
         }},
        {QStringLiteral("idle-timeout"),
         [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             if (auto e = requireType(v, n, k, toml::node_type::string, QStringLiteral("\"30s\"")))
                 return e;
             const qint64 ns = parseDurationNs(qs(n.as_string()->get()));
             if (ns < 100000000LL || ns > 3600LL * 1000000000)
                 return v.error(n.source(), tr("'%1' must be a duration from 100ms to 1h, such as \"30s\"").arg(k));
             config.snapshotIdleTimeoutMs = static_cast<int>(ns / 1000000);
             return std::nullopt;
         }},
        {QStringLiteral("max-duration"),
         [&](const toml::node &n, const QString &k) -> std::optional<Error> {
             if (auto e = requireType(v, n, k, toml::node_type::string, QStringLiteral("\"6h\"")))
                 return e;
             const qint64 ns = parseDurationNs(qs(n.as_string()->get()));
             if (ns < 1000000000LL || ns > 7LL * 24 * 3600 * 1000000000)
                 return v.error(n.source(), tr("'%1' must be a duration from 1s to 7d, such as \"6h\"").arg(k));
             config.snapshotMaxDurationMs = ns / 1000000;
             return std::nullopt;
         }},
        {QStringLiteral("tls-cert"),
         [&](const toml::node &n, const QString &k) { return tlsFile(n, k, &config.snapshotTlsCertFile); }},
        {QStringLiteral("tls-key"),
         [&](const toml::node &n, const QString &k) { return tlsFile(n, k, &config.snapshotTlsKeyFile); }}};

    QStringList sectionNames;
    for (const auto &[name, keys] : sections)
        sectionNames << QLatin1Char('[') + name + QLatin1Char(']');

    for (auto &&[sectionKey, sectionNode] : root) {
        const QString sectionName = qs(sectionKey.str());
        const auto section = sections.find(sectionName);
        if (section == sections.end())
            return v.error(sectionKey.source(), tr("unknown section or key '%1'").arg(sectionName),
                           tr("Valid sections are %1.").arg(sectionNames.join(QStringLiteral(", "))));
        const toml::table *table = sectionNode.as_table();
        if (!table)
            return v.error(sectionNode.source(),
                           tr("'%1' must be a section ([%1]), not %2").arg(sectionName, typeName(sectionNode.type())));
        for (auto &&[key, node] : *table) {
            const QString keyName = qs(key.str());
            const QString fullKey = sectionName + QLatin1Char('.') + keyName;
            const auto handler = section->second.find(keyName);
            if (handler == section->second.end()) {
                QStringList valid;
                for (const auto &[name, fn] : section->second)
                    valid << name;
                return v.error(key.source(), tr("unknown key '%1' in [%2]").arg(keyName, sectionName),
                               tr("Valid keys in [%1] are: %2.").arg(sectionName, valid.join(QStringLiteral(", "))));
            }
            if (auto e = handler->second(node, fullKey))
                return *e;
        }
    }
    if (!sawBroker)
        return makeError(ErrorCode::Config, tr("%1: missing required key 'dir' in [broker]").arg(sourceName),
                         tr("Add:\n[broker]\ndir = \"/var/lib/tidemark/broker\""));
    if (!sawData)
        return makeError(ErrorCode::Config, tr("%1: missing required key 'dir' in [data]").arg(sourceName),
                         tr("Add:\n[data]\ndir = \"/var/lib/tidemark/data\""));
    if (config.brokerDir == config.dataDir)
        return makeError(ErrorCode::Config,
                         tr("%1: [broker] dir and [data] dir are both '%2'").arg(sourceName, config.dataDir),
                         tr("Give each its own directory."));
    if (config.snapshotTlsCertFile.isEmpty() != config.snapshotTlsKeyFile.isEmpty()) {
        const QString missing =
            config.snapshotTlsCertFile.isEmpty() ? QStringLiteral("tls-cert") : QStringLiteral("tls-key");
        return v.error(tlsLine,
                       tr("[snapshot] sets only one of 'tls-cert' and 'tls-key'; '%1' is missing").arg(missing),
                       tr("Set both (the certificate and its private key, PEM files) to use TLS, or neither."));
    }
    (void)sawEnabled; // Absent means disabled, as in the seed: the default already says so.
    // Anyone who can reach the snapshot port could copy all data: off loopback, a token is a must.
    if (!config.snapshotBind.isLoopback() && config.snapshotAuthToken.isEmpty())
        return v.error(snapshotBindLine,
                       tr("'snapshot.bind-address' %1 is reachable from other machines but no auth token is set")
                           .arg(config.snapshotBind.toString()),
                       tr("Set [snapshot] auth-token or auth-token-file, or bind to 127.0.0.1."));
    return config;
}

QString NodeConfig::defaultText(const QString &brokerDir, const QString &dataDir, const HostPort &httpBind,
                                const HostPort &snapshotBind)
{
    return QStringLiteral("# tidemarkd configuration (TOML). Every key is listed with its default.\n"
                          "# Unknown keys and wrong types are errors, so a typo never goes unnoticed.\n"
                          "\n"
                          "[broker]\n"
                          "# The broker: highest write index, term and the raft state. Absolute path.\n"
                          "dir = %1\n"
                          "\n"
                          "[data]\n"
                          "# The meta store and the shards. Absolute path.\n"
                          "dir = %2\n"
                          "# Time span of one shard group: every point in it goes to the same shard.\n"
                          "shard-group-duration = \"24h\"\n"
                          "\n"
                          "[http]\n"
                          "# InfluxDB 1.x compatible HTTP API: /ping, /write, /query.\n"
                          "bind-address = \"%3\"\n"
                          "# Larger /write bodies are refused with 413.\n"
                          "max-body-size = 25000000\n"
                          "\n"
                          "[snapshot]\n"
                          "# Hot snapshots for 'tidemark backup'. Without this key snapshots are disabled and\n"
                          "# every snapshot request is answered with 404.\n"
                          "enabled = true\n"
                          "# Loopback only unless you set an address other machines can reach; then a token\n"
                          "# is required (auth-token = \"...\" or auth-token-file = \"/etc/tidemark/token\",\n"
                          "# at least 16 characters). Clients prove they know it without sending it.\n"
                          "bind-address = \"%4\"\n"
                          "# A client that sends nothing for this long is disconnected; so is one whose TLS\n"
                          "# handshake, hello and request together take longer (slow clients cannot pile up).\n"
                          "idle-timeout = \"30s\"\n"
                          "# A snapshot streams from read views of the live files: while one runs, pages\n"
                          "# that writers free cannot be reused, so the files grow by about what is written\n"
                          "# meanwhile. A snapshot still running after this long is abandoned.\n"
                          "max-duration = \"6h\"\n"
                          "# TLS: a PEM certificate (chain) and its unencrypted private key (keep it mode 0600).\n"
                          "# Clients then connect with --tls (and --tls-ca FILE for a private CA).\n"
                          "# tls-cert = \"/etc/tidemark/snapshot.crt\"\n"
                          "# tls-key = \"/etc/tidemark/snapshot.key\"\n")
        .arg(tomlString(brokerDir), tomlString(dataDir), httpBind.toString(), snapshotBind.toString());
}

} // namespace tidemark
