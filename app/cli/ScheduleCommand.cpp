#include "cli/ScheduleCommand.h"

#include "alerts/Alerts.h"
#include "alerts/MetricsFile.h"
#include "cli/CliRunner.h"
#include "cli/CommonOptions.h"
#include "common/Error.h"
#include "common/SignalWatcher.h"
#include "history/JobHistory.h"
#include "schedule/Schedule.h"
#include "schedule/ScheduleStore.h"
#include "schedule/SystemdUnits.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QTimer>

#include <set>

namespace tidemark::cli {

namespace {

const char *const kUsage =
    "Usage: tidemark-cli schedule add NAME (--every 6h | --daily HH:MM | --weekly 'Sun 03:00' | --calendar EXPR)\n"
    "                                [-host H:P] [--kind K] [options] CHAIN\n"
    "       tidemark-cli schedule list [--json]\n"
    "       tidemark-cli schedule run NAME | --due\n"
    "       tidemark-cli schedule check [--json]\n"
    "       tidemark-cli schedule remove NAME\n"
    "Each takes --system for the machine's schedules (/etc/tidemark/schedules.d, system timers, root);\n"
    "without it they are the user's (~/.config/tidemark/schedules.d, user timers).\n"
    "Run 'tidemark-cli schedule SUBCOMMAND --help' for the options.\n";

int usage(CliStreams streams, const QString &message)
{
    streams.err << "schedule: " << message << "\n\n" << kUsage << Qt::flush;
    return static_cast<int>(ErrorCode::Usage);
}

// Parses a subcommand's options; false when it printed its help (exit code 0) or a usage error.
bool parseSubcommand(QCommandLineParser &parser, const QStringList &args, CliStreams streams, int *exitCode)
{
    if (!parser.parse(args)) {
        *exitCode = usage(streams, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        streams.out << parser.helpText() << Qt::flush;
        *exitCode = 0;
        return false;
    }
    return true;
}

QString localText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-");
}

QString isoText(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

// What one command of a run (backup, prune, verify) ended with, read from its --json lines.
struct StepResult {
    int code = 0;
    QString message;
    QString hint;
    QJsonObject done; ///< The backup's `done` event (path, chain, bytes, seconds) when there was one.
};

StepResult runStep(const QStringList &args, CliStreams streams)
{
    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QTextStream captured(&buffer);
    StepResult result;
    result.code = runCli(args + QStringList{QStringLiteral("--json")}, CliStreams{captured, streams.err});
    captured.flush();
    for (const QByteArray &line : buffer.data().split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        const QString kind = event.value(QStringLiteral("event")).toString();
        if (kind == QLatin1String("error")) {
            result.message = event.value(QStringLiteral("message")).toString();
            result.hint = event.value(QStringLiteral("hint")).toString();
        } else if (kind == QLatin1String("done") || kind == QLatin1String("verified")) {
            result.done = event;
        } else if (kind == QLatin1String("rolled")) {
            streams.out << "  rolled " << event.value(QStringLiteral("from")).toString() << " onto a synthetic full at "
                        << event.value(QStringLiteral("to")).toString() << "\n";
        }
    }
    if (result.code != 0 && result.message.isEmpty())
        result.message = QStringLiteral("%1 ended with exit code %2").arg(args.value(0)).arg(result.code);
    return result;
}

// Waits `seconds` with the event loop running; false when SIGINT or SIGTERM (systemctl stop) came.
bool wait(qint64 seconds)
{
    QEventLoop loop;
    bool interrupted = false;
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &loop, [&](int) {
        interrupted = true;
        loop.quit();
    });
    QTimer::singleShot(std::chrono::seconds(seconds), &loop, &QEventLoop::quit);
    loop.exec();
    return !interrupted;
}

AlertSettings alertSettings(const Schedule &schedule)
{
    AlertSettings settings;
    settings.desktop = schedule.desktop;
    settings.webhook = QUrl(schedule.webhook);
    if (auto format = Webhook::formatByName(schedule.webhookFormat))
        settings.webhookFormat = *format;
    return settings;
}

void sendAlert(const Alert &alert, const Schedule &schedule, CliStreams streams)
{
    streams.err << "tidemark: alert: " << alert.title() << Qt::endl;
    for (const QString &warning : dispatchAlert(alert, alertSettings(schedule)))
        streams.err << "tidemark: warning: " << warning << Qt::endl;
}

void writeMetrics(const Schedule &schedule, const ScheduleStore &store, CliStreams streams)
{
    if (schedule.metricsFile.isEmpty())
        return;
    if (auto written = MetricsFile::write(schedule.metricsFile, store.historyPath()); !written)
        streams.err << "tidemark: warning: metrics file not written: " << written.error().toString() << Qt::endl;
}

// --system: the machine's schedules; their history is the system's unless TIDEMARK_HISTORY says otherwise.
ScheduleStore storeFor(bool system)
{
    if (system && qEnvironmentVariableIsEmpty("TIDEMARK_HISTORY"))
        qputenv("TIDEMARK_HISTORY", "/var/lib/tidemark/history.sqlite");
    return ScheduleStore(system ? ScheduleScope::System : ScheduleScope::User);
}

QString scopeFlag(const ScheduleStore &store)
{
    return store.scope() == ScheduleScope::System ? QStringLiteral(" --system") : QString();
}

// ----- add -----------------------------------------------------------------------------------

int add(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(QStringLiteral(
        "Adds (or replaces) the schedule NAME: backups of a node to CHAIN at the times given, each "
        "followed by prune, verify and a restore drill as set, with alerts when a run fails (after its retries) or "
        "the newest good backup is older than --overdue. Writes the definition and systemd timer "
        "and service units, then enables the timer when a systemd manager runs."));
    parser.addHelpOption();
    const auto opt = [&](const char *name, const char *help, const char *value = nullptr) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help),
                                  value ? QString::fromLatin1(value) : QString());
        parser.addOption(option);
        return option;
    };
    const auto system = opt("system", "The machine's schedule (root; system timers) instead of the user's.");
    const auto every = opt("every", "Run every N hours from midnight (1 to 24), e.g. 6h.", "Nh");
    const auto daily = opt("daily", "Run daily at this local time.", "HH:MM");
    const auto weekly = opt("weekly", "Run weekly on this day at this time, e.g. 'Sun 03:00'.", "DAY HH:MM");
    const auto calendar = opt("calendar", "Run at a systemd calendar expression (man 7 systemd.time).", "EXPR");
    const auto host = opt("host", "The node's snapshot service (default: the kind's).", "HOST:PORT");
    const auto kind = opt("kind", "tidemark (default) or influxdb1.", "KIND");
    const auto tokenFile = opt("token-file", "File holding the node's auth token (absolute path).", "FILE");
    const auto tls = opt("tls", "Connect with TLS, trusting the system's CAs.");
    const auto tlsCa = opt("tls-ca", "Connect with TLS, trusting only FILE.", "FILE");
    const auto compress = opt("compress", "none, zstd or zstd:LEVEL.", "HOW");
    const auto maxLinks = opt("max-links", "Incremental forever: roll a chain of K links onto a synthetic full.", "K");
    const auto passphraseFile = opt("passphrase-file", "Encrypted chain: the passphrase's file.", "FILE");
    const auto keyFile = opt("key-file", "Encrypted chain: a key file.", "FILE");
    const auto s3Endpoint = opt("s3-endpoint", "s3:// chains: the object store's URL.", "URL");
    const auto s3Region = opt("s3-region", "s3:// chains: the bucket's region.", "REGION");
    const auto s3PathStyle = opt("s3-path-style", "s3:// chains: path-style addressing.");
    const auto user = opt("user", "--system: the account the service runs as (default root).", "USER");
    const auto retries = opt("retries", "Runs of a failed backup again, 0 to 20 (default 0).", "N");
    const auto retryDelay = opt("retry-delay", "Wait between them (default 10m).", "DURATION");
    const auto verifyEvery = opt("verify-every", "Verify the chain after every Nth good backup.", "N");
    const auto verifyWeekly = opt("verify-weekly", "Verify the chain when its last verify is a week old.");
    const auto drillEvery = opt("drill-every", "Run a restore drill of the chain after every Nth good backup.", "N");
    const auto drillWeekly = opt("drill-weekly", "Run a restore drill when the last good one is a week old.");
    const auto overdue =
        opt("overdue", "Alert when the newest good backup is older (default: 2 periods + 1h).", "DURATION");
    const auto noDesktop = opt("no-desktop", "No desktop notifications.");
    const auto webhook = opt("webhook", "POST alerts as JSON to this URL (Slack, ntfy, Alertmanager...).", "URL");
    const auto webhookFormat = opt("webhook-format", "json (default) or alertmanager.", "FORMAT");
    const auto metricsFile =
        opt("metrics-file", "Write Prometheus metrics here after each run (node_exporter textfile).", "FILE");
    const auto noEnable = opt("no-enable", "Write the units but do not enable the timer.");
    struct Keep {
        QCommandLineOption option;
        int RetentionPolicy::*member;
    };
    const std::vector<Keep> keeps{
        {opt("keep-last", "Prune after each backup: keep the N newest points.", "N"), &RetentionPolicy::last},
        {opt("keep-hourly", "… and one point per hour for N hours.", "N"), &RetentionPolicy::hourly},
        {opt("keep-daily", "… per day for N days.", "N"), &RetentionPolicy::daily},
        {opt("keep-weekly", "… per week for N weeks.", "N"), &RetentionPolicy::weekly},
        {opt("keep-monthly", "… per month for N months.", "N"), &RetentionPolicy::monthly},
        {opt("keep-yearly", "… per year for N years.", "N"), &RetentionPolicy::yearly}};
    const auto keepWithin = opt("keep-within", "… every point within this span of the newest (1y5m7d2h).", "SPAN");
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule's name (letters, digits, - _)."));
    parser.addPositionalArgument(QStringLiteral("CHAIN"), QStringLiteral("The chain: an absolute path or s3:// URL."));
    if (int exitCode = 0; !parseSubcommand(parser, args, streams, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usage(streams, QStringLiteral("add takes NAME and CHAIN"));

    Schedule s;
    s.name = positional[0];
    s.chain = positional[1];
    if (!s.chain.startsWith(QLatin1String("s3://")))
        s.chain = QFileInfo(s.chain).absoluteFilePath();
    int timings = 0;
    for (const auto &option : {every, daily, weekly, calendar})
        timings += parser.isSet(option) ? 1 : 0;
    if (timings != 1)
        return usage(streams, QStringLiteral("give one of --every, --daily, --weekly and --calendar"));
    Result<ScheduleWhen> when = parser.isSet(every)    ? ScheduleWhen::every(parser.value(every))
                                : parser.isSet(daily)  ? ScheduleWhen::daily(parser.value(daily))
                                : parser.isSet(weekly) ? ScheduleWhen::weekly(parser.value(weekly))
                                                       : ScheduleWhen::fromCalendar(parser.value(calendar));
    if (!when)
        return reportError(when.error(), false, streams);
    s.when = when.value();
    s.host = parser.value(host);
    if (parser.isSet(kind))
        s.kind = parser.value(kind);
    const auto absolute = [](const QString &path) {
        return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
    };
    s.tokenFile = absolute(parser.value(tokenFile));
    s.tls = parser.isSet(tls);
    s.tlsCa = absolute(parser.value(tlsCa));
    s.compress = parser.value(compress) == QLatin1String("none") ? QString() : parser.value(compress);
    s.passphraseFile = absolute(parser.value(passphraseFile));
    s.keyFile = absolute(parser.value(keyFile));
    s.s3Endpoint = parser.value(s3Endpoint);
    s.s3Region = parser.value(s3Region);
    s.s3PathStyle = parser.isSet(s3PathStyle);
    s.user = parser.value(user);
    s.verifyWeekly = parser.isSet(verifyWeekly);
    s.drillWeekly = parser.isSet(drillWeekly);
    s.desktop = !parser.isSet(noDesktop);
    s.webhook = parser.value(webhook);
    if (parser.isSet(webhookFormat))
        s.webhookFormat = parser.value(webhookFormat);
    s.metricsFile = absolute(parser.value(metricsFile));
    const auto number = [&](const QCommandLineOption &option, int *out) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        *out = parser.value(option).toInt(&ok);
        return ok;
    };
    if (!number(maxLinks, &s.maxLinks) || !number(retries, &s.retries) || !number(verifyEvery, &s.verifyEvery) ||
        !number(drillEvery, &s.drillEvery))
        return usage(streams,
                     QStringLiteral("--max-links, --retries, --verify-every and --drill-every take whole numbers"));
    if (parser.isSet(retryDelay)) {
        auto delay = parseDurationSeconds(parser.value(retryDelay), QStringLiteral("--retry-delay"));
        if (!delay)
            return reportError(delay.error(), false, streams);
        s.retryDelaySeconds = delay.value();
    }
    if (parser.isSet(overdue)) {
        auto seconds = parseDurationSeconds(parser.value(overdue), QStringLiteral("--overdue"));
        if (!seconds || seconds.value() < 60)
            return usage(streams, QStringLiteral("--overdue takes a duration of at least 1m, e.g. 26h"));
        s.overdueSeconds = seconds.value();
    }
    RetentionPolicy policy;
    bool anyKeep = false;
    for (const Keep &keep : keeps) {
        if (!parser.isSet(keep.option))
            continue;
        bool ok = false;
        policy.*keep.member = parser.value(keep.option).toInt(&ok);
        if (!ok || policy.*keep.member < -1)
            return usage(
                streams,
                QStringLiteral("--%1 takes a whole number (-1: every period)").arg(keep.option.names().constFirst()));
        anyKeep = true;
    }
    if (parser.isSet(keepWithin)) {
        auto span = RetentionPolicy::parseSpan(parser.value(keepWithin), QStringLiteral("--keep-within"));
        if (!span)
            return reportError(span.error(), false, streams);
        policy.within = span.value();
        anyKeep = true;
    }
    if (anyKeep)
        s.prune = policy;
    if (!s.user.isEmpty() && !parser.isSet(system))
        return usage(streams, QStringLiteral("--user is for --system schedules (a user's timers run as that user)"));
    if (auto valid = s.validate(); !valid)
        return reportError(valid.error(), false, streams);
    for (const QString &file : {s.tokenFile, s.tlsCa, s.passphraseFile, s.keyFile}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable())
            streams.err << "tidemark: warning: '" << file
                        << "' cannot be read now; each run will fail until it can (by the account the timer runs as)"
                        << Qt::endl;
    }

    if (!s.chain.startsWith(QLatin1String("s3://")) && !QFileInfo(QFileInfo(s.chain).absolutePath()).isDir())
        streams.err << "tidemark: warning: the directory '" << QFileInfo(s.chain).absolutePath()
                    << "' does not exist; each run will fail until it does (mkdir -p it, or mount its file system)"
                    << Qt::endl;
    if (!s.metricsFile.isEmpty() && !QFileInfo(QFileInfo(s.metricsFile).absolutePath()).isDir())
        streams.err << "tidemark: warning: the metrics file's directory '" << QFileInfo(s.metricsFile).absolutePath()
                    << "' does not exist (node_exporter's --collector.textfile.directory); no metrics until it does"
                    << Qt::endl;
    const ScheduleStore store = storeFor(parser.isSet(system));
    const bool replacing = QFileInfo::exists(store.definitionPath(s.name));
    const bool enable = !parser.isSet(noEnable) && SystemdUnits::managerRuns(store.scope());
    if (Status installed = SystemdUnits::install(s, store, SystemdUnits::cliProgram(), enable); !installed)
        return reportError(installed.error(), false, streams);
    const auto next = store.state(s.name).nextRun(s.when);
    streams.out << (replacing ? "Replaced" : "Added") << " schedule " << s.name << ": " << s.when.describe()
                << ", backups of " << (s.host.isEmpty() ? s.kind : s.host) << " to " << s.chain << "; next run "
                << (next ? localText(next.value()) : next.error().message) << ".\n"
                << "  definition: " << store.definitionPath(s.name) << "\n"
                << "  units:      " << store.unitDir() << "/" << SystemdUnits::unitBase(s.name) << ".{service,timer}"
                << Qt::endl;
    if (parser.isSet(noEnable)) {
        streams.out << "Not enabled (--no-enable); enable it with: systemctl"
                    << (store.scope() == ScheduleScope::User ? " --user" : "") << " enable --now "
                    << SystemdUnits::timerName(s.name) << Qt::endl;
        return 0;
    }
    if (!enable) {
        streams.out << "No systemd " << (store.scope() == ScheduleScope::System ? "" : "user ")
                    << "manager runs here: nothing will start the timer. Keep the Tidemark GUI open (it runs due "
                       "schedules itself), or run 'tidemark-cli schedule run --due"
                    << scopeFlag(store) << "' from cron every few minutes." << Qt::endl;
        return 0;
    }
    streams.out << "Timer " << SystemdUnits::timerName(s.name) << " enabled." << Qt::endl;
    return 0;
}

