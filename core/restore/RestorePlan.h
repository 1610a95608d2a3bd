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
    struct Write {
        ManifestFile file;
        QString fromLink;
    };
    std::vector<Write> writes; ///< The merged manifest: newest index wins per file.
    qint64 bytesToWrite = 0;
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
