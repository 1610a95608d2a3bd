#pragma once

#include "browse/ChainContents.h"
#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace tidemark {

/// What a chain holds at link N (`tidemark-cli ls CHAIN[:N] [PATH]`), without restoring it.
///
/// The chain (local or `s3://`, encrypted ones through ChainSecrets as every reader) is restored
/// up to N on paper: of each file of the merged manifest, the link holding its newest copy (the
/// rule of Manifest::merge and of restore). Then only what is needed is read, through the chain's
/// kind (NodeKind::contentsReader()): first the meta file from its link (databases, retention
/// policies, shards), then, of the shards the selection keeps, each from its link. Each link is
/// read at most once, from its start and only as far as its last needed file, every entry checked
/// as everywhere (size, checksum; a format-2 link's final manifest is read ahead from its end, so
/// a file is trusted as soon as it is out); a damaged entry on the way is an Integrity error
/// naming the link and the file. Files that need random access go to the store's scratch
/// directory one at a time and are removed after; the scratch goes with the browse, whatever
/// happened. Memory does not grow with the shards' sizes.
class ChainBrowser {
    Q_DECLARE_TR_FUNCTIONS(ChainBrowser)

public:
    /// A path inside the backup: `db`, `db/rp`, `db/rp/SHARD-ID`, `db/rp/SHARD-ID/measurement`
    /// (split at its first three slashes: a measurement may hold more); empty: everything.
    struct Selection {
        QString database;
        QString retentionPolicy;
        std::optional<quint64> shard;
        QString measurement;

        /// Usage error for a malformed path (an empty part, a shard id that is not a number).
        [[nodiscard]] static Result<Selection> parse(const QString &path);
        [[nodiscard]] QString toString() const;
        [[nodiscard]] bool isEmpty() const { return database.isEmpty(); }
    };

    struct Options {
        QString chain;           ///< The chain's location (its full snapshot), local or `s3://`.
        std::optional<int> upto; ///< The link: -1 the full, N `PATH.N`; absent: the newest.
        Selection selection;
        /// Down to the shards only (ids, times, bytes, links): the meta file is all that is read,
        /// however large the shards. Refused with a measurement in the selection.
        bool shallow = false;
    };

    /// `CHAIN[:N]` as `ls` takes it: N after the last colon when what follows it holds no `/`
    /// (so `s3://bucket/key` is a chain, `s3://bucket/key:2` its link 2); `CHAIN:` is CHAIN at its
    /// newest link (for a name with a colon after its last slash). Usage error when N is not a
    /// number from -1 on.
    [[nodiscard]] static Result<std::pair<QString, std::optional<int>>> parseChainArgument(const QString &argument);

    using Progress = std::function<void(const QString &stage, qint64 done, qint64 total)>;
    /// Reads what the selection asks for (see above). Errors: the chain's own (NotFound when
    /// there is none; Integrity, Io, Auth, …), NotFound when it has no link N or when the
    /// selection names what the chain does not hold at N (the message says what it holds),
    /// Cancelled when `cancelled` was set.
    [[nodiscard]] static Result<ChainContents> browse(const Options &options, const Progress &progress = {},
                                                      const std::atomic_bool *cancelled = nullptr);
};

} // namespace tidemark
