#!/usr/bin/env bash
# Ingest benchmark: points/s over HTTP with 5000-line batches, and on-disk bytes per value.
# Runs the same load against InfluxDB 1.6 (Debian's influxd) in the same run when it is
# installed, and prints the ratio. Usage: bash tests/bench/ingest.sh [POINTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/deps.sh
tidemark_install_deps
points=${1:-1000000}
build=${TIDEMARK_BENCH_BUILD_DIR:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTIDEMARK_BUILD_TESTS=ON >/dev/null
cmake --build "$build" -j "$(tidemark_jobs)" --target tidemarkd bench_ingest >/dev/null
scratch=$(mktemp -d /tmp/tidemark-bench.XXXXXX)
cleanup() { local pids; pids=$(jobs -p); [ -z "$pids" ] || kill $pids 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT

wait_for_log() { # file pattern
    for _ in $(seq 300); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "timed out waiting for '$2' in $1" >&2
    cat "$1" >&2
    return 1
}

echo "== tidemarkd"
"$build/app/tidemarkd" config -dir "$scratch/tm" -http-bind 127.0.0.1:0 >"$scratch/tm.conf"
"$build/app/tidemarkd" -config "$scratch/tm.conf" 2>"$scratch/tm.log" &
tm_pid=$!
wait_for_log "$scratch/tm.log" "listening for HTTP"
port=$(sed -n 's/.*listening for HTTP on [^ ]*:\([0-9]*\).*/\1/p' "$scratch/tm.log")
"$build/tests/bench/bench_ingest" --url "http://127.0.0.1:$port" --points "$points" | tee "$scratch/tm.out"
kill -TERM $tm_pid
wait $tm_pid || true
tm_rate=$(awk '/points_per_second/ {print $2}' "$scratch/tm.out")
"$build/app/tidemarkd" inspect -config "$scratch/tm.conf" --json >"$scratch/tm.json"
tm_bytes=$(du -sb "$scratch/tm/data" | cut -f1)
tm_bpv=$(awk -v b="$tm_bytes" -v v="$((points * 5))" 'BEGIN { printf "%.1f", b / v }')
echo "tidemarkd: $tm_rate points/s, data dir $tm_bytes bytes = $tm_bpv bytes per value"

if command -v influxd >/dev/null; then
    echo "== influxd $(influxd version 2>/dev/null | head -n 1)"
    mkdir -p "$scratch/influx"
    iport=$((20000 + RANDOM % 20000))
    cat >"$scratch/influx.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((iport + 1))"
[meta]
  dir = "$scratch/influx/meta"
[data]
  dir = "$scratch/influx/data"
  wal-dir = "$scratch/influx/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$iport"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
    influxd -config "$scratch/influx.conf" 2>"$scratch/influx.log" &
    influx_pid=$!
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:$iport/ping" >/dev/null && break; sleep 0.1; done
    "$build/tests/bench/bench_ingest" --url "http://127.0.0.1:$iport" --points "$points" | tee "$scratch/influx.out"
    kill -TERM $influx_pid
    wait $influx_pid || true
    in_rate=$(awk '/points_per_second/ {print $2}' "$scratch/influx.out")
    in_bytes=$(du -sb "$scratch/influx/data" "$scratch/influx/wal" | awk '{s += $1} END {print s}')
    in_bpv=$(awk -v b="$in_bytes" -v v="$((points * 5))" 'BEGIN { printf "%.1f", b / v }')
    echo "influxd: $in_rate points/s, data+wal $in_bytes bytes = $in_bpv bytes per value"
    awk -v a="$tm_rate" -v b="$in_rate" 'BEGIN { printf "ratio tidemarkd/influxd ingest: %.2f\n", a / b }'
else
    echo "(influxd not installed: apt-get install influxdb to measure the baseline in the same run)"
fi
