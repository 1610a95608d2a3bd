#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace tidemark {

/// Where an S3 location is and how to sign for it, found the way the AWS tools find it:
///
/// - credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), else the
///   profile `AWS_PROFILE` (default `default`) of `~/.aws/credentials`
///   (`AWS_SHARED_CREDENTIALS_FILE`), else the same profile in `~/.aws/config` (`AWS_CONFIG_FILE`);
/// - region: `--s3-region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, `us-east-1`;
/// - endpoint: `--s3-endpoint`, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's
///   `endpoint_url` (its `s3 =` section's first), else AWS (`https://s3.REGION.amazonaws.com`);
/// - addressing: path style (`https://host/BUCKET/KEY`) with `--s3-path-style`, the profile's
///   `s3 = addressing_style = path`, or any endpoint that is not AWS's; virtual-hosted otherwise;
/// - CA bundle: `AWS_CA_BUNDLE`, the profile's `ca_bundle`, else the system's.
///
/// Secrets are read from the environment and files only, never from the command line.
struct S3Settings {
    Q_DECLARE_TR_FUNCTIONS(S3Settings)

public:
    QString endpoint; ///< scheme://host[:port], no trailing slash.
    QString region;
    bool pathStyle = false;
    QString accessKey;
    QString secretKey;
    QString sessionToken;
    QString caBundle;
    QString credentialsSource; ///< Where the key came from, for messages ("AWS_ACCESS_KEY_ID", a file…).

    /// What the command line says (tidemark-cli's `--s3-endpoint`, `--s3-region`, `--s3-path-style`)
    /// or the GUI's location; it wins over the environment and the files.
    struct Overrides {
        QString endpoint;
        QString region;
        std::optional<bool> pathStyle;
        QString accessKey; ///< With secretKey: a GUI location's keys (from the keyring).
        QString secretKey;
    };
    /// Process-wide overrides for S3 locations opened later: for every location when `prefix` is
    /// empty (the command line), else for locations that start with `prefix` (a GUI location,
    /// `s3://BUCKET/PREFIX`; the longest prefix that matches wins over the empty one). Setting
    /// empty overrides for a prefix removes them.
    static void setOverrides(const Overrides &overrides, const QString &prefix = {});
    [[nodiscard]] static Overrides overrides(const QString &location = {});

    /// Whether `endpoint` is scheme (http or https), host and optional port, nothing else.
    [[nodiscard]] static bool isEndpointUrl(const QString &endpoint);
    /// Whether `endpoint` is one of AWS's (virtual-hosted addressing is the default there only).
    [[nodiscard]] static bool isAwsEndpoint(const QString &endpoint);

    /// Resolves the settings for `location` from the overrides, `env` and the AWS files it points at.
    [[nodiscard]] static Result<S3Settings>
    resolve(const QString &location = {}, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
};

/// `s3://BUCKET/KEY` taken apart; `valid` is false for anything else.
struct S3Url {
    QString bucket;
    QString key;
    bool valid = false;

    [[nodiscard]] static bool isS3(const QString &location);
    [[nodiscard]] static S3Url parse(const QString &location);
    [[nodiscard]] QString toString() const { return QStringLiteral("s3://%1/%2").arg(bucket, key); }
};

} // namespace tidemark
