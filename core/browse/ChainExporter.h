#pragma once

#include "browse/ChainBrowser.h"
#include "browse/PointReader.h"
#include "browse/PointWriter.h"
#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <optional>

namespace tidemark {

/// The points of a chain's state at link N (`tidemark-cli export CHAIN[:N] --database D …`),
/// streamed to a PointWriter as line protocol or CSV, for both kinds, without restoring the chain
/// into a node of the user's.
///
/// As ChainBrowser: the chain (local, `s3://`, encrypted through ChainSecrets) is planned from the
/// merged manifest up to N, the meta file is read from the link holding its newest copy (through
/// the kind's ContentsReader: databases, policies, shards), the database and policy are checked
/// (NotFound naming what is there), and of the policy's shards only those whose group overlaps
/// [start, end) are read, each from the link holding its newest copy, into the session of the
/// kind's PointReader. Shards go in time order (per retention policy, by the start of their
/// group): a series' points come out in time order across shards. A link is read forward only;
/// when the next shard lies behind what was read of a link, that link is opened again. Every
/// entry is checked on the way (a damaged one is an Integrity error naming the link and file).
class ChainExporter {
    Q_DECLARE_TR_FUNCTIONS(ChainExporter)

public:
    struct Options {
        QString chain;
        std::optional<int> upto;
        PointReader::Filter filter;
    };
    struct Summary {
        QString chain;
        int upto = -1;
        QString link;
        Manifest::Kind kind = Manifest::Kind::Tidemark;
        int shards = 0; ///< Shards read.
        int linksRead = 0;
        qint64 bytesRead = 0;
    };

    /// Reads the points the options name into `out` (not flushed). Errors: the chain's own,
    /// NotFound for a link, database, retention policy or measurement the chain lacks at N
    /// (a measurement: none of the shards read holds it), Usage for an empty range, Cancelled.
    [[nodiscard]] static Result<Summary> exportPoints(const Options &options, PointWriter &out,
                                                      const ChainBrowser::Progress &progress = {},
                                                      const std::atomic_bool *cancelled = nullptr);

    /// A time as `--start`/`--end` take it: RFC 3339 (`2026-11-30T12:00:00Z`, with a fraction of
    /// up to nine digits and `Z` or an offset) or an integer with a unit (`1700000000s`, `ms`,
    /// `us`, `ns`; a bare integer is nanoseconds). Usage error naming `option` otherwise.
    [[nodiscard]] static Result<std::int64_t> parseTime(const QString &text, const QString &option);
};

} // namespace tidemark
