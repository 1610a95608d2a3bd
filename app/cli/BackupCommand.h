#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `backup [-host HOST:PORT] [--compress zstd] [--token-file F] [--retries N [--retry-wait S]]
/// [--database NAME] [--connections N] [--json] PATH`
class BackupCommand : public Command {
public:
    QString name() const override { return QStringLiteral("backup"); }
    QString summary() const override
    {
        return QStringLiteral("Back up a node: a full snapshot at PATH, then incrementals PATH.0, PATH.1, ...");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
