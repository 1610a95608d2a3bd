#pragma once

#include "backup/VerifyJob.h"
#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace tidemark {

/// One chain of a location, as the catalog sees it.
struct CatalogChain {
    QString name; ///< The full snapshot's file name in the location.
    QString path; ///< The chain's location (`DIR/NAME`, `s3://BUCKET/PREFIX/NAME`).

    struct Link {
        int number = -1;   ///< -1: the full; N: NAME.N.
        qint64 bytes = 0;  ///< As stored.
        QDateTime created; ///< When its snapshot began (UTC); invalid when it could not be read.
    };
    std::vector<Link> links; ///< As listed: the full first, then by number.
    qint64 bytes = 0;        ///< Of every link and sidecar.

    /// From the full's manifest (zero/empty when it could not be read).
    Manifest::Kind kind = Manifest::Kind::Tidemark;
    quint64 nodeId = 0;
    QString clusterUrl;
    QString chainId;

    bool encrypted = false;         ///< It has a keys sidecar.
    std::optional<bool> compressed; ///< Its full is zstd; absent when it could not be read.
    std::optional<VerifyRecord> verified;
    std::optional<VerifyRecord> drilled; ///< Its last restore drill (`NAME.drilled`, drill/DrillJob).
    /// Why its times could not be read (an encrypted chain without its key, a damaged link, an
    /// incremental whose full is missing); absent when they were.
    std::optional<Error> problem;
    bool incomplete = false; ///< Incrementals (or keys) without their full snapshot.
    QStringList leftovers;   ///< Temporary links of interrupted writers, names in the location.

    [[nodiscard]] bool timesKnown() const { return !problem && !links.empty(); }
    /// Only sidecars or a lock, no link: a chain whose first backup is running or was killed, or
    /// one a killed prune did not wholly remove. Prune removes what is left (with its lock).
    [[nodiscard]] bool isLeftover() const { return links.empty() && !incomplete; }
    [[nodiscard]] QDateTime first() const;
    [[nodiscard]] QDateTime last() const;
    /// The node it backs up, for grouping: kind, node URL and id (`tidemark http://h:8086 #1`).
    [[nodiscard]] QString nodeKey() const;
    /// How the node reads in a listing: `http://127.0.0.1:8086 (node 1)`.
    [[nodiscard]] QString nodeLabel() const;
    /// Whether `--node ID` names this chain's node: its id, its URL, or its URL's host:port.
    [[nodiscard]] bool matchesNode(const QString &id) const;
};

/// Every chain of a location (a local directory or an S3 prefix, see ChainLocation), for
/// `tidemark-cli list`, prune and the GUI's catalog.
///
/// A location is read as a flat list of files: `NAME` with `NAME.0`, `NAME.1`, … is a chain;
/// `NAME.keys` makes it encrypted; `NAME.verified` is its last verification, `NAME.drilled` its
/// last restore drill; `NAME.lock` and
/// `*.tmp` are a writer's. Each chain's link manifests are read (one small read per link, as
/// BackupChain::open does), so the times of every point are known; an encrypted chain needs its
/// key for that (ChainSecrets), and without one it is listed with its sizes and the problem.
/// Files that are not backups (no tar, zstd or encrypted-link header) are left out.
struct Catalog {
    Q_DECLARE_TR_FUNCTIONS(Catalog)

public:
    QString location;                 ///< Canonical (ChainLocation::canonical).
    std::vector<CatalogChain> chains; ///< By name.

    [[nodiscard]] qint64 totalBytes() const;
    /// `progress` is told each chain as it is read.
    using Progress = std::function<void(const QString &chain, int done, int total)>;
    [[nodiscard]] static Result<Catalog> read(const QString &location, const Progress &progress = {},
                                              const std::atomic_bool *cancelled = nullptr);
    /// One chain of its location (the same reading as read()).
    [[nodiscard]] static CatalogChain readChain(const QString &chainPath);

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static QJsonObject toJson(const CatalogChain &chain);
};

} // namespace tidemark
