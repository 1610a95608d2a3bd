#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `export CHAIN[:N] --database D [--rp RP] [--measurement M] [--start T] [--end T]
/// [--format lp|csv] [--output FILE]`: the points of a chain's state at link N as line protocol
/// or CSV, streamed (browse/ChainExporter, run as an ExportJob).
class ExportCommand : public Command {
public:
    QString name() const override { return QStringLiteral("export"); }
    QString summary() const override
    {
        return QStringLiteral("Write the points of a database in a chain at a link as line protocol or CSV.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
