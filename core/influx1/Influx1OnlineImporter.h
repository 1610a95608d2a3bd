#pragma once

#include "restore/OnlineImporter.h"

#include <QCoreApplication>

namespace tidemark {

/// Restores a database (or some of its policies or shards) from a chain into a running InfluxDB
/// 1.x node through its snapshot service, as `influxd restore -portable -db -newdb` does: a meta
/// store update that creates the database with the chosen shard groups (empty shards, new ids),
/// then a shard update per shard with its TSM files renamed to the new ids. See
/// core/influx1/README.md ("Online restore") for the protocol, the checks and the guarantees.
///
/// influxd creates a database only when it does not exist, and a shard update adds files to a
/// shard without removing any: so a database that exists is refused (fail), left alone (skip:
/// nothing is imported), and never replaced (refused, naming the fix). A database this importer
/// half-imported (its journal in `$XDG_STATE_HOME/tidemark/online-restore/` says so) is dropped
/// through the node's HTTP API (`ConnectionSettings::influxHttp`) and imported again.
class Influx1OnlineImporter final : public OnlineImporter {
    Q_DECLARE_TR_FUNCTIONS(Influx1OnlineImporter)

public:
    [[nodiscard]] Result<OnlineRestorePlan> plan(const Context &context,
                                                 const OnlineRestoreRequest &request) const override;
    [[nodiscard]] Status import(const Context &context, const OnlineRestorePlan &plan) const override;
    [[nodiscard]] QString replaceRefusal() const override;

    /// The journal of an import into `database` on `node` (host:port of its snapshot service).
    [[nodiscard]] static QString journalPath(const QString &node, const QString &database);
};

} // namespace tidemark
