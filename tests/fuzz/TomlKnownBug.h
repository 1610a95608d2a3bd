#pragma once

// toml++ 3.3.0 (Debian 12's libtomlplusplus) reaches TOML_UNREACHABLE
// (__builtin_unreachable) when it checks whether a non-ASCII character is white space and the
// character lies in U+00A1..U+0499, U+1482..U+187B, U+1C76..U+206F, U+2C8E..U+3087 or
// U+FB26..U+FEFE: e.g. the 3-byte config "s\xc6\xa5" (corpus/fuzz_config/toml-unreachable-u01a5)
// or "[m\xef\xbb\xb8(" (corpus/fuzz_influxconfig/toml-unreachable-ufef8). Upstream:
// marzer/tomlplusplus#295, fixed by #305 after 3.3.0. So that the fuzzers keep looking for other
// bugs, inputs holding a UTF-8 lead byte of those ranges (0xC2..0xD2, 0xE1..0xE3, 0xEF) are skipped.
// Remove this filter once the toml++ in use has the fix.

#include <cstddef>
#include <cstdint>

inline bool mayHitTomlUnreachable(const std::uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; ++i) {
        const std::uint8_t b = data[i];
        if ((b >= 0xC2 && b <= 0xD2) || (b >= 0xE1 && b <= 0xE3) || b == 0xEF)
            return true;
    }
    return false;
}
