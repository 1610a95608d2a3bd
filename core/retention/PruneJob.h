#pragma once

#include "common/Error.h"
#include "common/Job.h"
#include "retention/Catalog.h"
#include "retention/RetentionPolicy.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <vector>

namespace tidemark {

/// What prune does (or, with --dry-run, would do) with one chain.
struct PruneDecision {
    CatalogChain chain;
    bool keep = true;
    /// Why it is kept: the policy's reasons for its points ("daily 2026-11-28"), "newest chain of
    /// its node", "locked: a backup is writing it", "times unknown: …". Empty when removed.
    QStringList reasons;
    bool removed = false;       ///< Set by a run that removed it (never by --dry-run).
    std::optional<Error> error; ///< Why removing it failed (it is then kept, whole or shorter).
};

/// What a finished prune did.
struct PruneResult {
    Error error{ErrorCode::Ok, {}, {}};
    QString location;
    RetentionPolicy policy;
    QString node; ///< `--node`, when given.
    bool dryRun = false;
    std::vector<PruneDecision> chains; ///< Every chain considered, by name.
    qint64 bytesFreed = 0;             ///< Removed (or, with --dry-run, to be removed).
    int removedCount = 0;
    qint64 seconds10 = 0;

    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// `tidemark-cli prune LOCATION --keep-… [--node ID] [--dry-run]`: removes the chains of a
/// location none of whose points a RetentionPolicy keeps.
///
/// The chains are grouped by node (CatalogChain::nodeKey) and the policy applied to each node's
/// points (every link of every chain). A chain goes only when none of its points is kept; and
/// never the newest chain of a node, a chain whose lock is held, or a chain whose times cannot be
/// read (an encrypted chain without its key, a damaged one): those are kept, and their points do
/// not count, which can only keep more of the others, never fewer.
///
/// A chain is removed with its lock held, newest link first and its full snapshot last, then its
/// sidecars: a prune killed at any point leaves it a shorter chain that is still whole (or gone),
/// and the next prune, which still keeps none of its points, finishes it. A chain that changed
/// since it was listed (a new link) is left for the next run.
class PruneJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(PruneJob)

public:
    struct Options {
        QString location;
        RetentionPolicy policy;
        QString node; ///< Only this node's chains (CatalogChain::matchesNode); empty: all.
        bool dryRun = false;
    };

    explicit PruneJob(Options options, QObject *parent = nullptr);
    ~PruneJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const PruneResult &result() const { return m_result; }
    [[nodiscard]] PruneResult run();

    /// The decisions for `catalog` under `policy` (only the chains of `node`, when given), without
    /// touching anything: what --dry-run prints and the GUI previews.
    [[nodiscard]] static std::vector<PruneDecision> plan(const Catalog &catalog, const RetentionPolicy &policy,
                                                         const QString &node = {});

protected:
    [[nodiscard]] Error execute() override;

private:
    /// Removes one chain (lock held, newest link first); false with the reason it stayed.
    [[nodiscard]] Status removeChain(PruneDecision &decision);

    Options m_options;
    PruneResult m_result;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::PruneResult)
