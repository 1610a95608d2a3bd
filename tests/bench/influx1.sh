#!/usr/bin/env bash
# Backup and restore of a real InfluxDB 1.6.7 node beside influxd's own tools, per issue 13's
# protocol: compare.sh with TIDEMARK_BENCH_KINDS=influxdb1. Full backup (plain and zstd) vs the
# legacy `influxd backup -database` + sync and `influxd backup -portable` + sync; restore (plain
# and zstd chains) vs the legacy offline `influxd restore` + sync, `influxd restore -portable`
# (online), `tar -x` + sync and `cat` + sync; client peak RSS.
# Usage: bash tests/bench/influx1.sh [SHAPE...]   (big shards strings; see compare.sh)
set -euo pipefail
TIDEMARK_BENCH_KINDS=influxdb1 exec bash "$(dirname "$0")/compare.sh" "$@"
