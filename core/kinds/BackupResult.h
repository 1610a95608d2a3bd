#pragma once

#include "common/Error.h"
#include "snapshot/Manifest.h"

#include <QMetaType>
#include <QString>

namespace tidemark {

/// What a finished backup did.
struct BackupResult {
    Error error{ErrorCode::Ok, {}, {}}; ///< code Ok on success.
    QString path;                       ///< The archive written (PATH or PATH.N); empty when nothing changed.
    bool nothingChanged = false;
    bool incremental = false;
    Manifest manifest;       ///< Of the archive written.
    qint64 archiveBytes = 0; ///< Size of the archive file (compressed when zstd).
    qint64 seconds10 = 0;    ///< Duration in tenths of a second.
    /// `--max-links`: the chain the backup went to (PATH, or the newest of its series).
    QString chain;
    /// When the backup rolled its series onto a synthetic full first: the chain consolidated
    /// (the new one is `chain`), and the new full's size as stored.
    QString rolledFrom;
    qint64 syntheticBytes = 0;
    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::BackupResult)
