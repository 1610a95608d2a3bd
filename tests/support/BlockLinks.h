#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QString>

#include <vector>

/// Block links made by hand, for the tests of their readers (restore, verify, consolidate,
/// browse) without a node: a link appended to a local chain whose files are block links against
/// the chain's current version of each (rebuilt with FileRebuild), written as tidemarkd writes
/// them (format 3, the head listing each block link by index and base, the final manifest after).
class BlockLinks {
public:
    struct File {
        QString name; ///< `meta` or `shards/<id>`.
        QString path; ///< The file's new version.
        quint64 index = 0;
        bool whole = false; ///< A whole copy instead of a block link.
    };
    /// Appends PATH.N to the local chain at `chainPath` holding `files`; the link's index is the
    /// highest file index. A block link needs a version of its file in the chain.
    /// The block link's bytes from `before` to `after`: every block whose hash differs, or that
    /// `before` lacks, as tidemarkd encodes them; empty if the encoder refused.
    [[nodiscard]] static QByteArray diff(const QByteArray &before, const QByteArray &after, qint32 blockSize = 4096);
    [[nodiscard]] static tidemark::Status append(const QString &chainPath, const std::vector<File> &files,
                                                 qint32 blockSize = 4096);
};
