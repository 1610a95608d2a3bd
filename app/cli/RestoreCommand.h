#pragma once

#include "cli/Command.h"
#include "restore/OnlineRestoreJob.h"

namespace tidemark::cli {

/// `restore -config CONF PATH [--upto N] [--owner USER] [--dry-run] [--yes] [--json]`, and the
/// online form `restore PATH --database NAME [--rp RP] [--shard ID …] [--as NEWNAME] -host H:P
/// [--on-conflict fail|skip|replace] [--upto N] [--dry-run] [--yes] [--json] [--limit-rate R]`.
class RestoreCommand : public Command {
public:
    QString name() const override { return QStringLiteral("restore"); }
    QString summary() const override
    {
        return QStringLiteral("Replace a stopped node's broker and data directories from a backup chain, or restore "
                              "one database into a running node (--database).");
    }
    int execute(const QStringList &args, CliStreams streams) override;

private:
    struct OnlineArguments {
        OnlineRestoreJob::Options options;
        bool dryRun = false;
        bool yes = false;
        bool json = false;
    };
    int executeOnline(const OnlineArguments &arguments, CliStreams streams);
};

} // namespace tidemark::cli
