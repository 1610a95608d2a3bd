#!/usr/bin/env bash
# Snapshots streamed from LMDB read views (issue 14), on a Tidemark node of
# TIDEMARK_BENCH_SNAPSHOT_MIB MiB (default 1600) in TIDEMARK_BENCH_SNAPSHOT_SHARDS hourly shards
# (default 8), string and float fields:
#  - time to first byte: from the start of `tidemark-cli backup --json` to its first progress
#    event with bytes received (page cache dropped first);
#  - the full backup's time (page cache dropped before each, order alternated, median of
#    TIDEMARK_BENCH_REPS);
#  - peak extra disk on the node during a full backup: the node's [data] dir (with any staging
#    in it), sampled every 20 ms, minus its size before;
#  - a writer's throughput (bench_ingest, 2 connections) alone and during back-to-back full
#    backups, and how much the node's files grew meanwhile.
# TIDEMARK_BENCH_SNAPSHOT_LOOP_DIR=DIR puts the chains of the back-to-back backups there (e.g.
# /dev/shm: the client's writes then leave the node's disk alone, as a client on another machine
# would). TIDEMARK_BENCH_SNAPSHOT_STEPS="backup writer" chooses the parts (default both).
# With TIDEMARK_BENCH_OLD_BIN=DIR (tidemarkd and tidemark-cli of a build from before, e.g. commit
# 2719153, which staged every file on the node), each step also runs with those binaries on the
# same data directory, and the ratios compare the two.
# Usage: bash tests/bench/snapshot.sh
set -euo pipefail
bench_untimed=0
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_setup 0

size=${TIDEMARK_BENCH_SNAPSHOT_MIB:-1600}
shards=${TIDEMARK_BENCH_SNAPSHOT_SHARDS:-8}
old=${TIDEMARK_BENCH_OLD_BIN:-}
new_tmd=$tmd
new_cli=$cli
if [ -n "$old" ]; then
    [ -x "$old/tidemarkd" ] && [ -x "$old/tidemark-cli" ] || die "TIDEMARK_BENCH_OLD_BIN=$old lacks tidemarkd or tidemark-cli"
fi

tm_conf node
# Both versions run on this config: the older one knows no max-duration (the default stays).
sed -i '/^max-duration = /d' "$scratch/node.conf"
tm_start node
note "loading the node to $size MiB in $shards hourly shards (untimed)"
fill tidemark node "$size" "$shards" 200
data_bytes=$(node_bytes tidemark node)
note "node: $(mib "$data_bytes") MiB"
node_stop node

# use VERSION: which binaries the next steps run (new or old).
use() {
    if [ "$1" = old ]; then tmd="$old/tidemarkd"; cli="$old/tidemark-cli"; else tmd=$new_tmd; cli=$new_cli; fi
}

# backup_once VERSION: one timed full backup with TTFB and peak extra disk on the node.
backup_once() {
    local v=$1 chain="$scratch/chain-$1" sampler t0 first
    use "$v"
    tm_start node
    rm -f "$chain" "$chain".*
    drop_caches
    # The sampler: the node's data dir every 20 ms (du includes any staging under it).
    (
        while :; do
            bytes_of "$scratch/node/data"
            echo
            sleep 0.02
        done
    ) >"$scratch/t/disk-$v.samples" 2>/dev/null &
    sampler=$!
    bench_pids+=("$sampler") # Stopped on every way out, also when the backup fails.
    t0=$(now)
    "$cli" backup -host "$node_snap" --json "${tm_backup_args[@]}" "$chain" |
        while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done >"$scratch/t/events-$v"
    local t1
    t1=$(now)
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    first=$(awk '/"event":"progress"/ && !/"done":0[,}]/ { print $1; exit }' "$scratch/t/events-$v")
    [ -n "$first" ] || die "no progress event with bytes in the $v backup"
    awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.3f\n", b - a }' >>"$scratch/t/ttfb-$v"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$scratch/t/backup-$v"
    sort -n "$scratch/t/disk-$v.samples" | tail -n 1 | awk -v d="$data_bytes" '{ printf "%.0f\n", $1 - d }' >>"$scratch/t/extra-$v"
    printf '   %-10s backup %6.2f s, first byte after %5.3f s, extra disk on the node %s MiB\n' "$v" \
        "$(tail -n 1 "$scratch/t/backup-$v")" "$(tail -n 1 "$scratch/t/ttfb-$v")" "$(mib "$(tail -n 1 "$scratch/t/extra-$v")")"
    node_stop node
    rm -f "$chain" "$chain".*
}
step_new() { backup_once new; }
step_old() { backup_once old; }

steps=${TIDEMARK_BENCH_SNAPSHOT_STEPS:-backup writer}
if [[ " $steps " == *" backup "* ]]; then
    note "full backups: time to first byte, total time, extra disk on the node"
    if [ -n "$old" ]; then alternate step_new step_old; else alternate step_new; fi
fi

