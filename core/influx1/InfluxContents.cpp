#include "influx1/InfluxContents.h"

#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "influx1/TsmIndex.h"

#include <QSet>

#include <map>
#include <memory>
#include <optional>

namespace tidemark {

namespace {

// The meta store blob, gathered in memory and parsed at the end.
class MetaSink : public ContentsReader::Sink {
public:
    MetaSink(QString source, std::vector<ChainContents::Database> *databases)
        : m_source(std::move(source)), m_databases(databases)
    {
    }
    Status write(const char *bytes, qsizetype size) override
    {
        if (m_blob.size() + size > InfluxContents::kMaxMetaBytes)
            return makeError(ErrorCode::Integrity, InfluxContents::tr("%1: the meta store is larger than %2 MiB")
                                                       .arg(m_source)
                                                       .arg(InfluxContents::kMaxMetaBytes >> 20));
        m_blob.append(bytes, size);
        return {};
    }
    Status finish() override
    {
        auto meta = MetaBlob::parse(m_blob, m_source);
        if (!meta)
            return meta.error();
        std::map<QString, ChainContents::Database> byName;
        for (const QString &name : meta->databases)
            byName[name].name = name;
        for (const MetaBlob::RetentionPolicy &rp : meta->retentionPolicies)
            byName[rp.database].retentionPolicies.push_back(
                {rp.name, rp.durationNs, rp.shardGroupDurationNs, static_cast<int>(rp.replicaN), rp.isDefault, {}});
        for (const MetaBlob::Shard &shard : meta->shards) {
            for (ChainContents::RetentionPolicy &rp : byName[shard.database].retentionPolicies) {
                if (rp.name == shard.retentionPolicy)
                    rp.shards.push_back({shard.id, shard.startNs, shard.endNs, 0, {}, false, {}});
            }
        }
        m_databases->clear();
        for (auto &[name, db] : byName)
            m_databases->push_back(std::move(db));
        return {};
    }

private:
    QString m_source;
    std::vector<ChainContents::Database> *m_databases;
    QByteArray m_blob;
};

// A shard tar's files as the extractor's thread hands them on: TSM files and tombstones into
// scratch, each TSM file's index read once its tombstone can no longer follow.
class ShardFiles : public ShardTar::Visitor {
public:
    ShardFiles(const ContentsReader::Context &context, quint64 id) : m_context(context), m_id(id) {}

    Status begin(const QString &file, qint64) override
    {
        if (m_context.isCancelled())
            return cancelled();
        const QString stem = file.section(QLatin1Char('.'), 0, -2);
        if (m_pending && m_pending->stem != stem) {
            if (Status s = readPending(); !s)
                return s;
        }
        m_name = file;
        m_tombstone = file.endsWith(QLatin1String(".tombstone"));
        m_current =
            std::make_unique<ScratchFile>(m_context.scratchDir + QStringLiteral("/shard-%1-%2").arg(m_id).arg(file));
        return m_current->open();
    }
    Status write(const char *bytes, qsizetype size) override
    {
        if (m_context.isCancelled())
            return cancelled();
        return m_current->write(bytes, size);
    }
    Status end() override
    {
        if (Status s = m_current->close(); !s)
            return s;
        const QString stem = m_name.section(QLatin1Char('.'), 0, -2);
        if (m_tombstone) {
            Status read = m_tombstones[stem].read(m_current->path(), where(m_name));
            m_current.reset();
            return read;
        }
        m_pending = Pending{stem, m_name, std::move(m_current)};
        return {};
    }

    // After the tar's end: the last TSM file, then the measurements.
    Status finish(std::vector<ChainContents::Measurement> *measurements)
    {
        if (m_pending) {
            if (Status s = readPending(); !s)
                return s;
        }
        *measurements = m_tally.measurements();
        return {};
    }

private:
    struct Pending {
        QString stem;
        QString name;
        std::unique_ptr<ScratchFile> file;
    };

    [[nodiscard]] QString where(const QString &file) const
    {
        return InfluxContents::tr("%1: shard %2, file %3").arg(m_context.source).arg(m_id).arg(file);
    }
    [[nodiscard]] static Error cancelled() { return makeError(ErrorCode::Cancelled, InfluxContents::tr("Cancelled")); }

