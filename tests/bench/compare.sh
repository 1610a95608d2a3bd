#!/usr/bin/env bash
# Issue 13's comparisons: Tidemark's backup and restore beside the node's own tools and the disk,
# on the same node and disk, in the same run, for nodes of several shapes. Protocol (lib.sh): the
# page cache dropped before each timed step, the order of the tools reversed every other
# repetition, TIDEMARK_BENCH_REPS (3) repetitions, each run, the medians and each ratio as
# Tidemark's speed / the baseline's speed (> 1: Tidemark is faster); client peak RSS of Tidemark.
#
# For each SHAPE (default: big shards strings), each node of >= TIDEMARK_BENCH_MIB MiB (384):
#   big      one big shard, 5 number fields per point
#   shards   TIDEMARK_BENCH_SHARDS (32) hourly shards, 5 number fields
#   strings  8 hourly shards, 5 number fields + a 256-byte random string field
# an InfluxDB 1.6.7 node (kind influxdb1):
#   backups   tidemark-cli backup; the same with --compress zstd; legacy `influxd backup -database`
#             + sync; `influxd backup -portable` + sync
#   restores  of the plain and the zstd chain into an empty node (every restored node is started
#             and counted once); legacy offline `influxd restore -metadir -datadir` + sync;
#             `influxd restore -portable` into a running empty influxd; `tar -x` + sync of the
#             plain chain; `cat` of each chain to a file + sync (the disk's own speed for the
#             restore's bytes)
# a Tidemark node (kind tidemark, tidemarkd, the same points per shard layout):
#   backups   tidemark-cli backup; `mdb_copy -c` of every LMDB file + `tar` of the copies + sync
#   restores  tidemark-cli restore (the restored node's `inspect` digest checked once); `tar -x` +
#             sync; `cat` + sync; and, when the InfluxDB node of the same shape ran in this run,
#             against influxd's two restores by MiB/s of node data (the nodes differ in size).
#
# Usage: bash tests/bench/compare.sh [SHAPE...]
# Environment: TIDEMARK_BENCH_MIB (384), TIDEMARK_BENCH_SHARDS (32), TIDEMARK_BENCH_REPS (3),
#   TIDEMARK_BENCH_KINDS ("influxdb1 tidemark"), TIDEMARK_BACKUP_ARGS / TIDEMARK_RESTORE_ARGS
#   (extra arguments for every tidemark-cli backup / restore, e.g. "--compress-threads 2"),
#   TIDEMARK_BACKUP_ARGS_INFLUXDB1 / TIDEMARK_BACKUP_ARGS_TIDEMARK (for one kind only, e.g.
#   "--connections 4"),
#   TIDEMARK_BENCH_ZSTD (the zstd steps' --compress value, default zstd; e.g. zstd:3),
#   TIDEMARK_BENCH_DIR (where the scratch directory goes, default /tmp), TIDEMARK_BENCH_KEEP=1,
#   TIDEMARK_BENCH_NO_DROP=1 (not root: run with a warm cache, flagged), TIDEMARK_BENCH_BUILD_DIR.
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

target_mib=${TIDEMARK_BENCH_MIB:-384}
many_shards=${TIDEMARK_BENCH_SHARDS:-32}
kinds=${TIDEMARK_BENCH_KINDS:-influxdb1 tidemark}
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(big shards strings)
for s in "${shapes[@]}"; do
    case "$s" in
    big | shards | strings) ;;
    *[0-9]*) die "'$s': the scripts take shapes (big shards strings) now, not a point count; set TIDEMARK_BENCH_MIB for the size" ;;
    *) die "unknown shape '$s' (big, shards, strings)" ;;
    esac
done
for k in $kinds; do
    case "$k" in influxdb1 | tidemark) ;; *) die "TIDEMARK_BENCH_KINDS: unknown kind '$k' (influxdb1, tidemark)" ;; esac
done
needs_influxd=0
case " $kinds " in *" influxdb1 "*) needs_influxd=1 ;; esac
bench_setup "$needs_influxd"
me=$(id -un)
src_snap='' dst_snap='' # set by tm_start and ix_conf (printf -v)
summary="$scratch/summary"
: >"$summary"
: >"$scratch/warnings"

