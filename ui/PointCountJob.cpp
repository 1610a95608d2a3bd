#include "PointCountJob.h"

#include "browse/ChainExporter.h"
#include "browse/PointWriter.h"

#include <algorithm>
#include <array>

namespace tidemark::ui {

namespace {

constexpr qint64 kSecondNs = 1000000000LL;
constexpr qint64 kMinuteNs = 60 * kSecondNs;
constexpr qint64 kHourNs = 60 * kMinuteNs;
constexpr qint64 kDayNs = 24 * kHourNs;

/// A PointWriter that writes nothing: each point adds one to its time's bucket.
class CountingWriter : public PointWriter {
public:
    CountingWriter(qint64 startNs, qint64 bucketNs, std::vector<qint64> &counts)
        : PointWriter(ExportFormat::LineProtocol, nullptr, QString()), m_start(startNs), m_bucket(bucketNs),
          m_counts(counts)
    {
    }
    Status write(const ExportPoint &point) override
    {
        if (m_counts.empty() || point.time < m_start)
            return {};
        const auto index = static_cast<size_t>((point.time - m_start) / m_bucket);
        if (index < m_counts.size())
            ++m_counts[index];
        return {};
    }

private:
    qint64 m_start;
    qint64 m_bucket;
    std::vector<qint64> &m_counts;
};

qint64 floorTo(qint64 value, qint64 step)
{
    const qint64 q = value / step;
    return (value % step != 0 && value < 0 ? q - 1 : q) * step;
}

} // namespace

PointCountJob::PointCountJob(Options options, QObject *parent) : Job(parent), m_options(std::move(options))
{
}

PointCountJob::~PointCountJob()
{
    cancel();
    waitForFinished();
}

QString PointCountJob::title() const
{
    return tr("Points of %1 in %2 over time").arg(m_options.filter.measurement, m_options.filter.database);
}

qint64 PointCountJob::bucketWidth(qint64 firstNs, qint64 lastNs, int maxBuckets)
{
    static constexpr std::array<qint64, 24> widths{
        kSecondNs,  2 * kSecondNs, 5 * kSecondNs, 10 * kSecondNs, 15 * kSecondNs, 30 * kSecondNs,
        kMinuteNs,  2 * kMinuteNs, 5 * kMinuteNs, 10 * kMinuteNs, 15 * kMinuteNs, 30 * kMinuteNs,
        kHourNs,    2 * kHourNs,   3 * kHourNs,   6 * kHourNs,    12 * kHourNs,   kDayNs,
        2 * kDayNs, 7 * kDayNs,    14 * kDayNs,   30 * kDayNs,    90 * kDayNs,    365 * kDayNs};
    maxBuckets = std::max(1, maxBuckets);
    const qint64 span = std::max<qint64>(0, lastNs - firstNs);
    for (qint64 width : widths) {
        // Aligned buckets: the first may start before firstNs, so count those the range touches.
        if (floorTo(lastNs, width) / width - floorTo(firstNs, width) / width + 1 <= maxBuckets)
            return width;
    }
    return (span / maxBuckets / (30 * kDayNs) + 2) * 30 * kDayNs;
}

PointCountJob::Options PointCountJob::plan(const QString &chain, int upto, const QString &database,
                                           const QString &retentionPolicy, const QString &measurement, qint64 firstNs,
                                           qint64 lastNs, int maxBuckets)
{
    Options options;
    options.chain = chain;
    options.upto = upto;
    options.filter.database = database;
    options.filter.retentionPolicy = retentionPolicy;
    options.filter.measurement = measurement;
    options.bucketNs = bucketWidth(firstNs, lastNs, maxBuckets);
    options.filter.start = floorTo(firstNs, options.bucketNs);
    options.filter.end = floorTo(lastNs, options.bucketNs) + options.bucketNs;
    return options;
}

Error PointCountJob::execute()
{
    const qint64 span = m_options.filter.end - m_options.filter.start;
    if (m_options.bucketNs <= 0 || span <= 0 || span / m_options.bucketNs > 100000)
        return makeError(ErrorCode::Usage,
                         tr("No time range to count the points of %1 in.").arg(m_options.filter.measurement));
    std::vector<qint64> counts(static_cast<size_t>((span + m_options.bucketNs - 1) / m_options.bucketNs), 0);
    CountingWriter writer(m_options.filter.start, m_options.bucketNs, counts);
    ChainExporter::Options exportOptions{m_options.chain, m_options.upto, m_options.filter};
    QString lastStage;
    auto summary = ChainExporter::exportPoints(
        exportOptions, writer,
        [&](const QString &stage, qint64 done, qint64 total) {
            if (stage != lastStage) {
                lastStage = stage;
                reportStage(stage);
            }
            reportProgress(done, total);
        },
        cancelFlag());
    if (!summary)
        return summary.error();
    m_total = 0;
    for (qint64 c : counts)
        m_total += c;
    m_counts = std::move(counts);
    return {ErrorCode::Ok, {}, {}};
}

} // namespace tidemark::ui
