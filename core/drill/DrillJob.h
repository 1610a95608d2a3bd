#pragma once

#include "common/Job.h"
#include "snapshot/Manifest.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace tidemark {

/// What a restore drill found.
struct DrillResult {
    QString chain; ///< Canonical location.
    int upto = -1; ///< The link drilled: -1 the full, N `PATH.N`.
    int links = 0; ///< Links restored (the full and its incrementals up to `upto`).
    Manifest::Kind kind = Manifest::Kind::Tidemark;
    QString program; ///< The node program that ran (absolute path).
    /// Ok; or the cause: Integrity (a database or shard missing, a digest or index that differs,
    /// a damaged chain), State (the node did not start: its own words from its log), Protocol (a
    /// database did not answer its query), Io (no room in the scratch location), Config (no node
    /// program), Cancelled, or what reading the chain failed with.
    Error error{ErrorCode::Ok, {}, {}};
    /// The step that failed: `chain`, `scratch`, `space`, `restore`, `start`, `missing`, `query`, `digest`,
    /// `log` (the node logged errors: InfluxDB renames a corrupt TSM file and carries on), `stop`;
    /// empty when ok.
    QString failedStep;

    struct Shard {
        quint64 id = 0;
        QString retentionPolicy;
        quint64 index = 0; ///< From the chain's manifest (Tidemark: the node's index; InfluxDB: a time).
    };
    struct Database {
        QString name;
        std::vector<Shard> shards;
        QString digest; ///< Content digest (Tidemark: `tidemarkd inspect`); empty for kinds without one.
    };
    std::vector<Database> databases; ///< Every database the chain holds at `upto`, as the node served it.
    QStringList notBackedUp; ///< Databases of the meta store none of whose shards the chain holds (InfluxDB `-db`).
    QString digest;          ///< Over the whole data (Tidemark), empty for kinds without one.
    qint64 bytesRestored = 0;
    double restoreSeconds = 0;
    double startSeconds = 0;
    double checkSeconds = 0;
    QString scratchDir; ///< Where it ran (left there with Options::keep).
    /// Why the outcome could not be kept beside the chain (`PATH.drilled`); the drill stands.
    QString recordError;

    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
    [[nodiscard]] int shardCount() const;
};

/// The restore drill (`tidemark-cli drill CHAIN [--upto N]`): proves that a chain restores and
/// starts as a node of its kind, then leaves nothing behind.
///
/// 1. What the chain holds at the link (browse/ChainBrowser, shallow: its meta store): every
///    database and shard. A shard the meta store names but the chain holds no copy of is missing
///    (Integrity); a database none of whose shards is held is only "not backed up" for kinds that
///    back up chosen databases (InfluxDB `backup -db`).
/// 2. A ScratchNode in Options::scratchParent (default: the temp dir). Its room is checked
///    against what the restore writes first (Io, the fix names `--scratch DIR`).
/// 3. The offline restore engine (RestoreEngine: preflight, then execute, every byte checked
///    against the manifest's XXH3 as it streams and read back after writing) into the scratch
///    node's directories, owned by the current user.
/// 4. For kinds with a content digest (Tidemark: `tidemarkd inspect --json`), the digest of the
///    restored files and each shard's own index, before the node starts: each index must equal
///    the one the manifest recorded at backup time.
/// 5. The node started (bounded); one that exits or never answers is State, quoting its log.
/// 6. Checks on the running node: its node-info (NodeKind::probe on its snapshot service) lists
///    every database and shard (Tidemark: with the manifest's index); `SHOW DATABASES` lists
///    every database; each database answers the kind's query (InfluxDB: the first point of every
///    measurement); the content digest taken again beside the running node equals the one before
///    it started (the node serves exactly the bytes the chain held); the node's log holds no
///    error (ScratchSetup::errorLogMarker: influxd renames a TSM file it cannot read, carries on
///    and says so only there).
/// 7. The node stopped (SIGTERM), the scratch directory removed (unless Options::keep).
/// 8. A verdict (pass, or a failure of the chain: Integrity, State, Protocol) is kept beside the
///    chain as `PATH.drilled` (a VerifyRecord), which the catalog shows as "last drill".
class DrillJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(DrillJob)

public:
    struct Options {
        QString chain;
        std::optional<int> upto; ///< Absent: the newest link; -1 the full only; N up to `PATH.N`.
        QString scratchParent;   ///< Where the scratch directory goes; empty: the temp dir.
        bool keep = false;       ///< Leave the scratch directory (the node is still stopped).
        int startTimeoutMs = 120000;
    };
    explicit DrillJob(Options options, QObject *parent = nullptr);
    ~DrillJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// Valid once finished() was emitted.
    [[nodiscard]] const DrillResult &result() const { return m_result; }

protected:
    [[nodiscard]] Error execute() override;

private:
    [[nodiscard]] Error run(DrillResult &result);
    Options m_options;
    DrillResult m_result;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::DrillResult)
