#include "ContentsDialog.h"

#include "browse/BrowseJob.h"
#include "kinds/NodeKind.h"

#include "PointCountJob.h"
#include "Units.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QMenu>
#include <QSplitter>
#include <QValueAxis>

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace tidemark::ui {

namespace {

constexpr qint64 kSecondNs = 1000000000LL;
constexpr int kExpandAllRows = 400;

/// A bucket's width: "1 s", "5 min", "2 h", "7 d" (PointCountJob's widths are whole units).
QString widthText(qint64 ns)
{
    constexpr qint64 minute = 60 * kSecondNs;
    constexpr qint64 hour = 60 * minute;
    constexpr qint64 day = 24 * hour;
    if (ns % day == 0)
        return ContentsDialog::tr("%1 d").arg(ns / day);
    if (ns % hour == 0)
        return ContentsDialog::tr("%1 h").arg(ns / hour);
    if (ns % minute == 0)
        return ContentsDialog::tr("%1 min").arg(ns / minute);
    return ContentsDialog::tr("%1 s").arg(static_cast<double>(ns) / kSecondNs);
}

QString linkName(int upto)
{
    return upto < 0 ? ContentsDialog::tr("the full snapshot") : ContentsDialog::tr("link %1").arg(upto);
}

} // namespace

ContentsDialog::ContentsDialog(const QString &chain, int upto, QWidget *parent)
    : QDialog(parent), m_chain(chain), m_upto(upto), m_heading(new QLabel(this)), m_status(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancelButton(new QPushButton(tr("&Cancel"), this)),
      m_tree(new QTreeWidget(this)), m_summary(new QLabel(this)), m_errorLabel(new QLabel(this)),
      m_reloadButton(new QPushButton(tr("&Reload"), this)),
      m_restoreButton(new QPushButton(tr("Restore this &database…"), this)), m_chart(new QChart),
      m_chartView(new QChartView(m_chart, this)), m_pointsStatus(new QLabel(this))
{
    setWindowTitle(tr("Contents of %1 at %2").arg(QFileInfo(chain).fileName(), linkName(upto)));
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_heading->setText(tr("What <b>%1</b> holds at %2, read from the chain alone (the node is not asked). Times are "
                          "local.")
                           .arg(chain.toHtmlEscaped(), linkName(upto)));
    m_status->setObjectName(QStringLiteral("contentsStatus"));
    m_status->setWordWrap(true);
    m_progress->setObjectName(QStringLiteral("contentsProgress"));
    m_progress->setTextVisible(false);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_cancelButton->setToolTip(tr("Stop reading the chain."));
    auto *busyRow = new QHBoxLayout;
    busyRow->addWidget(m_progress, 1);
    busyRow->addWidget(m_cancelButton);

    m_tree->setObjectName(QStringLiteral("contentsTree"));
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderLabels({tr("Name"), tr("Details"), tr("From"), tr("To"), tr("Series"), tr("Size"), tr("Link")});
    m_tree->header()->setStretchLastSection(true);
    m_summary->setObjectName(QStringLiteral("contentsSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setObjectName(QStringLiteral("contentsError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020"));
    m_errorLabel->setVisible(false);
    m_reloadButton->setObjectName(QStringLiteral("reloadButton"));
    m_reloadButton->setToolTip(tr("Read the chain again."));
    m_restoreButton->setObjectName(QStringLiteral("restoreDatabaseButton"));
    m_restoreButton->setToolTip(tr("Restore the selected database from this link into a running node, under its "
                                   "name or a new one; the node keeps serving meanwhile."));
    m_restoreButton->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restoreButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_reloadButton, QDialogButtonBox::ActionRole);

    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setVisible(false);
    m_chartView->setObjectName(QStringLiteral("pointsChart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(170);
    m_pointsStatus->setObjectName(QStringLiteral("pointsStatus"));
    m_pointsStatus->setWordWrap(true);
    m_pointsStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pointsStatus->setText(tr("Select a measurement to see its points over time."));
    auto *plotPanel = new QWidget(this);
    auto *plotLayout = new QVBoxLayout(plotPanel);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addWidget(m_pointsStatus);
    plotLayout->addWidget(m_chartView, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(plotPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_status);
    layout->addLayout(busyRow);
    layout->addWidget(m_errorLabel);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    resize(1100, 720);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reloadButton, &QPushButton::clicked, this, &ContentsDialog::reload);
    connect(m_cancelButton, &QPushButton::clicked, this, &ContentsDialog::cancel);
    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem *current) { selectionChanged(current); });
    connect(m_restoreButton, &QPushButton::clicked, this, [this] { requestRestore(selectedDatabase()); });
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QTreeWidgetItem *item = m_tree->itemAt(pos);
        if (!item || item->parent() || !m_contents)
            return;
        QMenu menu(this);
        const QString database = item->text(NameColumn);
        menu.addAction(tr("Restore this database…"), this, [this, database] { requestRestore(database); });
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
    });
    reload();
}

ContentsDialog::~ContentsDialog()
{
    // The jobs' destructors cancel them and wait for their pool threads (a fraction of a second).
    delete m_countJob;
    delete m_job;
}

void ContentsDialog::reload()
{
    if (m_job) {
        m_job->disconnect(this);
        delete m_job;
        m_job = nullptr;
    }
    stopCounting();
    m_plotted.clear();
    m_plotKey.clear();
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_chart->setTitle(QString());
    m_pointsStatus->setText(tr("Select a measurement to see its points over time."));
    m_restoreButton->setEnabled(false);
    m_contents.reset();
    m_error = Error{ErrorCode::Ok, {}, {}};
    m_tree->clear();
    m_summary->clear();
    m_errorLabel->clear();
    m_errorLabel->setVisible(false);
    m_status->setText(tr("Reading %1…").arg(m_chain));
    m_status->setVisible(true);
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_cancelButton->setVisible(true);
    m_cancelButton->setEnabled(true);
    m_reloadButton->setEnabled(false);

    // Signals of an earlier read may still be queued: only this read's count.
    const int generation = ++m_generation;
    m_job = new BrowseJob({m_chain, m_upto, {}});
    connect(m_job, &Job::stageChanged, this, [this, generation](const QString &stage) {
        if (generation == m_generation && m_cancelButton->isEnabled())
            m_status->setText(stage);
    });
    connect(m_job, &Job::progressChanged, this, [this, generation](qint64 done, qint64 total) {
        if (generation != m_generation)
            return;
        // The bar counts per mille: the bytes of a chain overflow an int.
        if (total <= 0) {
            m_progress->setRange(0, 0);
            return;
        }
        m_progress->setRange(0, 1000);
        m_progress->setValue(static_cast<int>(std::min<qint64>(1000, done * 1000 / total)));
    });
    connect(m_job, &Job::finished, this, [this, generation](const Error &error) {
        if (generation == m_generation)
            jobFinished(error);
    });
    m_job->start();
}

void ContentsDialog::cancel()
{
    if (!m_job)
        return;
    m_status->setText(tr("Cancelling…"));
    m_cancelButton->setEnabled(false);
    m_job->cancel();
}

void ContentsDialog::jobFinished(const Error &error)
{
    BrowseJob *job = m_job;
    if (!job)
        return;
    m_job = nullptr;
    m_error = error;
    if (error.code == ErrorCode::Ok)
        m_contents = job->contents();
    job->deleteLater();
    m_progress->setVisible(false);
    m_cancelButton->setVisible(false);
    m_status->setVisible(false);
    m_reloadButton->setEnabled(true);
    if (m_contents)
        showContents();
    else
        showError();
    Q_EMIT loaded(m_contents.has_value());
}

QString ContentsDialog::durationText(qint64 ns)
{
    if (ns <= 0)
        return tr("forever");
    constexpr qint64 hourNs = 3600 * kSecondNs;
    constexpr qint64 dayNs = 24 * hourNs;
    if (ns % dayNs == 0)
        return tr("%1 d").arg(ns / dayNs);
    if (ns % hourNs == 0)
        return tr("%1 h").arg(ns / hourNs);
    return Units::duration(ns / kSecondNs);
}

QString ContentsDialog::timeText(qint64 ns)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ns / 1000000, Qt::UTC);
    return QLocale().toString(utc.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString ContentsDialog::summaryText(const ChainContents &contents)
{
    qint64 shards = 0;
    qint64 measurements = 0;
    quint64 series = 0;
    qint64 bytes = 0;
    for (const ChainContents::Database &db : contents.databases) {
        for (const ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            for (const ChainContents::Shard &shard : rp.shards) {
                ++shards;
                measurements += static_cast<qint64>(shard.measurements.size());
                series += shard.series();
                bytes += shard.bytes;
            }
        }
    }
    return tr("Databases: %1 · shards: %2 · measurements: %3 · series: %4 · %5 in the chain")
        .arg(contents.databases.size())
        .arg(shards)
        .arg(measurements)
        .arg(series)
        .arg(Units::bytes(bytes));
}

void ContentsDialog::showContents()
{
    const ChainContents &contents = *m_contents;
    m_tree->clear();
    const auto alignRight = [](QTreeWidgetItem *item) {
        item->setTextAlignment(SeriesColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
    };
    for (const ChainContents::Database &db : contents.databases) {
        quint64 dbSeries = 0;
        qint64 dbBytes = 0;
        auto *dbItem = new QTreeWidgetItem(m_tree, {db.name});
        for (const ChainContents::RetentionPolicy &rp : db.retentionPolicies) {
            const QString details = rp.isDefault ? tr("keeps %1, default").arg(durationText(rp.durationNs))
                                                 : tr("keeps %1").arg(durationText(rp.durationNs));
            auto *rpItem = new QTreeWidgetItem(dbItem, {rp.name, details});
            rpItem->setToolTip(
                DetailsColumn,
                tr("Shard groups of %1, %2 replica(s)").arg(durationText(rp.shardGroupDurationNs)).arg(rp.replicaN));
            quint64 rpSeries = 0;
            qint64 rpBytes = 0;
            for (const ChainContents::Shard &shard : rp.shards) {
                auto *shardItem = new QTreeWidgetItem(rpItem);
                shardItem->setText(NameColumn, tr("shard %1").arg(shard.id));
                shardItem->setText(FromColumn, timeText(shard.startNs));
                shardItem->setText(ToColumn, timeText(shard.endNs));
                if (shard.link.isEmpty()) {
                    shardItem->setText(DetailsColumn, tr("not in the chain (nothing was copied of it)"));
                } else {
                    shardItem->setText(DetailsColumn, shard.measurements.empty() && shard.read
                                                          ? tr("no points")
                                                          : tr("measurements: %1").arg(shard.measurements.size()));
                    shardItem->setText(SeriesColumn, QString::number(shard.series()));
                    shardItem->setText(SizeColumn, Units::bytes(shard.bytes));
                    shardItem->setText(LinkColumn, QFileInfo(shard.link).fileName());
                    shardItem->setToolTip(LinkColumn, shard.link);
                }
                alignRight(shardItem);
                for (const ChainContents::Measurement &m : shard.measurements) {
                    auto *mItem = new QTreeWidgetItem(shardItem);
                    mItem->setText(NameColumn, m.name);
                    mItem->setText(FromColumn, timeText(m.firstNs));
                    mItem->setText(ToColumn, timeText(m.lastNs));
                    mItem->setText(SeriesColumn, QString::number(m.series));
                    mItem->setToolTip(FromColumn, tr("First point: %1").arg(ChainContents::isoTime(m.firstNs)));
                    mItem->setToolTip(ToColumn, tr("Last point: %1").arg(ChainContents::isoTime(m.lastNs)));
                    alignRight(mItem);
                }
                rpSeries += shard.series();
                rpBytes += shard.bytes;
            }
            rpItem->setText(SeriesColumn, QString::number(rpSeries));
            rpItem->setText(SizeColumn, Units::bytes(rpBytes));
            alignRight(rpItem);
            dbSeries += rpSeries;
            dbBytes += rpBytes;
            rpItem->setExpanded(true);
        }
        dbItem->setText(SeriesColumn, QString::number(dbSeries));
        dbItem->setText(SizeColumn, Units::bytes(dbBytes));
        QFont bold = dbItem->font(NameColumn);
        bold.setBold(true);
        dbItem->setFont(NameColumn, bold);
        alignRight(dbItem);
        dbItem->setExpanded(true);
    }
    // A small tree opens whole; a big one down to its shards.
    if (m_tree->topLevelItemCount() > 0) {
        int rows = 0;
        for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
            ++rows;
        if (rows <= kExpandAllRows)
            m_tree->expandAll();
    }
    for (int c = 0; c < ColumnCount - 1; ++c)
        m_tree->resizeColumnToContents(c);
    const NodeKind &kind = NodeKind::of(contents.kind);
    m_summary->setText(summaryText(contents));
    m_summary->setToolTip(tr("%1, taken %2 (%3); %4 read.")
                              .arg(kind.displayName(), Units::dateTime(contents.created), contents.link,
                                   Units::bytes(contents.bytesRead)));
    if (contents.databases.empty())
        m_summary->setText(tr("No database at %1.").arg(linkName(m_upto)));
}

QString ContentsDialog::selectedDatabase() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (!item || !m_contents)
        return {};
    while (item->parent())
        item = item->parent();
    return item->text(NameColumn);
}

void ContentsDialog::requestRestore(const QString &database)
{
    if (!m_contents || database.isEmpty() || !m_contents->database(database))
        return;
    Q_EMIT restoreDatabaseRequested(m_chain, m_upto, database, m_contents->kind);
}

void ContentsDialog::selectionChanged(QTreeWidgetItem *current)
{
    m_restoreButton->setEnabled(m_contents.has_value() && current != nullptr);
    // A measurement row: database → policy → shard → measurement.
    if (!current || !current->parent() || !current->parent()->parent() || !current->parent()->parent()->parent())
        return;
    QTreeWidgetItem *rp = current->parent()->parent();
    countPoints(rp->parent()->text(NameColumn), rp->text(NameColumn), current->text(NameColumn));
}

void ContentsDialog::stopCounting()
{
    if (!m_countJob)
        return;
    m_countJob->disconnect(this);
    delete m_countJob; // Cancels it and waits (a fraction of a second).
    m_countJob = nullptr;
}

void ContentsDialog::countPoints(const QString &database, const QString &policy, const QString &measurement)
{
    const QStringList key{database, policy, measurement};
    if (key == m_plotKey && (m_countJob || !m_plotted.empty()))
        return;
    stopCounting();
    m_plotKey = key;
    m_plotted.clear();
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    // The measurement's time range over the policy's shards.
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    if (const ChainContents::Database *db = m_contents ? m_contents->database(database) : nullptr) {
        if (const ChainContents::RetentionPolicy *rp = db->policy(policy)) {
            for (const ChainContents::Shard &shard : rp->shards) {
                for (const ChainContents::Measurement &m : shard.measurements) {
                    if (m.name == measurement) {
                        first = std::min(first, m.firstNs);
                        last = std::max(last, m.lastNs);
                    }
                }
            }
        }
    }
    if (first > last) {
        m_chart->setTitle(QString());
        m_pointsStatus->setText(tr("%1 has no points in %2.%3.").arg(measurement, database, policy));
        return;
    }
    const int generation = ++m_countGeneration;
    m_countJob = new PointCountJob(
        PointCountJob::plan(m_chain, m_upto, database, policy, measurement, first, last, kMaxBuckets));
    m_chart->setTitle(QString());
    m_pointsStatus->setStyleSheet(QString());
    m_pointsStatus->setText(tr("Counting the points of %1 in %2.%3 over time…").arg(measurement, database, policy));
    connect(m_countJob, &Job::finished, this, [this, generation](const Error &error) {
        if (generation == m_countGeneration)
            countFinished(error);
    });
    m_countJob->start();
}

void ContentsDialog::countFinished(const Error &error)
{
    PointCountJob *job = m_countJob;
    if (!job)
        return;
    m_countJob = nullptr;
    job->deleteLater();
    if (error.code != ErrorCode::Ok) {
        m_plotted.clear();
        if (error.code == ErrorCode::Cancelled) {
            m_pointsStatus->setStyleSheet(QString());
            m_pointsStatus->setText(tr("Counting was cancelled."));
        } else {
            m_pointsStatus->setStyleSheet(QStringLiteral("color: #b00020"));
            m_pointsStatus->setText(
                error.hint.isEmpty()
                    ? tr("The points could not be counted: %1").arg(error.message)
                    : tr("The points could not be counted: %1\nHint: %2").arg(error.message, error.hint));
        }
        Q_EMIT pointsCounted(false);
        return;
    }
    plot(*job);
    Q_EMIT pointsCounted(true);
}

void ContentsDialog::plot(const PointCountJob &job)
{
    const PointCountJob::Options &options = job.options();
    m_plotted.clear();
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    // A histogram: a step line over the buckets, filled down to zero.
    auto *upper = new QLineSeries;
    auto *lower = new QLineSeries;
    qint64 peak = 0;
    for (size_t i = 0; i < job.counts().size(); ++i) {
        const qint64 from = options.filter.start + static_cast<qint64>(i) * options.bucketNs;
        const qint64 count = job.counts()[i];
        m_plotted.emplace_back(from, count);
        peak = std::max(peak, count);
        const auto fromMs = static_cast<double>(from / 1000000);
        const auto toMs = static_cast<double>((from + options.bucketNs) / 1000000);
        upper->append(fromMs, static_cast<double>(count));
        upper->append(toMs, static_cast<double>(count));
        lower->append(fromMs, 0);
        lower->append(toMs, 0);
    }
    auto *area = new QAreaSeries(upper, lower);
    // The area does not own its lines: they go with it.
    upper->setParent(area);
    lower->setParent(area);
    area->setColor(QColor(0x1f, 0x6f, 0xb4, 0x90));
    area->setBorderColor(QColor(0x1f, 0x6f, 0xb4));
    m_chart->addSeries(area);
    auto *time = new QDateTimeAxis(m_chart);
    const qint64 span = options.filter.end - options.filter.start;
    time->setFormat(span > 2 * 24 * 3600 * kSecondNs ? QStringLiteral("yyyy-MM-dd")
                    : span > 120 * kSecondNs         ? QStringLiteral("MM-dd HH:mm")
                                                     : QStringLiteral("HH:mm:ss"));
    // Ticks at round times: a step of about a sixth of the range, the axis widened to whole steps.
    const qint64 step = PointCountJob::bucketWidth(options.filter.start, options.filter.end - 1, 6);
    const qint64 axisStart = options.filter.start / step * step;
    const qint64 axisEnd = (options.filter.end - 1) / step * step + step;
    time->setTickCount(static_cast<int>((axisEnd - axisStart) / step) + 1);
    time->setRange(QDateTime::fromMSecsSinceEpoch(axisStart / 1000000),
                   QDateTime::fromMSecsSinceEpoch(axisEnd / 1000000));
    m_chart->addAxis(time, Qt::AlignBottom);
    auto *points = new QValueAxis(m_chart);
    points->setLabelFormat(QStringLiteral("%.0f"));
    points->setRange(0, static_cast<double>(std::max<qint64>(peak, 1)) * 1.1);
    points->setTitleText(tr("Points"));
    m_chart->addAxis(points, Qt::AlignLeft);
    area->attachAxis(time);
    area->attachAxis(points);
    m_pointsStatus->setStyleSheet(QString());
    m_pointsStatus->setText(tr("%1 in %2.%3: points: %4, per %5 from %6 to %7.")
                                .arg(options.filter.measurement, options.filter.database,
                                     options.filter.retentionPolicy, QLocale().toString(job.total()),
                                     widthText(options.bucketNs), timeText(options.filter.start),
                                     timeText(options.filter.end)));
}

void ContentsDialog::showError()
{
    m_summary->clear();
    if (m_error.code == ErrorCode::Cancelled) {
        m_errorLabel->setStyleSheet(QString());
        m_errorLabel->setText(tr("Cancelled. Reload reads the chain again."));
    } else {
        m_errorLabel->setStyleSheet(QStringLiteral("color: #b00020"));
        m_errorLabel->setText(m_error.hint.isEmpty() ? m_error.message
                                                     : tr("%1\nHint: %2").arg(m_error.message, m_error.hint));
    }
    m_errorLabel->setVisible(true);
}

} // namespace tidemark::ui
