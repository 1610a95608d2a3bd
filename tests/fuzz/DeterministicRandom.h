#pragma once

// libsodium's random bytes made a function of a counter, for the crypto fuzzers only: the links
// and keys they write (their seeds, and what they write again to compare) are then the same
// bytes each time. Installed before libsodium is initialised (LLVMFuzzerInitialize); reset()
// starts the sequence again. Never in Tidemark itself.

#include <sodium.h>

#include <cstdint>
#include <cstring>

namespace tidemark::fuzz {

class DeterministicRandom {
public:
    static void install()
    {
        static randombytes_implementation implementation = {&name, &random, nullptr, nullptr, &buf, nullptr};
        randombytes_set_implementation(&implementation);
    }
    static void reset() { counter() = 0; }

private:
    static std::uint64_t &counter()
    {
        static std::uint64_t value = 0;
        return value;
    }
    static const char *name() { return "tidemark-fuzz-deterministic"; }
    static void buf(void *const out, const size_t size)
    {
        unsigned char seed[randombytes_SEEDBYTES] = {};
        const std::uint64_t n = counter()++;
        std::memcpy(seed, &n, sizeof n);
        randombytes_buf_deterministic(out, size, seed);
    }
    static std::uint32_t random()
    {
        std::uint32_t value = 0;
        buf(&value, sizeof value);
        return value;
    }
};

} // namespace tidemark::fuzz
