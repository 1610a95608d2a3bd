// Fuzzes parseLineProtocol, the parser of InfluxDB 1.x line protocol (core/node/LineProtocol.h),
// which reads every /write body a node receives.
//
// The input is the body, in an exactly sized buffer so that AddressSanitizer sees a read past
// its end; the precision is chosen by the input's size. Besides the sanitizers, one property is
// checked (abort() on failure): a point's series key is line protocol itself, so
// `seriesKey() + " f=1i"` parses back to one point with the same measurement, tags and key.

#include "node/LineProtocol.h"

#include <QByteArray>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace tidemark;

namespace {

constexpr std::int64_t kDefaultTime = 1'700'000'000'000'000'000;

void check(bool condition, const char *what, const QByteArray &key)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_lineprotocol: property violated: %s (series key '%s')\n", what,
                     key.toPercentEncoding(" ,=\\\"#").constData());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    const Precision precision = static_cast<Precision>(size % 6);
    const ParsedBatch batch = parseLineProtocol(
        QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)), precision, kDefaultTime);
    for (const Point &point : batch.points) {
        const QByteArray key = point.seriesKey();
        check(!point.fields.empty(), "a point has fields", key);
        const QByteArray line = key + " f=1i";
        const ParsedBatch again = parseLineProtocol(line, Precision::Nanoseconds, kDefaultTime);
        check(again.errors.empty() && again.points.size() == 1, "a series key parses back", key);
        const Point &copy = again.points.front();
        check(copy.measurement == point.measurement, "a series key keeps the measurement", key);
        check(copy.tags == point.tags, "a series key keeps the tags", key);
        check(copy.seriesKey() == key, "a series key parses back to itself", key);
    }
    for (const LineError &error : batch.errors)
        check(error.line >= 1 && !error.message.isEmpty(), "an error names its line", QByteArray());
    return 0;
}
