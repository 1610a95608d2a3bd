#include "tidemark/TidemarkContents.h"

#include "store/MetaStore.h"
#include "store/ShardStore.h"

#include <map>

namespace tidemark {

namespace {

// An LMDB file of a link: written into the scratch directory as it streams, read in finish().
class LmdbSink : public ContentsReader::Sink {
public:
    LmdbSink(const QString &path, std::function<Status(const QString &path)> read)
        : m_file(path), m_read(std::move(read))
    {
    }
    Status open() { return m_file.open(); }
    Status write(const char *bytes, qsizetype size) override { return m_file.write(bytes, size); }
    Status finish() override
    {
        if (Status s = m_file.close(); !s)
            return s;
        Status read = m_read(m_file.path());
        m_file.remove();
        return read;
    }
    Status finishWith(const QString &path) override
    {
        m_file.remove(); // A rebuilt file is read where it is.
        return m_read(path);
    }

private:
    ScratchFile m_file;
    std::function<Status(const QString &path)> m_read;
};

Result<std::unique_ptr<ContentsReader::Sink>> openSink(const QString &path,
                                                       std::function<Status(const QString &path)> read)
{
    auto sink = std::make_unique<LmdbSink>(path, std::move(read));
    if (Status s = sink->open(); !s)
        return s.error();
    return std::unique_ptr<ContentsReader::Sink>(std::move(sink));
}

} // namespace

Result<std::unique_ptr<ContentsReader::Sink>>
TidemarkContents::openMeta(const Context &context, std::vector<ChainContents::Database> *databases) const
{
    const QString source = context.source;
    return openSink(context.scratchDir + QStringLiteral("/meta"), [source, databases](const QString &path) -> Status {
        auto meta = MetaStore::openCopy(path);
        if (!meta)
            return makeError(meta.error().code, tr("%1: the meta store: %2").arg(source, meta.error().message),
                             meta.error().hint);
        std::map<QString, ChainContents::Database> byName;
        for (const auto &[name, info] : meta.value()->databases()) {
            ChainContents::Database db;
            db.name = name;
            for (const RetentionPolicyInfo &rp : info.retentionPolicies)
                db.retentionPolicies.push_back({rp.name,
                                                rp.durationNs,
                                                rp.shardGroupDurationNs,
                                                rp.replicaN,
                                                rp.name == info.defaultRetentionPolicy,
                                                {}});
            byName.emplace(name, std::move(db));
        }
        for (const auto &[id, group] : meta.value()->shardGroups()) {
            const auto db = byName.find(group.database);
            if (db == byName.end())
                continue; // A group of a dropped database (the node removes both in one transaction).
            for (ChainContents::RetentionPolicy &rp : db->second.retentionPolicies) {
                if (rp.name == group.retentionPolicy)
                    rp.shards.push_back({id, group.startNs, group.endNs, 0, {}, false, {}});
            }
        }
        databases->clear();
        for (auto &[name, db] : byName)
            databases->push_back(std::move(db));
        return {};
    });
}

Result<std::unique_ptr<ContentsReader::Sink>>
TidemarkContents::openShard(const Context &context, quint64 id,
                            std::vector<ChainContents::Measurement> *measurements) const
{
    const QString source = context.source;
    const std::atomic_bool *cancelled = context.cancelled;
    return openSink(context.scratchDir + QStringLiteral("/shard-%1").arg(id),
                    [source, id, measurements, cancelled](const QString &path) -> Status {
                        MeasurementTally tally;
                        // Each series once: a shard file holds a series as one run of point keys.
                        Status walked = ShardStore::forEachSeries(
                            path,
                            [&](const ShardStore::SeriesSpan &span) {
                                tally.addSeries(span.series, true, span.first, span.last);
                                return true;
                            },
                            cancelled);
                        if (!walked)
                            return makeError(walked.error().code,
                                             tr("%1: shard %2: %3").arg(source).arg(id).arg(walked.error().message),
                                             walked.error().hint);
                        *measurements = tally.measurements();
                        return {};
                    });
}

} // namespace tidemark
