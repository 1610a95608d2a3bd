#include "influx1/Influx1RestoreTarget.h"

#include "influx1/InfluxConfig.h"
#include "influx1/MetaBlob.h"
#include "influx1/ShardTar.h"
#include "snapshot/BackupChain.h"
#include "snapshot/FileRebuild.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <optional>

#include <unistd.h>

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
                                        const FileSteps &steps, const QByteArray &newestMeta, RestorePlan &plan) const
{
    // The newest link's meta store, and of every shard it names, the newest whole copy in the
    // chain and the reference links after it (BackupChain::steps).
    auto meta = MetaBlob::parse(newestMeta, plan.links.last());
    if (!meta)
        return meta.error();
    qint64 largestRefLink = 0; // Of the versions a reference link makes: one more while it is applied.
    for (const ManifestFile &file : merged.files) {
        const quint64 id = Manifest::shardId(file.name);
        const bool wanted = id == 0 || std::any_of(meta->shards.begin(), meta->shards.end(),
                                                   [&](const MetaBlob::Shard &s) { return s.id == id; });
        if (!wanted)
            continue; // Dropped since (retention, DROP DATABASE): influxd would not know it.
        const auto found = steps.find(file.name);
        if (found == steps.end() || found->second.empty())
            return makeError(ErrorCode::Integrity,
                             tr("The chain lists '%1' but no link holds a version of it").arg(file.name));
        RestorePlan::Write write;
        qint64 largest = 0;
        for (const Manifest::Step &step : found->second) {
            if (step.link >= linkCount)
                return makeError(ErrorCode::Failure, tr("'%1' has a version after the restored link").arg(file.name));
            write.steps.push_back({step.file, chain.links()[step.link].path});
            largest = std::max(largest, step.file.fileSize());
            if (step.file.isRefLink())
                largestRefLink = std::max(largestRefLink, step.file.fileSize());
        }
        write.file = write.steps.back().file;
        write.fromLink = write.steps.back().fromLink;
        plan.bytesToWrite += write.file.fileSize();
        // A shard rebuilt from reference links is a tar in the staging directory until unpacked.
        if (write.isRebuilt() && id != 0)
            plan.scratchBytes += largest;
        plan.writes.push_back(std::move(write));
    }
    plan.scratchBytes += largestRefLink;
    return {};
}

QString Influx1RestoreTarget::planNote(const RestorePlan &plan) const
{
    const auto rebuilt = std::count_if(plan.writes.begin(), plan.writes.end(), [](const RestorePlan::Write &w) {
        return w.isRebuilt() && Manifest::shardId(w.file.name) != 0;
    });
    QString note = QStringLiteral(
        "meta store written as meta.db; each shard it names from its newest copy into <db>/<rp>/<id>/; the WAL "
        "starts empty");
    if (rebuilt > 0)
        note += QStringLiteral("; %1 shard tar(s) rebuilt from reference links in the staging directory first "
                               "(%2 bytes of room while the restore runs)")
                    .arg(rebuilt)
                    .arg(plan.scratchBytes);
    return note;
}

Status Influx1RestoreTarget::prepare(const NewDirs &) const
{
    return {};
}

