#include "cli/BrowseCommand.h"

#include "browse/BrowseJob.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "kinds/NodeKind.h"

#include <QDateTime>

namespace tidemark::cli {

namespace {

QString localTime(qint64 ns)
{
    const qint64 ms = ns / 1000000 - (ns % 1000000 < 0 ? 1 : 0);
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// "7d", "1d12h", "30m", "forever" (0).
QString duration(qint64 ns)
{
    if (ns <= 0)
        return QStringLiteral("forever");
    qint64 seconds = ns / 1000000000;
    QString text;
    for (const auto &[unit, length] : {std::pair{'d', 86400LL}, {'h', 3600LL}, {'m', 60LL}, {'s', 1LL}}) {
        if (seconds >= length) {
            text += QString::number(seconds / length) + QLatin1Char(unit);
            seconds %= length;
        }
    }
    return text.isEmpty() ? QStringLiteral("%1ns").arg(ns) : text;
}

QJsonObject event(const QString &name, QJsonObject object)
{
    object.insert(QStringLiteral("event"), name);
    return object;
}

void printTree(const ChainContents &contents, QTextStream &out)
{
    const NodeKind &kind = NodeKind::of(contents.kind);
    out << contents.chain << " at "
        << (contents.upto < 0 ? QStringLiteral("its full snapshot") : QStringLiteral("link %1").arg(contents.upto))
        << " (" << contents.link << "; " << kind.displayName() << ", taken "
        << contents.created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << ")\n";
    if (contents.databases.empty())
        out << "  (no database)\n";
    for (const ChainContents::Database &db : contents.databases) {
        out << db.name << "\n";
        if (db.retentionPolicies.empty())
            out << "  (no retention policy)\n";
        for (const ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            out << "  " << rp.name << (rp.isDefault ? "  default" : "") << ", keeps "
                << (rp.durationNs > 0 ? duration(rp.durationNs) : QStringLiteral("forever")) << ", shard groups of "
                << duration(rp.shardGroupDurationNs) << ", " << rp.shards.size()
                << (rp.shards.size() == 1 ? " shard\n" : " shards\n");
            for (const ChainContents::Shard &shard : rp.shards) {
                out << "    shard " << shard.id << "  " << localTime(shard.startNs) << " .. " << localTime(shard.endNs)
                    << "  ";
                if (shard.link.isEmpty()) {
                    out << "not in the chain (nothing was copied of it)\n";
                    continue;
                }
                out << formatBytes(shard.bytes) << "  in " << shard.link << "\n";
                int width = 0;
                for (const ChainContents::Measurement &m : shard.measurements)
                    width = std::max(width, static_cast<int>(m.name.size()));
                if (shard.read && shard.measurements.empty())
                    out << "      (no points)\n";
                for (const ChainContents::Measurement &m : shard.measurements)
                    out << "      " << m.name.leftJustified(width) << "  "
                        << QString::number(m.series).rightJustified(6) << " series  " << localTime(m.firstNs) << " .. "
                        << localTime(m.lastNs) << "\n";
            }
        }
    }
}

} // namespace

int LsCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nReads the chain alone (the node is not contacted): the meta store from the link holding its "
                       "newest copy up to link N, then each shard listed from the link holding its newest copy, every "
                       "checksum checked as it is read; files that need random access go to the chain's scratch "
                       "directory and are removed after. PATH narrows it: DATABASE, DATABASE/RP, DATABASE/RP/SHARD-ID "
                       "or DATABASE/RP/SHARD-ID/MEASUREMENT (only what it names is read). Times are local; --json "
                       "prints one object per line (events database, rp, shard, measurement, done; times in UTC)."));
    CommonOptions common(parser, false);
    parser.addPositionalArgument(QStringLiteral("CHAIN[:N]"),
                                 QStringLiteral("The chain's full snapshot (a path or s3://BUCKET/KEY), and the link: "
                                                "-1 the full snapshot, N for CHAIN.N; default the newest."));
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("What to list inside the backup (default: "
                                                "everything)."),
                                 QStringLiteral("[PATH]"));
    const QCommandLineOption shallow(QStringLiteral("shallow"),
                                     QStringLiteral("Down to the shards only (ids, times, bytes, links): only the meta "
                                                    "store is read, however large the shards."));
    parser.addOption(shallow);
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || positional.size() > 2) {
        streams.err << "ls: give CHAIN[:N] and at most one PATH\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    auto chain = ChainBrowser::parseChainArgument(positional.first());
    if (!chain)
        return reportError(chain.error(), common.json(), streams);
    auto selection = ChainBrowser::Selection::parse(positional.value(1));
    if (!selection)
        return reportError(selection.error(), common.json(), streams);

    BrowseJob job({chain->first, chain->second, selection.value(), parser.isSet(shallow)});
    JobRunner runner(streams, common.json());
    runner.setJsonEvents(false);      // --json prints the tree's events alone.
    runner.setRecordInHistory(false); // It changes nothing: not a job of the history, as info is not.
    const Error error = runner.run(job);
    if (error.code != ErrorCode::Ok)
        return reportError(error, common.json(), streams);
    const ChainContents &contents = job.contents();
    if (!common.json()) {
        printTree(contents, streams.out);
        streams.out << Qt::flush;
        return 0;
    }
    int shards = 0;
    int measurements = 0;
    for (const ChainContents::Database &db : contents.databases) {
        printJson(event(QStringLiteral("database"), ChainContents::toJson(db)), streams.out);
        for (const ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            printJson(event(QStringLiteral("rp"), ChainContents::toJson(db, rp)), streams.out);
            for (const ChainContents::Shard &shard : rp.shards) {
                ++shards;
                printJson(event(QStringLiteral("shard"), ChainContents::toJson(db, rp, shard)), streams.out);
                for (const ChainContents::Measurement &m : shard.measurements) {
                    ++measurements;
                    printJson(event(QStringLiteral("measurement"), ChainContents::toJson(db, rp, shard, m)),
                              streams.out);
                }
            }
        }
    }
    printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                          {QStringLiteral("chain"), contents.chain},
                          {QStringLiteral("upto"), contents.upto},
                          {QStringLiteral("link"), contents.link},
                          {QStringLiteral("kind"), Manifest::kindName(contents.kind)},
                          {QStringLiteral("created"), contents.created.toUTC().toString(Qt::ISODateWithMs)},
                          {QStringLiteral("node"), contents.clusterUrl},
                          {QStringLiteral("path"), selection->toString()},
                          {QStringLiteral("databases"), static_cast<qint64>(contents.databases.size())},
                          {QStringLiteral("shards"), shards},
                          {QStringLiteral("measurements"), measurements},
                          {QStringLiteral("linksRead"), contents.linksRead},
                          {QStringLiteral("bytesRead"), contents.bytesRead}},
              streams.out);
    return 0;
}

} // namespace tidemark::cli
