#pragma once

#include "kinds/NodeKind.h"

namespace tidemark {

/// A real InfluxDB 1.x node (`influxd`): its snapshot service on 8088 (no auth, no TLS), shards
/// fetched several at once into a chain link (InfluxBackup), the meta store blob and shard tars checked
/// by verify (MetaBlob, ShardTar), and a restore into `[meta] dir`, `[data] dir` and
/// `[data] wal-dir` of an influxdb.conf (Influx1RestoreTarget).
class Influx1Kind : public NodeKind {
    Q_DECLARE_TR_FUNCTIONS(Influx1Kind)

public:
    [[nodiscard]] Manifest::Kind id() const override { return Manifest::Kind::InfluxDb1; }
    [[nodiscard]] QString displayName() const override;
    [[nodiscard]] QString shortName() const override;
    [[nodiscard]] QString program() const override { return QStringLiteral("influxd"); }
    [[nodiscard]] quint16 defaultPort() const override { return 8088; }
    [[nodiscard]] bool usesAuthToken() const override { return false; }
    [[nodiscard]] bool usesTls() const override { return false; }
    [[nodiscard]] bool backsUpChosenDatabases() const override { return true; }
    [[nodiscard]] bool indexIsTime() const override { return true; }
    [[nodiscard]] bool reportsSizes() const override { return false; }
    [[nodiscard]] QString startCommand(const QString &configPath) const override;
    [[nodiscard]] ConfigText configText() const override;
    [[nodiscard]] NodeHealth probe(const ConnectionSettings &settings) const override;
    [[nodiscard]] Result<BackupResult> backup(const BackupContext &context) const override;
    [[nodiscard]] Status checkFile(const QString &name, const QString &path, const QString &source,
                                   const std::atomic_bool *cancelled) const override;
    [[nodiscard]] const RestoreTarget &restoreTarget() const override;
    [[nodiscard]] const ContentsReader &contentsReader() const override;
    [[nodiscard]] const PointReader &pointReader() const override;
    [[nodiscard]] const OnlineImporter &onlineImporter() const override;
    [[nodiscard]] ScratchSetup scratchSetup(const QString &dir, const HostPort &http,
                                            const HostPort &snapshot) const override;
};

} // namespace tidemark
