#pragma once

#include "restore/RestoreTarget.h"

#include <QCoreApplication>

namespace tidemark {

/// A restore of an InfluxDB 1.x node: the influxdb.conf names `[meta] dir`, `[data] dir` and
/// `[data] wal-dir`. The newest link's meta store goes to `<meta>/meta.db`; of every shard it
/// names, the newest whole copy in the chain is unpacked from its tar into `<data>/<db>/<rp>/<id>/`
/// as it streams (ShardTar::Extractor); the WAL starts empty. Shards dropped since (retention,
/// DROP DATABASE) are left out: influxd would not know them.
///
/// A shard whose newest whole copy is followed by reference links (archive format 4) is rebuilt
/// first: its tar, then each reference link applied as the engine reads its link
/// (FileVersionWriter), into `<data>.restore-new/.tidemark-rebuild-shard-<id>.tar`; after the
/// last one its checksum is checked (FileRebuild::checkRebuilt), then it is unpacked like a
/// whole copy and removed. Block links are refused (Tidemark's only).
class Influx1RestoreTarget : public RestoreTarget {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    [[nodiscard]] Result<Config> loadConfig(const QString &configPath) const override;
    [[nodiscard]] bool recognizesConfig(const QString &configPath) const override;
    [[nodiscard]] bool locksDirectories() const override { return false; }
    [[nodiscard]] QString stopFix() const override;
    [[nodiscard]] QString exampleDir(const QString &key) const override;
    [[nodiscard]] bool needsNewestMeta() const override { return true; }
    [[nodiscard]] bool takesRefLinks() const override { return true; }
    [[nodiscard]] Status planWrites(const BackupChain &chain, size_t linkCount, const Manifest &merged,
                                    const FileSteps &steps, const QByteArray &newestMeta,
                                    RestorePlan &plan) const override;
    [[nodiscard]] QString planNote(const RestorePlan &plan) const override;
    [[nodiscard]] Status prepare(const NewDirs &dirs) const override;
    [[nodiscard]] Result<std::unique_ptr<EntrySink>> openEntry(const RestorePlan::Write &write, size_t step,
                                                               const QString &link, const NewDirs &dirs,
                                                               restorefs::ReadBack &readBack) const override;
    [[nodiscard]] Status finish(const RestorePlan &plan, const NewDirs &dirs,
                                const std::function<void(const QString &stage)> &stage) const override;
};

} // namespace tidemark
