#pragma once

#include "common/Error.h"
#include "config/NodeConfig.h"
#include "restore/RestoreJournal.h"
#include "restore/RestorePlan.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace tidemark {

/// Restores a node's directories from a backup chain, with no window in which data can be lost.
/// The chain's kind decides the node, through its RestoreTarget (NodeKind::restoreTarget()): a
/// Tidemark node (tidemarkd config; `[broker] dir` and `[data] dir`, the broker regenerated) or an
/// InfluxDB 1.x node (influxdb.conf; `[meta] dir` gets the newest meta store as `meta.db`,
/// `[data] dir` every shard of the newest link as `<db>/<rp>/<id>/`, `[data] wal-dir` starts
/// empty). The design's checklist, in order (RestorePreflight.cpp names each check):
///
/// 1. preflight()  — checked before anything is touched: the config, dangerous directories, the
///    node is stopped, the chain is complete (every link's manifest, merged), free space, the
///    owner exists and may be given the files. It reads only what the plan needs (manifests; the
///    newest meta store for InfluxDB), unless Options::checkEveryByte (`restore --dry-run`).
/// 2. the plan     — what is removed, what is written, the broker index, the owner.
/// 3. execute()    — reads each link once, checking every entry's size and checksum as it
///    streams, and extracts the planned entries into `<dir>.restore-new` beside each target (same
///    filesystem) on the way: a damaged link abandons the restore there, and nothing outside the
///    new directories was touched. Writeback starts as the bytes come (startWriteback); a
///    thread reads each file back in step with its writing and compares checksums; then one
///    syncfs per file system (files and directories alike); regenerate the broker; chown;
///    then swap by rename (the old dirs become `<dir>.restore-old`), and remove the old dirs last. A journal
///    (`<data>.restore-journal`) records the step, so after a crash at any point running restore
///    again either rolls back (before the swap: the old dirs were never touched) or finishes
///    (from the swap on: the new dirs are complete and verified), and says which.
///
/// Archive entries that would escape the target are impossible by construction: only `meta` and
/// `shards/<digits>` names exist in a valid manifest, and ArchiveReader refuses links, devices,
/// `..`, absolute names, names not in the manifest and size mismatches before a byte is written.
///
/// For tests, `TIDEMARK_RESTORE_STOP_AT=<step>` kills the process (SIGKILL) when execute()
/// reaches that step: `block-link` (the first block link applied), `ref-link` (the first
/// reference link applied), `extracted`, `broker`
/// (Tidemark only), `chowned`, then `data-swapped` and `broker-swapped` (Tidemark) or
/// `meta-swapped` and `wal-swapped` (InfluxDB 1.x).
class RestoreEngine {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    struct Options {
        QString configPath;
        QString chainPath;
        std::optional<int> upto; ///< Absent: the whole chain; -1: the full snapshot only; N: up to PATH.N.
        QString owner = QStringLiteral("influxdb");
        qint64 limitRate = 0; ///< Bytes per second read from the chain; 0: no limit (`--limit-rate`).
        /// preflight() reads every byte of the chain too (`restore --dry-run`), instead of only
        /// what it needs for the plan: execute() checks every byte anyway, as it extracts.
        bool checkEveryByte = false;
    };
    using Progress = std::function<void(const QString &stage, qint64 done, qint64 total)>;

    explicit RestoreEngine(Options options) : m_options(std::move(options)) {}

    /// Runs every check; never touches the targets. The plan lists the findings.
    /// Stops early when `cancelled` is set: the plan then holds an ErrorCode::Cancelled finding.
    [[nodiscard]] RestorePlan preflight(const Progress &progress = {}, const std::atomic_bool *cancelled = nullptr);

    struct Outcome {
        Error error{ErrorCode::Ok, {}, {}};
        QString recovered; ///< Non-empty when an interrupted restore was finished or rolled back first.
        [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
    };
    /// Carries out a plan without errors.
    [[nodiscard]] Outcome execute(const RestorePlan &plan, const Progress &progress = {},
                                  const std::atomic_bool *cancelled = nullptr);

    /// What recover() did.
    using Recovery = RestoreJournal::Recovery;
    /// Finishes or rolls back a restore interrupted earlier for the directories of `configPath`,
    /// a config of any kind (tidemarkd's, influxdb.conf); nothing to do when no kind can read it
    /// (preflight reports that).
    [[nodiscard]] static Result<Recovery> recover(const QString &configPath);

private:
    Options m_options;
};

} // namespace tidemark
