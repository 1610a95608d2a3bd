#include "store/MetaStore.h"

#include "store/KeyEncoding.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace tidemark {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool parseObject(QByteArrayView bytes, QJsonObject *out)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.toByteArray(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *out = doc.object();
    return true;
}

} // namespace

const RetentionPolicyInfo *DatabaseInfo::policy(const QString &rp) const
{
    const QString &wanted = rp.isEmpty() ? defaultRetentionPolicy : rp;
    for (const RetentionPolicyInfo &p : retentionPolicies) {
        if (p.name == wanted)
            return &p;
    }
    return nullptr;
}

QJsonObject DatabaseInfo::toJson() const
{
    QJsonArray rps;
    for (const RetentionPolicyInfo &p : retentionPolicies) {
        rps.append(QJsonObject{{QStringLiteral("name"), p.name},
                               {QStringLiteral("duration"), p.durationNs},
                               {QStringLiteral("shardGroupDuration"), p.shardGroupDurationNs},
                               {QStringLiteral("replicaN"), p.replicaN}});
    }
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("defaultRetentionPolicy"), defaultRetentionPolicy},
                       {QStringLiteral("retentionPolicies"), rps}};
}

bool DatabaseInfo::fromJson(const QJsonObject &json, DatabaseInfo *out)
{
    out->name = json.value(QStringLiteral("name")).toString();
    out->defaultRetentionPolicy = json.value(QStringLiteral("defaultRetentionPolicy")).toString();
    out->retentionPolicies.clear();
    for (const QJsonValue &v : json.value(QStringLiteral("retentionPolicies")).toArray()) {
        const QJsonObject o = v.toObject();
        RetentionPolicyInfo p;
        p.name = o.value(QStringLiteral("name")).toString();
        p.durationNs = o.value(QStringLiteral("duration")).toInteger();
        p.shardGroupDurationNs = o.value(QStringLiteral("shardGroupDuration")).toInteger();
        p.replicaN = o.value(QStringLiteral("replicaN")).toInt(1);
        if (p.name.isEmpty() || p.shardGroupDurationNs <= 0)
            return false;
        out->retentionPolicies.push_back(p);
    }
    return !out->name.isEmpty() && out->policy({}) != nullptr;
}

QJsonObject ShardGroup::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), static_cast<qint64>(id)},
                       {QStringLiteral("database"), database},
                       {QStringLiteral("retentionPolicy"), retentionPolicy},
                       {QStringLiteral("start"), startNs},
                       {QStringLiteral("end"), endNs}};
}

bool ShardGroup::fromJson(const QJsonObject &json, ShardGroup *out)
{
    out->id = static_cast<quint64>(json.value(QStringLiteral("id")).toInteger());
    out->database = json.value(QStringLiteral("database")).toString();
    out->retentionPolicy = json.value(QStringLiteral("retentionPolicy")).toString();
    out->startNs = json.value(QStringLiteral("start")).toInteger();
    out->endNs = json.value(QStringLiteral("end")).toInteger();
    return out->id > 0 && !out->database.isEmpty() && out->endNs > out->startNs;
}

Result<std::unique_ptr<MetaStore>> MetaStore::open(const QString &path, bool readOnly)
{
    std::unique_ptr<MetaStore> store(new MetaStore());
    auto env = LmdbEnv::open(path, {.readOnly = readOnly, .maxDbs = 8});
    if (!env)
        return env.error();
    store->m_env = env.takeValue();
    if (!readOnly) {
        // Create the tables of a new store so read-only openers always find them.
        Status created = store->m_env->write([](LmdbTxn &txn) -> Status {
            for (const char *name : {"meta", "databases", "shardgroups"}) {
                if (auto dbi = txn.dbi(name, true); !dbi)
                    return dbi.error();
            }
            return {};
        });
        if (!created)
            return created.error();
    }
    if (Status s = store->load(); !s)
        return s.error();
    return store;
}

Result<std::unique_ptr<MetaStore>> MetaStore::openCopy(const QString &path)
{
    std::unique_ptr<MetaStore> store(new MetaStore());
    auto env = LmdbEnv::open(path, LmdbEnv::Options::closedCopy());
    if (!env)
        return env.error();
    store->m_env = env.takeValue();
    if (Status s = store->load(); !s)
        return s.error();
    return store;
}

