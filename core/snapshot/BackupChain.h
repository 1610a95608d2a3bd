#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <vector>

namespace tidemark {

/// A backup chain on disk: `PATH` (the full snapshot), then `PATH.0`, `PATH.1`, … (incrementals).
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
    };

    /// Reads the chain at `path`; an absent PATH is an empty chain, not an error.
    [[nodiscard]] static Result<BackupChain> open(const QString &path);

    [[nodiscard]] const QString &path() const { return m_path; }
    [[nodiscard]] bool isEmpty() const { return m_links.empty(); }
    [[nodiscard]] const std::vector<Link> &links() const { return m_links; }
    /// Where the next backup goes: PATH when the chain is empty, else PATH.<number of incrementals>.
    [[nodiscard]] QString nextPath() const;
    /// The merged manifest of all links (see Manifest::merge); empty manifest for an empty chain.
    [[nodiscard]] Manifest merged() const;
    /// The merged manifest of the full snapshot and incrementals up to PATH.<upto> (-1 = full only).
    [[nodiscard]] Result<Manifest> mergedUpTo(int upto) const;
    /// `*.tmp` files beside the chain, left by interrupted backups.
    [[nodiscard]] const QStringList &leftovers() const { return m_leftovers; }

    /// Reads just the manifest of one archive file.
    [[nodiscard]] static Result<Manifest> readManifest(const QString &archivePath);

private:
    QString m_path;
    std::vector<Link> m_links;
    QStringList m_leftovers;
};

} // namespace tidemark
