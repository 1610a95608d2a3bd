#include "HistoryPlots.h"

#include "Units.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tidemark::ui {

namespace {

const QColor kSizeColor(0x1f, 0x6f, 0xb4);
const QColor kDurationColor(0x2c, 0x8c, 0x3c);
const QColor kFailedColor(0xc6, 0x28, 0x28);

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // A line's marker is a line, a failed backup's a square: the threshold and failures differ.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    return chart;
}

QDateTimeAxis *timeAxis(QChart *chart)
{
    auto *axis = new QDateTimeAxis(chart);
    axis->setTickCount(6);
    chart->addAxis(axis, Qt::AlignBottom);
    return axis;
}

QValueAxis *valueAxis(QChart *chart, const QString &title, Qt::Alignment where, const QColor &color)
{
    auto *axis = new QValueAxis(chart);
    axis->setTitleText(title);
    axis->setLabelFormat(QStringLiteral("%.3g"));
    axis->setTitleBrush(color);
    axis->setLabelsColor(color);
    chart->addAxis(axis, where);
    return axis;
}

void attach(QChart *chart, QXYSeries *series, Qt::Alignment vertical)
{
    chart->addSeries(series);
    series->attachAxis(chart->axes(Qt::Horizontal).value(0));
    for (QAbstractAxis *axis : chart->axes(Qt::Vertical)) {
        if (axis->alignment() == vertical)
            series->attachAxis(axis);
    }
}

QScatterSeries *failedMarks(QObject *parent, const QString &name)
{
    auto *series = new QScatterSeries(parent);
    series->setName(name);
    series->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    series->setMarkerSize(10);
    series->setColor(kFailedColor);
    series->setBorderColor(kFailedColor.darker(140));
    return series;
}