shape_hours() { case "$1" in big) echo 1 ;; shards) echo "$many_shards" ;; strings) echo 8 ;; esac; }
shape_strings() { case "$1" in strings) echo 256 ;; *) echo 0 ;; esac; }

declare -A step_bytes=()
# row NAME: one line of the steps table. Tidemark's steps (tm.*) show the client's peak RSS.
row() {
    local b=${step_bytes[$1]} rss=
    case "$1" in *tm.*) rss="$(peak_rss "$1") MiB" ;; esac
    echo "| $1 | $(runs "$1") | $(median "$1") | $(mib "$b") | $(rate "$b" "$(median "$1")") | $rss |"
}
table_head() {
    echo
    echo "| step ($1, $2) | runs (s) | median (s) | MiB | MiB/s | client peak RSS |"
    echo "| --- | --- | --- | --- | --- | --- |"
}
# ratio LABEL TIDEMARK BASELINE TARGET: Tidemark's speed / the baseline's for the same bytes.
ratio() {
    local r
    r=$(awk -v t="$(median "$2")" -v b="$(median "$3")" 'BEGIN { printf "%.2f", b / t }')
    echo "| $1 | $r | $4 |"
    echo "$shape_now|$kind_now|$1|$r|$4" >>"$summary"
}
# ratio_by_rate LABEL TIDEMARK BASELINE TARGET: the same by MiB/s (steps of different bytes).
ratio_by_rate() {
    local r
    r=$(awk -v t="$(median "$2")" -v tb="${step_bytes[$2]}" -v b="$(median "$3")" -v bb="${step_bytes[$3]}" \
        'BEGIN { printf "%.2f", (tb / t) / (bb / b) }')
    echo "| $1 | $r | $4 |"
    echo "$shape_now|$kind_now|$1|$r|$4" >>"$summary"
}
ratio_head() {
    echo
    echo "| $1, $2: comparison | Tidemark speed / baseline speed | target |"
    echo "| --- | --- | --- |"
}
checked() { # NAME: true the first time only (each restore is checked once)
    [ ! -e "$scratch/checked.$1" ] && touch "$scratch/checked.$1"
}

# ---- InfluxDB 1.x node ------------------------------------------------------------------------

