#!/usr/bin/env bash
# Retention (issue 17, "Measured"): synthetic fulls and incremental forever on Tidemark nodes.
#
# 1. consolidate: a chain of 10 links (a full of 8 hourly shards holding half of
#    TIDEMARK_BENCH_CONSOLIDATE_MIB, then 9 incrementals, each adding a sixteenth of it: the odd
#    ones into a new hourly shard, the even ones into the shard the one before made, which that
#    link then carries again, so the chain holds superseded copies), >= TIDEMARK_BENCH_CONSOLIDATE_MIB
#    MiB in all (default 1024; ~1.3x that comes out, and a synthetic full of ~1.05x):
#      `tidemark-cli consolidate CHAIN NEWPATH` + sync   against
#      `cat` of the links consolidate reads (those a file of the synthetic full comes from, as its
#      `--json` stages name them: the full and 5 incrementals, ~1.05x; the 4 links whose shard the
#      next link carries again give nothing) into one file on the same disk + sync,
#    page cache dropped before each, order alternated, medians of TIDEMARK_BENCH_REPS (here 5);
#    the ratio time(consolidate) / time(cat) (> 1: consolidate is slower); the synthetic full's
#    size; the client's peak RSS, also once on the same chain shape at a quarter of the size (it
#    must not grow with the chain). The same for a `--compress zstd` chain of the same node
#    (TIDEMARK_BENCH_CONSOLIDATE_ZSTD=0 leaves it out): its synthetic full is zstd again
#    (consolidate's default: as the newest link taken), against `cat` of the zstd links.
#    Each synthetic full is restored once into an empty node, whose `inspect` digest must equal
#    the source node's. (tidemarkd sends the shards written last first: the links' files are not
#    in name order, which consolidate reads as they come.)
# 2. days: the bytes the node sends over TIDEMARK_BENCH_RETENTION_DAYS (30) daily backups of one
#    node (24 h shards) that gets TIDEMARK_BENCH_RETENTION_DAY_MIB (32) MiB of new points a day
#    into that day's shard, plus TIDEMARK_BENCH_RETENTION_LATE (100) late points a day into the
#    day before's shard (0: none); each round writes a day, then backs up twice:
#      A  `backup --max-links K PATH_A` (K = TIDEMARK_BENCH_RETENTION_MAX_LINKS, 8): incremental
#         forever, rolled onto synthetic fulls made locally;
#      B  `backup PATH_B-weekN`, a new chain every TIDEMARK_BENCH_RETENTION_FULL_EVERY (7) rounds:
#         rounds 0, 7, 14, ... are fulls sent by the node.
#    Bytes sent = the links the node sent (the `done` events of `backup --json`; A's synthetic
#    fulls, its `rolled` events, are written by the client from the chain and not counted). Prints
#    both totals and B/A, the bytes each scenario stores (`list --json`), checks every chain of A
#    holds <= K links and that each roll came from the chain the backup before went to, and
#    restores A's newest chain and B's newest chain once, each digest checked against the node's.
#    Warm cache, not timed under the protocol; the backups' wall times are printed as a hint.
#
# Usage: bash tests/bench/retention.sh [consolidate] [days]   (default both)
# Environment: TIDEMARK_BENCH_CONSOLIDATE_MIB (1024), TIDEMARK_BENCH_CONSOLIDATE_ZSTD (1),
#   TIDEMARK_BENCH_REPS (5), TIDEMARK_BENCH_RETENTION_DAYS (30), TIDEMARK_BENCH_RETENTION_DAY_MIB
#   (32), TIDEMARK_BENCH_RETENTION_LATE (100), TIDEMARK_BENCH_RETENTION_MAX_LINKS (8),
#   TIDEMARK_BENCH_RETENTION_FULL_EVERY (7), and lib.sh's (TIDEMARK_BENCH_DIR, TIDEMARK_BENCH_KEEP,
#   TIDEMARK_BENCH_NO_DROP, TIDEMARK_BENCH_BUILD_DIR).
# A quick trial: TIDEMARK_BENCH_CONSOLIDATE_MIB=64 TIDEMARK_BENCH_RETENTION_DAY_MIB=2 TIDEMARK_BENCH_REPS=3 bash tests/bench/retention.sh
# Space under TIDEMARK_BENCH_DIR: ~5x TIDEMARK_BENCH_CONSOLIDATE_MIB for part 1, ~9x DAYS x
# DAY_MIB for part 2 (~9 GiB at the defaults); part 1's files are removed before part 2.
# Time at the defaults on this project's 2-core machine kind: ~10 min (part 1 ~6.5, part 2 ~2.5; the first build aside).
set -euo pipefail
: "${TIDEMARK_BENCH_REPS:=5}"
# shellcheck source=tests/bench/lib.sh
source "$(dirname "$0")/lib.sh"

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(consolidate days)
for p in "${parts[@]}"; do
    case "$p" in consolidate | days) ;; *) die "unknown part '$p' (consolidate, days)" ;; esac
