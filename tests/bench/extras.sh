#!/usr/bin/env bash
# The measurements of the old backup.sh and influx1.sh that issue 13 does not ask for, kept:
#  1. incremental after 1% new data (in a new time range): its size against the full backup's, for
#     a Tidemark node and an InfluxDB 1.6.7 node (against `influxd backup -portable -since`);
#  2. the writer's throughput on a Tidemark node while backups run back to back, against the same
#     writer alone (>= 80% wanted).
# Nodes of TIDEMARK_BENCH_MIB (384) MiB in 8 hourly shards, 5 number fields per point.
# Usage: bash tests/bench/extras.sh   (TIDEMARK_BENCH_KINDS, TIDEMARK_BACKUP_ARGS... as compare.sh)
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

target_mib=${TIDEMARK_BENCH_MIB:-384}
kinds=${TIDEMARK_BENCH_KINDS:-influxdb1 tidemark}
needs_influxd=0
case " $kinds " in *" influxdb1 "*) needs_influxd=1 ;; esac
bench_untimed=1 # for bench_setup's header: no step here follows the timing protocol
bench_setup "$needs_influxd"
src_snap='' src_url='' # set by tm_start and ix_conf (printf -v)
rows=()

for kind in $kinds; do
    note "$kind: incremental after 1% new data"
    if [ "$kind" = influxdb1 ]; then ix_conf src && ix_start src; else tm_conf src && tm_start src; fi
    fill "$kind" src "$target_mib" 8 0
    args=()
    if [ "$kind" = influxdb1 ]; then args=(--kind influxdb1 "${ix_backup_args[@]}"); else args=("${tm_backup_args[@]}"); fi
    "$cli" backup -host "$src_snap" "${args[@]}" "$scratch/chain" | tail -n 1
    since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    sleep 1
    points=$((fill_points[src] / 100))
    "$ingest" --url "$src_url" --points "$points" --series 1000 --series-offset 900000 \
        --start $((t0_epoch + 100 * 3600)) --span 3600 >/dev/null
    [ "$kind" != influxdb1 ] || ix_settle src
    "$cli" backup -host "$src_snap" "${args[@]}" "$scratch/chain" | tail -n 1
    full=$(bytes_of "$scratch/chain")
    incr=$(bytes_of "$scratch/chain.0")
    row="| $kind: incremental after 1% new data | $(awk -v i="$incr" -v f="$full" 'BEGIN { printf "%.1f MiB = %.1f%% of the full (%.0f MiB)", i / 1048576, 100 * i / f, f / 1048576 }')"
    if [ "$kind" = influxdb1 ]; then
        influxd backup -portable -since "$since" -host "$src_snap" "$scratch/portable-incr" >/dev/null 2>&1
        row+="; influxd backup -portable -since: $(awk -v b="$(bytes_of "$scratch/portable-incr")" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
    fi
    rows+=("$row |")
    if [ "$kind" = tidemark ]; then
        note "tidemark: writer throughput alone and while backups run back to back"
        wpoints=$((fill_points[src] / 4))
        "$ingest" --url "$src_url" --points "$wpoints" --series-offset 910000 --start $((t0_epoch + 200 * 3600)) \
            --span 3600 >"$scratch/w0.out"
        alone=$(awk '/points_per_second/ { print $2 }' "$scratch/w0.out")
        (
            i=0
            while [ ! -e "$scratch/stop" ]; do
                "$cli" backup -host "$src_snap" "${args[@]}" "$scratch/loop$i" >/dev/null 2>&1 || true
                rm -f "$scratch/loop$i"
                i=$((i + 1))
            done
        ) &
        loop_pid=$!
        bench_pids+=("$loop_pid")
        "$ingest" --url "$src_url" --points "$wpoints" --series-offset 920000 --start $((t0_epoch + 300 * 3600)) \
            --span 3600 >"$scratch/w1.out"
        touch "$scratch/stop"
        wait "$loop_pid" || true
        forget_pid "$loop_pid"
        during=$(awk '/points_per_second/ { print $2 }' "$scratch/w1.out")
        rows+=("$(awk -v a="$alone" -v d="$during" 'BEGIN { printf "| tidemark: writer during backups vs alone | %d vs %d points/s = %.0f%% (≥ 80%% wanted) |", d, a, 100 * d / a }')")
    fi
    node_stop src
    rm -rf "$scratch/src" "$scratch"/chain* "$scratch/portable-incr"
done

echo
echo "| measure | result |"
echo "| --- | --- |"
printf '%s\n' "${rows[@]}"