ix_fresh() { # NAME: an empty InfluxDB node's directories and config
    rm -rf "${scratch:?}/$1"
    ix_conf "$1"
}
# ix_expect NAME WHAT [baseline]: start the restored node, count its points, stop it. A Tidemark
# restore that lost points ends the run; a baseline's is reported with the results.
ix_expect() {
    local n
    ix_start "$1"
    n=$(ix_count "$1")
    node_stop "$1"
    ix_expect_count "$n" "$2" "${3:-}"
}
ix_expect_count() { # N WHAT [baseline]
    if [ "$1" = "$expected" ]; then
        echo "   (checked: $2 restored all $1 points)"
    elif [ -n "$3" ]; then
        echo "$shape_now: $2 restored $1 of $expected points (its time is reported all the same)" >>"$scratch/warnings"
        echo "   (WARNING: $2 restored $1 of $expected points)"
    else
        die "$2: the restored node holds $1 points, not $expected"
    fi
}
s_ix_backup() {
    rm -f "$scratch"/ixchain "$scratch"/ixchain.*
    timed ix.tm.backup "$cli" backup --kind influxdb1 -host "$src_snap" "${ix_backup_args[@]}" "$scratch/ixchain"
}
s_ix_backup_zstd() {
    rm -f "$scratch"/ixchainz "$scratch"/ixchainz.*
    timed ix.tm.zstd.backup "$cli" backup --kind influxdb1 -host "$src_snap" "${ix_backup_args[@]}" \
        --compress "$zstd_arg" "$scratch/ixchainz"
}
s_ix_legacy_backup() {
    rm -rf "$scratch/legacy"
    timed ix.legacy.backup synced influxd backup -database bench -host "$src_snap" "$scratch/legacy"
}
s_ix_portable_backup() {
    rm -rf "$scratch/portable"
    timed ix.portable.backup synced influxd backup -portable -host "$src_snap" "$scratch/portable"
}
s_ix_restore() {
    ix_fresh dst
    timed ix.tm.restore "$cli" restore -config "$scratch/dst.conf" "$scratch/ixchain" --owner "$me" --yes "${restore_args[@]}"
    ! checked ix.tm.restore || ix_expect dst "tidemark-cli restore"
    rm -rf "$scratch/dst"
}
s_ix_restore_zstd() {
    ix_fresh dst
    timed ix.tm.zstd.restore "$cli" restore -config "$scratch/dst.conf" "$scratch/ixchainz" --owner "$me" --yes "${restore_args[@]}"
    ! checked ix.tm.zstd.restore || ix_expect dst "tidemark-cli restore of the zstd chain"
    rm -rf "$scratch/dst"
}
s_ix_legacy_restore() {
    ix_fresh dst
    timed ix.legacy.restore synced influxd restore -metadir "$scratch/dst/meta" -datadir "$scratch/dst/data" \
        -database bench "$scratch/legacy"
    ! checked ix.legacy.restore || ix_expect dst "influxd restore (legacy, offline)" baseline
    rm -rf "$scratch/dst"
}
s_ix_portable_restore() {
    local n
    ix_fresh dst
    ix_start dst
    timed ix.portable.restore influxd restore -portable -host "$dst_snap" "$scratch/portable"
    if checked ix.portable.restore; then
        n=$(ix_count dst)
        ix_expect_count "$n" "influxd restore -portable" baseline
    fi
    node_stop dst
    rm -rf "$scratch/dst"
}
s_ix_untar() {
    rm -rf "$scratch/untar" && mkdir "$scratch/untar"
    timed ix.tar-x synced tar -C "$scratch/untar" -xf "$scratch/ixchain"
    rm -rf "$scratch/untar"
}
s_ix_cat() {
    # shellcheck disable=SC2016 # expanded by the inner bash
    timed ix.cat synced bash -c 'cat "$1" >"$2"' cat "$scratch/ixchain" "$scratch/cat.out"
    rm -f "$scratch/cat.out"
}
s_ix_cat_zstd() {
    # shellcheck disable=SC2016
    timed ix.cat.zstd synced bash -c 'cat "$1" >"$2"' cat "$scratch/ixchainz" "$scratch/cat.out"
    rm -f "$scratch/cat.out"
}