done
want_part() { [[ " ${parts[*]} " == *" $1 "* ]]; }

cons_mib=${TIDEMARK_BENCH_CONSOLIDATE_MIB:-1024}
cons_zstd=${TIDEMARK_BENCH_CONSOLIDATE_ZSTD:-1}
days=${TIDEMARK_BENCH_RETENTION_DAYS:-30}
day_mib=${TIDEMARK_BENCH_RETENTION_DAY_MIB:-32}
late=${TIDEMARK_BENCH_RETENTION_LATE:-100}
max_links=${TIDEMARK_BENCH_RETENTION_MAX_LINKS:-8}
full_every=${TIDEMARK_BENCH_RETENTION_FULL_EVERY:-7}
for v in cons_mib days day_mib max_links full_every; do
    case "${!v}" in '' | *[!0-9]* | 0) die "$v must be a whole number >= 1 (got '${!v}')" ;; esac
done
case "$late" in '' | *[!0-9]*) die "TIDEMARK_BENCH_RETENTION_LATE must be a whole number >= 0" ;; esac
[ "$cons_mib" -ge 16 ] || die "TIDEMARK_BENCH_CONSOLIDATE_MIB must be >= 16"
[ "$max_links" -ge 2 ] || die "TIDEMARK_BENCH_RETENTION_MAX_LINKS must be >= 2"

bench_setup 0
scratch=$(cd "$scratch" && pwd -P) # as the CLI names chains (canonical)
me=$(id -un)
digest_q='' digest_f='' # set by build_chain (printf -v)
# shellcheck disable=SC2034 # set by tm_start (printf -v), read through ${!NAME_url}
node_url='' node_snap='' days_url='' days_snap=''
echo "bench: scale: $(want_part consolidate && echo "consolidate chain >= $cons_mib MiB (quarter: $((cons_mib / 4)) MiB), zstd chain $([ "$cons_zstd" = 1 ] && echo yes || echo no); ")$(want_part days && echo "$days days of $day_mib MiB + $late late points, --max-links $max_links vs a full every $full_every days")"
: >"$scratch/problems"
problem() { # MESSAGE: a CLI result that is not what it should be; listed again at the end
    echo "bench: PROBLEM: $*" >&2
    echo "$*" >>"$scratch/problems"
}

digest_of() { # CONF: the node's inspect digest
    "$tmd" inspect -config "$1" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["digest"])'
}
# check_restore CHAIN DIGEST DAILY: restores CHAIN into an empty node (24 h shards when DAILY=1)
# and checks its digest.
check_restore() {
    local chain=$1 want=$2 got
    rm -rf "$scratch/dst" "$scratch/dst.conf"
    tm_conf dst
    [ "$3" = 1 ] && sed -i 's/^shard-group-duration = .*/shard-group-duration = "24h"/' "$scratch/dst.conf"
    "$cli" restore -config "$scratch/dst.conf" --yes --owner "$me" "$chain" >"$scratch/restore.out" 2>&1 ||
        { tail -n 20 "$scratch/restore.out" >&2; die "restore of $chain failed"; }
    got=$(digest_of "$scratch/dst.conf")
    if [ "$got" = "$want" ]; then
        echo "   (checked: $(basename "$chain") restores to the node's digest)"
    else
        problem "restore of $chain gives digest $got, the node's is $want"
    fi
    rm -rf "$scratch/dst" "$scratch/dst.conf"
}

# ingest NAME POINTS SERIES OFFSET SEED START SPAN: bench_ingest into node NAME, 200-byte random
# strings (the fill's point shape); untimed.
ingest() {
    local url_var="$1_url"
    "$ingest" --url "${!url_var}" --points "$2" --batch 5000 --parallel 2 --series "$3" --series-offset "$4" \
        --seed "$5" --start "$6" --span "$7" --string-bytes 200 --random-strings >"$scratch/ingest.out" 2>&1 ||
        { cat "$scratch/ingest.out" >&2; die "writing to $1 failed"; }
}

