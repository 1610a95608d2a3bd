#!/usr/bin/env bash
# Issue 13's scale measurement: how the time and the client's peak RSS of `tidemark-cli backup`,
# `verify` and `restore` grow with
#   (a) the node's size: TIDEMARK_SCALE_SIZES MiB ("256 512 1024 2048"), in
#       TIDEMARK_SCALE_SIZE_SHARDS (10) hourly shards; one node per kind, filled up from size to
#       size (so 2 GiB of data are loaded once, not 3.75);
#   (b) the shard count: TIDEMARK_SCALE_SHARDS ("10 100 1000") hourly shards holding the same
#       TIDEMARK_SCALE_SHARD_MIB (512) MiB; a point that (a) already measured (10 shards of 512 MiB)
#       is taken from (a). Goal: 1,000 shards within 1.3x of 10 shards' time.
# for an InfluxDB 1.6.7 node (one database, hourly shard groups) and a Tidemark node (hourly
# shards), points of 5 number fields and a TIDEMARK_SCALE_STRING_BYTES (1000) random string field.
# Protocol (lib.sh): the page cache dropped before each timed step, TIDEMARK_SCALE_REPS (1)
# repetitions of backup, verify, restore; medians in the tables. Each restore is checked once per
# node (InfluxDB: started and counted; Tidemark: `inspect` digest).
#
# Usage: bash tests/bench/scale.sh [sizes] [shards]        (default both parts)
# A short run: TIDEMARK_SCALE_SIZES="32 64" TIDEMARK_SCALE_SHARDS="10 30" TIDEMARK_SCALE_SHARD_MIB=32 \
#   bash tests/bench/scale.sh
# Also: TIDEMARK_BENCH_KINDS ("influxdb1 tidemark"), TIDEMARK_BACKUP_ARGS (and _INFLUXDB1,
#   _TIDEMARK), TIDEMARK_RESTORE_ARGS, TIDEMARK_SCALE_CHECK=0 (no check of the restored nodes),
#   TIDEMARK_BENCH_DIR, TIDEMARK_BENCH_KEEP=1, TIDEMARK_BENCH_NO_DROP=1 (see compare.sh).
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

read -r -a sizes <<<"${TIDEMARK_SCALE_SIZES:-256 512 1024 2048}"
size_shards=${TIDEMARK_SCALE_SIZE_SHARDS:-10}
read -r -a counts <<<"${TIDEMARK_SCALE_SHARDS:-10 100 1000}"
shard_mib=${TIDEMARK_SCALE_SHARD_MIB:-512}
sb=${TIDEMARK_SCALE_STRING_BYTES:-1000}
kinds=${TIDEMARK_BENCH_KINDS:-influxdb1 tidemark}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(sizes shards)
for p in "${parts[@]}"; do case "$p" in sizes | shards) ;; *) die "unknown part '$p' (sizes, shards)" ;; esac; done
for v in "${sizes[@]}" "${counts[@]}" "$size_shards" "$shard_mib" "$sb"; do
    case "$v" in '' | *[!0-9]* | 0) die "sizes, shard counts and string bytes are whole numbers > 0 (got '$v')" ;; esac
done
for k in $kinds; do
    case "$k" in influxdb1 | tidemark) ;; *) die "TIDEMARK_BENCH_KINDS: unknown kind '$k' (influxdb1, tidemark)" ;; esac
done
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n)
mapfile -t counts < <(printf '%s\n' "${counts[@]}" | sort -n)
# One repetition by default: the full run (both parts, both kinds) must fit beside compare.sh in
# about 40 minutes; TIDEMARK_SCALE_REPS=3 for medians.
reps=${TIDEMARK_SCALE_REPS:-1}
needs_influxd=0
case " $kinds " in *" influxdb1 "*) needs_influxd=1 ;; esac
bench_setup "$needs_influxd"
me=$(id -un)
src_snap='' # set by tm_start and ix_conf (printf -v)
declare -A point_bytes=() point_shards=() point_points=()

start_node() { # KIND
    rm -rf "$scratch/src"
    if [ "$1" = influxdb1 ]; then ix_conf src && ix_start src; else tm_conf src && tm_start src; fi
}