namespace {

constexpr const char *kRebuildPrefix = ".tidemark-rebuild-";

// A shard's tar unpacked into <data>/<db>/<rp>/<id>/ as it streams: never staged whole.
class ShardSink : public RestoreTarget::EntrySink {
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

// One step of a shard rebuilt from reference links: its whole tar, then each reference link
// applied as its link streams (FileVersionWriter: the new version beside the one before, renamed
// over it), into a scratch tar in the staging data directory. After the last one the tar's
// checksum is checked against the chain's, and only then is it unpacked as a whole copy is
// (ShardTar::Extractor) and the scratch removed.
class RebuiltShardSink : public RestoreTarget::EntrySink {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    RebuiltShardSink(const RestorePlan::Write &write, size_t step, const QString &dataDir,
                     restorefs::ReadBack &readBack)
        : m_write(write), m_step(step), m_dataDir(dataDir), m_readBack(readBack),
          m_path(QStringLiteral("%1/%2shard-%3.tar")
                     .arg(dataDir, QLatin1String(kRebuildPrefix))
                     .arg(Manifest::shardId(write.file.name)))
    {
    }
    ~RebuiltShardSink() override
    {
        m_writer.reset();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RebuiltShardSink(const RebuiltShardSink &) = delete;
    RebuiltShardSink &operator=(const RebuiltShardSink &) = delete;

    Status open()
    {
        const RestorePlan::Step &current = m_write.steps[m_step];
        if ((m_step == 0) == current.file.isDelta())
            return makeError(ErrorCode::Integrity,
                             tr("%1 holds '%2' as references into an earlier version, but the restore has no "
                                "earlier version of it")
                                 .arg(current.fromLink, current.file.name),
                             tr("Restore up to the link before it (--upto), or from another backup."));
        if (m_step > 0 && !QFileInfo::exists(m_path))
            return makeError(ErrorCode::Failure, tr("The version of '%1' before %2 was not staged at '%3'")
                                                     .arg(current.file.name, current.fromLink, m_path));
        auto fd = FileRebuild::openFile(m_path, m_step == 0);
        if (!fd)
            return fd.error();
        m_fd = fd.value();
        m_writer.emplace(m_fd, current.file, tr("'%1' in %2").arg(current.file.name, current.fromLink), m_path);
        return {};
    }
    Status write(const char *bytes, qsizetype size) override { return m_writer->write(bytes, size); }
    Status finish() override
    {
        if (Status s = m_writer->finish(); !s)
            return s;
        m_writer.reset();
        if (::close(std::exchange(m_fd, -1)) != 0)
            return makeError(ErrorCode::Io,
                             tr("Cannot write '%1': %2").arg(m_path, QString::fromLocal8Bit(::strerror(errno))),
                             tr("Check free space beside %1.").arg(m_dataDir));
        if (m_step + 1 < m_write.steps.size())
            return {};
        // The newest version: the tar the chain says, then unpacked as a whole copy is.
        const RestorePlan::Step &last = m_write.steps.back();
        if (Status s =
                FileRebuild::checkRebuilt(m_path, last.file.fileChecksum(),
                                          tr("'%1', rebuilt from %2 and its reference links up to %3")
                                              .arg(last.file.name, m_write.steps.front().fromLink, last.fromLink));
            !s)
            return s;
        ShardTar::Extractor extractor(Manifest::shardId(last.file.name), last.fromLink, m_dataDir, m_readBack);
        if (Status s = FileRebuild::readFile(
                m_path, [&](const char *data, qsizetype size) { return extractor.write(data, size); });
            !s)
            return s;
        if (auto shard = extractor.finish(); !shard)
            return shard.error();
        if (!QFile::remove(m_path))
            return makeError(ErrorCode::Io, tr("Cannot remove '%1' after unpacking it").arg(m_path),
                             tr("Check the permissions of %1.").arg(m_dataDir));
        return {};
    }

private:
    const RestorePlan::Write &m_write;
    size_t m_step;
    QString m_dataDir;
    restorefs::ReadBack &m_readBack;
    QString m_path;
    int m_fd = -1;
    std::optional<FileVersionWriter> m_writer;
};

} // namespace

Result<std::unique_ptr<RestoreTarget::EntrySink>> Influx1RestoreTarget::openEntry(const RestorePlan::Write &write,
                                                                                  size_t step, const QString &link,
                                                                                  const NewDirs &dirs,
                                                                                  restorefs::ReadBack &readBack) const
{
    // Preflight refuses block links in InfluxDB chains (takesBlockLinks()): a file is one whole
    // copy, or one and the reference links after it.
    const std::vector<RestorePlan::Step> one{RestorePlan::Step{write.file, write.fromLink}};
    const std::vector<RestorePlan::Step> &steps = write.steps.empty() ? one : write.steps;
    if (step >= steps.size() ||
        std::any_of(steps.begin(), steps.end(), [](const RestorePlan::Step &s) { return s.file.isBlockLink(); }))
        return makeError(
            ErrorCode::Integrity,
            tr("%1 holds '%2' as changed blocks, which InfluxDB 1.x chains never hold").arg(link, write.file.name),
            tr("This link of the chain is damaged: restore with --upto to an earlier link, or from "
               "another backup."));
    if (write.file.name == QLatin1String("meta"))
        return fileSink(dirs.value(QStringLiteral("meta")) + QStringLiteral("/meta.db"), write, step, readBack);
    const QString dataDir = dirs.value(QStringLiteral("data"));
    if (steps.size() == 1)
        return std::unique_ptr<EntrySink>(
            std::make_unique<ShardSink>(Manifest::shardId(write.file.name), link, dataDir, readBack));
    auto sink = std::make_unique<RebuiltShardSink>(write, step, dataDir, readBack);
    if (Status s = sink->open(); !s)
        return s.error();
    return std::unique_ptr<EntrySink>(std::move(sink));
}

Status Influx1RestoreTarget::finish(const RestorePlan &, const NewDirs &dirs,
                                    const std::function<void(const QString &stage)> &) const
{
    // Every rebuilt shard's scratch tar was removed once unpacked; none may reach the node.
    const QDir data(dirs.value(QStringLiteral("data")));
    for (const QString &left :
         data.entryList({QLatin1String(kRebuildPrefix) + QLatin1Char('*')}, QDir::Files | QDir::Hidden)) {
        if (!QFile::remove(data.filePath(left)))
            return makeError(ErrorCode::Io, tr("Cannot remove '%1'").arg(data.filePath(left)),
                             tr("Check the permissions of %1.").arg(data.path()));
    }
    return {};
}

} // namespace tidemark
