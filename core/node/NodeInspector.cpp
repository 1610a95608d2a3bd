#include "node/NodeInspector.h"

#include "node/DataNode.h"
#include "store/KeyEncoding.h"
#include "store/MetaStore.h"
#include "store/ShardStore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace tidemark {

namespace {

void addFramed(QCryptographicHash &hash, QByteArrayView bytes)
{
    const QByteArray length = keys::encodeU64(static_cast<quint64>(bytes.size()));
    hash.addData(length);
    hash.addData(bytes);
}

// Walks one shard: counts and a digest over every (key, value) in key order.
Status inspectShard(const QString &path, InspectReport::Shard *out)
{
    auto store = ShardStore::open(path, true);
    if (!store)
        return store.error();
    out->index = store.value()->index();
    out->bytes = QFileInfo(path).size();
    auto txn = LmdbTxn::begin(store.value()->env(), true);
    if (!txn)
        return txn.error();
    auto points = txn->dbi("points", false);
    if (!points)
        return points.error();

    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray currentSeries;
    QByteArray series;
    std::vector<Field> fields;
    bool malformed = false;
    Status walked = txn->forEach(points.value(), [&](QByteArrayView key, QByteArrayView value) {
        std::int64_t time = 0;
        if (!keys::splitPointKey(key, &series, &time) || !keys::decodeFields(value, &fields)) {
            malformed = true;
            return false;
        }
        if (series != currentSeries || out->points == 0) {
            currentSeries = series;
            ++out->series;
        }
        ++out->points;
        out->values += fields.size();
        addFramed(hash, key);
        addFramed(hash, value);
        return true;
    });
    if (!walked)
        return walked;
    if (malformed)
        return makeError(ErrorCode::Integrity, NodeInspector::tr("Shard '%1' holds a malformed point").arg(path),
                         NodeInspector::tr("The file is damaged; restore the node from a backup."));
    out->digest = QString::fromLatin1(hash.result().toHex());
    return {};
}

QString formatTime(qint64 ns)
{
    return QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC).toString(Qt::ISODate);
}

} // namespace

Result<InspectReport> NodeInspector::inspect(const QString &dataDir)
{
    InspectReport report;
    report.dataDir = dataDir;
    const QString metaPath = dataDir + QStringLiteral("/meta");
    auto meta = MetaStore::open(metaPath, true);
    if (!meta)
        return meta.error();
    report.metaIndex = meta.value()->index();
    report.index = report.metaIndex;
    report.bytes = QFileInfo(metaPath).size();

    QCryptographicHash nodeHash(QCryptographicHash::Sha256);
    for (const auto &[name, info] : meta.value()->databases()) {
        InspectReport::Database db;
        db.name = name;
        QCryptographicHash dbHash(QCryptographicHash::Sha256);
        addFramed(dbHash, QJsonDocument(info.toJson()).toJson(QJsonDocument::Compact));
        for (const auto &[id, group] : meta.value()->shardGroups()) {
            if (group.database != name)
                continue;
            InspectReport::Shard shard;
            shard.id = id;
            shard.retentionPolicy = group.retentionPolicy;
            shard.startNs = group.startNs;
            shard.endNs = group.endNs;
            if (Status s = inspectShard(DataNode::shardPath(dataDir, id), &shard); !s)
                return s.error();
            // Shard ids are local numbering: the digest covers the group's time range instead.
            addFramed(
                dbHash,
                QStringLiteral("%1 %2 %3").arg(group.retentionPolicy).arg(group.startNs).arg(group.endNs).toUtf8());
            addFramed(dbHash, shard.digest.toLatin1());
            db.points += shard.points;
            db.values += shard.values;
            db.bytes += shard.bytes;
            db.index = std::max(db.index, shard.index);
            db.shards.push_back(shard);
        }
        db.digest = QString::fromLatin1(dbHash.result().toHex());
        addFramed(nodeHash, name.toUtf8());
        addFramed(nodeHash, db.digest.toLatin1());
        report.bytes += db.bytes;
        report.index = std::max(report.index, db.index);
        report.databases.push_back(db);
    }
    report.digest = QString::fromLatin1(nodeHash.result().toHex());
    return report;
}

QJsonObject InspectReport::toJson() const
{
    QJsonArray dbs;
    for (const Database &db : databases) {
        QJsonArray shardArray;
        for (const Shard &s : db.shards) {
            shardArray.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(s.id)},
                                          {QStringLiteral("retentionPolicy"), s.retentionPolicy},
                                          {QStringLiteral("start"), formatTime(s.startNs)},
                                          {QStringLiteral("end"), formatTime(s.endNs)},
                                          {QStringLiteral("points"), static_cast<qint64>(s.points)},
                                          {QStringLiteral("values"), static_cast<qint64>(s.values)},
                                          {QStringLiteral("series"), static_cast<qint64>(s.series)},
                                          {QStringLiteral("index"), static_cast<qint64>(s.index)},
                                          {QStringLiteral("bytes"), s.bytes},
                                          {QStringLiteral("digest"), s.digest}});
        }
        dbs.append(QJsonObject{{QStringLiteral("name"), db.name},
                               {QStringLiteral("points"), static_cast<qint64>(db.points)},
                               {QStringLiteral("values"), static_cast<qint64>(db.values)},
                               {QStringLiteral("bytes"), db.bytes},
                               {QStringLiteral("index"), static_cast<qint64>(db.index)},
                               {QStringLiteral("digest"), db.digest},
                               {QStringLiteral("shards"), shardArray}});
    }
    return QJsonObject{{QStringLiteral("dataDir"), dataDir},
                       {QStringLiteral("metaIndex"), static_cast<qint64>(metaIndex)},
                       {QStringLiteral("index"), static_cast<qint64>(index)},
                       {QStringLiteral("bytes"), bytes},
                       {QStringLiteral("digest"), digest},
                       {QStringLiteral("databases"), dbs}};
}

QString InspectReport::toText() const
{
    QString text;
    QTextStream out(&text);
    out << "data dir  " << dataDir << "\n"
        << "index     " << index << " (meta store " << metaIndex << ")\n"
        << "bytes     " << bytes << "\n"
        << "digest    " << digest << "\n";
    for (const Database &db : databases) {
        out << "\ndatabase " << db.name << ": " << db.points << " points, " << db.values << " values, " << db.bytes
            << " bytes, index " << db.index << "\n  digest " << db.digest << "\n";
        for (const Shard &s : db.shards) {
            out << "  shard " << s.id << " (" << s.retentionPolicy << ", " << formatTime(s.startNs) << " .. "
                << formatTime(s.endNs) << "): " << s.points << " points, " << s.values << " values, " << s.series
                << " series, " << s.bytes << " bytes, index " << s.index << "\n    digest " << s.digest << "\n";
        }
    }
    return text;
}

} // namespace tidemark