// ----- list ----------------------------------------------------------------------------------

int list(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the schedules: when, what, the next run and the last."));
    parser.addHelpOption();
    const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("The machine's schedules."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON (one object per line)."));
    parser.addOptions({system, json});
    if (int exitCode = 0; !parseSubcommand(parser, args, streams, &exitCode))
        return exitCode;
    const ScheduleStore store = storeFor(parser.isSet(system));
    const ScheduleStore::Listing listing = store.list();
    const QDateTime now = QDateTime::currentDateTime();
    if (!parser.isSet(json) && !listing.schedules.empty())
        streams.out << QStringLiteral("NAME").leftJustified(16) << QStringLiteral("WHEN").leftJustified(26)
                    << QStringLiteral("NEXT RUN").leftJustified(18) << QStringLiteral("LAST RUN").leftJustified(18)
                    << QStringLiteral("RESULT").leftJustified(10) << "NODE -> CHAIN\n";
    for (const Schedule &s : listing.schedules) {
        const ScheduleState state = store.state(s.name);
        const auto next = state.nextRun(s.when);
        const bool overdue = state.isOverdue(s.overdueAfter(), now);
        const QString result = state.lastCode < 0
                                   ? (state.lastStart.isValid() ? QStringLiteral("running") : QStringLiteral("never"))
                               : state.lastCode == 0 ? QStringLiteral("ok")
                                                     : QStringLiteral("exit %1").arg(state.lastCode);
        if (parser.isSet(json)) {
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("schedule")},
                                  {QStringLiteral("name"), s.name},
                                  {QStringLiteral("when"), s.when.describe()},
                                  {QStringLiteral("onCalendar"), s.when.onCalendar()},
                                  {QStringLiteral("node"), s.host},
                                  {QStringLiteral("kind"), s.kind},
                                  {QStringLiteral("chain"), s.chain},
                                  {QStringLiteral("nextRun"), next ? isoText(next.value()) : QString()},
                                  {QStringLiteral("lastStart"), isoText(state.lastStart)},
                                  {QStringLiteral("lastEnd"), isoText(state.lastEnd)},
                                  {QStringLiteral("lastCode"), state.lastCode},
                                  {QStringLiteral("lastMessage"), state.lastMessage},
                                  {QStringLiteral("lastSuccess"), isoText(state.lastSuccess)},
                                  {QStringLiteral("overdue"), overdue},
                                  {QStringLiteral("overdueAfterSeconds"), s.overdueAfter()},
                                  {QStringLiteral("definition"), store.definitionPath(s.name)}},
                      streams.out);
            continue;
        }
        streams.out << s.name.leftJustified(16) << s.when.describe().leftJustified(26)
                    << (next ? localText(next.value()) : QStringLiteral("?")).leftJustified(18)
                    << localText(state.lastStart).leftJustified(18)
                    << (overdue ? result + QStringLiteral(" !") : result).leftJustified(10)
                    << (s.host.isEmpty() ? s.kind : s.host) << " -> " << s.chain << "\n";
        if (state.lastCode > 0)
            streams.out << "  last error: " << state.lastMessage << "\n";
        if (overdue)
            streams.out << "  overdue: no good backup since "
                        << (state.lastSuccess.isValid() ? localText(state.lastSuccess) : QStringLiteral("it was added"))
                        << " (threshold " << durationText(s.overdueAfter()) << ")\n";
    }
    if (listing.schedules.empty() && listing.broken.empty() && !parser.isSet(json))
        streams.out << "No schedules in " << store.definitionsDir() << ". Add one with: tidemark-cli schedule add"
                    << scopeFlag(store) << " NAME --daily 02:30 -host HOST:PORT CHAIN\n";
    streams.out << Qt::flush;
    for (const Error &broken : listing.broken)
        reportError(broken, parser.isSet(json), streams);
    return listing.broken.empty() ? 0 : static_cast<int>(ErrorCode::Config);
}

