#include "RetentionDialog.h"

#include "CatalogReader.h"
#include "NodeStore.h"
#include "Units.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

namespace tidemark::ui {

namespace {

using ValidatorState = QValidator::State;

/// A count of periods: 0 reads "off", -1 "all" (every period).
class CountSpinBox : public QSpinBox {
public:
    explicit CountSpinBox(QWidget *parent) : QSpinBox(parent)
    {
        setRange(-1, RetentionDialog::kMaxCount);
        setAccelerated(true);
    }

protected:
    [[nodiscard]] QString textFromValue(int value) const override
    {
        if (value == -1)
            return RetentionDialog::tr("all");
        if (value == 0)
            return RetentionDialog::tr("off");
        return QSpinBox::textFromValue(value);
    }
    [[nodiscard]] int valueFromText(const QString &text) const override
    {
        if (text == RetentionDialog::tr("all"))
            return -1;
        if (text == RetentionDialog::tr("off"))
            return 0;
        return QSpinBox::valueFromText(text);
    }
    ValidatorState validate(QString &text, int &pos) const override
    {
        for (const QString &word : {RetentionDialog::tr("all"), RetentionDialog::tr("off")}) {
            if (text == word)
                return ValidatorState::Acceptable;
            if (!text.isEmpty() && word.startsWith(text))
                return ValidatorState::Intermediate;
        }
        return QSpinBox::validate(text, pos);
    }
};

/// The rules' fields in the order of the dialog (and of RetentionPolicy::describe()).
constexpr std::array<int RetentionPolicy::*, 6> kCounts = {&RetentionPolicy::last,    &RetentionPolicy::hourly,
                                                           &RetentionPolicy::daily,   &RetentionPolicy::weekly,
                                                           &RetentionPolicy::monthly, &RetentionPolicy::yearly};

/// `text` as one shell word.
QString shellWord(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? Units::dateTime(time) : QStringLiteral("–");
}

} // namespace

RetentionDialog::RetentionDialog(NodeStore *store, const QString &nodeId, const QString &location,
                                 const QString &nodeUrl, std::optional<Catalog> catalog, QWidget *parent)
    : QDialog(parent), m_store(store), m_nodeId(nodeId), m_location(location), m_nodeUrl(nodeUrl),
      m_catalog(std::move(catalog)), m_within(new QLineEdit(this)), m_withinProblem(new QLabel(this)),
      m_nodes(new QComboBox(this)), m_status(new QLabel(this)), m_table(new QTreeWidget(this)),
      m_summary(new QLabel(this)), m_cli(new QLabel(this)), m_applyAfterBackup(new QCheckBox(this)),
      m_saved(new QLabel(this)), m_saveButton(new QPushButton(tr("&Save as this node's policy"), this)),
      m_pruneButton(new QPushButton(tr("&Prune now"), this))
{
    const NodeEntry *entry = m_store->node(m_nodeId);
    const QString nodeName = entry ? entry->name : QString();
    setWindowTitle(entry ? tr("Retention for %1 — %2").arg(nodeName, location) : tr("Retention — %1").arg(location));

    // The rules, as prune's --keep-… options.
    const std::array<std::pair<QString, QString>, 6> labels = {{
        {tr("Keep &last:"), tr("The N newest points.")},
        {tr("Keep &hourly:"), tr("The newest point of each of the N latest hours with one.")},
        {tr("Keep &daily:"), tr("The newest point of each of the N latest days with one.")},
        {tr("Keep &weekly:"), tr("The newest point of each of the N latest ISO weeks with one.")},
        {tr("Keep &monthly:"), tr("The newest point of each of the N latest months with one.")},
        {tr("Keep &yearly:"), tr("The newest point of each of the N latest years with one.")},
    }};
    const std::array<const char *, 6> names = {"lastSpin",   "hourlySpin",  "dailySpin",
                                               "weeklySpin", "monthlySpin", "yearlySpin"};
    auto *rules = new QGridLayout;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        auto *spin = new CountSpinBox(this);
        spin->setObjectName(QLatin1String(names[i]));
        spin->setToolTip(labels[i].second + QLatin1Char(' ') + tr("off: no such rule; all: every period."));
        auto *label = new QLabel(labels[i].first, this);
        label->setBuddy(spin);
        const int row = static_cast<int>(i) / 3;
        const int column = (static_cast<int>(i) % 3) * 2;
        rules->addWidget(label, row, column);
        rules->addWidget(spin, row, column + 1);
        m_counts[i] = spin;
    }
    rules->setColumnStretch(6, 1);
    m_within->setObjectName(QStringLiteral("withinEdit"));
    m_within->setPlaceholderText(tr("off; or e.g. 30d, 1y6m, 2d12h"));
    m_within->setToolTip(tr("Keep every point within this span before the newest point (years, months, days, hours)."));
    auto *withinLabel = new QLabel(tr("Keep &within:"), this);
    withinLabel->setBuddy(m_within);
    m_within->setMaximumWidth(fontMetrics().horizontalAdvance(m_within->placeholderText()) * 3 / 2);
    rules->addWidget(withinLabel, 2, 0);
    rules->addWidget(m_within, 2, 1, 1, 5);
    m_withinProblem->setObjectName(QStringLiteral("withinProblem"));
    m_withinProblem->setWordWrap(true);
    m_withinProblem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_withinProblem->setVisible(false);
    rules->addWidget(m_withinProblem, 3, 1, 1, 6);
    m_nodes->setObjectName(QStringLiteral("nodeCombo"));
    m_nodes->setToolTip(tr("Whose chains the rules apply to (prune's --node): each node's points are kept apart."));
    m_nodes->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *nodesLabel = new QLabel(tr("&Chains of:"), this);
    nodesLabel->setBuddy(m_nodes);
    rules->addWidget(nodesLabel, 4, 0);
    rules->addWidget(m_nodes, 4, 1, 1, 5, Qt::AlignLeft);

