#pragma once

#include "backup/ChainVerifier.h"
#include "common/Job.h"

#include <QMetaType>

#include <vector>

namespace tidemark {

/// What a finished verification found.
struct VerifyResult {
    QString path;
    Error error{ErrorCode::Ok, {}, {}};           ///< Ok, Integrity (the first problem), or Cancelled.
    std::vector<ChainVerifier::LinkReport> links; ///< Every link, when ok.
    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// ChainVerifier::verify as a Job: progress in bytes read of the whole chain; cancel() stops it
/// within a fraction of a second (in the middle of a file too) and its scratch directory goes
/// with it; result() holds the report.
class VerifyJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(VerifyJob)

public:
    explicit VerifyJob(QString path, QObject *parent = nullptr);
    ~VerifyJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const QString &path() const { return m_path; }
    /// What the last run found; valid once finished() was emitted.
    [[nodiscard]] const VerifyResult &result() const { return m_result; }

protected:
    [[nodiscard]] Error execute() override;

private:
    QString m_path;
    VerifyResult m_result;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::VerifyResult)
