#!/usr/bin/env bash
# Issue 19: InfluxDB incrementals as reference links. An InfluxDB 1.6.7 node of about
# TIDEMARK_BENCH_REFS_POINTS (20 000 000) points, ~530 MiB, in 8 daily shards (200 series of 5
# fields, each day's points over its first 23 hours):
#  1. full backup (chain A; copied as chains C and W before anything changes);
#  2. 1% new points into every shard, after the ones there (each day's last hour), the node left
#     to compact every shard fully (ix_settle);
#  3. `influxd backup -portable -since` (the baseline), then incrementals of that node state:
#     A (reference links, map cache empty: each changed shard's version rebuilt from the chain for
#     its block map), C (reference links, the maps A cached), W (--whole-files); bytes against the
#     full's, times (page cache dropped before each), client peak RSS; of the compacted TSM files,
#     the bytes that are blocks the files before held byte for byte (tsm_blocks.py);
#  4. each reference link's rebuilt tar (checksum and size in its final manifest) equal to W's
#     whole copy;
#  5. the worst case: 1% *late* points (times among the 23 hours there, so every block of every
#     key is rewritten), compaction, incrementals A (reference links) and W (--whole-files).
# One run; ~4–5 min on 2 cores (mostly loading and compacting the node).
# Usage: bash tests/bench/influxrefs.sh
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

points=${TIDEMARK_BENCH_REFS_POINTS:-20000000}
series=200
days=8
bench_untimed=1
bench_setup 1
src_snap='' src_url='' # set by ix_conf (printf -v)
rows=()
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f MiB = %.2f%% of the full", a / 1048576, 100 * a / b }'; }
secs_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
export XDG_CACHE_HOME="$scratch/cache" TMPDIR="$scratch/tmp"
mkdir -p "$XDG_CACHE_HOME" "$TMPDIR"
# write POINTS SEED START SPAN: POINTS over the 200 series in each day's shard, from START seconds
# into the day over SPAN seconds.
write() {
    local d
    for d in $(seq 0 $((days - 1))); do
        "$ingest" --url "$src_url" --points $(($1 / days)) --batch 20000 --parallel 4 --series "$series" \
            --series-offset 0 --seed $(($2 + d)) --start $((t0_epoch + d * 86400 + $3)) --span "$4" >/dev/null
    done
}
# incremental STEP LABEL [ARGS...]: an incremental of chain STEP, timed, its bytes as a row.
incremental() {
    local step=$1 label=$2 secs rss link
    shift 2
    drop_caches
    t=$(now)
    /usr/bin/time -v -o "$scratch/time-$step" "$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" \
        "$@" --json "$scratch/$step/chain" >"$scratch/out-$step"
    secs=$(secs_since "$t")
    rss=$(awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }' "$scratch/time-$step")
    link=$(ls -t "$scratch/$step"/chain.* | head -n 1)
    grep -o '"stage":"encoding shard[^"]*"' "$scratch/out-$step" | sed 's/^"stage":"/   /; s/"$//' || true
    rows+=("| incremental, $label | $(pct "$(bytes_of "$link")" "$full"), $secs s, peak RSS $rss MiB |")
}

note "influxdb1: $points points in $days daily shards ($series series, 5 fields), 1% new points after them, full compactions"
ix_conf src && ix_start src
curl -sSf -XPOST "${src_url}/query" --data-urlencode 'q=CREATE DATABASE bench WITH SHARD DURATION 1d' >/dev/null
t=$(now)
write "$points" 7 0 $((23 * 3600))
ix_settle src
echo "   src: $(mib "$(node_bytes influxdb1 src)") MiB on disk, loaded and compacted in $(secs_since "$t") s"
mkdir -p "$scratch/a" "$scratch/c" "$scratch/w"
drop_caches
t=$(now)
"$cli" backup -host "$src_snap" --kind influxdb1 "${ix_backup_args[@]}" "$scratch/a/chain" | tail -n 1
full_secs=$(secs_since "$t")
full=$(bytes_of "$scratch/a/chain")
cp "$scratch/a/chain" "$scratch/c/chain"
cp "$scratch/a/chain" "$scratch/w/chain"
cp -r "$scratch/src/data" "$scratch/before"
rows+=("| full backup | $(mib "$full") MiB, $full_secs s |")

since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1
write $((points / 100)) 41 $((23 * 3600)) 3600
ix_settle src
cp -r "$scratch/src/data" "$scratch/after"
survival=$(python3 "$(dirname "$0")/tsm_blocks.py" "$scratch/before" "$scratch/after")
rm -rf "$scratch/before" "$scratch/after"
drop_caches
t=$(now)
influxd backup -portable -since "$since" -host "$src_snap" "$scratch/portable-incr" >/dev/null 2>&1
sync
secs=$(secs_since "$t")
rows+=("| \`influxd backup -portable -since\` (gzip; brings compacted and deleted data back on restore) | $(pct "$(bytes_of "$scratch/portable-incr")" "$full"), $secs s |")
incremental a "reference links, block maps rebuilt from the chain (the first incremental after a full)"
incremental c "reference links, block maps from the cache"
incremental w "--whole-files (each changed shard whole)" --whole-files

# The final manifests (last entry of each plain link): every reference link rebuilds to W's copy.
check=$(
    python3 - "$scratch/a/chain.0" "$scratch/c/chain.0" "$scratch/w/chain.0" <<'EOF'
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
rows+=("| TSM blocks after compaction held byte for byte before (\`tsm_blocks.py\`) | $survival |")

note "the worst case: 1% late points (among the 23 hours there), full compactions"
write $((points / 100)) 43 0 $((23 * 3600))
ix_settle src
incremental a "1% *late* points, reference links (every key's blocks rewritten)"
incremental w "1% *late* points, --whole-files" --whole-files
node_stop src

echo
echo "| InfluxDB node of $points points in $days daily shards | result |"
echo "| --- | --- |"
printf '%s\n' "${rows[@]}"
