#include "cli/JobRunner.h"

#include "backup/TransferRate.h"
#include "cli/CommonOptions.h"
#include "common/Job.h"
#include "common/SignalWatcher.h"
#include "history/JobHistory.h"

#include <QElapsedTimer>
#include <QEventLoop>

#include <unistd.h>

namespace tidemark::cli {

namespace {

// Draws progress on a terminal (one line redrawn) or as JSON event lines, at most 5 times/s.
class ProgressPrinter {
public:
    ProgressPrinter(CliStreams streams, bool json, bool jsonEvents)
        : m_streams(streams), m_json(json), m_jsonEvents(jsonEvents), m_tty(::isatty(STDERR_FILENO) == 1)
    {
        m_clock.start();
    }

    void update(qint64 done, qint64 total)
    {
        m_rate.add(m_clock.elapsed(), done, total);
        if (m_last.isValid() && m_last.elapsed() < 200 && done < total)
            return;
        m_last.start();
        const double rate = m_rate.bytesPerSecond();
        const qint64 eta = m_rate.etaSeconds();
        if (m_json) {
            if (!m_jsonEvents)
                return;
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
        const int filled = total > 0 ? static_cast<int>(width * std::clamp<qint64>(done, 0, total) / total) : 0;
        m_streams.err << "\r[" << QString(filled, QLatin1Char('#')) << QString(width - filled, QLatin1Char('.')) << "] "
                      << formatBytes(done) << " / " << formatBytes(total) << "  "
                      << formatBytes(static_cast<qint64>(rate)) << "/s  ETA "
                      << (eta >= 0 ? QString::number(eta) + QStringLiteral(" s") : QStringLiteral("?")) << "   "
                      << Qt::flush;
        m_drawn = true;
    }

    void stage(const QString &text)
    {
        if (m_json) {
            if (m_jsonEvents)
                printJson(
                    QJsonObject{{QStringLiteral("event"), QStringLiteral("stage")}, {QStringLiteral("stage"), text}},
                    m_streams.out);
            return;
        }
        if (!m_tty)
            return;
        // A stage a second at most gets a line of its own (a restore has one per file): the
        // others show at the end of the progress line.
        if (m_lastStage.isValid() && m_lastStage.elapsed() < 1000 && m_drawn) {
            m_quietStage = text;
            return;
        }
        m_lastStage.start();
        m_quietStage.clear();
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
        m_drawn = false;
    }

private:
    CliStreams m_streams;
    bool m_json;
    bool m_jsonEvents;
    bool m_tty;
    bool m_drawn = false;
    TransferRate m_rate;
    QElapsedTimer m_clock;
    QElapsedTimer m_last;
    QElapsedTimer m_lastStage;
    QString m_quietStage; ///< A stage shown in the progress line instead of on a line of its own.
};

} // namespace

Error JobRunner::run(Job &job)
{
    ProgressPrinter printer(m_streams, m_json, m_jsonEvents);
    QEventLoop loop;
    Error result{ErrorCode::Ok, {}, {}};
    QObject::connect(&job, &Job::stageChanged, &loop, [&](const QString &s) { printer.stage(s); });
    QObject::connect(&job, &Job::progressChanged, &loop,
                     [&](qint64 done, qint64 total) { printer.update(done, total); });
    QObject::connect(&job, &Job::retrying, &loop, [&](int attempt, int attempts, const QString &error, int waitMs) {
        printer.retry(attempt, attempts, error, waitMs);
    });
    QObject::connect(&job, &Job::finished, &loop, [&](const Error &error) {
        result = error;
        loop.quit();
    });
    SignalWatcher interrupt;
    QObject::connect(&interrupt, &SignalWatcher::terminationRequested, &loop, [&](int) { job.cancel(); });
    const QDateTime started = QDateTime::currentDateTimeUtc();
    if (!job.start())
        return makeError(ErrorCode::Busy, QStringLiteral("The job is already running"));
    loop.exec();
    printer.end();
    if (!m_recordInHistory)
        return result;
    // Every job goes into the history (a timer's runs say so in TIDEMARK_HISTORY_ORIGIN); a
    // history that cannot be written never fails the job.
    const QString origin = qEnvironmentVariable("TIDEMARK_HISTORY_ORIGIN", QStringLiteral("cli"));
    if (Status s = JobHistory::record(HistoryEntry::of(job, result, started, origin)); !s)
        m_streams.err << "tidemark: warning: the job was not recorded in the history: " << s.error().message
                      << Qt::endl;
    return result;
}

} // namespace tidemark::cli
