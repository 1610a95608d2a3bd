#pragma once

#include "common/CompressionOptions.h"
#include "common/Error.h"
#include "common/Job.h"
#include "snapshot/Manifest.h"

#include <QMetaType>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace tidemark {

class BackupChain;
class ChainStore;

/// What a finished consolidation did.
struct ConsolidateResult {
    Error error{ErrorCode::Ok, {}, {}}; ///< code Ok on success.
    QString source;                     ///< The chain read, canonical.
    QString destination;                ///< The new chain's location, canonical.
    int upto = -1;                      ///< The last link of the source taken (-1: its full only).
    Manifest manifest;                  ///< The synthetic full's (final) manifest.
    int linksRead = 0;                  ///< Links of the source that gave a file.
    qint64 bytesRead = 0;               ///< Of those links, as stored.
    qint64 bytesWritten = 0;            ///< The new full, as stored.
    qint64 seconds10 = 0;               ///< Duration in tenths of a second.

    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// A synthetic full (`tidemark-cli consolidate CHAIN [--upto N] NEWPATH`): a new chain at NEWPATH
/// whose full snapshot is CHAIN restored up to link N, made from the chain alone (the node is not
/// contacted). Its manifest is CHAIN's merged manifest up to N (the same files, sizes, indexes,
/// checksums, node, kind, index and time; a chain id of its own, for a new chain), so a restore
/// of it gives the same data, and a backup to NEWPATH continues with incrementals, because the
/// node is sent the same merged manifest.
///
/// Each file comes from the link that holds its newest copy. Those links are read one after the
/// other, each once from its start and only forward (the new full lists `meta` first, then each
/// link's files in that link's own order), every entry checked as it streams (size, and checksum
/// against the link's manifest, its final one for format 2; links whose files are all superseded
/// are not read); the bytes go into the new link as they come, so memory does not grow with the
/// chain's size. A file whose newest version is a block link (format 3) is rebuilt first from its
/// whole copy and block links (BackupChain::steps; each link holding one of their versions read
/// once, in order) into the source store's scratch, checked against its `fileChecksum`, and
/// written whole: the new full is format 2 and holds no block link (scratch: those files' size).
/// The new full is written and committed
/// like any link (a temporary link, checksums, fsync or a complete upload, then visible, with
/// NEWPATH's lock held); on any failure or cancel nothing of it stays. An encrypted CHAIN gives
/// an encrypted NEWPATH under the same keys (its keys file is copied first).
class ConsolidateJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(ConsolidateJob)

public:
    struct Options {
        QString source;          ///< CHAIN: a chain's location, local or `s3://`.
        std::optional<int> upto; ///< `--upto N`: the last link taken (-1 the full); absent: all.
        QString destination;     ///< NEWPATH: where the new chain goes; must hold no chain.
        /// How the new full is compressed; absent: as CHAIN's newest link taken.
        std::optional<CompressionOptions> compression;
    };

    explicit ConsolidateJob(Options options, QObject *parent = nullptr);
    ~ConsolidateJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// What the last run did; valid once finished() was emitted.
    [[nodiscard]] const ConsolidateResult &result() const { return m_result; }

    /// Runs the whole consolidation on the calling thread (start() runs this on a pool thread).
    [[nodiscard]] ConsolidateResult run();

    using Progress = std::function<void(const QString &stage, qint64 done, qint64 total)>;
    /// The work itself (BackupJob's roll onto a synthetic full uses it too): writes the full of
    /// `source` up to link `upto` as link -1 of `destination`, which holds no link and whose lock
    /// the caller holds (an encrypted source's keys are copied there first). `result` gets what
    /// was done.
    [[nodiscard]] static Status consolidate(const BackupChain &source, int upto,
                                            const std::shared_ptr<ChainStore> &destination,
                                            const std::optional<CompressionOptions> &compression,
                                            ConsolidateResult &result, const Progress &progress,
                                            const std::atomic_bool *cancelled);

protected:
    [[nodiscard]] Error execute() override;

private:
    Options m_options;
    ConsolidateResult m_result;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::ConsolidateResult)
