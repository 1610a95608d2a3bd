#include "RestoreConfigPage.h"

#include "kinds/NodeKind.h"

#include "RestoreWizard.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QDir>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace tidemark::ui {

RestoreConfigPage::RestoreConfigPage(RestoreWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_config(new QLineEdit(this)), m_configLabel(new QLabel(this)),
      m_owner(new QLineEdit(this)), m_progress(new QProgressBar(this)), m_summary(new QLabel(this)),
      m_findingsBox(new QWidget), m_findings(new QVBoxLayout(m_findingsBox))
{
    setTitle(tr("2. The node to restore into"));
    m_config->setObjectName(QStringLiteral("configPathEdit"));
    m_owner->setObjectName(QStringLiteral("ownerEdit"));
    m_summary->setObjectName(QStringLiteral("preflightSummary"));
    m_summary->setWordWrap(true);
    m_progress->setRange(0, 1000);
    m_pkexec = QStandardPaths::findExecutable(QStringLiteral("pkexec"));
    const QSettings settings;
    m_config->setText(settings.value(configKey(m_kind)).toString());
    m_owner->setText(settings.value(QStringLiteral("restore/owner"), QStringLiteral("influxdb")).toString());

    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *checkButton = new QPushButton(tr("Check again"), this);
    checkButton->setObjectName(QStringLiteral("checkButton"));
    auto *configRow = new QHBoxLayout;
    configRow->addWidget(m_config, 1);
    configRow->addWidget(browse);
    auto *ownerRow = new QHBoxLayout;
    ownerRow->addWidget(m_owner, 1);
    ownerRow->addWidget(checkButton);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_findingsBox);
    m_findings->addStretch(1);

    auto *form = new QFormLayout;
    m_configLabel->setBuddy(m_config);
    form->addRow(m_configLabel, configRow);
    form->addRow(tr("Owner of the restored files:"), ownerRow);
    form->addRow(tr("Checks:"), m_progress);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(scroll, 1);
    showKind();

    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("The node's config file"), QFileInfo(m_config->text()).path(),
                                         tr("Config files (*.conf *.toml);;All files (*)"));
        if (!path.isEmpty()) {
            m_config->setText(path);
            check();
        }
    });
    connect(checkButton, &QPushButton::clicked, this, &RestoreConfigPage::check);
    // Leaving a field (e.g. by clicking Next) checks again only when the field changed.
    const auto checkIfChanged = [this] {
        if (m_config->text().trimmed() != m_checkedConfig || m_owner->text().trimmed() != m_checkedOwner)
            check();
    };
    connect(m_config, &QLineEdit::editingFinished, this, checkIfChanged);
    connect(m_owner, &QLineEdit::editingFinished, this, checkIfChanged);
    connect(m_wizard->task(), &RestoreSession::preflightFinished, this, &RestoreConfigPage::showPlan);
    connect(m_wizard->task(), &RestoreSession::progressChanged, this,
            [this](const QString &stage, qint64 done, qint64 total) {
                if (!m_running)
                    return;
                m_progress->setValue(total > 0 ? static_cast<int>(done * 1000 / total) : 0);
                m_summary->setText(stage);
            });
}

QString RestoreConfigPage::configKey(Manifest::Kind kind)
{
    // One remembered config per kind; the keys earlier versions wrote stay.
    if (kind == Manifest::Kind::Tidemark)
        return QStringLiteral("restore/config");
    if (kind == Manifest::Kind::InfluxDb1)
        return QStringLiteral("restore/influxConfig");
    return QStringLiteral("restore/config-") + NodeKind::of(kind).name();
}

void RestoreConfigPage::showKind()
{
    const NodeKind::ConfigText text = NodeKind::of(m_kind).configText();
    setSubTitle(text.replaces);
    m_configLabel->setText(text.label);
    m_config->setPlaceholderText(text.defaultPath);
}

void RestoreConfigPage::initializePage()
{
    // A chain of the other kind needs the other kind's config: take the one used last for it.
    if (m_wizard->chainKind() != m_kind) {
        m_kind = m_wizard->chainKind();
        m_config->setText(QSettings().value(configKey(m_kind)).toString());
        showKind();
    }
    check();
}

void RestoreConfigPage::check()
{
    m_checked = false;
    Q_EMIT completeChanged();
    if (m_config->text().trimmed().isEmpty()) {
        m_summary->setText(NodeKind::of(m_kind).configText().prompt);
        return;
    }
    if (m_running) {
        m_again = true; // the fields changed while preflight ran: check once more when it ends
        return;
    }
    m_checkedConfig = m_config->text().trimmed();
    m_checkedOwner = m_owner->text().trimmed();
    RestoreEngine::Options &options = m_wizard->options();
    options.configPath = QFileInfo(m_config->text().trimmed()).absoluteFilePath();
    options.owner = m_owner->text().trimmed();
    QSettings settings;
    settings.setValue(configKey(m_kind), options.configPath);
    settings.setValue(QStringLiteral("restore/owner"), options.owner);
    m_running = true;
    m_progress->setValue(0);
    m_summary->setText(tr("Checking…"));
    m_wizard->task()->startPreflight(options);
}

