#include "storage/S3Settings.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QUrl>

namespace tidemark {

namespace {

QMutex g_overridesMutex;
QHash<QString, S3Settings::Overrides> g_overrides; // By location prefix; "" for all.

// One profile of an AWS INI file: its `key = value` lines, and those of nested sections
// (`s3 =` followed by indented lines) as "s3.key".
using Profile = QHash<QString, QString>;

struct IniFile {
    QHash<QString, Profile> sections;
    bool exists = false;
};

IniFile readIni(const QString &path)
{
    IniFile ini;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ini;
    ini.exists = true;
    QString section;
    QString nested;
    while (!file.atEnd()) {
        const QString raw = QString::fromUtf8(file.readLine(64 * 1024));
        const bool indented = !raw.isEmpty() && (raw.front() == QLatin1Char(' ') || raw.front() == QLatin1Char('\t'));
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('[')) && line.endsWith(QLatin1Char(']'))) {
            section = line.mid(1, line.size() - 2).trimmed();
            nested.clear();
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0 || section.isEmpty())
            continue;
        const QString key = line.left(eq).trimmed().toLower();
        const QString value = line.mid(eq + 1).trimmed();
        if (indented && !nested.isEmpty()) {
            ini.sections[section].insert(nested + QLatin1Char('.') + key, value);
            continue;
        }
        nested = value.isEmpty() ? key : QString();
        if (!value.isEmpty())
            ini.sections[section].insert(key, value);
    }
    return ini;
}

QString homeFile(const QProcessEnvironment &env, const QString &variable, const QString &name)
{
    const QString set = env.value(variable);
    if (!set.isEmpty())
        return set;
    const QString home = env.value(QStringLiteral("HOME"), QDir::homePath());
    return home + QStringLiteral("/.aws/") + name;
}

QString firstOf(std::initializer_list<QString> values)
{
    for (const QString &v : values) {
        if (!v.isEmpty())
            return v;
    }
    return {};
}

} // namespace

bool S3Settings::isEndpointUrl(const QString &endpoint)
{
    const QUrl url(endpoint);
    return url.isValid() && !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
           (url.path().isEmpty() || url.path() == QLatin1String("/")) && !url.hasQuery();
}

bool S3Settings::isAwsEndpoint(const QString &endpoint)
{
    const QString host = QUrl(endpoint).host().toLower();
    return host.endsWith(QLatin1String(".amazonaws.com")) || host == QLatin1String("amazonaws.com");
}

void S3Settings::setOverrides(const Overrides &overrides, const QString &prefix)
{
    QMutexLocker locker(&g_overridesMutex);
    const bool empty = overrides.endpoint.isEmpty() && overrides.region.isEmpty() && !overrides.pathStyle &&
                       overrides.accessKey.isEmpty() && overrides.secretKey.isEmpty();
    if (empty && !prefix.isEmpty())
        g_overrides.remove(prefix);
    else
        g_overrides.insert(prefix, overrides);
}

S3Settings::Overrides S3Settings::overrides(const QString &location)
{
    QMutexLocker locker(&g_overridesMutex);
    QString best;
    bool found = false;
    for (auto it = g_overrides.cbegin(); it != g_overrides.cend(); ++it) {
        if (location.startsWith(it.key()) && (!found || it.key().size() > best.size())) {
            best = it.key();
            found = true;
        }
    }
    return found ? g_overrides.value(best) : Overrides{};
}

