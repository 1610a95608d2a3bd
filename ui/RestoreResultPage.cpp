#include "RestoreResultPage.h"

#include "kinds/NodeKind.h"

#include "RestoreWizard.h"
#include "Units.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tidemark::ui {

RestoreResultPage::RestoreResultPage(RestoreWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_headline(new QLabel(this)), m_details(new QLabel(this)),
      m_command(new QLineEdit(this))
{
    setTitle(tr("5. Result"));
    setFinalPage(true);
    m_headline->setObjectName(QStringLiteral("resultHeadline"));
    m_details->setObjectName(QStringLiteral("resultDetails"));
    m_command->setObjectName(QStringLiteral("startCommand"));
    QFont font = m_headline->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    m_headline->setFont(font);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setReadOnly(true);
    auto *copy = new QPushButton(tr("Copy"), this);
    connect(copy, &QPushButton::clicked, m_command, [this] { QApplication::clipboard()->setText(m_command->text()); });
    auto *commandRow = new QHBoxLayout;
    commandRow->addWidget(m_command, 1);
    commandRow->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_details);
    layout->addLayout(commandRow);
    layout->addStretch(1);
}

void RestoreResultPage::initializePage()
{
    const RestorePlan &plan = m_wizard->plan();
    const RestoreEngine::Outcome &outcome = m_wizard->outcome();
    if (outcome.ok()) {
        m_headline->setText(tr("✔ Restored"));
        m_headline->setStyleSheet(QStringLiteral("color: #2e7d32"));
        QStringList into;
        for (const RestorePlan::Removal &r : plan.removals)
            into << r.key + QLatin1Char(' ') + r.dir;
        QString details =
            tr("%1 (%n link(s), %2) is now in %3, owned by %4.", nullptr, static_cast<int>(plan.links.size()))
                .arg(plan.chainPath, Units::bytes(plan.bytesToWrite), into.join(QStringLiteral(", ")), plan.owner);
        if (!plan.brokerUrl.isEmpty())
            details += QLatin1Char(' ') + tr("The broker index is %1.").arg(plan.brokerIndex);
        details += QStringLiteral("\n\n") + tr("Next steps:\n1. Start the node with the command below.\n"
                                               "2. Check it: tidemark-cli node-info shows its index.\n"
                                               "3. Take a new full backup: the restored node continues its index.");
        m_details->setText(details);
        m_command->setText(NodeKind::of(plan.kind).startCommand(plan.configPath));
        m_command->setVisible(true);
    } else {
        const bool cancelled = outcome.error.code == ErrorCode::Cancelled;
        m_headline->setText(cancelled ? tr("Restore cancelled") : tr("✖ Restore failed"));
        m_headline->setStyleSheet(QStringLiteral("color: #b00020"));
        QString text = outcome.error.message;
        if (!outcome.error.hint.isEmpty())
            text += QStringLiteral("\n\n") + tr("What to do: %1").arg(outcome.error.hint);
        text += QStringLiteral("\n\n") +
                tr("Running the restore again finishes or rolls back an interrupted one. The same from a terminal:");
        m_details->setText(text);
        m_command->setText(RestoreJob::cliCommand(m_wizard->options(), RestoreJob::ownerNeedsRoot(plan.owner)) +
                           QStringLiteral(" --dry-run"));
    }
    m_command->setCursorPosition(0);
}

} // namespace tidemark::ui
