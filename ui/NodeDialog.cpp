#include "NodeDialog.h"

#include "kinds/NodeKind.h"

#include "config/NodeConfig.h"

#include "ScheduleTab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSslCertificate>
#include <QTabWidget>
#include <QVBoxLayout>

namespace tidemark::ui {

namespace {

quint16 defaultPort(Manifest::Kind kind)
{
    return NodeKind::of(kind).defaultPort();
}

// A CA bundle is a few kilobytes; a bigger file is not one, and is not read on each keystroke.
constexpr qint64 kMaxCaFileBytes = 1024 * 1024;

} // namespace

NodeDialog::NodeDialog(QWidget *parent)
    : QDialog(parent), m_kind(new QComboBox(this)), m_name(new QLineEdit(this)), m_host(new QLineEdit(this)),
      m_token(new QLineEdit(this)), m_tokenStorage(new QLabel(this)), m_databases(new QLineEdit(this)),
      m_staleHours(new QSpinBox(this)), m_tls(new QCheckBox(tr("Use &TLS"), this)), m_caFile(new QLineEdit(this)),
      m_caRow(new QWidget(this)), m_retries(new QSpinBox(this)), m_maxLinks(new QSpinBox(this)),
      m_tabs(new QTabWidget(this)), m_schedule(new ScheduleTab(m_tabs)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Node"));
    setMinimumWidth(520);
    m_kind->setObjectName(QStringLiteral("kindCombo"));
    for (const NodeKind *kind : NodeKind::all())
        m_kind->addItem(tr("%1 (%2)").arg(kind->displayName(), kind->program()), static_cast<int>(kind->id()));
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
    m_tokenStorage->setObjectName(QStringLiteral("tokenStorageLabel"));
    m_tokenStorage->setWordWrap(true);
    m_tokenStorage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = m_tokenStorage->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_tokenStorage->setFont(small);
    m_staleHours->setRange(1, 24 * 365);
    m_staleHours->setValue(24);
    m_staleHours->setSuffix(tr(" h"));
    m_tls->setObjectName(QStringLiteral("tlsCheck"));
    m_tls->setToolTip(tr("Encrypt the snapshot stream and check the node's certificate: for a node whose "
                         "[snapshot] sets tls-cert and tls-key."));
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("empty: the system's trusted CAs"));
    m_caFile->setToolTip(tr("PEM file of the certificates to trust for this node (its own certificate when "
                            "self-signed) instead of the system's."));
    auto *browse = new QPushButton(tr("&Browse…"), m_caRow);
    browse->setObjectName(QStringLiteral("caFileBrowseButton"));
    auto *caLayout = new QHBoxLayout(m_caRow);
    caLayout->setContentsMargins(0, 0, 0, 0);
    caLayout->addWidget(m_caFile, 1);
    caLayout->addWidget(browse);
    m_retries->setObjectName(QStringLiteral("retriesSpin"));
    m_retries->setRange(0, NodeEntry::kMaxRetries);
    m_retries->setValue(0);
    m_retries->setSpecialValueText(tr("none"));
    m_retries->setToolTip(tr("How many times a backup starts again after a lost connection, waiting 1 s before the "
                             "first retry and twice as long before each next one."));
    m_maxLinks->setObjectName(QStringLiteral("maxLinksSpin"));
    m_maxLinks->setRange(0, NodeEntry::kMaxMaxLinks);
    m_maxLinks->setValue(0);
    m_maxLinks->setSpecialValueText(tr("no limit"));
    m_maxLinks->setToolTip(tr("Incremental forever: once a chain holds this many links, the next backup first rolls "
                              "it onto a synthetic full (made from the chain, not the node) in a new chain beside it, "
                              "named after the location and the time, and goes on there."));
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));

    auto *nodePage = new QWidget(m_tabs);
    m_form = new QFormLayout(nodePage);
    m_form->addRow(tr("&Kind:"), m_kind);
    m_form->addRow(tr("&Name:"), m_name);
    m_form->addRow(tr("&Snapshot service (host:port):"), m_host);
    m_form->addRow(tr("Auth &token:"), m_token);
    m_form->addRow(QString(), m_tokenStorage);
    m_form->addRow(tr("&Databases:"), m_databases);
    m_form->addRow(tr("Encryption:"), m_tls);
    m_form->addRow(tr("CA &certificate:"), m_caRow);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_caRow)))
        label->setBuddy(m_caFile);
    m_form->addRow(tr("Warn when the last backup is older than:"), m_staleHours);
    m_form->addRow(tr("&Retries after a lost connection:"), m_retries);
    m_form->addRow(tr("&Max links per chain (incremental forever):"), m_maxLinks);
    m_tabs->setObjectName(QStringLiteral("nodeTabs"));
    m_tabs->addTab(nodePage, tr("N&ode"));
    m_tabs->addTab(m_schedule, tr("Sc&hedule"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    // Tab follows the rows, not the order the widgets were made in.
    setTabOrder(m_databases, m_tls);
    setTabOrder(m_tls, m_caFile);
    setTabOrder(m_caFile, browse);
    setTabOrder(browse, m_staleHours);
    setTabOrder(m_staleHours, m_retries);
    setTabOrder(m_retries, m_maxLinks);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_host, &QLineEdit::textChanged, this, &NodeDialog::edited);
    connect(m_name, &QLineEdit::textChanged, this, &NodeDialog::edited);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &NodeDialog::kindChanged);
    connect(m_tls, &QCheckBox::toggled, this, [this](bool on) {
        m_caRow->setEnabled(on);
        edited();
    });
    connect(m_caFile, &QLineEdit::textChanged, this, &NodeDialog::edited);
    connect(m_token, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_schedule->setUsesToken(!text.isEmpty()); });
    connect(m_schedule, &ScheduleTab::validityChanged, this, &NodeDialog::edited);
    connect(m_schedule, &ScheduleTab::readFinished, this, &NodeDialog::validate);
    connect(browse, &QPushButton::clicked, this, &NodeDialog::browseCaFile);
    m_caRow->setEnabled(false);
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
    const NodeKind &node = NodeKind::of(current);
    // The port follows the kind while it is another kind's default; a port the operator chose stays.
    const auto someDefault = [](quint16 port) {
        const auto &kinds = NodeKind::all();
        return std::any_of(kinds.begin(), kinds.end(), [port](const NodeKind *k) { return k->defaultPort() == port; });
    };
    if (auto host = HostPort::parse(m_host->text().trimmed()); !host || someDefault(host->port)) {
        const QString name = host ? host->host : QStringLiteral("127.0.0.1");
        m_host->setText(QStringLiteral("%1:%2").arg(name).arg(defaultPort(current)));
    }
    m_host->setPlaceholderText(QStringLiteral("127.0.0.1:%1").arg(defaultPort(current)));
    m_token->setEnabled(node.usesAuthToken());
    m_token->setPlaceholderText(node.usesAuthToken() ? tr("only when the node sets [snapshot] auth-token")
                                                     : tr("none: influxd's snapshots have no auth"));
    m_form->setRowVisible(m_tokenStorage, node.usesAuthToken() && !m_tokenStorage->text().isEmpty());
    m_form->setRowVisible(m_databases, node.backsUpChosenDatabases());
    // influxd's snapshot service speaks plain TCP only.
    m_tls->setEnabled(node.usesTls());
    m_form->setRowVisible(m_tls, node.usesTls());
    m_form->setRowVisible(m_caRow, node.usesTls());
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
    m_tls->setChecked(entry.tls.enabled);
    m_caFile->setText(entry.tls.caFile);
    m_retries->setValue(entry.retries);
    m_maxLinks->setValue(entry.maxLinks);
    m_schedule->setNode(entry);
    m_schedule->setUsesToken(!token.isEmpty());
    validate();
}