void RestoreConfigPage::addCommandRow(const QString &label, const QString &command, const QString &objectName)
{
    auto *row = new QWidget(m_findingsBox);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(24, 0, 0, 0);
    auto *edit = new QLineEdit(command, row);
    edit->setReadOnly(true);
    edit->setObjectName(objectName);
    edit->setCursorPosition(0);
    auto *copy = new QPushButton(tr("Copy"), row);
    connect(copy, &QPushButton::clicked, edit, [edit] { QApplication::clipboard()->setText(edit->text()); });
    layout->addWidget(new QLabel(label, row));
    layout->addWidget(edit, 1);
    layout->addWidget(copy);
    m_findings->insertWidget(m_findings->count() - 1, row);
}

void RestoreConfigPage::showPlan(const RestorePlan &plan, const QString &recovered)
{
    m_running = false;
    if (m_again) {
        m_again = false;
        check();
        return;
    }
    while (m_findings->count() > 1) {
        QLayoutItem *item = m_findings->takeAt(0);
        delete item->widget();
        delete item;
    }
    m_progress->setValue(1000);
    m_wizard->setPlan(plan);
    if (!recovered.isEmpty()) {
        auto *label = new QLabel(tr("ℹ %1").arg(recovered), m_findingsBox);
        label->setWordWrap(true);
        m_findings->insertWidget(m_findings->count() - 1, label);
    }
    int errors = 0;
    for (const RestoreFinding &finding : plan.findings) {
        const bool error = finding.severity == RestoreFinding::Severity::Error;
        errors += error ? 1 : 0;
        auto *label = new QLabel(m_findingsBox);
        label->setObjectName(QStringLiteral("finding"));
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setTextFormat(Qt::RichText);
        QString html = QStringLiteral("<p style='margin:0'><span style='color:%1'><b>%2</b></span> %3</p>")
                           .arg(error ? QStringLiteral("#b00020") : QStringLiteral("#b06000"),
                                error ? tr("✖ Error:") : tr("⚠ Warning:"), finding.message.toHtmlEscaped());
        if (!finding.fix.isEmpty())
            html += QStringLiteral("<p style='margin:0 0 0 24px'><b>%1</b> %2</p>")
                        .arg(tr("Fix:"), finding.fix.toHtmlEscaped());
        label->setText(html);
        m_findings->insertWidget(m_findings->count() - 1, label);
        if (finding.code == ErrorCode::Usage && RestoreJob::ownerNeedsRoot(plan.owner)) {
            addCommandRow(tr("As root:"), RestoreJob::cliCommand(m_wizard->options(), true),
                          QStringLiteral("rootCommand"));
            if (!m_pkexec.isEmpty()) {
                auto *run = new QPushButton(tr("Restore as root now (pkexec)…"), m_findingsBox);
                run->setObjectName(QStringLiteral("pkexecButton"));
                connect(run, &QPushButton::clicked, this, &RestoreConfigPage::runWithPkexec);
                m_findings->insertWidget(m_findings->count() - 1, run, 0, Qt::AlignRight);
            }
        }
    }
    if (errors == 0) {
        m_summary->setText(tr(
            "✔ Every check passed: the config, the directories, the node is stopped, the chain up to the chosen link, "
            "free space and the owner. Next shows the plan."));
        m_summary->setStyleSheet(QStringLiteral("color: #2e7d32"));
    } else {
        m_summary->setText(
            tr("%n problem(s) to fix before restoring; change the fields or fix the node, then Check again.", nullptr,
               errors));
        m_summary->setStyleSheet(QStringLiteral("color: #b00020"));
    }
    RestoreEngine::Options dryRun = m_wizard->options();
    addCommandRow(tr("The same from a terminal:"), RestoreJob::cliCommand(dryRun, false) + QStringLiteral(" --dry-run"),
                  QStringLiteral("cliCommand"));
    m_checked = errors == 0;
    Q_EMIT completeChanged();
    Q_EMIT checked(m_checked);
}

void RestoreConfigPage::runWithPkexec()
{
    // The same checklist runs as root in tidemark-cli; pkexec asks for the password.
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    const QString cli = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("tidemark-cli"));
    QStringList args{cli};
    args << RestoreJob::cliArguments(m_wizard->options()) << QStringLiteral("--yes");
    m_summary->setText(tr("Running as root: %1").arg(RestoreJob::cliCommand(m_wizard->options(), false)));
    m_summary->setStyleSheet(QString());
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        process->deleteLater();
        const QString output = QString::fromLocal8Bit(process->readAll()).trimmed();
        const bool ok = status == QProcess::NormalExit && exitCode == 0;
        m_summary->setText(ok ? tr("✔ Restored as root by tidemark-cli:\n%1").arg(output)
                              : tr("✖ tidemark-cli (as root) ended with exit code %1:\n%2").arg(exitCode).arg(output));
        m_summary->setStyleSheet(ok ? QStringLiteral("color: #2e7d32") : QStringLiteral("color: #b00020"));
        Q_EMIT m_wizard->restoreFinished(ok, m_summary->text());
    });
    process->start(m_pkexec, args);
}

bool RestoreConfigPage::isComplete() const
{
    return m_checked;
}

} // namespace tidemark::ui
