#!/usr/bin/env bash
# Issue 19: incrementals that stay small.
#  1. Tidemark node, one shard of TIDEMARK_BENCH_BLOCKS_MIB (1024) MiB, 1000 series over 23 hours
#     of the shard's day: full backup, then 1% new points spread over the same 1000 series after
#     the ones there (the next 20 minutes), incremental: its bytes against the full's (goal <= 5%);
#     then the same again with --whole-files (every changed file whole, as before block links),
#     once more as a block link, and once with 1% *late* points (times among the ones there, so
#     written into the middle of every series); the chain restored and its `inspect` digest
#     compared with the source's; restore time against the same state as one whole full.
#  2. InfluxDB 1.6.7 node of TIDEMARK_BENCH_BLOCKS_IX_MIB (512) MiB in 8 hourly shards: full
#     backup, 1% new data spread over every shard, the node left to compact every shard fully,
#     incremental: its bytes against the full's, beside `influxd backup -portable -since`; and of
#     the TSM files after compaction, how many bytes are blocks the files before held byte for
#     byte (tsm_blocks.py): what a link of TSM block references would store.
# Sizes, not the timing protocol (one run, warm cache).
# Usage: bash tests/bench/blocks.sh   (TIDEMARK_BENCH_KINDS="tidemark influxdb1")
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

tm_mib=${TIDEMARK_BENCH_BLOCKS_MIB:-1024}
ix_mib=${TIDEMARK_BENCH_BLOCKS_IX_MIB:-512}
kinds=${TIDEMARK_BENCH_KINDS:-tidemark influxdb1}
needs_influxd=0
case " $kinds " in *" influxdb1 "*) needs_influxd=1 ;; esac
bench_untimed=1
bench_setup "$needs_influxd"
src_snap='' src_url='' # set by tm_start and ix_conf (printf -v)
rows=()
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f MiB = %.2f%% of the full (%.0f MiB)", a / 1048576, 100 * a / b, b / 1048576 }'; }
digest() { "$tmd" inspect -config "$1" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])'; }
one_percent() { # KIND POINTS SEED START SPAN: 1% new points over the first 1000 series, from t0 + START seconds over SPAN
    "$ingest" --url "$src_url" --points "$2" --series 1000 --series-offset 0 --seed "$3" \
        --start $((t0_epoch + $4)) --span "$5" >/dev/null
}

for kind in $kinds; do
    if [ "$kind" = tidemark ]; then
        note "tidemark: one shard of $tm_mib MiB, incrementals after 1% new points"
        # One day, one shard (tidemarkd's default 24h shard groups; t0 is a day boundary).
        "$tmd" config -dir "$scratch/src" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 >"$scratch/src.conf"
        tm_start src
        fill tidemark src "$tm_mib" 23 0
        "$cli" backup -host "$src_snap" "${tm_backup_args[@]}" "$scratch/chain" | tail -n 1
        full=$(bytes_of "$scratch/chain")
        p=$((fill_points[src] / 100))
        n=0
        for step in blocks whole blocks late; do
            if [ "$step" = late ]; then
                one_percent tidemark "$p" 44 0 $((23 * 3600))
            else
                one_percent tidemark "$p" $((40 + n)) $((23 * 3600 + n * 1200)) 1200
            fi
            extra=()
            [ "$step" != whole ] || extra=(--whole-files)
            t=$(now)
            "$cli" backup -host "$src_snap" "${tm_backup_args[@]}" "${extra[@]}" "$scratch/chain" | tail -n 1
            secs=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
            rows+=("| tidemark: incremental $n ($step) after 1% new points | $(pct "$(bytes_of "$scratch/chain.$n")" "$full"), $secs s |")
            n=$((n + 1))
        done
        node_stop src
        src_digest=$(digest "$scratch/src.conf")
        "$tmd" config -dir "$scratch/dst" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 >"$scratch/dst.conf"
        t=$(now)
        "$cli" restore -config "$scratch/dst.conf" --owner "$(id -un)" --yes "$scratch/chain" >/dev/null
        secs=$(awk -v a="$t" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
        d=$(digest "$scratch/dst.conf")
        [ "$d" = "$src_digest" ] || die "the restored node's digest $d differs from the source's $src_digest"
        # The same state as whole files: a synthetic full of the chain.
        "$cli" consolidate "$scratch/chain" "$scratch/whole" >/dev/null
        rm -rf "$scratch/dst"
        t2=$(now)
        "$cli" restore -config "$scratch/dst.conf" --owner "$(id -un)" --yes "$scratch/whole" >/dev/null
        secs2=$(awk -v a="$t2" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
        [ "$(digest "$scratch/dst.conf")" = "$src_digest" ] || die "the consolidated chain restored to another digest"
        rows+=("| tidemark: restore of the chain (full + 4 incrementals, 3 of them block links) | $secs s (digest equal to the source's); the same state as one whole full: $secs2 s |")
        rm -rf "$scratch/src" "$scratch/dst" "$scratch"/chain* "$scratch"/whole*
    else
        note "influxdb1: $ix_mib MiB in 8 hourly shards, 1% new data, then full compactions"
        ix_conf src && ix_start src
        fill influxdb1 src "$ix_mib" 8 0
        "$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" "$scratch/chain" | tail -n 1
        cp -r "$scratch/src/data" "$scratch/before"
        since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
        sleep 1
        one_percent influxdb1 $((fill_points[src] / 100)) 41 0 $((8 * 3600))
        ix_settle src
        cp -r "$scratch/src/data" "$scratch/after"
        "$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" "$scratch/chain" | tail -n 1
        influxd backup -portable -since "$since" -host "$src_snap" "$scratch/portable-incr" >/dev/null 2>&1
        full=$(bytes_of "$scratch/chain")
        rows+=("| influxdb1: incremental after 1% new data and full compactions | $(pct "$(bytes_of "$scratch/chain.0")" "$full"); influxd backup -portable -since: $(mib "$(bytes_of "$scratch/portable-incr")") MiB |")
        survival=$(python3 "$(dirname "$0")/tsm_blocks.py" "$scratch/before" "$scratch/after")
        rows+=("| influxdb1: TSM blocks after compaction held byte for byte before | $survival |")
        node_stop src
        rm -rf "$scratch/src" "$scratch/before" "$scratch/after" "$scratch"/chain* "$scratch/portable-incr"
    fi
done

echo
echo "| measure | result |"
echo "| --- | --- |"
printf '%s\n' "${rows[@]}"
