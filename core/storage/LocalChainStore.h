#pragma once

#include "storage/ChainStore.h"

namespace tidemark {

/// A chain in a local directory: `PATH`, `PATH.0`, `PATH.1`, … beside each other. A new link is
/// written to `PATH.N.tmp`, then fsync, rename, fsync of the directory. The lock is the file
/// `PATH.lock` (QLockFile with the owner's pid); scratch directories are
/// `.tidemark-scratch-XXXXXX/` beside the chain (LocalScratch).
class LocalChainStore : public ChainStore {
    Q_DECLARE_TR_FUNCTIONS(LocalChainStore)

public:
    explicit LocalChainStore(const QString &path);

    [[nodiscard]] QString path() const override { return m_path; }
    [[nodiscard]] QString localDirectory() const override;
    [[nodiscard]] Result<Listing> list() const override;
    [[nodiscard]] Result<std::unique_ptr<QIODevice>> openLink(int number) const override;
    [[nodiscard]] Result<std::unique_ptr<Writer>> createLink(int number) override;
    [[nodiscard]] Status removeLink(int number) override;
    [[nodiscard]] Result<std::unique_ptr<Lock>> lock() override;
    void removeLeftovers() override;
    void removeDeadScratch() override;
    [[nodiscard]] Result<std::unique_ptr<Scratch>> scratch() const override;
    [[nodiscard]] Result<std::optional<QByteArray>> readSidecar(const QString &name) const override;
    [[nodiscard]] Status writeSidecar(const QString &name, const QByteArray &bytes) override;
    [[nodiscard]] Status removeSidecar(const QString &name) override;

    /// Sidecars are small: a bigger one is refused rather than read.
    static constexpr qint64 kMaxSidecarBytes = 1024 * 1024;

private:
    QString m_path;
};

} // namespace tidemark
