#pragma once

#include "crypto/ChainKeys.h"

#include <QCommandLineParser>
#include <QString>
#include <QTextStream>

#include <optional>

namespace tidemark::cli {

/// Whether a passphrase can be asked: stdin is a terminal.
[[nodiscard]] bool haveTerminal();

/// Asks `question` on the controlling terminal (/dev/tty) with echo off and reads one line; with
/// `confirm`, asks again and gives nullopt (after saying so) when the two differ. nullopt when
/// there is no terminal or the line is empty.
[[nodiscard]] std::optional<KeySecret> askPassphrase(const QString &question, bool confirm);

/// `--kdf-memory MIB` and `--kdf-passes N`: Argon2id's cost for a new passphrase key (backup
/// --encrypt, key add).
class KdfOptions {
public:
    explicit KdfOptions(QCommandLineParser &parser);
    /// The parameters the options give (defaults: KdfParams'); nullopt after printing a usage error.
    [[nodiscard]] std::optional<KdfParams> parse(const QString &command, QTextStream &err) const;

private:
    QCommandLineParser &m_parser;
    QCommandLineOption m_memory;
    QCommandLineOption m_passes;
};

} // namespace tidemark::cli
