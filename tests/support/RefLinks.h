#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QString>

/// Reference links made by hand, for the tests of their readers (restore, verify, consolidate,
/// browse, online restore) without the backup client's TSM matching: a generic matcher of equal
/// byte ranges, and a link of a local InfluxDB chain rewritten so that every shard the chain held
/// before is a reference link (archive format 4, the head listing each by name and base, the
/// final manifest after), as the backup client writes them.
class RefLinks {
public:
    /// The reference link's bytes from `before` to `after`: every 4 KiB of `after` at a 512-byte
    /// boundary that `before` holds at a 512-byte boundary (compared byte for byte) becomes a
    /// reference, extended while equal; the rest literals. Empty if the encoder refused.
    [[nodiscard]] static QByteArray diff(const QByteArray &before, const QByteArray &after);
    /// Rewrites link `number` (0 = PATH.0) of the local chain at `chainPath`, written whole (e.g.
    /// `backup --whole-files`), so that each shard it holds that an earlier link holds too is a
    /// reference link against the chain's version before it; every rebuilt file, index and
    /// boundary stays the same. Replaces the file atomically. Shards whose diff would be empty are
    /// still written as reference links (all literals when nothing matched).
    [[nodiscard]] static tidemark::Status rewrite(const QString &chainPath, int number);
};
