#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# every test with ctest, then runs each libFuzzer fuzzer for a bounded time (scripts/fuzz.sh).
# Exits non-zero when any test or fuzzer fails.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
tidemark_install_deps

build=${TIDEMARK_TEST_BUILD_DIR:-build-test}
# ccache hits across clones (CI builds a fresh clone each time): paths relative to the checkout.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DTIDEMARK_SANITIZE=ON >/dev/null
cmake --build "$build" -j "$(tidemark_jobs)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export QT_QPA_PLATFORM=offscreen
ctest --test-dir "$build" --output-on-failure -j "$(tidemark_jobs)" "$@"

# Then every fuzzer for a bounded time (TIDEMARK_FUZZ_SECONDS each, 0 skips; tests/fuzz/README.md).
# Only for the whole suite: a run of chosen tests (arguments to ctest) does not fuzz.
fuzz_seconds=${TIDEMARK_FUZZ_SECONDS:-15}
if [ $# -eq 0 ] && [ "$fuzz_seconds" -gt 0 ]; then
    bash scripts/fuzz.sh "$fuzz_seconds"
fi
