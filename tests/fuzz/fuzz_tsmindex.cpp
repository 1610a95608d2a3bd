// Fuzzes TsmIndex::read and TsmTombstones::read (core/influx1/TsmIndex.h), which read the TSM
// files and tombstones inside an InfluxDB shard's tar in a chain (`tidemark-cli ls`).
//
// The input's first byte picks the parser (even: a TSM file, odd: a tombstone file), the rest is
// the file. A refusal must be Integrity and name the file; an index that is read must give keys
// in strictly ascending order, each with at least one block whose first time is not after its
// last (abort() otherwise).

#include "influx1/TsmIndex.h"

#include <QBuffer>
#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace tidemark;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_tsmindex: property violated: %s\n", what);
        std::abort();
    }
}

void checkRefusal(const Status &status, const QString &source)
{
    if (status)
        return;
    check(status.error().code == ErrorCode::Integrity, "a refusal is an Integrity error");
    check(status.error().message.contains(source), "a refusal names the file");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    QBuffer buffer;
    buffer.setData(reinterpret_cast<const char *>(data) + 1, static_cast<qsizetype>(size - 1));
    if (!buffer.open(QIODevice::ReadOnly))
        return 0;
    const QString source = QStringLiteral("link: shard 1, file 000000001-000000001");
    if (data[0] % 2 == 0) {
        QByteArray previous;
        Status read =
            TsmIndex::read(buffer, source, [&](QByteArrayView key, const std::vector<TsmIndex::Block> &blocks) {
                check(!key.isEmpty(), "keys are not empty");
                check(previous.isEmpty() || previous < key, "keys ascend strictly");
                check(!blocks.empty(), "every key has a block");
                for (const TsmIndex::Block &b : blocks)
                    check(b.minNs <= b.maxNs, "a block's first time is not after its last");
                previous = key.toByteArray();
                return true;
            });
        checkRefusal(read, source);
        return 0;
    }
    TsmTombstones tombstones;
    checkRefusal(tombstones.read(buffer, source), source);
    (void)tombstones.deletes("cpu,host=a#!~#v", 0, 10);
    (void)tombstones.deletes("cpu,host=a", std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max());
    return 0;
}