# measure KIND KEY: backup, verify and restore of the running node src, $reps times.
measure() {
    local kind=$1 key=$2 r digest n expected=
    point_bytes[$key]=$(node_bytes "$kind" src)
    if [ "$kind" = influxdb1 ]; then
        point_shards[$key]=$(find "$scratch/src/data/bench/autogen" -mindepth 1 -maxdepth 1 -type d | wc -l)
        expected=$(ix_count src)
    else
        point_shards[$key]=$(find "$scratch/src/data/shards" -maxdepth 1 -type f ! -name '*-lock' | wc -l)
        digest=$("$tmd" inspect -config "$scratch/src.conf" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])')
    fi
    point_points[$key]=${fill_points[src]}
    note "$kind, $(mib "${point_bytes[$key]}") MiB in ${point_shards[$key]} shards"
    for r in $(seq "$reps"); do
        echo "   -- repetition $r of $reps"
        rm -f "$scratch"/chain "$scratch"/chain.*
        if [ "$kind" = influxdb1 ]; then
            timed "$key.backup" "$cli" backup --kind influxdb1 -host "$src_snap" "${ix_backup_args[@]}" "$scratch/chain"
        else
            timed "$key.backup" "$cli" backup -host "$src_snap" "${tm_backup_args[@]}" "$scratch/chain"
        fi
        timed "$key.verify" "$cli" verify "$scratch/chain"
        rm -rf "$scratch/dst" "$scratch/dst.conf"
        if [ "$kind" = influxdb1 ]; then ix_conf dst; else tm_conf dst; fi
        timed "$key.restore" "$cli" restore -config "$scratch/dst.conf" "$scratch/chain" --owner "$me" --yes "${restore_args[@]}"
        if [ "$r" = 1 ] && [ "${TIDEMARK_SCALE_CHECK:-1}" = 1 ]; then
            if [ "$kind" = influxdb1 ]; then
                ix_start dst
                n=$(ix_count dst)
                node_stop dst
                [ "$n" = "$expected" ] || die "restore: the restored node holds $n points, not $expected"
            else
                n=$("$tmd" inspect -config "$scratch/dst.conf" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])')
                [ "$n" = "$digest" ] || die "restore: the restored node's digest differs from the source's"
            fi
            echo "   (checked: the restored node holds what the source holds)"
        fi
        rm -rf "$scratch/dst"
    done
    rm -f "$scratch"/chain "$scratch"/chain.*
}

cell() { # KEY STEP: "median s | MiB/s | RSS MiB"
    local m
    m=$(median "$1.$2")
    echo "$m | $(rate "${point_bytes[$1]}" "$m") | $(peak_rss "$1.$2")"
}
per_byte() { # KEY BASEKEY STEP: time per byte relative to BASEKEY's
    awk -v a="$(median "$1.$3")" -v ab="${point_bytes[$1]}" -v b="$(median "$2.$3")" -v bb="${point_bytes[$2]}" \
        'BEGIN { printf "%.2f", (a / ab) / (b / bb) }'
}

for kind in $kinds; do
    if [[ " ${parts[*]} " == *" sizes "* ]]; then
        start_node "$kind"
        for s in "${sizes[@]}"; do
            note "$kind: filling to $s MiB in $size_shards hourly shards"
            fill "$kind" src "$s" "$size_shards" "$sb"
            measure "$kind" "$kind.size$s"
        done
        node_stop src
        rm -rf "$scratch/src"
    fi
    if [[ " ${parts[*]} " == *" shards "* ]]; then
        for c in "${counts[@]}"; do
            key="$kind.shards$c"
            if [ "$c" = "$size_shards" ] && [ -n "${point_bytes[$kind.size$shard_mib]:-}" ]; then
                echo "== $kind: $c shards of $shard_mib MiB: measured above"
                for step in backup verify restore; do
                    cp "$scratch/t/$kind.size$shard_mib.$step" "$scratch/t/$key.$step"
                    cp "$scratch/t/$kind.size$shard_mib.$step.rss" "$scratch/t/$key.$step.rss"
                done
                point_bytes[$key]=${point_bytes[$kind.size$shard_mib]}
                point_shards[$key]=${point_shards[$kind.size$shard_mib]}
                point_points[$key]=${point_points[$kind.size$shard_mib]}
                continue
            fi
            note "$kind: filling a new node to $shard_mib MiB in $c hourly shards"
            start_node "$kind"
            FILL_SLACK=10 fill "$kind" src "$shard_mib" "$c" "$sb" # times are compared per byte
            measure "$kind" "$key"
            node_stop src
            rm -rf "$scratch/src"
        done
    fi
done

note "results (medians of $reps; MiB/s = node bytes / s; RSS = the client's peak, MiB)"
for kind in $kinds; do
    if [[ " ${parts[*]} " == *" sizes "* ]]; then
        echo
        echo "| node size ($kind) | shards | points | backup s | MiB/s | RSS | verify s | MiB/s | RSS | restore s | MiB/s | RSS |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for s in "${sizes[@]}"; do
            k="$kind.size$s"
            echo "| $(mib "${point_bytes[$k]}") MiB | ${point_shards[$k]} | ${point_points[$k]} | $(cell "$k" backup) | $(cell "$k" verify) | $(cell "$k" restore) |"
        done
    fi
    if [[ " ${parts[*]} " == *" shards "* ]]; then
        base="$kind.shards${counts[0]}"
        echo
        echo "| shards ($kind) | node size | backup s | × ${counts[0]} | RSS | verify s | × ${counts[0]} | RSS | restore s | × ${counts[0]} | RSS |"
        echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        for c in "${counts[@]}"; do
            k="$kind.shards$c"
            line="| ${point_shards[$k]} | $(mib "${point_bytes[$k]}") MiB |"
            for step in backup verify restore; do
                line+=" $(median "$k.$step") | $(per_byte "$k" "$base" "$step") | $(peak_rss "$k.$step") |"
            done
            echo "$line"
        done
        echo "(× ${counts[0]}: time per byte relative to ${counts[0]} shards'; goal for 1,000 shards: ≤ 1.3)"
    fi
done
