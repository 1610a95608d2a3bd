#include "node/DataNode.h"

#include "common/Log.h"
#include "store/KeyEncoding.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

#include <algorithm>

#include <csignal>

#include <fcntl.h>
#include <unistd.h>

namespace tidemark {

namespace {

qint64 floorTo(qint64 t, qint64 step)
{
    const qint64 q = t / step;
    return (t % step < 0 ? q - 1 : q) * step;
}

} // namespace

DataNode::~DataNode() = default;

QString DataNode::shardPath(const QString &dataDir, quint64 id)
{
    return dataDir + QStringLiteral("/shards/") + QString::number(id);
}

Status DataNode::lockDirectory(const QString &dir, std::unique_ptr<QLockFile> *lock)
{
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, tr("Cannot create directory '%1'").arg(dir),
                         tr("Check that the parent directory exists and is writable by this user."));
    auto file = std::make_unique<QLockFile>(dir + QStringLiteral("/tidemarkd.lock"));
    file->setStaleLockTime(0); // A lock whose process is gone is stale, however young.
    if (file->tryLock(0)) {
        *lock = std::move(file);
        return {};
    }
    if (file->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString app;
        file->getLockInfo(&pid, &host, &app);
        return makeError(ErrorCode::Busy,
                         tr("Directory '%1' is in use by another tidemarkd (pid %2 on %3)").arg(dir).arg(pid).arg(host),
                         tr("Stop that process first, or give this node its own directories."));
    }
    return makeError(ErrorCode::Io, tr("Cannot create lock file in '%1'").arg(dir),
                     tr("Check that the directory is writable by this user."));
}

Result<std::unique_ptr<DataNode>> DataNode::open(const NodeConfig &config)
{
    std::unique_ptr<DataNode> node(new DataNode());
    node->m_config = config;
    if (Status s = node->lockDirectory(config.dataDir, &node->m_dataLock); !s)
        return s.error();
    if (Status s = node->lockDirectory(config.brokerDir, &node->m_brokerLock); !s)
        return s.error();
    if (!QDir().mkpath(config.dataDir + QStringLiteral("/shards")))
        return makeError(ErrorCode::Io, tr("Cannot create directory '%1/shards'").arg(config.dataDir));

    auto broker = BrokerStore::open(config.brokerDir, QStringLiteral("http://") + config.httpBind.toString());
    if (!broker)
        return broker.error();
    node->m_broker = broker.takeValue();
    auto meta = MetaStore::open(config.dataDir + QStringLiteral("/meta"), false);
    if (!meta)
        return meta.error();
    node->m_meta = meta.takeValue();

    // The broker hands out every index, so data ahead of it means the broker is from an older
    // state (e.g. a data dir restored without regenerating the broker). Writing on would reuse
    // indexes and break incremental backups.
    quint64 dataIndex = node->m_meta->index();
    QString newest = node->m_meta->path();
    for (const auto &[id, group] : node->m_meta->shardGroups()) {
        auto shard = node->shard(id);
        if (!shard)
            return shard.error();
        if (shard.value()->index() > dataIndex) {
            dataIndex = shard.value()->index();
            newest = shard.value()->path();
        }
    }
    if (node->m_broker->index() < dataIndex)
        return makeError(ErrorCode::State,
                         tr("The broker index %1 in '%2' is lower than the data index %3 in '%4'")
                             .arg(node->m_broker->index())
                             .arg(config.brokerDir)
                             .arg(dataIndex)
                             .arg(newest),
                         tr("The broker does not belong to this data. Regenerate it with "
                            "'tidemark-cli restore', or point [broker] dir at the matching broker."));
    if (Status s = node->removeOrphanShards(); !s)
        return s.error();
    // Versions before the streamed snapshots staged copies here; one that stopped mid-snapshot
    // left them behind.
    if (QDir staging(config.dataDir + QStringLiteral("/.staging")); staging.exists() && !staging.removeRecursively())
        return makeError(ErrorCode::Io, tr("Cannot remove old snapshot staging '%1'").arg(staging.path()));
    // An import killed before its commit left its received files here; they never became visible.
    if (QDir staging(node->importStagingDir()); staging.exists()) {
        qCInfo(lcNode) << "removing the staging of an import that did not finish:" << staging.path();
        if (!staging.removeRecursively())
            return makeError(ErrorCode::Io, tr("Cannot remove old import staging '%1'").arg(staging.path()));
    }
    return node;
}

