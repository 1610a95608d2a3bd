#pragma once

#include "browse/ContentsReader.h"

#include <QCoreApplication>

namespace tidemark {

/// What an InfluxDB 1.x node's files hold, for `ls` (ContentsReader): the meta store blob
/// (MetaBlob: databases, retention policies, shard groups with their time ranges) and each
/// shard's tar, read as it streams (ShardTar::Extractor with a visitor): every TSM file goes
/// into the scratch directory, only its index is read (TsmIndex: keys and each block's first
/// and last time, from the footer on, no block decompressed), then it is removed; its
/// tombstones (TsmTombstones) take out what was deleted since it was written.
///
/// A TSM file is read once its tombstone can no longer follow it (the tar's next file is of
/// another name, or the tar ended): influxd's tars list a file's tombstone right before it, but
/// any order of the two is read alike, with at most two TSM files in scratch at once. A series
/// counts once per shard, however many files hold it (memory: the shard's series keys); a
/// measurement's times are those of the index blocks left: a block a tombstone deletes only in
/// part counts whole.
class InfluxContents : public ContentsReader {
    Q_DECLARE_TR_FUNCTIONS(InfluxContents)

public:
    /// The largest meta store blob read (it is held in memory, as the backup held it).
    static constexpr qint64 kMaxMetaBytes = 256LL << 20;

    [[nodiscard]] Result<std::unique_ptr<Sink>>
    openMeta(const Context &context, std::vector<ChainContents::Database> *databases) const override;
    [[nodiscard]] Result<std::unique_ptr<Sink>>
    openShard(const Context &context, quint64 id, std::vector<ChainContents::Measurement> *measurements) const override;
};

} // namespace tidemark
