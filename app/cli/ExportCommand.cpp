#include "cli/ExportCommand.h"

#include "browse/ExportJob.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"

#include <QJsonObject>

namespace tidemark::cli {

int ExportCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral(
            "\nReads the chain alone, as ls does (local, s3:// or encrypted; the meta store and the database's shards "
            "from the links holding their newest copies up to link N, every checksum checked), and streams the "
            "points: memory stays bounded whatever the chain's size. A Tidemark chain's shards are read one at a time "
            "from scratch files; an InfluxDB 1.x chain's shards are restored into a scratch influxd on loopback and "
            "read back through its HTTP API. Points of a series come in time order. --start is inclusive, --end "
            "exclusive. Without --output the points go to standard output; with it to FILE, which appears only once "
            "complete (written as FILE.tmp, then renamed; nothing is left on failure). With --output, --json prints "
            "a summary (points per measurement)."));
    CommonOptions common(parser, false);
    parser.addPositionalArgument(QStringLiteral("CHAIN[:N]"),
                                 QStringLiteral("The chain's full snapshot (a path or s3://BUCKET/KEY), and the link: "
                                                "-1 the full snapshot, N for CHAIN.N; default the newest."));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("The database to export."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption rp(QStringLiteral("rp"), QStringLiteral("Only this retention policy (default: all)."),
                                QStringLiteral("RP"));
    const QCommandLineOption measurement(QStringLiteral("measurement"),
                                         QStringLiteral("Only this measurement (its name unescaped)."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption start(QStringLiteral("start"),
                                   QStringLiteral("Points at or after T: RFC 3339 (2026-11-30T12:00:00Z) or an integer "
                                                  "with a unit (1796040000s, ms, us, ns; none: ns)."),
                                   QStringLiteral("T"));
    const QCommandLineOption end(QStringLiteral("end"), QStringLiteral("Points before T (exclusive); as --start."),
                                 QStringLiteral("T"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("lp (line protocol, default) or csv (see the man page)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("lp"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Write to FILE (appears only once complete) instead of stdout."),
                                    QStringLiteral("FILE"));
    for (const QCommandLineOption &option : {database, rp, measurement, start, end, format, output})
        parser.addOption(option);
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        streams.err << "export: give one CHAIN[:N]\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    const bool json = common.json();
    if (json && !parser.isSet(output))
        return reportError(makeError(ErrorCode::Usage, QStringLiteral("--json needs --output: the points go to stdout"),
                                     QStringLiteral("Give --output FILE with --json, or leave --json out.")),
                           false, streams);
    if (!parser.isSet(database) || parser.value(database).isEmpty())
        return reportError(makeError(ErrorCode::Usage, QStringLiteral("export needs --database"),
                                     QStringLiteral("Give --database NAME; `tidemark-cli ls CHAIN` lists the "
                                                    "databases a chain holds.")),
                           json, streams);
    auto chain = ChainBrowser::parseChainArgument(positional.first());
    if (!chain)
        return reportError(chain.error(), json, streams);
    auto formatValue = PointWriter::parseFormat(parser.value(format));
    if (!formatValue)
        return reportError(formatValue.error(), json, streams);
    ChainExporter::Options options;
    options.chain = chain->first;
    options.upto = chain->second;
    options.filter.database = parser.value(database);
    options.filter.retentionPolicy = parser.value(rp);
    options.filter.measurement = parser.value(measurement);
    if (parser.isSet(start)) {
        auto t = ChainExporter::parseTime(parser.value(start), QStringLiteral("--start"));
        if (!t)
            return reportError(t.error(), json, streams);
        options.filter.start = t.value();
    }
    if (parser.isSet(end)) {
        auto t = ChainExporter::parseTime(parser.value(end), QStringLiteral("--end"));
        if (!t)
            return reportError(t.error(), json, streams);
        options.filter.end = t.value();
    }
    streams.out << Qt::flush; // The points go to the file descriptor, after anything printed.
    ExportJob job(options, formatValue.value(), parser.value(output));
    JobRunner runner(streams, json);
    runner.setJsonEvents(false);
    runner.setRecordInHistory(false);
    const Error error = runner.run(job);
    if (error.code != ErrorCode::Ok)
        return reportError(error, json, streams);
    if (json) {
        QJsonObject counts;
        for (auto it = job.perMeasurement().begin(); it != job.perMeasurement().end(); ++it)
            counts.insert(it.key(), it.value());
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("chain"), job.summary().chain},
                              {QStringLiteral("upto"), job.summary().upto},
                              {QStringLiteral("link"), job.summary().link},
                              {QStringLiteral("kind"), Manifest::kindName(job.summary().kind)},
                              {QStringLiteral("output"), parser.value(output)},
                              {QStringLiteral("points"), job.points()},
                              {QStringLiteral("measurements"), counts},
                              {QStringLiteral("shards"), job.summary().shards},
                              {QStringLiteral("linksRead"), job.summary().linksRead},
                              {QStringLiteral("bytesRead"), job.summary().bytesRead}},
                  streams.out);
    } else if (parser.isSet(output)) {
        streams.err << "exported " << job.points() << " points of " << options.filter.database << " to "
                    << parser.value(output) << "\n"
                    << Qt::flush;
    }
    return 0;
}

} // namespace tidemark::cli
