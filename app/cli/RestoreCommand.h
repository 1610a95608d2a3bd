#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `restore -config CONF PATH [--upto N] [--owner USER] [--dry-run] [--yes] [--json]`
class RestoreCommand : public Command {
public:
    QString name() const override { return QStringLiteral("restore"); }
    QString summary() const override
    {
        return QStringLiteral("Replace a stopped node's broker and data directories from a backup chain.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