# backup_json OUT ARGS...: `tidemark-cli backup --json ARGS` with the node's snapshot address;
# its events in OUT.
backup_json() {
    local out=$1
    shift
    "$cli" backup -host "$node_snap" --json "$@" >"$out" 2>"$out.err" ||
        { cat "$out" "$out.err" >&2; die "backup $* failed"; }
}
# events FILE: the backup's rolled and done events, tab-separated:
# rolled_from rolled_to rolled_bytes done_chain done_path done_bytes incremental nothing_changed
events() {
    python3 - "$1" <<'EOF'
import json, sys
r = {"from": "-", "to": "-", "bytes": 0}
d = None
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    if o.get("event") == "rolled":
        r = o
    elif o.get("event") == "done":
        d = o
if d is None:
    sys.exit("no done event")
print("\t".join(str(x) for x in (r["from"], r["to"], r["bytes"], d.get("chain", "-"), d.get("path", "-"),
      d.get("bytes", 0), int(bool(d.get("incremental", False))), int(bool(d.get("nothingChanged", False))))))
EOF
}
# chains DIR: every chain `list --json DIR` shows, one a line: name links bytes synthetic(0/1)
chains() {
    "$cli" list --json "$1" | python3 -c '
import json, sys
c = json.load(sys.stdin)
for ch in c["chains"]:
    print(ch["name"], len(ch["links"]), ch["bytes"])
'
}

# ---- 1. consolidate ---------------------------------------------------------------------------

# build_chain TAG MIB: a node (hourly shards) and its chains $scratch/TAG-plain/c and, with zstd,
# $scratch/TAG-zstd/c, 10 links each (see the header); sets digest_TAG. The node's data is removed.
build_chain() {
    local tag=$1 total=$2 bpp points k hour t0
    t0=$(now)
    note "$tag: a node and its chains of 10 links, >= $total MiB (untimed)"
    rm -rf "$scratch/node" "$scratch/$tag-plain" "$scratch/$tag-zstd"
    mkdir -p "$scratch/$tag-plain" "$scratch/$tag-zstd"
    tm_conf node
    tm_start node
    fill tidemark node $((total / 2)) 8 200
    local written=${fill_points[node]}
    bpp=$(($(node_bytes tidemark node) / written + 1))
    points=$((total * 1048576 / 16 / bpp))
    for k in $(seq 0 9); do
        if [ "$k" -gt 0 ]; then
            # 1, 2 -> hour 8; 3, 4 -> hour 9; ... 9 -> hour 12
            hour=$((8 + (k - 1) / 2))
            ingest node "$points" 1000 $((100000 + k * 1000)) $((k + 50)) $((t0_epoch + hour * 3600)) 3600
        fi
        backup_json "$scratch/ev" "$scratch/$tag-plain/c"
        IFS=$'\t' read -r _ _ _ _ _ b1 incr _ <<<"$(events "$scratch/ev")"
        [ "$incr" = $((k > 0 ? 1 : 0)) ] || problem "$tag: backup $k of the plain chain: incremental=$incr"
        local line
        line="   link $k: plain $(mib "$b1") MiB"
        if [ "$cons_zstd" = 1 ]; then
            backup_json "$scratch/ev" --compress zstd "$scratch/$tag-zstd/c"
            IFS=$'\t' read -r _ _ _ _ _ b2 _ _ <<<"$(events "$scratch/ev")"
            line+=", zstd $(mib "$b2") MiB"
        fi
        echo "$line; node $(mib "$(node_bytes tidemark node)") MiB"
    done
    printf -v "digest_$tag" '%s' "$(digest_of "$scratch/node.conf")"
    node_stop node
    rm -rf "$scratch/node"
    echo "   $tag: node and chains made in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s"
}

# chain_links CHAIN: the chain's links in order (full first), one path a line
chain_links() {
    local c=$1 n=0
    echo "$c"
    while [ -e "$c.$n" ]; do echo "$c.$n"; n=$((n + 1)); done
}

