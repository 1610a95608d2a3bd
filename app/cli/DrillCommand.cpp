#include "cli/DrillCommand.h"

#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "drill/DrillJob.h"
#include "kinds/NodeKind.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tidemark::cli {

namespace {

QJsonObject resultJson(const DrillResult &r)
{
    QJsonArray databases;
    for (const DrillResult::Database &db : r.databases) {
        QJsonArray shards;
        for (const DrillResult::Shard &s : db.shards)
            shards.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(s.id)},
                                      {QStringLiteral("rp"), s.retentionPolicy},
                                      {QStringLiteral("index"), static_cast<qint64>(s.index)}});
        QJsonObject o{{QStringLiteral("name"), db.name}, {QStringLiteral("shards"), shards}};
        if (!db.digest.isEmpty())
            o.insert(QStringLiteral("digest"), db.digest);
        databases.append(o);
    }
    QJsonObject o{{QStringLiteral("event"), QStringLiteral("drill")},
                  {QStringLiteral("ok"), r.ok()},
                  {QStringLiteral("chain"), r.chain},
                  {QStringLiteral("upto"), r.upto},
                  {QStringLiteral("links"), r.links},
                  {QStringLiteral("kind"), Manifest::kindName(r.kind)},
                  {QStringLiteral("program"), r.program},
                  {QStringLiteral("databases"), databases},
                  {QStringLiteral("shards"), r.shardCount()},
                  {QStringLiteral("bytesRestored"), r.bytesRestored},
                  {QStringLiteral("restoreSeconds"), r.restoreSeconds},
                  {QStringLiteral("startSeconds"), r.startSeconds},
                  {QStringLiteral("checkSeconds"), r.checkSeconds},
                  {QStringLiteral("scratch"), r.scratchDir}};
    if (!r.digest.isEmpty())
        o.insert(QStringLiteral("digest"), r.digest);
    if (!r.notBackedUp.isEmpty())
        o.insert(QStringLiteral("notBackedUp"), QJsonArray::fromStringList(r.notBackedUp));
    if (!r.ok()) {
        o.insert(QStringLiteral("step"), r.failedStep);
        o.insert(QStringLiteral("code"), static_cast<int>(r.error.code));
        o.insert(QStringLiteral("message"), r.error.message);
    }
    return o;
}

} // namespace

int DrillCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nThe chain is restored by the restore engine (every byte checked) into a scratch "
                       "directory,\na node of its kind (tidemarkd: $TIDEMARKD, beside tidemark-cli or PATH; "
                       "influxd: $INFLUXD or PATH)\nstarts on free loopback ports, every database and shard "
                       "must be served and answer,\nand for Tidemark the content digest must not change. "
                       "Exit codes: 7 missing or differing data,\n11 the node did not start (its own error "
                       "is quoted), 10 a query failed, 8 no room (--scratch)."));
    CommonOptions common(parser, false);
    const QCommandLineOption upto(QStringLiteral("upto"),
                                  QStringLiteral("Drill the full snapshot and incrementals up to PATH.N (-1: the full "
                                                 "snapshot only); default the newest link."),
                                  QStringLiteral("N"));
    const QCommandLineOption scratch(QStringLiteral("scratch"),
                                     QStringLiteral("Where the scratch directory goes (default the temp directory); it "
                                                    "needs room for the restored node."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption keep(QStringLiteral("keep"),
                                  QStringLiteral("Leave the scratch directory (restored files, config, node.log)."));
    parser.addOptions({upto, scratch, keep});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The backup chain's full snapshot file."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    const auto usage = [&](const QString &message) {
        streams.err << "drill: " << message << "\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    };
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give exactly one PATH"));
    DrillJob::Options options;
    options.chain = parser.positionalArguments().first();
    if (parser.isSet(upto)) {
        bool ok = true;
        options.upto = parser.value(upto).toInt(&ok);
        if (!ok || *options.upto < -1)
            return usage(QStringLiteral("--upto takes a link number: 0 for PATH.0, -1 for the full snapshot only"));
    }
    options.scratchParent = parser.value(scratch);
    options.keep = parser.isSet(keep);
    const bool json = common.json();

    DrillJob job(options);
    JobRunner runner(streams, json);
    runner.setJsonEvents(false); // --json prints the drill's outcome alone.
    const Error error = runner.run(job);
    const DrillResult &r = job.result();
    if (!r.recordError.isEmpty())
        streams.err << "tidemark: warning: the outcome was not kept beside the chain (" << r.recordError
                    << "); `list` will not show it" << Qt::endl;
    if (json && error.code != ErrorCode::Cancelled)
        printJson(resultJson(r), streams.out);
    if (error.code != ErrorCode::Ok) {
        if (!json && !r.failedStep.isEmpty())
            streams.out << "FAILED drill of " << r.chain << " (" << r.failedStep << ")" << Qt::endl;
        if (options.keep && !r.scratchDir.isEmpty())
            streams.err << "tidemark: the scratch directory is kept: " << r.scratchDir << Qt::endl;
        return reportError(error, json, streams);
    }
    if (json)
        return 0;
    const QString link = r.upto < 0 ? r.chain : QStringLiteral("%1.%2").arg(r.chain).arg(r.upto);
    streams.out << "Restored " << link << " (" << r.links << " link(s), " << formatBytes(r.bytesRestored) << ") in "
                << QString::number(r.restoreSeconds, 'f', 1) << " s; " << NodeKind::of(r.kind).program()
                << " started in " << QString::number(r.startSeconds, 'f', 1) << " s\n";
    for (const DrillResult::Database &db : r.databases) {
        streams.out << "ok  " << db.name << ": " << db.shards.size() << " shard(s) served";
        if (!db.digest.isEmpty())
            streams.out << ", digest " << db.digest.left(16);
        streams.out << "\n";
    }
    for (const QString &db : r.notBackedUp)
        streams.out << "--  " << db << ": not in the backup (backup -db)\n";
    streams.out << "The chain restores and starts: " << r.databases.size() << " database(s) and " << r.shardCount()
                << " shard(s) served and answering";
    if (!r.digest.isEmpty())
        streams.out << ", content digest unchanged (" << r.digest.left(16) << ")";
    streams.out << ".\n";
    if (options.keep)
        streams.out << "Kept: " << r.scratchDir << "\n";
    streams.out << Qt::flush;
    return 0;
}

} // namespace tidemark::cli
