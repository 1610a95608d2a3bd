#!/usr/bin/env bash
# A throwaway Ceph cluster on loopback for the S3 tests, from Debian's ceph-mon, ceph-osd and
# radosgw (pacific): one monitor, one OSD on memstore (objects in RAM only), one RADOS gateway
# (beast) on 127.0.0.1. No authentication between the daemons; the gateway has one S3 user.
#
#   scripts/ceph-test-cluster.sh start DIR  # starts it in DIR (an empty directory of the caller's)
#   scripts/ceph-test-cluster.sh stop DIR   # stops it: TERM by recorded PID, KILL after a timeout
#   scripts/ceph-test-cluster.sh run DIR    # start, then stay in the foreground until standard
#                                           # input ends (or reads "stop"), TERM or INT; then stop
#
# `run` prints one line, "ready DIR/env", on standard output once the cluster serves S3 (progress
# and errors go to standard error); the test helper (tests/support/CephCluster) uses it, so the
# daemons are its children and stop when the test process goes away, however it ends. `start`
# runs `run` in the background (a keeper process that reaps the daemons) and returns once ready.
#
# Everything lives under DIR: ceph.conf, the monitor's store, the OSD's directory, logs (log/),
# PIDs and admin sockets (run/). Nothing is read from or written to /etc/ceph or /var/lib/ceph;
# every command gets -c DIR/ceph.conf. After a successful start:
#   DIR/env    shell-sourceable: TIDEMARK_CEPH_ENDPOINT (http://127.0.0.1:PORT),
#              TIDEMARK_CEPH_ACCESS_KEY, TIDEMARK_CEPH_SECRET_KEY, TIDEMARK_CEPH_REGION
#   DIR/s3cfg  an s3cmd config for that endpoint (path-style, plain HTTP): s3cmd -c DIR/s3cfg ls
#
# Environment:
#   TIDEMARK_CEPH_MEMSTORE_BYTES  the OSD's capacity (memstore device bytes), default 2 GiB. The
#                                 OSD's resident memory grows with the data stored (about 1.8
#                                 times its size) and stays near its peak after deletes. A full
#                                 OSD takes no more writes, deletes included: requests fail after
#                                 30 s (rados osd op timeout), for the rest of the cluster's life
#   TIDEMARK_CEPH_OWNER_PID       `start` only: stop the cluster once that process is gone
#   TIDEMARK_CEPH_TIMEOUT         seconds a step of the start may take, default 60
#   TIDEMARK_CEPH_STOP_TIMEOUT    seconds from TERM to KILL for each daemon, default 10
# Works as root or as a normal user (DIR must be writable; the daemons run as the caller).
set -euo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
readonly self
# The zonegroup radosgw makes on first start is "default", and that is its S3 region: a bucket's
# LocationConstraint must be "default" (or absent). SigV4 signatures are checked with the region
# the client names in its credential scope, so "us-east-1" signs just as well.
readonly region=default

usage() {
    echo "usage: $0 start|stop|run DIR" >&2
    exit 2
}

say() {
    echo "ceph-test-cluster: $*" >&2
}

now() {
    printf '%s' "${EPOCHREALTIME:-$SECONDS}"
}

elapsed() {
    awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'
}

# The last lines of a log, for an error message.
show_tail() {
    local file=$1
    if [ -s "$file" ]; then
        echo "--- last lines of $file ---" >&2
        tail -n "${2:-25}" "$file" >&2
        echo "---" >&2
    fi
}

# Stops what was started so far, then exits with an error naming the step and its logs.
fail() {
    local message=$1 file
    shift
    say "error: $message"
    for file in "$@"; do
        show_tail "$file"
    done
    stop_daemons
    exit 1
}

# Two distinct free TCP ports on 127.0.0.1, below the kernel's ephemeral range (so that no outgoing
# connection takes one between this check and the daemon's bind).
free_ports() {
    python3 - <<'EOF'
import random, socket
low, high = 20000, 32000
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        high = min(high, int(f.read().split()[0]))
except (OSError, ValueError):
    pass
found = []
while len(found) < 2:
    port = random.randrange(low, high)
    if port in found:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        found.append(port)
    except OSError:
        pass
    finally:
        s.close()
print(*found)
EOF
}

