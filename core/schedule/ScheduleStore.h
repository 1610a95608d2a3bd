#pragma once

#include "common/Error.h"
#include "schedule/Schedule.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace tidemark {

/// Whose schedules: the machine's (root's timers, `/etc/tidemark/schedules.d/`) or the user's.
enum class ScheduleScope { User, System };

/// What the runs of one schedule left: when the last one started and ended and how, the newest good
/// backup, the counts that decide a verify, and which overdue episode was already alerted. One JSON
/// file per schedule in the state directory, replaced whole (QSaveFile) at each change.
struct ScheduleState {
    Q_DECLARE_TR_FUNCTIONS(ScheduleState)

public:
    QDateTime created;   ///< When the schedule was added: the first run is its first time after this.
    QDateTime lastStart; ///< The last run's start (any result).
    QDateTime lastEnd;
    int lastCode = -1;   ///< ErrorCode of the last run; -1: it never ran (or runs now for the first time).
    QString lastMessage; ///< What it did or why it failed.
    QString lastChain;   ///< The chain the last good backup went to (a series moves on with --max-links).
    QString lastLink;
    qint64 lastBytes = 0;
    double lastSeconds = 0;
    int lastAttempts = 0;
    QDateTime lastSuccess; ///< The newest good backup.
    int goodRuns = 0;
    int goodRunsSinceVerify = 0;
    QDateTime lastVerify; ///< The last good verify.
    int goodRunsSinceDrill = 0;
    QDateTime lastDrill; ///< The last good restore drill.
    /// The `lastSuccess` (or `created`) of the overdue episode already alerted: one alert per episode.
    QDateTime overdueAlerted;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static ScheduleState fromJson(const QJsonObject &json);
    /// The first run strictly after the later of the last start and the creation: due when it is
    /// not after `now`. A clock set back (the last start is later than now) or a machine that
    /// slept through several runs gives one run, never two.
    [[nodiscard]] Result<QDateTime> nextRun(const ScheduleWhen &when) const;
    [[nodiscard]] bool isDue(const ScheduleWhen &when, const QDateTime &now) const;
    /// Whether the newest good backup (or, before the first, the creation) is older than `seconds` at `now`.
    [[nodiscard]] bool isOverdue(qint64 seconds, const QDateTime &now) const;
};

/// Where schedules live, and their runs' state:
///
/// | | system | user |
/// | --- | --- | --- |
/// | definitions | `/etc/tidemark/schedules.d/NAME.toml` | `$XDG_CONFIG_HOME/tidemark/schedules.d/` |
/// | state, locks | `/var/lib/tidemark/schedules/` | `$XDG_STATE_HOME/tidemark/schedules/` |
/// | systemd units | `/etc/systemd/system/` | `$XDG_CONFIG_HOME/systemd/user/` |
/// | history | `/var/lib/tidemark/history.sqlite` | JobHistory::defaultPath() |
///
/// `TIDEMARK_SCHEDULES_DIR`, `TIDEMARK_STATE_DIR`, `TIDEMARK_UNIT_DIR` replace the first three (tests,
/// unusual layouts).
class ScheduleStore {
    Q_DECLARE_TR_FUNCTIONS(ScheduleStore)

public:
    explicit ScheduleStore(ScheduleScope scope) : m_scope(scope) {}

    [[nodiscard]] ScheduleScope scope() const { return m_scope; }
    [[nodiscard]] QString definitionsDir() const;
    [[nodiscard]] QString stateDir() const;
    [[nodiscard]] QString unitDir() const;
    /// The history the scope's runs write to (the system's units set TIDEMARK_HISTORY to it).
    [[nodiscard]] QString historyPath() const;

    [[nodiscard]] QString definitionPath(const QString &name) const;
    [[nodiscard]] QString statePath(const QString &name) const;
    [[nodiscard]] QString lockPath(const QString &name) const;

    struct Listing {
        std::vector<Schedule> schedules; ///< By name.
        std::vector<Error> broken;       ///< Definitions that do not read, each naming its file and line.
    };
    /// Every definition (an absent directory is none).
    [[nodiscard]] Listing list() const;
    [[nodiscard]] Result<Schedule> load(const QString &name) const;
    /// Writes NAME.toml atomically: 0600 for a user's, 0640 for the system's (a webhook URL may be a secret).
    [[nodiscard]] Status save(const Schedule &schedule) const;
    /// Removes the definition and its state.
    [[nodiscard]] Status remove(const QString &name) const;

    /// The state; a schedule that never ran has one with only `created` (the definition's time).
    [[nodiscard]] ScheduleState state(const QString &name) const;
    [[nodiscard]] Status saveState(const QString &name, const ScheduleState &state) const;

private:
    ScheduleScope m_scope;
};

} // namespace tidemark
