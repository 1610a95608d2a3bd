#pragma once

#include "common/Error.h"
#include "history/JobHistory.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <vector>

namespace tidemark {

/// The job history as Prometheus metrics, in the text format node_exporter's textfile collector
/// reads (`--collector.textfile.directory`, files named `*.prom`). All gauges; timestamps in
/// seconds since the epoch (UTC); labels node="…", chain="…". The chain of a series
/// (`backup --max-links`) is the series' PATH whichever of its chains a job wrote, so a rolled-over
/// chain does not linger as a series whose last success grows old; the links are those of the
/// chain written.
///
/// Per (node, chain) of backup jobs:
/// - tidemark_backup_last_success_timestamp_seconds: when the newest good backup finished (0: never);
/// - tidemark_backup_last_attempt_timestamp_seconds: when the newest backup finished, good or not;
/// - tidemark_backup_last_attempt_success: 1 if that one succeeded, else 0;
/// - tidemark_backup_last_bytes, tidemark_backup_last_duration_seconds: of the newest good backup;
/// - tidemark_chain_links: the links the chain had after it (link PATH: 1, PATH.N: N + 2).
///
/// Per chain that was verified: tidemark_verify_last_success_timestamp_seconds (0: never) and
/// tidemark_verify_last_attempt_success (node: the node of the chain's backups, when known).
class MetricsFile {
    Q_DECLARE_TR_FUNCTIONS(MetricsFile)

public:
    /// Writes the metrics of the history at `historyPath` (JobHistory::read) to `path`, atomically
    /// (QSaveFile in the same directory, renamed over it), mode 0644: the collector never reads
    /// half a file.
    [[nodiscard]] static Status write(const QString &path, const QString &historyPath = JobHistory::defaultPath());
    /// The text alone (for tests and `--metrics-file -`).
    [[nodiscard]] static Result<QByteArray> render(const std::vector<HistoryEntry> &entries);
    /// `value` as a label value: \ " and newline escaped.
    [[nodiscard]] static QString escapeLabel(const QString &value);
};

} // namespace tidemark
