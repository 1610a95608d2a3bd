#pragma once

#include "browse/ContentsReader.h"

#include <QCoreApplication>

namespace tidemark {

/// What a Tidemark node's files hold, for `ls` (ContentsReader): the meta store (an LMDB file:
/// databases, retention policies, shard groups) and each shard file (LMDB: its series, walked
/// by seeking past each one's points, ShardStore::forEachSeries). Both are LMDB files: each is
/// written whole into the scratch directory and opened (as a closed copy) only once the link's
/// reader checked its checksum, then removed.
class TidemarkContents : public ContentsReader {
    Q_DECLARE_TR_FUNCTIONS(TidemarkContents)

public:
    [[nodiscard]] Result<std::unique_ptr<Sink>>
    openMeta(const Context &context, std::vector<ChainContents::Database> *databases) const override;
    [[nodiscard]] Result<std::unique_ptr<Sink>>
    openShard(const Context &context, quint64 id, std::vector<ChainContents::Measurement> *measurements) const override;
};

} // namespace tidemark