QString DataNode::importStagingDir() const
{
    return m_config.dataDir + QStringLiteral("/.import");
}

DataNode::ImportConflicts DataNode::importConflicts(const QString &database,
                                                    const std::vector<ImportShard> &shards) const
{
    std::lock_guard lock(m_mutex);
    ImportConflicts conflicts;
    conflicts.databaseExists = m_meta->database(database) != nullptr;
    for (const auto &[id, group] : m_meta->shardGroups()) {
        if (group.database != database)
            continue;
        for (const ImportShard &shard : shards) {
            if (group.retentionPolicy == shard.retentionPolicy && group.startNs < shard.endNs &&
                shard.startNs < group.endNs) {
                conflicts.overlapping.push_back(group);
                break;
            }
        }
    }
    return conflicts;
}

namespace {

// The test hook of the import: `TIDEMARK_IMPORT_STOP_AT=moved` kills the node (SIGKILL) after the
// shard files were moved in and before the meta store commit, the worst moment for a crash.
void importStopAt(const char *step)
{
    if (qgetenv("TIDEMARK_IMPORT_STOP_AT") == step)
        ::raise(SIGKILL);
}

QString rangeText(const ShardGroup &group)
{
    return QStringLiteral("%1 %2 [%3, %4)")
        .arg(group.retentionPolicy)
        .arg(group.id)
        .arg(QDateTime::fromMSecsSinceEpoch(group.startNs / 1000000, Qt::UTC).toString(Qt::ISODate),
             QDateTime::fromMSecsSinceEpoch(group.endNs / 1000000, Qt::UTC).toString(Qt::ISODate));
}

} // namespace

