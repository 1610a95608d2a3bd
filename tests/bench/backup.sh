#!/usr/bin/env bash
# Backup and restore of a Tidemark node (tidemarkd), per issue 13's protocol: compare.sh with
# TIDEMARK_BENCH_KINDS=tidemark. Full backup vs `mdb_copy -c` of every LMDB file + `tar` + sync;
# restore vs `tar -x` + sync and vs `cat` + sync of the same chain; client peak RSS. For the
# restore beside influxd's restores (by MiB/s) run compare.sh, which loads both kinds.
# Usage: bash tests/bench/backup.sh [SHAPE...]   (big shards strings; see compare.sh)
set -euo pipefail
TIDEMARK_BENCH_KINDS=tidemark exec bash "$(dirname "$0")/compare.sh" "$@"