// ----- remove --------------------------------------------------------------------------------

int remove(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Removes a schedule: its timer (disabled), units, definition and state. Its backups and "
                       "history stay."));
    parser.addHelpOption();
    const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("The machine's schedule."));
    parser.addOption(system);
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    if (int exitCode = 0; !parseSubcommand(parser, args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usage(streams, QStringLiteral("remove takes NAME"));
    const QString name = parser.positionalArguments().first();
    const ScheduleStore store = storeFor(parser.isSet(system));
    if (!Schedule::validName(name) || !QFileInfo::exists(store.definitionPath(name)))
        return reportError(
            makeError(ErrorCode::NotFound,
                      QStringLiteral("There is no schedule '%1' in %2").arg(name, store.definitionsDir()),
                      QStringLiteral("See them with: tidemark-cli schedule list%1").arg(scopeFlag(store))),
            false, streams);
    std::optional<Error> systemctlError;
    if (Status removed =
            SystemdUnits::uninstall(name, store, SystemdUnits::managerRuns(store.scope()), &systemctlError);
        !removed)
        return reportError(removed.error(), false, streams);
    if (systemctlError)
        streams.err << "tidemark: warning: " << systemctlError->toString() << Qt::endl;
    streams.out << "Removed schedule " << name << " (its backups and history stay)." << Qt::endl;
    return 0;
}

// ----- run -----------------------------------------------------------------------------------

int runOne(const ScheduleStore &store, const QString &name, CliStreams streams)
{
    auto loaded = store.load(name);
    if (!loaded)
        return reportError(loaded.error(), false, streams);
    const Schedule &s = loaded.value();
    QDir().mkpath(store.stateDir());
    QLockFile lock(store.lockPath(name));
    lock.setStaleLockTime(0); // Only a live owner holds it: a killed run's lock is taken over.
    if (!lock.tryLock(0)) {
        qint64 pid = 0;
        QString hostName;
        QString appName;
        lock.getLockInfo(&pid, &hostName, &appName);
        return reportError(
            makeError(ErrorCode::Busy,
                      QStringLiteral("The schedule '%1' is running already (process %2)").arg(name).arg(pid),
                      QStringLiteral("A schedule never runs twice at once; this run was skipped.")),
            false, streams);
    }
    ScheduleState state = store.state(name);
    state.lastStart = QDateTime::currentDateTimeUtc();
    state.lastCode = -1;
    state.lastMessage.clear();
    if (auto saved = store.saveState(name, state); !saved)
        streams.err << "tidemark: warning: " << saved.error().toString() << Qt::endl;
    streams.out << "Schedule " << name << ": backup of " << (s.host.isEmpty() ? s.kind : s.host) << " to " << s.chain
                << Qt::endl;

    // The backup, tried again as set; usage and configuration errors would fail each time.
    StepResult backup;
    int attempts = 0;
    for (;;) {
        ++attempts;
        backup = runStep(s.backupArguments(), streams);
        if (backup.code == 0)
            break;
        const auto code = static_cast<ErrorCode>(backup.code);
        const bool final = attempts > s.retries || code == ErrorCode::Usage || code == ErrorCode::Config ||
                           code == ErrorCode::Cancelled;
        streams.err << "tidemark: attempt " << attempts << " of " << s.retries + 1 << " failed: " << backup.message
                    << (final ? QString()
                              : QStringLiteral("; trying again in %1").arg(durationText(s.retryDelaySeconds)))
                    << Qt::endl;
        if (final)
            break;
        if (!wait(s.retryDelaySeconds)) {
            backup.code = static_cast<int>(ErrorCode::Cancelled);
            backup.message = QStringLiteral("Stopped while waiting to try again");
            break;
        }
    }
    state.lastAttempts = attempts;
    int exitCode = backup.code;
    QString message = backup.message;
    const QDateTime backupEnd = QDateTime::currentDateTimeUtc();
    if (backup.code == 0) {
        const QString chainWritten = backup.done.value(QStringLiteral("chain")).toString(s.chain);
        state.lastSuccess = backupEnd;
        state.lastChain = chainWritten;
        state.lastLink = backup.done.value(QStringLiteral("path")).toString();
        state.lastBytes = backup.done.value(QStringLiteral("bytes")).toInteger();
        state.lastSeconds = backup.done.value(QStringLiteral("seconds")).toDouble();
        ++state.goodRuns;
        ++state.goodRunsSinceVerify;
        ++state.goodRunsSinceDrill;
        message = backup.done.value(QStringLiteral("nothingChanged")).toBool()
                      ? QStringLiteral("nothing changed")
                      : QStringLiteral("%1 (%2)").arg(state.lastLink, formatBytes(state.lastBytes));
        streams.out << "  backup: " << message << Qt::endl;
        Alert failed;
        failed.schedule = name;
        failed.node = s.host;
        failed.chain = chainWritten;
        failed.time = QDateTime::currentDateTimeUtc();
        failed.lastSuccess = state.lastSuccess;
        const QString nodeUrl = backup.done.value(QStringLiteral("node")).toString();
        if (s.prune && nodeUrl.isEmpty())
            streams.err << "tidemark: warning: prune skipped: the backup did not say which node it read" << Qt::endl;
        if (s.prune && !nodeUrl.isEmpty()) {
            const StepResult pruned = runStep(s.pruneArguments(chainWritten, nodeUrl), streams);
            if (pruned.code != 0) {
                exitCode = pruned.code;
                message = QStringLiteral("prune failed: ") + pruned.message;
                failed.job = QStringLiteral("prune");
                failed.code = pruned.code;
                failed.message = pruned.message;
                sendAlert(failed, s, streams);
            } else {
                streams.out << "  prune: " << pruned.done.value(QStringLiteral("removed")).toInt()
                            << " chain(s) removed (" << s.prune->describe() << ")" << Qt::endl;
            }
        }
        // A check after the backup (verify, restore drill) when due by count or by week: its
        // failure fails the run and alerts; its success resets what makes it due.
        const auto checkStep = [&](const QString &job, int every, bool weekly, QDateTime &last, int &goodRunsSince,
                                   const QStringList &arguments, const QString &passed) {
            const bool byCount = every > 0 && goodRunsSince >= every;
            const bool byWeek = weekly && (!last.isValid() || last.secsTo(backupEnd) >= 7 * 86400 - 3600);
            if (!byCount && !byWeek)
                return;
            const StepResult checked = runStep(arguments, streams);
            if (checked.code != 0) {
                if (exitCode == 0) {
                    exitCode = checked.code;
                    message = job + QStringLiteral(" failed: ") + checked.message;
                }
                failed.job = job;
                failed.code = checked.code;
                failed.message = checked.message;
                sendAlert(failed, s, streams);
            } else {
                last = QDateTime::currentDateTimeUtc();
                goodRunsSince = 0;
                streams.out << "  " << job << ": " << passed << Qt::endl;
            }
        };
        checkStep(QStringLiteral("verify"), s.verifyEvery, s.verifyWeekly, state.lastVerify, state.goodRunsSinceVerify,
                  s.verifyArguments(chainWritten), QStringLiteral("every checksum of %1 checked").arg(chainWritten));
        checkStep(QStringLiteral("drill"), s.drillEvery, s.drillWeekly, state.lastDrill, state.goodRunsSinceDrill,
                  s.drillArguments(chainWritten), QStringLiteral("%1 restores and starts as a node").arg(chainWritten));
    } else if (backup.code == static_cast<int>(ErrorCode::Cancelled)) {
        // Stopped on purpose (Ctrl-C, systemctl stop, shutdown): nothing to alert about.
        streams.err << "tidemark: the run was stopped: " << backup.message << Qt::endl;
    } else {
        Alert failed;
        failed.schedule = name;
        failed.node = s.host;
        failed.chain = s.chain;
        failed.job = QStringLiteral("backup");
        failed.code = backup.code;
        failed.message = backup.message;
        failed.attempts = attempts;
        failed.time = QDateTime::currentDateTimeUtc();
        failed.lastSuccess = state.lastSuccess;
        sendAlert(failed, s, streams);
    }
    state.lastEnd = QDateTime::currentDateTimeUtc();
    state.lastCode = exitCode;
    state.lastMessage = message;
    if (auto saved = store.saveState(name, state); !saved)
        streams.err << "tidemark: warning: " << saved.error().toString() << Qt::endl;
    writeMetrics(s, store, streams);
    streams.out << "Schedule " << name << ": " << (exitCode == 0 ? QStringLiteral("ok") : message) << Qt::endl;
    return exitCode;
}

int run(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs a schedule now, as its timer does: the backup (tried again as set), then prune and "
        "verify and drill as set; alerts once if it fails; records the run's state and the metrics file. A run "
        "of a schedule that is running already is refused (exit code 9). --due runs every schedule "
        "whose time has come since its last run (for cron, or where no systemd manager runs)."));
    parser.addHelpOption();
    const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("The machine's schedule."));
    const QCommandLineOption due(QStringLiteral("due"), QStringLiteral("Run every schedule that is due, one by one."));
    parser.addOptions({system, due});
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    if (int exitCode = 0; !parseSubcommand(parser, args, streams, &exitCode))
        return exitCode;
    const ScheduleStore store = storeFor(parser.isSet(system));
    if (!parser.isSet(due)) {
        if (parser.positionalArguments().size() != 1)
            return usage(streams, QStringLiteral("run takes NAME, or --due"));
        return runOne(store, parser.positionalArguments().first(), streams);
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(streams, QStringLiteral("run --due takes no NAME"));
    const ScheduleStore::Listing listing = store.list();
    int exitCode = 0;
    for (const Error &broken : listing.broken)
        exitCode = reportError(broken, false, streams);
    for (const Schedule &s : listing.schedules) {
        if (!store.state(s.name).isDue(s.when, QDateTime::currentDateTime()))
            continue;
        if (const int code = runOne(store, s.name, streams); code != 0)
            exitCode = code;
    }
    return exitCode;
}