Result<DataNode::ImportOutcome> DataNode::importDatabase(const Import &import)
{
    std::lock_guard lock(m_mutex);
    QElapsedTimer held; // How long writers wait for the commit.
    held.start();
    const QString &name = import.database.name;
    if (name.isEmpty() || import.database.policy({}) == nullptr)
        return makeError(ErrorCode::Protocol, tr("An import needs a database name and its default retention policy"));
    const DatabaseInfo *existing = m_meta->database(name);
    ImportOutcome outcome;
    outcome.shardIds.assign(import.shards.size(), 0);
    outcome.createdDatabase = existing == nullptr;

    // Which of the node's groups each imported shard meets (same policy, overlapping time).
    std::vector<std::vector<quint64>> meets(import.shards.size());
    QStringList met;
    for (const auto &[id, group] : m_meta->shardGroups()) {
        if (group.database != name)
            continue;
        for (size_t i = 0; i < import.shards.size(); ++i) {
            const ImportShard &shard = import.shards[i];
            if (group.retentionPolicy == shard.retentionPolicy && group.startNs < shard.endNs &&
                shard.startNs < group.endNs) {
                meets[i].push_back(id);
                met << rangeText(group);
            }
        }
    }
    met.removeDuplicates();
    if (existing && import.onConflict == Import::OnConflict::Fail)
        return makeError(ErrorCode::Conflict,
                         met.isEmpty() ? tr("Database \"%1\" exists on this node").arg(name)
                                       : tr("Database \"%1\" exists on this node, with shards of the same time "
                                            "ranges: %2")
                                             .arg(name, met.join(QStringLiteral(", "))),
                         tr("Restore under another name with --as NEWNAME, or choose --on-conflict skip (keep the "
                            "node's shards) or --on-conflict replace (the chain's replace them)."));

    MetaStore::Change change;
    DatabaseInfo info = existing ? *existing : import.database;
    if (existing) {
        bool added = false;
        for (const RetentionPolicyInfo &rp : import.database.retentionPolicies) {
            if (!info.policy(rp.name)) {
                info.retentionPolicies.push_back(rp);
                added = true;
            }
        }
        if (added)
            change.createDatabases.push_back(info);
    } else {
        change.createDatabases.push_back(info);
    }
    std::vector<size_t> taken; // Indexes into import.shards, in the order of change.createGroups.
    for (size_t i = 0; i < import.shards.size(); ++i) {
        const ImportShard &shard = import.shards[i];
        if (!info.policy(shard.retentionPolicy))
            return makeError(ErrorCode::Protocol,
                             tr("The import names retention policy \"%1\", which database \"%2\" does not have")
                                 .arg(shard.retentionPolicy, name));
        if (!meets[i].empty() && import.onConflict == Import::OnConflict::Skip)
            continue;
        if (!meets[i].empty())
            change.dropGroups.insert(change.dropGroups.end(), meets[i].begin(), meets[i].end());
        ShardGroup group;
        group.database = name;
        group.retentionPolicy = shard.retentionPolicy;
        group.startNs = shard.startNs;
        group.endNs = shard.endNs;
        change.createGroups.push_back(group);
        taken.push_back(i);
    }
    std::sort(change.dropGroups.begin(), change.dropGroups.end());
    change.dropGroups.erase(std::unique(change.dropGroups.begin(), change.dropGroups.end()), change.dropGroups.end());
    if (change.createDatabases.empty() && change.createGroups.empty())
        return outcome; // Everything skipped: nothing changes.

    auto index = m_broker->nextIndex();
    if (!index)
        return index.error();
    outcome.index = index.value();
    // Each shard records this node's index: later incremental backups compare by index.
    for (size_t i : taken) {
        if (Status s = ShardStore::stampIndex(import.shards[i].stagedPath, index.value()); !s)
            return s.error();
    }
    // Move the files in under the ids the meta store hands out next. Until the commit below no
    // group refers to them: a crash leaves orphans that open() removes.
    std::vector<QString> moved;
    const auto removeMoved = [&moved] {
        for (const QString &path : moved) {
            QFile::remove(path);
            QFile::remove(path + QStringLiteral("-lock"));
        }
    };
    quint64 nextId = m_meta->nextShardId();
    for (size_t k = 0; k < taken.size(); ++k) {
        const QString target = shardPath(m_config.dataDir, nextId + k);
        QFile::remove(target); // An orphan of an earlier import that died (no group refers to it).
        QFile::remove(target + QStringLiteral("-lock"));
        if (!QFile::rename(import.shards[taken[k]].stagedPath, target)) {
            removeMoved();
            return makeError(ErrorCode::Io,
                             tr("Cannot move '%1' to '%2'").arg(import.shards[taken[k]].stagedPath, target));
        }
        moved.push_back(target);
    }
    // The renames must be durable before the meta store refers to them: a power loss after the
    // commit must not leave groups whose files never reached the disk.
    const int dir = ::open(QFile::encodeName(m_config.dataDir + QStringLiteral("/shards")).constData(),
                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool synced = dir >= 0 && ::fsync(dir) == 0;
    if (dir >= 0)
        ::close(dir);
    if (!synced) {
        removeMoved();
        return makeError(ErrorCode::Io, tr("Cannot sync '%1/shards'").arg(m_config.dataDir));
    }
    importStopAt("moved");
    if (Status s = m_meta->apply(index.value(), change); !s) {
        removeMoved();
        return s.error();
    }
    // Committed: the import is visible.
    for (size_t k = 0; k < taken.size(); ++k) {
        const quint64 id = change.createGroups[k].id;
        outcome.shardIds[taken[k]] = id;
        if (id != nextId + k)
            qCWarning(lcNode) << "import: shard file moved to id" << nextId + k << "but its group got" << id;
        if (auto opened = shard(id); !opened)
            qCWarning(lcNode) << "import: cannot open the imported shard" << id << ":" << opened.error().message;
    }
    for (quint64 id : change.dropGroups) {
        m_shards.erase(id);
        const QString path = shardPath(m_config.dataDir, id);
        for (const QString &file : QStringList{path, path + QStringLiteral("-lock")}) {
            if (QFile::exists(file) && !QFile::remove(file))
                qCWarning(lcNode) << "import: cannot remove the replaced shard file" << file
                                  << "; it is removed at the next start";
        }
        outcome.replaced.push_back(id);
    }
    qCInfo(lcNode).noquote() << QStringLiteral("imported %1 shards into database \"%2\" at index %3%4; the node's lock "
                                               "was held %5 ms")
                                    .arg(taken.size())
                                    .arg(name)
                                    .arg(index.value())
                                    .arg(outcome.replaced.empty()
                                             ? QString()
                                             : QStringLiteral(", replacing %1 shards").arg(outcome.replaced.size()))
                                    .arg(held.elapsed());
    return outcome;
}

Status DataNode::removeOrphanShards()
{
    // A crash between dropping a database in the meta store and deleting its files, or an import
    // killed after moving its files in and before its commit, leaves shard files no group refers
    // to; remove them now.
    const QDir shards(m_config.dataDir + QStringLiteral("/shards"));
    for (const QString &name : shards.entryList(QDir::Files)) {
        const QString base = name.endsWith(QLatin1String("-lock")) ? name.chopped(5) : name;
        bool isNumber = false;
        const quint64 id = base.toULongLong(&isNumber);
        if (!isNumber || m_meta->shardGroups().count(id))
            continue;
        qCInfo(lcNode) << "removing a shard file no group lists (a dropped database or an unfinished import):"
                       << shards.filePath(name);
        if (!QFile::remove(shards.filePath(name)))
            return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(shards.filePath(name)));
    }
    return {};
}