Status MetaStore::load()
{
    auto txn = LmdbTxn::begin(*m_env, true);
    if (!txn)
        return txn.error();
    auto meta = txn->dbi("meta", false);
    auto databases = txn->dbi("databases", false);
    auto groups = txn->dbi("shardgroups", false);
    for (auto *r : {&meta, &databases, &groups}) {
        if (!*r)
            return r->error();
    }
    for (auto [key, out] : {std::pair{"index", &m_index}, {"node-id", &m_nodeId}, {"next-shard-id", &m_nextShardId}}) {
        auto value = txn->getU64(meta.value(), key);
        if (!value)
            return value.error();
        if (value.value())
            *out = *value.value();
    }
    bool bad = false;
    Status s = txn->forEach(databases.value(), [&](QByteArrayView, QByteArrayView value) {
        QJsonObject o;
        DatabaseInfo info;
        if (!parseObject(value, &o) || !DatabaseInfo::fromJson(o, &info))
            return !(bad = true);
        m_databases[info.name] = info;
        return true;
    });
    if (s)
        s = txn->forEach(groups.value(), [&](QByteArrayView, QByteArrayView value) {
            QJsonObject o;
            ShardGroup group;
            if (!parseObject(value, &o) || !ShardGroup::fromJson(o, &group))
                return !(bad = true);
            m_groups[group.id] = group;
            m_nextShardId = std::max(m_nextShardId, group.id + 1);
            return true;
        });
    if (!s)
        return s;
    if (bad)
        return makeError(ErrorCode::State, tr("Meta store '%1' holds a record that is not valid JSON").arg(path()),
                         tr("The file is damaged; restore the node from a backup."));
    return {};
}

const DatabaseInfo *MetaStore::database(const QString &name) const
{
    const auto it = m_databases.find(name);
    return it == m_databases.end() ? nullptr : &it->second;
}

const ShardGroup *MetaStore::findGroup(const QString &database, const QString &rp, qint64 timeNs) const
{
    // Few groups per node: a linear scan is fast enough and keeps the cache a plain map.
    for (const auto &[id, group] : m_groups) {
        if (group.database == database && group.retentionPolicy == rp && group.startNs <= timeNs &&
            timeNs < group.endNs)
            return &group;
    }
    return nullptr;
}

Status MetaStore::apply(quint64 index, Change &change)
{
    quint64 nextId = m_nextShardId;
    for (ShardGroup &group : change.createGroups)
        group.id = nextId++;
    std::vector<quint64> droppedGroups = change.dropGroups;
    for (const auto &[id, group] : m_groups) {
        if (std::find(change.dropDatabases.begin(), change.dropDatabases.end(), group.database) !=
            change.dropDatabases.end())
            droppedGroups.push_back(id);
    }

    Status status = m_env->write([&](LmdbTxn &txn) -> Status {
        auto meta = txn.dbi("meta", true);
        auto databases = txn.dbi("databases", true);
        auto groups = txn.dbi("shardgroups", true);
        for (auto *r : {&meta, &databases, &groups}) {
            if (!*r)
                return r->error();
        }
        for (const QString &name : change.dropDatabases) {
            if (Status s = txn.remove(databases.value(), name.toUtf8()); !s)
                return s;
        }
        for (quint64 id : droppedGroups) {
            if (Status s = txn.remove(groups.value(), keys::encodeU64(id)); !s)
                return s;
        }
        for (const DatabaseInfo &db : change.createDatabases) {
            if (Status s = txn.put(databases.value(), db.name.toUtf8(), compact(db.toJson())); !s)
                return s;
        }
        for (const ShardGroup &group : change.createGroups) {
            if (Status s = txn.put(groups.value(), keys::encodeU64(group.id), compact(group.toJson())); !s)
                return s;
        }
        if (Status s = txn.put(meta.value(), "next-shard-id", keys::encodeU64(nextId)); !s)
            return s;
        if (Status s = txn.put(meta.value(), "node-id", keys::encodeU64(m_nodeId)); !s)
            return s;
        return txn.put(meta.value(), "index", keys::encodeU64(index));
    });
    if (!status)
        return status;

    // Committed: bring the cache in line.
    for (const QString &name : change.dropDatabases)
        m_databases.erase(name);
    for (quint64 id : droppedGroups)
        m_groups.erase(id);
    for (const DatabaseInfo &db : change.createDatabases)
        m_databases[db.name] = db;
    for (const ShardGroup &group : change.createGroups)
        m_groups[group.id] = group;
    m_nextShardId = nextId;
    m_index = index;
    return {};
}

} // namespace tidemark