# ingest_run VERSION LABEL LOOP: bench_ingest for a fixed number of points into new shards; with
# LOOP=plain or LOOP=nice, full backups run back to back meanwhile (the client at nice 0, or at
# nice 10 as a cron job of an operator who puts writers first); records points/s and file growth.
# A node that dies on the way is recorded as a crash (the staging version did, on this machine).
loop_chain="${TIDEMARK_BENCH_SNAPSHOT_LOOP_DIR:-$scratch}/tidemark-bench-loop-$$"
ingest_round=0
ingest_run() {
    local v=$1 label=$2 loop=$3 looper='' before after
    use "$v"
    tm_start node
    before=$(bytes_of "$scratch/node/data")
    rm -f "$scratch/stop-loop"
    if [ "$loop" != none ]; then
        local niceness=0
        [ "$loop" = nice ] && niceness=10
        (
            while [ ! -e "$scratch/stop-loop" ]; do
                nice -n "$niceness" "$cli" backup -host "$node_snap" "${tm_backup_args[@]}" "$loop_chain" >/dev/null 2>&1 || true
                rm -f "$loop_chain" "$loop_chain".*
            done
        ) &
        looper=$!
        sleep 1
    fi
    ingest_round=$((ingest_round + 1))
    local ok=1
    "$ingest" --url "$node_url" --points 600000 --batch 5000 --parallel 2 --series 500 \
        --series-offset $((100000 + ingest_round * 1000)) --seed $((ingest_round + 99)) \
        --start $((t0_epoch + 86400 * (10 + ingest_round))) --span 3600 >"$scratch/t/ingest.out" 2>&1 || ok=0
    if [ -n "$looper" ]; then
        touch "$scratch/stop-loop" # The backup under way ends, then the loop.
        wait "$looper" 2>/dev/null || true
    fi
    if [ "$ok" = 0 ] || ! kill -0 "$node_pid" 2>/dev/null; then
        echo "crash" >>"$scratch/t/crash-$v-$label"
        printf '   %-4s %-22s the node died (see %s); restarting it for the next step\n' "$v" "$label" "$scratch/node.log"
        cp "$scratch/node.log" "$scratch/node-crash-$v-$label-$ingest_round.log"
        node_stop node 2>/dev/null || true
        return 0
    fi
    after=$(bytes_of "$scratch/node/data")
    awk '/^points_per_second/ { print $2 }' "$scratch/t/ingest.out" >>"$scratch/t/pps-$v-$label"
    printf '   %-4s %-22s %8s points/s, node files grew %s MiB\n' "$v" "$label" \
        "$(tail -n 1 "$scratch/t/pps-$v-$label")" "$(mib $((after - before)))"
    node_stop node
}
w_alone_new() { ingest_run new alone none; }
w_busy_new() { ingest_run new during-backups plain; }
w_nice_new() { ingest_run new during-nice-backups nice; }
w_alone_old() { ingest_run old alone none; }
w_busy_old() { ingest_run old during-backups plain; }
w_nice_old() { ingest_run old during-nice-backups nice; }

steps=${TIDEMARK_BENCH_SNAPSHOT_STEPS:-backup writer}
if [[ " $steps " == *" writer "* ]]; then
    note "writer alone and during back-to-back full backups (warm cache; their chains in $(dirname "$loop_chain"))"
    saved_drop=$drop
    drop=0
    if [ -n "$old" ]; then
        alternate w_alone_new w_busy_new w_nice_new w_alone_old w_busy_old w_nice_old
    else
        alternate w_alone_new w_busy_new w_nice_new
    fi
    drop=$saved_drop
    rm -f "$loop_chain" "$loop_chain".* "$loop_chain".*.tmp
fi

echo
echo "== Results: $(mib "$data_bytes") MiB node, $shards shards, median of $reps"
# median_or NAME: the median, or "-" when nothing was recorded.
median_or() { if [ -s "$scratch/t/$1" ]; then median "$1"; else echo -; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == 0) print "-"; else printf "%.2f", b / a }'; }
for v in new $([ -n "$old" ] && echo old); do
    if [[ " $steps " == *" backup "* ]]; then
        printf '   %-4s time to first byte %s s (%s); full backup %s s (%s); peak extra disk on the node %s MiB (%s%% of the data)\n' \
            "$v" "$(median "ttfb-$v")" "$(runs "ttfb-$v")" "$(median "backup-$v")" "$(runs "backup-$v")" \
            "$(mib "$(sort -n "$scratch/t/extra-$v" | tail -n 1)")" \
            "$(awk -v e="$(sort -n "$scratch/t/extra-$v" | tail -n 1)" -v d="$data_bytes" 'BEGIN { printf "%.1f", 100 * e / d }')"
    fi
    if [[ " $steps " == *" writer "* ]]; then
        alone=$(median_or "pps-$v-alone")
        busy=$(median_or "pps-$v-during-backups")
        niced=$(median_or "pps-$v-during-nice-backups")
        printf '   %-4s writer: %s points/s alone; during back-to-back backups %s (%s), with the client at nice 10 %s (%s); node crashes: %s\n' \
            "$v" "$alone" "$busy" "$(ratio "$alone" "$busy")" "$niced" "$(ratio "$alone" "$niced")" \
            "$(cat "$scratch"/t/crash-"$v"-* 2>/dev/null | wc -l)"
    fi
done
if [ -n "$old" ] && [[ " $steps " == *" backup "* ]]; then
    printf '   full backup, streamed over staged (speed ratio, > 1: faster): %s\n' \
        "$(awk -v n="$(median backup-new)" -v o="$(median backup-old)" 'BEGIN { printf "%.2f", o / n }')"
fi
