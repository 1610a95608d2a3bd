#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `list LOCATION [--json]`: every chain in a directory or S3 prefix (the catalog).
class ListCommand : public Command {
public:
    QString name() const override { return QStringLiteral("list"); }
    QString summary() const override
    {
        return QStringLiteral(
            "List every chain in a directory or s3:// prefix: node, links, times, size, last verify.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

/// `consolidate CHAIN [--upto N] [--compress none|zstd[:LEVEL]] NEWPATH [--json]`: a synthetic full.
class ConsolidateCommand : public Command {
public:
    QString name() const override { return QStringLiteral("consolidate"); }
    QString summary() const override
    {
        return QStringLiteral("Write a new full snapshot made from a chain (a synthetic full), without the node.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

/// `prune LOCATION --keep-… [--node ID] [--dry-run] [--json]`: removes chains no rule keeps.
class PruneCommand : public Command {
public:
    QString name() const override { return QStringLiteral("prune"); }
    QString summary() const override
    {
        return QStringLiteral("Remove the chains of a location whose points no retention rule keeps.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

/// `history [--node TEXT] [--chain TEXT] [--last N] [--json]`: every job recorded (JobHistory).
class HistoryCommand : public Command {
public:
    QString name() const override { return QStringLiteral("history"); }
    QString summary() const override
    {
        return QStringLiteral("Show the jobs run on this machine (CLI, GUI, timers): when, what, result.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
