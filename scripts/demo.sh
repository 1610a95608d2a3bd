#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts a local tidemarkd with a generated
# config under a scratch directory, writes sample data, and takes a backup chain (full, then an
# incremental) with tidemark-cli, then shows and verifies it, and opens the GUI on the running
# node and its chain when there is a display (else it shows the chain with `tidemark --cli`).
# Usage: bash scripts/demo.sh [SCRATCH_DIR]   (default: a new directory under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
tidemark_install_deps

build=${TIDEMARK_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(tidemark_jobs)" --target tidemarkd tidemark-cli tidemark
bin=$(cd "$build/app" && pwd)

scratch=${1:-$(mktemp -d /tmp/tidemark-demo.XXXXXX)}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
say() { printf '\n== %s\n' "$*"; }

say "Generating a node config in $scratch/tidemarkd.conf"
"$bin/tidemarkd" config -dir "$scratch" -http-bind 127.0.0.1:0 -snapshot-bind 127.0.0.1:0 >"$scratch/tidemarkd.conf"
cat "$scratch/tidemarkd.conf"

say "Starting tidemarkd"
"$bin/tidemarkd" -config "$scratch/tidemarkd.conf" 2>"$scratch/tidemarkd.log" &
node_pid=$!
trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null || true' EXIT
port=
for _ in $(seq 100); do
    port=$(sed -n 's/.*listening for HTTP on [^ ]*:\([0-9]*\).*/\1/p' "$scratch/tidemarkd.log")
    [ -n "$port" ] && break
    kill -0 "$node_pid" 2>/dev/null || { cat "$scratch/tidemarkd.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { echo "tidemarkd did not start; see $scratch/tidemarkd.log" >&2; exit 1; }
url="http://127.0.0.1:$port"
cat "$scratch/tidemarkd.log"
curl -sS -i "$url/ping" | head -n 1

say "Creating database 'demo' and writing 6 hours of metrics for 3 hosts (10 s interval)"
curl -sS -XPOST "$url/query" --data-urlencode 'q=CREATE DATABASE demo'
echo
now=$(date +%s)
awk -v now="$now" 'BEGIN {
    srand(42);
    for (t = now - 6 * 3600; t < now; t += 10)
        for (h = 1; h <= 3; h++) {
            printf "cpu,host=web%d,region=eu user=%.2f,system=%.2f,idle=%.2f %d\n", h, 20 + 10 * rand(), 5 + 3 * rand(), 60 + 10 * rand(), t;
            printf "mem,host=web%d,region=eu used=%di,free=%di %d\n", h, 4000000 + int(100000 * rand()), 2000000 + int(100000 * rand()), t;
        }
}' >"$scratch/sample.lp"
wc -l <"$scratch/sample.lp" | xargs printf '%s lines of line protocol\n'
curl -sS -w 'HTTP %{http_code}\n' -XPOST "$url/write?db=demo&precision=s" --data-binary @"$scratch/sample.lp"

say "What the node holds (tidemarkd inspect, read-only beside the running node)"
"$bin/tidemarkd" inspect -config "$scratch/tidemarkd.conf"

snap="127.0.0.1:$(sed -n 's/.*listening for snapshots on [^ ]*:\([0-9]*\).*/\1/p' "$scratch/tidemarkd.log")"
cli="$bin/tidemark-cli"
say "The node's health over its snapshot service (tidemark-cli node-info -host $snap)"
"$cli" node-info -host "$snap"

mkdir -p "$scratch/backups"
say "Full backup while the node runs (tidemark-cli backup -host $snap $scratch/backups/demo)"
"$cli" backup -host "$snap" "$scratch/backups/demo"

say "Ten more minutes of metrics, then the same command again: an incremental"
awk -v now="$now" 'BEGIN { for (t = now; t < now + 600; t += 10) for (h = 1; h <= 3; h++)
    printf "cpu,host=web%d,region=eu user=%.2f,system=1,idle=70 %d\n", h, 20 + h, t }' |
    curl -sS -w 'HTTP %{http_code}\n' -XPOST "$url/write?db=demo&precision=s" --data-binary @-
"$cli" backup -host "$snap" "$scratch/backups/demo"
say "Nothing changed since: no new file"
"$cli" backup -host "$snap" "$scratch/backups/demo"

say "The chain (tidemark-cli info)"
"$cli" info "$scratch/backups/demo"
say "Verify the whole chain: every checksum, every LMDB file (tidemark-cli verify)"
"$cli" verify "$scratch/backups/demo"
say "A synthetic full made from the chain alone, not the node (tidemark-cli consolidate)"
"$cli" consolidate "$scratch/backups/demo" "$scratch/backups/demo-synthetic"
say "What the chain holds, without restoring it (tidemark-cli ls CHAIN demo)"
"$cli" ls "$scratch/backups/demo" demo
say "Its last five cpu points as line protocol, from the chain alone (tidemark-cli export)"
"$cli" export "$scratch/backups/demo" --database demo --measurement cpu | tail -n 5
say "A restore drill: the chain restored into a scratch node on loopback, started and checked (tidemark-cli drill)"
TIDEMARKD="$bin/tidemarkd" "$cli" drill "$scratch/backups/demo"
say "One database restored into the running node under a new name (tidemark-cli restore --database --as)"
"$cli" restore "$scratch/backups/demo" --database demo --as demo_restored -host "$snap" --yes
curl -sS "$url/query" --data-urlencode 'q=SHOW DATABASES'
echo
say "Every chain in the backup directory, with its last verification and drill (tidemark-cli list)"
"$cli" list "$scratch/backups"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${TIDEMARK_DEMO_NO_GUI:-}" ]; then
    # The GUI with its own settings under the scratch directory, already knowing the demo node
    # and its chain (QSettings' INI file: organization and application are both "tidemark").
    mkdir -p "$scratch/gui-config/tidemark"
    cat >"$scratch/gui-config/tidemark/tidemark.conf" <<SETTINGS
[nodes]
1\\id=demo-node
1\\name=demo
1\\host=$snap
1\\locations=$scratch/backups/demo
1\\staleHours=24
size=1
SETTINGS
    say "Opening the GUI (tidemark) on the running node and its chain; close its window to end the demo"
    XDG_CONFIG_HOME="$scratch/gui-config" "$bin/tidemark" || true
else
    say "No display, so no GUI (run $bin/tidemark on a desktop); the same commands: tidemark --cli"
    "$bin/tidemark" --cli info "$scratch/backups/demo" | head -n 4
fi

say "Stopping the node"
kill -TERM "$node_pid"
wait "$node_pid" || true
trap - EXIT
tail -n 1 "$scratch/tidemarkd.log"
say "Done. Everything is under $scratch (config, data, broker, log). Start the node again with:"
echo "    $bin/tidemarkd -config $scratch/tidemarkd.conf"