    auto *explanation = new QLabel(
        tr("Every link of a chain is a point in time (the chain restored up to it). Per node, each rule keeps the "
           "newest point of each of its N latest periods that have one (local time). A chain is removed only when "
           "none of its points is kept; never the newest chain of a node, one a backup is writing, or one whose "
           "times cannot be read (an encrypted chain needs its key)."),
        this);
    explanation->setWordWrap(true);
    QFont small = explanation->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    explanation->setFont(small);

    m_status->setObjectName(QStringLiteral("catalogStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setHeaderLabels(
        {tr("Chain"), tr("Node"), tr("First"), tr("Last"), tr("Links"), tr("Size"), tr("Prune would")});
    m_table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->header()->setStretchLastSection(true);
    m_summary->setObjectName(QStringLiteral("previewSummary"));
    m_summary->setWordWrap(true);
    m_cli->setObjectName(QStringLiteral("cliCommand"));
    m_cli->setWordWrap(true);
    m_cli->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cli->setFont(small);

    m_applyAfterBackup->setObjectName(QStringLiteral("applyAfterBackupCheck"));
    m_applyAfterBackup->setText(entry ? tr("&Apply after each backup of %1").arg(nodeName)
                                      : tr("&Apply after each backup"));
    m_applyAfterBackup->setToolTip(tr("After each backup that wrote a link, prune the folder of its chain with this "
                                      "policy (the node's chains only); it shows in the jobs panel."));
    m_saved->setObjectName(QStringLiteral("savedPolicyLabel"));
    m_saved->setWordWrap(true);
    m_saved->setFont(small);
    m_saveButton->setObjectName(QStringLiteral("savePolicyButton"));
    m_saveButton->setToolTip(tr("Keep these rules in the node's settings (and whether they apply after each backup)."));
    m_pruneButton->setObjectName(QStringLiteral("pruneButton"));
    m_pruneButton->setToolTip(tr("Remove the chains marked \"remove\" now (asks first)."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_saveButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_pruneButton, QDialogButtonBox::ActionRole);

    auto *policyRow = new QHBoxLayout;
    policyRow->addWidget(m_applyAfterBackup);
    policyRow->addWidget(m_saved, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(rules);
    layout->addWidget(explanation);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_cli);
    layout->addLayout(policyRow);
    layout->addWidget(buttons);
    resize(960, 620);

    // The node's saved policy, or a common start when it has none (nothing happens before Prune now).
    RetentionPolicy start;
    if (entry && !entry->retention.isEmpty()) {
        start = entry->retention;
    } else {
        start.daily = 7;
        start.weekly = 4;
        start.monthly = 12;
    }
    setPolicy(start);
    m_applyAfterBackup->setChecked(entry && entry->pruneAfterBackup);
    m_saveButton->setEnabled(entry != nullptr);
    m_applyAfterBackup->setEnabled(entry != nullptr);
    updateSavedLabel();

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_saveButton, &QPushButton::clicked, this, &RetentionDialog::savePolicy);
    connect(m_pruneButton, &QPushButton::clicked, this, &RetentionDialog::pruneNow);
    for (QSpinBox *spin : m_counts)
        connect(spin, &QSpinBox::valueChanged, this, &RetentionDialog::updatePreview);
    connect(m_within, &QLineEdit::textChanged, this, &RetentionDialog::updatePreview);
    connect(m_nodes, &QComboBox::currentIndexChanged, this, &RetentionDialog::updatePreview);

    if (m_catalog) {
        catalogReady();
        return;
    }
    m_reader = new CatalogReader(this);
    connect(m_reader, &CatalogReader::progress, this, [this](const QString &chain, int done, int total) {
        m_status->setText(tr("Reading %1 (%2 of %3)…").arg(chain).arg(done + 1).arg(total));
    });
    connect(m_reader, &CatalogReader::finished, this, [this](bool ok) {
        m_catalog = m_reader->catalog();
        if (!ok) {
            const Error &error = m_reader->error();
            m_status->setStyleSheet(QStringLiteral("color: #b00020"));
            m_status->setText(error.hint.isEmpty() ? error.message : tr("%1 (%2)").arg(error.message, error.hint));
        }
        catalogReady();
    });
    m_status->setText(tr("Listing %1…").arg(location));
    m_reader->start(location);
    updatePreview();
}

RetentionDialog::~RetentionDialog() = default;

bool RetentionDialog::isReading() const
{
    return m_reader && m_reader->isReading();
}

void RetentionDialog::catalogReady()
{
    if (m_catalog) {
        m_status->clear();
        m_status->setVisible(false);
    }
    fillNodes(m_nodeUrl);
    updatePreview();
    Q_EMIT catalogRead();
}

void RetentionDialog::fillNodes(const QString &preferred)
{
    const QSignalBlocker blocker(m_nodes);
    m_nodes->clear();
    m_nodes->addItem(tr("every node"), QString());
    if (m_catalog) {
        std::set<QString> seen;
        for (const CatalogChain &chain : m_catalog->chains) {
            if (chain.clusterUrl.isEmpty() || !seen.insert(chain.clusterUrl).second)
                continue;
            m_nodes->addItem(chain.nodeLabel(), chain.clusterUrl);
        }
    }
    const int index = preferred.isEmpty() ? -1 : m_nodes->findData(preferred);
    m_nodes->setCurrentIndex(std::max(index, 0));
}

std::optional<RetentionPolicy> RetentionDialog::policy() const
{
    RetentionPolicy policy;
    for (size_t i = 0; i < kCounts.size(); ++i)
        policy.*kCounts[i] = m_counts[i]->value();
    const QString within = m_within->text().trimmed();
    if (!within.isEmpty()) {
        auto span = RetentionPolicy::parseSpan(within, tr("Keep within"));
        if (!span)
            return std::nullopt;
        policy.within = span.value();
    }
    return policy;
}

void RetentionDialog::setPolicy(const RetentionPolicy &policy)
{
    for (size_t i = 0; i < kCounts.size(); ++i)
        m_counts[i]->setValue(std::clamp(policy.*kCounts[i], -1, kMaxCount));
    m_within->setText(policy.within ? RetentionPolicy::spanText(*policy.within) : QString());
    updatePreview();
}

QString RetentionDialog::nodeFilter() const
{
    return m_nodes->currentData().toString();
}

void RetentionDialog::setNodeFilter(const QString &nodeUrl)
{
    const int index = m_nodes->findData(nodeUrl);
    if (index >= 0)
        m_nodes->setCurrentIndex(index);
}

QString RetentionDialog::decisionText(const PruneDecision &decision)
{
    return decision.keep ? tr("keep (%1)").arg(decision.reasons.join(QStringLiteral(", "))) : tr("remove");
}

QString RetentionDialog::cliCommand() const
{
    const std::optional<RetentionPolicy> rules = policy();
    if (!rules || rules->isEmpty())
        return {};
    QString command = QStringLiteral("tidemark-cli prune %1 %2").arg(shellWord(m_location), rules->describe());
    if (!nodeFilter().isEmpty())
        command += QStringLiteral(" --node ") + shellWord(nodeFilter());
    return command;
}

void RetentionDialog::updatePreview()
{
    const QString within = m_within->text().trimmed();
    QString withinError;
    if (!within.isEmpty()) {
        if (auto span = RetentionPolicy::parseSpan(within, tr("Keep within")); !span)
            withinError = span.error().hint.isEmpty() ? span.error().message
                                                      : tr("%1. %2").arg(span.error().message, span.error().hint);
    }
    m_withinProblem->setText(withinError);
    m_withinProblem->setVisible(!withinError.isEmpty());

    const std::optional<RetentionPolicy> rules = policy();
    m_preview.clear();
    m_table->clear();
    // One node's chains all name it: the column says something only for every node.
    m_table->setColumnHidden(NodeColumn, !nodeFilter().isEmpty());
    if (m_catalog && rules && !rules->isEmpty())
        m_preview = PruneJob::plan(*m_catalog, *rules, nodeFilter());
    int removals = 0;
    qint64 freed = 0;
    const QColor removeColor(0xb0, 0x00, 0x20);
    for (const PruneDecision &d : m_preview) {
        auto *item = new QTreeWidgetItem(
            m_table, {d.chain.name, d.chain.nodeLabel().isEmpty() ? QStringLiteral("–") : d.chain.nodeLabel(),
                      timeText(d.chain.first()), timeText(d.chain.last()), QString::number(d.chain.links.size()),
                      Units::bytes(d.chain.bytes), decisionText(d)});
        item->setTextAlignment(LinksColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(DecisionColumn, decisionText(d));
        item->setToolTip(ChainColumn, d.chain.path);
        if (!d.keep) {
            ++removals;
            freed += d.chain.bytes;
            item->setForeground(DecisionColumn, removeColor);
            QFont bold = item->font(DecisionColumn);
            bold.setBold(true);
            item->setFont(DecisionColumn, bold);
        }
    }
    // Before the catalog is read, or without a rule, there is nothing to show.
    if (!m_catalog && isReading())
        m_summary->setText(tr("Reading the chains…"));
    else if (!m_catalog)
        m_summary->setText(tr("The chains could not be read: nothing to preview."));
    else if (!rules)
        m_summary->setText(tr("Keep within does not parse: nothing to preview."));
    else if (rules->isEmpty())
        m_summary->setText(tr("No rule is set: set at least one to see which chains a prune would remove."));
    else if (removals == 0)
        m_summary->setText(
            tr("Prune now would remove nothing: every chain keeps a point (%1).").arg(rules->describe()));
    else
        m_summary->setText(tr("<b>Prune now would remove %n chain(s) and free %1</b> (%2).", nullptr, removals)
                               .arg(Units::bytes(freed), rules->describe().toHtmlEscaped()));
    const QString command = cliCommand();
    m_cli->setText(command.isEmpty()
                       ? QString()
                       : tr("The same from the command line (--dry-run shows this preview): %1").arg(command));
    m_pruneButton->setEnabled(removals > 0);
    m_saveButton->setEnabled(rules.has_value() && m_store->node(m_nodeId));
}

void RetentionDialog::updateSavedLabel()
{
    const NodeEntry *entry = m_store->node(m_nodeId);
    if (!entry) {
        m_saved->setText(tr("No node is selected: the rules can be used here, not saved."));
        return;
    }
    if (entry->retention.isEmpty()) {
        m_saved->setText(tr("%1 has no policy saved.").arg(entry->name));
        return;
    }
    m_saved->setText(
        entry->pruneAfterBackup
            ? tr("Saved for %1: %2, applied after each backup.").arg(entry->name, entry->retention.describe())
            : tr("Saved for %1: %2.").arg(entry->name, entry->retention.describe()));
}

void RetentionDialog::savePolicy()
{
    const std::optional<RetentionPolicy> rules = policy();
    if (!rules || !m_store->node(m_nodeId))
        return;
    m_store->setRetention(m_nodeId, *rules, m_applyAfterBackup->isChecked());
    updateSavedLabel();
}

void RetentionDialog::pruneNow()
{
    const std::optional<RetentionPolicy> rules = policy();
    if (!rules || rules->isEmpty())
        return;
    int removals = 0;
    qint64 freed = 0;
    for (const PruneDecision &d : m_preview) {
        if (!d.keep) {
            ++removals;
            freed += d.chain.bytes;
        }
    }
    if (removals == 0)
        return;
    if (QMessageBox::question(this, tr("Prune now"),
                              tr("Remove %n chain(s) from %1 and free %2? Their files are deleted; this cannot be "
                                 "undone.",
                                 nullptr, removals)
                                  .arg(m_location, Units::bytes(freed))) != QMessageBox::Yes)
        return;
    PruneJob::Options options;
    options.location = m_location;
    options.policy = *rules;
    options.node = nodeFilter();
    Q_EMIT pruneRequested(options);
    accept();
}

} // namespace tidemark::ui
