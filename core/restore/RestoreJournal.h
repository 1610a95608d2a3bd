#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tidemark {

/// The restore's journal, `<data dir>.restore-journal` beside the (resolved) data directory:
/// `{"step": "extracting" | "swapping", "chain": PATH, "dirs": [...]}`, written atomically and
/// synced before each phase. After a crash, recover() reads it and either rolls back (still
/// extracting: the old directories were never touched, the half-made `<dir>.restore-new` go) or
/// finishes (swapping: the new directories are complete and verified, so the swap is completed
/// and the `<dir>.restore-old` go).
class RestoreJournal {
    Q_DECLARE_TR_FUNCTIONS(RestoreEngine)

public:
    /// What recover() did.
    struct Recovery {
        enum class Kind { Nothing, RolledBack, Finished };
        Kind kind = Kind::Nothing;
        QString message;
    };

    /// Writes the journal at `path` atomically and syncs its directory.
    [[nodiscard]] static Status write(const QString &path, const QJsonObject &journal);
    /// Finishes or rolls back what the journal beside `dataDir` (resolved) says; `fallbackDirs`
    /// when the journal names none.
    [[nodiscard]] static Result<Recovery> recover(const QString &dataDir, const QStringList &fallbackDirs);
};

} // namespace tidemark
