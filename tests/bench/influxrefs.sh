#!/usr/bin/env bash
# Issue 19: InfluxDB incrementals as reference links. On an InfluxDB 1.6.7 node of
# TIDEMARK_BENCH_REFS_MIB (512) MiB in 8 hourly shards (blocks.sh's node and load):
#  1. full backup (chain A; copied as chains C and W before anything changes);
#  2. 1% new data spread over every shard (the same 1000 series, times among the ones there),
#     the node left to compact every shard fully (ix_settle);
#  3. `influxd backup -portable -since` (the baseline), then incrementals of the same node state:
#     A (reference links, map cache empty: each changed shard's version rebuilt from the chain for
#     its block map), C (reference links, the maps cached by A), W (--whole-files);
#     their bytes against the full's, their times (page cache dropped before each);
#  4. each reference link's rebuilt tar checksum (final manifest) equal to W's whole copy of it.
# One run; ~6 min on 2 cores (mostly loading and compacting the node).
# Usage: bash tests/bench/influxrefs.sh
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

ix_mib=${TIDEMARK_BENCH_REFS_MIB:-512}
bench_untimed=1
bench_setup 1
src_snap='' src_url='' # set by ix_conf (printf -v)
rows=()
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f MiB = %.2f%% of the full", a / 1048576, 100 * a / b }'; }
secs_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
export XDG_CACHE_HOME="$scratch/cache" TMPDIR="$scratch/tmp"
mkdir -p "$XDG_CACHE_HOME" "$TMPDIR"

note "influxdb1: $ix_mib MiB in 8 hourly shards, 1% new data, then full compactions"
ix_conf src && ix_start src
fill influxdb1 src "$ix_mib" 8 0
mkdir -p "$scratch/a" "$scratch/c" "$scratch/w"
drop_caches
t=$(now)
"$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" "$scratch/a/chain" | tail -n 1
full_secs=$(secs_since "$t")
full=$(bytes_of "$scratch/a/chain")
cp "$scratch/a/chain" "$scratch/c/chain"
cp "$scratch/a/chain" "$scratch/w/chain"
rows+=("| full backup | $(mib "$full") MiB, $full_secs s |")

since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
"$ingest" --url "$src_url" --points $((fill_points[src] / 100)) --series 1000 --series-offset 0 --seed 41 \
    --start "$t0_epoch" --span $((8 * 3600)) >/dev/null
ix_settle src
drop_caches
t=$(now)
influxd backup -portable -since "$since" -host "$src_snap" "$scratch/portable-incr" >/dev/null 2>&1
sync
secs=$(secs_since "$t")
rows+=("| \`influxd backup -portable -since\` (gzip; brings compacted and deleted data back on restore) | $(pct "$(bytes_of "$scratch/portable-incr")" "$full"), $secs s |")

for step in a c w; do
    extra=()
    label="reference links, block maps rebuilt from the chain (first incremental after a full)"
    [ "$step" != c ] || label="reference links, block maps from the cache"
    [ "$step" != w ] || { extra=(--whole-files) && label="--whole-files (each changed shard whole)"; }
    drop_caches
    t=$(now)
    /usr/bin/time -v -o "$scratch/time-$step" "$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" \
        "${extra[@]}" "$scratch/$step/chain" | tail -n 1
    secs=$(secs_since "$t")
    rss=$(awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }' "$scratch/time-$step")
    rows+=("| incremental, $label | $(pct "$(bytes_of "$scratch/$step/chain.0")" "$full"), $secs s, peak RSS $rss MiB |")
done

# The final manifests (last entry of each plain link): every reference link rebuilds to W's copy.
check=$(python3 - "$scratch/a/chain.0" "$scratch/c/chain.0" "$scratch/w/chain.0" <<'EOF'
import json, sys, tarfile
def final(path):
    with tarfile.open(path) as t:
        return {f["name"]: f for f in json.load(t.extractfile("manifest.final"))["files"]}
a, c, w = (final(p) for p in sys.argv[1:4])
refs = 0
for name, f in a.items():
    if name == "meta":
        continue
    if "refs" not in f or "refs" not in c[name] or "refs" in w[name]:
        sys.exit(f"{name}: not a reference link in A and C and whole in W")
    for link in (f, c[name]):
        if link["refs"]["fileChecksum"] != w[name]["checksum"] or link["refs"]["fileSize"] != w[name]["size"]:
            sys.exit(f"{name}: the reference link rebuilds to another tar than W's whole copy")
    refs += 1
print(f"{refs} shards as reference links, each rebuilding to W's whole copy (checksum and size)")
EOF
) || die "$check"
rows+=("| check | $check |")
node_stop src

echo
echo "| $ix_mib MiB InfluxDB node, 1% new data, full compactions | result |"
echo "| --- | --- |"
printf '%s\n' "${rows[@]}"
