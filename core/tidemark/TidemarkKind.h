#pragma once

#include "kinds/NodeKind.h"

namespace tidemark {

/// Tidemark's own node (`tidemarkd`): its snapshot service on 8808 (auth token, TLS), hot LMDB
/// snapshots streamed as one archive, LMDB files walked by verify, and a restore into
/// `[broker] dir` and `[data] dir` with the broker regenerated (TidemarkRestoreTarget).
class TidemarkKind : public NodeKind {
    Q_DECLARE_TR_FUNCTIONS(TidemarkKind)

public:
    /// Whether a backup asks the node for block links (unless `--whole-files`): every reader of
    /// chains (restore, verify, consolidate, ls/export, drill, online import) rebuilds them.
    /// `TIDEMARK_BLOCK_LINKS=0` turns them off where no `--whole-files` reaches (schedules, the
    /// GUI); `1` turns them on.
    static constexpr bool kBlockLinksByDefault = true;
    /// kBlockLinksByDefault, or what `TIDEMARK_BLOCK_LINKS` says.
    [[nodiscard]] static bool blockLinksEnabled();

    [[nodiscard]] Manifest::Kind id() const override { return Manifest::Kind::Tidemark; }
    [[nodiscard]] QString displayName() const override;
    [[nodiscard]] QString shortName() const override;
    [[nodiscard]] QString program() const override { return QStringLiteral("tidemarkd"); }
    [[nodiscard]] quint16 defaultPort() const override { return 8808; }
    [[nodiscard]] bool usesAuthToken() const override { return true; }
    [[nodiscard]] bool usesTls() const override { return true; }
    [[nodiscard]] bool backsUpChosenDatabases() const override { return false; }
    [[nodiscard]] bool indexIsTime() const override { return false; }
    [[nodiscard]] bool reportsSizes() const override { return true; }
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
