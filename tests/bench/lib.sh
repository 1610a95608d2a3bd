# Shared by the backup benchmarks (compare.sh, backup.sh, influx1.sh, scale.sh); sourced, never run.
#
# The protocol every timed step follows (issue 13):
#  - the page cache is dropped before each timed step (`sync; echo 3 > /proc/sys/vm/drop_caches`,
#    which needs root: as another user the scripts refuse, unless TIDEMARK_BENCH_NO_DROP=1, which
#    runs with a warm cache and says so in every table);
#  - each group of steps runs TIDEMARK_BENCH_REPS times (default 3), in the opposite order every
#    other repetition (A B C, then C B A, then A B C), so neither tool always meets the disk and
#    the machine in the same state;
#  - every run's time is printed, then the medians and each ratio as Tidemark's speed over the
#    baseline's speed (> 1: Tidemark is faster);
#  - the baselines that leave data in the page cache are followed by `sync` inside the timed step
#    (Tidemark fsyncs what it writes);
#  - Tidemark's steps run under /usr/bin/time -v for the client's peak RSS.
# shellcheck shell=bash

set -euo pipefail

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$bench_root"
# shellcheck source=scripts/deps.sh
source scripts/deps.sh

build=${TIDEMARK_BENCH_BUILD_DIR:-build-bench}
reps=${TIDEMARK_BENCH_REPS:-3}
# shellcheck disable=SC2034 # used by the scripts that source this
cli="$build/app/tidemark-cli"
tmd="$build/app/tidemarkd"
ingest="$build/tests/bench/bench_ingest"
# Extra arguments for every `tidemark-cli backup` and `restore` (e.g. "--compress-threads 2",
# "--limit-rate 100M"), split on spaces; TIDEMARK_BACKUP_ARGS_INFLUXDB1 and
# TIDEMARK_BACKUP_ARGS_TIDEMARK add arguments for one kind of node only (e.g. "--connections 4"
# for InfluxDB nodes). The zstd steps add --compress "$TIDEMARK_BENCH_ZSTD" (default zstd; e.g.
# zstd:3) last, so it wins over a --compress in these.
read -r -a restore_args <<<"${TIDEMARK_RESTORE_ARGS:-}"
read -r -a ix_backup_args <<<"${TIDEMARK_BACKUP_ARGS:-} ${TIDEMARK_BACKUP_ARGS_INFLUXDB1:-}"
read -r -a tm_backup_args <<<"${TIDEMARK_BACKUP_ARGS:-} ${TIDEMARK_BACKUP_ARGS_TIDEMARK:-}"
# shellcheck disable=SC2034
zstd_arg=${TIDEMARK_BENCH_ZSTD:-zstd}
# Hourly shards on both kinds of node; every node's points start on a week boundary (InfluxDB
# aligns shard groups to the epoch), so N hours of data are exactly N shards.
t0_epoch=1699488000
bench_pids=()
scratch=
declare -A fill_points=() fill_rounds=() # per node name: points written, rounds of bench_ingest

die() {
    echo "bench: $*" >&2
    exit 1
}
note() { echo "== $*"; }

