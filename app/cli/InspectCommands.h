#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `node-info [-host HOST:PORT] [--token-file F] [--json]`: the node's health without a snapshot.
class NodeInfoCommand : public Command {
public:
    QString name() const override { return QStringLiteral("node-info"); }
    QString summary() const override { return QStringLiteral("Show a node's id, index, databases and shards."); }
    int execute(const QStringList &args, CliStreams streams) override;
};

/// `info PATH [--json]`: a chain link by link, and its merged manifest.
class InfoCommand : public Command {
public:
    QString name() const override { return QStringLiteral("info"); }
    QString summary() const override
    {
        return QStringLiteral("Show a backup chain link by link and its merged manifest.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

/// `verify PATH [--json]`: re-reads the whole chain, every checksum, every LMDB file.
class VerifyCommand : public Command {
public:
    QString name() const override { return QStringLiteral("verify"); }
    QString summary() const override
    {
        return QStringLiteral("Check a backup chain: continuity, checksums, LMDB files.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
