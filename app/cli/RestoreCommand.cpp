#include "cli/RestoreCommand.h"

#include "cli/CommonOptions.h"
#include "cli/JobRunner.h"
#include "common/RateLimiter.h"
#include "kinds/NodeKind.h"
#include "restore/OnlineRestoreJob.h"
#include "restore/RestoreJob.h"
#include "restore/RestoreTarget.h"

#include <QJsonArray>

#include <unistd.h>

namespace tidemark::cli {

namespace {

QJsonObject planJson(const RestorePlan &plan)
{
    QJsonArray removals;
    for (const auto &r : plan.removals)
        removals.append(QJsonObject{
            {QStringLiteral("dir"), r.dir}, {QStringLiteral("bytes"), r.bytes}, {QStringLiteral("exists"), r.exists}});
    QJsonArray writes;
    for (const auto &w : plan.writes) {
        QJsonObject write{{QStringLiteral("name"), w.file.name},
                          {QStringLiteral("size"), w.file.fileSize()},
                          {QStringLiteral("index"), static_cast<qint64>(w.file.index)},
                          {QStringLiteral("from"), w.fromLink}};
        if (w.isRebuilt()) {
            // Its whole copy, then the links whose block or reference links change it, in the order applied.
            QJsonArray steps;
            for (const auto &step : w.steps)
                steps.append(step.fromLink);
            write.insert(QStringLiteral("rebuiltFrom"), steps);
        }
        writes.append(write);
    }
    QJsonArray findings;
    for (const auto &f : plan.findings)
        findings.append(QJsonObject{{QStringLiteral("severity"), f.severity == RestoreFinding::Severity::Error
                                                                     ? QStringLiteral("error")
                                                                     : QStringLiteral("warning")},
                                    {QStringLiteral("code"), static_cast<int>(f.code)},
                                    {QStringLiteral("message"), f.message},
                                    {QStringLiteral("fix"), f.fix}});
    return QJsonObject{{QStringLiteral("event"), QStringLiteral("plan")},
                       {QStringLiteral("chain"), plan.chainPath},
                       {QStringLiteral("links"), QJsonArray::fromStringList(plan.links)},
                       {QStringLiteral("remove"), removals},
                       {QStringLiteral("write"), writes},
                       {QStringLiteral("bytesToWrite"), plan.bytesToWrite},
                       {QStringLiteral("scratchBytes"), plan.scratchBytes},
                       {QStringLiteral("brokerIndex"), static_cast<qint64>(plan.brokerIndex)},
                       {QStringLiteral("owner"), plan.owner},
                       {QStringLiteral("findings"), findings}};
}

void printPlan(const RestorePlan &plan, QTextStream &out)
{
    out << "Restore plan for " << plan.chainPath << " (" << plan.links.size() << " links)\n";
    for (const auto &r : plan.removals)
        out << "  remove  " << r.dir
            << (r.exists ? QStringLiteral(" (%1)").arg(formatBytes(r.bytes)) : QStringLiteral(" (does not exist yet)"))
            << "\n";
    for (const auto &w : plan.writes) {
        out << "  write   " << w.file.name.leftJustified(12) << " index "
            << QString::number(w.file.index).leftJustified(8) << ' ' << formatBytes(w.file.fileSize());
        if (w.isRebuilt())
            out << "  rebuilt from " << w.steps.size() << " links: " << w.steps.front().fromLink
                << (w.isRebuiltFromRefs() ? " and reference links up to " : " and block links up to ") << w.fromLink
                << "\n";
        else
            out << "  from " << w.fromLink << "\n";
    }
    out << "  " << NodeKind::of(plan.kind).restoreTarget().planNote(plan) << "\n";
    out << "  owner " << plan.owner << "\n"
        << "  " << formatBytes(plan.bytesToWrite) << " to write" << Qt::endl;
}

QString actionName(OnlineRestorePlan::Shard::Action action)
{
    switch (action) {
    case OnlineRestorePlan::Shard::Action::Skip:
        return QStringLiteral("skip");
    case OnlineRestorePlan::Shard::Action::Replace:
        return QStringLiteral("replace");
    case OnlineRestorePlan::Shard::Action::Import:
        break;
    }
    return QStringLiteral("import");
}

QJsonObject onlinePlanJson(const OnlineRestorePlan &plan)
{
    QJsonArray shards;
    for (const auto &s : plan.shards)
        shards.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(s.id)},
                                  {QStringLiteral("retentionPolicy"), s.retentionPolicy},
                                  {QStringLiteral("start"), s.start.toString(Qt::ISODate)},
                                  {QStringLiteral("end"), s.end.toString(Qt::ISODate)},
                                  {QStringLiteral("bytes"), s.bytes},
                                  {QStringLiteral("from"), s.fromLink},
                                  {QStringLiteral("action"), actionName(s.action)},
                                  {QStringLiteral("reason"), s.reason}});
    return QJsonObject{{QStringLiteral("event"), QStringLiteral("plan")},
                       {QStringLiteral("chain"), plan.chainPath},
                       {QStringLiteral("links"), QJsonArray::fromStringList(plan.links)},
                       {QStringLiteral("node"), plan.node},
                       {QStringLiteral("database"), plan.request.database},
                       {QStringLiteral("target"), plan.request.targetDatabase()},
                       {QStringLiteral("databaseExists"), plan.databaseExists},
                       {QStringLiteral("shards"), shards},
                       {QStringLiteral("bytesToImport"), plan.bytesToImport},
                       {QStringLiteral("notes"), QJsonArray::fromStringList(plan.notes)}};
}

