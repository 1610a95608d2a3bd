#pragma once

#include "common/Error.h"
#include "retention/RetentionPolicy.h"
#include "schedule/ScheduleWhen.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace tidemark {

/// One schedule: a node's backups to one location, when they run, what follows each backup and
/// who hears about a failure. Kept as `NAME.toml` in the schedules directory (ScheduleStore), written
/// by `tidemark-cli schedule add` and the GUI's Schedule tab, read by `schedule run` (what the
/// timer units start) and the GUI. The file holds no secret: the node's token, a chain's passphrase
/// or key are named by file (or come from systemd credentials); only a webhook URL may carry one, so
/// a user's definition is written readable by its owner alone.
///
/// ```toml
/// [node]
/// host = "127.0.0.1:8808"
/// kind = "tidemark"                    # or "influxdb1"
/// token_file = "/etc/tidemark/node.token"
/// [backup]
/// chain = "/var/backups/node1/node1"   # or s3://bucket/prefix/node1
/// compress = "zstd"
/// max_links = 8
/// [when]
/// daily = "02:30"                      # or every = "6h", weekly = "Sun 03:00", calendar = "Mon..Fri 02:00"
/// retries = 2
/// retry_delay = "10m"
/// [prune]                              # after each good backup, with prune's meaning
/// keep_daily = 7
/// keep_weekly = 4
/// [verify]
/// every = 7                            # every 7th good backup, and/or
/// weekly = true                        # when the last verify is a week old
/// [drill]                              # a restore drill (tidemark-cli drill) of the chain
/// every = 30                           # every 30th good backup, and/or
/// weekly = true                        # when the last good drill is a week old
/// [alerts]
/// overdue = "50h"                      # default: two periods and an hour
/// desktop = true
/// webhook = "https://ntfy.example/backups"
/// webhook_format = "json"              # or "alertmanager"
/// metrics_file = "/var/lib/prometheus/node-exporter/tidemark.prom"
/// ```
struct Schedule {
    Q_DECLARE_TR_FUNCTIONS(Schedule)

public:
    QString name; ///< Letters, digits, `-` and `_` (it names the systemd units); the file's base name.

    // [node]
    QString host; ///< HOST:PORT of the snapshot service (empty: the kind's default).
    QString kind = QStringLiteral("tidemark");
    QString tokenFile;
    bool tls = false;
    QString tlsCa;

    // [backup]
    QString chain;
    QString compress; ///< Empty: none; `zstd`, `zstd:LEVEL`.
    int maxLinks = 0; ///< 0: the chain grows; K: incremental forever with K links per chain.
    QString passphraseFile;
    QString keyFile;
    QString s3Endpoint;
    QString s3Region;
    bool s3PathStyle = false;
    QString user; ///< System schedules: the account the service runs as (empty: root).

    // [when]
    ScheduleWhen when;
    int retries = 0;                ///< Runs of the backup after a failed one, 0 to 20.
    qint64 retryDelaySeconds = 600; ///< Between them.

    // [prune]
    std::optional<RetentionPolicy> prune;

    // [verify]
    int verifyEvery = 0;       ///< Every Nth good backup (0: not by count).
    bool verifyWeekly = false; ///< When the last good verify is a week old or there is none.

    // [drill]
    int drillEvery = 0;       ///< A restore drill after every Nth good backup (0: not by count).
    bool drillWeekly = false; ///< When the last good drill is a week old or there is none.

    // [alerts]
    qint64 overdueSeconds = 0; ///< 0: two periods and an hour (overdueAfter()).
    bool desktop = true;
    QString webhook;
    QString webhookFormat = QStringLiteral("json");
    QString metricsFile;

    /// Whether `name` can name a schedule (and its units).
    [[nodiscard]] static bool validName(const QString &name);
    /// The newest good backup may be this old before the node counts as overdue.
    [[nodiscard]] qint64 overdueAfter() const;
    /// The `tidemark-cli backup` arguments (after the command name) of one run.
    [[nodiscard]] QStringList backupArguments() const;
    /// The `prune` arguments for the location of the chain the backup wrote to and the node as its
    /// snapshots name it (`nodeUrl`, the manifest's URL, which the catalog matches; empty without a policy).
    [[nodiscard]] QStringList pruneArguments(const QString &chainWritten, const QString &nodeUrl) const;
    /// The `verify` arguments for the chain the backup wrote to.
    [[nodiscard]] QStringList verifyArguments(const QString &chainWritten) const;
    /// The `drill` arguments for the chain the backup wrote to.
    [[nodiscard]] QStringList drillArguments(const QString &chainWritten) const;
    /// Options every command of the run shares (S3 and secrets).
    [[nodiscard]] QStringList sharedArguments() const;

    /// The TOML text of the definition.
    [[nodiscard]] QString toToml() const;
    /// Reads a definition; errors say FILE:LINE: and the fix. `name` comes from the file name.
    [[nodiscard]] static Result<Schedule> fromToml(const QString &text, const QString &source, const QString &name);
    /// Checks what the TOML reader checks, for a schedule built in code (CLI, GUI).
    [[nodiscard]] Status validate() const;
};

} // namespace tidemark
