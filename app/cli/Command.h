#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace tidemark::cli {

/// Streams a command writes to; tests pass QBuffer-backed streams.
struct CliStreams {
    QTextStream &out;
    QTextStream &err;
};

/// One subcommand of `tidemark-cli` / `tidemark --cli`: its own options and execute().
/// The exit code is an ErrorCode (0 = success).
class Command {
public:
    virtual ~Command() = default;
    [[nodiscard]] virtual QString name() const = 0;
    /// One line for the command list in `--help`.
    [[nodiscard]] virtual QString summary() const = 0;
    /// Runs the command; `args` starts with the command name.
    [[nodiscard]] virtual int execute(const QStringList &args, CliStreams streams) = 0;
};

} // namespace tidemark::cli
