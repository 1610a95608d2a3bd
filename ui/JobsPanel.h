#pragma once

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace tidemark {
class Job;
}

namespace tidemark::ui {

class JobRow;

/// The jobs panel: one JobRow per job, newest at the bottom; finished rows stay until dismissed
/// or cleared (Clear finished). JobLauncher adds the rows and connects them to their jobs.
class JobsPanel : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(JobsPanel)

public:
    explicit JobsPanel(QWidget *parent = nullptr);

    /// Adds a row for a new job; the panel owns it.
    JobRow *addJob(const QString &title);
    /// Adds a row that shows `job` (any core Job): its stage, progress, file progress and
    /// retries; the row's Cancel cancels it.
    JobRow *addJob(tidemark::Job *job, const QString &title);
    [[nodiscard]] QList<JobRow *> rows() const;
    /// Removes every finished row.
    void clearFinished();

Q_SIGNALS:
    void jobAdded();

private:
    void updateEmpty();

    QVBoxLayout *m_rows;
    QLabel *m_empty;
};

} // namespace tidemark::ui
