#include "cli/CliRunner.h"

#include "cli/BackupCommand.h"
#include "cli/BrowseCommand.h"
#include "cli/CopyCommand.h"
#include "cli/DrillCommand.h"
#include "cli/ExportCommand.h"
#include "cli/InspectCommands.h"
#include "cli/KeyCommand.h"
#include "cli/RestoreCommand.h"
#include "cli/RetentionCommands.h"
#include "cli/ScheduleCommand.h"
#include "common/Error.h"

namespace tidemark::cli {

namespace {

QString exitCodeTable()
{
    return QStringLiteral("Exit codes:\n"
                          "  0  success            2  usage error          3  config error\n"
                          "  4  connection failed  5  authentication       6  snapshots disabled (404)\n"
                          "  7  integrity failure  8  local I/O error      9  busy or locked\n"
                          " 10  protocol error    11  inconsistent state  12  not found\n"
                          " 13  cancelled         14  conflict (online restore: the target exists)\n");
}

QString helpText()
{
    QString text = QStringLiteral("Usage: tidemark-cli COMMAND [OPTIONS]   (also: tidemark --cli COMMAND ...)\n\n"
                                  "Hot backup and restore for time-series data nodes.\n\nCommands:\n");
    for (const auto &command : allCommands())
        text += QStringLiteral("  %1 %2\n").arg(command->name().leftJustified(12), command->summary());
    text +=
        QStringLiteral("  %1 %2\n").arg(QStringLiteral("help").leftJustified(12), QStringLiteral("Show this help."));
    text += QStringLiteral("\nRun 'tidemark-cli COMMAND --help' for a command's options.\n\n") + exitCodeTable();
    return text;
}

} // namespace

std::vector<std::unique_ptr<Command>> allCommands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(std::make_unique<BackupCommand>());
    commands.push_back(std::make_unique<RestoreCommand>());
    commands.push_back(std::make_unique<VerifyCommand>());
    commands.push_back(std::make_unique<DrillCommand>());
    commands.push_back(std::make_unique<CopyCommand>());
    commands.push_back(std::make_unique<InfoCommand>());
    commands.push_back(std::make_unique<LsCommand>());
    commands.push_back(std::make_unique<ExportCommand>());
    commands.push_back(std::make_unique<ListCommand>());
    commands.push_back(std::make_unique<ConsolidateCommand>());
    commands.push_back(std::make_unique<PruneCommand>());
    commands.push_back(std::make_unique<HistoryCommand>());
    commands.push_back(std::make_unique<ScheduleCommand>());
    commands.push_back(std::make_unique<KeyCommand>());
    commands.push_back(std::make_unique<NodeInfoCommand>());
    return commands;
}

int runCli(const QStringList &args, CliStreams streams)
{
    const QString name = args.value(0);
    if (name.isEmpty() || name == QLatin1String("help") || name == QLatin1String("--help") ||
        name == QLatin1String("-h")) {
        (name.isEmpty() ? streams.err : streams.out) << helpText() << Qt::flush;
        return name.isEmpty() ? static_cast<int>(ErrorCode::Usage) : 0;
    }
    if (name == QLatin1String("--version") || name == QLatin1String("version")) {
        streams.out << "tidemark " << TIDEMARK_VERSION << Qt::endl;
        return 0;
    }
    for (const auto &command : allCommands()) {
        if (command->name() == name)
            return command->execute(args, streams);
    }
    streams.err << "tidemark: unknown command '" << name << "'\n\n" << helpText() << Qt::flush;
    return static_cast<int>(ErrorCode::Usage);
}

} // namespace tidemark::cli
