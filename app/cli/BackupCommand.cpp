#include "cli/BackupCommand.h"

#include "backup/BackupJob.h"
#include "cli/CommonOptions.h"
#include "common/SignalWatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <unistd.h>

namespace tidemark::cli {

namespace {

// Draws progress on a terminal (one line redrawn) or as JSON event lines, at most 5 times/s.
class ProgressPrinter {
public:
    ProgressPrinter(CliStreams streams, bool json)
        : m_streams(streams), m_json(json), m_tty(::isatty(STDERR_FILENO) == 1)
    {
        m_clock.start();
    }

    void update(qint64 done, qint64 total)
    {
        if (m_last.isValid() && m_last.elapsed() < 200 && done < total)
            return;
        m_last.start();
        const double seconds = std::max(0.001, static_cast<double>(m_clock.elapsed()) / 1000.0);
        const double rate = static_cast<double>(done) / seconds;
        const qint64 eta = rate > 0 ? static_cast<qint64>(static_cast<double>(total - done) / rate) : -1;
        if (m_json) {
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("progress")},
                                  {QStringLiteral("done"), done},
                                  {QStringLiteral("total"), total},
                                  {QStringLiteral("bytesPerSecond"), static_cast<qint64>(rate)},
                                  {QStringLiteral("etaSeconds"), eta}},
                      m_streams.out);
            return;
        }
        if (!m_tty)
            return;
        const int width = 30;
        const int filled = total > 0 ? static_cast<int>(width * done / total) : 0;
        m_streams.err << "\r[" << QString(filled, QLatin1Char('#')) << QString(width - filled, QLatin1Char('.')) << "] "
                      << formatBytes(done) << " / " << formatBytes(total) << "  "
                      << formatBytes(static_cast<qint64>(rate)) << "/s  ETA "
                      << (eta >= 0 ? QString::number(eta) + QStringLiteral(" s") : QStringLiteral("?")) << "   "
                      << Qt::flush;
        m_drawn = true;
    }

    void stage(const QString &text)
    {
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("stage")}, {QStringLiteral("stage"), text}},
                      m_streams.out);
        else if (m_tty)
            m_streams.err << (m_drawn ? "\n" : "") << "tidemark: " << text << Qt::endl;
        m_drawn = false;
    }

    // One line per retry on stderr, whatever the mode, and an event with --json.
    void retry(int attempt, int attempts, const QString &error, int waitMs)
    {
        const double seconds = static_cast<double>(waitMs) / 1000.0;
        m_streams.err << (m_drawn ? "\n" : "") << "tidemark: attempt " << attempt << " of " << attempts
                      << " failed: " << error << "; retrying in " << seconds << " s" << Qt::endl;
        m_drawn = false;
        if (m_json)
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("retry")},
                                  {QStringLiteral("attempt"), attempt},
                                  {QStringLiteral("attempts"), attempts},
                                  {QStringLiteral("error"), error},
                                  {QStringLiteral("waitSeconds"), seconds}},
                      m_streams.out);
    }

    void end()
    {
        if (m_drawn)
            m_streams.err << Qt::endl;
    }

private:
    CliStreams m_streams;
    bool m_json;
    bool m_tty;
    bool m_drawn = false;
    QElapsedTimer m_clock;
    QElapsedTimer m_last;
};

} // namespace

