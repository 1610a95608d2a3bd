#include "store/BrokerStore.h"

#include "store/KeyEncoding.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>

namespace tidemark {

namespace {

Status writeFileAtomically(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return makeError(ErrorCode::Io, BrokerStore::tr("Cannot write '%1': %2").arg(path, file.errorString()));
    return {};
}

Status writeRaft(const QString &dir, const QString &url, bool overwrite)
{
    const QString raft = dir + QStringLiteral("/raft");
    if (!QDir().mkpath(raft))
        return makeError(ErrorCode::Io, BrokerStore::tr("Cannot create directory '%1'").arg(raft));
    if (!overwrite && QFile::exists(raft + QStringLiteral("/config")))
        return {};
    // A cluster id that survives a round trip through JSON doubles (53 bits).
    const quint64 clusterId = (QRandomGenerator::system()->generate64() >> 11) | 1;
    if (Status s = writeFileAtomically(raft + QStringLiteral("/id"), "1\n"); !s)
        return s;
    if (Status s = writeFileAtomically(raft + QStringLiteral("/term"), "1\n"); !s)
        return s;
    return writeFileAtomically(raft + QStringLiteral("/config"), BrokerStore::raftConfigJson(clusterId, url));
}

} // namespace

QByteArray BrokerStore::raftConfigJson(quint64 clusterId, const QString &url)
{
    QJsonObject node{{QStringLiteral("id"), 1}, {QStringLiteral("url"), url}};
    QJsonObject config{{QStringLiteral("clusterID"), static_cast<qint64>(clusterId)},
                       {QStringLiteral("maxNodeID"), 1},
                       {QStringLiteral("nodes"), QJsonArray{node}}};
    return QJsonDocument(config).toJson(QJsonDocument::Compact) + '\n';
}

Result<std::unique_ptr<BrokerStore>> BrokerStore::open(const QString &dir, const QString &url)
{
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, tr("Cannot create broker directory '%1'").arg(dir),
                         tr("Check that the parent directory exists and is writable."));
    std::unique_ptr<BrokerStore> store(new BrokerStore());
    auto env = LmdbEnv::open(dir + QStringLiteral("/meta"), {.readOnly = false, .maxDbs = 8});
    if (!env)
        return env.error();
    store->m_env = env.takeValue();
    Status status = store->m_env->write([&](LmdbTxn &txn) -> Status {
        auto dbi = txn.dbi("meta", true);
        if (!dbi)
            return dbi.error();
        auto index = txn.getU64(dbi.value(), "index");
        if (!index)
            return index.error();
        auto term = txn.getU64(dbi.value(), "term");
        if (!term)
            return term.error();
        store->m_index = index.value().value_or(0);
        return txn.put(dbi.value(), "term", keys::encodeU64(term.value().value_or(1)));
    });
    if (!status)
        return status.error();
    if (Status s = writeRaft(dir, url, false); !s)
        return s.error();
    return store;
}

Status BrokerStore::create(const QString &dir, quint64 index, const QString &url)
{
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::Io, tr("Cannot create broker directory '%1'").arg(dir));
    auto env = LmdbEnv::open(dir + QStringLiteral("/meta"), {.readOnly = false, .maxDbs = 8});
    if (!env)
        return env.error();
    Status status = env.value()->write([&](LmdbTxn &txn) -> Status {
        auto dbi = txn.dbi("meta", true);
        if (!dbi)
            return dbi.error();
        if (Status s = txn.put(dbi.value(), "index", keys::encodeU64(index)); !s)
            return s;
        return txn.put(dbi.value(), "term", keys::encodeU64(1));
    });
    if (!status)
        return status;
    return writeRaft(dir, url, true);
}

Result<quint64> BrokerStore::nextIndex()
{
    const quint64 next = m_index + 1;
    Status status = m_env->write([&](LmdbTxn &txn) -> Status {
        auto dbi = txn.dbi("meta", true);
        if (!dbi)
            return dbi.error();
        return txn.put(dbi.value(), "index", keys::encodeU64(next));
    });
    if (!status)
        return status.error();
    m_index = next;
    return next;
}

} // namespace tidemark
