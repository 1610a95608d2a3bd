#include "JobsPanel.h"

#include "common/Job.h"

#include "JobRow.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace tidemark::ui {

JobsPanel::JobsPanel(QWidget *parent)
    : QWidget(parent), m_rows(nullptr),
      m_empty(new QLabel(tr("No jobs. Back up now or Verify chain start one here."), this))
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(2, 2, 2, 2);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *inner = new QWidget(scroll);
    m_rows = new QVBoxLayout(inner);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->addWidget(m_empty);
    m_rows->addStretch(1);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
    auto *clear = new QPushButton(tr("Clear finished"), this);
    clear->setObjectName(QStringLiteral("clearFinishedButton"));
    connect(clear, &QPushButton::clicked, this, &JobsPanel::clearFinished);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(clear);
    outer->addLayout(buttons);
    m_empty->setAlignment(Qt::AlignCenter);
}

JobRow *JobsPanel::addJob(Job *job, const QString &title)
{
    JobRow *row = addJob(title);
    connect(job, &Job::stageChanged, row, &JobRow::setStage);
    connect(job, &Job::progressChanged, row, &JobRow::setProgress);
    connect(job, &Job::fileProgressChanged, row, &JobRow::setFileProgress);
    connect(job, &Job::retrying, row, &JobRow::setRetrying);
    connect(row, &JobRow::cancelRequested, job, &Job::cancel);
    return row;
}

JobRow *JobsPanel::addJob(const QString &title)
{
    auto *row = new JobRow(title, m_rows->parentWidget());
    m_rows->insertWidget(m_rows->count() - 1, row);
    connect(row, &JobRow::dismissed, row, &QObject::deleteLater);
    connect(row, &QObject::destroyed, this, &JobsPanel::updateEmpty, Qt::QueuedConnection);
    updateEmpty();
    Q_EMIT jobAdded();
    return row;
}

QList<JobRow *> JobsPanel::rows() const
{
    return m_rows->parentWidget()->findChildren<JobRow *>(QString(), Qt::FindDirectChildrenOnly);
}

void JobsPanel::clearFinished()
{
    for (JobRow *row : rows()) {
        if (row->isFinished())
            row->deleteLater();
    }
}

void JobsPanel::updateEmpty()
{
    m_empty->setVisible(rows().isEmpty());
}

} // namespace tidemark::ui
