#pragma once

#include "restore/RestoreTarget.h"

#include <QCoreApplication>

namespace tidemark {

/// A restore of an InfluxDB 1.x node: the influxdb.conf names `[meta] dir`, `[data] dir` and
/// `[data] wal-dir`. The newest link's meta store goes to `<meta>/meta.db`; of every shard it
/// names, the newest copy in the chain (each copy is a whole shard) is unpacked from its tar into
/// `<data>/<db>/<rp>/<id>/` as it streams (ShardTar::Extractor); the WAL starts empty. Shards dropped since (retention,
/// DROP DATABASE) are left out: influxd would not know them.
class Influx1RestoreTarget : public RestoreTarget {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    [[nodiscard]] Result<Config> loadConfig(const QString &configPath) const override;
    [[nodiscard]] bool recognizesConfig(const QString &configPath) const override;
    [[nodiscard]] bool locksDirectories() const override { return false; }
    [[nodiscard]] QString stopFix() const override;
    [[nodiscard]] QString exampleDir(const QString &key) const override;
    [[nodiscard]] bool needsNewestMeta() const override { return true; }
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