run_influx() {
    local shape=$1 nb
    kind_now=influxdb1
    note "$shape: InfluxDB 1.6.7 node"
    ix_fresh src
    ix_start src
    fill influxdb1 src "$target_mib" "$(shape_hours "$shape")" "$(shape_strings "$shape")"
    expected=$(ix_count src)
    nb=$(node_bytes influxdb1 src)
    echo "   points stored: $expected; shards: $(find "$scratch/src/data/bench/autogen" -mindepth 1 -maxdepth 1 -type d | wc -l)"
    note "$shape, influxdb1: full backups"
    alternate s_ix_backup s_ix_backup_zstd s_ix_legacy_backup s_ix_portable_backup
    node_stop src
    local chain_b chainz_b
    chain_b=$(bytes_of "$scratch/ixchain")
    chainz_b=$(bytes_of "$scratch/ixchainz")
    for n in ix.tm.backup ix.tm.zstd.backup ix.legacy.backup ix.portable.backup ix.tm.restore ix.tm.zstd.restore \
        ix.legacy.restore ix.portable.restore; do
        step_bytes[$n]=$nb
    done
    step_bytes[ix.tar-x]=$chain_b
    step_bytes[ix.cat]=$chain_b
    step_bytes[ix.cat.zstd]=$chainz_b
    note "$shape, influxdb1: restores into an empty node"
    alternate s_ix_restore s_ix_restore_zstd s_ix_legacy_restore s_ix_portable_restore s_ix_untar s_ix_cat s_ix_cat_zstd
    table_head "$shape" influxdb1
    echo "| (node: $(mib "$nb") MiB, $expected points; chain $(mib "$chain_b") MiB, zstd chain $(mib "$chainz_b") MiB, legacy $(mib "$(bytes_of "$scratch/legacy")") MiB, portable $(mib "$(bytes_of "$scratch/portable")") MiB) | | | | | |"
    for n in ix.tm.backup ix.tm.zstd.backup ix.legacy.backup ix.portable.backup ix.tm.restore ix.tm.zstd.restore \
        ix.legacy.restore ix.portable.restore ix.tar-x ix.cat ix.cat.zstd; do
        row "$n"
    done
    ratio_head "$shape" influxdb1
    ratio "full backup vs legacy influxd backup + sync" ix.tm.backup ix.legacy.backup "≥ 1.0 (one shard), ≥ 1.5 (many)"
    ratio "full backup vs influxd backup -portable + sync" ix.tm.backup ix.portable.backup ""
    ratio "zstd backup vs influxd backup -portable + sync" ix.tm.zstd.backup ix.portable.backup "≥ 3"
    ratio "restore vs legacy offline influxd restore + sync" ix.tm.restore ix.legacy.restore "≥ 1.0"
    ratio "restore vs influxd restore -portable (online)" ix.tm.restore ix.portable.restore "≥ 1.5"
    ratio "zstd restore vs influxd restore -portable (online)" ix.tm.zstd.restore ix.portable.restore "≥ 1.5"
    ratio "restore vs tar -x + sync of the chain" ix.tm.restore ix.tar-x ""
    ratio "restore vs cat of the chain + sync (disk)" ix.tm.restore ix.cat "(report)"
    ratio "zstd restore vs cat of the zstd chain + sync (disk)" ix.tm.zstd.restore ix.cat.zstd "(report)"
    rm -rf "$scratch/src" "$scratch/legacy" "$scratch/portable" "$scratch"/ixchain*
    echo
}

# ---- Tidemark node ----------------------------------------------------------------------------

# The baseline backup of a Tidemark node: mdb_copy -c of every LMDB file, tar of the copies, sync.
cat >"$scratch/mdbcopy.sh" <<'EOF'
set -euo pipefail
src=$1 out=$2
mkdir -p "$out.d/shards"
mdb_copy -n -c "$src/meta" "$out.d/meta"
for f in "$src/shards"/*; do
    case "$f" in *-lock) continue ;; esac
    mdb_copy -n -c "$f" "$out.d/shards/${f##*/}"
done
tar -C "$out.d" -cf "$out" meta shards
sync
EOF
s_tm_backup() {
    rm -f "$scratch"/tmchain "$scratch"/tmchain.*
    timed tm.backup "$cli" backup -host "$src_snap" "${tm_backup_args[@]}" "$scratch/tmchain"
}
s_tm_mdbcopy() {
    rm -rf "$scratch/base.tar" "$scratch/base.tar.d"
    timed mdb_copy-c+tar bash "$scratch/mdbcopy.sh" "$scratch/src/data" "$scratch/base.tar"
    rm -rf "$scratch/base.tar" "$scratch/base.tar.d"
}
s_tm_restore() {
    rm -rf "$scratch/dst" "$scratch/dst.conf"
    tm_conf dst
    timed tm.restore "$cli" restore -config "$scratch/dst.conf" "$scratch/tmchain" --owner "$me" --yes "${restore_args[@]}"
    if checked tm.restore; then
        local d
        d=$("$tmd" inspect -config "$scratch/dst.conf" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])')
        [ "$d" = "$src_digest" ] || die "tidemark-cli restore: the restored node's digest $d is not the source's $src_digest"
        echo "   (checked: the restored node's inspect digest equals the source's)"
    fi
    rm -rf "$scratch/dst"
}
s_tm_untar() {
    rm -rf "$scratch/untar" && mkdir "$scratch/untar"
    timed tar-x synced tar -C "$scratch/untar" -xf "$scratch/tmchain"
    rm -rf "$scratch/untar"
}
s_tm_cat() {
    # shellcheck disable=SC2016
    timed cat synced bash -c 'cat "$1" >"$2"' cat "$scratch/tmchain" "$scratch/cat.out"
    rm -f "$scratch/cat.out"
}

