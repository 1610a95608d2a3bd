#include "schedule/Schedule.h"

#include "config/TomlText.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <toml++/toml.h>

#include <functional>
#include <map>

namespace tidemark {

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

const std::pair<const char *, int RetentionPolicy::*> kCounts[] = {
    {"keep_last", &RetentionPolicy::last},       {"keep_hourly", &RetentionPolicy::hourly},
    {"keep_daily", &RetentionPolicy::daily},     {"keep_weekly", &RetentionPolicy::weekly},
    {"keep_monthly", &RetentionPolicy::monthly}, {"keep_yearly", &RetentionPolicy::yearly},
};

Error fieldError(const QString &source, const toml::source_region &where, const QString &message,
                 const QString &hint = {})
{
    const QString at = where.begin.line > 0 ? QStringLiteral("%1:%2").arg(source).arg(where.begin.line) : source;
    return makeError(ErrorCode::Config, at + QStringLiteral(": ") + message, hint);
}

} // namespace

bool Schedule::validName(const QString &name)
{
    static const QRegularExpression form(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"));
    return form.match(name).hasMatch();
}

qint64 Schedule::overdueAfter() const
{
    return overdueSeconds > 0 ? overdueSeconds : 2 * when.periodSeconds() + 3600;
}

QStringList Schedule::sharedArguments() const
{
    QStringList args;
    if (!s3Endpoint.isEmpty())
        args << QStringLiteral("--s3-endpoint") << s3Endpoint;
    if (!s3Region.isEmpty())
        args << QStringLiteral("--s3-region") << s3Region;
    if (s3PathStyle)
        args << QStringLiteral("--s3-path-style");
    if (!passphraseFile.isEmpty())
        args << QStringLiteral("--passphrase-file") << passphraseFile;
    if (!keyFile.isEmpty())
        args << QStringLiteral("--key-file") << keyFile;
    return args;
}

QStringList Schedule::backupArguments() const
{
    QStringList args{QStringLiteral("backup"), QStringLiteral("--kind"), kind};
    if (!host.isEmpty())
        args << QStringLiteral("-host") << host;
    if (!tokenFile.isEmpty())
        args << QStringLiteral("--token-file") << tokenFile;
    if (!tlsCa.isEmpty())
        args << QStringLiteral("--tls-ca") << tlsCa;
    else if (tls)
        args << QStringLiteral("--tls");
    if (!compress.isEmpty())
        args << QStringLiteral("--compress") << compress;
    if (maxLinks > 0)
        args << QStringLiteral("--max-links") << QString::number(maxLinks);
    // A new encrypted chain is made encrypted when a secret is named.
    if (!passphraseFile.isEmpty() || !keyFile.isEmpty())
        args << QStringLiteral("--encrypt");
    return args << sharedArguments() << chain;
}

QStringList Schedule::pruneArguments(const QString &chainWritten, const QString &nodeUrl) const
{
    if (!prune || nodeUrl.isEmpty())
        return {};
    QStringList args{QStringLiteral("prune")};
    for (const auto &[key, member] : kCounts) {
        if ((*prune).*member != 0)
            args << QStringLiteral("--") + QString::fromLatin1(key).replace(QLatin1Char('_'), QLatin1Char('-'))
                 << QString::number((*prune).*member);
    }
    if (prune->within)
        args << QStringLiteral("--keep-within") << RetentionPolicy::spanText(*prune->within);
    const QString written = chainWritten.isEmpty() ? chain : chainWritten;
    const QString location = written.startsWith(QLatin1String("s3://"))
                                 ? written.left(written.lastIndexOf(QLatin1Char('/')) + 1)
                                 : QFileInfo(written).absolutePath();
    args << QStringLiteral("--node") << nodeUrl;
    return args << sharedArguments() << location;
}

QStringList Schedule::verifyArguments(const QString &chainWritten) const
{
    return QStringList{QStringLiteral("verify")} << sharedArguments()
                                                 << (chainWritten.isEmpty() ? chain : chainWritten);
}

QStringList Schedule::drillArguments(const QString &chainWritten) const
{
    return QStringList{QStringLiteral("drill")} << sharedArguments() << (chainWritten.isEmpty() ? chain : chainWritten);
}

Status Schedule::validate() const
{
    if (!validName(name))
        return makeError(ErrorCode::Usage,
                         tr("'%1' cannot name a schedule: use 1 to 64 letters, digits, '-' and '_', starting with a "
                            "letter or digit")
                             .arg(name));
    if (chain.isEmpty())
        return makeError(ErrorCode::Usage, tr("The schedule '%1' names no chain").arg(name),
                         tr("Give the chain's path: a file path or s3://BUCKET/PREFIX/NAME."));
    if (!chain.startsWith(QLatin1String("s3://")) && !QDir::isAbsolutePath(chain))
        return makeError(ErrorCode::Usage, tr("The chain '%1' must be an absolute path").arg(chain),
                         tr("A timer runs in another directory; write the full path."));
    if (kind != QLatin1String("tidemark") && kind != QLatin1String("influxdb1"))
        return makeError(ErrorCode::Usage, tr("kind must be tidemark or influxdb1, not '%1'").arg(kind));
    for (const QString &file : {tokenFile, tlsCa, passphraseFile, keyFile}) {
        if (!file.isEmpty() && !QDir::isAbsolutePath(file))
            return makeError(ErrorCode::Usage, tr("The file '%1' must be given by its absolute path").arg(file),
                             tr("A timer runs in another directory; write the full path."));
    }
    if (retries < 0 || retries > 20)
        return makeError(ErrorCode::Usage, tr("retries takes a whole number from 0 to 20"));
    if (retryDelaySeconds < 0 || retryDelaySeconds > 86400)
        return makeError(ErrorCode::Usage, tr("retry_delay takes a duration up to 1d"));
    if (maxLinks != 0 && (maxLinks < 2 || maxLinks > 10000))
        return makeError(ErrorCode::Usage, tr("max_links takes a whole number from 2 to 10000"));
    if (verifyEvery < 0 || verifyEvery > 10000)
        return makeError(ErrorCode::Usage, tr("verify every takes a whole number from 0 to 10000"));
    if (drillEvery < 0 || drillEvery > 10000)
        return makeError(ErrorCode::Usage, tr("drill every takes a whole number from 0 to 10000"));
    if (prune && prune->isEmpty())
        return makeError(ErrorCode::Usage, tr("The prune policy keeps nothing"),
                         tr("Set at least one keep rule, e.g. keep_daily = 7."));
    if (!webhook.isEmpty()) {
        const QUrl url(webhook, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
            url.host().isEmpty())
            return makeError(ErrorCode::Usage, tr("The webhook must be an http:// or https:// URL"));
    }
    if (webhookFormat != QLatin1String("json") && webhookFormat != QLatin1String("alertmanager"))
        return makeError(ErrorCode::Usage,
                         tr("webhook_format must be json or alertmanager, not '%1'").arg(webhookFormat));
    if (!metricsFile.isEmpty() && !QDir::isAbsolutePath(metricsFile))
        return makeError(ErrorCode::Usage, tr("The metrics file '%1' must be an absolute path").arg(metricsFile));
    return {};
}

QString Schedule::toToml() const
{
    QString t = QStringLiteral("# Tidemark schedule '%1' (tidemark-cli schedule add, or the GUI's Schedule tab).\n"
                               "# Edited by hand? Check it with: tidemark-cli schedule list\n\n")
                    .arg(name);
    const auto str = [&](const char *key, const QString &value) {
        if (!value.isEmpty())
            t += QString::fromLatin1(key) + QStringLiteral(" = ") + tomlString(value) + QLatin1Char('\n');
    };
    const auto num = [&](const char *key, qint64 value) {
        t += QString::fromLatin1(key) + QStringLiteral(" = ") + QString::number(value) + QLatin1Char('\n');
    };
    const auto flag = [&](const char *key, bool value) {
        t += QString::fromLatin1(key) + (value ? QStringLiteral(" = true\n") : QStringLiteral(" = false\n"));
    };
    t += QStringLiteral("[node]\n");
    str("host", host);
    str("kind", kind);
    str("token_file", tokenFile);
    if (tls)
        flag("tls", true);
    str("tls_ca", tlsCa);
    t += QStringLiteral("\n[backup]\n");
    str("chain", chain);
    str("compress", compress);
    if (maxLinks > 0)
        num("max_links", maxLinks);
    str("passphrase_file", passphraseFile);
    str("key_file", keyFile);
    str("s3_endpoint", s3Endpoint);
    str("s3_region", s3Region);
    if (s3PathStyle)
        flag("s3_path_style", true);
    str("user", user);
    t += QStringLiteral("\n[when]\n");
    t += when.keyName() + QStringLiteral(" = ") + tomlString(when.value()) + QLatin1Char('\n');
    num("retries", retries);
    str("retry_delay", durationText(retryDelaySeconds));
    if (prune) {
        t += QStringLiteral("\n[prune]\n");
        for (const auto &[key, member] : kCounts) {
            if ((*prune).*member != 0)
                num(key, (*prune).*member);
        }
        if (prune->within)
            str("keep_within", RetentionPolicy::spanText(*prune->within));
    }
    if (verifyEvery > 0 || verifyWeekly) {
        t += QStringLiteral("\n[verify]\n");
        if (verifyEvery > 0)
            num("every", verifyEvery);
        if (verifyWeekly)
            flag("weekly", true);
    }
    if (drillEvery > 0 || drillWeekly) {
        t += QStringLiteral("\n[drill]\n");
        if (drillEvery > 0)
            num("every", drillEvery);
        if (drillWeekly)
            flag("weekly", true);
    }
    t += QStringLiteral("\n[alerts]\n");
    if (overdueSeconds > 0)
        str("overdue", durationText(overdueSeconds));
    flag("desktop", desktop);
    str("webhook", webhook);
    if (!webhook.isEmpty())
        str("webhook_format", webhookFormat);
    str("metrics_file", metricsFile);
    return t;
}

Result<Schedule> Schedule::fromToml(const QString &text, const QString &source, const QString &name)
{
    toml::table root;
    const QByteArray utf8 = text.toUtf8();
    try {
        root = toml::parse(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())), source.toStdString());
    } catch (const toml::parse_error &e) {
        return fieldError(source, e.source(), tr("not valid TOML: %1").arg(qs(e.description())),
                          tr("Compare with a definition written by tidemark-cli schedule add."));
    }
    Schedule s;
    s.name = name;
    bool sawWhen = false;
    RetentionPolicy policy;
    bool sawPrune = false;

    using Handler = std::function<std::optional<Error>(const toml::node &, const QString &)>;
    const auto string = [&](QString *out) -> Handler {
        return [&, out](const toml::node &n, const QString &key) -> std::optional<Error> {
            if (!n.is_string())
                return fieldError(source, n.source(), tr("'%1' must be a string in quotes").arg(key));
            *out = qs(n.as_string()->get());
            return std::nullopt;
        };
    };
    const auto boolean = [&](bool *out) -> Handler {
        return [&, out](const toml::node &n, const QString &key) -> std::optional<Error> {
            if (!n.is_boolean())
                return fieldError(source, n.source(), tr("'%1' must be true or false").arg(key));
            *out = n.as_boolean()->get();
            return std::nullopt;
        };
    };
    const auto integer = [&](int *out, int low, int high) -> Handler {
        return [&, out, low, high](const toml::node &n, const QString &key) -> std::optional<Error> {
            if (!n.is_integer() || n.as_integer()->get() < low || n.as_integer()->get() > high)
                return fieldError(source, n.source(),
                                  tr("'%1' must be a whole number from %2 to %3").arg(key).arg(low).arg(high));
            *out = static_cast<int>(n.as_integer()->get());
            return std::nullopt;
        };
    };
    const auto duration = [&](qint64 *out) -> Handler {
        return [&, out](const toml::node &n, const QString &key) -> std::optional<Error> {
            auto parsed = n.is_string() ? parseDurationSeconds(qs(n.as_string()->get()), key)
                                        : Result<qint64>(makeError(ErrorCode::Config, QString()));
            if (!parsed)
                return fieldError(
                    source, n.source(),
                    tr("'%1' must be a duration in quotes, like \"90s\", \"5m\", \"26h\" or \"2d\"").arg(key));
            *out = parsed.value();
            return std::nullopt;
        };
    };
    const auto timing = [&](Result<ScheduleWhen> (*parse)(const QString &)) -> Handler {
        return [&, parse](const toml::node &n, const QString &key) -> std::optional<Error> {
            if (sawWhen)
                return fieldError(source, n.source(),
                                  tr("'%1': a schedule has one of every, daily, weekly and calendar").arg(key));
            if (!n.is_string())
                return fieldError(source, n.source(), tr("'%1' must be a string in quotes").arg(key));
            auto parsed = parse(qs(n.as_string()->get()));
            if (!parsed)
                return fieldError(source, n.source(), parsed.error().message, parsed.error().hint);
            s.when = parsed.value();
            sawWhen = true;
            return std::nullopt;
        };
    };
    std::map<QString, std::map<QString, Handler>> sections;
    sections[QStringLiteral("node")] = {{QStringLiteral("host"), string(&s.host)},
                                        {QStringLiteral("kind"), string(&s.kind)},
                                        {QStringLiteral("token_file"), string(&s.tokenFile)},
                                        {QStringLiteral("tls"), boolean(&s.tls)},
                                        {QStringLiteral("tls_ca"), string(&s.tlsCa)}};
    sections[QStringLiteral("backup")] = {{QStringLiteral("chain"), string(&s.chain)},
                                          {QStringLiteral("compress"), string(&s.compress)},
                                          {QStringLiteral("max_links"), integer(&s.maxLinks, 2, 10000)},
                                          {QStringLiteral("passphrase_file"), string(&s.passphraseFile)},
                                          {QStringLiteral("key_file"), string(&s.keyFile)},
                                          {QStringLiteral("s3_endpoint"), string(&s.s3Endpoint)},
                                          {QStringLiteral("s3_region"), string(&s.s3Region)},
                                          {QStringLiteral("s3_path_style"), boolean(&s.s3PathStyle)},
                                          {QStringLiteral("user"), string(&s.user)}};
    sections[QStringLiteral("when")] = {{QStringLiteral("every"), timing(&ScheduleWhen::every)},
                                        {QStringLiteral("daily"), timing(&ScheduleWhen::daily)},
                                        {QStringLiteral("weekly"), timing(&ScheduleWhen::weekly)},
                                        {QStringLiteral("calendar"), timing(&ScheduleWhen::fromCalendar)},
                                        {QStringLiteral("retries"), integer(&s.retries, 0, 20)},
                                        {QStringLiteral("retry_delay"), duration(&s.retryDelaySeconds)}};
    std::map<QString, Handler> prune;
    for (const auto &[key, member] : kCounts) {
        int *field = &(policy.*member);
        prune[QString::fromLatin1(key)] = [&, field](const toml::node &n, const QString &k) -> std::optional<Error> {
            sawPrune = true;
            if (!n.is_integer() || n.as_integer()->get() < -1 || n.as_integer()->get() > 1000000)
                return fieldError(source, n.source(),
                                  tr("'%1' must be a whole number (-1 keeps one in every period)").arg(k));
            *field = static_cast<int>(n.as_integer()->get());
            return std::nullopt;
        };
    }
    prune[QStringLiteral("keep_within")] = [&](const toml::node &n, const QString &k) -> std::optional<Error> {
        sawPrune = true;
        auto span = n.is_string() ? RetentionPolicy::parseSpan(qs(n.as_string()->get()), k)
                                  : Result<RetentionPolicy::Span>(makeError(ErrorCode::Config, QString()));
        if (!span)
            return fieldError(source, n.source(), tr("'%1' must be a span in quotes, like \"30d\" or \"1y6m\"").arg(k));
        policy.within = span.value();
        return std::nullopt;
    };
    sections[QStringLiteral("prune")] = prune;
    sections[QStringLiteral("verify")] = {{QStringLiteral("every"), integer(&s.verifyEvery, 0, 10000)},
                                          {QStringLiteral("weekly"), boolean(&s.verifyWeekly)}};
    sections[QStringLiteral("drill")] = {{QStringLiteral("every"), integer(&s.drillEvery, 0, 10000)},
                                         {QStringLiteral("weekly"), boolean(&s.drillWeekly)}};
    sections[QStringLiteral("alerts")] = {{QStringLiteral("overdue"), duration(&s.overdueSeconds)},
                                          {QStringLiteral("desktop"), boolean(&s.desktop)},
                                          {QStringLiteral("webhook"), string(&s.webhook)},
                                          {QStringLiteral("webhook_format"), string(&s.webhookFormat)},
                                          {QStringLiteral("metrics_file"), string(&s.metricsFile)}};

    for (const auto &[sectionKey, sectionNode] : root) {
        const QString section = qs(sectionKey.str());
        const auto known = sections.find(section);
        if (known == sections.end() || !sectionNode.is_table()) {
            QStringList names;
            for (const auto &entry : sections)
                names << QLatin1Char('[') + entry.first + QLatin1Char(']');
            return fieldError(source, sectionNode.source(), tr("unknown section '%1'").arg(section),
                              tr("A schedule has the sections %1.").arg(names.join(QStringLiteral(", "))));
        }
        for (const auto &[key, node] : *sectionNode.as_table()) {
            const QString k = qs(key.str());
            const auto handler = known->second.find(k);
            if (handler == known->second.end()) {
                QStringList names;
                for (const auto &entry : known->second)
                    names << entry.first;
                return fieldError(source, node.source(), tr("unknown key '%1' in [%2]").arg(k, section),
                                  tr("[%1] takes: %2.").arg(section, names.join(QStringLiteral(", "))));
            }
            if (auto e = handler->second(node, section + QLatin1Char('.') + k))
                return *e;
        }
    }
    if (!sawWhen)
        return fieldError(source, {}, tr("no time to run: [when] needs every, daily, weekly or calendar"),
                          tr("For example: [when] daily = \"02:30\""));
    if (sawPrune)
        s.prune = policy;
    if (auto valid = s.validate(); !valid)
        return fieldError(source, {}, valid.error().message, valid.error().hint);
    return s;
}

} // namespace tidemark