# consolidate_once STEP CHAIN NEWPATH: the timed consolidate + sync.
consolidate_once() {
    rm -f "$3" "$3".*
    timed "$1" synced "$cli" consolidate --json "$2" "$3"
}
# probe NAME CHAIN NEWPATH: an untimed `consolidate --json CHAIN NEWPATH`, its events in
# $scratch/t/NAME.json (linksRead, bytesRead, the links a file came from); NEWPATH is removed.
# A failure is a problem (listed at the end), and the status is 1.
probe() {
    rm -f "$3" "$3".*
    if ! "$cli" consolidate --json "$2" "$3" >"$scratch/t/$1.json" 2>"$scratch/t/$1.err"; then
        problem "\`tidemark-cli consolidate --json $2 $3\` failed: $(grep -hv '^{' "$scratch/t/$1.json" "$scratch/t/$1.err" |
            tail -n 3 | tr '\n' ' ')"
        return 1
    fi
    rm -f "$3" "$3".*
}
# cat_once STEP LISTFILE OUT: the timed cat of the links in LISTFILE into OUT + sync.
cat_once() {
    rm -f "$3"
    # shellcheck disable=SC2016 # expanded by the inner bash
    timed "$1" synced bash -c 'xargs -d "\n" cat <"$1" >"$2"' cat "$2" "$3"
    rm -f "$3"
}
# done_field STEP FIELD: a field of the step's first run's done event.
done_field() {
    python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.startswith("{"):
        o = json.loads(line)
        if o.get("event") == "done":
            print(o[sys.argv[2]])
' "$scratch/t/$1.json" "$2"
}
# read_links STEP CHAIN OUT: the links of CHAIN a file of the synthetic full came from (the stages
# "writing FILE from LINK" of the step's first run), in chain order, into OUT; one path a line.
read_links() {
    chain_links "$2" | python3 -c '
import json, os, sys
seen = set()
for line in open(sys.argv[1]):
    if line.startswith("{"):
        o = json.loads(line)
        s = o.get("stage", "") if o.get("event") == "stage" else ""
        if s.startswith("writing ") and " from " in s:
            seen.add(os.path.basename(s.rsplit(" from ", 1)[1]))
for link in sys.stdin.read().split("\n"):
    if link and os.path.basename(link) in seen:
        print(link)
' "$scratch/t/$1.json" >"$3"
}

