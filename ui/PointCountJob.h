#pragma once

#include "browse/PointReader.h"
#include "common/Job.h"

#include <QString>

#include <optional>
#include <vector>

namespace tidemark::ui {

/// The points of one measurement of a chain's database counted per time bucket, for the contents
/// view's plot (ContentsDialog): core's export engine (ChainExporter, the kind's PointReader) with
/// a PointWriter that only counts. Memory stays bounded: one counter per bucket, the engine's own
/// buffers. Runs on a pool thread as every Job; cancel() stops it within a fraction of a second.
class PointCountJob : public Job {
    Q_OBJECT
    Q_DISABLE_COPY(PointCountJob)

public:
    struct Options {
        QString chain;
        int upto = -1;
        PointReader::Filter filter; ///< Its start and end are the first bucket's start and the last one's end.
        qint64 bucketNs = 1;
    };

    explicit PointCountJob(Options options, QObject *parent = nullptr);
    ~PointCountJob() override;

    [[nodiscard]] QString title() const override;
    [[nodiscard]] const Options &options() const { return m_options; }
    /// Points per bucket (bucket i from filter.start + i * bucketNs); valid once finished() with Ok.
    [[nodiscard]] const std::vector<qint64> &counts() const { return m_counts; }
    [[nodiscard]] qint64 total() const { return m_total; }

    /// A bucket width that gives at most `maxBuckets` buckets over [firstNs, lastNs] and reads
    /// well: 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, 1 min … 1 h, 2 h … 1 d, 2 d, 7 d, 14 d, 30 d, then
    /// whole multiples of 30 d.
    [[nodiscard]] static qint64 bucketWidth(qint64 firstNs, qint64 lastNs, int maxBuckets);
    /// The options counting `measurement` over [firstNs, lastNs] in buckets of bucketWidth()
    /// aligned to the width (start rounded down, end rounded up).
    [[nodiscard]] static Options plan(const QString &chain, int upto, const QString &database,
                                      const QString &retentionPolicy, const QString &measurement, qint64 firstNs,
                                      qint64 lastNs, int maxBuckets);

protected:
    [[nodiscard]] Error execute() override;

private:
    Options m_options;
    std::vector<qint64> m_counts;
    qint64 m_total = 0;
};

} // namespace tidemark::ui
