#pragma once

#include "common/Error.h"
#include "schedule/Schedule.h"
#include "schedule/ScheduleStore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFuture>
#include <QString>
#include <QStringList>

namespace tidemark::ui {

/// Where a schedule set in the GUI goes, as `tidemark-cli schedule add` and `remove` do it: its
/// definition in the user's ScheduleStore, the node's auth token in a 0600 file of its own (a
/// timer cannot read the GUI's keyring), its systemd user units and, where a systemd user manager
/// runs, its timer enabled. apply() and remove() write files and run systemctl: call them on a
/// pool thread (ScheduleTab does).
class ScheduleSetup {
    Q_DECLARE_TR_FUNCTIONS(ScheduleSetup)

public:
    /// The command line that starts the CLI: `tidemark-cli` beside this program, else this program
    /// with `--cli` (the GUI's binary runs the CLI's commands too). setProgram() replaces it.
    [[nodiscard]] static QStringList program();
    /// Replaces program() (tests: the built tidemark-cli, or a script); empty: the default again.
    static void setProgram(const QStringList &program);

    /// `tokens/NAME.token` beside the user's schedules directory (`~/.config/tidemark/tokens/`).
    [[nodiscard]] static QString tokenFilePath(const QString &name);

    /// Whether a systemd user manager runs here (SystemdUnits::managerRuns): asked once, on a pool
    /// thread, and the same answer ever after. `TIDEMARK_SYSTEMCTL=off` says no at once.
    [[nodiscard]] static QFuture<bool> managerRuns();

    /// What apply() did, in a sentence for the log.
    struct Applied {
        QString message;
        bool changed = false; ///< The definition or its units were (re)written.
    };
    /// Saves `schedule` (its token file first: `token`, empty: none and the file goes), writes its
    /// units and, with `manager`, enables its timer and the overdue check's. A definition that is
    /// already on disk as given is left alone (its units and timer too).
    [[nodiscard]] static Result<Applied> apply(Schedule schedule, const QByteArray &token, bool manager);
    /// Removes the schedule `name`: with `manager` its timer is disabled first (and the overdue
    /// check's when it was the last schedule), then its definition, state, token file and units.
    [[nodiscard]] static Status remove(const QString &name, bool manager);

    /// A name for a new schedule of `nodeName`'s backups into `location`: letters, digits, `-` and
    /// `_` from both (Schedule::validName), not among `taken`.
    [[nodiscard]] static QString suggestName(const QString &nodeName, const QString &location,
                                             const QStringList &taken);
};

} // namespace tidemark::ui
