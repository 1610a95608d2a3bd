#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tidemark {

/// One problem preflight found: what, and the fix.
struct RestoreFinding {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    ErrorCode code = ErrorCode::Failure;
    QString message;
    QString fix;
};

/// What a restore will do; `restore --dry-run` prints exactly this.
struct RestorePlan {
    QString configPath;
    QString chainPath;
    std::optional<int> upto; ///< Absent: the whole chain; N: the full plus PATH.0 … PATH.N (-1: the full only).
    QStringList links;       ///< The archives read, in order.
    Manifest::Kind kind = Manifest::Kind::Tidemark; ///< Of the chain: its NodeKind decides the config and targets.
    struct Removal {
        QString dir;
        qint64 bytes = 0;
        bool exists = false;
        QString key;  ///< The config key that names it, e.g. `[data] dir`.
        QString role; ///< What the kind's RestoreTarget calls it: `data` (always one), `broker`, `meta`, `wal`.
    };
    /// The directories replaced: `[broker] dir` and `[data] dir` of a Tidemark node; `[meta] dir`,
    /// `[data] dir` and `[data] wal-dir` of an InfluxDB 1.x node.
    std::vector<Removal> removals;
    /// One version of a file the restore writes: an entry of a link.
    struct Step {
        ManifestFile file;
        QString fromLink;

        /// Whether `listed`, an entry of the link's manifest as read when the restore streams it,
        /// is this version: a format-2 head lacks the checksums preflight may have read from the
        /// final manifest, so checksums (and a block or reference link's rebuilt size and checksum)
        /// count where both know them.
        [[nodiscard]] bool isEntry(const ManifestFile &listed) const;
    };
    /// One file the restore writes, and how (BackupChain::steps): its newest whole copy, then every
    /// block link (archive format 3) or reference link (format 4) after it in chain order, each
    /// applied to the version the steps before it staged.
    struct Write {
        ManifestFile file; ///< Its newest version (for a block or reference link, fileSize() and fileChecksum() are the
                           ///< rebuilt file's).
        QString fromLink;  ///< The link of that version.
        std::vector<Step> steps; ///< The whole copy first; empty means the one step {file, fromLink}.

        /// A file written from one whole copy.
        [[nodiscard]] static Write whole(const ManifestFile &file, const QString &link)
        {
            return Write{file, link, {Step{file, link}}};
        }
        /// Whether block or reference links change it after its whole copy.
        [[nodiscard]] bool isRebuilt() const { return steps.size() > 1; }
        /// How many block or reference links change it.
        [[nodiscard]] qsizetype deltas() const { return steps.empty() ? 0 : qsizetype(steps.size()) - 1; }
        /// Whether its newest version is a reference link (else a block link, when rebuilt).
        [[nodiscard]] bool isRebuiltFromRefs() const { return isRebuilt() && file.isRefLink(); }
    };
    std::vector<Write> writes; ///< Per file of the merged manifest (newest index wins), its steps.
    qint64 bytesToWrite = 0;   ///< Of the files as written (a rebuilt file's rebuilt size).
    /// Room the restore needs beside what it writes, for the time it runs: InfluxDB shards rebuilt
    /// from reference links are rebuilt as tars in the staging directory before they are unpacked
    /// (each shard's largest version, and one version more while a reference link is applied).
    qint64 scratchBytes = 0;
    qint64 bytesToRead = 0;  ///< Of the links read (as stored: compressed when zstd).
    quint64 brokerIndex = 0; ///< Highest index across the merged files (Tidemark only).
    QString brokerUrl;       ///< From the config's [http] bind-address (Tidemark only).
    QString owner;           ///< User that will own every restored file.
    qint64 limitRate = 0;    ///< Bytes per second read from the chain (RestoreEngine::Options); 0: no limit.
    std::vector<RestoreFinding> findings;

    [[nodiscard]] bool hasErrors() const;
    /// The first error finding as an Error (its code, message and fix as hint).
    [[nodiscard]] Error firstError() const;
};

} // namespace tidemark