# bench_setup NEEDS_INFLUXD: checks root and the tools, builds the Release tree, makes the scratch
# directory and the traps that stop every process started here and remove the scratch.
bench_setup() {
    tidemark_install_deps
    [ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"
    if [ "${1:-1}" = 1 ] && ! command -v influxd >/dev/null; then
        die "influxd is missing: apt-get install influxdb (InfluxDB 1.6.7, Debian 12), or run only the Tidemark part"
    fi
    case "$reps" in '' | *[!0-9]* | 0) die "TIDEMARK_BENCH_REPS must be a whole number >= 1" ;; esac
    drop=1
    if [ "$(id -u)" -ne 0 ]; then
        if [ "${TIDEMARK_BENCH_NO_DROP:-0}" = 1 ]; then
            drop=0
            echo "bench: WARNING: not root, so the page cache is NOT dropped before the timed steps;" >&2
            echo "bench: WARNING: times are with a warm cache and not comparable to issue 13's protocol" >&2
        else
            die "dropping the page cache before each timed step needs root (sync; echo 3 > /proc/sys/vm/drop_caches).
HINT: run as root, or set TIDEMARK_BENCH_NO_DROP=1 to measure with a warm cache (not issue 13's protocol)"
        fi
    elif ! (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
        die "cannot write /proc/sys/vm/drop_caches (a container without the privilege?); TIDEMARK_BENCH_NO_DROP=1 runs anyway, warm"
    fi
    # InfluxDB keeps several files open per shard; 1,000 shards need more than 1024 descriptors.
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DTIDEMARK_BUILD_TESTS=ON >/dev/null
    cmake --build "$build" -j2 --target tidemarkd tidemark-cli bench_ingest >/dev/null
    local base=${TIDEMARK_BENCH_DIR:-/tmp}
    mkdir -p "$base"
    scratch=$(mktemp -d "$base/tidemark-bench.XXXXXX")
    mkdir -p "$scratch/t"
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    echo "bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(awk '/MemTotal/ { printf "%d", $2 / 1048576 }' /proc/meminfo) GiB," \
        "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), scratch $scratch," \
        "$([ "${bench_untimed:-0}" = 1 ] && echo "sizes and writer throughput, not under the timing protocol," || echo "$reps repetitions,")" \
        "page cache $([ "$drop" = 1 ] && echo "dropped before each timed step" || echo "NOT dropped (warm)")"
    [ ${#ix_backup_args[@]} -eq 0 ] || echo "bench: extra backup arguments, InfluxDB nodes: ${ix_backup_args[*]}"
    [ ${#tm_backup_args[@]} -eq 0 ] || echo "bench: extra backup arguments, Tidemark nodes: ${tm_backup_args[*]}"
    [ ${#restore_args[@]} -eq 0 ] || echo "bench: extra restore arguments: ${restore_args[*]}"
}

bench_cleanup() {
    local pid
    for pid in "${bench_pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${bench_pids[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "$scratch" ] && [ -d "$scratch" ]; then
        if [ "${TIDEMARK_BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $scratch" >&2; else rm -rf "$scratch"; fi
    fi
}

forget_pid() { # PID: no longer ours to stop
    local keep=() p
    for p in "${bench_pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    bench_pids=("${keep[@]+"${keep[@]}"}")
}

stop_pid() { # PID: SIGTERM, wait up to 30 s, then SIGKILL
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
bytes_of() { du -sb "$@" | awk '{ s += $1 } END { printf "%.0f", s }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }

drop_caches() {
    sync
    if [ "$drop" = 1 ]; then echo 3 >/proc/sys/vm/drop_caches; fi
}

# ---- timing -----------------------------------------------------------------------------------

# timed NAME [synced] CMD...: drops the page cache, runs CMD under /usr/bin/time -v, records its
# seconds in $scratch/t/NAME and its peak RSS in $scratch/t/NAME.rss, prints one line. With
# `synced`, CMD and then `sync` are timed together (for baselines that leave their writes in the
# page cache; Tidemark fsyncs what it writes).
timed() {
    local name=$1 t0 t1 s rss
    shift
    if [ "$1" = synced ]; then
        shift
        # shellcheck disable=SC2016 # expanded by the inner bash
        set -- bash -c '"$@" && sync' synced "$@"
    fi
    drop_caches
    t0=$(now)
    if ! /usr/bin/time -v -o "$scratch/t/$name.time" "$@" >"$scratch/t/$name.out" 2>&1; then
        echo "bench: step $name failed: $*" >&2
        tail -n 20 "$scratch/t/$name.out" >&2
        exit 1
    fi
    t1=$(now)
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%d", $2 / 1024 }' "$scratch/t/$name.time")
    echo "$s" >>"$scratch/t/$name"
    echo "$rss" >>"$scratch/t/$name.rss"
    printf '   %-22s %7.2f s\n' "$name" "$s"
}


median() { # NAME: median of the recorded values
    sort -g "$scratch/t/$1" | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
runs() { awk '{ printf "%s%.2f", (NR > 1 ? "/" : ""), $1 }' "$scratch/t/$1"; } # NAME: "1.23/1.30/1.25"
peak_rss() { sort -n "$scratch/t/$1.rss" | tail -n 1; }                           # NAME: MiB, the highest run
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }      # BYTES SECONDS: MiB/s

# alternate STEP...: runs the steps (shell functions) $reps times, reversing the order every
# other repetition.
alternate() {
    local r i steps=("$@")
    for r in $(seq "$reps"); do
        echo "   -- repetition $r of $reps"
        if [ $((r % 2)) -eq 1 ]; then
            for i in "${steps[@]}"; do "$i"; done
        else
            for ((i = ${#steps[@]} - 1; i >= 0; i--)); do "${steps[$i]}"; done
        fi
    done
}

# ---- nodes ------------------------------------------------------------------------------------

# tm_conf NAME: a tidemarkd config with hourly shards at $scratch/NAME.conf, data in $scratch/NAME.
tm_conf() {
    unset 'fill_points[$1]' 'fill_rounds[$1]'
    "$tmd" config -dir "$scratch/$1" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 |
        sed 's/^shard-group-duration = .*/shard-group-duration = "1h"/' >"$scratch/$1.conf"
}

# tm_start NAME: starts tidemarkd on its config; sets NAME_url, NAME_snap and NAME_pid.
tm_start() {
    local log="$scratch/$1.log" pid http snap
    : >"$log"
    "$tmd" -config "$scratch/$1.conf" 2>"$log" &
    pid=$!
    bench_pids+=("$pid")
    for _ in $(seq 300); do grep -q "listening for snapshots" "$log" && break; sleep 0.1; done
    grep -q "listening for snapshots" "$log" || { cat "$log" >&2; die "tidemarkd $1 did not start"; }
    http=$(sed -n 's/.*listening for HTTP on [^ ]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    snap=$(sed -n 's/.*listening for snapshots on [^ ]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    printf -v "$1_url" 'http://127.0.0.1:%s' "$http"
    printf -v "$1_snap" '127.0.0.1:%s' "$snap"
    printf -v "$1_pid" '%s' "$pid"
}

# ix_conf NAME: an influxd config with free loopback ports at $scratch/NAME.conf; sets NAME_url
# and NAME_snap. Caches are snapshotted and shards fully compacted soon after writes stop, so a
# loaded node settles (ix_settle) into the state of a node at rest before anything is timed; a
# larger cache limit keeps 4 writers of 8 MB batches from being refused while one shard snapshots.
ix_conf() {
    local http snap
    unset 'fill_points[$1]' 'fill_rounds[$1]'
    http=$(free_port)
    snap=$(free_port)
    mkdir -p "$scratch/$1/meta" "$scratch/$1/data" "$scratch/$1/wal"
    cat >"$scratch/$1.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$snap"
[meta]
  dir = "$scratch/$1/meta"
[data]
  dir = "$scratch/$1/data"
  wal-dir = "$scratch/$1/wal"
  query-log-enabled = false
  cache-max-memory-size = "4g"
  cache-snapshot-write-cold-duration = "2s"
  compact-full-write-cold-duration = "3s"
  max-series-per-database = 0
  max-values-per-tag = 0
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$http"
  log-enabled = false
  max-body-size = 0
[logging]
  level = "warn"
EOF
    printf -v "$1_url" 'http://127.0.0.1:%s' "$http"
    printf -v "$1_snap" '127.0.0.1:%s' "$snap"
}

ix_start() { # NAME: sets NAME_pid
    local url_var="$1_url" pid
    influxd run -config "$scratch/$1.conf" >>"$scratch/$1.log" 2>&1 &
    pid=$!
    bench_pids+=("$pid")
    printf -v "$1_pid" '%s' "$pid"
    for _ in $(seq 600); do
        curl -sf "${!url_var}/ping" >/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    tail -n 20 "$scratch/$1.log" >&2
    die "influxd $1 did not start; see $scratch/$1.log"
}

node_stop() { # NAME (either kind)
    local pid_var="$1_pid"
    stop_pid "${!pid_var}"
}

# ix_settle NAME: waits (at most 10 min) until influxd has snapshotted its caches and compacted:
# no WAL segment with data, no compaction temp file, and the file list unchanged for 4 s.
ix_settle() {
    local dir="$scratch/$1" last='' cur stable=0
    for _ in $(seq 600); do
        # Files come and go while influxd compacts: find may miss one and say so; the next poll sees.
        cur=$({ find "$dir/data" "$dir/wal" -type f -printf '%p %s\n' 2>/dev/null || true; } | sort | md5sum)
        if [ "$cur" = "$last" ] && ! { find "$dir/data" -name '*.tmp' 2>/dev/null || true; } | grep -q . &&
            ! { find "$dir/wal" -name '*.wal' -size +0 2>/dev/null || true; } | grep -q .; then
            stable=$((stable + 1))
            [ "$stable" -ge 4 ] && return 0
        else
            stable=0
        fi
        last=$cur
        sleep 1
    done
    echo "bench: influxd $1 still compacting after 10 min; measuring anyway" >&2
}

ix_count() { # NAME: points in bench (an online restore may take a moment to load its shards)
    local url_var="$1_url" n=
    for _ in $(seq 100); do
        n=$(curl -sG "${!url_var}/query" --data-urlencode db=bench --data-urlencode 'q=SELECT count(f0) FROM bench' |
            sed -n 's/.*"values":\[\["[^"]*",\([0-9]*\)\]\].*/\1/p')
        [ -n "$n" ] && break
        sleep 0.3
    done
    echo "${n:-none}"
}

# node_bytes KIND NAME: what the node holds on disk: InfluxDB: data (without the series file,
# 32 MiB of preallocated segments that no backup copies) + WAL; Tidemark: [data] dir.
node_bytes() {
    if [ "$1" = influxdb1 ]; then
        { du -sb --exclude=_series "$scratch/$2/data" "$scratch/$2/wal" 2>/dev/null || true; } | awk '{ s += $1 } END { printf "%.0f", s }'
    else
        bytes_of "$scratch/$2/data"
    fi
}

# fill KIND NAME MIB HOURS STRING_BYTES: writes points into the running node NAME until it holds
# at least MIB MiB, spread evenly over HOURS hourly shards; 5 fields per point (3 float, 2
# integer) and, with STRING_BYTES > 0, a string field of that many random (incompressible)
# characters. Large batches, several requests in flight; every round writes up to 1000 new series,
# so nothing is overwritten and a node can be filled again to a larger size. Untimed.
fill() {
    local kind=$1 name=$2 want=$(($3 * 1048576)) hours=$4 sb=$5 url_var="$2_url" line bpp have points batch
    local parallel max_points series round=${fill_rounds[$2]:-0} total=${fill_points[$2]:-0} t0
    t0=$(now)
    line=$((120 + sb))
    # First guess of the bytes on disk per point (measured on this machine kind), then measured.
    if [ "$kind" = influxdb1 ]; then bpp=$((30 + sb * 5 / 4)); parallel=4; else bpp=$((230 + sb * 2)); parallel=2; fi
    batch=$((8000000 / line))
    [ "$batch" -le 20000 ] || batch=20000
    # bench_ingest holds a round's line protocol in memory: at most ~768 MiB (few rounds: InfluxDB
    # compacts each shard whole after every round).
    max_points=$((768 * 1048576 / line))
    if [ "$kind" = influxdb1 ] && [ "$round" -eq 0 ]; then
        curl -sSf -XPOST "${!url_var}/query" --data-urlencode 'q=CREATE DATABASE bench WITH SHARD DURATION 1h' >/dev/null
    fi
    have=$(node_bytes "$kind" "$name")
    [ "$total" -eq 0 ] || bpp=$((have / total + 1))
    # FILL_SLACK percent short of MIB is close enough (default 3): every later round touches every
    # shard, and InfluxDB then compacts every shard again (minutes for 1,000 shards), while its
    # compactions can keep a node just short of an exact size for round after round.
    while [ "$have" -lt $((want * (100 - ${FILL_SLACK:-3}) / 100)) ]; do
        points=$(((want - have) / bpp + 1))
        [ "$total" -eq 0 ] || points=$((points + points / 20)) # a little over, or the last round is a short one
        [ "$points" -le "$max_points" ] || points=$max_points
        [ "$points" -ge 1000 ] || points=1000
        # At least 4 points per series and shard, so every hour gets points.
        series=$((points / (4 * hours)))
        [ "$series" -le 1000 ] || series=1000
        [ "$series" -ge 1 ] || series=1
        "$ingest" --url "${!url_var}" --points "$points" --batch "$batch" --parallel "$parallel" --series "$series" \
            --series-offset $((round * 1000)) --seed $((round + 7)) --start "$t0_epoch" --span $((hours * 3600)) \
            --string-bytes "$sb" --random-strings >"$scratch/fill.out" 2>&1 ||
            { cat "$scratch/fill.out" >&2; die "loading $name failed"; }
        total=$((total + points))
        round=$((round + 1))
        local t1 t2
        t1=$(now)
        [ "$kind" != influxdb1 ] || ix_settle "$name"
        t2=$(now)
        local before=$have
        have=$(node_bytes "$kind" "$name")
        echo "   round $round: $points points, $(awk '/^seconds/ { printf "%.0f", $2 }' "$scratch/fill.out") s writing," \
            "$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.0f", b - a }') s settling; $(mib "$have") MiB"
        # Bytes per point of this round (the first round also pays each shard's fixed cost).
        [ "$have" -le "$before" ] || bpp=$(((have - before) / points + 1))
        [ "$round" -lt 50 ] || die "could not fill $name to $3 MiB"
    done
    fill_points[$name]=$total
    fill_rounds[$name]=$round
    echo "   $name: $(mib "$have") MiB on disk, $total points in $hours hourly shards, string field $sb bytes" \
        "(loaded in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s)"
}
