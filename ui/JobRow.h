#pragma once

#include "backup/TransferRate.h"

#include <QElapsedTimer>
#include <QFrame>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace tidemark::ui {

/// One job in the jobs panel: title, stage, overall and per-file progress bars, throughput,
/// ETA and a Cancel button. Progress setters only store the numbers; the row repaints at most
/// ten times a second, so a job reporting thousands of times a second cannot flood the GUI.
class JobRow : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY(JobRow)

public:
    explicit JobRow(const QString &title, QWidget *parent = nullptr);

    void setStage(const QString &stage);
    void setProgress(qint64 done, qint64 total);
    void setFileProgress(const QString &name, qint64 done, qint64 total);
    /// Attempt `attempt` of `attempts` failed with `error`; the next starts in `waitMs`. Until the
    /// next setStage() the stage reads "Retrying in N s (attempt k of n): error", N counting down
    /// and k the attempt to come (BackupJob::retrying fits).
    void setRetrying(int attempt, int attempts, const QString &error, int waitMs);
    /// Ends the row: the bars stop, `message` is shown (red unless `ok`), Cancel becomes Dismiss.
    void finish(bool ok, const QString &message);
    /// Hides the per-file bar, for jobs that have no file stream (verify).
    void setFileBarVisible(bool visible);
    [[nodiscard]] bool isFinished() const { return m_finished; }
    [[nodiscard]] QString title() const;

Q_SIGNALS:
    void cancelRequested();
    void dismissed();

private:
    void render();
    void renderRetry();

    QLabel *m_title;
    QLabel *m_stage;
    QProgressBar *m_overall;
    QLabel *m_fileLabel;
    QProgressBar *m_file;
    QLabel *m_rate;
    QPushButton *m_button;
    QTimer *m_renderTimer;
    QElapsedTimer m_clock;
    TransferRate m_transferRate;
    qint64 m_done = 0;
    qint64 m_total = 0;
    QString m_fileName;
    qint64 m_fileDone = 0;
    qint64 m_fileTotal = 0;
    QElapsedTimer m_retryClock; ///< Valid while waiting before a retry.
    qint64 m_retryWaitMs = 0;
    int m_retryAttempt = 0;
    int m_retryAttempts = 0;
    QString m_retryError;
    bool m_dirty = false;
    bool m_finished = false;
};

} // namespace tidemark::ui
