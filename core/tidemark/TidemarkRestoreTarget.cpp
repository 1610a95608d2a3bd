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
                                         const QByteArray &, RestorePlan &plan) const
{
    // Newest index wins per file; the link that holds each entry.
    for (const ManifestFile &file : merged.files) {
        QString from;
        for (size_t i = 0; i < linkCount; ++i) {
            const ManifestFile *entry = chain.links()[i].manifest.file(file.name);
            if (entry && *entry == file)
                from = chain.links()[i].path;
        }
        plan.writes.push_back({file, from});
        plan.bytesToWrite += file.size;
        plan.brokerIndex = std::max(plan.brokerIndex, file.index);
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
                                                                                   const QString &, const NewDirs &dirs,
                                                                                   restorefs::ReadBack &readBack) const
{
    return fileSink(dirs.value(QStringLiteral("data")) + QLatin1Char('/') + write.file.name, write.file, readBack);
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
