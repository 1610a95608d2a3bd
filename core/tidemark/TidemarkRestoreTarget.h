#pragma once

#include "restore/RestoreTarget.h"

#include <QCoreApplication>

namespace tidemark {

/// A restore of a Tidemark node: the tidemarkd config names `[broker] dir` and `[data] dir`;
/// every merged file (newest index wins) goes to `<data>/meta` and `<data>/shards/<id>`; the
/// broker is not in the backup and is regenerated at the highest index with a raft config for
/// the config's `[http] bind-address`. The node takes `tidemarkd.lock` in both directories.
/// The restore's test hook step `broker` is after the broker was written.
class TidemarkRestoreTarget : public RestoreTarget {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    [[nodiscard]] Result<Config> loadConfig(const QString &configPath) const override;
    [[nodiscard]] bool recognizesConfig(const QString &configPath) const override;
    [[nodiscard]] bool locksDirectories() const override { return true; }
    [[nodiscard]] bool takesBlockLinks() const override { return true; }
    [[nodiscard]] QString stopFix() const override;
    [[nodiscard]] QString exampleDir(const QString &key) const override;
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
