#include "NodeDialog.h"

#include "config/NodeConfig.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace tidemark::ui {

namespace {

quint16 defaultPort(Manifest::Kind kind)
{
    return kind == Manifest::Kind::InfluxDb1 ? 8088 : 8808;
}

} // namespace

NodeDialog::NodeDialog(QWidget *parent)
    : QDialog(parent), m_kind(new QComboBox(this)), m_name(new QLineEdit(this)), m_host(new QLineEdit(this)),
      m_token(new QLineEdit(this)), m_databases(new QLineEdit(this)), m_staleHours(new QSpinBox(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Node"));
    setMinimumWidth(520);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    m_kind->addItem(tr("Tidemark node (tidemarkd)"), static_cast<int>(Manifest::Kind::Tidemark));
    m_kind->addItem(tr("InfluxDB 1.x node (influxd)"), static_cast<int>(Manifest::Kind::InfluxDb1));
    m_databases->setObjectName(QStringLiteral("databasesEdit"));
    m_databases->setToolTip(tr("The databases to back up, comma-separated; empty: every database. The meta store is "
                               "always taken whole."));
    m_databases->setPlaceholderText(tr("empty: all; or e.g. telegraf, app"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_name->setPlaceholderText(tr("e.g. node1"));
    m_host->setText(QStringLiteral("127.0.0.1:8808"));
    m_token->setEchoMode(QLineEdit::Password);
    m_staleHours->setRange(1, 24 * 365);
    m_staleHours->setValue(24);
    m_staleHours->setSuffix(tr(" h"));
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));

    m_form = new QFormLayout(this);
    m_form->addRow(tr("&Kind:"), m_kind);
    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Snapshot service (host:port):"), m_host);
    m_form->addRow(tr("Auth &token:"), m_token);
    m_form->addRow(tr("&Databases:"), m_databases);
    m_form->addRow(tr("Warn when the last backup is older than:"), m_staleHours);
    m_form->addRow(m_problem);
    m_form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QLineEdit::textChanged, this, &NodeDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &NodeDialog::validate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &NodeDialog::kindChanged);
    kindChanged();
    validate();
}

Manifest::Kind NodeDialog::kind() const
{
    return static_cast<Manifest::Kind>(m_kind->currentData().toInt());
}

void NodeDialog::kindChanged()
{
    const Manifest::Kind current = kind();
    const Manifest::Kind other =
        current == Manifest::Kind::InfluxDb1 ? Manifest::Kind::Tidemark : Manifest::Kind::InfluxDb1;
    // The port follows the kind while it is the other kind's default; a port the operator chose stays.
    if (auto host = HostPort::parse(m_host->text().trimmed()); !host || host->port == defaultPort(other)) {
        const QString name = host ? host->host : QStringLiteral("127.0.0.1");
        m_host->setText(QStringLiteral("%1:%2").arg(name).arg(defaultPort(current)));
    }
    m_host->setPlaceholderText(QStringLiteral("127.0.0.1:%1").arg(defaultPort(current)));
    const bool influx = current == Manifest::Kind::InfluxDb1;
    m_token->setEnabled(!influx);
    m_token->setPlaceholderText(influx ? tr("none: influxd's snapshots have no auth")
                                       : tr("only when the node sets [snapshot] auth-token"));
    m_form->setRowVisible(m_databases, influx);
    validate();
}

void NodeDialog::setEntry(const NodeEntry &entry, const QByteArray &token)
{
    m_entry = entry;
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(entry.kind)));
    m_name->setText(entry.name);
    m_host->setText(entry.host);
    m_databases->setText(entry.databases.join(QStringLiteral(", ")));
    m_token->setText(QString::fromUtf8(token));
    m_staleHours->setValue(entry.staleHours);
}

NodeEntry NodeDialog::entry() const
{
    NodeEntry entry = m_entry;
    entry.name = m_name->text().trimmed();
    entry.host = m_host->text().trimmed();
    entry.staleHours = m_staleHours->value();
    entry.kind = kind();
    entry.databases.clear();
    if (entry.kind == Manifest::Kind::InfluxDb1) {
        for (const QString &database : m_databases->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!database.trimmed().isEmpty())
                entry.databases << database.trimmed();
        }
    }
    return entry;
}

QByteArray NodeDialog::token() const
{
    return kind() == Manifest::Kind::InfluxDb1 ? QByteArray() : m_token->text().toUtf8();
}

void NodeDialog::validate()
{
    QString problem;
    if (m_name->text().trimmed().isEmpty())
        problem = tr("Give the node a name.");
    else if (auto host = HostPort::parse(m_host->text().trimmed()); !host || host->port == 0)
        problem = tr("Write the snapshot service as HOST:PORT, e.g. 127.0.0.1:%1.").arg(defaultPort(kind()));
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace tidemark::ui
