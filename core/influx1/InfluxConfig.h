#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"

#include <QCoreApplication>
#include <QString>

namespace tidemark {

/// What a restore needs from an InfluxDB 1.x node's config (`influxdb.conf`, TOML): the
/// directories it replaces and the addresses that tell whether the node still runs.
///
/// Only these keys are read; every other key of influxd's config is left to influxd:
/// top-level `bind-address` (snapshot service, default 127.0.0.1:8088), `[meta] dir`,
/// `[data] dir`, `[data] wal-dir` (all three required, absolute) and `[http] bind-address`
/// (default :8086). Errors are ErrorCode::Config and name the file, the line and the key.
struct InfluxConfig {
    Q_DECLARE_TR_FUNCTIONS(InfluxConfig)

public:
    QString metaDir;
    QString dataDir;
    QString walDir;
    HostPort httpBind{QStringLiteral("127.0.0.1"), 8086};
    HostPort snapshotBind{QStringLiteral("127.0.0.1"), 8088};

    [[nodiscard]] static Result<InfluxConfig> load(const QString &path);
    /// True when the file looks like an InfluxDB config (it has a `[meta]` table) rather than
    /// a tidemarkd config; false also when it cannot be parsed at all.
    [[nodiscard]] static bool looksLikeInfluxConfig(const QString &path);
};

} // namespace tidemark