run_consolidate() {
    local kind n b r
    build_chain q $((cons_mib / 4))
    note "quarter size: one consolidate of each chain (peak RSS at a quarter of the size)"
    probe probe-q-plain "$scratch/q-plain/c" "$scratch/q-new-plain" || { cons_failed=1; return 0; }
    consolidate_once q.consolidate-plain "$scratch/q-plain/c" "$scratch/q-new-plain"
    check_restore "$scratch/q-new-plain" "$digest_q" 0
    q_chain_plain=$(bytes_of "$scratch"/q-plain/c*)
    rm -rf "$scratch/q-new-plain" "$scratch/q-plain"
    if [ "$cons_zstd" = 1 ]; then
        probe probe-q-zstd "$scratch/q-zstd/c" "$scratch/q-new-zstd" || { cons_failed=1; return 0; }
        consolidate_once q.consolidate-zstd "$scratch/q-zstd/c" "$scratch/q-new-zstd"
        q_chain_zstd=$(bytes_of "$scratch"/q-zstd/c*)
        rm -rf "$scratch/q-new-zstd" "$scratch/q-zstd"
    fi

    build_chain f "$cons_mib"
    f_chain_plain=$(bytes_of "$scratch"/f-plain/c*)
    [ "$f_chain_plain" -ge $((cons_mib * 1048576)) ] ||
        echo "bench: note: the plain chain holds $(mib "$f_chain_plain") MiB, short of $cons_mib MiB"
    [ "$(chain_links "$scratch/f-plain/c" | wc -l)" = 10 ] || die "the plain chain does not hold 10 links"
    # The first consolidate tells which links give a file; cat reads exactly those.
    note "full size: which links consolidate reads (untimed first run)"
    for kind in plain $([ "$cons_zstd" = 1 ] && echo zstd); do
        probe "probe-$kind" "$scratch/f-$kind/c" "$scratch/f-new-$kind" || { cons_failed=1; return 0; }
        read_links "probe-$kind" "$scratch/f-$kind/c" "$scratch/links-$kind"
        n=$(wc -l <"$scratch/links-$kind")
        b=$(xargs -d '\n' du -cb <"$scratch/links-$kind" | awk 'END { print $1 }')
        r=$(done_field "probe-$kind" bytesRead)
        echo "   $kind chain: $(chain_links "$scratch/f-$kind/c" | wc -l) links, $(mib "$(bytes_of "$scratch"/f-"$kind"/c*)") MiB;" \
            "consolidate reads $n of them ($(mib "$b") MiB; it reports $(done_field "probe-$kind" linksRead) links, $(mib "$r") MiB)"
        [ "$b" = "$r" ] || problem "consolidate --json of the $kind chain reports bytesRead $r, the links it names hold $b"
    done

    s_cons_plain() { consolidate_once consolidate-plain "$scratch/f-plain/c" "$scratch/f-new-plain"; }
    s_cat_plain() { cat_once cat-plain "$scratch/links-plain" "$scratch/cat.out"; }
    s_cons_zstd() { consolidate_once consolidate-zstd "$scratch/f-zstd/c" "$scratch/f-new-zstd"; }
    s_cat_zstd() { cat_once cat-zstd "$scratch/links-zstd" "$scratch/cat.out"; }
    note "full size: consolidate + sync vs cat of the same links + sync ($reps repetitions, alternated)"
    if [ "$cons_zstd" = 1 ]; then
        alternate s_cons_plain s_cat_plain s_cons_zstd s_cat_zstd
    else
        alternate s_cons_plain s_cat_plain
    fi
    synth_plain=$(stat -c %s "$scratch/f-new-plain")
    check_restore "$scratch/f-new-plain" "$digest_f" 0
    rm -f "$scratch/f-new-plain"
    if [ "$cons_zstd" = 1 ]; then
        synth_zstd=$(stat -c %s "$scratch/f-new-zstd")
        check_restore "$scratch/f-new-zstd" "$digest_f" 0
        rm -f "$scratch/f-new-zstd"
    fi

    tratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }
    {
        echo
        echo "== Results, consolidate: chains of 10 links (a full of 8 hourly shards + 9 incrementals), median of $reps," \
            "page cache $([ "$drop" = 1 ] && echo dropped || echo "NOT dropped (warm)") before each step"
        echo "| step | bytes read (MiB) | runs (s) | median (s) | MiB/s read | client peak RSS (MiB) |"
        echo "| --- | --- | --- | --- | --- | --- |"
        for kind in plain $([ "$cons_zstd" = 1 ] && echo zstd); do
            rb=$(done_field "probe-$kind" bytesRead)
            for s in "consolidate-$kind" "cat-$kind"; do
                echo "| $s | $(mib "$rb") | $(runs "$s") | $(median "$s") | $(rate "$rb" "$(median "$s")") | $(peak_rss "$s") |"
            done
        done
        echo
        echo "plain chain $(mib "$f_chain_plain") MiB -> synthetic full $(mib "$synth_plain") MiB;" \
            "time(consolidate) / time(cat): **$(tratio consolidate-plain cat-plain)** (> 1: consolidate is slower)"
        if [ "$cons_zstd" = 1 ]; then
            echo "zstd chain $(mib "$(bytes_of "$scratch"/f-zstd/c*)") MiB -> synthetic full (zstd) $(mib "$synth_zstd") MiB;" \
                "time(consolidate) / time(cat): **$(tratio consolidate-zstd cat-zstd)**"
        fi
        echo "client peak RSS of consolidate, plain: $(peak_rss q.consolidate-plain) MiB at a chain of $(mib "$q_chain_plain") MiB," \
            "$(peak_rss consolidate-plain) MiB at $(mib "$f_chain_plain") MiB"
        if [ "$cons_zstd" = 1 ]; then
            echo "client peak RSS of consolidate, zstd:  $(peak_rss q.consolidate-zstd) MiB at a chain of $(mib "$q_chain_zstd") MiB," \
                "$(peak_rss consolidate-zstd) MiB at $(mib "$(bytes_of "$scratch"/f-zstd/c*)") MiB"
        fi
    } | tee "$scratch/results-consolidate"
}
if want_part consolidate; then
    cons_failed=0
    run_consolidate # Not in a condition: `set -e` holds inside.
    if [ "$cons_failed" = 1 ]; then
        echo "bench: consolidate failed on this chain (listed at the end); its measurements are left out." >&2
    fi
    rm -rf "$scratch"/q-* "$scratch"/f-*
fi

# ---- 2. days ----------------------------------------------------------------------------------

