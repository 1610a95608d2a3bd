// Fuzzes RefPatchApplier, which rebuilds a file from a reference link's stored bytes
// (core/snapshot/RefPatch.h) read from a chain and the previous version of the file.
//
// The input: 2 bytes of the file size to rebuild (up to 16 KiB), then the reference link's bytes,
// fed in pieces of varying size. The base is 4 KiB. Whatever the bytes, the applier either
// refuses them with a message naming the file, or leaves a file of exactly the size it was told
// (abort() otherwise), never larger than that, and never reads the base past its end.

#include "snapshot/RefPatch.h"

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
        std::fprintf(stderr, "fuzz_refpatch: property violated: %s\n", what);
        std::abort();
    }
}

constexpr qint64 kBaseSize = 4096;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const qint64 fileSize = (static_cast<qint64>(data[0]) << 8 | data[1]) % (16 * 1024 + 1);
    data += 2;
    size -= 2;
    static const int base = [] {
        const int fd = ::memfd_create("fuzz_refpatch_base", 0);
        check(fd >= 0, "memfd_create works");
        QByteArray bytes(kBaseSize, '\0');
        for (qint64 i = 0; i < kBaseSize; ++i)
            bytes[i] = static_cast<char>(i * 7);
        check(::pwrite(fd, bytes.constData(), kBaseSize, 0) == kBaseSize, "the base is written");
        return fd;
    }();
    static const int out = ::memfd_create("fuzz_refpatch_out", 0);
    check(out >= 0, "memfd_create works");
    check(::ftruncate(out, 0) == 0, "the output is emptied");
    RefPatchApplier applier(base, kBaseSize, out, fileSize, QStringLiteral("'shards/1' in fuzz"),
                            QStringLiteral("fuzz"));
    Status status;
    size_t at = 0;
    size_t piece = 1;
    while (status && at < size) {
        const size_t n = std::min(piece, size - at);
        status = applier.write(reinterpret_cast<const char *>(data + at), static_cast<qsizetype>(n));
        at += n;
        piece = piece * 3 % 97 + 1;
        struct stat st {};
        check(::fstat(out, &st) == 0 && st.st_size <= fileSize, "nothing is written past the file");
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
    check(::fstat(out, &st) == 0 && st.st_size == fileSize, "the rebuilt file has the size it was told");
    return 0;
}
