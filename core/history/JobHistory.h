#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace tidemark {

class Job;

/// One finished job as the history keeps it.
struct HistoryEntry {
    qint64 id = 0;      ///< Given by the database.
    QDateTime started;  ///< UTC.
    QDateTime finished; ///< UTC.
    QString job;        ///< `backup`, `verify`, `restore`, `restore-check`, `copy`, `consolidate`, `prune`.
    QString node; ///< A backup's: the snapshot service asked (host:port); others: the URL its snapshots name, or empty.
    QString chain;    ///< The chain (or location) it worked on.
    QString link;     ///< The link it wrote, when it wrote one.
    qint64 bytes = 0; ///< Bytes written (a backup's link, a copy, a synthetic full), freed (prune) or read.
    int code = 0;     ///< ErrorCode: 0 for success.
    QString message;  ///< The error's message, or what it did.
    QString origin;   ///< `cli`, `gui`, `timer` (TIDEMARK_HISTORY_ORIGIN), … .

    [[nodiscard]] double seconds() const { return static_cast<double>(started.msecsTo(finished)) / 1000.0; }
    [[nodiscard]] QJsonObject toJson() const;
    /// What `job` (finished with `error`, started at `started`) did, read from its result.
    [[nodiscard]] static HistoryEntry of(const Job &job, const Error &error, const QDateTime &started,
                                         const QString &origin);
};

/// The history of every job, from the CLI, the GUI or a timer: an SQLite database (Qt SQL's
/// QSQLITE driver) at `TIDEMARK_HISTORY`, else `history.sqlite` in the user's data directory
/// (`$XDG_DATA_HOME/tidemark/`, by default `~/.local/share/tidemark/`); `TIDEMARK_HISTORY=off`
/// records nothing.
///
/// Safe with several writers at once (processes or threads): each call opens its own connection,
/// the database is in WAL mode with a busy timeout, and a row is one transaction, so a process
/// killed mid-write leaves the rows committed before it and nothing half-written. Recording never
/// fails a job: callers report a failure as a warning.
class JobHistory {
    Q_DECLARE_TR_FUNCTIONS(JobHistory)

public:
    [[nodiscard]] static QString defaultPath();
    /// Adds `entry` (its id is ignored).
    [[nodiscard]] static Status record(const HistoryEntry &entry, const QString &path = defaultPath());

    struct Filter {
        QString node;  ///< Only entries whose node contains this (empty: all).
        QString chain; ///< Only entries whose chain contains this (empty: all).
        int limit = 0; ///< The newest N (0: all).
    };
    /// The entries, oldest first. A database that does not exist yet is an empty history.
    [[nodiscard]] static Result<std::vector<HistoryEntry>> read(const Filter &filter,
                                                                const QString &path = defaultPath());
};

} // namespace tidemark
