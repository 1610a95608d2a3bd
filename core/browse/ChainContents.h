#pragma once

#include "snapshot/Manifest.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <vector>

namespace tidemark {

/// What a chain holds at one of its links, as `tidemark-cli ls` shows it: databases → retention
/// policies → shards → measurements, for either kind of node. Built by ChainBrowser from the
/// meta file and the shards of the chain restored up to that link (the kind's ContentsReader
/// reads them). Times are nanoseconds since the epoch (UTC).
struct ChainContents {
    struct Measurement {
        QString name;
        quint64 series = 0; ///< Distinct series (measurement and tag set) with at least one point.
        qint64 firstNs = 0; ///< The time of its first point in the shard …
        qint64 lastNs = 0;  ///< … and of its last.
    };
    struct Shard {
        quint64 id = 0;
        qint64 startNs = 0; ///< Its shard group's range: from (inclusive) …
        qint64 endNs = 0;   ///< … to (exclusive).
        qint64 bytes =
            0; ///< Its file's size (a Tidemark shard file, as rebuilt when a block link; an InfluxDB shard's tar).
        QString link;      ///< The link holding its newest copy; empty when the chain has no copy of it.
        bool read = false; ///< Whether it was read: `measurements` are known.
        std::vector<Measurement> measurements; ///< By name.

        [[nodiscard]] quint64 series() const;
    };
    struct RetentionPolicy {
        QString name;
        qint64 durationNs = 0; ///< 0: kept forever.
        qint64 shardGroupDurationNs = 0;
        int replicaN = 1;
        bool isDefault = false;
        std::vector<Shard> shards; ///< By start time, then id.
    };
    struct Database {
        QString name;
        std::vector<RetentionPolicy> retentionPolicies; ///< By name.

        [[nodiscard]] const RetentionPolicy *policy(const QString &wanted) const;
    };

    QString chain; ///< The chain's location, canonical.
    int upto = -1; ///< The link: -1 the full snapshot, N the incremental PATH.N.
    QString link;  ///< That link's location.
    Manifest::Kind kind = Manifest::Kind::Tidemark;
    QDateTime created;               ///< When that link was taken (UTC).
    QString clusterUrl;              ///< The node the snapshots name.
    std::vector<Database> databases; ///< By name.
    int linksRead = 0;               ///< Links that were read (each once, as far as needed).
    qint64 bytesRead = 0;            ///< Of those, as stored.

    [[nodiscard]] const Database *database(const QString &wanted) const;
    /// Sorts every level: databases and policies by name, shards by start time, measurements by name.
    void sort();

    /// The measurement of a series key (`measurement,tag=value,…`, escaped as the line protocol
    /// does): up to its first unescaped comma, with `\,` and `\ ` unescaped. Both kinds' keys
    /// (a Tidemark point's series, an InfluxDB TSM key before `#!~#`) have that form.
    [[nodiscard]] static QString measurementOf(QByteArrayView seriesKey);
    /// A time for JSON: RFC 3339 in UTC with as many fraction digits as it needs (up to 9).
    [[nodiscard]] static QString isoTime(qint64 ns);

    /// The JSON objects of `tidemark-cli ls --json` (`event` set by the caller's line printer).
    [[nodiscard]] static QJsonObject toJson(const Database &database);
    [[nodiscard]] static QJsonObject toJson(const Database &database, const RetentionPolicy &policy);
    [[nodiscard]] static QJsonObject toJson(const Database &database, const RetentionPolicy &policy,
                                            const Shard &shard);
    [[nodiscard]] static QJsonObject toJson(const Database &database, const RetentionPolicy &policy, const Shard &shard,
                                            const Measurement &measurement);
};

/// A shard's measurements as a kind's ContentsReader finds its series: per measurement, how
/// many series and the span of their points.
class MeasurementTally {
public:
    /// Adds a series of `measurement` with points from `firstNs` to `lastNs`; `newSeries` false
    /// when it was counted before (seen in another file of the shard): then only the span grows.
    void add(const QString &measurement, bool newSeries, qint64 firstNs, qint64 lastNs);
    /// The same, the measurement taken from the series key.
    void addSeries(QByteArrayView seriesKey, bool newSeries, qint64 firstNs, qint64 lastNs);
    /// The measurements, by name.
    [[nodiscard]] std::vector<ChainContents::Measurement> measurements() const;

private:
    QHash<QString, ChainContents::Measurement> m_byName;
};

} // namespace tidemark
