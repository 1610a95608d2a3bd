// S3Settings::resolve(): the keys, region, endpoint and addressing of an S3 location, found as
// the AWS tools find them, from an environment and ~/.aws files made here (HOME is a temporary
// directory), with the command line's and a GUI location's overrides on top.
#include "storage/S3Settings.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;

namespace {

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QString why(const Result<S3Settings> &result)
{
    return result.ok()
               ? QString()
               : QStringLiteral("[%1] %2").arg(static_cast<int>(result.error().code)).arg(result.error().toString());
}

} // namespace

class TestS3Settings : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_home;

    QString config() const { return m_home->filePath(QStringLiteral(".aws/config")); }
    QString credentials() const { return m_home->filePath(QStringLiteral(".aws/credentials")); }
    // An environment with nothing but HOME (and `more`).
    QProcessEnvironment env(const QList<QPair<QString, QString>> &more = {}) const
    {
        QProcessEnvironment e;
        e.insert(QStringLiteral("HOME"), m_home->path());
        for (const auto &[name, value] : more)
            e.insert(name, value);
        return e;
    }
    QProcessEnvironment withKeys(QList<QPair<QString, QString>> more = {}) const
    {
        more.append({QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ENVKEY")});
        more.append({QStringLiteral("AWS_SECRET_ACCESS_KEY"), QStringLiteral("envsecret")});
        return env(more);
    }

private Q_SLOTS:
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
    }

    void cleanup()
    {
        S3Settings::setOverrides({});
        for (const QString &prefix : {QStringLiteral("s3://bucket/"), QStringLiteral("s3://bucket/team/")})
            S3Settings::setOverrides({}, prefix);
    }

    void environmentKeysWinOverTheProfile()
    {
        writeFile(credentials(), "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
        auto fromEnv =
            S3Settings::resolve({}, withKeys({{QStringLiteral("AWS_SESSION_TOKEN"), QStringLiteral("tok")}}));
        QVERIFY2(fromEnv.ok(), qPrintable(why(fromEnv)));
        QCOMPARE(fromEnv->accessKey, QStringLiteral("ENVKEY"));
        QCOMPARE(fromEnv->secretKey, QStringLiteral("envsecret"));
        QCOMPARE(fromEnv->sessionToken, QStringLiteral("tok"));
        QCOMPARE(fromEnv->credentialsSource, QStringLiteral("AWS_ACCESS_KEY_ID"));

        auto fromFile = S3Settings::resolve({}, env());
        QVERIFY2(fromFile.ok(), qPrintable(why(fromFile)));
        QCOMPARE(fromFile->accessKey, QStringLiteral("FILEKEY"));
        QCOMPARE(fromFile->secretKey, QStringLiteral("filesecret"));
        QVERIFY2(fromFile->credentialsSource.contains(credentials()), qPrintable(fromFile->credentialsSource));
    }

    void anEnvironmentKeyWithoutItsSecretIsRefused()
    {
        auto s = S3Settings::resolve({}, env({{QStringLiteral("AWS_ACCESS_KEY_ID"), QStringLiteral("ENVKEY")}}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Auth);
        QVERIFY2(s.error().message.contains(QLatin1String("AWS_SECRET_ACCESS_KEY")), qPrintable(s.error().message));
    }

    void awsProfilePicksItsSectionsInBothFiles()
    {
        writeFile(config(), "[default]\nregion = us-west-2\n\n"
                            "[profile work]\nregion = eu-central-1\nendpoint_url = http://rgw.work:7480\n\n"
                            "[profile fromconfig]\naws_access_key_id = CFGKEY\naws_secret_access_key = cfgsecret\n");
        writeFile(credentials(),
                  "[default]\naws_access_key_id = DEFKEY\naws_secret_access_key = defsecret\n"
                  "# work's keys\n[work]\naws_access_key_id = WORKKEY\naws_secret_access_key = worksecret\n");
        auto work = S3Settings::resolve({}, env({{QStringLiteral("AWS_PROFILE"), QStringLiteral("work")}}));
        QVERIFY2(work.ok(), qPrintable(why(work)));
        QCOMPARE(work->accessKey, QStringLiteral("WORKKEY"));
        QCOMPARE(work->secretKey, QStringLiteral("worksecret"));
        QCOMPARE(work->region, QStringLiteral("eu-central-1"));
        QCOMPARE(work->endpoint, QStringLiteral("http://rgw.work:7480"));
        QVERIFY(work->pathStyle); // Not AWS: path style.
        QVERIFY2(work->credentialsSource.contains(QLatin1String("'work'")), qPrintable(work->credentialsSource));

        auto plain = S3Settings::resolve({}, env());
        QVERIFY2(plain.ok(), qPrintable(why(plain)));
        QCOMPARE(plain->accessKey, QStringLiteral("DEFKEY"));
        QCOMPARE(plain->region, QStringLiteral("us-west-2"));
        QCOMPARE(plain->endpoint, QStringLiteral("https://s3.us-west-2.amazonaws.com"));
        QVERIFY(!plain->pathStyle);

        // Keys in the config file's profile when the credentials file has none for it.
        auto cfg = S3Settings::resolve({}, env({{QStringLiteral("AWS_PROFILE"), QStringLiteral("fromconfig")}}));
        QVERIFY2(cfg.ok(), qPrintable(why(cfg)));
        QCOMPARE(cfg->accessKey, QStringLiteral("CFGKEY"));
        QVERIFY2(cfg->credentialsSource.contains(config()), qPrintable(cfg->credentialsSource));
    }

    void filesNamedByTheEnvironmentAreRead()
    {
        const QString other = m_home->filePath(QStringLiteral("elsewhere/creds"));
        const QString otherConfig = m_home->filePath(QStringLiteral("elsewhere/conf"));
        writeFile(other, "[default]\naws_access_key_id = OTHERKEY\naws_secret_access_key = s\n");
        writeFile(otherConfig, "[default]\nregion = sa-east-1\n");
        writeFile(credentials(), "[default]\naws_access_key_id = HOMEKEY\naws_secret_access_key = s\n");
        auto s = S3Settings::resolve({}, env({{QStringLiteral("AWS_SHARED_CREDENTIALS_FILE"), other},
                                              {QStringLiteral("AWS_CONFIG_FILE"), otherConfig}}));
        QVERIFY2(s.ok(), qPrintable(why(s)));
        QCOMPARE(s->accessKey, QStringLiteral("OTHERKEY"));
        QCOMPARE(s->region, QStringLiteral("sa-east-1"));
    }

    void endpointUrlAndTheNestedS3Section()
    {
        writeFile(config(), "[default]\n"
                            "endpoint_url = http://top:1\n"
                            "s3 =\n"
                            "  endpoint_url = http://nested:2/\n"
                            "  addressing_style = virtual\n"
                            "region = ap-south-1\n\n"
                            "[profile aws]\n"
                            "region = eu-west-3\n"
                            "s3 =\n"
                            "    addressing_style = path\n\n"
                            "[profile top]\n"
                            "endpoint_url = http://top:1/\n");
        auto nested = S3Settings::resolve({}, withKeys());
        QVERIFY2(nested.ok(), qPrintable(why(nested)));
        QCOMPARE(nested->endpoint, QStringLiteral("http://nested:2")); // The s3 section's first, no slash.
        QVERIFY(!nested->pathStyle);                                   // addressing_style = virtual.
        QCOMPARE(nested->region, QStringLiteral("ap-south-1"));        // After the nested lines: the profile's.

        auto aws = S3Settings::resolve({}, withKeys({{QStringLiteral("AWS_PROFILE"), QStringLiteral("aws")}}));
        QVERIFY2(aws.ok(), qPrintable(why(aws)));
        QCOMPARE(aws->endpoint, QStringLiteral("https://s3.eu-west-3.amazonaws.com"));
        QVERIFY(aws->pathStyle); // addressing_style = path, on AWS too.

        auto top = S3Settings::resolve({}, withKeys({{QStringLiteral("AWS_PROFILE"), QStringLiteral("top")}}));
        QVERIFY2(top.ok(), qPrintable(why(top)));
        QCOMPARE(top->endpoint, QStringLiteral("http://top:1"));
        QVERIFY(top->pathStyle);
    }

    void endpointFromTheEnvironment()
    {
        writeFile(config(), "[default]\nendpoint_url = http://profile:1\n");
        auto generic = S3Settings::resolve(
            {}, withKeys({{QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://generic:2")}}));
        QVERIFY2(generic.ok(), qPrintable(why(generic)));
        QCOMPARE(generic->endpoint, QStringLiteral("http://generic:2"));
        auto s3 = S3Settings::resolve(
            {}, withKeys({{QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://generic:2")},
                          {QStringLiteral("AWS_ENDPOINT_URL_S3"), QStringLiteral("https://s3only:3")}}));
        QVERIFY2(s3.ok(), qPrintable(why(s3)));
        QCOMPARE(s3->endpoint, QStringLiteral("https://s3only:3"));

        auto bad = S3Settings::resolve(
            {}, withKeys({{QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://host:9000/some/path")}}));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, ErrorCode::Config);
        auto scheme =
            S3Settings::resolve({}, withKeys({{QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("ftp://host")}}));
        QVERIFY(!scheme.ok());
        QCOMPARE(scheme.error().code, ErrorCode::Config);
    }

    void regionFromTheEnvironmentThenTheProfile()
    {
        writeFile(config(), "[default]\nregion = profile-region\n");
        const QPair<QString, QString> region{QStringLiteral("AWS_REGION"), QStringLiteral("env-region")};
        const QPair<QString, QString> fallback{QStringLiteral("AWS_DEFAULT_REGION"), QStringLiteral("default-region")};
        QCOMPARE(S3Settings::resolve({}, withKeys({region, fallback}))->region, QStringLiteral("env-region"));
        QCOMPARE(S3Settings::resolve({}, withKeys({fallback}))->region, QStringLiteral("default-region"));
        QCOMPARE(S3Settings::resolve({}, withKeys())->region, QStringLiteral("profile-region"));
        QFile::remove(config());
        auto none = S3Settings::resolve({}, withKeys());
        QCOMPARE(none->region, QStringLiteral("us-east-1"));
        QCOMPARE(none->endpoint, QStringLiteral("https://s3.us-east-1.amazonaws.com"));
    }

    void missingCredentialsNameTheFile()
    {
        auto none = S3Settings::resolve({}, env());
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, ErrorCode::Auth);
        QVERIFY2(none.error().hint.contains(credentials()), qPrintable(none.error().hint));
        QVERIFY2(none.error().hint.contains(QLatin1String("AWS_ACCESS_KEY_ID")), qPrintable(none.error().hint));

        // A profile with a key but no secret.
        writeFile(credentials(), "[default]\naws_access_key_id = HALF\n");
        auto half = S3Settings::resolve({}, env());
        QVERIFY(!half.ok());
        QCOMPARE(half.error().code, ErrorCode::Auth);
        QVERIFY2(half.error().message.contains(credentials()), qPrintable(half.error().message));
    }

    void anUnknownProfileIsAConfigError()
    {
        writeFile(credentials(), "[default]\naws_access_key_id = K\naws_secret_access_key = s\n");
        auto s = S3Settings::resolve({}, withKeys({{QStringLiteral("AWS_PROFILE"), QStringLiteral("nosuch")}}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Config);
        QVERIFY2(s.error().message.contains(QLatin1String("'nosuch'")), qPrintable(s.error().message));
        QVERIFY(!s.error().hint.isEmpty());
    }

    void aMissingCaBundleIsAConfigError()
    {
        auto s = S3Settings::resolve(
            {}, withKeys({{QStringLiteral("AWS_CA_BUNDLE"), m_home->filePath(QStringLiteral("no-ca.pem"))}}));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Config);
        QVERIFY2(s.error().message.contains(QLatin1String("no-ca.pem")), qPrintable(s.error().message));
    }

    void commandLineOverridesWin()
    {
        writeFile(config(), "[default]\nregion = profile-region\nendpoint_url = http://profile:1\n");
        S3Settings::Overrides cli;
        cli.endpoint = QStringLiteral("http://cli:9000");
        cli.region = QStringLiteral("cli-region");
        cli.pathStyle = false;
        S3Settings::setOverrides(cli);
        auto s = S3Settings::resolve(QStringLiteral("s3://bucket/chain"),
                                     withKeys({{QStringLiteral("AWS_REGION"), QStringLiteral("env-region")},
                                               {QStringLiteral("AWS_ENDPOINT_URL"), QStringLiteral("http://env:2")}}));
        QVERIFY2(s.ok(), qPrintable(why(s)));
        QCOMPARE(s->endpoint, QStringLiteral("http://cli:9000"));
        QCOMPARE(s->region, QStringLiteral("cli-region"));
        QVERIFY(!s->pathStyle); // Said so, though the endpoint is not AWS.
        QCOMPARE(s->accessKey, QStringLiteral("ENVKEY"));

        // A GUI location's keys win over the environment's.
        S3Settings::Overrides keys;
        keys.accessKey = QStringLiteral("SAVEDKEY");
        keys.secretKey = QStringLiteral("savedsecret");
        S3Settings::setOverrides(keys);
        auto saved = S3Settings::resolve(QStringLiteral("s3://bucket/chain"), withKeys());
        QVERIFY2(saved.ok(), qPrintable(why(saved)));
        QCOMPARE(saved->accessKey, QStringLiteral("SAVEDKEY"));
        QCOMPARE(saved->secretKey, QStringLiteral("savedsecret"));
    }

    void theLongestPrefixsOverridesApply()
    {
        S3Settings::Overrides all;
        all.endpoint = QStringLiteral("http://all:1");
        S3Settings::Overrides bucket;
        bucket.endpoint = QStringLiteral("http://bucket:2");
        S3Settings::Overrides team;
        team.endpoint = QStringLiteral("http://team:3");
        team.region = QStringLiteral("team-region");
        // Set in an order that is not the prefixes' length.
        S3Settings::setOverrides(team, QStringLiteral("s3://bucket/team/"));
        S3Settings::setOverrides(all);
        S3Settings::setOverrides(bucket, QStringLiteral("s3://bucket/"));
        const auto endpointOf = [this](const QString &location) {
            auto s = S3Settings::resolve(location, withKeys());
            return s.ok() ? s->endpoint : why(s);
        };
        QCOMPARE(endpointOf(QStringLiteral("s3://bucket/team/node1")), QStringLiteral("http://team:3"));
        QCOMPARE(S3Settings::resolve(QStringLiteral("s3://bucket/team/node1"), withKeys())->region,
                 QStringLiteral("team-region"));
        QCOMPARE(endpointOf(QStringLiteral("s3://bucket/other/node1")), QStringLiteral("http://bucket:2"));
        QCOMPARE(endpointOf(QStringLiteral("s3://elsewhere/node1")), QStringLiteral("http://all:1"));
        QCOMPARE(S3Settings::overrides(QStringLiteral("s3://bucket/team/x")).endpoint, QStringLiteral("http://team:3"));

        // Empty overrides for a prefix remove them: the next longest applies.
        S3Settings::setOverrides({}, QStringLiteral("s3://bucket/team/"));
        QCOMPARE(endpointOf(QStringLiteral("s3://bucket/team/node1")), QStringLiteral("http://bucket:2"));
    }

    void s3UrlsTakenApart()
    {
        const S3Url url = S3Url::parse(QStringLiteral("s3://bucket//dir/chain"));
        QVERIFY(url.valid);
        QCOMPARE(url.bucket, QStringLiteral("bucket"));
        QCOMPARE(url.key, QStringLiteral("dir/chain"));
        QCOMPARE(url.toString(), QStringLiteral("s3://bucket/dir/chain"));
        QVERIFY(S3Url::parse(QStringLiteral("S3://b/k")).valid);
        QVERIFY(!S3Url::parse(QStringLiteral("s3://")).valid);
        QVERIFY(!S3Url::parse(QStringLiteral("/local/chain")).valid);
        QVERIFY(S3Url::parse(QStringLiteral("s3://bucket")).key.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestS3Settings)
#include "tst_s3settings.moc"
