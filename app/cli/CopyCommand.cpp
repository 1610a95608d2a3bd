#include "cli/CopyCommand.h"

#include "backup/CopyJob.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "common/RateLimiter.h"

namespace tidemark::cli {

namespace {

void printLinks(const CopyResult &result, bool json, QTextStream &out)
{
    for (const CopyResult::Link &link : result.links) {
        if (json) {
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("link")},
                                  {QStringLiteral("number"), link.number},
                                  {QStringLiteral("source"), link.source},
                                  {QStringLiteral("destination"), link.destination},
                                  {QStringLiteral("bytes"), link.bytes},
                                  {QStringLiteral("copied"), link.copied}},
                      out);
            continue;
        }
        if (link.copied)
            out << "copied   " << link.source << " -> " << link.destination << " (" << formatBytes(link.bytes) << ")\n";
        else
            out << "present  " << link.destination << " (the same as " << link.source << ")\n";
    }
    out << Qt::flush;
}

} // namespace

int CopyCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nCopies every link of SRC that DEST lacks: run it again after a backup to copy the "
                       "new incrementals.\nDEST must be empty or an earlier copy of SRC; each link "
                       "appears in DEST only once it was read whole and every checksum matched."));
    CommonOptions common(parser, false);
    const QCommandLineOption limitRate(
        QStringLiteral("limit-rate"),
        QStringLiteral("Read at most RATE bytes per second from SRC: 500K, 50M, 1G (KiB, MiB, GiB per second)."),
        QStringLiteral("RATE"));
    parser.addOption(limitRate);
    parser.addPositionalArgument(QStringLiteral("SRC"),
                                 QStringLiteral("The chain to copy: its full snapshot's path or s3://BUCKET/KEY."));
    parser.addPositionalArgument(QStringLiteral("DEST"),
                                 QStringLiteral("Where the copy goes: a path or s3://BUCKET/KEY (the full snapshot's; "
                                                "the incrementals go beside it as DEST.0, DEST.1, ...)."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 2) {
        streams.err << "copy: give SRC and DEST\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    CopyJob::Options options;
    options.source = parser.positionalArguments().at(0);
    options.destination = parser.positionalArguments().at(1);
    if (parser.isSet(limitRate)) {
        auto parsed = RateLimiter::parse(parser.value(limitRate));
        if (!parsed) {
            streams.err << "copy: " << parsed.error().message << "\n" << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        options.limitRate = parsed.value();
    }
    CopyJob job(options);
    JobRunner runner(streams, common.json());
    (void)runner.run(job);
    const CopyResult &result = job.result();
    // The links done count also after a failure: they stay in DEST.
    printLinks(result, common.json(), streams.out);
    if (!result.ok())
        return reportError(result.error, common.json(), streams);
    const int copied = result.copiedCount();
    const int present = static_cast<int>(result.links.size()) - copied;
    const double seconds = static_cast<double>(result.seconds10) / 10.0;
    if (common.json()) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("source"), result.source},
                              {QStringLiteral("destination"), result.destination},
                              {QStringLiteral("links"), static_cast<int>(result.links.size())},
                              {QStringLiteral("copied"), copied},
                              {QStringLiteral("present"), present},
                              {QStringLiteral("bytes"), result.bytesCopied},
                              {QStringLiteral("seconds"), seconds}},
                  streams.out);
        return 0;
    }
    if (copied == 0)
        streams.out << "Nothing to copy: " << result.destination << " holds all " << present << " links of "
                    << result.source << "." << Qt::endl;
    else
        streams.out << "Copied " << copied << (copied == 1 ? " link" : " links") << " ("
                    << formatBytes(result.bytesCopied) << ", every checksum checked) from " << result.source << " to "
                    << result.destination << " in " << seconds << " s"
                    << (present == 0
                            ? QString()
                            : QStringLiteral("; %1 %2 there already")
                                  .arg(present)
                                  .arg(present == 1 ? QStringLiteral("link was") : QStringLiteral("links were")))
                    << "." << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