    // Reads the pending TSM file's index: each key's blocks that its tombstones leave; a series
    // (the key before `#!~#`) counts once per shard, its span is that of its keys' blocks.
    Status readPending()
    {
        Pending pending = std::move(*m_pending);
        m_pending.reset();
        const TsmTombstones none;
        const auto tombstones = m_tombstones.constFind(pending.stem);
        const TsmTombstones &deleted = tombstones == m_tombstones.cend() ? none : tombstones.value();
        // Keys of one series are neighbours in the index: their span goes to the tally at once.
        QByteArray series;
        bool haveSeries = false;
        qint64 first = 0;
        qint64 last = 0;
        const auto flush = [&] {
            if (!haveSeries)
                return;
            const bool isNew = !m_series.contains(series);
            if (isNew)
                m_series.insert(series);
            m_tally.addSeries(series, isNew, first, last);
            haveSeries = false;
        };
        bool stopped = false;
        Status read = TsmIndex::read(pending.file->path(), where(pending.name),
                                     [&](QByteArrayView key, const std::vector<TsmIndex::Block> &blocks) {
                                         if (m_context.isCancelled()) {
                                             stopped = true;
                                             return false;
                                         }
                                         std::optional<std::pair<qint64, qint64>> span;
                                         for (const TsmIndex::Block &block : blocks) {
                                             if (deleted.deletes(key, block.minNs, block.maxNs))
                                                 continue;
                                             span = span ? std::pair{std::min(span->first, block.minNs),
                                                                     std::max(span->second, block.maxNs)}
                                                         : std::pair{block.minNs, block.maxNs};
                                         }
                                         if (!span)
                                             return true; // Every block of the key is deleted.
                                         const QByteArrayView seriesKey = TsmIndex::seriesKey(key);
                                         if (haveSeries && seriesKey == series) {
                                             first = std::min(first, span->first);
                                             last = std::max(last, span->second);
                                             return true;
                                         }
                                         flush();
                                         series = seriesKey.toByteArray();
                                         haveSeries = true;
                                         first = span->first;
                                         last = span->second;
                                         return true;
                                     });
        if (!read)
            return read;
        if (stopped)
            return cancelled();
        flush();
        m_tombstones.remove(pending.stem);
        return {};
    }

    ContentsReader::Context m_context;
    quint64 m_id;
    QString m_name;
    bool m_tombstone = false;
    std::unique_ptr<ScratchFile> m_current;
    std::optional<Pending> m_pending;
    QHash<QString, TsmTombstones> m_tombstones; ///< By file stem (`000000001-000000002`).
    QSet<QByteArray> m_series;
    MeasurementTally m_tally;
};

class ShardSink : public ContentsReader::Sink {
public:
    ShardSink(const ContentsReader::Context &context, quint64 id, std::vector<ChainContents::Measurement> *measurements)
        : m_files(context, id), m_extractor(id, context.source, m_files), m_measurements(measurements)
    {
    }
    Status write(const char *bytes, qsizetype size) override { return m_extractor.write(bytes, size); }
    Status finish() override
    {
        auto tar = m_extractor.finish(); // The extractor's thread is done with m_files from here on.
        if (!tar)
            return tar.error();
        return m_files.finish(m_measurements);
    }

private:
    ShardFiles m_files; // Before the extractor: its thread uses them, and it goes first.
    ShardTar::Extractor m_extractor;
    std::vector<ChainContents::Measurement> *m_measurements;
};

} // namespace

Result<std::unique_ptr<ContentsReader::Sink>>
InfluxContents::openMeta(const Context &context, std::vector<ChainContents::Database> *databases) const
{
    return std::unique_ptr<Sink>(std::make_unique<MetaSink>(context.source, databases));
}

Result<std::unique_ptr<ContentsReader::Sink>>
InfluxContents::openShard(const Context &context, quint64 id,
                          std::vector<ChainContents::Measurement> *measurements) const
{
    return std::unique_ptr<Sink>(std::make_unique<ShardSink>(context, id, measurements));
}

} // namespace tidemark
