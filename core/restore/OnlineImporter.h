#pragma once

#include "common/Error.h"
#include "common/RateLimiter.h"
#include "kinds/ConnectionSettings.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <vector>

namespace tidemark {

class BackupChain;

/// What `tidemark-cli restore CHAIN --database NAME -host H:P` restores into a running node.
struct OnlineRestoreRequest {
    /// What happens when the target database, or a shard of it for the same time range, exists.
    enum class OnConflict {
        Fail,    ///< Refuse (ErrorCode::Conflict) before anything changes on the node.
        Skip,    ///< Keep what the node has; import only what it lacks.
        Replace, ///< The chain's copy replaces the node's.
    };
    QString database;        ///< The database in the chain.
    QString retentionPolicy; ///< Empty: every policy of `database`.
    QList<quint64> shardIds; ///< The chain's shard ids; empty: every shard of the database (and policy).
    QString newName;         ///< `--as`: the database's name on the node; empty: `database`.
    OnConflict onConflict = OnConflict::Fail;

    [[nodiscard]] QString targetDatabase() const { return newName.isEmpty() ? database : newName; }
};

/// What an online restore will do, worked out before anything changes on the node: what
/// `--dry-run` prints (and `--json` emits as the `plan` event), and what OnlineImporter::import()
/// carries out.
struct OnlineRestorePlan {
    struct Shard {
        enum class Action { Import, Skip, Replace };
        quint64 id = 0; ///< In the chain.
        QString retentionPolicy;
        QDateTime start; ///< The shard group's time range (invalid when the chain does not say).
        QDateTime end;
        qint64 bytes = 0; ///< Of its newest copy in the chain.
        QString fromLink; ///< The link holding that copy.
        Action action = Action::Import;
        QString reason; ///< Why it is skipped or replaced, for people; empty for a plain import.
    };
    QString chainPath;
    QStringList links; ///< The links the state comes from, in order.
    QString node;      ///< The target, as host:port.
    OnlineRestoreRequest request;
    bool databaseExists = false; ///< The target database exists on the node already.
    std::vector<Shard> shards;
    qint64 bytesToImport = 0; ///< Of the shards imported or replacing.
    QStringList notes;        ///< What else happens, one line each, for people (kind-specific).
};

/// How one kind of node takes a database (or some of its shards) from a chain while it runs
/// (NodeKind::onlineImporter()). The node keeps serving reads and writes throughout; a failure
/// or a kill of either end at any point leaves it serving the data it had: a half-imported
/// database is rolled back or never becomes visible.
class OnlineImporter {
public:
    virtual ~OnlineImporter() = default;

    struct Context {
        const ConnectionSettings &settings; ///< The target node.
        const BackupChain &chain;
        size_t linkCount = 0; ///< The state of the chain's first `linkCount` links.
        const std::atomic_bool *cancelled = nullptr;
        RateLimiter *limiter = nullptr; ///< Holds the chain's reads to `--limit-rate`; null: no limit.
        std::function<void(const QString &stage)> stage;
        std::function<void(qint64 done, qint64 total)> progress;

        [[nodiscard]] bool isCancelled() const { return cancelled && cancelled->load(); }
    };

    /// Reads what the chain holds of the request and asks the node what it has; decides each
    /// shard's action. Changes nothing anywhere. A request naming what the chain lacks is
    /// ErrorCode::NotFound; a conflict under OnConflict::Fail is ErrorCode::Conflict, naming
    /// what exists and the options that resolve it.
    [[nodiscard]] virtual Result<OnlineRestorePlan> plan(const Context &context,
                                                         const OnlineRestoreRequest &request) const = 0;
    /// Carries out `plan` (made by plan() on the same chain and node). Every byte sent to the node
    /// is checked against the chain's checksums before the node can make it visible.
    [[nodiscard]] virtual Status import(const Context &context, const OnlineRestorePlan &plan) const = 0;
    /// Why OnlineRestoreRequest::OnConflict::Replace cannot work on this kind of node, for a front end to say before
    /// it is chosen (the GUI's wizard disables it with this reason); empty when it can.
    [[nodiscard]] virtual QString replaceRefusal() const { return {}; }
};

} // namespace tidemark
