#pragma once

#include "cli/Command.h"

#include <memory>
#include <vector>

namespace tidemark::cli {

/// Picks the command named by the first argument and runs it; nothing else.
///
/// `args` are the arguments after the program name (and after `--cli` for the GUI binary).
/// Returns the process exit code: 0 on success, else the ErrorCode of the failure
/// (2 for usage errors). Needs a QCoreApplication; never creates widgets.
[[nodiscard]] int runCli(const QStringList &args, CliStreams streams);

/// The commands in the order `--help` lists them.
[[nodiscard]] std::vector<std::unique_ptr<Command>> allCommands();

} // namespace tidemark::cli
