#include "RestoreWizard.h"

#include "RestoreChainPage.h"
#include "RestoreConfigPage.h"
#include "RestorePlanPage.h"
#include "RestoreProgressPage.h"
#include "RestoreResultPage.h"

#include <QTimer>

namespace tidemark::ui {

RestoreWizard::RestoreWizard(const QString &chainPath, QWidget *parent)
    : QWizard(parent), m_task(new RestoreSession(this))
{
    setWindowTitle(tr("Restore a node from a backup"));
    setObjectName(QStringLiteral("restoreWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage); // after the restore there is nothing left to cancel
    m_options.chainPath = chainPath;
    setPage(ChainPageId, new RestoreChainPage(this));
    setPage(ConfigPageId, new RestoreConfigPage(this));
    setPage(PlanPageId, new RestorePlanPage(this));
    setPage(ProgressPageId, new RestoreProgressPage(this));
    setPage(ResultPageId, new RestoreResultPage(this));
    resize(820, 600);
}

RestoreWizard::~RestoreWizard()
{
    if (m_task->isRunning() && currentId() != ProgressPageId) {
        RestoreSession *task = m_task;
        task->cancel(); // A preflight stops at once; it only ever read.
        task->setParent(nullptr);
        auto *poll = new QTimer(task);
        connect(poll, &QTimer::timeout, task, [task] {
            if (!task->isRunning())
                task->deleteLater();
        });
        poll->start(100);
    }
}

void RestoreWizard::setOutcome(const RestoreEngine::Outcome &outcome)
{
    m_outcome = outcome;
    const QString message = outcome.ok()
                                ? tr("Restored %1 with config %2").arg(m_plan.chainPath, m_plan.configPath)
                                : tr("Restore of %1 failed: %2").arg(m_plan.chainPath, outcome.error.toString());
    Q_EMIT restoreFinished(outcome.ok(), message);
    if (m_rejectWhenDone)
        QWizard::reject();
}

void RestoreWizard::reject()
{
    // A running restore is asked to stop and rolls back; the wizard closes when it has.
    if (m_task->isRunning() && currentId() == ProgressPageId) {
        m_rejectWhenDone = true;
        m_task->cancel();
        return;
    }
    QWizard::reject();
}

} // namespace tidemark::ui
