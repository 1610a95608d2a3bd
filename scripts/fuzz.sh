#!/usr/bin/env bash
# Builds the libFuzzer fuzzers of tests/fuzz with clang-14 (ASan + UBSan) in build-fuzz and runs
# each for a bounded time on a copy of its committed corpus (the committed corpus never grows).
# Prints the executions per fuzzer; exits non-zero when a fuzzer crashes, leaks, hangs or trips a
# sanitizer, leaving the input that did it in build-fuzz/tests/fuzz/run/<fuzzer>/.
# Usage: scripts/fuzz.sh [SECONDS] [FUZZER...]
#   SECONDS per fuzzer (default $TIDEMARK_FUZZ_SECONDS, else 30); FUZZER: fuzz_frame, ... (default
#   the nine ASan fuzzers; fuzz_frame_fast and fuzz_archive_fast, without ASan, run when named)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
tidemark_install_deps
for tool in clang-14 clang++-14; do
    if ! command -v "$tool" >/dev/null; then
        echo "tidemark: $tool not found; the fuzzers need clang 14 and its libFuzzer runtime." >&2
        echo "HINT: apt-get install -y clang-14 libclang-rt-14-dev" >&2
        exit 1
    fi
done

seconds=${1:-${TIDEMARK_FUZZ_SECONDS:-30}}
[ $# -gt 0 ] && shift
fuzzers=("$@")
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(fuzz_frame fuzz_manifest fuzz_archive fuzz_lineprotocol fuzz_config fuzz_influxconfig fuzz_linkcipher fuzz_chainkeys fuzz_tsmindex fuzz_blockpatch fuzz_refpatch)

build=${TIDEMARK_FUZZ_BUILD_DIR:-build-fuzz}
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIDEMARK_FUZZ=ON \
    -DTIDEMARK_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j 2 --target "${fuzzers[@]}"

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
work="$build/tests/fuzz/run"
failed=()
for f in "${fuzzers[@]}"; do
    rm -rf "${work:?}/$f"
    mkdir -p "$work/$f/corpus"
    seeds=${f%_fast} # a throughput variant shares its fuzzer's corpus and dictionary
    cp tests/fuzz/corpus/"$seeds"/* "$work/$f/corpus/"
    options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
             -artifact_prefix="$work/$f/")
    [ -f "tests/fuzz/dict/$seeds.dict" ] && options+=(-dict="tests/fuzz/dict/$seeds.dict")
    rc=0
    # stdin from /dev/null: nothing a fuzzer reads may wait for a terminal.
    "$build/tests/fuzz/$f" "${options[@]}" "$work/$f/corpus" </dev/null >"$work/$f/log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$f/log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$f/log" | tail -1)
    if [ "$rc" -eq 0 ]; then
        printf '%-20s ok      %10s executions in %ss (%s/s)\n' "$f" "${execs:-?}" "$seconds" "${rate:-?}"
    else
        printf '%-20s FAILED  after %s executions (exit %s); log: %s\n' "$f" "${execs:-?}" "$rc" "$work/$f/log"
        grep -E -A30 '^==[0-9]+==ERROR|runtime error|property violated|ALARM|out-of-memory|leak' "$work/$f/log" | head -60 >&2 || true
        ls "$work/$f"/crash-* "$work/$f"/leak-* "$work/$f"/timeout-* "$work/$f"/oom-* 2>/dev/null >&2 || true
        failed+=("$f")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "tidemark: fuzzers failed: ${failed[*]}" >&2
    echo "HINT: reproduce with $build/tests/fuzz/FUZZER ARTIFACT; minimise with -minimize_crash=1 -runs=100000." >&2
    exit 1
fi
