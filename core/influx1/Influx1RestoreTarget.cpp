#include "influx1/Influx1RestoreTarget.h"

#include "influx1/InfluxConfig.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/BackupChain.h"

namespace tidemark {

Result<RestoreTarget::Config> Influx1RestoreTarget::loadConfig(const QString &configPath) const
{
    auto config = InfluxConfig::load(configPath);
    if (!config)
        return config.error();
    Config result;
    result.dirs = {{QStringLiteral("[meta] dir"), config->metaDir, QStringLiteral("meta")},
                   {QStringLiteral("[data] dir"), config->dataDir, QStringLiteral("data")},
                   {QStringLiteral("[data] wal-dir"), config->walDir, QStringLiteral("wal")}};
    result.addresses = {config->httpBind, config->snapshotBind};
    return result;
}

bool Influx1RestoreTarget::recognizesConfig(const QString &configPath) const
{
    return InfluxConfig::looksLikeInfluxConfig(configPath);
}

QString Influx1RestoreTarget::stopFix() const
{
    return tr("Stop influxd first (e.g. systemctl stop influxdb), then run restore again.");
}

QString Influx1RestoreTarget::exampleDir(const QString &key) const
{
    if (key.contains(QLatin1String("wal")))
        return QStringLiteral("/var/lib/influxdb/wal");
    return QStringLiteral("/var/lib/influxdb/") + key.section(QLatin1Char(']'), 0, 0).mid(1);
}

Status Influx1RestoreTarget::planWrites(const BackupChain &chain, size_t linkCount, const Manifest &merged,
                                        const FileSteps &, const QByteArray &newestMeta, RestorePlan &plan) const
{
    // The newest link's meta store, and of every shard it names, the newest copy in the chain.
    auto meta = MetaBlob::parse(newestMeta, plan.links.last());
    if (!meta)
        return meta.error();
    for (const ManifestFile &file : merged.files) {
        const quint64 id = Manifest::shardId(file.name);
        const bool wanted = id == 0 || std::any_of(meta->shards.begin(), meta->shards.end(),
                                                   [&](const MetaBlob::Shard &s) { return s.id == id; });
        if (!wanted)
            continue; // Dropped since (retention, DROP DATABASE): influxd would not know it.
        for (size_t i = linkCount; i-- > 0;) {
            const ManifestFile *entry = chain.links()[i].manifest.file(file.name);
            if (entry && *entry == file) {
                plan.writes.push_back(RestorePlan::Write::whole(file, chain.links()[i].path));
                break;
            }
        }
        plan.bytesToWrite += file.size;
    }
    return {};
}

QString Influx1RestoreTarget::planNote(const RestorePlan &) const
{
    return QStringLiteral(
        "meta store written as meta.db; each shard it names from its newest copy into <db>/<rp>/<id>/; the WAL "
        "starts empty");
}

Status Influx1RestoreTarget::prepare(const NewDirs &) const
{
    return {};
}

Result<std::unique_ptr<RestoreTarget::EntrySink>> Influx1RestoreTarget::openEntry(const RestorePlan::Write &write,
                                                                                  size_t step, const QString &link,
                                                                                  const NewDirs &dirs,
                                                                                  restorefs::ReadBack &readBack) const
{
    // Preflight refuses block links in InfluxDB chains (takesBlockLinks()): every file is one whole copy.
    if (step != 0 || write.isRebuilt() || write.file.isBlockLink())
        return makeError(
            ErrorCode::Integrity,
            tr("%1 holds '%2' as changed blocks, which InfluxDB 1.x chains never hold").arg(link, write.file.name),
            tr("This link of the chain is damaged: restore with --upto to an earlier link, or from "
               "another backup."));
    if (write.file.name == QLatin1String("meta"))
        return fileSink(dirs.value(QStringLiteral("meta")) + QStringLiteral("/meta.db"), write, 0, readBack);
    // A shard's tar is unpacked into <data>/<db>/<rp>/<id>/ as it streams: never staged whole.
    class ShardSink : public EntrySink {
    public:
        ShardSink(quint64 id, const QString &link, const QString &dataDir, restorefs::ReadBack &readBack)
            : m_extractor(id, link, dataDir, readBack)
        {
        }
        Status write(const char *bytes, qsizetype size) override { return m_extractor.write(bytes, size); }
        Status finish() override
        {
            auto shard = m_extractor.finish();
            return shard ? Status{} : Status(shard.error());
        }

    private:
        ShardTar::Extractor m_extractor;
    };
    return std::unique_ptr<EntrySink>(std::make_unique<ShardSink>(Manifest::shardId(write.file.name), link,
                                                                  dirs.value(QStringLiteral("data")), readBack));
}

Status Influx1RestoreTarget::finish(const RestorePlan &, const NewDirs &,
                                    const std::function<void(const QString &stage)> &) const
{
    return {};
}

} // namespace tidemark
