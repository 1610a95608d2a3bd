#pragma once

#include "common/CompressionOptions.h"
#include "common/Error.h"
#include "common/Job.h"
#include "crypto/ChainKeys.h"
#include "kinds/BackupResult.h"
#include "kinds/ConnectionSettings.h"
#include "storage/ChainStore.h"

#include <memory>

namespace tidemark {

class BackupChain;
class RateLimiter;

/// Takes one backup of a node into a chain, following the seed's rule: PATH absent → a full
/// snapshot at PATH; PATH present → the next incremental PATH.N holding only files whose index
/// grew; nothing grew → no new file.
///
/// The node's kind takes the link (NodeKind::backup): the archive is streamed into a new link of
/// the chain's store (`PATH.N.tmp` for a local chain) while every file's size and checksum are
/// checked against the manifest, and the link becomes visible only when committed (fsync, rename,
/// fsync of the directory). On any failure or cancel nothing of it stays and the chain is exactly
/// as before. The store's lock (`PATH.lock`) keeps two backups from writing one chain at once.
/// Memory does not grow with the snapshot's size.
///
/// With `retries` > 0 an attempt that fails with ErrorCode::Connection (refused, lost, timed out)
/// is run again from the start after a wait (`retryWaitMs`, doubled after each retry, at most
/// 30 s), announced by retrying(). Every other error (auth, protocol, snapshots disabled,
/// integrity, disk, cancel) ends the job at once. The lock is held across the attempts.
///
/// A Job: stages, progress (verified bytes of the whole snapshot, and of the file being
/// received), retries and finished() as Job says; result() holds what the backup did.
class BackupJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(BackupJob)

public:
    /// The node (ConnectionSettings: host, kind, token, TLS, timeout, retries, databases) and
    /// where its chain is.
    struct Options : ConnectionSettings {
        QString path;
        CompressionOptions compression; ///< `--compress`, `--compress-threads`.
        qint64 limitRate = 0;           ///< Bytes per second received from the node; 0: no limit (`--limit-rate`).
        /// `--encrypt`: a new chain is encrypted (its keys get one slot for the first secret
        /// ChainSecrets holds); an encrypted chain is encrypted anyway, a plain one refuses it.
        bool encrypt = false;
        KdfParams kdf;    ///< Argon2id's cost for a new chain's passphrase slot.
        QString keyLabel; ///< The new chain's first key slot's label.
        /// The new chain's first key (the GUI's, per location); without it, ChainSecrets' first.
        std::shared_ptr<const KeySecret> newChainSecret;
        /// `--max-links K` (0: none): PATH names a series (ChainLocation::seriesHead) and the backup
        /// goes to its newest chain; when that one holds K links already, it is first rolled onto a
        /// synthetic full, a new chain `PATH-YYYYMMDDTHHMMSSZ` (ConsolidateJob::consolidate), so
        /// no chain grows past K links and the node never sends a full again.
        int maxLinks = 0;
        /// `--whole-files`: ask the node for every changed file whole, no block links, so each
        /// incremental is self-contained for its files.
        bool wholeFiles = false;
    };

    /// The wait before retry `retry` (1-based): `retryWaitMs` doubled `retry - 1` times, at most
    /// kMaxRetryWaitMs.
    [[nodiscard]] static int retryWait(int retryWaitMs, int retry);
    static constexpr int kMaxRetryWaitMs = 30000;

    explicit BackupJob(Options options, QObject *parent = nullptr);
    ~BackupJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// What the last run did; valid once finished() was emitted.
    [[nodiscard]] const BackupResult &result() const { return m_result; }

    /// Runs the whole backup on the calling thread (start() runs this on a pool thread).
    [[nodiscard]] BackupResult run();

protected:
    [[nodiscard]] Error execute() override;

private:
    /// One attempt with the lock held: opens the chain, removes leftovers, runs the kind's
    /// backup (NodeKind::backup).
    [[nodiscard]] Result<BackupResult> attempt(const std::shared_ptr<ChainStore> &store, RateLimiter &limiter);
    /// With the lock held: a new chain's keys with --encrypt (true when it made them), the keys an
    /// encrypted backup left on a chain that got no link removed without, a plain chain refusing
    /// --encrypt.
    [[nodiscard]] Result<bool> prepareKeys(ChainStore &store);
    /// The attempt once the keys are in place.
    [[nodiscard]] Result<BackupResult> attemptWithKeys(const std::shared_ptr<ChainStore> &store, RateLimiter &limiter);
    /// `--max-links`: with `store`'s lock held, rolls its chain onto a synthetic full in a new
    /// chain of its series when it holds `maxLinks` links; the new chain's store and lock replace
    /// the old ones (unchanged when no roll is due).
    [[nodiscard]] Status rollIfFull(std::shared_ptr<ChainStore> &store, std::unique_ptr<ChainStore::Lock> &lock,
                                    BackupResult &rolled);
    /// Sleeps `ms` in short steps; false when cancelled meanwhile.
    [[nodiscard]] bool waitUnlessCancelled(int ms) const;

    Options m_options;
    BackupResult m_result;
};

} // namespace tidemark