run_tidemark() {
    local shape=$1 nb chain_b
    kind_now=tidemark
    note "$shape: Tidemark node"
    rm -rf "$scratch/src"
    tm_conf src
    tm_start src
    fill tidemark src "$target_mib" "$(shape_hours "$shape")" "$(shape_strings "$shape")"
    nb=$(node_bytes tidemark src)
    src_digest=$("$tmd" inspect -config "$scratch/src.conf" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])')
    echo "   shards: $(find "$scratch/src/data/shards" -maxdepth 1 -type f ! -name '*-lock' | wc -l)"
    note "$shape, tidemark: full backups"
    alternate s_tm_backup s_tm_mdbcopy
    node_stop src
    chain_b=$(bytes_of "$scratch/tmchain")
    step_bytes[tm.backup]=$nb
    step_bytes[mdb_copy-c+tar]=$nb
    step_bytes[tm.restore]=$nb
    step_bytes[tar-x]=$chain_b
    step_bytes[cat]=$chain_b
    note "$shape, tidemark: restores into an empty node"
    alternate s_tm_restore s_tm_untar s_tm_cat
    table_head "$shape" tidemark
    echo "| (node: $(mib "$nb") MiB; chain $(mib "$chain_b") MiB) | | | | | |"
    for n in tm.backup mdb_copy-c+tar tm.restore tar-x cat; do row "$n"; done
    ratio_head "$shape" tidemark
    ratio "full backup vs mdb_copy -c + tar + sync" tm.backup mdb_copy-c+tar "≥ 0.7"
    ratio "restore vs tar -x + sync of the chain" tm.restore tar-x "≥ 1.2"
    ratio "restore vs cat of the chain + sync (disk)" tm.restore cat "(report)"
    if [ -s "$scratch/t/ix.legacy.restore" ]; then
        ratio_by_rate "restore vs legacy influxd restore + sync of the InfluxDB node of this shape (MiB/s)" tm.restore ix.legacy.restore "≥ 1.0"
        ratio_by_rate "restore vs influxd restore -portable of the InfluxDB node of this shape (MiB/s)" tm.restore ix.portable.restore "≥ 1.5"
    fi
    rm -rf "$scratch/src" "$scratch"/tmchain*
    echo
}

for shape in "${shapes[@]}"; do
    shape_now=$shape
    rm -f "$scratch"/t/* "$scratch"/checked.*
    for k in $kinds; do
        if [ "$k" = influxdb1 ]; then run_influx "$shape"; else run_tidemark "$shape"; fi
    done
done

note "summary: Tidemark speed / baseline speed (medians of $reps; > 1: Tidemark is faster)"
echo
printf '| comparison | kind |'
for s in "${shapes[@]}"; do printf ' %s |' "$s"; done
echo ' target |'
printf '| --- | --- |'
for _ in "${shapes[@]}"; do printf ' --- |'; done
echo ' --- |'
cut -d'|' -f2,3,5 "$summary" | awk '!seen[$0]++' | while IFS='|' read -r kind label tgt; do
    printf '| %s | %s |' "$label" "$kind"
    for s in "${shapes[@]}"; do
        v=$(awk -F'|' -v s="$s" -v k="$kind" -v l="$label" '$1 == s && $2 == k && $3 == l { print $4 }' "$summary")
        printf ' %s |' "${v:--}"
    done
    echo " $tgt |"
done
if [ -s "$scratch/warnings" ]; then
    echo
    echo "Baselines that did not restore everything (influxd 1.6.7's legacy offline restore puts shard 10,"
    echo "20, 100, ... into the directory of shard 1, 2, ... (it trims every '0' off the id), so with 10"
    echo "or more shards it loses points):"
    sed 's/^/- /' "$scratch/warnings"
fi
