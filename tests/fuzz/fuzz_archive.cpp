// Fuzzes ArchiveReader, the streaming reader of snapshot archives (core/snapshot/ArchiveReader.h):
// the bytes a backup file or a node's stream hands a restore or a verify.
//
// The input is the archive stream (plain or zstd-compressed tar), served by the Source callback in
// chunks whose sizes are derived from the input, so that splits at and across tar blocks are
// tried. The reader goes the way a verify does: readManifest(), nextFile() with an empty sink
// until the end or an error, then finish(). The same bytes also go to readFinalManifest(), which
// reads a format-2 archive's final manifest from its end.

#include "snapshot/ArchiveReader.h"

#include <QBuffer>
#include <QString>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace tidemark;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_archive: property violated: %s\n", what);
        std::abort();
    }
}

// A Source over the input: one chunk per call, all at once for a third of the inputs, else of
// 1..4096 bytes from a generator seeded with the input's size.
struct ChunkSource {
    const char *data = nullptr;
    qsizetype size = 0;
    qsizetype pos = 0;
    std::uint32_t rng = 0;
    bool whole = false;

    qsizetype read(char *buffer, qsizetype capacity)
    {
        qsizetype n = std::min(size - pos, capacity);
        if (!whole) {
            rng = rng * 1103515245u + 12345u;
            n = std::min<qsizetype>(n, 1 + static_cast<qsizetype>((rng >> 16) % 4096u));
        }
        if (n > 0)
            std::memcpy(buffer, data + pos, static_cast<size_t>(n));
        pos += n;
        return n;
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    ChunkSource chunks{reinterpret_cast<const char *>(data), static_cast<qsizetype>(size), 0,
                       static_cast<std::uint32_t>(size), size % 3 == 0};
    ArchiveReader reader([&chunks](char *buffer, qsizetype capacity) { return chunks.read(buffer, capacity); },
                         QStringLiteral("fuzz.tar"));
    auto manifest = reader.readManifest();
    if (!manifest) {
        check(!manifest.error().message.isEmpty(), "a refused archive has a message");
        return 0;
    }
    // Each file comes at most once, in manifest order: one more call must say the end (or fail).
    const size_t maxCalls = manifest->files.size() + 1;
    size_t calls = 0;
    for (;; ++calls) {
        check(calls <= maxCalls, "nextFile() returns each manifest file at most once");
        auto file = reader.nextFile({});
        if (!file) {
            check(!file.error().message.isEmpty(), "a refused entry has a message");
            break;
        }
        if (!file.value())
            break;
        check(manifest->file(file.value()->name) != nullptr, "a file read is in the manifest");
    }
    (void)reader.finish();
    check(reader.bytesRead() <= static_cast<qint64>(size), "bytesRead() counts only the input");

    QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    auto final = ArchiveReader::readFinalManifest(device, QStringLiteral("fuzz.tar"));
    check(final.ok() || !final.error().message.isEmpty(), "a final manifest not found has a message");
    check(!final.ok() || final->hasChecksums(), "a final manifest found has every checksum");
    return 0;
}
