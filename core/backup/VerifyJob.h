#pragma once

#include "backup/ChainVerifier.h"
#include "common/Job.h"

#include <QDateTime>
#include <QMetaType>

#include <vector>

namespace tidemark {

/// What a finished verification found.
struct VerifyResult {
    QString path;
    Error error{ErrorCode::Ok, {}, {}};           ///< Ok, Integrity (the first problem), or Cancelled.
    std::vector<ChainVerifier::LinkReport> links; ///< Every link, when ok.
    /// Why the outcome could not be kept beside the chain (`PATH.verified`, see VerifyRecord), e.g.
    /// a read-only location; the verification itself stands.
    QString recordError;
    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// The last verification of a chain, kept beside it as the sidecar `NAME.verified` (written by
/// `verify`, read by the catalog): when, whether it passed, how many links, and why not. The
/// last restore drill (`drill`, drill/DrillJob) is kept the same way as `NAME.drilled`.
struct VerifyRecord {
    Q_DECLARE_TR_FUNCTIONS(VerifyRecord)

public:
    static inline const QString kSidecar = QStringLiteral("verified");
    static inline const QString kDrillSidecar = QStringLiteral("drilled");

    QDateTime time; ///< UTC.
    bool ok = false;
    int links = 0;   ///< Links the verification read (the whole chain at the time).
    QString message; ///< The problem found, when not ok.

    [[nodiscard]] QByteArray toJson() const;
    [[nodiscard]] static Result<VerifyRecord> fromJson(const QByteArray &json, const QString &source);
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
