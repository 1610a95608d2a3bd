#pragma once

#include "browse/PointReader.h"

#include <QCoreApplication>

namespace tidemark {

/// An InfluxDB 1.x node's points, for `export` (PointReader). Debian ships no influx_inspect,
/// so the chosen database's shards are restored into a scratch influxd and read back.
class InfluxPoints : public PointReader {
    Q_DECLARE_TR_FUNCTIONS(InfluxPoints)

public:
    [[nodiscard]] Result<std::unique_ptr<Session>> begin(const Filter &filter, PointWriter &out) const override;
};

} // namespace tidemark
