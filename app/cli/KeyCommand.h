#pragma once

#include "cli/Command.h"

namespace tidemark::cli {

/// `key list|add|remove|generate`: the keys of an encrypted chain (its `PATH.keys`).
///
/// - `key list CHAIN [--json]`: the chain's key slots (id, kind, label, created, KDF) and key id;
///   needs no secret (the keys file is in the clear).
/// - `key add CHAIN (--new-passphrase-file FILE | --new-key-file FILE) [--label TEXT]
///   [--kdf-memory MIB] [--kdf-passes N]`: a new slot for a new secret; an existing one opens
///   the chain the usual way (--passphrase-file, --key-file, the environment, systemd, the
///   terminal). Without a new secret option and with a terminal, the new passphrase is asked twice.
/// - `key remove CHAIN ID`: removes slot ID (or the one whose id starts with it), opened with
///   another key; never the last one.
/// - `key generate FILE`: writes a new key file (mode 0600), never over an existing file.
///
/// Only `PATH.keys` changes (with the chain's lock held): the links are never re-encrypted.
class KeyCommand : public Command {
public:
    QString name() const override { return QStringLiteral("key"); }
    QString summary() const override
    {
        return QStringLiteral("Manage an encrypted chain's keys: key list|add|remove|generate.");
    }
    int execute(const QStringList &args, CliStreams streams) override;
};

} // namespace tidemark::cli
