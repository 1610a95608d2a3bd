#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `copy [--limit-rate RATE] [--json] [--s3-endpoint URL] [--s3-region R] [--s3-path-style] SRC DEST`:
/// copies a chain (all links, or those DEST lacks), checking every checksum as it streams.
class CopyCommand : public Command {
public:
    QString name() const override { return QStringLiteral("copy"); }
    QString summary() const override
    {
        return QStringLiteral("Copy a backup chain to another place (local or s3://), checking every checksum.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