void printOnlinePlan(const OnlineRestorePlan &plan, QTextStream &out)
{
    out << "Restore plan: database " << plan.request.database << " of " << plan.chainPath << " (" << plan.links.size()
        << " links) into " << plan.node << " as " << plan.request.targetDatabase() << "\n";
    for (const auto &s : plan.shards) {
        out << "  " << actionName(s.action).leftJustified(8) << " shard " << QString::number(s.id).leftJustified(6)
            << ' ' << s.retentionPolicy << ' ' << s.start.toString(Qt::ISODate) << " to " << s.end.toString(Qt::ISODate)
            << "  " << formatBytes(s.bytes) << "  from " << s.fromLink;
        if (!s.reason.isEmpty())
            out << " (" << s.reason << ")";
        out << "\n";
    }
    for (const QString &note : plan.notes)
        out << "  " << note << "\n";
    out << "  " << formatBytes(plan.bytesToImport) << " to import" << Qt::endl;
}

} // namespace

int RestoreCommand::executeOnline(const OnlineArguments &a, CliStreams streams)
{
    const bool json = a.json;
    JobRunner runner(streams, json);
    OnlineRestoreJob planning(a.options);
    if (Error error = runner.run(planning); error.code != ErrorCode::Ok)
        return reportError(error, json, streams);
    const OnlineRestorePlan &plan = planning.plan();
    if (json)
        printJson(onlinePlanJson(plan), streams.out);
    else
        printOnlinePlan(plan, streams.out);
    if (a.dryRun)
        return 0;
    if (!a.yes) {
        if (::isatty(STDIN_FILENO) != 1) {
            streams.err << "restore: not asking on a non-interactive input: add --yes to restore (or --dry-run to "
                           "only see the plan)\n"
                        << Qt::flush;
            return static_cast<int>(ErrorCode::Usage);
        }
        streams.err << "This imports the shards above into the running node " << plan.node << ". Continue? [y/N] "
                    << Qt::flush;
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return static_cast<int>(ErrorCode::Cancelled);
    }
    OnlineRestoreJob import(a.options, plan);
    if (Error error = runner.run(import); error.code != ErrorCode::Ok)
        return reportError(error, json, streams);
    qsizetype taken = 0;
    for (const auto &s : plan.shards)
        taken += s.action == OnlineRestorePlan::Shard::Action::Skip ? 0 : 1;
    if (json) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("database"), plan.request.targetDatabase()},
                              {QStringLiteral("shards"), static_cast<qint64>(taken)},
                              {QStringLiteral("bytes"), plan.bytesToImport}},
                  streams.out);
        return 0;
    }
    streams.out << "Restored " << taken << (taken == 1 ? " shard (" : " shards (") << formatBytes(plan.bytesToImport)
                << ") of database " << plan.request.database << " into " << plan.node << " as "
                << plan.request.targetDatabase() << "." << Qt::endl;
    return 0;
}

int RestoreCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() + QStringLiteral("\nChecks everything first, shows the plan, then swaps the directories in by rename:"
                                   "\nan interrupted restore is finished or rolled back by running restore again."));
    CommonOptions common(parser, true);
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The node's config file."),
                                    QStringLiteral("CONF"));
    const QCommandLineOption upto(
        QStringLiteral("upto"),
        QStringLiteral("Restore the full snapshot and incrementals up to PATH.N (-1: the full snapshot only)."),
        QStringLiteral("N"));
    const QCommandLineOption owner(QStringLiteral("owner"),
                                   QStringLiteral("Owner of the restored files (default influxdb)."),
                                   QStringLiteral("USER"), QStringLiteral("influxdb"));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        QStringLiteral("Show the plan; change nothing (offline: also check every byte of the chain)."));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation."));
    const QCommandLineOption limitRate(
        QStringLiteral("limit-rate"),
        QStringLiteral("Read the chain at most RATE bytes per second: 500K, 50M, 1G (KiB, MiB, GiB per second)."),
        QStringLiteral("RATE"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("Restore this database of the chain into the running node at -host (online; no -config)."),
        QStringLiteral("NAME"));
    const QCommandLineOption rp(QStringLiteral("rp"), QStringLiteral("Online: only this retention policy."),
                                QStringLiteral("RP"));
    const QCommandLineOption shard(QStringLiteral("shard"),
                                   QStringLiteral("Online: only this shard of the chain (repeat for more)."),
                                   QStringLiteral("ID"));
    const QCommandLineOption as(QStringLiteral("as"), QStringLiteral("Online: the database's name on the node."),
                                QStringLiteral("NEWNAME"));
    const QCommandLineOption onConflict(
        QStringLiteral("on-conflict"),
        QStringLiteral("Online, when the database exists on the node: fail (default, exit 14), skip (keep the node's "
                       "shards of the same time ranges) or replace (the chain's replace them)."),
        QStringLiteral("POLICY"), QStringLiteral("fail"));
    const QCommandLineOption http(
        QStringLiteral("http"),
        QStringLiteral("Online, InfluxDB 1.x: the node's HTTP API, through which a half-imported database is dropped "
                       "(default: -host's host, port 8086)."),
        QStringLiteral("HOST:PORT"));
    parser.addOptions({config, upto, owner, dryRun, yes, limitRate, database, rp, shard, as, onConflict, http});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The backup chain's full snapshot file."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    const auto usage = [&](const QString &message) {
        streams.err << "restore: " << message << "\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    };
    if (parser.isSet(config) && parser.isSet(database))
        return usage(QStringLiteral("-config and --database exclude each other: -config restores a stopped node's "
                                    "directories, --database one database into a running node (-host)"));
    const bool online = parser.isSet(database);
    if (!online) {
        for (const QCommandLineOption *o : {&rp, &shard, &as, &onConflict, &http}) {
            if (parser.isSet(*o))
                return usage(QStringLiteral("--%1 belongs to the online restore: add --database NAME")
                                 .arg(o->names().constFirst()));
        }
    }
    if (online && parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("give exactly one PATH (the chain) with --database"));
    if (online && !parser.isSet(QStringLiteral("host")))
        return usage(QStringLiteral("give -host HOST:PORT, the running node's snapshot service, with --database"));
    if (!online && parser.isSet(QStringLiteral("host")))
        return usage(QStringLiteral("-host belongs to the online restore: add --database NAME (or drop -host and "
                                    "give -config CONF)"));
    if (!online && (!parser.isSet(config) || parser.positionalArguments().size() != 1))
        return usage(QStringLiteral("give -config CONF and exactly one PATH"));
    std::optional<int> uptoValue;
    if (parser.isSet(upto)) {
        bool ok = true;
        uptoValue = parser.value(upto).toInt(&ok);
        if (!ok || *uptoValue < -1)
            return usage(QStringLiteral("--upto takes a link number: 0 for PATH.0, -1 for the full snapshot only"));
    }
    qint64 rate = 0;
    if (parser.isSet(limitRate)) {
        auto parsed = RateLimiter::parse(parser.value(limitRate));
        if (!parsed)
            return usage(parsed.error().message);
        rate = parsed.value();
    }
    const bool json = common.json();

    if (online) {
        OnlineArguments a;
        a.options.chain = parser.positionalArguments().first();
        a.options.upto = uptoValue;
        a.options.settings = common.settings();
        a.options.limitRate = rate;
        if (parser.isSet(http)) {
            auto address = HostPort::parse(parser.value(http));
            if (!address)
                return usage(QStringLiteral("--http: %1").arg(address.error().message));
            a.options.settings.influxHttp = address.value();
        }
        OnlineRestoreRequest &r = a.options.request;
        r.database = parser.value(database);
        r.retentionPolicy = parser.value(rp);
        r.newName = parser.value(as);
        if (r.database.isEmpty() || (parser.isSet(as) && r.newName.isEmpty()))
            return usage(QStringLiteral("--database and --as take a non-empty name"));
        for (const QString &id : parser.values(shard)) {
            bool ok = false;
            const quint64 value = id.toULongLong(&ok);
            if (!ok || value == 0)
                return usage(
                    QStringLiteral("--shard takes a shard id of the chain (see tidemark-cli ls), not '%1'").arg(id));
            r.shardIds << value;
        }
        const QString policy = parser.value(onConflict);
        if (policy == QLatin1String("fail"))
            r.onConflict = OnlineRestoreRequest::OnConflict::Fail;
        else if (policy == QLatin1String("skip"))
            r.onConflict = OnlineRestoreRequest::OnConflict::Skip;
        else if (policy == QLatin1String("replace"))
            r.onConflict = OnlineRestoreRequest::OnConflict::Replace;
        else
            return usage(QStringLiteral("--on-conflict takes fail, skip or replace, not '%1'").arg(policy));
        a.dryRun = parser.isSet(dryRun);
        a.yes = parser.isSet(yes);
        a.json = json;
        return executeOnline(a, streams);
    }

    // 1. An earlier restore that died is finished or rolled back, then every check: a job
    //    (Ctrl-C stops it; nothing is touched yet).
    JobRunner runner(streams, json);
    runner.setJsonEvents(false);
    RestoreEngine::Options options{parser.value(config), parser.positionalArguments().first(), uptoValue,
                                   parser.value(owner), rate};
    options.checkEveryByte = parser.isSet(dryRun); // A real restore checks every byte as it extracts.
    RestorePreflightJob preflight(options);
    const Error checked = runner.run(preflight);
    if (!preflight.recovered().isEmpty()) {
        if (json)
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("recovered")},
                                  {QStringLiteral("message"), preflight.recovered()}},
                      streams.out);
        else
            streams.out << preflight.recovered() << Qt::endl;
        if (preflight.recoveryFinished())
            return 0;
    }
    if (checked.code == ErrorCode::Cancelled || (checked.code != ErrorCode::Ok && !preflight.plan().hasErrors()))
        return reportError(checked, json, streams);
    const RestorePlan &plan = preflight.plan();
    if (json)
        printJson(planJson(plan), streams.out);
    for (const RestoreFinding &f : plan.findings) {
        streams.err << (f.severity == RestoreFinding::Severity::Error ? "error: " : "warning: ") << f.message << "\n";
        if (!f.fix.isEmpty())
            streams.err << "  fix: " << f.fix << "\n";
    }
    streams.err << Qt::flush;
    if (plan.hasErrors())
        return static_cast<int>(plan.firstError().code);
    if (!json)
        printPlan(plan, streams.out);
    if (parser.isSet(dryRun))
        return 0;
    if (!parser.isSet(yes)) {
        if (::isatty(STDIN_FILENO) != 1)
            return usage(QStringLiteral(
                "not asking on a non-interactive input: add --yes to restore (or --dry-run to only check)"));
        streams.err << "This replaces the directories above. Continue? [y/N] " << Qt::flush;
        QTextStream in(stdin);
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes"))
            return static_cast<int>(ErrorCode::Cancelled);
    }

    // 2. The restore itself: Ctrl-C or SIGTERM before the swap rolls back, after it finishes.
    RestoreJob restore(plan);
    if (Error error = runner.run(restore); error.code != ErrorCode::Ok)
        return reportError(error, json, streams);
    if (json) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("brokerIndex"), static_cast<qint64>(plan.brokerIndex)}},
                  streams.out);
        return 0;
    }
    QStringList into;
    for (const auto &r : plan.removals)
        into << r.key + QLatin1Char(' ') + r.dir;
    const bool broker = !plan.brokerUrl.isEmpty(); // The kind regenerated a broker.
    streams.out << "Restored " << plan.chainPath << " (" << plan.links.size() << " links, " << plan.writes.size()
                << " files, " << formatBytes(plan.bytesToWrite) << ") into " << into.join(QStringLiteral(", "))
                << (broker ? QStringLiteral("; broker index %1").arg(plan.brokerIndex) : QString()) << "; owner "
                << plan.owner << "." << Qt::endl;
    streams.out << "Start the node: " << NodeKind::of(plan.kind).startCommand(plan.configPath) << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
