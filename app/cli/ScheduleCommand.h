#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `schedule add|list|remove|run|check …`: backups that run by themselves (core/schedule), their
/// systemd timers, the retries, prune and verify that follow a backup, the alerts when one fails
/// or a node's newest good backup grows too old, and the Prometheus metrics file.
class ScheduleCommand : public Command {
public:
    QString name() const override { return QStringLiteral("schedule"); }
    QString summary() const override
    {
        return QStringLiteral("Schedule backups (systemd timers), run them, alert when one fails or is overdue.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