# A random string of letters and digits.
random_text() {
    local length=$1 out=""
    while [ ${#out} -lt "$length" ]; do
        out+=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    done
    printf '%s' "${out:0:$length}"
}

pid_of() {
    local file="$dir/run/$1.pid"
    [ -s "$file" ] && cat "$file"
}

# True while PID is a live (not zombie) process whose command line holds ARG.
runs_with() {
    local pid=$1 arg=$2 state
    [ -r "/proc/$pid/cmdline" ] || return 1
    state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$arg"
}

# A daemon of this cluster (its command line names this cluster's config).
is_ours() {
    runs_with "$1" "$conf"
}

# Runs a daemon in the foreground of a background job of this shell (which reaps it), its output
# in log/NAME.out, and records its PID in run/NAME.pid.
launch() {
    local name=$1
    shift
    "$@" </dev/null >>"$dir/log/$name.out" 2>&1 &
    echo $! >"$dir/run/$name.pid"
}

alive() {
    local pid
    pid=$(pid_of "$1") && is_ours "$pid"
}

# Waits until a command succeeds; fails the start when the daemon exits or time is up.
wait_for() {
    local what=$1 daemon=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    local name
    until "$@" >/dev/null 2>&1; do
        for name in mon osd rgw; do
            [ -e "$dir/run/$name.pid" ] || continue
            alive "$name" ||
                fail "$name exited while waiting for $what" "$dir/log/$name.out" "$dir/log/$(log_name "$name")"
        done
        [ $SECONDS -lt $deadline ] || fail "timed out after ${timeout}s waiting for $what" "$dir/log/$(log_name "$daemon")"
        sleep 0.1
    done
}

log_name() {
    case $1 in
    mon) echo mon.a.log ;;
    osd) echo osd.0.log ;;
    rgw) echo client.rgw.a.log ;;
    esac
}

