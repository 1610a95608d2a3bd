#include "browse/ChainContents.h"

#include <algorithm>

namespace tidemark {

quint64 ChainContents::Shard::series() const
{
    quint64 total = 0;
    for (const Measurement &m : measurements)
        total += m.series;
    return total;
}

const ChainContents::RetentionPolicy *ChainContents::Database::policy(const QString &wanted) const
{
    for (const RetentionPolicy &rp : retentionPolicies) {
        if (rp.name == wanted)
            return &rp;
    }
    return nullptr;
}

const ChainContents::Database *ChainContents::database(const QString &wanted) const
{
    for (const Database &db : databases) {
        if (db.name == wanted)
            return &db;
    }
    return nullptr;
}

void ChainContents::sort()
{
    const auto byName = [](const auto &a, const auto &b) { return a.name < b.name; };
    std::sort(databases.begin(), databases.end(), byName);
    for (Database &db : databases) {
        std::sort(db.retentionPolicies.begin(), db.retentionPolicies.end(), byName);
        for (RetentionPolicy &rp : db.retentionPolicies) {
            std::sort(rp.shards.begin(), rp.shards.end(), [](const Shard &a, const Shard &b) {
                return a.startNs != b.startNs ? a.startNs < b.startNs : a.id < b.id;
            });
            for (Shard &shard : rp.shards)
                std::sort(shard.measurements.begin(), shard.measurements.end(), byName);
        }
    }
}

QString ChainContents::measurementOf(QByteArrayView seriesKey)
{
    QByteArray name;
    name.reserve(seriesKey.size());
    for (qsizetype i = 0; i < seriesKey.size(); ++i) {
        const char c = seriesKey[i];
        if (c == ',')
            break;
        if (c == '\\' && i + 1 < seriesKey.size()) {
            const char next = seriesKey[i + 1];
            if (next != ',' && next != ' ')
                name.append(c); // Only `\,` and `\ ` are escapes in a measurement.
            name.append(next);
            ++i;
            continue;
        }
        name.append(c);
    }
    return QString::fromUtf8(name);
}

QString ChainContents::isoTime(qint64 ns)
{
    constexpr qint64 kNsPerSecond = 1000000000;
    qint64 seconds = ns / kNsPerSecond;
    qint64 fraction = ns % kNsPerSecond;
    if (fraction < 0) { // Before 1970: the second below, and the nanoseconds after it.
        fraction += kNsPerSecond;
        --seconds;
    }
    QString text = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate);
    text.chop(1); // The `Z`, put back after the fraction.
    if (fraction != 0) {
        QString digits = QString::number(fraction).rightJustified(9, QLatin1Char('0'));
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        text += QLatin1Char('.') + digits;
    }
    return text + QLatin1Char('Z');
}

QJsonObject ChainContents::toJson(const Database &database)
{
    QString defaultPolicy;
    for (const RetentionPolicy &rp : database.retentionPolicies) {
        if (rp.isDefault)
            defaultPolicy = rp.name;
    }
    return QJsonObject{{QStringLiteral("database"), database.name},
                       {QStringLiteral("defaultRetentionPolicy"), defaultPolicy},
                       {QStringLiteral("retentionPolicies"), static_cast<qint64>(database.retentionPolicies.size())}};
}

QJsonObject ChainContents::toJson(const Database &database, const RetentionPolicy &policy)
{
    return QJsonObject{{QStringLiteral("database"), database.name},
                       {QStringLiteral("rp"), policy.name},
                       {QStringLiteral("default"), policy.isDefault},
                       {QStringLiteral("durationNs"), policy.durationNs},
                       {QStringLiteral("shardGroupDurationNs"), policy.shardGroupDurationNs},
                       {QStringLiteral("replicaN"), policy.replicaN},
                       {QStringLiteral("shards"), static_cast<qint64>(policy.shards.size())}};
}

QJsonObject ChainContents::toJson(const Database &database, const RetentionPolicy &policy, const Shard &shard)
{
    QJsonObject o{{QStringLiteral("database"), database.name},
                  {QStringLiteral("rp"), policy.name},
                  {QStringLiteral("shard"), static_cast<qint64>(shard.id)},
                  {QStringLiteral("startNs"), shard.startNs},
                  {QStringLiteral("endNs"), shard.endNs},
                  {QStringLiteral("start"), isoTime(shard.startNs)},
                  {QStringLiteral("end"), isoTime(shard.endNs)},
                  {QStringLiteral("bytes"), shard.bytes},
                  {QStringLiteral("inChain"), !shard.link.isEmpty()}};
    if (!shard.link.isEmpty())
        o.insert(QStringLiteral("link"), shard.link);
    if (shard.read) {
        o.insert(QStringLiteral("measurements"), static_cast<qint64>(shard.measurements.size()));
        o.insert(QStringLiteral("series"), static_cast<qint64>(shard.series()));
    }
    return o;
}

QJsonObject ChainContents::toJson(const Database &database, const RetentionPolicy &policy, const Shard &shard,
                                  const Measurement &measurement)
{
    return QJsonObject{{QStringLiteral("database"), database.name},
                       {QStringLiteral("rp"), policy.name},
                       {QStringLiteral("shard"), static_cast<qint64>(shard.id)},
                       {QStringLiteral("measurement"), measurement.name},
                       {QStringLiteral("series"), static_cast<qint64>(measurement.series)},
                       {QStringLiteral("firstNs"), measurement.firstNs},
                       {QStringLiteral("lastNs"), measurement.lastNs},
                       {QStringLiteral("first"), isoTime(measurement.firstNs)},
                       {QStringLiteral("last"), isoTime(measurement.lastNs)}};
}

void MeasurementTally::add(const QString &measurement, bool newSeries, qint64 firstNs, qint64 lastNs)
{
    auto it = m_byName.find(measurement);
    if (it == m_byName.end()) {
        m_byName.insert(measurement, ChainContents::Measurement{measurement, newSeries ? 1u : 0u, firstNs, lastNs});
        return;
    }
    if (newSeries)
        ++it->series;
    it->firstNs = std::min(it->firstNs, firstNs);
    it->lastNs = std::max(it->lastNs, lastNs);
}

void MeasurementTally::addSeries(QByteArrayView seriesKey, bool newSeries, qint64 firstNs, qint64 lastNs)
{
    add(ChainContents::measurementOf(seriesKey), newSeries, firstNs, lastNs);
}

std::vector<ChainContents::Measurement> MeasurementTally::measurements() const
{
    std::vector<ChainContents::Measurement> out;
    out.reserve(static_cast<size_t>(m_byName.size()));
    for (const ChainContents::Measurement &m : m_byName)
        out.push_back(m);
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    return out;
}

} // namespace tidemark
