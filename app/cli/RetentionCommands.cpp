#include "cli/RetentionCommands.h"

#include "backup/ConsolidateJob.h"
#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "history/JobHistory.h"
#include "retention/Catalog.h"
#include "retention/PruneJob.h"
#include "storage/EncryptedChainStore.h"

#include <QJsonArray>

namespace tidemark::cli {

namespace {

QString localTime(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

QString flags(const CatalogChain &chain)
{
    QStringList f;
    if (chain.compressed.value_or(false))
        f << QStringLiteral("zstd");
    if (chain.encrypted)
        f << QStringLiteral("encrypted");
    return f.isEmpty() ? QStringLiteral("-") : f.join(QLatin1Char(','));
}

QString verified(const std::optional<VerifyRecord> &record)
{
    if (!record)
        return QStringLiteral("never");
    return (record->ok ? QStringLiteral("ok ") : QStringLiteral("FAILED ")) + localTime(record->time);
}

/// A whole number option from `min` on (-1 also where `unlimited`), or a usage message.
bool readCount(const QCommandLineParser &parser, const QCommandLineOption &option, int *value, QTextStream &err)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const int n = parser.value(option).toInt(&ok);
    if (!ok || n < -1 || n > 1000000) {
        err << "prune: --" << option.names().first() << " takes a number of points from 0 up, or -1 for all, e.g. --"
            << option.names().first() << " 7\n"
            << Qt::flush;
        return false;
    }
    *value = n;
    return true;
}

} // namespace

int ListCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nReads each chain's link manifests (one small read per link). An encrypted chain's "
                       "times need its key (--passphrase-file, --key-file); without one it is listed with "
                       "its size only. Times are local."));
    CommonOptions common(parser, false);
    parser.addPositionalArgument(QStringLiteral("LOCATION"),
                                 QStringLiteral("A directory holding chains, or s3://BUCKET[/PREFIX]."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        streams.err << "list: give one LOCATION\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    // A listing never stops to ask: a chain whose key was not given is shown locked.
    ChainSecrets::setPrompt({});
    auto catalog = Catalog::read(parser.positionalArguments().first());
    if (!catalog)
        return reportError(catalog.error(), common.json(), streams);
    if (common.json()) {
        QJsonObject o = catalog->toJson();
        o.insert(QStringLiteral("event"), QStringLiteral("catalog"));
        printJson(o, streams.out);
        return 0;
    }
    QTextStream &out = streams.out;
    out << catalog->location << ": " << catalog->chains.size()
        << (catalog->chains.size() == 1 ? " chain, " : " chains, ") << formatBytes(catalog->totalBytes()) << "\n";
    if (catalog->chains.empty()) {
        out << Qt::flush;
        return 0;
    }
    int nameWidth = 5;
    int nodeWidth = 5;
    for (const CatalogChain &c : catalog->chains) {
        nameWidth = std::max(nameWidth, static_cast<int>(c.name.size()));
        nodeWidth = std::max(nodeWidth, static_cast<int>(c.nodeLabel().size()));
    }
    out << "\n"
        << QStringLiteral("CHAIN").leftJustified(nameWidth + 2) << QStringLiteral("NODE").leftJustified(nodeWidth + 2)
        << QStringLiteral("KIND").leftJustified(11) << QStringLiteral("LINKS").rightJustified(5) << "  "
        << QStringLiteral("FIRST").leftJustified(18) << QStringLiteral("LAST").leftJustified(18)
        << QStringLiteral("SIZE").rightJustified(10) << "  " << QStringLiteral("STORED").leftJustified(16)
        << QStringLiteral("VERIFIED").leftJustified(26) << "DRILLED\n";
    for (const CatalogChain &c : catalog->chains) {
        out << c.name.leftJustified(nameWidth + 2) << c.nodeLabel().leftJustified(nodeWidth + 2)
            << (c.timesKnown() ? Manifest::kindName(c.kind) : QStringLiteral("-")).leftJustified(11)
            << QString::number(c.links.size()).rightJustified(5) << "  " << localTime(c.first()).leftJustified(18)
            << localTime(c.last()).leftJustified(18) << formatBytes(c.bytes).rightJustified(10) << "  "
            << flags(c).leftJustified(16) << verified(c.verified).leftJustified(26) << verified(c.drilled) << "\n";
        if (c.problem)
            out << "  ! " << c.problem->message
                << (c.problem->hint.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(c.problem->hint)) << "\n";
        if (c.verified && !c.verified->ok && !c.verified->message.isEmpty())
            out << "  ! last verify: " << c.verified->message << "\n";
        if (c.drilled && !c.drilled->ok && !c.drilled->message.isEmpty())
            out << "  ! last drill: " << c.drilled->message << "\n";
        for (const QString &leftover : c.leftovers)
            out << "  ~ leftover of an interrupted writer: " << leftover << "\n";
    }
    out << Qt::flush;
    return 0;
}

int ConsolidateCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nNEWPATH gets one full snapshot equal to CHAIN restored up to link N (every file from its "
                       "newest link, every checksum checked as it is read); the node is not contacted. A backup to "
                       "NEWPATH then continues with incrementals. An encrypted CHAIN gives an encrypted NEWPATH under "
                       "the same keys."));
    CommonOptions common(parser, false);
    const QCommandLineOption upto(QStringLiteral("upto"),
                                  QStringLiteral("Take the full and incrementals up to CHAIN.N (-1: the full only); "
                                                 "default: every link."),
                                  QStringLiteral("N"));
    const QCommandLineOption compress(
        QStringLiteral("compress"),
        QStringLiteral("none, zstd or zstd:LEVEL (-7 to 19, not 0); default: as CHAIN's newest "
                       "link taken."),
        QStringLiteral("SPEC"));
    parser.addOptions({upto, compress});
    parser.addPositionalArgument(QStringLiteral("CHAIN"),
                                 QStringLiteral("The chain: its full snapshot's path or s3://BUCKET/KEY."));
    parser.addPositionalArgument(QStringLiteral("NEWPATH"),
                                 QStringLiteral("Where the new chain's full goes (no chain may be there)."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 2) {
        streams.err << "consolidate: give CHAIN and NEWPATH\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    ConsolidateJob::Options options;
    options.source = parser.positionalArguments().at(0);
    options.destination = parser.positionalArguments().at(1);
    if (parser.isSet(upto)) {
        bool ok = false;
        const int n = parser.value(upto).toInt(&ok);
        if (!ok || n < -1) {
            streams.err << "consolidate: --upto takes -1 (the full only) or the number N of an incremental CHAIN.N\n"
                        << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        options.upto = n;
    }
    if (parser.isSet(compress)) {
        auto parsed = CompressionOptions::parse(parser.value(compress));
        if (!parsed) {
            streams.err << "consolidate: " << parsed.error().message << "\n" << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        options.compression = parsed.value();
    }
    ConsolidateJob job(options);
    JobRunner runner(streams, common.json());
    (void)runner.run(job);
    const ConsolidateResult &result = job.result();
    if (!result.ok())
        return reportError(result.error, common.json(), streams);
    const double seconds = static_cast<double>(result.seconds10) / 10.0;
    if (common.json()) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("source"), result.source},
                              {QStringLiteral("path"), result.destination},
                              {QStringLiteral("upto"), result.upto},
                              {QStringLiteral("files"), static_cast<int>(result.manifest.files.size())},
                              {QStringLiteral("index"), static_cast<qint64>(result.manifest.index)},
                              {QStringLiteral("created"), result.manifest.created.toString(Qt::ISODateWithMs)},
                              {QStringLiteral("linksRead"), result.linksRead},
                              {QStringLiteral("bytesRead"), result.bytesRead},
                              {QStringLiteral("bytes"), result.bytesWritten},
                              {QStringLiteral("seconds"), seconds}},
                  streams.out);
        return 0;
    }
    streams.out << "Synthetic full written to " << result.destination << ": " << result.manifest.files.size()
                << " files, " << formatBytes(result.bytesWritten) << ", index " << result.manifest.index << ", from "
                << result.linksRead << (result.linksRead == 1 ? " link" : " links") << " of " << result.source
                << (result.upto < 0 ? QStringLiteral(" (the full only)")
                                    : QStringLiteral(" (up to %1.%2)").arg(result.source).arg(result.upto))
                << ", every checksum checked, " << seconds << " s.\n"
                << "A backup to " << result.destination << " continues it with incrementals." << Qt::endl;
    return 0;
}

int PruneCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nEvery link of a chain is a point in time (the chain restored up to it). Per node, the rules "
                       "keep points as restic's forget does: the newest N points (--keep-last), the newest point of "
                       "each of the N latest hours, days, ISO weeks, months, years that have one (local time; -1: "
                       "all of them), and every point within DURATION (1y5m7d2h) before the newest. A chain is "
                       "removed only when none of its points is kept; never the newest chain of a node, one a backup "
                       "is writing, or one whose times cannot be read (an encrypted chain needs its key)."));
    CommonOptions common(parser, false);
    // The count rules: --keep-last, then one per period, each into its field of the policy.
    RetentionPolicy policy;
    struct CountRule {
        QCommandLineOption option;
        int *value;
    };
    std::vector<CountRule> counts{{QCommandLineOption(QStringLiteral("keep-last"),
                                                      QStringLiteral("Keep the N newest points."), QStringLiteral("N")),
                                   &policy.last}};
    const struct {
        const char *name;
        const char *periods;
        int *value;
    } periodRules[] = {{"keep-hourly", "hours", &policy.hourly},
                       {"keep-daily", "days", &policy.daily},
                       {"keep-weekly", "ISO weeks", &policy.weekly},
                       {"keep-monthly", "months", &policy.monthly},
                       {"keep-yearly", "years", &policy.yearly}};
    for (const auto &rule : periodRules)
        counts.push_back(
            {QCommandLineOption(QString::fromLatin1(rule.name),
                                QStringLiteral("Keep the newest point of each of the N latest %1 with one.")
                                    .arg(QLatin1String(rule.periods)),
                                QStringLiteral("N")),
             rule.value});
    for (const CountRule &rule : counts)
        parser.addOption(rule.option);
    const QCommandLineOption within(QStringLiteral("keep-within"),
                                    QStringLiteral("Keep every point within DURATION before the newest (e.g. 30d, "
                                                   "1y6m, 2d12h)."),
                                    QStringLiteral("DURATION"));
    const QCommandLineOption node(QStringLiteral("node"),
                                  QStringLiteral("Only the chains of this node: its id, URL or host:port as `list` "
                                                 "shows it."),
                                  QStringLiteral("ID"));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("Show what would be kept and removed; change nothing."));
    parser.addOptions({within, node, dryRun});
    parser.addPositionalArgument(QStringLiteral("LOCATION"),
                                 QStringLiteral("A directory holding chains, or s3://BUCKET[/PREFIX]."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        streams.err << "prune: give one LOCATION\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    for (const CountRule &rule : counts) {
        if (!readCount(parser, rule.option, rule.value, streams.err))
            return static_cast<int>(ErrorCode::Usage);
    }
    if (parser.isSet(within)) {
        auto span = RetentionPolicy::parseSpan(parser.value(within), QStringLiteral("--keep-within"));
        if (!span)
            return reportError(span.error(), common.json(), streams);
        policy.within = span.value();
    }
    PruneJob::Options options;
    options.location = parser.positionalArguments().first();
    options.policy = policy;
    options.node = parser.value(node);
    options.dryRun = parser.isSet(dryRun);
    PruneJob job(options);
    JobRunner runner(streams, common.json());
    (void)runner.run(job);
    const PruneResult &result = job.result();
    QTextStream &out = streams.out;
    int nameWidth = 5;
    for (const PruneDecision &d : result.chains)
        nameWidth = std::max(nameWidth, static_cast<int>(d.chain.name.size()));
    for (const PruneDecision &d : result.chains) {
        if (common.json()) {
            QJsonObject o{{QStringLiteral("event"), QStringLiteral("chain")},
                          {QStringLiteral("name"), d.chain.name},
                          {QStringLiteral("path"), d.chain.path},
                          {QStringLiteral("node"), d.chain.nodeLabel()},
                          {QStringLiteral("keep"), d.keep},
                          {QStringLiteral("reasons"), QJsonArray::fromStringList(d.reasons)},
                          {QStringLiteral("links"), static_cast<int>(d.chain.links.size())},
                          {QStringLiteral("bytes"), d.chain.bytes},
                          {QStringLiteral("removed"), d.removed}};
            if (d.chain.timesKnown()) {
                o.insert(QStringLiteral("first"), d.chain.first().toString(Qt::ISODateWithMs));
                o.insert(QStringLiteral("last"), d.chain.last().toString(Qt::ISODateWithMs));
            }
            if (d.error)
                o.insert(QStringLiteral("error"), d.error->message);
            printJson(o, out);
            continue;
        }
        const QString what = d.keep
                                 ? QStringLiteral("keep (%1)").arg(d.reasons.join(QStringLiteral(", ")))
                                 : (d.removed || result.dryRun ? QStringLiteral("remove") : QStringLiteral("remove?"));
        out << d.chain.name.leftJustified(nameWidth + 2) << localTime(d.chain.first()) << " .. "
            << localTime(d.chain.last()).leftJustified(18) << QString::number(d.chain.links.size()).rightJustified(4)
            << " links " << formatBytes(d.chain.bytes).rightJustified(10) << "  " << what << "\n";
    }
    out << Qt::flush;
    if (!result.ok())
        return reportError(result.error, common.json(), streams);
    if (common.json()) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("location"), result.location},
                              {QStringLiteral("policy"), result.policy.describe()},
                              {QStringLiteral("dryRun"), result.dryRun},
                              {QStringLiteral("chains"), static_cast<int>(result.chains.size())},
                              {QStringLiteral("removed"), result.removedCount},
                              {QStringLiteral("bytesFreed"), result.bytesFreed},
                              {QStringLiteral("seconds"), static_cast<double>(result.seconds10) / 10.0}},
                  out);
        return 0;
    }
    int toRemove = 0;
    for (const PruneDecision &d : result.chains)
        toRemove += d.keep ? 0 : 1;
    if (result.dryRun)
        out << "Dry run (" << result.policy.describe() << "): would remove " << toRemove
            << (toRemove == 1 ? " chain" : " chains") << " and free " << formatBytes(result.bytesFreed)
            << "; nothing was changed." << Qt::endl;
    else
        out << "Removed " << result.removedCount << (result.removedCount == 1 ? " chain" : " chains") << ", freed "
            << formatBytes(result.bytesFreed) << " (" << result.policy.describe() << ")." << Qt::endl;
    return 0;
}

int HistoryCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() + QStringLiteral("\nThe history is an SQLite database: TIDEMARK_HISTORY, else "
                                   "~/.local/share/tidemark/history.sqlite. Times are local; oldest first."));
    CommonOptions common(parser, false);
    const QCommandLineOption node(QStringLiteral("node"),
                                  QStringLiteral("Only jobs of nodes whose host:port or URL contains TEXT."),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption chain(QStringLiteral("chain"),
                                   QStringLiteral("Only jobs on chains whose path contains TEXT."),
                                   QStringLiteral("TEXT"));
    const QCommandLineOption last(QStringLiteral("last"), QStringLiteral("Only the N newest jobs."),
                                  QStringLiteral("N"));
    parser.addOptions({node, chain, last});
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    JobHistory::Filter filter;
    filter.node = parser.value(node);
    filter.chain = parser.value(chain);
    if (parser.isSet(last)) {
        bool ok = false;
        filter.limit = parser.value(last).toInt(&ok);
        if (!ok || filter.limit < 1) {
            streams.err << "history: --last takes a number of jobs from 1 up, e.g. --last 20\n" << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
    }
    auto entries = JobHistory::read(filter);
    if (!entries)
        return reportError(entries.error(), common.json(), streams);
    for (const HistoryEntry &e : entries.value()) {
        if (common.json()) {
            QJsonObject o = e.toJson();
            o.insert(QStringLiteral("event"), QStringLiteral("job"));
            printJson(o, streams.out);
            continue;
        }
        streams.out << localTime(e.started) << "  " << e.job.leftJustified(13) << " "
                    << (e.code == 0 ? QStringLiteral("ok") : QStringLiteral("exit %1").arg(e.code)).leftJustified(8)
                    << QString::number(e.seconds(), 'f', 1).rightJustified(7) << " s  "
                    << formatBytes(e.bytes).rightJustified(10) << "  " << e.chain
                    << (e.link.isEmpty() || e.link == e.chain ? QString() : QStringLiteral(" -> ") + e.link)
                    << (e.message.isEmpty() ? QString() : QStringLiteral(": ") + e.message) << " [" << e.origin
                    << "]\n";
    }
    streams.out << Qt::flush;
    return 0;
}

} // namespace tidemark::cli
