#include "RestorePlanPage.h"

#include "RestoreWizard.h"
#include "Units.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tidemark::ui {

RestorePlanPage::RestorePlanPage(RestoreWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_summary(new QLabel(this)), m_tree(new QTreeWidget(this)),
      m_confirm(new QCheckBox(this))
{
    setTitle(tr("3. The plan"));
    setSubTitle(tr("Read what will happen. Nothing has been touched yet."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Restore"));
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_tree->setObjectName(QStringLiteral("planTree"));
    m_tree->setHeaderLabels({tr("What"), tr("Size"), tr("Details")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_confirm->setObjectName(QStringLiteral("confirmCheck"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_confirm);
    connect(m_confirm, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
}

void RestorePlanPage::initializePage()
{
    const RestorePlan &plan = m_wizard->plan();
    m_confirm->setChecked(false);
    m_confirm->setText(
        tr("I understand: the directories under \"Removed\" are replaced by the backup (%1 links, index %2).")
            .arg(plan.links.size())
            .arg(plan.brokerIndex));
    m_summary->setText(tr("Restore <b>%1</b> (%n link(s)) into the node of <b>%2</b>; %3 to write, owner <b>%4</b>.",
                          nullptr, static_cast<int>(plan.links.size()))
                           .arg(plan.chainPath.toHtmlEscaped(), plan.configPath.toHtmlEscaped(),
                                Units::bytes(plan.bytesToWrite), plan.owner.toHtmlEscaped()));
    m_tree->clear();
    auto *removed = new QTreeWidgetItem(m_tree, {tr("Removed (replaced)")});
    for (const auto &removal : plan.removals)
        new QTreeWidgetItem(removed, {removal.dir, removal.exists ? Units::bytes(removal.bytes) : QString(),
                                      removal.exists ? tr("kept as .restore-old until the new one is in place")
                                                     : tr("does not exist yet")});
    auto *written =
        new QTreeWidgetItem(m_tree, {tr("Written (newest index wins per file)"), Units::bytes(plan.bytesToWrite)});
    for (const auto &write : plan.writes)
        new QTreeWidgetItem(written,
                            {write.file.name, Units::bytes(write.file.fileSize()),
                             tr("index %1 from %2").arg(write.file.index).arg(QFileInfo(write.fromLink).fileName())});
    auto *broker = new QTreeWidgetItem(m_tree, {tr("Broker regenerated")});
    new QTreeWidgetItem(
        broker, {tr("index %1").arg(plan.brokerIndex), QString(), tr("raft config for %1").arg(plan.brokerUrl)});
    auto *owner = new QTreeWidgetItem(m_tree, {tr("Owner")});
    new QTreeWidgetItem(owner, {plan.owner, QString(), tr("every restored file")});
    m_tree->expandAll();
}

bool RestorePlanPage::isComplete() const
{
    return m_confirm->isChecked();
}

} // namespace tidemark::ui
