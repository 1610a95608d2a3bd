#include "influx1/InfluxConfig.h"

#include <QDir>
#include <QFile>

#include <toml++/toml.h>

namespace tidemark {

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The parsed file, or an Error naming the file and line (toml++ reports by exception here).
Result<toml::table> parseFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Config,
                         InfluxConfig::tr("Cannot read InfluxDB config '%1': %2").arg(path, file.errorString()),
                         InfluxConfig::tr("Give the node's config, usually /etc/influxdb/influxdb.conf."));
    const QByteArray text = file.readAll();
    try {
        return toml::parse(std::string_view(text.constData(), static_cast<size_t>(text.size())), path.toStdString());
    } catch (const toml::parse_error &e) {
        return makeError(ErrorCode::Config,
                         QStringLiteral("%1:%2: %3").arg(path).arg(e.source().begin.line).arg(qs(e.description())),
                         InfluxConfig::tr("Fix the TOML syntax; influxd would refuse this file too."));
    }
}

} // namespace

bool InfluxConfig::looksLikeInfluxConfig(const QString &path)
{
    auto parsed = parseFile(path);
    return parsed && parsed->contains("meta");
}

Result<InfluxConfig> InfluxConfig::load(const QString &path)
{
    auto parsed = parseFile(path);
    if (!parsed)
        return parsed.error();
    const toml::table &root = parsed.value();
    InfluxConfig config;
    const auto at = [&](const toml::node *node) {
        return node && node->source().begin.line > 0 ? QStringLiteral("%1:%2").arg(path).arg(node->source().begin.line)
                                                     : path;
    };
    const auto dir = [&](const char *table, const char *key, QString *out) -> std::optional<Error> {
        const toml::node *node = root.at_path(std::string(table) + '.' + key).node();
        const QString name = QStringLiteral("[%1] %2").arg(QLatin1String(table), QLatin1String(key));
        if (!node)
            return makeError(ErrorCode::Config, tr("%1: %2 is missing").arg(path, name),
                             tr("Add it under [%1], e.g. %2 = \"/var/lib/influxdb/%1\"")
                                 .arg(QLatin1String(table), QLatin1String(key)));
        const QString value = node->is_string() ? qs(node->as_string()->get()) : QString();
        if (!node->is_string() || !QDir::isAbsolutePath(value))
            return makeError(ErrorCode::Config, tr("%1: %2 must be an absolute path").arg(at(node), name),
                             tr("Write the full path, e.g. %1 = \"/var/lib/influxdb/%2\"")
                                 .arg(QLatin1String(key), QLatin1String(table)));
        *out = QDir::cleanPath(value);
        return std::nullopt;
    };
    const auto address = [&](const char *keyPath, HostPort *out) -> std::optional<Error> {
        const toml::node *node = root.at_path(keyPath).node();
        if (!node)
            return std::nullopt;
        auto parsedAddress = node->is_string() ? HostPort::parse(qs(node->as_string()->get()))
                                               : Result<HostPort>(makeError(ErrorCode::Config, {}));
        if (!parsedAddress)
            return makeError(ErrorCode::Config,
                             tr("%1: %2 is not HOST:PORT").arg(at(node), QString::fromLatin1(keyPath)),
                             tr("Write it as \"127.0.0.1:8088\"."));
        *out = parsedAddress.value();
        if (out->host == QLatin1String("0.0.0.0") || out->host == QLatin1String("::"))
            out->host = QStringLiteral("127.0.0.1"); // Probed locally: the node answers there too.
        return std::nullopt;
    };
    if (auto e = dir("meta", "dir", &config.metaDir))
        return *e;
    if (auto e = dir("data", "dir", &config.dataDir))
        return *e;
    if (auto e = dir("data", "wal-dir", &config.walDir))
        return *e;
    if (auto e = address("bind-address", &config.snapshotBind))
        return *e;
    if (auto e = address("http.bind-address", &config.httpBind))
        return *e;
    return config;
}

} // namespace tidemark