# TERM to the named daemons, then wait until they are gone (KILL after the stop timeout); reaps
# those that are children of this shell.
terminate() {
    local name pid pids=() left
    for name in "$@"; do
        pid=$(pid_of "$name") || continue
        if is_ours "$pid"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    local deadline=$((SECONDS + stop_timeout)) killed=0
    while [ ${#pids[@]} -gt 0 ]; do
        left=()
        for pid in "${pids[@]}"; do
            if is_ours "$pid"; then
                left+=("$pid")
            else
                wait "$pid" 2>/dev/null || true
            fi
        done
        [ ${#left[@]} -eq 0 ] && break
        pids=("${left[@]}")
        if [ $SECONDS -ge $deadline ] && [ $killed = 0 ]; then
            say "KILL to ${pids[*]}: still running ${stop_timeout}s after TERM"
            kill -KILL "${pids[@]}" 2>/dev/null || true
            killed=1
            deadline=$((SECONDS + 10))
        elif [ $SECONDS -ge $deadline ]; then
            say "error: ${pids[*]} outlived KILL"
            return 1
        fi
        sleep 0.05
    done
    for name in "$@"; do
        rm -f "$dir/run/$name.pid"
    done
}

# One after the other: the gateway (it unregisters its watches on the OSD), the OSD (it tells the
# monitor it is going down and waits for an answer), then the monitor.
stop_daemons() {
    terminate rgw || true
    terminate osd || true
    terminate mon
}

write_config() {
    local fsid=$1 mon_port=$2 rgw_port=$3 memstore_bytes=$4
    cat >"$conf" <<EOF
# A test cluster of scripts/ceph-test-cluster.sh; everything under $dir.
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
public addr = 127.0.0.1
ms bind msgr2 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
keyring = $dir/keyring
run dir = $dir/run
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.daemon-pid
log file = $dir/log/\$name.log
mon cluster log file = $dir/log/cluster.log
crash dir = $dir/crash
log to stderr = false
err to stderr = true
log max recent = 500
# One OSD: one copy, small pools, no autoscaler (no manager runs at all).
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
# Map changes proposed at once, not a second later (each pool the gateway makes is two of them).
paxos propose interval = 0.01
paxos min wait = 0.01

[mon]
mon data = $dir/mon/\$name
mon initial members = a
mon data avail warn = 1
mon data avail crit = 0
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false

[osd]
osd data = $dir/osd/\$name
osd objectstore = memstore
memstore device bytes = $memstore_bytes
# Nothing to save on TERM: the OSD exits at once.
osd fast shutdown = true
# Placed in the CRUSH map by this script, not at boot: the boot's own commands can reach the
# monitor before the OSD knows the cluster's fsid, and then the OSD gives up ('wrong fsid').
osd crush update on start = false
osd class update on start = false

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
rgw thread pool size = 32
# An OSD that does not answer (full memstore, crashed) fails a request after this many seconds
# instead of holding it forever.
rados osd op timeout = 30
# The space of deleted and overwritten objects back within a minute, not hours (a GET that
# began before the delete and runs longer than the wait loses its object's tail).
rgw gc obj min wait = 30
rgw gc processor period = 10
EOF
}

start_cluster() {
    local started
    started=$(now)
    [ ! -e "$conf" ] || { say "error: $dir already holds a cluster ($conf)"; exit 1; }
    local tool
    for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph s3cmd python3 curl; do
        command -v "$tool" >/dev/null || {
            say "error: $tool not found (Debian packages ceph-mon ceph-osd radosgw s3cmd; scripts/deps.sh)"
            exit 1
        }
    done
    mkdir -p "$dir/mon" "$dir/osd/osd.0" "$dir/rgw" "$dir/log" "$dir/run" "$dir/crash"

    local fsid osd_uuid mon_port rgw_port
    fsid=$(cat /proc/sys/kernel/random/uuid)
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    read -r mon_port rgw_port < <(free_ports)
    local memstore_bytes=${TIDEMARK_CEPH_MEMSTORE_BYTES:-$((2 << 30))}
    [[ $memstore_bytes =~ ^[1-9][0-9]*$ ]] || {
        say "error: TIDEMARK_CEPH_MEMSTORE_BYTES is not a number of bytes: $memstore_bytes"
        exit 1
    }
    write_config "$fsid" "$mon_port" "$rgw_port" "$memstore_bytes"

    monmaptool --create --fsid "$fsid" --addv a "[v1:127.0.0.1:$mon_port]" "$dir/monmap" \
        >"$dir/log/monmaptool.out" 2>&1 || fail "monmaptool failed" "$dir/log/monmaptool.out"
    ceph-mon -c "$conf" -i a --mkfs --monmap "$dir/monmap" >"$dir/log/mon-mkfs.out" 2>&1 ||
        fail "ceph-mon --mkfs failed" "$dir/log/mon-mkfs.out" "$dir/log/mon.a.log"
    launch mon ceph-mon -c "$conf" -i a -f
    say "monitor on 127.0.0.1:$mon_port ($(elapsed "$started"))"

    # The OSD's id (0) from the monitor, then its store and the daemon.
    # A monitor that has just formed its quorum may refuse commands for a moment while its
    # services settle ("EPERM: problem getting command descriptions"): each is tried again then.
    mon_command() { # OUT ARGS...: stdout to $dir/log/OUT.stdout, stderr to $dir/log/OUT.out
        local out=$1 try
        shift
        for try in 1 2 3 4 5 6 7 8; do
            if timeout "$timeout" ceph -c "$conf" --connect-timeout "$timeout" "$@" \
                >"$dir/log/$out.stdout" 2>"$dir/log/$out.out"; then
                return 0
            fi
            grep -q "EPERM\|problem getting command descriptions" "$dir/log/$out.out" || return 1
            sleep "0.$try"
        done
        return 1
    }
    local osd_id
    mon_command osd-new osd new "$osd_uuid" || fail "ceph osd new failed" "$dir/log/osd-new.out" "$dir/log/mon.a.log"
    osd_id=$(cat "$dir/log/osd-new.stdout")
    [ "$osd_id" = 0 ] || fail "ceph osd new gave id '$osd_id', not 0" "$dir/log/osd-new.out"
    mon_command osd-crush osd crush add osd.0 1 root=default ||
        fail "ceph osd crush add failed" "$dir/log/osd-crush.out" "$dir/log/mon.a.log"
    ceph-osd -c "$conf" -i 0 --mkfs --osd-uuid "$osd_uuid" >"$dir/log/osd-mkfs.out" 2>&1 ||
        fail "ceph-osd --mkfs failed" "$dir/log/osd-mkfs.out" "$dir/log/osd.0.log"
    launch osd ceph-osd -c "$conf" -i 0 -f
    say "OSD started ($(elapsed "$started"))"

    # The gateway makes its zone and pools on first start (waiting for the OSD), then listens.
    launch rgw radosgw -c "$conf" -n client.rgw.a -f
    local endpoint="http://127.0.0.1:$rgw_port"
    wait_for "the gateway at $endpoint" rgw curl -sf -o /dev/null --max-time 2 "$endpoint/"
    say "gateway answers at $endpoint ($(elapsed "$started"))"

    local access_key secret_key
    access_key=$(random_text 20 | tr '[:lower:]' '[:upper:]')
    secret_key=$(random_text 40)
    timeout "$timeout" radosgw-admin -c "$conf" user create --uid tidemark --display-name "Tidemark tests" \
        --access-key "$access_key" --secret-key "$secret_key" >"$dir/log/user-create.out" 2>&1 ||
        fail "radosgw-admin user create failed" "$dir/log/user-create.out"

    cat >"$dir/s3cfg" <<EOF
[default]
access_key = $access_key
secret_key = $secret_key
host_base = 127.0.0.1:$rgw_port
host_bucket = 127.0.0.1:$rgw_port
bucket_location = $region
use_https = False
signature_v2 = False
check_ssl_certificate = False
guess_mime_type = False
EOF
    wait_for "an S3 answer with the new user's keys" rgw timeout 10 s3cmd -c "$dir/s3cfg" ls

    cat >"$dir/env.tmp" <<EOF
TIDEMARK_CEPH_ENDPOINT=$endpoint
TIDEMARK_CEPH_ACCESS_KEY=$access_key
TIDEMARK_CEPH_SECRET_KEY=$secret_key
TIDEMARK_CEPH_REGION=$region
EOF
    mv "$dir/env.tmp" "$dir/env"
    say "cluster up in $(elapsed "$started"): $endpoint, region $region, config $conf"
}

# `run`: start, then wait for the end of standard input, a "stop" line, TERM/INT/HUP or (detached,
# for `start`) the owner's exit; then stop the daemons. The daemons are this shell's children.
run_cluster() {
    local stop=0 detached=${TIDEMARK_CEPH_DETACHED:-0} owner=${TIDEMARK_CEPH_OWNER_PID:-}
    trap 'say "interrupted"; stop_daemons; exit 1' TERM INT HUP
    start_cluster
    trap 'stop=1' TERM INT HUP
    echo "ready $dir/env"
    local line rc reported=""
    while [ $stop = 0 ]; do
        if [ "$detached" = 1 ]; then
            sleep 1 &
            wait $! || true
        elif read -r -t 1 line; then
            [ "$line" = stop ] && break
            continue
        else
            rc=$?
            [ $rc -gt 128 ] || break # end of input
        fi
        [ -z "$owner" ] || kill -0 "$owner" 2>/dev/null || break
        [ -e "$conf" ] || break
        local name
        for name in mon osd rgw; do
            if [[ " $reported " != *" $name "* ]] && ! alive "$name"; then
                say "$name exited on its own (log: $dir/log/$(log_name "$name"))"
                reported+=" $name "
            fi
        done
    done
    stop_daemons
    say "stopped"
}

# `start`: a keeper (`run`, detached) in the background, its output in log/keeper.out; returns
# once it is ready, or with its errors when it exits first.
start_detached() {
    mkdir -p "$dir/log" "$dir/run"
    [ ! -e "$conf" ] || { say "error: $dir already holds a cluster ($conf)"; exit 1; }
    TIDEMARK_CEPH_DETACHED=1 "$self" run "$dir" </dev/null >>"$dir/log/keeper.out" 2>&1 &
    local keeper=$!
    echo "$keeper" >"$dir/run/keeper.pid"
    while [ ! -e "$dir/env" ]; do
        if ! kill -0 "$keeper" 2>/dev/null || [ "$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$keeper/stat" 2>/dev/null)" = Z ]; then
            wait "$keeper" 2>/dev/null || true
            rm -f "$dir/run/keeper.pid"
            grep -v '^ready ' "$dir/log/keeper.out" >&2 || true
            say "error: the cluster did not start (log: $dir/log/keeper.out)"
            exit 1
        fi
        sleep 0.1
    done
    grep -v '^ready ' "$dir/log/keeper.out" >&2 || true
}

# `stop`: TERM to the keeper (which stops the daemons in order and reaps them); then whatever
# daemon of DIR still runs, by its recorded PID.
stop_all() {
    local keeper
    if keeper=$(pid_of keeper) && runs_with "$keeper" "$dir"; then
        kill -TERM "$keeper" 2>/dev/null || true
        local deadline=$((SECONDS + stop_timeout * 2 + 10))
        while runs_with "$keeper" "$dir" && [ $SECONDS -lt $deadline ]; do
            sleep 0.1
        done
    fi
    rm -f "$dir/run/keeper.pid"
    stop_daemons
}

[ $# -eq 2 ] || usage
dir=$(cd "$2" 2>/dev/null && pwd) || {
    say "error: no directory $2"
    exit 1
}
[ -w "$dir" ] || {
    say "error: $dir is not writable"
    exit 1
}
conf="$dir/ceph.conf"
timeout=${TIDEMARK_CEPH_TIMEOUT:-60}
stop_timeout=${TIDEMARK_CEPH_STOP_TIMEOUT:-10}
case $1 in
start) start_detached ;;
run) run_cluster ;;
stop) stop_all ;;
*) usage ;;
esac