Result<S3Settings> S3Settings::resolve(const QString &location, const QProcessEnvironment &env)
{
    const Overrides set = overrides(location);
    const QString profileName = firstOf({env.value(QStringLiteral("AWS_PROFILE")), QStringLiteral("default")});
    const QString configPath = homeFile(env, QStringLiteral("AWS_CONFIG_FILE"), QStringLiteral("config"));
    const QString credentialsPath =
        homeFile(env, QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), QStringLiteral("credentials"));
    const IniFile config = readIni(configPath);
    const IniFile credentials = readIni(credentialsPath);
    const Profile profile = config.sections.value(
        profileName == QLatin1String("default") ? profileName : QStringLiteral("profile ") + profileName);
    const Profile keys = credentials.sections.value(profileName);
    if (env.contains(QStringLiteral("AWS_PROFILE")) &&
        !config.sections.contains(QStringLiteral("profile ") + profileName) && !config.sections.contains(profileName) &&
        !credentials.sections.contains(profileName))
        return makeError(ErrorCode::Config,
                         tr("AWS_PROFILE names the profile '%1', which neither '%2' nor '%3' has.")
                             .arg(profileName, credentialsPath, configPath),
                         tr("Add a [%1] section to '%2', or unset AWS_PROFILE.").arg(profileName, credentialsPath));

    S3Settings s;
    s.region =
        firstOf({set.region, env.value(QStringLiteral("AWS_REGION")), env.value(QStringLiteral("AWS_DEFAULT_REGION")),
                 profile.value(QStringLiteral("region")), QStringLiteral("us-east-1")});
    s.endpoint = firstOf(
        {set.endpoint, env.value(QStringLiteral("AWS_ENDPOINT_URL_S3")), env.value(QStringLiteral("AWS_ENDPOINT_URL")),
         profile.value(QStringLiteral("s3.endpoint_url")), profile.value(QStringLiteral("endpoint_url"))});
    const bool custom = !s.endpoint.isEmpty() && !isAwsEndpoint(s.endpoint);
    if (s.endpoint.isEmpty())
        s.endpoint = QStringLiteral("https://s3.%1.amazonaws.com").arg(s.region);
    while (s.endpoint.endsWith(QLatin1Char('/')))
        s.endpoint.chop(1);
    if (!isEndpointUrl(s.endpoint))
        return makeError(ErrorCode::Config,
                         tr("The S3 endpoint '%1' is not a URL like https://HOST[:PORT].").arg(s.endpoint),
                         tr("Give --s3-endpoint (or AWS_ENDPOINT_URL) as scheme, host and port only."));
    const QString style = profile.value(QStringLiteral("s3.addressing_style")).toLower();
    s.pathStyle =
        set.pathStyle.value_or(style == QLatin1String("path") || (style != QLatin1String("virtual") && custom));
    s.caBundle = firstOf({env.value(QStringLiteral("AWS_CA_BUNDLE")), profile.value(QStringLiteral("ca_bundle"))});
    if (!s.caBundle.isEmpty() && !QFile::exists(s.caBundle))
        return makeError(ErrorCode::Config,
                         tr("The CA bundle '%1' (AWS_CA_BUNDLE or ca_bundle) does not exist.").arg(s.caBundle),
                         tr("Point it at a PEM file of the CA that signed the endpoint's certificate."));

    if (!set.accessKey.isEmpty() && !set.secretKey.isEmpty()) {
        s.accessKey = set.accessKey;
        s.secretKey = set.secretKey;
        s.credentialsSource = tr("the location's saved keys");
    } else if (!env.value(QStringLiteral("AWS_ACCESS_KEY_ID")).isEmpty()) {
        s.accessKey = env.value(QStringLiteral("AWS_ACCESS_KEY_ID"));
        s.secretKey = env.value(QStringLiteral("AWS_SECRET_ACCESS_KEY"));
        s.sessionToken = env.value(QStringLiteral("AWS_SESSION_TOKEN"));
        s.credentialsSource = QStringLiteral("AWS_ACCESS_KEY_ID");
        if (s.secretKey.isEmpty())
            return makeError(ErrorCode::Auth, tr("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not."),
                             tr("Set both, or neither and use a profile in '%1'.").arg(credentialsPath));
    } else {
        for (const auto &[source, from] : {std::pair{&keys, credentialsPath}, std::pair{&profile, configPath}}) {
            if (source->value(QStringLiteral("aws_access_key_id")).isEmpty())
                continue;
            s.accessKey = source->value(QStringLiteral("aws_access_key_id"));
            s.secretKey = source->value(QStringLiteral("aws_secret_access_key"));
            s.sessionToken = source->value(QStringLiteral("aws_session_token"));
            s.credentialsSource = tr("profile '%1' of '%2'").arg(profileName, from);
            if (s.secretKey.isEmpty())
                return makeError(ErrorCode::Auth,
                                 tr("Profile '%1' of '%2' has aws_access_key_id but no aws_secret_access_key.")
                                     .arg(profileName, from),
                                 tr("Add the secret key to that profile."));
            break;
        }
    }
    if (s.accessKey.isEmpty())
        return makeError(
            ErrorCode::Auth,
            tr("No S3 credentials: AWS_ACCESS_KEY_ID is not set and profile '%1' has none.").arg(profileName),
            tr("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put them in '%1' under [%2] "
               "(aws_access_key_id, aws_secret_access_key).")
                .arg(credentialsPath, profileName));
    return s;
}

bool S3Url::isS3(const QString &location)
{
    return location.startsWith(QLatin1String("s3://"), Qt::CaseInsensitive);
}

S3Url S3Url::parse(const QString &location)
{
    S3Url url;
    if (!isS3(location))
        return url;
    const QString rest = location.mid(5);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    url.bucket = slash < 0 ? rest : rest.left(slash);
    url.key = slash < 0 ? QString() : rest.mid(slash + 1);
    while (url.key.startsWith(QLatin1Char('/')))
        url.key.remove(0, 1);
    url.valid = !url.bucket.isEmpty();
    return url;
}

} // namespace tidemark
