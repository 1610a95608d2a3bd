#!/usr/bin/env bash
# InfluxDB 1.x benchmark: Tidemark beside influxd's own backup and restore, on the same node and
# disk, in the same run (Debian's influxd 1.6.7 on loopback ports):
#  1. full backup: tidemark-cli backup --kind influxdb1 vs influxd backup -portable and the legacy
#     influxd backup -database (ratio = influxd seconds / tidemark seconds; > 1 means faster);
#  2. incremental after 1% new data: tidemark vs influxd backup -portable -since;
#  3. restore of the full backup into an empty node: tidemark-cli restore (offline, every checksum
#     checked, fsynced, swapped) vs influxd restore -portable (online) and the legacy offline
#     influxd restore -metadir -datadir; each restored node is started and counted;
#  4. client peak RSS of the tidemark backup and restore (/usr/bin/time -v).
# influxd's backups and offline restore are followed by `sync` (Tidemark fsyncs what it writes:
# a backup is not safe before it is on disk).
# Usage: bash tests/bench/influx1.sh [POINTS]   (default 6000000 points of 5 random float fields)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/deps.sh
tidemark_install_deps
points=${1:-6000000}
build=${TIDEMARK_BENCH_BUILD_DIR:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(tidemark_jobs)" --target tidemark-cli bench_ingest >/dev/null
cli="$build/app/tidemark-cli"
ingest="$build/tests/bench/bench_ingest"
scratch=$(mktemp -d "${TIDEMARK_BENCH_DIR:-/tmp}/tidemark-influx-bench.XXXXXX")
cleanup() { local pids; pids=$(jobs -p); [ -z "$pids" ] || kill $pids 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
trap 'echo "tidemark: failed at line $LINENO; see $scratch" >&2; cat "$scratch"/*.time "$scratch"/*.log 2>/dev/null | tail -n 20 >&2' ERR
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
rss_mib() { awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%d", $2 / 1024 }' "$1"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# node NAME: writes $scratch/NAME.conf with free loopback ports; sets NAME_http and NAME_snap.
node() {
    local http snap
    http=$(free_port)
    snap=$(free_port)
    cat >"$scratch/$1.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$snap"
[meta]
  dir = "$scratch/$1/meta"
[data]
  dir = "$scratch/$1/data"
  wal-dir = "$scratch/$1/wal"
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$http"
  log-enabled = false
[logging]
  level = "warn"
EOF
    printf -v "$1_http" '%s' "$http"
    printf -v "$1_snap" '%s' "$snap"
}
start() { # NAME
    influxd run -config "$scratch/$1.conf" >>"$scratch/$1.log" 2>&1 &
    printf -v "$1_pid" '%s' "$!"
    local port_var="$1_http"
    for _ in $(seq 300); do
        curl -sf "http://127.0.0.1:${!port_var}/ping" >/dev/null && return 0
        sleep 0.1
    done
    echo "influxd $1 did not start; see $scratch/$1.log" >&2
    exit 1
}
stop() { # NAME
    local pid_var="$1_pid"
    kill -TERM "${!pid_var}"
    wait "${!pid_var}" 2>/dev/null || true
}
count() { # NAME: the points in bench (an online restore may take a moment to load its shards)
    local port_var="$1_http" n=
    for _ in $(seq 50); do
        n=$(curl -sG "http://127.0.0.1:${!port_var}/query" --data-urlencode db=bench --data-urlencode 'q=SELECT count(f0) FROM bench' |
            sed -n 's/.*"values":\[\["[^"]*",\([0-9]*\)\]\].*/\1/p')
        [ -n "$n" ] && break
        sleep 0.2
    done
    echo "${n:-none}"
}
size_mib() { du -sb "$1" | awk '{ printf "%.0f", $1 / 1048576 }'; }

node a
start a
curl -sS -XPOST "http://127.0.0.1:$a_http/query" --data-urlencode 'q=CREATE DATABASE bench' >/dev/null
echo "== loading $points points into influxd"
"$ingest" --url "http://127.0.0.1:$a_http" --points "$points" --interval 60 | grep points_per_second
expected=$(count a)
echo "points stored: $expected"

echo "== full backups"
t0=$(now)
/usr/bin/time -v "$cli" backup --kind influxdb1 -host "127.0.0.1:$a_snap" "$scratch/chain" >"$scratch/tm-full.out" 2>"$scratch/tm-full.time"
t1=$(now)
tm_full=$(secs "$t0" "$t1")
cat "$scratch/tm-full.out"
data_bytes=$(du -sb "$scratch/a/data" | cut -f1)
t0=$(now)
influxd backup -portable -host "127.0.0.1:$a_snap" "$scratch/portable" >/dev/null 2>&1
sync -f "$scratch/portable"
t1=$(now)
ix_portable=$(secs "$t0" "$t1")
t0=$(now)
influxd backup -database bench -host "127.0.0.1:$a_snap" "$scratch/legacy" >/dev/null 2>&1
sync -f "$scratch/legacy"
t1=$(now)
ix_legacy=$(secs "$t0" "$t1")

echo "== incremental after 1% new data"
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
"$ingest" --url "http://127.0.0.1:$a_http" --points $((points / 100)) --interval 60 --start 1800000000 >/dev/null
t0=$(now)
"$cli" backup --kind influxdb1 -host "127.0.0.1:$a_snap" "$scratch/chain" >"$scratch/tm-incr.out"
t1=$(now)
tm_incr=$(secs "$t0" "$t1")
cat "$scratch/tm-incr.out"
t0=$(now)
influxd backup -portable -since "$since" -host "127.0.0.1:$a_snap" "$scratch/portable-incr" >/dev/null 2>&1
sync -f "$scratch/portable-incr"
t1=$(now)
ix_incr=$(secs "$t0" "$t1")
tm_incr_bytes=$(stat -c %s "$scratch/chain.0")
ix_incr_bytes=$(du -sb "$scratch/portable-incr" | cut -f1)
stop a

echo "== restores of the full backup into an empty node"
node b
start b
stop b
t0=$(now)
/usr/bin/time -v "$cli" restore -config "$scratch/b.conf" "$scratch/chain" --upto -1 --owner "$(id -un)" --yes >"$scratch/tm-restore.out" 2>"$scratch/tm-restore.time"
t1=$(now)
tm_restore=$(secs "$t0" "$t1")
tail -n 2 "$scratch/tm-restore.out"
start b
tm_count=$(count b)
stop b

node c
start c
t0=$(now)
influxd restore -portable -host "127.0.0.1:$c_snap" "$scratch/portable" >/dev/null 2>&1
t1=$(now)
ix_restore=$(secs "$t0" "$t1")
ix_count=$(count c)
stop c

node d
start d
stop d
t0=$(now)
influxd restore -metadir "$scratch/d/meta" -datadir "$scratch/d/data" -database bench "$scratch/legacy" >/dev/null 2>&1
sync -f "$scratch/d/data"
t1=$(now)
ix_legacy_restore=$(secs "$t0" "$t1")
start d
legacy_count=$(count d)
stop d

echo
echo "| measure | tidemark | influxd | influxd s / tidemark s |"
echo "| --- | --- | --- | --- |"
echo "| node data (TSM + WAL + index) | $((data_bytes / 1048576)) MiB, $expected points | | |"
echo "| full backup vs backup -portable | ${tm_full} s, $(size_mib "$scratch/chain") MiB | ${ix_portable} s, $(size_mib "$scratch/portable") MiB | $(ratio "$ix_portable" "$tm_full") |"
echo "| full backup vs legacy backup -database | ${tm_full} s | ${ix_legacy} s, $(size_mib "$scratch/legacy") MiB | $(ratio "$ix_legacy" "$tm_full") |"
echo "| incremental after 1% vs backup -portable -since | ${tm_incr} s, $((tm_incr_bytes / 1024)) KiB | ${ix_incr} s, $((ix_incr_bytes / 1024)) KiB | $(ratio "$ix_incr" "$tm_incr") |"
echo "| restore vs restore -portable (online) | ${tm_restore} s, $tm_count points | ${ix_restore} s, $ix_count points | $(ratio "$ix_restore" "$tm_restore") |"
echo "| restore vs legacy offline restore | ${tm_restore} s | ${ix_legacy_restore} s, $legacy_count points | $(ratio "$ix_legacy_restore" "$tm_restore") |"
echo "| tidemark peak RSS backup / restore | $(rss_mib "$scratch/tm-full.time") MiB / $(rss_mib "$scratch/tm-restore.time") MiB | | |"
