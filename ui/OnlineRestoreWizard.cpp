#include "OnlineRestoreWizard.h"

#include "NodeStore.h"
#include "Units.h"
#include "kinds/NodeKind.h"
#include "restore/OnlineRestoreJob.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWizardPage>

#include <algorithm>

namespace tidemark::ui {

namespace {

QString linkName(int upto)
{
    return upto < 0 ? OnlineRestoreWizard::tr("the full snapshot") : OnlineRestoreWizard::tr("link %1").arg(upto);
}

QString actionText(OnlineRestorePlan::Shard::Action action)
{
    switch (action) {
    case OnlineRestorePlan::Shard::Action::Import:
        return OnlineRestoreWizard::tr("import");
    case OnlineRestorePlan::Shard::Action::Skip:
        return OnlineRestoreWizard::tr("skip");
    case OnlineRestorePlan::Shard::Action::Replace:
        return OnlineRestoreWizard::tr("replace");
    }
    return {};
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QLabel *wrapped(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

/// Target node, name and conflict policy.
class OnlineTargetPage : public QWizardPage {
public:
    explicit OnlineTargetPage(OnlineRestoreWizard *wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("targetPage"));
    }
    [[nodiscard]] bool isComplete() const override
    {
        return m_wizard->settings().has_value() && !m_wizard->m_nameEdit->text().trimmed().isEmpty();
    }

private:
    OnlineRestoreWizard *m_wizard;
};

/// The plan: made on entering, dropped on going back.
class OnlinePlanPage : public QWizardPage {
public:
    explicit OnlinePlanPage(OnlineRestoreWizard *wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("planPage"));
    }
    void initializePage() override { m_wizard->startPlan(); }
    void cleanupPage() override { m_wizard->stopPlan(); }
    [[nodiscard]] bool isComplete() const override
    {
        if (!m_wizard->m_plan)
            return false;
        return std::any_of(m_wizard->m_plan->shards.begin(), m_wizard->m_plan->shards.end(),
                           [](const auto &s) { return s.action != OnlineRestorePlan::Shard::Action::Skip; });
    }

private:
    OnlineRestoreWizard *m_wizard;
};

/// The import's progress, then its result.
class OnlineRestorePage : public QWizardPage {
public:
    explicit OnlineRestorePage(OnlineRestoreWizard *wizard) : m_wizard(wizard)
    {
        setObjectName(QStringLiteral("restorePage"));
        setFinalPage(true);
    }
    void initializePage() override { m_wizard->startImport(); }
    [[nodiscard]] bool isComplete() const override { return m_wizard->m_finished; }

private:
    OnlineRestoreWizard *m_wizard;
};

OnlineRestoreWizard::OnlineRestoreWizard(NodeStore *store, QString chain, int upto, QString database,
                                         Manifest::Kind kind, Launcher launcher, QWidget *parent)
    : QWizard(parent), m_store(store), m_chain(std::move(chain)), m_upto(upto), m_database(std::move(database)),
      m_kind(kind), m_launcher(std::move(launcher)), m_nodeCombo(new QComboBox), m_nameEdit(new QLineEdit),
      m_conflictCombo(new QComboBox), m_replaceNote(wrapped(nullptr, QStringLiteral("replaceNoteLabel"))),
      m_planStatus(wrapped(nullptr, QStringLiteral("planStatus"))), m_planProgress(new QProgressBar),
      m_planTable(new QTableWidget), m_planSummary(wrapped(nullptr, QStringLiteral("planSummary"))),
      m_planError(wrapped(nullptr, QStringLiteral("planError"))),
      m_restoreStatus(wrapped(nullptr, QStringLiteral("restoreStatus"))), m_restoreProgress(new QProgressBar),
      m_resultLabel(wrapped(nullptr, QStringLiteral("resultLabel")))
{
    setObjectName(QStringLiteral("onlineRestoreWizard"));
    setWindowTitle(tr("Restore database %1 into a running node").arg(m_database));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    const NodeKind &nodeKind = NodeKind::of(m_kind);

    // 1. Target.
    auto *target = new OnlineTargetPage(this);
    target->setTitle(tr("Where to restore %1").arg(m_database));
    target->setSubTitle(tr("From %1 at %2. The node keeps serving reads and writes; nothing changes on it before "
                           "you have seen the plan.")
                            .arg(m_chain, linkName(m_upto)));
    m_nodeCombo->setObjectName(QStringLiteral("nodeCombo"));
    for (const NodeEntry &node : m_store->nodes()) {
        if (node.kind == m_kind)
            m_nodeCombo->addItem(QStringLiteral("%1 (%2)").arg(node.name, node.host), node.id);
    }
    auto *noNode = wrapped(target, QStringLiteral("noNodeLabel"));
    noNode->setText(
        tr("No %1 node is in the nodes list: add the node to restore into first.").arg(nodeKind.displayName()));
    noNode->setVisible(m_nodeCombo->count() == 0);
    m_nameEdit->setObjectName(QStringLiteral("newNameEdit"));
    m_nameEdit->setText(m_database);
    m_nameEdit->setToolTip(tr("The database's name on the node (tidemark-cli restore --as)."));
    m_conflictCombo->setObjectName(QStringLiteral("conflictCombo"));
    m_conflictCombo->addItem(tr("Fail: change nothing"), static_cast<int>(OnlineRestoreRequest::OnConflict::Fail));
    m_conflictCombo->addItem(tr("Skip: keep what the node has, import the rest"),
                             static_cast<int>(OnlineRestoreRequest::OnConflict::Skip));
    m_conflictCombo->addItem(tr("Replace: the chain's copy replaces the node's"),
                             static_cast<int>(OnlineRestoreRequest::OnConflict::Replace));
    const QString refusal = nodeKind.onlineImporter().replaceRefusal();
    if (!refusal.isEmpty()) {
        if (auto *model = qobject_cast<QStandardItemModel *>(m_conflictCombo->model())) {
            QStandardItem *replace = model->item(2);
            replace->setEnabled(false);
            replace->setToolTip(refusal);
        }
        m_replaceNote->setText(tr("Replace is not offered: %1").arg(refusal));
    }
    m_replaceNote->setVisible(!refusal.isEmpty());
    m_conflictCombo->setToolTip(tr("When the database, or a shard of it for the same time range, exists on the node "
                                   "(tidemark-cli restore --on-conflict)."));
    auto *form = new QFormLayout(target);
    form->addRow(tr("&Node:"), m_nodeCombo);
    form->addRow(noNode);
    form->addRow(tr("&Name on the node:"), m_nameEdit);
    form->addRow(tr("If it &exists:"), m_conflictCombo);
    form->addRow(m_replaceNote);
    connect(m_nameEdit, &QLineEdit::textChanged, target, &QWizardPage::completeChanged);
    connect(m_nodeCombo, &QComboBox::currentIndexChanged, target, &QWizardPage::completeChanged);
    setPage(TargetPage, target);

    // 2. Plan.
    auto *planPage = new OnlinePlanPage(this);
    planPage->setTitle(tr("The plan"));
    planPage->setSubTitle(tr("What the restore will do. Nothing has changed on the node yet."));
    m_planProgress->setObjectName(QStringLiteral("planProgress"));
    m_planProgress->setTextVisible(false);
    m_planTable->setObjectName(QStringLiteral("planTable"));
    m_planTable->setColumnCount(7);
    m_planTable->setHorizontalHeaderLabels(
        {tr("Shard"), tr("Retention policy"), tr("From"), tr("To"), tr("Bytes"), tr("Action"), tr("Reason")});
    m_planTable->verticalHeader()->setVisible(false);
    m_planTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_planTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_planTable->horizontalHeader()->setStretchLastSection(true);
    m_planError->setStyleSheet(QStringLiteral("color: #b00020"));
    auto *planLayout = new QVBoxLayout(planPage);
    planLayout->addWidget(m_planStatus);
    planLayout->addWidget(m_planProgress);
    planLayout->addWidget(m_planError);
    planLayout->addWidget(m_planTable, 1);
    planLayout->addWidget(m_planSummary);
    setPage(PlanPage, planPage);

    // 3. Restore and result.
    auto *restorePage = new OnlineRestorePage(this);
    restorePage->setTitle(tr("Restoring"));
    m_restoreProgress->setObjectName(QStringLiteral("restoreProgress"));
    auto *restoreLayout = new QVBoxLayout(restorePage);
    restoreLayout->addWidget(m_restoreStatus);
    restoreLayout->addWidget(m_restoreProgress);
    restoreLayout->addWidget(m_resultLabel);
    restoreLayout->addStretch(1);
    setPage(RestorePage, restorePage);

    setButtonText(QWizard::CommitButton, tr("&Restore"));
    planPage->setCommitPage(true);
    resize(900, 480);
}

OnlineRestoreWizard::~OnlineRestoreWizard()
{
    // A job the wizard owns is cancelled and waited for by its destructor; one a launcher runs
    // goes on in the jobs panel.
    delete m_planJob;
    if (!m_launcher)
        delete m_importJob;
}

OnlineRestoreRequest OnlineRestoreWizard::request() const
{
    OnlineRestoreRequest r;
    r.database = m_database;
    const QString name = m_nameEdit->text().trimmed();
    r.newName = name == m_database ? QString() : name;
    r.onConflict = static_cast<OnlineRestoreRequest::OnConflict>(m_conflictCombo->currentData().toInt());
    return r;
}

QString OnlineRestoreWizard::nodeId() const
{
    return m_nodeCombo->currentData().toString();
}

std::optional<ConnectionSettings> OnlineRestoreWizard::settings() const
{
    const QString id = nodeId();
    if (id.isEmpty() || m_store->isReadingToken(id))
        return std::nullopt;
    return m_store->settings(id);
}

QString OnlineRestoreWizard::errorText(const Error &error)
{
    QString text = error.hint.isEmpty() ? error.message : tr("%1\nHint: %2").arg(error.message, error.hint);
    if (error.code == ErrorCode::Conflict)
        text = tr("Conflict (exit code %1): the node has what the restore would create, and the policy is to fail. "
                  "Nothing was changed on the node. Go back and choose another name, or skip what exists.\n\n%2")
                   .arg(static_cast<int>(ErrorCode::Conflict))
                   .arg(text);
    return text;
}

void OnlineRestoreWizard::stopPlan()
{
    if (m_planJob) {
        m_planJob->disconnect(this);
        delete m_planJob;
        m_planJob = nullptr;
    }
    m_plan.reset();
}

void OnlineRestoreWizard::startPlan()
{
    stopPlan();
    m_error = Error{ErrorCode::Ok, {}, {}};
    m_planTable->setRowCount(0);
    m_planSummary->clear();
    m_planError->clear();
    m_planError->setVisible(false);
    const auto target = settings();
    if (!target)
        return;
    OnlineRestoreJob::Options options;
    options.chain = m_chain;
    options.upto = m_upto;
    options.request = request();
    options.settings = *target;
    m_planStatus->setText(tr("Reading %1 and asking %2…").arg(m_chain, target->host.toString()));
    m_planStatus->setVisible(true);
    m_planProgress->setRange(0, 0);
    m_planProgress->setVisible(true);
    m_planJob = new OnlineRestoreJob(options);
    connect(m_planJob, &Job::stageChanged, this, [this](const QString &stage) { m_planStatus->setText(stage); });
    connect(m_planJob, &Job::finished, this, [this](const Error &error) {
        OnlineRestoreJob *job = m_planJob;
        m_planJob = nullptr;
        m_planProgress->setVisible(false);
        m_planStatus->setVisible(false);
        m_error = error;
        if (error.code == ErrorCode::Ok) {
            m_plan = job->plan();
            const OnlineRestorePlan &plan = *m_plan;
            m_planTable->setRowCount(static_cast<int>(plan.shards.size()));
            int row = 0;
            for (const OnlineRestorePlan::Shard &shard : plan.shards) {
                const QStringList cells{
                    QString::number(shard.id), shard.retentionPolicy,    timeText(shard.start), timeText(shard.end),
                    Units::bytes(shard.bytes), actionText(shard.action), shard.reason};
                for (int c = 0; c < cells.size(); ++c) {
                    auto *item = new QTableWidgetItem(cells[c]);
                    if (c == 0 || c == 4)
                        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                    if (c == 6)
                        item->setToolTip(shard.reason);
                    m_planTable->setItem(row, c, item);
                }
                m_planTable->item(row, 4)->setToolTip(tr("%1 bytes, from %2").arg(shard.bytes).arg(shard.fromLink));
                ++row;
            }
            m_planTable->resizeColumnsToContents();
            QString command = QStringLiteral("tidemark-cli restore %1").arg(m_chain);
            command += QStringLiteral(" --upto %1").arg(m_upto);
            command += QStringLiteral(" --database %1 -host %2").arg(m_database, plan.node);
            if (!plan.request.newName.isEmpty())
                command += QStringLiteral(" --as %1").arg(plan.request.newName);
            const char *policies[] = {"fail", "skip", "replace"};
            command += QStringLiteral(" --on-conflict %1")
                           .arg(QLatin1String(policies[static_cast<int>(plan.request.onConflict)]));
            QStringList lines;
            const auto imported = std::count_if(plan.shards.begin(), plan.shards.end(), [](const auto &shard) {
                return shard.action != OnlineRestorePlan::Shard::Action::Skip;
            });
            lines << tr("%1 of %2 shards into database <b>%3</b> on %4: %5 to import.")
                         .arg(imported)
                         .arg(plan.shards.size())
                         .arg(plan.request.targetDatabase().toHtmlEscaped(), plan.node.toHtmlEscaped(),
                              Units::bytes(plan.bytesToImport));
            for (const QString &note : plan.notes)
                lines << QStringLiteral("• ") + note.toHtmlEscaped();
            lines << tr("The same restore: <code>%1</code>").arg(command.toHtmlEscaped());
            m_planSummary->setText(lines.join(QStringLiteral("<br>")));
            if (!page(PlanPage)->isComplete()) {
                m_planError->setStyleSheet(QString());
                m_planError->setText(tr("Every shard is skipped: nothing to restore."));
                m_planError->setVisible(true);
            }
        } else {
            m_planError->setStyleSheet(QStringLiteral("color: #b00020"));
            m_planError->setText(errorText(error));
            m_planError->setVisible(true);
        }
        job->deleteLater();
        Q_EMIT page(PlanPage)->completeChanged();
        Q_EMIT planned(error.code == ErrorCode::Ok);
    });
    m_planJob->start();
}

void OnlineRestoreWizard::startImport()
{
    const auto target = settings();
    if (!m_plan || !target || m_importJob || m_finished)
        return;
    OnlineRestoreJob::Options options;
    options.chain = m_chain;
    options.upto = m_upto;
    options.request = m_plan->request;
    options.settings = *target;
    auto *job = new OnlineRestoreJob(options, *m_plan);
    m_importJob = job;
    m_restoreStatus->setText(tr("Restoring %1 into %2…").arg(m_database, target->host.toString()));
    m_restoreProgress->setRange(0, 0);
    connect(job, &Job::stageChanged, this, [this](const QString &stage) { m_restoreStatus->setText(stage); });
    connect(job, &Job::progressChanged, this, [this](qint64 done, qint64 total) {
        if (total <= 0) {
            m_restoreProgress->setRange(0, 0);
            return;
        }
        m_restoreProgress->setRange(0, 1000);
        m_restoreProgress->setValue(static_cast<int>(std::min<qint64>(1000, done * 1000 / total)));
    });
    const OnlineRestorePlan plan = *m_plan;
    connect(job, &Job::finished, this, [this, job, plan](const Error &error) {
        m_importJob = nullptr;
        m_finished = true;
        m_error = error;
        m_restoreProgress->setVisible(false);
        const bool ok = error.code == ErrorCode::Ok;
        QString message;
        if (ok) {
            int imported = 0;
            for (const auto &shard : plan.shards)
                imported += shard.action != OnlineRestorePlan::Shard::Action::Skip ? 1 : 0;
            message = tr("Restored database %1 of %2 (%3) into %4 as %5: shards: %6, %7.")
                          .arg(m_database, m_chain, linkName(m_upto), plan.node, plan.request.targetDatabase())
                          .arg(imported)
                          .arg(Units::bytes(plan.bytesToImport));
            m_restoreStatus->setText(tr("Done."));
            m_resultLabel->setStyleSheet(QString());
        } else if (error.code == ErrorCode::Cancelled) {
            message =
                tr("The restore of %1 into %2 was cancelled; the node keeps what it had.").arg(m_database, plan.node);
            m_restoreStatus->setText(tr("Cancelled."));
        } else {
            message = errorText(error);
            m_restoreStatus->setText(tr("The restore failed; the node keeps serving what it had."));
            m_resultLabel->setStyleSheet(QStringLiteral("color: #b00020"));
        }
        m_resultLabel->setText(message);
        if (!m_launcher)
            job->deleteLater();
        setOption(QWizard::NoCancelButtonOnLastPage, true);
        Q_EMIT page(RestorePage)->completeChanged();
        Q_EMIT restoreFinished(ok, message);
    });
    if (m_launcher)
        m_launcher(job, nodeId());
    else
        job->start();
}

void OnlineRestoreWizard::reject()
{
    if (m_importJob)
        m_importJob->cancel();
    stopPlan();
    QWizard::reject();
}

} // namespace tidemark::ui
