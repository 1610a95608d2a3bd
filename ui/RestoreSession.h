#pragma once

#include "restore/RestoreJob.h"

#include <QObject>

namespace tidemark::ui {

/// The restore wizard's two jobs, one at a time: a RestorePreflightJob (recover + every check)
/// and then a RestoreJob (execute the plan). Their stages and progress come out as one
/// progressChanged(stage, done, total), their ends as preflightFinished() and executeFinished().
/// A start while a job runs is ignored (returns false). cancel() stops the running job: a
/// preflight at once, an execute before the swap rolls back (after it, the restore finishes).
class RestoreSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreSession)

public:
    explicit RestoreSession(QObject *parent = nullptr);
    ~RestoreSession() override;

    bool startPreflight(const RestoreEngine::Options &options);
    bool startExecute(const RestorePlan &plan);
    void cancel();
    [[nodiscard]] bool isRunning() const;

Q_SIGNALS:
    void progressChanged(const QString &stage, qint64 done, qint64 total);
    /// `recovered` is non-empty when an interrupted earlier restore was finished or rolled back.
    void preflightFinished(const tidemark::RestorePlan &plan, const QString &recovered);
    void executeFinished(const tidemark::RestoreEngine::Outcome &outcome);

private:
    void watch(Job *job);
    Job *m_running = nullptr;
    QString m_stage;
};

} // namespace tidemark::ui
