#include "influx1/InfluxPoints.h"

namespace tidemark {

Result<std::unique_ptr<PointReader::Session>> InfluxPoints::begin(const Filter &, PointWriter &) const
{
    return makeError(ErrorCode::Failure, tr("Exporting the points of an InfluxDB 1.x chain is not there yet"),
                     tr("Restore the chain into a node and query it."));
}

} // namespace tidemark
