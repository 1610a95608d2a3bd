#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `drill CHAIN [--upto N] [--scratch DIR] [--keep] [--json]`: restores the chain into a scratch
/// directory, starts a scratch node of its kind on loopback, checks every database and shard
/// (and, for Tidemark, the content digest), stops it and removes everything (drill/DrillJob).
/// The verdict is kept beside the chain (`PATH.drilled`) for `list`.
class DrillCommand : public Command {
public:
    QString name() const override { return QStringLiteral("drill"); }
    QString summary() const override
    {
        return QStringLiteral("Prove a chain restores: restore it into scratch, start a node on it, check, remove.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
