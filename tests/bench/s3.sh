#!/usr/bin/env bash
# Chains on S3 (issue 15), against a real Ceph cluster on loopback (scripts/ceph-test-cluster.sh:
# one monitor, one memstore OSD, one RADOS gateway) and a Tidemark node of
# TIDEMARK_BENCH_S3_MIB MiB (default 1100) in 8 hourly shards, string and float fields:
#  - backup: `tidemark-cli backup s3://…` (node → multipart upload, nothing on a local disk)
#    against `s3cmd put` of an archive of the same size (a plain link of the same node, made
#    untimed beforehand);
#  - restore: `tidemark-cli restore` from the bucket against `s3cmd get` of that archive +
#    `tar -x` + `sync`;
#  - the client's peak RSS for each.
# The page cache is dropped before each timed step, the order alternates, medians of
# TIDEMARK_BENCH_REPS (lib.sh). Ratios are the baseline's time over Tidemark's (> 1: faster).
# Usage: bash tests/bench/s3.sh
set -euo pipefail
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_setup 0
command -v s3cmd >/dev/null || die "s3cmd is missing: apt-get install s3cmd (scripts/deps.sh)"

size=${TIDEMARK_BENCH_S3_MIB:-1100}
ceph="$scratch/ceph"
mkdir -p "$ceph"
# The OSD keeps objects in RAM: room for the chain and the baseline's object, twice, and slack. The
# gateway frees deleted objects later (its garbage collection); gc_now frees them before each step.
export TIDEMARK_CEPH_MEMSTORE_BYTES=$(((size * 5 + 512) * 1048576))
ceph_stop() { bash scripts/ceph-test-cluster.sh stop "$ceph" >/dev/null 2>&1 || true; }
trap 'ceph_stop; bench_cleanup' EXIT
note "starting Ceph (memstore of $((TIDEMARK_CEPH_MEMSTORE_BYTES >> 20)) MiB)"
bash scripts/ceph-test-cluster.sh start "$ceph" 2>"$scratch/ceph-start.log" || {
    cat "$scratch/ceph-start.log" >&2
    die "the Ceph cluster did not start"
}
# shellcheck disable=SC1091
source "$ceph/env"
export AWS_ACCESS_KEY_ID=$TIDEMARK_CEPH_ACCESS_KEY AWS_SECRET_ACCESS_KEY=$TIDEMARK_CEPH_SECRET_KEY
export AWS_ENDPOINT_URL=$TIDEMARK_CEPH_ENDPOINT AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
s3() { s3cmd -c "$ceph/s3cfg" "$@"; }
# Deleted objects' space back now: a full memstore OSD takes no more writes, deletes included.
gc_now() { radosgw-admin -c "$ceph/ceph.conf" gc process --include-all >/dev/null 2>&1 || true; }
s3 mb s3://bench >/dev/null

tm_conf node
tm_start node
note "loading the node to $size MiB in 8 hourly shards (untimed)"
fill tidemark node "$size" 8 200
data_bytes=$(node_bytes tidemark node)
note "node: $(mib "$data_bytes") MiB"
"$cli" backup -host "$node_snap" "$scratch/archive" >/dev/null
archive_bytes=$(stat -c %s "$scratch/archive")
note "a plain link of the node (the baselines' archive): $(mib "$archive_bytes") MiB"
node_stop node

tm_conf target
s3_backup() {
    s3 del --recursive s3://bench/chain/ >/dev/null 2>&1 || true
    gc_now
    tm_start node
    timed tidemark-backup "$cli" backup -host "$node_snap" "${tm_backup_args[@]}" s3://bench/chain/node1
    node_stop node
}
s3cmd_put() {
    s3 del s3://bench/put/archive >/dev/null 2>&1 || true
    gc_now
    timed s3cmd-put s3cmd -c "$ceph/s3cfg" --no-progress put "$scratch/archive" s3://bench/put/archive
}
s3_restore() {
    timed tidemark-restore "$cli" restore -config "$scratch/target.conf" --yes --owner "$(id -un)" "${restore_args[@]}" \
        s3://bench/chain/node1
}
s3cmd_get_tar() {
    rm -rf "$scratch/x" "$scratch/got"
    mkdir -p "$scratch/x"
    timed s3cmd-get+tar synced bash -c "s3cmd -c '$ceph/s3cfg' --no-progress get s3://bench/put/archive '$scratch/got' &&
        tar -xf '$scratch/got' -C '$scratch/x' && rm -f '$scratch/got'"
}

note "backups: tidemark-cli to Ceph vs s3cmd put of an archive of the same size"
alternate s3_backup s3cmd_put
note "restores: tidemark-cli from Ceph vs s3cmd get + tar -x + sync"
alternate s3_restore s3cmd_get_tar
"$cli" verify s3://bench/chain/node1 >/dev/null || die "the chain on Ceph does not verify"

ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| step | runs (s) | median (s) | MiB/s | client peak RSS (MiB) |"
echo "| --- | --- | --- | --- | --- |"
for n in tidemark-backup s3cmd-put tidemark-restore s3cmd-get+tar; do
    echo "| $n | $(runs "$n") | $(median "$n") | $(rate "$archive_bytes" "$(median "$n")") | $(peak_rss "$n") |"
done
echo
echo "backup to Ceph vs s3cmd put:                 $(ratio s3cmd-put tidemark-backup)x (goal >= 1.0)"
echo "restore from Ceph vs s3cmd get + tar -x + sync: $(ratio s3cmd-get+tar tidemark-restore)x (goal >= 1.0)"
