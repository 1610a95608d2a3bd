#!/usr/bin/env bash
# Backup benchmark on a node of >= 1 GB (default ~1.1 GB over ~40 daily shards):
#  1. full backup time vs the baseline `mdb_copy -c` of every LMDB file + `tar` of the copies,
#     to the same disk, in the same run (ratio = baseline seconds / backup seconds; >= 0.7 wanted);
#  2. client peak RSS during the full backup (/usr/bin/time -v; < 64 MB wanted);
#  3. incremental bytes after 1% new data vs the full backup;
#  4. restore of the chain (full + incremental) vs `tar -x` of the same archives + sync, same
#     disk (ratio = tar seconds / restore seconds; >= 0.7 wanted), and restore peak RSS;
#  5. writer throughput while backups run vs without (>= 80% wanted).
# Usage: bash tests/bench/backup.sh [POINTS]   (POINTS of ~1.1 KB each; default 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/deps.sh
tidemark_install_deps
points=${1:-1000000}
build=${TIDEMARK_BENCH_BUILD_DIR:-build-bench}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(tidemark_jobs)" --target tidemarkd tidemark-cli bench_ingest >/dev/null
bin="$build/app"
ingest="$build/tests/bench/bench_ingest"
scratch=$(mktemp -d "${TIDEMARK_BENCH_DIR:-/tmp}/tidemark-bench.XXXXXX")
cleanup() { local pids; pids=$(jobs -p); [ -z "$pids" ] || kill $pids 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$scratch"; }
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$bin/tidemarkd" config -dir "$scratch/node" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 >"$scratch/node.conf"
"$bin/tidemarkd" -config "$scratch/node.conf" 2>"$scratch/node.log" &
for _ in $(seq 100); do grep -q "listening for snapshots" "$scratch/node.log" && break; sleep 0.1; done
http=$(sed -n 's/.*listening for HTTP on [^ ]*:\([0-9]*\).*/\1/p' "$scratch/node.log")
snap=127.0.0.1:$(sed -n 's/.*listening for snapshots on [^ ]*:\([0-9]*\).*/\1/p' "$scratch/node.log")

echo "== loading $points points of ~1.1 KB (1000 series, one point per series per hour)"
"$ingest" --url "http://127.0.0.1:$http" --points "$points" --string-bytes 1000 --interval 3600 >/dev/null
data_bytes=$(du -sb "$scratch/node/data" | cut -f1)
echo "data dir: $data_bytes bytes, $(ls "$scratch/node/data/shards" | grep -vc lock) shards"
sync

echo "== baseline: mdb_copy -c of every LMDB file + tar, same disk"
mkdir -p "$scratch/base/shards"
t0=$(now)
mdb_copy -n -c "$scratch/node/data/meta" "$scratch/base/meta"
for f in "$scratch/node/data/shards"/*; do
    case "$f" in *-lock) continue ;; esac
    mdb_copy -n -c "$f" "$scratch/base/shards/$(basename "$f")"
done
tar -C "$scratch/base" -cf "$scratch/base.tar" meta shards
sync -f "$scratch/base.tar"
t1=$(now)
base_s=$(secs "$t0" "$t1")
rm -rf "$scratch/base" "$scratch/base.tar"
sync

echo "== tidemark full backup"
t0=$(now)
/usr/bin/time -v "$bin/tidemark-cli" backup -host "$snap" "$scratch/chain" >"$scratch/full.out" 2>"$scratch/full.time"
t1=$(now)
full_s=$(secs "$t0" "$t1")
full_bytes=$(stat -c %s "$scratch/chain")
rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$scratch/full.time")
cat "$scratch/full.out"

echo "== incremental after 1% new data (in a new time range)"
"$ingest" --url "http://127.0.0.1:$http" --points $((points / 100)) --string-bytes 1000 --interval 3600 --start 1800000000 >/dev/null
"$bin/tidemark-cli" backup -host "$snap" "$scratch/chain" >"$scratch/incr.out"
cat "$scratch/incr.out"
incr_bytes=$(stat -c %s "$scratch/chain.0")

echo "== restore of the chain (full + incremental) vs tar -x of the same archives + sync, same disk"
mkdir -p "$scratch/untar"
t0=$(now)
tar -C "$scratch/untar" -xf "$scratch/chain"
tar -C "$scratch/untar" -xf "$scratch/chain.0"
sync -f "$scratch/untar/meta"
t1=$(now)
untar_s=$(secs "$t0" "$t1")
rm -rf "$scratch/untar"
sync
"$bin/tidemarkd" config -dir "$scratch/restored" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 >"$scratch/restored.conf"
t0=$(now)
/usr/bin/time -v "$bin/tidemark-cli" restore -config "$scratch/restored.conf" "$scratch/chain" --yes --owner "$(id -un)" \
    >"$scratch/restore.out" 2>"$scratch/restore.time"
t1=$(now)
restore_s=$(secs "$t0" "$t1")
restore_rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$scratch/restore.time")
tail -n 2 "$scratch/restore.out"
rm -rf "$scratch/restored"

echo "== writer throughput without and during backups"
wpoints=$((points / 4))
"$ingest" --url "http://127.0.0.1:$http" --points "$wpoints" --start 1900000000 >"$scratch/w0.out"
alone=$(awk '/points_per_second/ {print $2}' "$scratch/w0.out")
(
    i=0
    while [ ! -e "$scratch/stop" ]; do
        "$bin/tidemark-cli" backup -host "$snap" "$scratch/loop$i" >/dev/null 2>&1 || true
        rm -f "$scratch/loop$i"
        i=$((i + 1))
    done
) &
loop_pid=$!
"$ingest" --url "http://127.0.0.1:$http" --points "$wpoints" --start 2000000000 >"$scratch/w1.out"
touch "$scratch/stop"
wait $loop_pid || true
during=$(awk '/points_per_second/ {print $2}' "$scratch/w1.out")

echo
echo "| measure | value |"
echo "| --- | --- |"
echo "| data on the node | $((data_bytes / 1048576)) MiB |"
echo "| baseline mdb_copy -c + tar | ${base_s} s |"
echo "| tidemark full backup | ${full_s} s, $((full_bytes / 1048576)) MiB |"
awk -v b="$base_s" -v f="$full_s" 'BEGIN { printf "| speed vs baseline (baseline s / backup s) | %.2f |\n", b / f }'
echo "| client peak RSS | $((rss_kb / 1024)) MiB |"
awk -v i="$incr_bytes" -v f="$full_bytes" 'BEGIN { printf "| incremental after 1%% new data | %.1f MiB = %.1f%% of the full |\n", i / 1048576, 100 * i / f }'
echo "| tar -x of the same archives + sync | ${untar_s} s |"
echo "| tidemark restore (preflight checks every checksum, writes, re-reads, fsyncs, swaps) | ${restore_s} s |"
awk -v b="$untar_s" -v r="$restore_s" 'BEGIN { printf "| restore speed vs tar -x (tar s / restore s) | %.2f |\n", b / r }'
echo "| restore peak RSS | $((restore_rss_kb / 1024)) MiB |"
awk -v a="$alone" -v d="$during" 'BEGIN { printf "| writer during backups vs alone | %d vs %d points/s = %.0f%% |\n", d, a, 100 * d / a }'
