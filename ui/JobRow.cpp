#include "JobRow.h"

#include "Units.h"

#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

#include <algorithm>

namespace tidemark::ui {

namespace {

int perMille(qint64 done, qint64 total)
{
    if (total <= 0)
        return 0;
    return static_cast<int>(std::clamp<qint64>(done * 1000 / total, 0, 1000));
}

} // namespace

JobRow::JobRow(const QString &title, QWidget *parent)
    : QFrame(parent), m_title(new QLabel(this)), m_stage(new QLabel(this)), m_overall(new QProgressBar(this)),
      m_fileLabel(new QLabel(this)), m_file(new QProgressBar(this)), m_rate(new QLabel(this)),
      m_button(new QPushButton(tr("Cancel"), this)), m_renderTimer(new QTimer(this))
{
    setFrameShape(QFrame::StyledPanel);
    m_title->setText(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()));
    m_title->setTextFormat(Qt::RichText);
    m_title->setObjectName(QStringLiteral("jobTitle"));
    m_stage->setObjectName(QStringLiteral("jobStage"));
    m_stage->setWordWrap(true);
    m_overall->setObjectName(QStringLiteral("overallBar"));
    m_file->setObjectName(QStringLiteral("fileBar"));
    m_rate->setObjectName(QStringLiteral("jobRate"));
    m_button->setObjectName(QStringLiteral("jobCancelButton"));
    for (QProgressBar *bar : {m_overall, m_file}) {
        bar->setRange(0, 1000);
        bar->setValue(0);
        bar->setTextVisible(true);
    }
    m_overall->setFormat(tr("waiting…"));
    m_file->setFormat(QString());
    m_fileLabel->setText(tr("File:"));

    auto *grid = new QGridLayout(this);
    grid->addWidget(m_title, 0, 0, 1, 2);
    grid->addWidget(m_rate, 0, 2, Qt::AlignRight);
    grid->addWidget(m_stage, 1, 0, 1, 3);
    grid->addWidget(new QLabel(tr("Overall:"), this), 2, 0);
    grid->addWidget(m_overall, 2, 1, 1, 2);
    grid->addWidget(m_fileLabel, 3, 0);
    grid->addWidget(m_file, 3, 1, 1, 2);
    grid->addWidget(m_button, 0, 3, 4, 1, Qt::AlignVCenter);
    grid->setColumnStretch(1, 1);

    connect(m_button, &QPushButton::clicked, this, [this] {
        if (m_finished) {
            Q_EMIT dismissed();
            return;
        }
        m_button->setEnabled(false);
        m_stage->setText(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    m_renderTimer->setInterval(100);
    connect(m_renderTimer, &QTimer::timeout, this, &JobRow::render);
    m_renderTimer->start();
    m_clock.start();
}

QString JobRow::title() const
{
    return m_title->text();
}

void JobRow::setStage(const QString &stage)
{
    m_retryClock.invalidate();
    if (!m_finished && m_button->isEnabled())
        m_stage->setText(stage);
}

void JobRow::setRetrying(int attempt, int attempts, const QString &error, int waitMs)
{
    m_retryAttempt = attempt + 1;
    m_retryAttempts = attempts;
    m_retryError = error;
    m_retryWaitMs = waitMs;
    m_retryClock.start();
    renderRetry();
}

void JobRow::renderRetry()
{
    if (!m_retryClock.isValid() || m_finished || !m_button->isEnabled())
        return;
    // Whole seconds left, rounded up: "in 1 s" until the next attempt announces its stage.
    const qint64 leftMs = std::max<qint64>(m_retryWaitMs - m_retryClock.elapsed(), 0);
    const qint64 seconds = std::max<qint64>((leftMs + 999) / 1000, 1);
    m_stage->setText(tr("Retrying in %1 s (attempt %2 of %3): %4")
                         .arg(QString::number(seconds), QString::number(m_retryAttempt),
                              QString::number(m_retryAttempts), m_retryError));
}

void JobRow::setProgress(qint64 done, qint64 total)
{
    m_done = done;
    m_total = total;
    m_transferRate.add(m_clock.elapsed(), done, total);
    m_dirty = true;
}

void JobRow::setFileProgress(const QString &name, qint64 done, qint64 total)
{
    m_fileName = name;
    m_fileDone = done;
    m_fileTotal = total;
    m_dirty = true;
}

void JobRow::setFileBarVisible(bool visible)
{
    m_fileLabel->setVisible(visible);
    m_file->setVisible(visible);
}

void JobRow::render()
{
    renderRetry();
    if (!m_dirty)
        return;
    m_dirty = false;
    // A total of 0 is one not known yet (an InfluxDB shard's tar until its end): the bytes so far,
    // never "of 0 B". (A busy bar, range 0–0, would hide the text.)
    const auto show = [](QProgressBar *bar, qint64 done, qint64 total, const QString &known) {
        bar->setValue(perMille(done, total));
        bar->setFormat(total > 0 || done == 0 ? known : tr("%1 so far").arg(Units::bytes(done)));
    };
    show(m_overall, m_done, m_total, tr("%1 of %2 (%p%)").arg(Units::bytes(m_done), Units::bytes(m_total)));
    m_fileLabel->setText(m_fileName.isEmpty() ? tr("File:") : m_fileName + QLatin1Char(':'));
    show(m_file, m_fileDone, m_fileTotal, tr("%1 of %2").arg(Units::bytes(m_fileDone), Units::bytes(m_fileTotal)));
    m_rate->setText(
        tr("%1 · ETA %2")
            .arg(Units::rate(m_transferRate.bytesPerSecond()), Units::duration(m_transferRate.etaSeconds())));
}

void JobRow::finish(bool ok, const QString &message)
{
    render();
    m_retryClock.invalidate();
    m_finished = true;
    m_renderTimer->stop();
    if (ok) {
        m_overall->setValue(1000);
        m_file->setValue(m_fileTotal > 0 ? 1000 : m_file->value());
    }
    m_stage->setText(message);
    m_stage->setStyleSheet(ok ? QString() : QStringLiteral("color: #b00020"));
    m_rate->setText(ok ? tr("done in %1").arg(Units::duration(m_clock.elapsed() / 1000)) : tr("failed"));
    m_button->setText(tr("Dismiss"));
    m_button->setEnabled(true);
}

} // namespace tidemark::ui
