#include "history/JobHistory.h"

#include "backup/BackupJob.h"
#include "backup/ConsolidateJob.h"
#include "backup/CopyJob.h"
#include "backup/VerifyJob.h"
#include "drill/DrillJob.h"
#include "restore/OnlineRestoreJob.h"
#include "restore/RestoreJob.h"
#include "retention/PruneJob.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>

namespace tidemark {

namespace {

/// One connection of its own for the life of a call (QSqlDatabase connections belong to a thread).
class Connection {
public:
    explicit Connection(const QString &path)
    {
        static QAtomicInteger<quint64> counter;
        m_name = QStringLiteral("tidemark-history-%1").arg(counter.fetchAndAddRelaxed(1));
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=15000"));
    }
    ~Connection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

Error sqlError(const QString &path, const QSqlError &error)
{
    return makeError(ErrorCode::Io, JobHistory::tr("Cannot use the job history '%1': %2").arg(path, error.text()),
                     JobHistory::tr("Check that its directory is writable, or set TIDEMARK_HISTORY to another file."));
}

/// Opens the database and makes its table (WAL: readers and writers of several processes).
Status prepare(Connection &c, const QString &path)
{
    if (!c.db().isValid())
        return makeError(ErrorCode::Failure, JobHistory::tr("Qt's SQLite driver (QSQLITE) is missing"),
                         JobHistory::tr("Install the Debian package libqt6sql6-sqlite."));
    if (!c.db().open())
        return sqlError(path, c.db().lastError());
    QSqlQuery q(c.db());
    for (const char *statement :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, started INTEGER NOT NULL, "
          "finished INTEGER NOT NULL, job TEXT NOT NULL, node TEXT NOT NULL, chain TEXT NOT NULL, link TEXT NOT NULL, "
          "bytes INTEGER NOT NULL, code INTEGER NOT NULL, message TEXT NOT NULL, origin TEXT NOT NULL)",
          "CREATE INDEX IF NOT EXISTS jobs_node ON jobs (node, started)"}) {
        if (!q.exec(QString::fromLatin1(statement)))
            return sqlError(path, q.lastError());
    }
    return {};
}

} // namespace

QJsonObject HistoryEntry::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("started"), started.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("finished"), finished.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("seconds"), seconds()},
                       {QStringLiteral("job"), job},
                       {QStringLiteral("node"), node},
                       {QStringLiteral("chain"), chain},
                       {QStringLiteral("link"), link},
                       {QStringLiteral("bytes"), bytes},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("origin"), origin}};
}

HistoryEntry HistoryEntry::of(const Job &job, const Error &error, const QDateTime &started, const QString &origin)
{
    HistoryEntry e;
    e.started = started.toUTC();
    e.finished = QDateTime::currentDateTimeUtc();
    e.code = static_cast<int>(error.code);
    e.message = error.message;
    e.origin = origin;
    if (const auto *backup = qobject_cast<const BackupJob *>(&job)) {
        const BackupResult &r = backup->result();
        e.job = QStringLiteral("backup");
        // The snapshot service it asked, as the operator named it: the same on success and failure, so a
        // node's jobs (history --node, the GUI's plots, the metrics) stay one series.
        e.node = backup->options().host.toString();
        e.chain = r.chain.isEmpty() ? backup->options().path : r.chain;
        e.link = r.path;
        e.bytes = r.archiveBytes;
        if (r.ok())
            e.message = r.nothingChanged ? QStringLiteral("nothing changed")
                                         : (r.incremental ? QStringLiteral("incremental") : QStringLiteral("full"));
    } else if (const auto *verify = qobject_cast<const VerifyJob *>(&job)) {
        e.job = QStringLiteral("verify");
        e.chain = verify->path();
        for (const auto &link : verify->result().links)
            e.bytes += link.bytes;
    } else if (const auto *drill = qobject_cast<const DrillJob *>(&job)) {
        e.job = QStringLiteral("drill");
        e.chain = drill->result().chain.isEmpty() ? drill->options().chain : drill->result().chain;
        e.bytes = drill->result().bytesRestored;
        if (drill->result().ok())
            e.message = QStringLiteral("%1 database(s), %2 shard(s) served")
                            .arg(drill->result().databases.size())
                            .arg(drill->result().shardCount());
    } else if (const auto *copy = qobject_cast<const CopyJob *>(&job)) {
        e.job = QStringLiteral("copy");
        e.chain = copy->options().source;
        e.link = copy->options().destination;
        e.bytes = copy->result().bytesCopied;
    } else if (const auto *consolidate = qobject_cast<const ConsolidateJob *>(&job)) {
        e.job = QStringLiteral("consolidate");
        e.chain = consolidate->options().source;
        e.link = consolidate->options().destination;
        e.node = consolidate->result().manifest.clusterUrl;
        e.bytes = consolidate->result().bytesWritten;
    } else if (const auto *prune = qobject_cast<const PruneJob *>(&job)) {
        const PruneResult &r = prune->result();
        e.job = QStringLiteral("prune");
        e.node = r.node;
        e.chain = r.location;
        e.bytes = r.bytesFreed;
        if (r.ok())
            e.message = QStringLiteral("%1 chain(s) removed (%2)").arg(r.removedCount).arg(r.policy.describe());
    } else if (const auto *restore = qobject_cast<const RestoreJob *>(&job)) {
        e.job = QStringLiteral("restore");
        e.chain = restore->plan().chainPath;
        e.link = restore->plan().configPath;
        e.bytes = restore->plan().bytesToWrite;
    } else if (const auto *online = qobject_cast<const OnlineRestoreJob *>(&job)) {
        // The online restore: the node it imports into, the database as the node calls it.
        e.job = online->imports() ? QStringLiteral("restore-online") : QStringLiteral("restore-online-check");
        e.node = online->options().settings.host.toString();
        e.chain = online->options().chain;
        e.link = online->options().request.targetDatabase();
        e.bytes = online->imports() ? online->plan().bytesToImport : 0;
    } else if (const auto *check = qobject_cast<const RestorePreflightJob *>(&job)) {
        e.job = QStringLiteral("restore-check");
        e.chain = check->options().chainPath;
        e.link = check->options().configPath;
    } else {
        e.job = QString::fromLatin1(job.metaObject()->className());
    }
    return e;
}