void NodeDialog::setS3Locations(const QHash<QString, S3Location> &s3)
{
    m_schedule->setS3Locations(s3);
}

void NodeDialog::showScheduleTab()
{
    m_tabs->setCurrentWidget(m_schedule);
}

void NodeDialog::accept()
{
    if (m_schedule->isApplying())
        return;
    if (m_schedule->isReading()) {
        // Once the schedules are read (OK waits for them; accept() called in code does not).
        connect(m_schedule, &ScheduleTab::readFinished, this, &NodeDialog::accept, Qt::SingleShotConnection);
        return;
    }
    m_applyProblem.clear();
    m_buttons->setEnabled(false);
    m_problem->setText(tr("Writing the schedules…"));
    m_problem->setStyleSheet(QString());
    m_problem->setVisible(true);
    connect(
        m_schedule, &ScheduleTab::applied, this,
        [this](bool ok, const QStringList &messages) {
            m_buttons->setEnabled(true);
            if (ok) {
                for (const QString &message : messages)
                    Q_EMIT scheduleLog(message, false);
                QDialog::accept();
                return;
            }
            m_applyProblem = messages.join(QLatin1Char('\n'));
            showScheduleTab();
            validate();
        },
        Qt::SingleShotConnection);
    m_schedule->apply(entry(), token());
}

