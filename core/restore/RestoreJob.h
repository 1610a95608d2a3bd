#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "influx1/InfluxConfig.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace tidemark {

/// One problem preflight found: what, and the fix.
struct RestoreFinding {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    ErrorCode code = ErrorCode::Failure;
    QString message;
    QString fix;
};

/// What a restore will do; `restore --dry-run` prints exactly this.
struct RestorePlan {
    QString configPath;
    QString chainPath;
    std::optional<int> upto; ///< Absent: the whole chain; N: the full plus PATH.0 … PATH.N (-1: the full only).
    QStringList links;       ///< The archives read, in order.
    Manifest::Kind kind = Manifest::Kind::Tidemark; ///< Of the chain: it decides the config and the targets.
    NodeConfig config;                              ///< A Tidemark node's config.
    InfluxConfig influx;                            ///< An InfluxDB 1.x node's config.
    struct Removal {
        QString dir;
        qint64 bytes = 0;
        bool exists = false;
        QString key;
    };
    /// The directories replaced: `[broker] dir` and `[data] dir` of a Tidemark node; `[meta] dir`,
    /// `[data] dir` and `[data] wal-dir` of an InfluxDB 1.x node. `key` names the config key.
    std::vector<Removal> removals;
    struct Write {
        ManifestFile file;
        QString fromLink;
    };
    std::vector<Write> writes; ///< The merged manifest: newest index wins per file.
    qint64 bytesToWrite = 0;
    quint64 brokerIndex = 0; ///< Highest index across the merged files (Tidemark only).
    QString brokerUrl;       ///< From the config's [http] bind-address (Tidemark only).
    QString owner;           ///< User that will own every restored file.
    std::vector<RestoreFinding> findings;

    [[nodiscard]] bool hasErrors() const;
    /// The first error finding as an Error (its code, message and fix as hint).
    [[nodiscard]] Error firstError() const;
};

/// Restores a node's directories from a backup chain, with no window in which data can be lost.
/// The chain's kind decides the node: a Tidemark node (tidemarkd config; `[broker] dir` and
/// `[data] dir`, the broker regenerated) or an InfluxDB 1.x node (influxdb.conf; `[meta] dir`
/// gets the newest meta store as `meta.db`, `[data] dir` every shard of the newest link as
/// `<db>/<rp>/<id>/` from all links' tars in order, `[data] wal-dir` starts empty). The design's
/// checklist, in order:
///
/// 1. preflight()  — everything is checked before anything is touched: the config, dangerous
///    directories, the node is stopped, the chain is complete and every checksum matches, free
///    space, the owner exists and may be given the files.
/// 2. the plan     — what is removed, what is written, the broker index, the owner.
/// 3. execute()    — extract into `<dir>.restore-new` beside each target (same filesystem), verify
///    what was written, fsync; regenerate the broker; chown; then swap by rename (the old dirs
///    become `<dir>.restore-old`), and remove the old dirs last. A journal
///    (`<data>.restore-journal`) records the step, so after a crash at any point running restore
///    again either rolls back (before the swap: the old dirs were never touched) or finishes
///    (from the swap on: the new dirs are complete and verified), and says which.
///
/// Archive entries that would escape the target are impossible by construction: only `meta` and
/// `shards/<digits>` names exist in a valid manifest, and ArchiveReader refuses links, devices,
/// `..`, absolute names, names not in the manifest and size mismatches before a byte is written.
///
/// For tests, `TIDEMARK_RESTORE_STOP_AT=<step>` kills the process (SIGKILL) when execute()
/// reaches that step: `extracted`, `broker` (Tidemark only), `chowned`, then `data-swapped` and
/// `broker-swapped` (Tidemark) or `meta-swapped` and `wal-swapped` (InfluxDB 1.x).
class RestoreJob {
    Q_DECLARE_TR_FUNCTIONS(RestoreJob)

public:
    struct Options {
        QString configPath;
        QString chainPath;
        std::optional<int> upto; ///< Absent: the whole chain; -1: the full snapshot only; N: up to PATH.N.
        QString owner = QStringLiteral("influxdb");
    };
    using Progress = std::function<void(const QString &stage, qint64 done, qint64 total)>;

    explicit RestoreJob(Options options) : m_options(std::move(options)) {}

    /// Runs every check; never touches the targets. The plan lists the findings.
    [[nodiscard]] RestorePlan preflight(const Progress &progress = {});

    struct Outcome {
        Error error{ErrorCode::Ok, {}, {}};
        QString recovered; ///< Non-empty when an interrupted restore was finished or rolled back first.
        [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
    };
    /// Carries out a plan without errors.
    [[nodiscard]] Outcome execute(const RestorePlan &plan, const Progress &progress = {},
                                  const std::atomic_bool *cancelled = nullptr);

    /// What recover() did.
    struct Recovery {
        enum class Kind { Nothing, RolledBack, Finished };
        Kind kind = Kind::Nothing;
        QString message;
    };
    /// Finishes or rolls back a restore interrupted earlier for this config's directories.
    [[nodiscard]] static Result<Recovery> recover(const NodeConfig &config);
    /// The same for a config of either kind (tidemarkd or influxdb.conf); nothing to do when the
    /// config cannot be read (preflight reports that).
    [[nodiscard]] static Result<Recovery> recover(const QString &configPath);

private:
    Options m_options;
};

} // namespace tidemark
