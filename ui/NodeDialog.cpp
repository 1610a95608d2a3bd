#include "NodeDialog.h"

#include "config/NodeConfig.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace tidemark::ui {

NodeDialog::NodeDialog(QWidget *parent)
    : QDialog(parent), m_name(new QLineEdit(this)), m_host(new QLineEdit(this)), m_token(new QLineEdit(this)),
      m_staleHours(new QSpinBox(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Node"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_name->setPlaceholderText(tr("e.g. node1"));
    m_host->setPlaceholderText(tr("127.0.0.1:8808"));
    m_host->setText(QStringLiteral("127.0.0.1:8808"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("only when the node sets [snapshot] auth-token"));
    m_staleHours->setRange(1, 24 * 365);
    m_staleHours->setValue(24);
    m_staleHours->setSuffix(tr(" h"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Snapshot service (host:port):"), m_host);
    form->addRow(tr("Auth &token:"), m_token);
    form->addRow(tr("Warn when the last backup is older than:"), m_staleHours);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QLineEdit::textChanged, this, &NodeDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &NodeDialog::validate);
    validate();
}

void NodeDialog::setEntry(const NodeEntry &entry, const QByteArray &token)
{
    m_entry = entry;
    m_name->setText(entry.name);
    m_host->setText(entry.host);
    m_token->setText(QString::fromUtf8(token));
    m_staleHours->setValue(entry.staleHours);
}

NodeEntry NodeDialog::entry() const
{
    NodeEntry entry = m_entry;
    entry.name = m_name->text().trimmed();
    entry.host = m_host->text().trimmed();
    entry.staleHours = m_staleHours->value();
    return entry;
}

QByteArray NodeDialog::token() const
{
    return m_token->text().toUtf8();
}

void NodeDialog::validate()
{
    QString problem;
    if (m_name->text().trimmed().isEmpty())
        problem = tr("Give the node a name.");
    else if (auto host = HostPort::parse(m_host->text().trimmed()); !host || host->port == 0)
        problem = tr("Write the snapshot service as HOST:PORT, e.g. 127.0.0.1:8808.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace tidemark::ui
