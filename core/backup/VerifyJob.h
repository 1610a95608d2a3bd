#pragma once

#include "backup/ChainVerifier.h"

#include <QFuture>
#include <QMetaType>
#include <QObject>

#include <atomic>
#include <vector>

namespace tidemark {

/// What a finished verification found.
struct VerifyResult {
    QString path;
    Error error{ErrorCode::Ok, {}, {}};           ///< Ok, Integrity (the first problem), or Cancelled.
    std::vector<ChainVerifier::LinkReport> links; ///< Every link, when ok.
    [[nodiscard]] bool ok() const { return error.code == ErrorCode::Ok; }
};

/// ChainVerifier::verify as a job: start() returns at once, the chain is read on a pool thread,
/// progressChanged() reports bytes, finished() is emitted exactly once (queued to the job's
/// thread). cancel() stops it at the next file; the destructor cancels and waits.
class VerifyJob : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(VerifyJob)

public:
    explicit VerifyJob(QString path, QObject *parent = nullptr);
    ~VerifyJob() override;

    void start();
    void cancel();
    [[nodiscard]] const QString &path() const { return m_path; }

Q_SIGNALS:
    void progressChanged(qint64 done, qint64 total);
    void finished(const tidemark::VerifyResult &result);

private:
    QString m_path;
    std::atomic_bool m_cancelled{false};
    QFuture<void> m_future;
};

} // namespace tidemark

Q_DECLARE_METATYPE(tidemark::VerifyResult)
