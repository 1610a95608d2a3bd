#pragma once

#include "cli/Command.h"
#include "common/Error.h"

namespace tidemark {
class Job;
}

namespace tidemark::cli {

/// Runs any core Job for a command: in an event loop, with SIGINT/SIGTERM cancelling it (the job
/// then finishes with ErrorCode::Cancelled, exit code 13), and its stages, progress and retries
/// shown on the terminal (one redrawn line with bytes, throughput from TransferRate and ETA) or
/// as `--json` event lines on stdout (`stage`, `progress` with `done`, `total`, `bytesPerSecond`,
/// `etaSeconds`, `retry` with `attempt`, `attempts`, `error`, `waitSeconds`). Retries are always
/// reported on stderr. No command wires a job's signals by hand.
class JobRunner {
public:
    JobRunner(CliStreams streams, bool json) : m_streams(streams), m_json(json) {}

    /// Starts `job`, waits for it in an event loop and returns its error (code Ok on success).
    [[nodiscard]] Error run(Job &job);
    /// With `--json`, whether stage and progress events are printed (restore prints only its
    /// plan and the outcome, as before jobs had a runner).
    void setJsonEvents(bool on) { m_jsonEvents = on; }
    /// Whether the job goes into the job history (JobHistory). A job that changes nothing and
    /// only shows something (`ls`) stays out of it, as `info` and `list` do.
    void setRecordInHistory(bool on) { m_recordInHistory = on; }

private:
    CliStreams m_streams;
    bool m_json;
    bool m_jsonEvents = true;
    bool m_recordInHistory = true;
};

} // namespace tidemark::cli
