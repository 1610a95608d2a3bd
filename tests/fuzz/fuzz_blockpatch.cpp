// Fuzzes BlockPatchApplier, which applies a block link's stored bytes (core/snapshot/BlockPatch.h)
// read from a chain to a file that holds the previous version.
//
// The input: 2 bytes of the file size to rebuild (in blocks of 512 bytes, plus a remainder from
// the third byte), then the block link's bytes, fed in pieces of varying size. Whatever the bytes,
// the applier either refuses them with a message or leaves a file of exactly the size it was told
// (abort() otherwise), and never writes past it.

#include "snapshot/BlockPatch.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tidemark;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_blockpatch: property violated: %s\n", what);
        std::abort();
    }
}

constexpr qint32 kBlock = 512;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    const qint64 fileSize = (static_cast<qint64>(data[0]) % 64) * kBlock + data[1] % 8 * 61 + data[2] % 3;
    data += 3;
    size -= 3;
    static const int fd = ::memfd_create("fuzz_blockpatch", 0);
    check(fd >= 0, "memfd_create works");
    check(::ftruncate(fd, 0) == 0 && ::ftruncate(fd, 7 * kBlock) == 0, "the base file is set up");
    BlockPatchApplier applier(fd, kBlock, fileSize, QStringLiteral("'shards/1' in fuzz"));
    Status status;
    size_t at = 0;
    size_t piece = 1;
    while (status && at < size) {
        const size_t n = std::min(piece, size - at);
        status = applier.write(reinterpret_cast<const char *>(data + at), static_cast<qsizetype>(n));
        at += n;
        piece = piece * 3 % 97 + 1;
        struct stat st {};
        check(::fstat(fd, &st) == 0 && (st.st_size <= std::max<qint64>(fileSize, 7 * kBlock)),
              "nothing is written past the file");
    }
    if (status)
        status = applier.finish();
    if (!status) {
        check(!status.error().message.isEmpty(), "a refusal has a message");
        check(status.error().message.contains(QStringLiteral("shards/1")) || status.error().code == ErrorCode::Io,
              "a refusal names the file");
        return 0;
    }
    struct stat st {};
    check(::fstat(fd, &st) == 0 && st.st_size == fileSize, "the rebuilt file has the size it was told");
    return 0;
}