/// A round top for an axis that shows 0 to `value`.
double niceTop(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
        if (value * 1.08 <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

HistoryPlots::HistoryPlots(QWidget *parent)
    : QWidget(parent), m_sizeChart(newChart(tr("Backup size and duration"))),
      m_ageChart(newChart(tr("Age of the newest good backup"))), m_sizeView(new QChartView(m_sizeChart, this)),
      m_ageView(new QChartView(m_ageChart, this)), m_size(new QLineSeries(m_sizeChart)),
      m_duration(new QLineSeries(m_sizeChart)), m_failed(failedMarks(m_sizeChart, tr("Failed backup"))),
      m_age(new QLineSeries(m_ageChart)), m_threshold(new QLineSeries(m_ageChart)),
      m_ageFailed(failedMarks(m_ageChart, tr("Failed backup"))), m_hover(new QLabel(this))
{
    m_sizeView->setObjectName(QStringLiteral("sizeChartView"));
    m_ageView->setObjectName(QStringLiteral("ageChartView"));
    m_size->setObjectName(QStringLiteral("sizeSeries"));
    m_duration->setObjectName(QStringLiteral("durationSeries"));
    m_failed->setObjectName(QStringLiteral("failedSeries"));
    m_age->setObjectName(QStringLiteral("ageSeries"));
    m_threshold->setObjectName(QStringLiteral("thresholdSeries"));
    m_ageFailed->setObjectName(QStringLiteral("ageFailedSeries"));
    for (QChartView *view : {m_sizeView, m_ageView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(180);
    }

    timeAxis(m_sizeChart);
    valueAxis(m_sizeChart, tr("Size"), Qt::AlignLeft, kSizeColor);
    valueAxis(m_sizeChart, tr("Duration (s)"), Qt::AlignRight, kDurationColor);
    m_size->setColor(kSizeColor);
    m_size->setPointsVisible(true);
    m_duration->setColor(kDurationColor);
    m_duration->setPointsVisible(true);
    m_duration->setName(tr("Duration"));
    attach(m_sizeChart, m_size, Qt::AlignLeft);
    attach(m_sizeChart, m_duration, Qt::AlignRight);
    attach(m_sizeChart, m_failed, Qt::AlignRight);

    timeAxis(m_ageChart);
    valueAxis(m_ageChart, tr("Age (h)"), Qt::AlignLeft, kSizeColor);
    m_age->setColor(kSizeColor);
    m_age->setPointsVisible(true);
    m_age->setName(tr("Newest good backup's age"));
    QPen dashed(kFailedColor);
    dashed.setStyle(Qt::DashLine);
    dashed.setWidth(2);
    m_threshold->setPen(dashed);
    attach(m_ageChart, m_age, Qt::AlignLeft);
    attach(m_ageChart, m_threshold, Qt::AlignLeft);
    attach(m_ageChart, m_ageFailed, Qt::AlignLeft);

    for (QXYSeries *series :
         std::initializer_list<QXYSeries *>{m_size, m_duration, m_failed, m_age, m_threshold, m_ageFailed}) {
        connect(series, &QXYSeries::hovered, this,
                [this, series](const QPointF &point, bool state) { hovered(series, point, state); });
    }

    m_hover->setObjectName(QStringLiteral("hoverLabel"));
    m_hover->setWordWrap(true);
    m_hover->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hover->setText(tr("Hover a point to see its job."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sizeView, 1);
    layout->addWidget(m_ageView, 1);
    layout->addWidget(m_hover);
    clear();
}

void HistoryPlots::clear()
{
    for (QXYSeries *series :
         std::initializer_list<QXYSeries *>{m_size, m_duration, m_failed, m_age, m_threshold, m_ageFailed})
        series->clear();
    m_pointEntries.clear();
}

void HistoryPlots::setEntries(std::vector<HistoryEntry> entries, qint64 thresholdSeconds, const QDateTime &now)
{
    clear();
    m_entries = std::move(entries);
    m_thresholdSeconds = thresholdSeconds;
    m_now = now.toUTC();
    std::vector<int> backups;
    for (int i = 0; i < static_cast<int>(m_entries.size()); ++i) {
        if (m_entries[static_cast<size_t>(i)].job == QLatin1String("backup"))
            backups.push_back(i);
    }
    std::stable_sort(backups.begin(), backups.end(), [this](int a, int b) {
        return m_entries[static_cast<size_t>(a)].finished < m_entries[static_cast<size_t>(b)].finished;
    });
    const auto entry = [this](int i) -> const HistoryEntry & { return m_entries[static_cast<size_t>(i)]; };

    // The size axis in the unit that fits the largest backup.
    qint64 largest = 0;
    double longest = 0;
    for (int i : backups) {
        largest = std::max(largest, entry(i).bytes);
        longest = std::max(longest, entry(i).seconds());
    }
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    m_sizeUnit = 1;
    while (unit < 4 && static_cast<double>(largest) / m_sizeUnit >= 1024) {
        m_sizeUnit *= 1024;
        ++unit;
    }

    std::vector<int> sizeIndex;
    std::vector<int> durationIndex;
    std::vector<int> failedIndex;
    std::vector<int> ageIndex;
    std::vector<int> ageFailedIndex;
    QList<QPointF> size;
    QList<QPointF> duration;
    QList<QPointF> failed;
    QList<QPointF> age;
    QList<QPointF> ageFailed;
    QDateTime lastGood;
    double oldest = 0;
    for (int i : backups) {
        const HistoryEntry &e = entry(i);
        const auto x = static_cast<double>(e.finished.toMSecsSinceEpoch());
        const double hours = lastGood.isValid() ? static_cast<double>(lastGood.msecsTo(e.finished)) / 3.6e6 : 0;
        if (lastGood.isValid()) {
            age << QPointF(x, hours);
            ageIndex.push_back(i);
            oldest = std::max(oldest, hours);
        }
        if (e.code == 0) {
            size << QPointF(x, static_cast<double>(e.bytes) / m_sizeUnit);
            sizeIndex.push_back(i);
            duration << QPointF(x, e.seconds());
            durationIndex.push_back(i);
            age << QPointF(x, 0);
            ageIndex.push_back(i);
            lastGood = e.finished;
        } else {
            failed << QPointF(x, e.seconds());
            failedIndex.push_back(i);
            ageFailed << QPointF(x, hours);
            ageFailedIndex.push_back(i);
        }
    }
    if (lastGood.isValid()) {
        const double hours = static_cast<double>(lastGood.msecsTo(m_now)) / 3.6e6;
        age << QPointF(static_cast<double>(m_now.toMSecsSinceEpoch()), hours);
        ageIndex.push_back(-1);
        oldest = std::max(oldest, hours);
    }
    m_size->replace(size);
    m_duration->replace(duration);
    m_failed->replace(failed);
    m_age->replace(age);
    m_ageFailed->replace(ageFailed);
    m_size->setName(tr("Size (%1)").arg(QLatin1String(units[unit])));
    m_sizeChart->axes(Qt::Vertical, m_size).value(0)->setTitleText(tr("Size (%1)").arg(QLatin1String(units[unit])));

    // Both charts over the same time: the first backup to now.
    QDateTime from = backups.empty() ? m_now.addDays(-7) : entry(backups.front()).started;
    QDateTime to = m_now;
    if (from.secsTo(to) < 3600)
        from = to.addSecs(-3600);
    const qint64 span = from.secsTo(to);
    from = from.addSecs(-span / 40);
    to = to.addSecs(span / 40);
    const QString format = span > 3 * 86400 ? QStringLiteral("MMM d") : QStringLiteral("MMM d HH:mm");
    for (QChart *chart : {m_sizeChart, m_ageChart}) {
        auto *axis = qobject_cast<QDateTimeAxis *>(chart->axes(Qt::Horizontal).value(0));
        axis->setFormat(format);
        axis->setRange(from.toLocalTime(), to.toLocalTime());
    }
    if (m_thresholdSeconds > 0) {
        const double hours = static_cast<double>(m_thresholdSeconds) / 3600.0;
        m_threshold->replace({QPointF(static_cast<double>(from.toMSecsSinceEpoch()), hours),
                              QPointF(static_cast<double>(to.toMSecsSinceEpoch()), hours)});
        m_threshold->setName(tr("Overdue after %1 h").arg(QLocale().toString(hours, 'g', 4)));
        oldest = std::max(oldest, hours);
    }
    m_threshold->setVisible(m_thresholdSeconds > 0);
    m_sizeChart->axes(Qt::Vertical, m_size).value(0)->setRange(0, niceTop(static_cast<double>(largest) / m_sizeUnit));
    double slowest = longest;
    for (const QPointF &p : failed)
        slowest = std::max(slowest, p.y());
    m_sizeChart->axes(Qt::Vertical, m_duration).value(0)->setRange(0, niceTop(slowest));
    m_ageChart->axes(Qt::Vertical, m_age).value(0)->setRange(0, niceTop(oldest));
    const QString none = backups.empty() ? tr(" — no backup in the history yet") : QString();
    m_sizeChart->setTitle(tr("Backup size and duration") + none);
    m_ageChart->setTitle(tr("Age of the newest good backup") + none);

    m_pointEntries = {{m_size, sizeIndex},
                      {m_duration, durationIndex},
                      {m_failed, failedIndex},
                      {m_age, ageIndex},
                      {m_ageFailed, ageFailedIndex}};
    m_hover->setText(tr("Hover a point to see its job."));
}

QString HistoryPlots::describePoint(const QXYSeries *series, int index) const
{
    if (series == m_threshold)
        return tr("Overdue when the newest good backup is older than %1.").arg(Units::duration(m_thresholdSeconds));
    for (const auto &[owner, indices] : m_pointEntries) {
        if (owner != series || index < 0 || index >= static_cast<int>(indices.size()))
            continue;
        const int i = indices[static_cast<size_t>(index)];
        if (i < 0) {
            const qint64 age = static_cast<qint64>(series->at(index).y() * 3600);
            return tr("Now: the newest good backup is %1 old.").arg(Units::duration(age));
        }
        const HistoryEntry &e = m_entries[static_cast<size_t>(i)];
        const QString result = e.code == 0 ? tr("✔ %1").arg(e.message.isEmpty() ? tr("ok") : e.message)
                                           : tr("✖ failed (code %1): %2").arg(QString::number(e.code), e.message);
        QString text = tr("%1 · %2 · %3 in %4 · %5")
                           .arg(Units::dateTime(e.finished), e.job, Units::bytes(e.bytes),
                                Units::duration(qRound64(e.seconds())), result);
        if (!e.origin.isEmpty())
            text += tr(" · from %1").arg(e.origin);
        if (!e.link.isEmpty())
            text += QLatin1Char('\n') + e.link;
        else if (!e.chain.isEmpty())
            text += QLatin1Char('\n') + e.chain;
        return text;
    }
    return {};
}

void HistoryPlots::hovered(QXYSeries *series, const QPointF &point, bool state)
{
    if (!state || series->count() == 0)
        return;
    // The point nearest the pointer, on the screen.
    QChart *chart = series->chart();
    const QPointF at = chart->mapToPosition(point, series);
    int nearest = 0;
    double best = -1;
    for (int i = 0; i < series->count(); ++i) {
        const QPointF p = chart->mapToPosition(series->at(i), series);
        const double d = (p.x() - at.x()) * (p.x() - at.x()) + (p.y() - at.y()) * (p.y() - at.y());
        if (best < 0 || d < best) {
            best = d;
            nearest = i;
        }
    }
    const QString text = describePoint(series, nearest);
    if (!text.isEmpty())
        m_hover->setText(text);
}

} // namespace tidemark::ui