QString JobHistory::defaultPath()
{
    const QString set = qEnvironmentVariable("TIDEMARK_HISTORY");
    if (!set.isEmpty())
        return set;
    const QString home = qEnvironmentVariable("XDG_DATA_HOME").isEmpty()
                             ? QDir::homePath() + QStringLiteral("/.local/share")
                             : qEnvironmentVariable("XDG_DATA_HOME");
    return home + QStringLiteral("/tidemark/history.sqlite");
}

Status JobHistory::record(const HistoryEntry &entry, const QString &path)
{
    if (path.isEmpty() || path == QLatin1String("off"))
        return {};
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(ErrorCode::Io, tr("Cannot make the directory of the job history '%1'").arg(path),
                         tr("Check its permissions, or set TIDEMARK_HISTORY to another file."));
    Connection c(path);
    if (Status s = prepare(c, path); !s)
        return s;
    QSqlQuery q(c.db());
    q.prepare(
        QStringLiteral("INSERT INTO jobs (started, finished, job, node, chain, link, bytes, code, message, origin) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(entry.started.toMSecsSinceEpoch());
    q.addBindValue(entry.finished.toMSecsSinceEpoch());
    q.addBindValue(entry.job.isNull() ? QStringLiteral("") : entry.job);     // NULL is not text
    q.addBindValue(entry.node.isNull() ? QStringLiteral("") : entry.node);   // NULL is not text
    q.addBindValue(entry.chain.isNull() ? QStringLiteral("") : entry.chain); // NULL is not text
    q.addBindValue(entry.link.isNull() ? QStringLiteral("") : entry.link);   // NULL is not text
    q.addBindValue(entry.bytes);
    q.addBindValue(entry.code);
    q.addBindValue(entry.message.isNull() ? QStringLiteral("") : entry.message); // NULL is not text
    q.addBindValue(entry.origin.isNull() ? QStringLiteral("") : entry.origin);   // NULL is not text
    if (!q.exec())
        return sqlError(path, q.lastError());
    return {};
}

Result<std::vector<HistoryEntry>> JobHistory::read(const Filter &filter, const QString &path)
{
    std::vector<HistoryEntry> entries;
    if (!QFileInfo::exists(path))
        return entries;
    Connection c(path);
    if (Status s = prepare(c, path); !s)
        return s.error();
    QSqlQuery q(c.db());
    QString sql = QStringLiteral("SELECT id, started, finished, job, node, chain, link, bytes, code, message, origin "
                                 "FROM jobs WHERE instr(node, ?) > 0 AND instr(chain, ?) > 0 ORDER BY id DESC");
    if (filter.limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(filter.limit);
    q.prepare(sql);
    q.addBindValue(filter.node.isNull() ? QStringLiteral("") : filter.node);
    q.addBindValue(filter.chain.isNull() ? QStringLiteral("") : filter.chain);
    if (!q.exec())
        return sqlError(path, q.lastError());
    while (q.next()) {
        HistoryEntry e;
        e.id = q.value(0).toLongLong();
        e.started = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
        e.finished = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), QTimeZone::utc());
        e.job = q.value(3).toString();
        e.node = q.value(4).toString();
        e.chain = q.value(5).toString();
        e.link = q.value(6).toString();
        e.bytes = q.value(7).toLongLong();
        e.code = q.value(8).toInt();
        e.message = q.value(9).toString();
        e.origin = q.value(10).toString();
        entries.push_back(std::move(e));
    }
    std::reverse(entries.begin(), entries.end());
    return entries;
}

} // namespace tidemark
