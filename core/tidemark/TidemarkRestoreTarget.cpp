#include "tidemark/TidemarkRestoreTarget.h"

#include "common/Staging.h"
#include "config/NodeConfig.h"
#include "restore/RestoreFiles.h"
#include "snapshot/BackupChain.h"
#include "store/BrokerStore.h"

#include <QFile>

namespace tidemark {

Result<RestoreTarget::Config> TidemarkRestoreTarget::loadConfig(const QString &configPath) const
{
    auto config = NodeConfig::load(configPath);
    if (!config)
        return config.error();
    Config result;
    result.dirs = {{QStringLiteral("[broker] dir"), config->brokerDir, QStringLiteral("broker")},
                   {QStringLiteral("[data] dir"), config->dataDir, QStringLiteral("data")}};
    result.addresses = {config->httpBind, config->snapshotBind};
    result.brokerUrl = QStringLiteral("http://") + config->httpBind.toString();
    return result;
}

bool TidemarkRestoreTarget::recognizesConfig(const QString &configPath) const
{
    return NodeConfig::load(configPath).ok(); // It refuses unknown sections, so no other kind's config loads.
}

QString TidemarkRestoreTarget::stopFix() const
{
    return tr("Stop tidemarkd first (e.g. systemctl stop tidemarkd), then run restore again.");
}

QString TidemarkRestoreTarget::exampleDir(const QString &key) const
{
    return QStringLiteral("/var/lib/tidemark/") + key.section(QLatin1Char(']'), 0, 0).mid(1);
}

Status TidemarkRestoreTarget::planWrites(const BackupChain &chain, size_t linkCount, const Manifest &merged,
                                         const FileSteps &steps, const QByteArray &, RestorePlan &plan) const
{
    // Newest index wins per file: its whole copy, then the block links after it (BackupChain::steps).
    for (const ManifestFile &file : merged.files) {
        const auto found = steps.find(file.name);
        if (found == steps.end() || found->second.empty())
            return makeError(ErrorCode::Integrity,
                             tr("The chain lists '%1' but no link holds a version of it").arg(file.name));
        RestorePlan::Write write;
        for (const Manifest::Step &step : found->second) {
            if (step.link >= linkCount)
                return makeError(ErrorCode::Failure, tr("'%1' has a version after the restored link").arg(file.name));
            write.steps.push_back({step.file, chain.links()[step.link].path});
        }
        write.file = write.steps.back().file;
        write.fromLink = write.steps.back().fromLink;
        plan.bytesToWrite += write.file.fileSize();
        plan.brokerIndex = std::max(plan.brokerIndex, write.file.index);
        plan.writes.push_back(std::move(write));
    }
    return {};
}

QString TidemarkRestoreTarget::planNote(const RestorePlan &plan) const
{
    return QStringLiteral("broker index %1, raft config for %2").arg(plan.brokerIndex).arg(plan.brokerUrl);
}

Status TidemarkRestoreTarget::prepare(const NewDirs &dirs) const
{
    return restorefs::makePath(dirs.value(QStringLiteral("data")) + QStringLiteral("/shards"));
}

Result<std::unique_ptr<RestoreTarget::EntrySink>> TidemarkRestoreTarget::openEntry(const RestorePlan::Write &write,
                                                                                   size_t step, const QString &,
                                                                                   const NewDirs &dirs,
                                                                                   restorefs::ReadBack &readBack) const
{
    // Every step of a file goes to the same path: the block links apply to what the steps before staged.
    return fileSink(dirs.value(QStringLiteral("data")) + QLatin1Char('/') + write.file.name, write, step, readBack);
}

Status TidemarkRestoreTarget::finish(const RestorePlan &plan, const NewDirs &dirs,
                                     const std::function<void(const QString &stage)> &stage) const
{
    // The broker is not in the backup: it is regenerated from the highest index and the config.
    const QString brokerNew = dirs.value(QStringLiteral("broker"));
    stage(tr("regenerating the broker at index %1").arg(plan.brokerIndex));
    if (Status s = BrokerStore::create(brokerNew, plan.brokerIndex, plan.brokerUrl); !s)
        return s;
    if (Status s = restorefs::syncFile(brokerNew + QStringLiteral("/meta")); !s)
        return s;
    for (const QString &dir : QStringList{brokerNew + QStringLiteral("/raft"), brokerNew}) {
        if (Status s = syncDirectory(dir); !s)
            return s;
    }
    QFile::remove(brokerNew + QStringLiteral("/meta-lock")); // Made by the LMDB open above; the node makes its own.
    restorefs::stopHook("broker");
    return {};
}

} // namespace tidemark
