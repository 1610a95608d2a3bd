#include "RestoreProgressPage.h"

#include "RestoreWizard.h"

#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace tidemark::ui {

RestoreProgressPage::RestoreProgressPage(RestoreWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_stage(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_steps(new QListWidget(this))
{
    setTitle(tr("4. Restoring"));
    setSubTitle(tr(
        "Extract beside the targets and verify, regenerate the broker, set the owner, swap by rename, remove the old "
        "directories. Cancel before the swap rolls back; a crash is finished or rolled back by the next restore."));
    m_stage->setObjectName(QStringLiteral("restoreStage"));
    m_stage->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_progress->setObjectName(QStringLiteral("restoreProgress"));
    m_steps->setObjectName(QStringLiteral("restoreSteps"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_steps, 1);
    connect(m_wizard->task(), &RestoreSession::progressChanged, this,
            [this](const QString &stage, qint64 done, qint64 total) {
                if (!m_running)
                    return;
                m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                m_stage->setText(stage);
                if (stage != m_lastStage) {
                    // Each new step marks the one before as done.
                    if (m_steps->count() > 0)
                        m_steps->item(m_steps->count() - 1)->setText(QStringLiteral("✔ ") + m_lastStage);
                    m_steps->addItem(QStringLiteral("▶ ") + stage);
                    m_steps->scrollToBottom();
                    m_lastStage = stage;
                }
            });
    connect(m_wizard->task(), &RestoreSession::executeFinished, this, [this](const RestoreEngine::Outcome &outcome) {
        m_running = false;
        m_done = true;
        m_progress->setValue(outcome.ok() ? 1000 : m_progress->value());
        if (m_steps->count() > 0)
            m_steps->item(m_steps->count() - 1)
                ->setText((outcome.ok() ? QStringLiteral("✔ ") : QStringLiteral("✖ ")) + m_lastStage);
        m_stage->setText(outcome.ok() ? tr("Done.") : tr("Stopped: %1").arg(outcome.error.message));
        m_wizard->setOutcome(outcome);
        Q_EMIT completeChanged();
        if (m_wizard->currentPage() == this)
            QTimer::singleShot(0, m_wizard, &QWizard::next);
    });
}

void RestoreProgressPage::initializePage()
{
    m_done = false;
    m_running = true;
    m_steps->clear();
    m_lastStage.clear();
    m_progress->setValue(0);
    m_stage->setText(tr("Starting…"));
    m_wizard->task()->startExecute(m_wizard->plan());
}

bool RestoreProgressPage::isComplete() const
{
    return m_done;
}

} // namespace tidemark::ui
