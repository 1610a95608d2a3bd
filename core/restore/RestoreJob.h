#pragma once

#include "common/Job.h"
#include "restore/RestoreEngine.h"

#include <QMetaType>

namespace tidemark {

/// The first half of a restore as a Job: finishes or rolls back a restore interrupted earlier
/// (RestoreEngine::recover), then runs every preflight check (RestoreEngine::preflight), reading
/// the chain's manifests (every byte with Options::checkEveryByte). It touches no target. result() is the plan with its
/// findings; finished() carries the first error finding (or Cancelled), Ok when the plan may be executed.
class RestorePreflightJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(RestorePreflightJob)

public:
    explicit RestorePreflightJob(RestoreEngine::Options options, QObject *parent = nullptr);
    ~RestorePreflightJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const RestoreEngine::Options &options() const { return m_options; }
    /// Valid once finished() was emitted.
    [[nodiscard]] const RestorePlan &plan() const { return m_plan; }
    /// Non-empty when an interrupted earlier restore was finished or rolled back first.
    [[nodiscard]] const QString &recovered() const { return m_recovered; }
    /// True when that earlier restore was finished (its data is in place).
    [[nodiscard]] bool recoveryFinished() const { return m_recoveryFinished; }

protected:
    [[nodiscard]] Error execute() override;

private:
    RestoreEngine::Options m_options;
    RestorePlan m_plan;
    QString m_recovered;
    bool m_recoveryFinished = false;
};

/// The second half as a Job: carries out a plan without errors (RestoreEngine::execute), reading
/// each link once and checking every byte before anything outside staging changes.
/// cancel() before the swap rolls back within a fraction of a second (nothing was replaced);
/// after it, the restore finishes. result() is the outcome.
///
/// The static helpers give the `tidemark-cli restore …` command that does the same as a set of
/// options, for front ends that show it or run it as root.
class RestoreJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(RestoreJob)

public:
    explicit RestoreJob(RestorePlan plan, QObject *parent = nullptr);
    ~RestoreJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const RestorePlan &plan() const { return m_plan; }
    /// Valid once finished() was emitted.
    [[nodiscard]] const RestoreEngine::Outcome &outcome() const { return m_outcome; }

    /// The arguments of `tidemark-cli` that do the same as `options` (`restore -config …`; for an
    /// S3 chain also the `--s3-endpoint`, `--s3-region` and `--s3-path-style` registered for it).
    [[nodiscard]] static QStringList cliArguments(const RestoreEngine::Options &options);
    /// The exact `tidemark-cli restore …` command line that does the same as `options`, quoted
    /// for a POSIX shell, with `sudo ` in front when `asRoot`.
    [[nodiscard]] static QString cliCommand(const RestoreEngine::Options &options, bool asRoot);
    /// True when giving files to `owner` needs root and this process is not root.
    [[nodiscard]] static bool ownerNeedsRoot(const QString &owner);

protected:
    [[nodiscard]] Error execute() override;

private:
    RestorePlan m_plan;
    RestoreEngine::Outcome m_outcome;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::RestorePlan)
Q_DECLARE_METATYPE(tidemark::RestoreEngine::Outcome)
