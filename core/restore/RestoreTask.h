#pragma once

#include "restore/RestoreJob.h"

#include <QFuture>
#include <QMetaType>
#include <QObject>

#include <atomic>

namespace tidemark {

/// RestoreJob for an event-driven front end: preflight and execute run on a pool thread and
/// report through queued signals, so the GUI thread never touches the disk.
///
/// Usage (the restore wizard):
/// @code
///   auto *task = new RestoreTask(parent);
///   connect(task, &RestoreTask::preflightFinished, page, &Page::showPlan);
///   task->startPreflight({config, chain, upto, owner});
///   ... later: task->startExecute(plan);  // emits progressChanged, then executeFinished
/// @endcode
/// One operation at a time: a start while one runs is ignored (returns false). The destructor
/// cancels a running execute (RestoreJob rolls back cleanly) and waits.
class RestoreTask : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreTask)

public:
    explicit RestoreTask(QObject *parent = nullptr);
    ~RestoreTask() override;

    /// Runs RestoreJob::recover (when the config loads) and then preflight().
    bool startPreflight(const RestoreJob::Options &options);
    /// Runs RestoreJob::execute(plan); the plan must come from preflight without errors.
    bool startExecute(const RestorePlan &plan);
    /// Asks a running execute to stop (only before the swap; after it, restore finishes).
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_future.isRunning(); }

    /// The arguments of `tidemark-cli` that do the same as `options` (`restore -config …`).
    [[nodiscard]] static QStringList cliArguments(const RestoreJob::Options &options);
    /// The exact `tidemark-cli restore …` command line that does the same as `options`, quoted
    /// for a POSIX shell, with `sudo ` in front when `asRoot`.
    [[nodiscard]] static QString cliCommand(const RestoreJob::Options &options, bool asRoot);
    /// True when giving files to `owner` needs root and this process is not root.
    [[nodiscard]] static bool ownerNeedsRoot(const QString &owner);

Q_SIGNALS:
    void progressChanged(const QString &stage, qint64 done, qint64 total);
    /// `recovered` is non-empty when an interrupted earlier restore was finished or rolled back.
    void preflightFinished(const tidemark::RestorePlan &plan, const QString &recovered);
    void executeFinished(const tidemark::RestoreJob::Outcome &outcome);

private:
    std::atomic_bool m_cancelled{false};
    QFuture<void> m_future;
    RestoreJob::Options m_options;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::RestorePlan)
Q_DECLARE_METATYPE(tidemark::RestoreJob::Outcome)
