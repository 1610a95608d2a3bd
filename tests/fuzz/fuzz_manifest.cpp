// Fuzzes Manifest::fromJson, the parser of a snapshot's manifest (core/snapshot/Manifest.h),
// which reads what an archive or a node hands us.
//
// The input is the JSON. A manifest that parses is put through what the tools do with one
// (totalBytes, file lookups, sortFiles, merge) and must survive its own round trip: toJson()
// parses back to the same JSON (abort() otherwise).

#include "snapshot/Manifest.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace tidemark;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_manifest: property violated: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    const QByteArrayView json(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString source = QStringLiteral("fuzz.tar");
    auto parsed = Manifest::fromJson(json, source);
    if (!parsed) {
        check(!parsed.error().message.isEmpty(), "a refused manifest has a message");
        return 0;
    }
    Manifest manifest = parsed.value();
    (void)manifest.totalBytes();
    for (const ManifestFile &f : manifest.files) {
        check(Manifest::isValidFileName(f.name), "every file name is valid");
        check(manifest.file(f.name) == &f, "file() finds every entry");
        (void)Manifest::shardId(f.name);
    }

    const QByteArray written = manifest.toJson();
    auto reread = Manifest::fromJson(written, source);
    if (!reread)
        std::fprintf(stderr, "fuzz_manifest: %s\n", qPrintable(reread.error().message));
    check(reread.ok(), "toJson() parses back");
    check(reread->toJson() == written, "toJson() parses back to the same JSON");

    manifest.sortFiles();
    const Manifest merged = Manifest::merge({parsed.value(), manifest});
    check(merged.files.size() == manifest.files.size(), "merging a manifest with itself keeps its files");
    (void)merged.totalBytes();

    // Block and reference links: the state a node is told parses in format 2, and the steps of a chain of the
    // manifest and itself either refuse it or give every file a whole copy first.
    const Manifest state = parsed->asState();
    check(!state.hasDeltas(), "asState() leaves no block or reference link");
    check(Manifest::fromJson(state.toJson(), source).ok() || !parsed->hasSizes(), "asState() parses back");
    auto steps = Manifest::steps({parsed.value(), manifest}, {QStringLiteral("a"), QStringLiteral("b")});
    if (!steps) {
        check(!steps.error().message.isEmpty(), "a refused chain has a message");
    } else {
        for (const auto &[name, list] : steps.value())
            check(!list.empty() && !list.front().file.isDelta(), "every file's steps start with a whole copy");
    }
    return 0;
}