Result<ShardStore *> DataNode::shard(quint64 id)
{
    auto it = m_shards.find(id);
    if (it != m_shards.end())
        return it->second.get();
    auto opened = ShardStore::open(shardPath(m_config.dataDir, id), false);
    if (!opened)
        return opened.error();
    ShardStore *raw = opened.value().get();
    m_shards.emplace(id, std::shared_ptr<ShardStore>(opened.takeValue()));
    return raw;
}

quint64 DataNode::index() const
{
    std::lock_guard lock(m_mutex);
    return m_broker->index();
}

bool DataNode::hasDatabase(const QString &name) const
{
    std::lock_guard lock(m_mutex);
    return m_meta->database(name) != nullptr;
}

std::vector<DataNode::SnapshotSource> DataNode::sourcesLocked() const
{
    std::vector<SnapshotSource> sources;
    sources.push_back({QStringLiteral("meta"), m_meta->sharedEnv(), m_meta->index()});
    for (const auto &[id, store] : m_shards)
        sources.push_back({QStringLiteral("shards/") + QString::number(id), store->sharedEnv(), store->index()});
    std::sort(sources.begin() + 1, sources.end(),
              [](const SnapshotSource &a, const SnapshotSource &b) { return a.name < b.name; });
    return sources;
}

Result<DataNode::Snapshot>
DataNode::openSnapshot(const std::function<bool(const QString &name, quint64 index)> &wanted) const
{
    // Every write transaction runs under this mutex, so holding it the files are at one batch
    // boundary, and each view captures its file as of this moment.
    std::lock_guard lock(m_mutex);
    Snapshot snapshot;
    snapshot.index = m_broker->index();
    for (SnapshotSource &source : sourcesLocked()) {
        if (!wanted(source.name, source.index))
            continue;
        auto view = LmdbReadView::open(std::move(source.env));
        if (!view)
            return view.error();
        if (view.value()->recordedIndex() != source.index)
            qCWarning(lcNode) << "file" << view.value()->path() << "records index" << view.value()->recordedIndex()
                              << "but the node has" << source.index;
        snapshot.files.push_back({source.name, view.value()->recordedIndex(), view.takeValue()});
    }
    return snapshot;
}

DataNode::Summary DataNode::summary() const
{
    std::lock_guard lock(m_mutex);
    Summary summary;
    summary.nodeId = m_meta->nodeId();
    summary.index = m_broker->index();
    summary.databases = databaseNames();
    summary.bytes = QFileInfo(m_meta->path()).size();
    for (const auto &[id, group] : m_meta->shardGroups()) {
        const auto it = m_shards.find(id);
        const quint64 index = it == m_shards.end() ? 0 : it->second->index();
        const qint64 bytes = QFileInfo(shardPath(m_config.dataDir, id)).size();
        summary.shards.push_back({id, group.database, group.retentionPolicy, index, bytes, group.startNs, group.endNs});
        summary.bytes += bytes;
    }
    return summary;
}

QStringList DataNode::databaseNames() const
{
    std::lock_guard lock(m_mutex);
    QStringList names;
    for (const auto &[name, info] : m_meta->databases())
        names << name;
    return names;
}

