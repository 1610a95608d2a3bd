#pragma once

#include "common/Error.h"
#include "storage/ChainStore.h"

#include <QCoreApplication>
#include <QLockFile>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace tidemark {

/// The local store's scratch: a directory beside a chain, `.tidemark-scratch-XXXXXX/`, for work
/// that needs a file on disk (walking an LMDB file of a link, staging an InfluxDB shard). It is removed when the object
/// goes; a process killed with it open leaves it, and the next command on any chain of that directory removes it
/// (removeLeftovers(), called by LocalChainStore::removeDeadScratch): the directory holds a lock file with the owner's
/// pid, so a scratch directory of a process that still runs is never touched. One killed between making the directory
/// and locking it has no owner to ask: it is removed once it is a minute old.
class LocalScratch : public ChainStore::Scratch {
    Q_DECLARE_TR_FUNCTIONS(LocalScratch)

public:
    /// Creates the directory beside `chainPath`.
    [[nodiscard]] static Result<std::unique_ptr<LocalScratch>> create(const QString &chainPath);
    /// Removes what killed processes left beside `chainPath`; returns how many directories went.
    static int removeLeftovers(const QString &chainPath);

    [[nodiscard]] QString filePath(const QString &name) const override { return m_dir.filePath(name); }
    [[nodiscard]] QString path() const override { return m_dir.path(); }

    LocalScratch(const LocalScratch &) = delete;
    LocalScratch &operator=(const LocalScratch &) = delete;
    ~LocalScratch() override;

private:
    explicit LocalScratch(const QString &templatePath);
    QTemporaryDir m_dir;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace tidemark
