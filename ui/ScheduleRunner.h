#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

class QProcess;
class QTimer;

namespace tidemark::ui {

/// Runs the user's schedules while the GUI is open, where no systemd user manager runs their
/// timers (a desktop without systemd, a session without `systemctl --user`): start() asks once,
/// on a pool thread, whether a manager runs (SystemdUnits::managerRuns; `TIDEMARK_SYSTEMCTL=off`
/// says no). Without one, at start and every 30 s a pool thread reads each schedule's definition
/// and state (ScheduleStore, the user's) and the due ones (ScheduleState::isDue) are started as
/// child processes, `CLI schedule run NAME` (ScheduleSetup::program(), with
/// `TIDEMARK_HISTORY_ORIGIN=gui-timer`): the CLI backs up, retries, prunes, verifies, writes the
/// state and alerts. Never two runs of one schedule at once (the CLI takes a lock too), and one
/// start per due time even when the CLI could not write the state. Each end is a line for the log
/// (runFinished()). Hourly, `CLI schedule check` reports overdue nodes, as the overdue timer would.
class ScheduleRunner : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(ScheduleRunner)

public:
    enum class Mode {
        Unknown,   ///< The systemd user manager has not answered yet.
        Systemd,   ///< Its timers run the schedules: this runner does nothing.
        InProcess, ///< No manager: this runner runs them while the GUI is open.
    };
    Q_ENUM(Mode)

    explicit ScheduleRunner(QObject *parent = nullptr);
    /// Asks the runs still going to stop (SIGTERM: the CLI cancels its job), then ends them.
    ~ScheduleRunner() override;

    /// Asks whether a manager runs; without one, checks at once and then every interval.
    void start();
    [[nodiscard]] Mode mode() const { return m_mode; }
    [[nodiscard]] bool isActive() const { return m_mode == Mode::InProcess; }
    /// The CLI's command line (empty: ScheduleSetup::program()); tests give a script.
    void setProgram(const QStringList &program) { m_program = program; }
    /// Between checks (default 30 s).
    void setInterval(int ms);
    /// Checks for due schedules now (a pool thread reads them; checked() follows).
    void checkNow();
    [[nodiscard]] bool isRunning(const QString &name) const { return m_runs.contains(name); }
    /// The schedule runs going on.
    [[nodiscard]] int running() const { return static_cast<int>(m_runs.size()); }
    /// How many schedules the last check found (the GUI stays in the tray while there are some).
    [[nodiscard]] int scheduleCount() const { return m_scheduleCount; }

Q_SIGNALS:
    void modeKnown(tidemark::ui::ScheduleRunner::Mode mode);
    /// A check ended (and started the due runs).
    void checked();
    void runStarted(const QString &name);
    /// A run ended: whether the CLI said success (exit code 0), and its last line.
    void runFinished(const QString &name, bool ok, const QString &message);
    void logInfo(const QString &text);
    void logError(const QString &text);

private:
    void startRun(const QString &name);
    void startOverdueCheck();
    [[nodiscard]] QStringList program() const;

    Mode m_mode = Mode::Unknown;
    QStringList m_program;
    QTimer *m_timer;
    bool m_checking = false;
    int m_scheduleCount = 0;
    QHash<QString, QProcess *> m_runs;   ///< By schedule name.
    QHash<QString, QDateTime> m_started; ///< When this runner last started each schedule (UTC).
    QSet<QString> m_reported;            ///< Broken definitions already logged.
    QProcess *m_overdueCheck = nullptr;
    QDateTime m_lastOverdueCheck;
};

} // namespace tidemark::ui
