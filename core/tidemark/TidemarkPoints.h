#pragma once

#include "browse/PointReader.h"

#include <QCoreApplication>

namespace tidemark {

/// A Tidemark node's points, for `export` (PointReader): each shard file is written whole into the
/// scratch directory as it streams, opened as LMDB once the link's reader checked it, its points
/// read with the filter pushed down (ShardStore::forEachPoint: a seek to the measurement, to
/// each series' first point in the range, past the rest) and written; then the file is removed.
/// The meta store is not needed beyond what ContentsReader gives.
class TidemarkPoints : public PointReader {
    Q_DECLARE_TR_FUNCTIONS(TidemarkPoints)

public:
    [[nodiscard]] Result<std::unique_ptr<Session>> begin(const Filter &filter, PointWriter &out) const override;
};

} // namespace tidemark