int BackupCommand::execute(const QStringList &args, CliStreams streams)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        summary() +
        QStringLiteral("\nRun again with the same PATH for an incremental; a new PATH starts a new chain."));
    CommonOptions common(parser, true);
    const QCommandLineOption compress(QStringLiteral("compress"),
                                      QStringLiteral("Compress the archive: zstd or none (default)."),
                                      QStringLiteral("ALGORITHM"), QStringLiteral("none"));
    const QCommandLineOption database(
        QStringLiteral("database"),
        QStringLiteral("InfluxDB 1.x: back up this database only (repeat for more; default all)."),
        QStringLiteral("NAME"));
    const QCommandLineOption retries(
        QStringLiteral("retries"),
        QStringLiteral("Try again up to N times when the connection fails (refused, lost, timed out); "
                       "other errors are never retried (default 0)."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption retryWait(
        QStringLiteral("retry-wait"),
        QStringLiteral("Seconds before the first retry, doubled for each next one, at most 30 (default 1)."),
        QStringLiteral("SECONDS"), QStringLiteral("1"));
    parser.addOptions({compress, database, retries, retryWait});
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("The backup chain's full snapshot file."));
    int exitCode = 0;
    if (!common.parse(args, streams, &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1) {
        streams.err << "backup: give exactly one PATH\n\n" << parser.helpText() << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    const QString algorithm = parser.value(compress);
    if (algorithm != QLatin1String("zstd") && algorithm != QLatin1String("none")) {
        streams.err << "backup: --compress takes zstd or none\n" << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }

    if (parser.isSet(database) && common.kind() != Manifest::Kind::InfluxDb1) {
        streams.err << "backup: --database needs --kind influxdb1 (a Tidemark node is always backed up whole)\n"
                    << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    bool retriesOk = false;
    const int retryCount = parser.value(retries).toInt(&retriesOk);
    if (!retriesOk || retryCount < 0 || retryCount > 100) {
        streams.err << "backup: --retries takes a whole number from 0 to 100\n" << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    bool waitOk = false;
    const double waitSeconds = parser.value(retryWait).toDouble(&waitOk);
    if (!waitOk || waitSeconds < 0 || waitSeconds > BackupJob::kMaxRetryWaitMs / 1000) {
        streams.err << "backup: --retry-wait takes seconds from 0 to " << BackupJob::kMaxRetryWaitMs / 1000 << "\n"
                    << Qt::flush;
        return static_cast<int>(ErrorCode::Usage);
    }
    BackupJob job({common.host(), parser.positionalArguments().first(), common.token(),
                   algorithm == QLatin1String("zstd"), common.timeoutMs(), common.kind(), parser.values(database),
                   retryCount, static_cast<int>(waitSeconds * 1000.0), common.tls()});
    ProgressPrinter printer(streams, common.json());
    QEventLoop loop;
    BackupResult result;
    QObject::connect(&job, &BackupJob::stageChanged, &loop, [&](const QString &s) { printer.stage(s); });
    QObject::connect(&job, &BackupJob::progressChanged, &loop,
                     [&](qint64 done, qint64 total) { printer.update(done, total); });
    QObject::connect(&job, &BackupJob::retrying, &loop,
                     [&](int attempt, int attempts, const QString &error, int waitMs) {
                         printer.retry(attempt, attempts, error, waitMs);
                     });
    QObject::connect(&job, &BackupJob::finished, &loop, [&](const BackupResult &r) {
        result = r;
        loop.quit();
    });
    SignalWatcher interrupt;
    QObject::connect(&interrupt, &SignalWatcher::terminationRequested, &loop, [&](int) { job.cancel(); });
    job.start();
    loop.exec();
    printer.end();

    if (!result.ok())
        return reportError(result.error, common.json(), streams);
    const QString path = parser.positionalArguments().first();
    if (result.nothingChanged) {
        if (common.json())
            printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                                  {QStringLiteral("nothingChanged"), true}},
                      streams.out);
        else
            streams.out << "Nothing changed since the last backup in the chain '" << path << "': no new file written."
                        << Qt::endl;
        return 0;
    }
    if (common.json()) {
        printJson(QJsonObject{{QStringLiteral("event"), QStringLiteral("done")},
                              {QStringLiteral("path"), result.path},
                              {QStringLiteral("incremental"), result.incremental},
                              {QStringLiteral("files"), static_cast<int>(result.manifest.files.size())},
                              {QStringLiteral("bytes"), result.archiveBytes},
                              {QStringLiteral("index"), static_cast<qint64>(result.manifest.index)},
                              {QStringLiteral("seconds"), static_cast<double>(result.seconds10) / 10.0}},
                  streams.out);
        return 0;
    }
    streams.out << (result.incremental ? "Incremental" : "Full") << " backup written to " << result.path << ": "
                << result.manifest.files.size() << " files, " << formatBytes(result.archiveBytes) << ", index "
                << result.manifest.index << ", " << static_cast<double>(result.seconds10) / 10.0 << " s" << Qt::endl;
    return 0;
}

} // namespace tidemark::cli
