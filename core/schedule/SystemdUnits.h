#pragma once

#include "common/Error.h"
#include "schedule/Schedule.h"
#include "schedule/ScheduleStore.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace tidemark {

/// The systemd units that run schedules: for schedule NAME, `tidemark-schedule-NAME.service`
/// (oneshot: `tidemark-cli schedule run NAME`, output to the journal) and `.timer` (its OnCalendar=,
/// `Persistent=true`, so a run missed while the machine was off happens at boot); and, shared by all
/// schedules of a scope, `tidemark-overdue.service`/`.timer`, which runs `schedule check` hourly so an
/// overdue node is reported even when its own timer never fires.
class SystemdUnits {
    Q_DECLARE_TR_FUNCTIONS(SystemdUnits)

public:
    [[nodiscard]] static QString unitBase(const QString &name);
    [[nodiscard]] static QString serviceName(const QString &name)
    {
        return unitBase(name) + QStringLiteral(".service");
    }
    [[nodiscard]] static QString timerName(const QString &name) { return unitBase(name) + QStringLiteral(".timer"); }
    static inline const QString kCheckBase = QStringLiteral("tidemark-overdue");

    /// `program` is the command line that starts the CLI (e.g. {"/usr/bin/tidemark-cli"}).
    [[nodiscard]] static QString service(const Schedule &schedule, ScheduleScope scope, const QStringList &program);
    [[nodiscard]] static QString timer(const Schedule &schedule);
    [[nodiscard]] static QString checkService(ScheduleScope scope, const QStringList &program);
    [[nodiscard]] static QString checkTimer();

    /// Writes the schedule's two units (and the overdue check's, when missing) to `store.unitDir()`;
    /// returns the files written.
    [[nodiscard]] static Result<QStringList> write(const Schedule &schedule, const ScheduleStore &store,
                                                   const QStringList &program);
    /// Removes the schedule's units (and the overdue check's when `last`).
    [[nodiscard]] static Status remove(const QString &name, const ScheduleStore &store, bool last);

    /// The command line that starts the CLI for the units: `tidemark-cli` when this program is it or
    /// lies beside it, else this program with `--cli` (the GUI's `tidemark --cli`).
    [[nodiscard]] static QStringList cliProgram();
    /// What `schedule add` and the GUI's Schedule tab do: saves the definition, writes the units,
    /// and enables the schedule's and the overdue check's timers when `enable`.
    [[nodiscard]] static Status install(const Schedule &schedule, const ScheduleStore &store,
                                        const QStringList &program, bool enable);
    /// What `schedule remove` and the GUI do: disables the timers when `manager` (and the overdue
    /// check's with the scope's last schedule), removes the units, the definition and its state,
    /// and reloads the manager. A systemctl that fails (disable, reload) does not stop the removal:
    /// its error goes to `systemctlError`.
    [[nodiscard]] static Status uninstall(const QString &name, const ScheduleStore &store, bool manager,
                                          std::optional<Error> *systemctlError);

    /// Whether a systemd manager for the scope runs here: the system's (`/run/systemd/system`), or
    /// the user's (`systemctl --user` answers). `TIDEMARK_SYSTEMCTL=off` says no (tests).
    [[nodiscard]] static bool managerRuns(ScheduleScope scope);
    /// `systemctl [--user] daemon-reload`, then `enable --now` (or `disable --now`) of the timers.
    [[nodiscard]] static Status enable(const QStringList &timers, ScheduleScope scope, bool on);
    /// `systemctl [--user] daemon-reload` alone.
    [[nodiscard]] static Status reload(ScheduleScope scope);

    /// Quotes one ExecStart= word as systemd reads it (`%` doubled, `"` and `\` escaped).
    [[nodiscard]] static QString execWord(const QString &word);
};

} // namespace tidemark