// ----- check ---------------------------------------------------------------------------------

int check(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Checks every schedule for an overdue node (its newest good backup older than the "
                       "schedule's --overdue) and alerts once per overdue stretch; rewrites the metrics files. "
                       "The hourly tidemark-overdue.timer runs it."));
    parser.addHelpOption();
    const QCommandLineOption system(QStringLiteral("system"), QStringLiteral("The machine's schedules."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON (one object per line)."));
    parser.addOptions({system, json});
    if (int exitCode = 0; !parseSubcommand(parser, args, streams, &exitCode))
        return exitCode;
    const ScheduleStore store = storeFor(parser.isSet(system));
    const ScheduleStore::Listing listing = store.list();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::set<QString> metricsWritten;
    for (const Schedule &s : listing.schedules) {
        ScheduleState state = store.state(s.name);
        const bool overdue = state.isOverdue(s.overdueAfter(), now);
        const QDateTime since = state.lastSuccess.isValid() ? state.lastSuccess : state.created;
        bool alerted = false;
        if (overdue && state.overdueAlerted != since) {
            Alert alert;
            alert.kind = Alert::Kind::Overdue;
            alert.schedule = s.name;
            alert.node = s.host;
            alert.chain = state.lastChain.isEmpty() ? s.chain : state.lastChain;
            alert.job = QStringLiteral("backup");
            alert.time = now;
            alert.lastSuccess = state.lastSuccess;
            alert.overdueHours = static_cast<int>((s.overdueAfter() + 3599) / 3600);
            sendAlert(alert, s, streams);
            state.overdueAlerted = since;
            if (auto saved = store.saveState(s.name, state); !saved)
                streams.err << "tidemark: warning: " << saved.error().toString() << Qt::endl;
            alerted = true;
        }
        if (parser.isSet(json))
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("check")},
                                  {QStringLiteral("name"), s.name},
                                  {QStringLiteral("overdue"), overdue},
                                  {QStringLiteral("alerted"), alerted},
                                  {QStringLiteral("lastSuccess"), isoText(state.lastSuccess)},
                                  {QStringLiteral("overdueAfterSeconds"), s.overdueAfter()}},
                      streams.out);
        else
            streams.out << s.name << ": "
                        << (overdue ? QStringLiteral("OVERDUE (no good backup since %1)")
                                          .arg(state.lastSuccess.isValid() ? localText(state.lastSuccess)
                                                                           : QStringLiteral("it was added"))
                                    : QStringLiteral("ok"))
                        << (alerted ? QStringLiteral(", alert sent") : QString()) << "\n";
        if (!s.metricsFile.isEmpty() && metricsWritten.insert(s.metricsFile).second)
            writeMetrics(s, store, streams);
    }
    streams.out << Qt::flush;
    int exitCode = 0;
    for (const Error &broken : listing.broken)
        exitCode = reportError(broken, parser.isSet(json), streams);
    return exitCode;
}

} // namespace

int ScheduleCommand::execute(const QStringList &args, CliStreams streams)
{
    const QString sub = args.value(1);
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("add"))
        return add(rest, streams);
    if (sub == QLatin1String("list"))
        return list(rest, streams);
    if (sub == QLatin1String("remove"))
        return remove(rest, streams);
    if (sub == QLatin1String("run"))
        return run(rest, streams);
    if (sub == QLatin1String("check"))
        return check(rest, streams);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h") || sub == QLatin1String("help")) {
        streams.out << kUsage << Qt::flush;
        return 0;
    }
    return usage(streams, sub.isEmpty() ? QStringLiteral("give a subcommand")
                                        : QStringLiteral("unknown subcommand '%1'").arg(sub));
}

} // namespace tidemark::cli
