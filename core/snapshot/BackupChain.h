#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"
#include "storage/ChainStore.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <map>
#include <vector>

namespace tidemark {

/// A backup chain: `PATH` (the full snapshot), then `PATH.0`, `PATH.1`, … (incrementals), in a
/// ChainStore (every byte of the chain is read and written through it).
///
/// Opening reads only each link's manifest (the first archive entry), so it is cheap at any size.
/// A chain is consistent when every link's manifest parses, every incremental carries the full
/// snapshot's chainId and says `incremental`, and there is no gap (PATH.3 without PATH.2).
/// Leftover `*.tmp` files of interrupted backups are listed, never read.
class BackupChain {
    Q_DECLARE_TR_FUNCTIONS(BackupChain)

public:
    struct Link {
        QString path;
        Manifest manifest;
        qint64 bytes = 0; ///< Size of the archive file.
        int number = -1;  ///< -1: the full snapshot; N: PATH.N.
    };

    /// Reads the chain at `path`; an absent PATH is an empty chain, not an error. Removes scratch
    /// that killed processes left beside it.
    [[nodiscard]] static Result<BackupChain> open(const QString &path);
    /// The same for a chain in `store` (wrapped by EncryptedChainStore when the chain is encrypted).
    [[nodiscard]] static Result<BackupChain> open(std::shared_ptr<ChainStore> store);

    /// The store of the chain at `location` as readers use it: decrypting when the chain is
    /// encrypted (see EncryptedChainStore::open(): Auth error when no secret given opens it).
    [[nodiscard]] static Result<std::shared_ptr<ChainStore>> openStore(const QString &location);

    /// Whether the chain is encrypted (its links are read and written through its data key).
    [[nodiscard]] bool isEncrypted() const;
    /// The store the chain lives in (for an encrypted chain, the decrypting one).
    [[nodiscard]] ChainStore &store() const { return *m_store; }
    /// The same store, shared (for work on another thread that may outlive this chain object).
    [[nodiscard]] std::shared_ptr<ChainStore> sharedStore() const { return m_store; }
    /// A link's bytes as a stream.
    [[nodiscard]] Result<std::unique_ptr<QIODevice>> openLink(const Link &link) const
    {
        return m_store->openLink(link.number);
    }
    /// Whether `link` is a zstd-compressed archive (its first bytes, decrypted where encrypted);
    /// false when it cannot be read.
    [[nodiscard]] bool isCompressed(const Link &link) const;
    /// Whether `firstBytes` (of a plain, decrypted archive) start a zstd frame.
    [[nodiscard]] static bool isZstd(QByteArrayView firstBytes);
    /// The number the next backup's link gets: -1 (the full) when the chain is empty.
    [[nodiscard]] int nextNumber() const { return static_cast<int>(m_links.size()) - 1; }

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] bool isEmpty() const { return m_links.empty(); }
    [[nodiscard]] const std::vector<Link> &links() const { return m_links; }
    /// Where the next backup goes: PATH when the chain is empty, else PATH.<number of incrementals>.
    [[nodiscard]] QString nextPath() const;
    /// The merged manifest of all links (see Manifest::merge); empty manifest for an empty chain.
    [[nodiscard]] Manifest merged() const;
    /// The merged manifest of the full snapshot and incrementals up to PATH.<upto> (-1 = full only).
    [[nodiscard]] Result<Manifest> mergedUpTo(int upto) const;
    /// Of each file in the links up to incremental `upto` (-1: the full alone; it must be one the
    /// chain has), the position in links() of the link holding its newest copy: Manifest::merge's
    /// rule (highest index, the later link on a tie), so what a restore up to `upto` writes.
    [[nodiscard]] std::map<QString, size_t> newestCopies(int upto) const;
    /// How a restore up to incremental `upto` writes each file (Manifest::steps): its newest whole
    /// copy, then the block and reference links after it. Reads the final manifest of each link
    /// that holds a version such a link applies to and has no checksums in its head; Integrity
    /// errors when one does not apply to the version before it.
    [[nodiscard]] Result<std::map<QString, std::vector<Manifest::Step>>> steps(int upto) const;
    /// Whether any link up to `upto` holds a block link.
    [[nodiscard]] bool hasBlockLinks(int upto) const;
    /// Whether any link up to `upto` holds a reference link.
    [[nodiscard]] bool hasRefLinks(int upto) const;
    /// Whether any link up to `upto` holds a block or reference link (files to rebuild).
    [[nodiscard]] bool hasDeltas(int upto) const { return hasBlockLinks(upto) || hasRefLinks(upto); }
    /// `*.tmp` files beside the chain, left by interrupted backups.
    [[nodiscard]] const QStringList &leftovers() const { return m_leftovers; }

    /// Reads just the manifest of one archive; `name` names it in messages.
    [[nodiscard]] static Result<Manifest> readManifest(QIODevice &archive, const QString &name);
    /// The same for a local archive file (tests, tools).
    [[nodiscard]] static Result<Manifest> readManifest(const QString &archivePath);
    /// The final manifest of a format-2 link (every file's checksum, and the sizes and indexes a
    /// head may leave out): read from the link's end, or, where the store can only stream it, by
    /// reading the link through once.
    [[nodiscard]] Result<Manifest> finalManifest(const Link &link) const;
    /// The same for link `number` of `store` (−1 the full snapshot), named `path` in messages.
    [[nodiscard]] static Result<Manifest> finalManifest(const ChainStore &store, int number, const QString &path);

private:
    std::shared_ptr<ChainStore> m_store;
    QString m_path;
    std::vector<Link> m_links;
    QStringList m_leftovers;
};

} // namespace tidemark