void NodeDialog::reject()
{
    if (m_schedule->isApplying())
        return;
    QDialog::reject();
}

void NodeDialog::edited()
{
    m_applyProblem.clear();
    validate();
}

NodeEntry NodeDialog::entry() const
{
    NodeEntry entry = m_entry;
    entry.name = m_name->text().trimmed();
    entry.host = m_host->text().trimmed();
    entry.staleHours = m_staleHours->value();
    entry.kind = kind();
    entry.databases.clear();
    entry.retries = m_retries->value();
    entry.maxLinks = m_maxLinks->value();
    entry.tls = {};
    if (NodeKind::of(entry.kind).usesTls() && m_tls->isChecked())
        entry.tls = {true, m_caFile->text().trimmed()};
    if (NodeKind::of(entry.kind).backsUpChosenDatabases()) {
        for (const QString &database : m_databases->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!database.trimmed().isEmpty())
                entry.databases << database.trimmed();
        }
    }
    return entry;
}

void NodeDialog::setTokenStorage(const QString &sentence)
{
    m_tokenStorage->setText(sentence);
    m_form->setRowVisible(m_tokenStorage, NodeKind::of(kind()).usesAuthToken() && !sentence.isEmpty());
}

QByteArray NodeDialog::token() const
{
    return NodeKind::of(kind()).usesAuthToken() ? m_token->text().toUtf8() : QByteArray();
}

void NodeDialog::validate()
{
    QString problem;
    if (m_name->text().trimmed().isEmpty())
        problem = tr("Give the node a name.");
    else if (auto host = HostPort::parse(m_host->text().trimmed()); !host || host->port == 0)
        problem = tr("Write the snapshot service as HOST:PORT, e.g. 127.0.0.1:%1.").arg(defaultPort(kind()));
    else
        problem = caFileProblem();
    if (problem.isEmpty())
        problem = m_schedule->problem();
    const bool blocking = !problem.isEmpty();
    if (!blocking)
        problem = m_applyProblem;
    m_problem->setText(problem);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!blocking && !m_schedule->isReading());
}

QString NodeDialog::caFileProblem() const
{
    const QString path = m_caFile->text().trimmed();
    if (kind() != Manifest::Kind::Tidemark || !m_tls->isChecked() || path.isEmpty())
        return {};
    const QFileInfo info(path);
    if (info.isRelative())
        return tr("CA certificate: write the file's absolute path, or leave the field empty to trust the system's "
                  "CAs.");
    if (!info.exists())
        return tr("CA certificate: '%1' does not exist. Choose the node's certificate (or its CA's), or leave the "
                  "field empty to trust the system's CAs.")
            .arg(QDir::toNativeSeparators(path));
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return tr("CA certificate: '%1' cannot be read (not a file, or no permission).")
            .arg(QDir::toNativeSeparators(path));
    if (info.size() > kMaxCaFileBytes || QSslCertificate::fromData(file.readAll(), QSsl::Pem).isEmpty())
        return tr("CA certificate: '%1' holds no PEM certificate.").arg(QDir::toNativeSeparators(path));
    return {};
}

void NodeDialog::browseCaFile()
{
    const QString current = m_caFile->text().trimmed();
    auto *dialog = new QFileDialog(this, tr("CA certificate for this node"),
                                   current.isEmpty() ? QDir::homePath() : QFileInfo(current).path());
    dialog->setObjectName(QStringLiteral("caFileDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilters({tr("PEM certificates (*.pem *.crt *.cer)"), tr("All files (*)")});
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString &chosen) { m_caFile->setText(QFileInfo(chosen).absoluteFilePath()); });
    dialog->open();
}

} // namespace tidemark::ui
