#include "CatalogDialog.h"

#include "kinds/NodeKind.h"
#include "storage/ChainStore.h"

#include "CatalogReader.h"
#include "Units.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace tidemark::ui {

CatalogDialog::CatalogDialog(const QString &location, const QString &shownChain, QWidget *parent)
    : QDialog(parent), m_location(location),
      m_shownChain(shownChain.isEmpty() ? QString() : ChainStore::canonicalLocation(shownChain)),
      m_reader(new CatalogReader(this)), m_status(new QLabel(this)), m_table(new QTreeWidget(this)),
      m_totals(new QLabel(this)), m_refreshButton(new QPushButton(tr("&Refresh"), this)),
      m_retentionButton(new QPushButton(tr("Re&tention…"), this))
{
    setWindowTitle(tr("Catalog of %1").arg(location));
    auto *intro = new QLabel(
        tr("Every backup chain in <b>%1</b>, with its node, its points in time and its last verification. Times "
           "are local.")
            .arg(location.toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("catalogStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("catalogTable"));
    m_table->setRootIsDecorated(false);
    m_table->setUniformRowHeights(true);
    m_table->setHeaderLabels({tr("Chain"), tr("Node"), tr("Kind"), tr("Links"), tr("First"), tr("Last"), tr("Size"),
                              tr("Stored"), tr("Last verify"), tr("Last drill")});
    m_table->header()->setStretchLastSection(true);
    m_totals->setObjectName(QStringLiteral("catalogTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_refreshButton->setToolTip(tr("Read the location's chains again."));
    m_retentionButton->setObjectName(QStringLiteral("retentionButton"));
    m_retentionButton->setToolTip(
        tr("Which of these backups to keep: a preview of what a prune removes, Prune now, and the node's policy."));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_refreshButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_retentionButton, QDialogButtonBox::ActionRole);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_totals);
    layout->addWidget(buttons);
    resize(1160, 440);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refreshButton, &QPushButton::clicked, this, &CatalogDialog::refresh);
    connect(m_retentionButton, &QPushButton::clicked, this, [this] {
        if (m_reader->catalog())
            Q_EMIT retentionRequested(*m_reader->catalog());
    });
    connect(m_reader, &CatalogReader::progress, this, [this](const QString &chain, int done, int total) {
        m_status->setText(tr("Reading %1 (%2 of %3)…").arg(chain).arg(done + 1).arg(total));
    });
    connect(m_reader, &CatalogReader::finished, this, &CatalogDialog::showCatalog);
    refresh();
}

CatalogDialog::~CatalogDialog() = default;

bool CatalogDialog::isReading() const
{
    return m_reader->isReading();
}

const std::optional<Catalog> &CatalogDialog::catalog() const
{
    return m_reader->catalog();
}

void CatalogDialog::refresh()
{
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Listing %1…").arg(m_location));
    m_status->setVisible(true);
    m_refreshButton->setEnabled(false);
    m_retentionButton->setEnabled(false);
    m_reader->start(m_location);
}

QString CatalogDialog::storedText(const CatalogChain &chain)
{
    QStringList parts;
    if (chain.compressed.value_or(false))
        parts << tr("zstd");
    if (chain.encrypted)
        parts << tr("encrypted");
    if (!parts.isEmpty())
        return parts.join(QStringLiteral(", "));
    return chain.compressed ? tr("plain") : QStringLiteral("–");
}

namespace {

QString recordText(const std::optional<VerifyRecord> &record)
{
    if (!record)
        return CatalogDialog::tr("never");
    const QString when = Units::dateTime(record->time);
    return record->ok ? CatalogDialog::tr("✔ ok %1").arg(when) : CatalogDialog::tr("✖ FAILED %1").arg(when);
}

} // namespace

QString CatalogDialog::verifiedText(const CatalogChain &chain)
{
    return recordText(chain.verified);
}

QString CatalogDialog::drilledText(const CatalogChain &chain)
{
    return recordText(chain.drilled);
}

QString CatalogDialog::cellText(const CatalogChain &chain, Column column)
{
    const QString unknown = QStringLiteral("–");
    const auto time = [&](const QDateTime &t) { return t.isValid() ? Units::dateTime(t) : unknown; };
    switch (column) {
    case ChainColumn:
        return chain.name;
    case NodeColumn:
        return chain.nodeLabel().isEmpty() ? unknown : chain.nodeLabel();
    case KindColumn:
        return chain.timesKnown() ? NodeKind::of(chain.kind).shortName() : unknown;
    case LinksColumn:
        return QString::number(chain.links.size());
    case FirstColumn:
        return time(chain.first());
    case LastColumn:
        return time(chain.last());
    case SizeColumn:
        return Units::bytes(chain.bytes);
    case StoredColumn:
        return storedText(chain);
    case VerifiedColumn:
        return verifiedText(chain);
    case DrilledColumn:
        return drilledText(chain);
    case ColumnCount:
        break;
    }
    return {};
}

void CatalogDialog::showCatalog(bool ok)
{
    m_refreshButton->setEnabled(true);
    m_table->clear();
    if (!ok) {
        const Error &error = m_reader->error();
        m_status->setStyleSheet(QStringLiteral("color: #b00020"));
        m_status->setText(error.hint.isEmpty() ? error.message : tr("%1 (%2)").arg(error.message, error.hint));
        m_totals->clear();
        Q_EMIT refreshed();
        return;
    }
    const Catalog &catalog = *m_reader->catalog();
    m_status->clear();
    m_status->setVisible(false);
    m_retentionButton->setEnabled(!catalog.chains.empty());
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    const QIcon lock(QStringLiteral(":/icons/lock.svg"));
    for (const CatalogChain &chain : catalog.chains) {
        QStringList texts;
        for (int c = 0; c < ColumnCount; ++c)
            texts << cellText(chain, static_cast<Column>(c));
        auto *item = new QTreeWidgetItem(m_table, texts);
        for (int c : {LinksColumn, SizeColumn})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        QStringList notes;
        if (chain.problem)
            notes << (chain.problem->hint.isEmpty() ? chain.problem->message
                                                    : tr("%1 (%2)").arg(chain.problem->message, chain.problem->hint));
        for (const QString &leftover : chain.leftovers)
            notes << tr("Leftover of an interrupted writer: %1").arg(leftover);
        if (chain.problem)
            item->setIcon(ChainColumn, warning);
        if (chain.encrypted)
            item->setIcon(StoredColumn, lock);
        // The reasons show wherever the row is pointed at; a failed verification's on its own cell.
        const QString tip = (QStringList{chain.path} + notes).join(QLatin1Char('\n'));
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, tip);
        if (chain.verified && !chain.verified->ok) {
            item->setForeground(VerifiedColumn, QColor(0xb0, 0x00, 0x20));
            if (!chain.verified->message.isEmpty())
                item->setToolTip(VerifiedColumn, tr("Last verify: %1").arg(chain.verified->message));
        }
        if (chain.drilled && !chain.drilled->ok) {
            item->setForeground(DrilledColumn, QColor(0xb0, 0x00, 0x20));
            if (!chain.drilled->message.isEmpty())
                item->setToolTip(DrilledColumn, tr("Last drill: %1").arg(chain.drilled->message));
        }
        if (!m_shownChain.isEmpty() && chain.path == m_shownChain) {
            QFont bold = item->font(ChainColumn);
            bold.setBold(true);
            for (int c = 0; c < ColumnCount; ++c)
                item->setFont(c, bold);
        }
    }
    // Each column as wide as its content, but a long name or node URL is cut (its tooltip has it
    // whole) rather than pushing the verification out of sight.
    for (int c = 0; c < ColumnCount; ++c)
        m_table->resizeColumnToContents(c);
    const int wide = fontMetrics().horizontalAdvance(QLatin1Char('x')) * 34; // http://HOST:PORT (node N)
    for (int c : {ChainColumn, NodeColumn})
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), wide));
    m_totals->setText(tr("<b>%n chain(s)</b>, %1 in %2", nullptr, static_cast<int>(catalog.chains.size()))
                          .arg(Units::bytes(catalog.totalBytes()), catalog.location.toHtmlEscaped()));
    Q_EMIT refreshed();
}

} // namespace tidemark::ui
