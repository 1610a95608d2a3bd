#pragma once

#include "history/JobHistory.h"

#include <QDateTime>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QXYSeries;

namespace tidemark::ui {

/// A node's backups over time, from the job history (Qt Charts), one above the other:
///
/// - size and duration (sizeChartView): each good backup's bytes (left axis, in the unit that fits
///   the largest) and seconds (right axis), and each failed backup as a red square at its
///   duration;
/// - the age of the newest good backup (ageChartView): it grows until the next good backup and
///   drops to 0 there (a failed one does not reset it and is a red square), up to now, against
///   the node's threshold (a dashed red line at the schedule's overdue age, or the node's stale
///   hours).
///
/// Hovering a point (QXYSeries::hovered) shows its job in hoverLabel: when it ended, the kind of
/// job, bytes, duration and result.
class HistoryPlots : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY(HistoryPlots)

public:
    explicit HistoryPlots(QWidget *parent = nullptr);

    /// Draws the backups among `entries` (oldest first); `thresholdSeconds` 0: no threshold line.
    void setEntries(std::vector<HistoryEntry> entries, qint64 thresholdSeconds,
                    const QDateTime &now = QDateTime::currentDateTimeUtc());

    [[nodiscard]] QChart *sizeChart() const { return m_sizeChart; }
    [[nodiscard]] QChart *ageChart() const { return m_ageChart; }
    [[nodiscard]] QChartView *sizeChartView() const { return m_sizeView; }
    [[nodiscard]] QChartView *ageChartView() const { return m_ageView; }
    [[nodiscard]] QLineSeries *sizeSeries() const { return m_size; }
    [[nodiscard]] QLineSeries *durationSeries() const { return m_duration; }
    [[nodiscard]] QScatterSeries *failedSeries() const { return m_failed; }
    [[nodiscard]] QLineSeries *ageSeries() const { return m_age; }
    [[nodiscard]] QLineSeries *thresholdSeries() const { return m_threshold; }
    [[nodiscard]] QScatterSeries *ageFailedSeries() const { return m_ageFailed; }
    /// The size axis' unit: its values are bytes divided by this (1, 1024, 1024², …).
    [[nodiscard]] double sizeUnit() const { return m_sizeUnit; }
    /// What hoverLabel says about point `index` of `series`.
    [[nodiscard]] QString describePoint(const QXYSeries *series, int index) const;

private:
    void hovered(QXYSeries *series, const QPointF &point, bool state);
    void clear();

    std::vector<HistoryEntry> m_entries;
    /// For each series, the entry of each of its points (-1: none, e.g. "now").
    std::vector<std::pair<const QXYSeries *, std::vector<int>>> m_pointEntries;
    qint64 m_thresholdSeconds = 0;
    QDateTime m_now;
    double m_sizeUnit = 1;

    QChart *m_sizeChart;
    QChart *m_ageChart;
    QChartView *m_sizeView;
    QChartView *m_ageView;
    QLineSeries *m_size;
    QLineSeries *m_duration;
    QScatterSeries *m_failed;
    QLineSeries *m_age;
    QLineSeries *m_threshold;
    QScatterSeries *m_ageFailed;
    QLabel *m_hover;
};

} // namespace tidemark::ui
