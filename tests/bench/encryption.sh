#!/usr/bin/env bash
# Encryption at rest (issue 16) on a Tidemark node of TIDEMARK_BENCH_ENC_MIB MiB (default 1024) in
# 8 hourly shards, string and float fields, local chains on the same disk:
#  - backup: `tidemark-cli backup --compress zstd --encrypt` (a new chain each run) against
#    `tidemark-cli backup --compress zstd` (compress, then encrypt: the cost of the encryption);
#  - restore: of the encrypted chain against the zstd chain;
#  - opening a chain: `tidemark-cli info` of the encrypted chain with the default Argon2id
#    parameters (64 MiB, 3 passes) against `info` of the plain chain (warm cache): the key
#    derivation's cost, paid once per command;
#  - the client's peak RSS for each.
# The page cache is dropped before each timed step, the order alternates, medians of
# TIDEMARK_BENCH_REPS (lib.sh). Ratios are the baseline's time over the encrypted step's (goal
# >= 0.9: encryption costs at most a tenth).
# Usage: bash tests/bench/encryption.sh
set -euo pipefail
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"
bench_setup 0
trap bench_cleanup EXIT

size=${TIDEMARK_BENCH_ENC_MIB:-1024}
pass="$scratch/passphrase"
echo "benchmark passphrase of issue 16" >"$pass"
chmod 600 "$pass"

tm_conf node
tm_start node
note "loading the node to $size MiB in 8 hourly shards (untimed)"
fill tidemark node "$size" 8 200
data_bytes=$(node_bytes tidemark node)
note "node: $(mib "$data_bytes") MiB"
tm_conf target

zstd_backup() {
    rm -rf "$scratch/zstd" && mkdir -p "$scratch/zstd"
    timed zstd-backup "$cli" backup -host "$node_snap" --compress zstd "$scratch/zstd/node1"
}
encrypted_backup() {
    rm -rf "$scratch/enc" && mkdir -p "$scratch/enc"
    timed encrypted-backup "$cli" backup -host "$node_snap" --compress zstd --encrypt --passphrase-file "$pass" \
        "$scratch/enc/node1"
}
zstd_restore() {
    timed zstd-restore "$cli" restore -config "$scratch/target.conf" --yes --owner "$(id -un)" "$scratch/zstd/node1"
}
encrypted_restore() {
    timed encrypted-restore "$cli" restore -config "$scratch/target.conf" --yes --owner "$(id -un)" \
        --passphrase-file "$pass" "$scratch/enc/node1"
}
note "backups: zstd + encryption vs zstd alone"
alternate zstd_backup encrypted_backup
node_stop node
"$cli" verify --passphrase-file "$pass" "$scratch/enc/node1" >/dev/null || die "the encrypted chain does not verify"
chain_bytes=$(stat -c %s "$scratch/zstd/node1")
note "restores: of the encrypted chain vs the zstd chain"
alternate zstd_restore encrypted_restore

note "opening a chain (warm cache, 5 runs each): info of the encrypted chain vs the plain one"
# open_chain NAME ARGS...: `tidemark-cli info ARGS` timed with a warm cache, as a command opens a chain.
open_chain() {
    local name=$1 t0 t1
    shift
    t0=$(now)
    /usr/bin/time -v -o "$scratch/t/$name.time" "$cli" info "$@" >/dev/null || die "info $* failed"
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$scratch/t/$name"
    awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%d\n", $2 / 1024 }' \
        "$scratch/t/$name.time" >>"$scratch/t/$name.rss"
}
for _ in 1 2 3 4 5; do
    open_chain plain-info "$scratch/zstd/node1"
    open_chain encrypted-info --passphrase-file "$pass" "$scratch/enc/node1"
done

ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "node $(mib "$data_bytes") MiB; zstd link $(mib "$chain_bytes") MiB"
echo "| step | runs (s) | median (s) | MiB/s of node data | client peak RSS (MiB) |"
echo "| --- | --- | --- | --- | --- |"
for n in zstd-backup encrypted-backup zstd-restore encrypted-restore plain-info encrypted-info; do
    echo "| $n | $(runs "$n") | $(median "$n") | $(rate "$data_bytes" "$(median "$n")") | $(peak_rss "$n") |"
done
echo
echo "encrypted zstd backup vs zstd backup:   $(ratio zstd-backup encrypted-backup)x (goal >= 0.9)"
echo "encrypted restore vs zstd restore:      $(ratio zstd-restore encrypted-restore)x (goal >= 0.9)"
echo "opening an encrypted chain (Argon2id, 64 MiB, 3 passes) costs $(awk -v a="$(median encrypted-info)" \
    -v b="$(median plain-info)" 'BEGIN { printf "%.2f", a - b }') s more than a plain one"
