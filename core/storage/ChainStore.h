#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace tidemark {

/// Where a backup chain lives: everything in core that reads or writes a chain's files goes
/// through this interface, so a chain can live anywhere a store is written for. The local
/// directory (LocalChainStore) is the first; object storage comes next behind the same calls.
///
/// A chain is named by the location of its full snapshot, `PATH`; its links are numbered: -1 is
/// the full snapshot `PATH`, N ≥ 0 the incremental `PATH.N` (the seed's naming). The store
/// knows nothing of archives or manifests (BackupChain does): it lists, streams and commits
/// bytes.
///
/// - list(): which links exist (with sizes) and the leftovers of interrupted writers;
/// - openLink(): a link as a sequential stream (a QIODevice open for reading);
/// - createLink(): a Writer whose bytes become the link only on commit() — durable first, then
///   visible; a Writer destroyed without commit() leaves nothing behind;
/// - removeLink(): removes one link (retention will use it);
/// - lock(): one writer per chain at a time (a stale lock of a dead process is taken over);
/// - removeLeftovers(): temporary links of killed writers (only with the lock held);
/// - removeDeadScratch(): scratch of killed processes (safe at any time: a live owner's stays);
/// - scratch(): a private local directory for work that needs a real file (walking an LMDB
///   file), removed when the Scratch goes.
class ChainStore {
    Q_DECLARE_TR_FUNCTIONS(ChainStore)

public:
    struct LinkEntry {
        int number = -1;  ///< -1: the full snapshot; N: the incremental PATH.N.
        qint64 bytes = 0; ///< Size of the stored link.
    };
    struct Listing {
        std::vector<LinkEntry> links; ///< Present links: the full (if any) first, then by number.
        QStringList leftovers;        ///< Temporary links of interrupted backups (never read).
    };

    /// The bytes of a new link, visible only once committed.
    class Writer {
    public:
        virtual ~Writer() = default;
        /// Open for writing; write the link's bytes here.
        [[nodiscard]] virtual QIODevice &device() = 0;
        /// Makes the bytes durable, then visible as the link.
        [[nodiscard]] virtual Status commit() = 0;
        /// Where the bytes go meanwhile (for messages).
        [[nodiscard]] virtual QString pendingName() const = 0;
        /// Why device() refused a write, as the store knows it (an upload that failed for good,
        /// with its own code and hint); empty where device()'s errorString() says all (a file).
        [[nodiscard]] virtual std::optional<Error> writeError() const { return std::nullopt; }
    };

    /// Held while a backup writes the chain; released when destroyed.
    class Lock {
    public:
        virtual ~Lock() = default;
    };

    /// A private local directory, removed when destroyed.
    class Scratch {
    public:
        virtual ~Scratch() = default;
        [[nodiscard]] virtual QString filePath(const QString &name) const = 0;
        [[nodiscard]] virtual QString path() const = 0;
    };

    virtual ~ChainStore() = default;

    /// The store for the chain at `location`: `s3://BUCKET/KEY` (S3ChainStore), else a local path.
    [[nodiscard]] static std::unique_ptr<ChainStore> open(const QString &location);
    /// `location` made absolute and clean: a local path against the working directory; an S3 URL
    /// as it is (with its scheme in lower case and no doubled slashes after the bucket).
    [[nodiscard]] static QString canonicalLocation(const QString &location);
    /// Whether `location` names a chain on object storage rather than a local path.
    [[nodiscard]] static bool isRemote(const QString &location);

    /// The chain's location, cleaned: where its full snapshot is.
    [[nodiscard]] virtual QString path() const = 0;
    /// The location of link `number` (-1: the full snapshot).
    [[nodiscard]] QString linkPath(int number) const;
    /// The directory holding the chain on this machine's file system; empty for a remote store.
    [[nodiscard]] virtual QString localDirectory() const = 0;

    [[nodiscard]] virtual Result<Listing> list() const = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<QIODevice>> openLink(int number) const = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<Writer>> createLink(int number) = 0;
    [[nodiscard]] virtual Status removeLink(int number) = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<Lock>> lock() = 0;
    virtual void removeLeftovers() = 0;
    virtual void removeDeadScratch() = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<Scratch>> scratch() const = 0;

    /// A small file kept beside the chain, `PATH.<name>` (an encrypted chain's `keys`): its
    /// bytes, or nullopt when there is none.
    [[nodiscard]] virtual Result<std::optional<QByteArray>> readSidecar(const QString &name) const = 0;
    /// Writes sidecar `name` whole, durable before it replaces the old one, at once.
    [[nodiscard]] virtual Status writeSidecar(const QString &name, const QByteArray &bytes) = 0;
    /// Removes sidecar `name` (none there is no error).
    [[nodiscard]] virtual Status removeSidecar(const QString &name) = 0;
    /// The location of sidecar `name`, for messages.
    [[nodiscard]] QString sidecarPath(const QString &name) const { return path() + QLatin1Char('.') + name; }

    /// Why reading `device` (a link this store opened) failed, naming `path`: the store's own
    /// error with its code where the device carries one (a decrypting device's failed check is
    /// Integrity), else an Io error quoting errorString().
    [[nodiscard]] static Error readError(const QIODevice &device, const QString &path);
};

} // namespace tidemark
