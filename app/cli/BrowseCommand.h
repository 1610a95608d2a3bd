#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `ls CHAIN[:N] [PATH] [--json]`: what a chain holds at link N (default: its newest), read
/// from the chain alone: databases, retention policies, shards, measurements with their series
/// and time ranges (browse/ChainBrowser, run as a BrowseJob).
class LsCommand : public Command {
public:
    QString name() const override { return QStringLiteral("ls"); }
    QString summary() const override
    {
        return QStringLiteral("List what a chain holds at a link: databases, shards, measurements, series.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