Status DataNode::createDatabase(const QString &name)
{
    std::lock_guard lock(m_mutex);
    if (name.isEmpty())
        return makeError(ErrorCode::Usage, tr("A database name must not be empty"));
    if (m_meta->database(name))
        return {};
    DatabaseInfo info;
    info.name = name;
    info.defaultRetentionPolicy = QStringLiteral("autogen");
    info.retentionPolicies.push_back({QStringLiteral("autogen"), 0, m_config.shardGroupDurationNs, 1});
    auto index = m_broker->nextIndex();
    if (!index)
        return index.error();
    MetaStore::Change change;
    change.createDatabases.push_back(info);
    return m_meta->apply(index.value(), change);
}

Status DataNode::dropDatabase(const QString &name)
{
    std::lock_guard lock(m_mutex);
    if (!m_meta->database(name))
        return {};
    std::vector<quint64> shardIds;
    for (const auto &[id, group] : m_meta->shardGroups()) {
        if (group.database == name)
            shardIds.push_back(id);
    }
    auto index = m_broker->nextIndex();
    if (!index)
        return index.error();
    MetaStore::Change change;
    change.dropDatabases.push_back(name);
    if (Status s = m_meta->apply(index.value(), change); !s)
        return s;
    for (quint64 id : shardIds) {
        m_shards.erase(id); // Closes the environment (unless a snapshot still copies it).
        const QString path = shardPath(m_config.dataDir, id);
        for (const QString &file : QStringList{path, path + QStringLiteral("-lock")}) {
            if (QFile::exists(file) && !QFile::remove(file))
                return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(file));
        }
    }
    return {};
}

Result<DataNode::WriteSummary> DataNode::write(const QString &database, const QString &retentionPolicy,
                                               const std::vector<Point> &points)
{
    std::lock_guard lock(m_mutex);
    const DatabaseInfo *db = m_meta->database(database);
    if (!db)
        return makeError(ErrorCode::NotFound, tr("database not found: \"%1\"").arg(database),
                         tr("Create it first: CREATE DATABASE \"%1\"").arg(database));
    const RetentionPolicyInfo *rp = db->policy(retentionPolicy);
    if (!rp)
        return makeError(ErrorCode::NotFound, tr("retention policy not found: \"%1\"").arg(retentionPolicy));
    WriteSummary summary;
    if (points.empty())
        return summary;

    // Find the shard group of every point; new groups are created with this batch's index.
    MetaStore::Change change;
    std::vector<int> groupOf(points.size(), -1); // index into change.createGroups, or -1
    std::vector<quint64> existingOf(points.size(), 0);
    QHash<qint64, int> newGroupByStart;
    for (size_t i = 0; i < points.size(); ++i) {
        const qint64 t = points[i].time;
        if (const ShardGroup *group = m_meta->findGroup(db->name, rp->name, t)) {
            existingOf[i] = group->id;
            continue;
        }
        const qint64 start = floorTo(t, rp->shardGroupDurationNs);
        auto it = newGroupByStart.find(start);
        if (it == newGroupByStart.end()) {
            ShardGroup group;
            group.database = db->name;
            group.retentionPolicy = rp->name;
            group.startNs = start;
            qint64 end = 0;
            group.endNs = __builtin_add_overflow(start, rp->shardGroupDurationNs, &end) ? INT64_MAX : end;
            change.createGroups.push_back(group);
            it = newGroupByStart.insert(start, static_cast<int>(change.createGroups.size() - 1));
        }
        groupOf[i] = it.value();
    }

    auto index = m_broker->nextIndex();
    if (!index)
        return index.error();
    if (Status s = m_meta->apply(index.value(), change); !s)
        return s.error();

    std::map<quint64, std::vector<ShardStore::Entry>> entriesByShard;
    for (size_t i = 0; i < points.size(); ++i) {
        const Point &p = points[i];
        const quint64 id = groupOf[i] >= 0 ? change.createGroups[static_cast<size_t>(groupOf[i])].id : existingOf[i];
        entriesByShard[id].emplace_back(keys::pointKey(p.seriesKey(), p.time), keys::encodeFields(p.fields));
        summary.values += static_cast<qsizetype>(p.fields.size());
        ++summary.points;
    }
    for (auto &[id, entries] : entriesByShard) {
        auto store = shard(id);
        if (!store)
            return store.error();
        if (Status s = store.value()->write(index.value(), entries); !s)
            return s.error();
    }
    summary.index = index.value();
    return summary;
}

} // namespace tidemark
