#pragma once

#include "common/Error.h"
#include "common/Job.h"

#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace tidemark {

class BackupChain;
class ChainStore;
class RateLimiter;

/// What a finished copy did.
struct CopyResult {
    struct Link {
        int number = -1;     ///< -1: the full snapshot; N: the incremental N.
        QString source;      ///< The link in SRC.
        QString destination; ///< The link in DEST.
        qint64 bytes = 0;    ///< Size of the link.
        bool copied = false; ///< False: DEST held this very link already.
    };

    Error error{ErrorCode::Ok, {}, {}}; ///< code Ok on success.
    QString source;                     ///< SRC, canonical (ChainStore::canonicalLocation).
    QString destination;                ///< DEST, canonical.
    /// SRC's links in chain order: those DEST held already, then those copied. After a failure,
    /// the links done before it (they stay in DEST; the failed one left nothing).
    std::vector<Link> links;
    qint64 bytesCopied = 0;
    qint64 seconds10 = 0; ///< Duration in tenths of a second.

    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
    [[nodiscard]] int copiedCount() const;
};

/// Copies a backup chain from one location to another, local or S3 (`tidemark-cli copy SRC
/// DEST`): a second copy off-site, checked on the way.
///
/// Only the links DEST lacks are copied, so running it again after a new backup copies just the
/// new incrementals. When DEST holds links already they must be SRC's first links, each the very
/// same (the same head manifest, so the same chain id, and the same size); a DEST that holds
/// another chain, differs from SRC in a link, or has more links than SRC is refused with
/// ErrorCode::State and nothing is written: a copy never overwrites or mixes chains.
///
/// Each link is read once as a stream; every byte goes unchanged into a new link of DEST
/// (ChainStore::createLink) and, at the same time, through an ArchiveReader that checks the
/// archive as a restore would (every entry, size and checksum, format 1 and 2, plain or zstd).
/// Only a link that was read to its end and passed is committed; on any failure (a checksum,
/// a cut or short source, a write error at DEST, cancel) its writer is dropped, so nothing of it
/// appears in DEST, and the links copied before it stay. DEST's lock is held throughout, and
/// leftovers of killed writers are removed once it is taken. Memory does not grow with a link's
/// size (the reader's buffers, and an S3 store's upload parts).
///
/// A Job: a stage per link, progress in bytes of the links to copy, the link being copied as
/// fileProgressChanged(); cancel() stops it within a fraction of a second. result() holds what
/// it did.
class CopyJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(CopyJob)

public:
    struct Options {
        QString source;       ///< SRC: a chain's location (its full snapshot), local or `s3://`.
        QString destination;  ///< DEST: where the copy goes (absent or an earlier copy of SRC).
        qint64 limitRate = 0; ///< Bytes per second read from SRC; 0: no limit (`--limit-rate`).
    };

    explicit CopyJob(Options options, QObject *parent = nullptr);
    ~CopyJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// What the last run did; valid once finished() was emitted.
    [[nodiscard]] const CopyResult &result() const { return m_result; }

    /// Runs the whole copy on the calling thread (start() runs this on a pool thread).
    [[nodiscard]] CopyResult run();

    /// How many of SRC's first links DEST holds already: 0 for an empty DEST. ErrorCode::State
    /// when DEST is not a (shorter or equal) copy of SRC: another chain, a link that differs, more
    /// links than SRC.
    [[nodiscard]] static Result<size_t> linksPresent(const BackupChain &source, const BackupChain &destination);

protected:
    [[nodiscard]] Error execute() override;

private:
    [[nodiscard]] Status copyChain(CopyResult &result);
    /// An encrypted SRC's keys go to DEST (with DEST's lock held) before any link; a plain SRC
    /// and an encrypted DEST, or two data keys, are refused.
    [[nodiscard]] Status copyKeys(const BackupChain &source, ChainStore &destination);
    /// Streams link `index` of `source` into `destination`, checking it; commits only when whole.
    [[nodiscard]] Status copyLink(const BackupChain &source, size_t index, ChainStore &destination,
                                  RateLimiter &limiter, qint64 &done, qint64 total);

    Options m_options;
    CopyResult m_result;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::CopyResult)
