// Fuzzes FrameReader, the parser of the snapshot protocol's frames (core/protocol/Frame.h).
//
// The input is the byte stream a peer sends. It is decoded twice: handed over whole, and in
// small chunks of sizes derived from the input. Besides the sanitizers, two properties are
// checked (abort() on failure): both splits yield the same frames and the same final state
// ("in any split"), and every frame taken re-encodes to exactly the bytes it was read from.

#include "protocol/Frame.h"

#include <QByteArray>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace tidemark;

namespace {

struct Decoded {
    std::vector<Frame> frames;
    FrameReader::State state = FrameReader::State::NeedMore;
};

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_frame: property violated: %s\n", what);
        std::abort();
    }
}

// Feeds `stream` to one reader in chunks of 1..maxChunk bytes (0: all at once).
Decoded decode(const QByteArray &stream, std::uint32_t seed, int maxChunk)
{
    Decoded out;
    FrameReader reader;
    QByteArray buffer;
    qsizetype pos = 0;
    while (true) {
        if (pos < stream.size()) {
            qsizetype n = stream.size() - pos;
            if (maxChunk > 0) {
                seed = seed * 1664525u + 1013904223u;
                n = std::min<qsizetype>(
                    n, 1 + static_cast<qsizetype>((seed >> 16) % static_cast<std::uint32_t>(maxChunk)));
            }
            buffer.append(stream.constData() + pos, n);
            pos += n;
        }
        // One process() call decodes at most one frame: call again until it needs more bytes.
        while (true) {
            reader.process(buffer);
            if (reader.state() != FrameReader::State::FrameReady)
                break;
            out.frames.push_back(reader.takeFrame());
        }
        if (reader.state() == FrameReader::State::Failed) {
            check(!reader.errorMessage().isEmpty(), "a failed reader has an error message");
            break;
        }
        if (pos == stream.size())
            break;
    }
    out.state = reader.state();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    const QByteArray stream(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const Decoded whole = decode(stream, 0, 0);
    const Decoded split = decode(stream, static_cast<std::uint32_t>(size) * 2654435761u, 7);

    check(whole.state == split.state, "the final state does not depend on the split");
    check(whole.frames.size() == split.frames.size(), "the frames do not depend on the split");
    qsizetype offset = 0;
    for (size_t i = 0; i < whole.frames.size(); ++i) {
        const Frame &a = whole.frames[i];
        const Frame &b = split.frames[i];
        check(a.type == b.type && a.payload == b.payload, "the frames do not depend on the split");
        check(a.payload.size() <= static_cast<qsizetype>(FrameLimits::maxPayload(static_cast<std::uint8_t>(a.type))),
              "a frame is within its type's limit");
        const QByteArray encoded = encodeFrame(a.type, a.payload);
        check(stream.mid(offset, encoded.size()) == encoded, "a frame re-encodes to the bytes it came from");
        offset += encoded.size();
    }
    return 0;
}