run_days() {
    local d t0 t1 rfrom rto rbytes dchain dbytes dincr dnothing a_col week bchain bbytes bincr series
    note "days: $days rounds of $day_mib MiB of new points into the day's shard + $late late points into the day before's;" \
        "A: backup --max-links $max_links; B: a new chain every $full_every rounds"
    tm_conf days
    sed -i 's/^shard-group-duration = .*/shard-group-duration = "24h"/' "$scratch/days.conf"
    tm_start days
    node_snap=$days_snap
    mkdir -p "$scratch/A" "$scratch/B"
    series=1000
    day_points=$((day_mib * 1048576 / 1000)) # a first guess of bytes per point (a new day's shard); then measured
    sent_a=0 sent_b=0 synth_a=0 rolls=0 secs_a=0 secs_b=0 points_total=0 bytes0=0 points0=0
    head_a="$scratch/A/node" head_links=0 # the chain A's next backup should go to, and its links
    printf '   %-4s %9s | %-32s | %s\n' day "node MiB" "A: sent MiB (synthetic), chain.links" "B: sent MiB, chain"
    for d in $(seq 0 $((days - 1))); do
        ingest days "$day_points" "$series" 0 $((d + 1)) $((t0_epoch + d * 86400)) 86400
        points_total=$((points_total + day_points))
        if [ "$d" -gt 0 ] && [ "$late" -gt 0 ]; then
            points_total=$((points_total + late))
            ingest days "$late" 10 $((500000 + d * 10)) $((d + 1000)) $((t0_epoch + (d - 1) * 86400 + 79200)) 3600
        fi
        # Points a day for DAY_MIB: guessed for day 0 (which also pays the node's fixed bytes), then
        # from the bytes per point days 1 and 2 added (late points included); fixed from day 3 on.
        if [ "$d" = 0 ]; then
            bytes0=$(node_bytes tidemark days)
            points0=$points_total
        elif [ "$d" -le 2 ]; then
            day_points=$((day_mib * 1048576 * (points_total - points0) / ($(node_bytes tidemark days) - bytes0)))
        fi
        # A
        t0=$(now)
        backup_json "$scratch/ev-a" --max-links "$max_links" "$scratch/A/node"
        t1=$(now)
        IFS=$'\t' read -r rfrom rto rbytes dchain _ dbytes dincr dnothing <<<"$(events "$scratch/ev-a")"
        secs_a=$(awk -v s="$secs_a" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", s + b - a }')
        if [ "$rfrom" != - ]; then
            rolls=$((rolls + 1))
            synth_a=$((synth_a + rbytes))
            if [ "$rfrom" != "$head_a" ]; then
                problem "day $d: \`backup --max-links $max_links\` rolled $(basename "$rfrom") onto $(basename "$rto"), but the" \
                    "newest chain of the series is $(basename "$head_a") ($head_links links), where the backup before went"
                # Every later backup would roll again and send more (disk and time grow fast): stop here.
                days_broken=1
                break
            elif [ "$head_links" != "$max_links" ]; then
                problem "day $d: A rolled $(basename "$rfrom") at $head_links links, not $max_links"
            fi
            head_a=$rto
            head_links=1
        elif [ "$head_links" -ge "$max_links" ]; then
            problem "day $d: A's chain $(basename "$head_a") holds $head_links links and was not rolled"
        fi
        [ "$dchain" = "$head_a" ] || problem "day $d: A's backup went to $dchain, not $head_a"
        [ "$dnothing" = 0 ] || problem "day $d: A's backup found nothing changed"
        [ "$dincr" = $((d > 0 ? 1 : 0)) ] || problem "day $d: A's backup has incremental=$dincr"
        head_links=$((head_links + 1))
        sent_a=$((sent_a + dbytes))
        a_col="$(mib "$dbytes")$([ "$rfrom" != - ] && echo " ($(mib "$rbytes") rolled)"), $(basename "$dchain").$head_links"
        # B
        week=$((d / full_every))
        t0=$(now)
        backup_json "$scratch/ev-b" "$scratch/B/node-week$week"
        t1=$(now)
        IFS=$'\t' read -r _ _ _ bchain _ bbytes bincr _ <<<"$(events "$scratch/ev-b")"
        secs_b=$(awk -v s="$secs_b" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", s + b - a }')
        [ "$bincr" = $((d % full_every > 0 ? 1 : 0)) ] || problem "day $d: B's backup has incremental=$bincr"
        sent_b=$((sent_b + bbytes))
        printf '   %-4s %9s | %-32s | %s %s\n' "$d" "$(mib "$(node_bytes tidemark days)")" "$a_col" \
            "$(mib "$bbytes")" "$(basename "$bchain")$([ "$bincr" = 0 ] && echo " (full)")"
    done
    node_stop days
}
report_days() {
    local over newest_a node_mib
    days_digest=$(digest_of "$scratch/days.conf")
    node_mib=$(mib "$(node_bytes tidemark days)")

    chains "$scratch/A" >"$scratch/chains-a"
    chains "$scratch/B" >"$scratch/chains-b"
    stored_a=$(awk '{ s += $3 } END { printf "%.0f", s }' "$scratch/chains-a")
    stored_b=$(awk '{ s += $3 } END { printf "%.0f", s }' "$scratch/chains-b")
    over=$(awk -v k="$max_links" '$2 > k { printf "%s%s (%d links)", (n++ ? ", " : ""), $1, $2 }' "$scratch/chains-a")
    [ -z "$over" ] || problem "chains of A with more than $max_links links: $over"
    [ "$stored_a" -eq $((sent_a + synth_a)) ] ||
        problem "A stores $stored_a bytes, but sent $sent_a + rolled $synth_a = $((sent_a + synth_a))"
    [ "$stored_b" -eq "$sent_b" ] || problem "B stores $stored_b bytes, but sent $sent_b"
    note "checking the newest chain of each scenario (a restore into an empty node)"
    newest_a=$(awk 'END { print $1 }' "$scratch/chains-a")
    [ "$scratch/A/$newest_a" = "$head_a" ] || problem "list's newest chain of A is $newest_a, the backups went to $head_a"
    check_restore "$head_a" "$days_digest" 1
    check_restore "$scratch/B/node-week$(((days - 1) / full_every))" "$days_digest" 1

    {
        echo
        echo "== Results, $days daily backups of one node ($node_mib MiB and $points_total points at the end," \
            "$(awk -v b="$(node_bytes tidemark days)" -v d="$days" 'BEGIN { printf "%.1f", b / d / 1048576 }') MiB a day;" \
            "asked: $day_mib MiB of new points a day, $late late points a day into the day before's shard)"
        echo "| scenario | chains | links per chain | bytes the node sent (MiB) | synthetic fulls, made locally (MiB) | stored (MiB) | backups' wall time (s, warm, a hint) |"
        echo "| --- | --- | --- | --- | --- | --- | --- |"
        echo "| A: --max-links $max_links (incremental forever) | $(wc -l <"$scratch/chains-a") |" \
            "$(awk '{ printf "%s%d", (NR > 1 ? " " : ""), $2 }' "$scratch/chains-a") | $(mib "$sent_a") |" \
            "$(mib "$synth_a") ($rolls rolls) | $(mib "$stored_a") | $secs_a |"
        echo "| B: a new full every $full_every days | $(wc -l <"$scratch/chains-b") |" \
            "$(awk '{ printf "%s%d", (NR > 1 ? " " : ""), $2 }' "$scratch/chains-b") | $(mib "$sent_b") | 0 |" \
            "$(mib "$stored_b") | $secs_b |"
        echo
        echo "bytes the node sent, B / A: **$(awk -v a="$sent_a" -v b="$sent_b" 'BEGIN { printf "%.2f", b / a }')**;" \
            "stored, B / A: $(awk -v a="$stored_a" -v b="$stored_b" 'BEGIN { printf "%.2f", b / a }');" \
            "every chain of A holds <= $max_links links: $([ -z "$over" ] && echo yes || echo "NO ($over)")"
    } | tee "$scratch/results-days"
}

if want_part days; then
    days_broken=0
    run_days # Not in a condition: `set -e` holds inside.
    if [ "$days_broken" = 1 ]; then
        echo "bench: scenario A did not roll as it should (listed at the end): the days part stopped there" >&2
    else
        report_days
    fi
fi

if [ -s "$scratch/problems" ]; then
    echo
    echo "== PROBLEMS (the CLI did not do what it should; the numbers above are not to be trusted):"
    awk '{ if (NR <= 8) print "   - " $0 } END { if (NR > 8) printf "   ... and %d more like these (above)\n", NR - 8 }' "$scratch/problems"
    exit 1
fi
