#!/usr/bin/env bash
# Load benchmark: runs the napload load generator (not in this repository: NAPLOAD_DIR, by
# default ../shared/tools/napload beside the project; see scripts/bench-lib.sh) against an OpenNapJ
# server this script starts itself, and optionally - one after the other, never at the same
# time - the same napload command against opennap-ng 0.50 (the reference), then prints the
# key figures of both JSON summaries side by side with the ratio OpenNapJ / opennap-ng.
#
#   scripts/bench.sh [options] [--] NAPLOAD-ARGS...
#
#   scripts/bench.sh -- -U 200 -F 100 -S 2000 -Q 8                    # OpenNapJ only
#   scripts/bench.sh -- -U 5000 -C 100 -F 200 -S 5000 -Q 32
#   scripts/bench.sh --no-reference -- -U 10000 -C 200 --phases login,hold --hold 30
#
# Options (before the napload arguments; '--' ends them):
#   --reference          also run opennap-ng (the default when ANCHORS or OPENNAP_BIN is set)
#   --no-reference       OpenNapJ only
#   --reference-only     opennap-ng only (e.g. to repeat a reference figure)
#   --heap SIZE          OpenNapJ heap, -Xms and -Xmx (default: from the file count, see below);
#                        'launcher': no heap options, the launcher's own rule sets -Xmx
#   --rss-after SECS     after napload has finished, keep the OpenNapJ server running SECS more
#                        seconds and record its RSS every 5 s (opennapj-rss-after.txt): how much
#                        memory comes back after the run (e.g. after a mass logout)
#   --gc NAME            g1 (default), serial, parallel or zgc (see BENCHMARKS.md for the comparison)
#   --java-opts "OPTS"   more JVM options for OpenNapJ (appended after the script's own)
#   --jfr FILE           record a JFR profile of the OpenNapJ run into FILE (settings=profile)
#   -o KEY=VALUE         extra OpenNapJ config override (repeatable; later ones win)
#   --ref-config "LINE"  extra opennap-ng config line (repeatable, see run-reference.sh)
#   --probe-heap PHASE   when napload has finished PHASE (login or share; needs a later phase
#                        to keep the clients, e.g. --phases login,share,hold --hold 20): record
#                        the OpenNapJ RSS and its heap before and after a full GC (jcmd), and
#                        a class histogram, in probe.txt
#   --out DIR            where results go (default: target/bench/<date-time>)
#   --warmup "ARGS"      before the measured OpenNapJ run, run napload once with ARGS against the
#                        same server (JIT warm-up; its clients log out before the measured run),
#                        e.g. --warmup "-U 1000 -F 100 -S 5000 -Q 32 --nick-prefix w"
#   --concurrent "ARGS"  once the main napload has finished its share phase, start a second
#                        napload with ARGS against the same server (use another --nick-prefix);
#                        its output goes to NAME-concurrent.{txt,json}. For the mass-logout test:
#                        the main run shares and holds, then exits (all its users log out at
#                        once) while the concurrent one is searching (see BENCHMARKS.md).
#   --napload BIN        napload binary (default: target/napload, built from
#                        $NAPLOAD_DIR/napload.c when missing)
#
# Every napload run gets --server-pid and --json. Everything listens and connects on 127.0.0.1
# only. Every wait is bounded and both servers are always stopped at the end (also on Ctrl-C).
#
# OpenNapJ is started as: ./opennapj server --data <fresh temp dir> --port <free port>
#   --listen 127.0.0.1 -o ... with the overrides below, which mirror the reference configuration
#   of run-reference.sh so that no limit caps the test:
#     index_path_depth=3       artist directory searchable (napload queries artist + title words)
#     max_shared=100000        files per user
#     max_results=100          (the default, as in the reference)
#     client_queue_length=1048576
#     max_connections=0, max_clones=0, connection_hard_limit=0 (automatic: fd limit - 64)
#     login_timeout=120
#     auto_register=off        a login with an unregistered nick is accepted without hashing a
#                              password. The reference registers every nick (auto_register 1),
#                              which costs it nothing; in OpenNapJ a registration is a PBKDF2
#                              hash plus an SQLite write - pass -o auto_register=on to measure that.
# JVM (OPENNAPJ_JAVA_OPTS): -Xms=-Xmx=HEAP, a GC log (opennapj-gc.log in the results) and, for
#   --gc other than g1, the collector; the launcher adds its own defaults before these (G1, a
#   48 MiB young generation, native heap trimming, the ahead-of-time cache; see ./opennapj).
#   HEAP defaults to 512 MiB + 1 KiB per shared file (U x F from the napload arguments), at
#   least 1 GiB; the heap is not pre-touched, so RSS grows with the index.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"

reference=""
[ -n "${ANCHORS:-}${OPENNAP_BIN:-}" ] && reference=yes
only_reference=""
heap=""
gc=g1
extra_java=""
jfr=""
probe=""
warmup=""
concurrent=""
out=""
rss_after=0
napload="$here/target/napload"
overrides=()
ref_config=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --reference) reference=yes ;;
        --no-reference) reference="" ;;
        --reference-only) reference=yes; only_reference=yes ;;
        --heap) heap=${2:?--heap needs a size}; shift ;;
        --gc) gc=${2:?--gc needs parallel, g1 or zgc}; shift ;;
        --java-opts) extra_java=${2?}; shift ;;
        --jfr) jfr=${2:?--jfr needs a file}; shift
               case "$jfr" in /*) ;; *) jfr="$PWD/$jfr" ;; esac ;;
        -o) overrides+=("${2:?-o needs KEY=VALUE}"); shift ;;
        --ref-config) ref_config+=("${2:?--ref-config needs a line}"); shift ;;
        --probe-heap) probe=${2:?--probe-heap needs login or share}; shift
                      case "$probe" in login|share) ;; *) echo "--probe-heap login|share" >&2; exit 2 ;; esac ;;
        --warmup) warmup=${2:?--warmup needs napload arguments}; shift ;;
        --concurrent) concurrent=${2:?--concurrent needs napload arguments}; shift ;;
        --out) out=${2:?--out needs a directory}; shift ;;
        --rss-after) rss_after=${2:?--rss-after needs seconds}; shift ;;
        --napload) napload=${2:?}; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        *) break ;;
    esac
    shift
done
napargs=("$@")

for a in "${napargs[@]}"; do
    case "$a" in
        -p|--port|--server-pid|--json|-H|--host) echo "bench.sh sets $a itself; leave it out" >&2; exit 2 ;;
    esac
done

. "$here/scripts/java-env.sh"
. "$here/scripts/bench-lib.sh"
command -v python3 >/dev/null || { echo "python3 is needed for the summary table" >&2; exit 2; }

# ---------------------------------------------------------------- napload
build_napload "$napload" || exit 2

# users x files from the napload arguments (napload's defaults: 1000 x 100)
users=1000
files=100
phases=login,share,search
i=0
while [ $i -lt ${#napargs[@]} ]; do
    case "${napargs[$i]}" in
        -U|--users) users=${napargs[$((i + 1))]} ;;
        -F|--files) files=${napargs[$((i + 1))]} ;;
        --phases) phases=${napargs[$((i + 1))]} ;;
    esac
    i=$((i + 1))
done
case ",$phases," in *,share,*|*,all,*) total_files=$((users * files)) ;; *) total_files=0 ;; esac
if [ -z "$heap" ]; then
    mib=$((512 + total_files / 1024))
    [ $mib -lt 1024 ] && mib=1024
    heap="${mib}m"
fi
case "$gc" in
    serial) gcopt="-XX:+UseSerialGC" ;;
    parallel) gcopt="-XX:+UseParallelGC" ;;
    g1) gcopt="" ;;   # the launcher's default, with its young generation setting
    zgc) gcopt="-XX:+UseZGC" ;;
    *) echo "unknown --gc $gc (g1, serial, parallel, zgc)" >&2; exit 2 ;;
esac

[ -n "$out" ] || out="$here/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
tmproot=${TMPDIR:-/tmp}
tmproot=${tmproot%/}

# ---------------------------------------------------------------- cleanup
server_pid=""
napload_pid=""
side_pid=""
probe_pid=""
datadir=""
refwork=""
cleanup() {
    stop_pid "$side_pid"; side_pid=""
    stop_pid "$probe_pid"; probe_pid=""
    stop_pid "$napload_pid"; napload_pid=""
    stop_pid "$server_pid"; server_pid=""
    if [ -n "$datadir" ] && [ -d "$datadir" ]; then rm -rf "$datadir"; fi
    if [ -n "$refwork" ] && [ -d "$refwork" ]; then rm -rf "$refwork"; fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM




# run napload against PORT/PID; output in $out/NAME.{txt,json}; exit status in $out/NAME.rc
run_napload() {
    local name=$1 port=$2 pid=$3
    wait_time_wait
    echo "[$name] $napload -p $port --server-pid $pid ${napargs[*]} --json" >&2
    set +e
    # napload ends by itself (its --max-time, 3600 s by default); timeout is a last resort
    timeout 7500 "$napload" -p "$port" --server-pid "$pid" "${napargs[@]}" --json > "$out/$name.txt" 2> "$out/$name.err" &
    napload_pid=$!
    probe_pid=""
    side_pid=""
    if [ -n "$probe" ] && [ "$name" = opennapj ]; then
        probe_heap "$pid" &
        probe_pid=$!
    fi
    if [ -n "$concurrent" ]; then
        run_concurrent "$name" "$port" "$pid" &
        side_pid=$!
    fi
    wait "$napload_pid"
    local rc=$?
    napload_pid=""
    if [ -n "$side_pid" ]; then
        # the concurrent napload ends by itself (its own --max-time; at most 900 s here)
        wait "$side_pid" 2>/dev/null || true
        side_pid=""
        grep '^{"tool":"napload"' "$out/$name-concurrent.txt" 2>/dev/null | tail -1 > "$out/$name-concurrent.json" || true
    fi
    if [ -n "$probe_pid" ]; then
        # the probe ends by itself once it has written probe.txt or the server is gone
        for _ in $(seq 1 300); do kill -0 "$probe_pid" 2>/dev/null || break; sleep 1; done
        kill "$probe_pid" 2>/dev/null || true
        probe_pid=""
    fi
    set -e
    echo "$rc" > "$out/$name.rc"
    grep '^{"tool":"napload"' "$out/$name.txt" | tail -1 > "$out/$name.json" || true
    grep -v '^{"tool":"napload"' "$out/$name.txt" >&2 || true
    echo "[$name] napload exit status $rc" >&2
}

run_concurrent() {
    # start the concurrent napload once the main one has reported its share phase
    local name=$1 port=$2 pid=$3 side
    for _ in $(seq 1 36000); do
        kill -0 "$pid" 2>/dev/null || return 0
        if grep -q '^  users done' "$out/$name.txt" 2>/dev/null; then
            echo "[$name] concurrent: $napload -p $port $concurrent --json" >&2
            # shellcheck disable=SC2086 # word splitting of the arguments is intended
            timeout 900 "$napload" -p "$port" --server-pid "$pid" $concurrent --json \
                > "$out/$name-concurrent.txt" 2>&1 &
            side=$!
            # if we are stopped, stop the concurrent napload too
            trap 'kill "$side" 2>/dev/null' TERM INT
            wait "$side"
            return 0
        fi
        sleep 0.1
    done
}

probe_heap() {
    # when napload reports the phase done, record heap (before/after a full GC) and RSS
    local pid=$1 jcmd="$JAVA_HOME/bin/jcmd" marker
    case "$probe" in
        login) marker='^  ok [0-9]*  failed' ;;
        *) marker='^  users done' ;;
    esac
    for _ in $(seq 1 36000); do
        kill -0 "$pid" 2>/dev/null || return 0
        if grep -q "$marker" "$out/opennapj.txt" 2>/dev/null; then
            {
                echo "== after the $probe phase: $(date +%T)"
                grep -E 'VmRSS|VmHWM' "/proc/$pid/status"
                echo "== GC.heap_info before a full GC"
                timeout 60 "$jcmd" "$pid" GC.heap_info
                timeout 120 "$jcmd" "$pid" GC.run
                echo "== GC.heap_info after a full GC"
                timeout 60 "$jcmd" "$pid" GC.heap_info
                grep -E 'VmRSS|VmHWM' "/proc/$pid/status"
                echo "== native memory (with --java-opts -XX:NativeMemoryTracking=summary)"
                timeout 60 "$jcmd" "$pid" VM.native_memory summary | grep -E '^(Total|-) ' | head -30
                echo "== class histogram (top 25)"
                timeout 120 "$jcmd" "$pid" GC.class_histogram | head -30
            } > "$out/probe.txt" 2>&1
            return 0
        fi
        sleep 0.1
    done
}

# ---------------------------------------------------------------- OpenNapJ
run_opennapj() {
    # build first (bounded), so the start below only has to start
    if ! timeout 600 "$here/opennapj" --help > /dev/null 2> "$out/build.log"; then
        echo "OpenNapJ build failed; see $out/build.log" >&2; exit 1
    fi
    local port; port=$(free_port)
    mkdir -p "$tmproot/napload-run"
    datadir=$(mktemp -d "$tmproot/napload-run/opennapj-$port.XXXXXX")
    local java_opts="$gcopt -Xlog:gc:file=$out/opennapj-gc.log:uptime,level"
    [ "$heap" != launcher ] && java_opts="-Xms$heap -Xmx$heap $java_opts"
    if [ -n "$jfr" ]; then
        java_opts="$java_opts -XX:StartFlightRecording=filename=$jfr,settings=profile,dumponexit=true"
    fi
    [ -n "$extra_java" ] && java_opts="$java_opts $extra_java"
    local opts=(-o index_path_depth=3 -o max_shared=100000 -o max_results=100
        -o client_queue_length=1048576 -o max_connections=0 -o max_clones=0
        -o connection_hard_limit=0 -o login_timeout=120 -o auto_register=off)
    local o
    for o in "${overrides[@]}"; do opts+=(-o "$o"); done
    echo "[opennapj] OPENNAPJ_JAVA_OPTS='$java_opts' ./opennapj server --data $datadir --port $port --listen 127.0.0.1 ${opts[*]}" >&2
    {
        echo "OPENNAPJ_JAVA_OPTS='$java_opts' ./opennapj server --data $datadir --port $port --listen 127.0.0.1 ${opts[*]}"
        echo "JAVA_HOME=$JAVA_HOME"
    } > "$out/opennapj.cmd"
    OPENNAPJ_JAVA_OPTS="$java_opts" start_in_clean_fds "$here/opennapj" server --data "$datadir" --port "$port" \
        --listen 127.0.0.1 "${opts[@]}" > "$out/opennapj-server.log" 2>&1
    server_pid=$!
    if ! wait_listen "$server_pid" "$port" 60 || ! wait_running "$server_pid" "$out/opennapj-server.log" 60; then
        echo "OpenNapJ did not listen on 127.0.0.1:$port within 60 s; see $out/opennapj-server.log" >&2
        tail -5 "$out/opennapj-server.log" >&2 || true
        exit 1
    fi
    grep -E 'Max open files' "/proc/$server_pid/limits" > "$out/opennapj.limits" || true
    echo "opennapj jar: $(ls -l --time-style=+%FT%T "$here/app/target/opennapj.jar" | awk '{print $6}') $(sha1sum "$here/app/target/opennapj.jar" | cut -c1-12)" >> "$out/run.txt"
    if [ -n "$warmup" ]; then
        wait_time_wait
        echo "[warmup] $napload -p $port $warmup" >&2
        # shellcheck disable=SC2086 # word splitting of the warm-up arguments is intended
        timeout 900 "$napload" -p "$port" --server-pid "$server_pid" $warmup > "$out/warmup.txt" 2>&1 || true
        sleep 2
    fi
    grep -E 'VmRSS' "/proc/$server_pid/status" > "$out/opennapj.status-at-start" 2>/dev/null || true
    run_napload opennapj "$port" "$server_pid"
    grep -E 'VmRSS|VmHWM' "/proc/$server_pid/status" > "$out/opennapj.status-at-end" 2>/dev/null || true
    if [ "$rss_after" -gt 0 ]; then
        local t
        echo "[opennapj] RSS for $rss_after s after the run (seconds after napload's end, MiB):" >&2
        for t in $(seq 0 5 "$rss_after"); do
            kill -0 "$server_pid" 2>/dev/null || break
            echo "$t $(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status")"
            [ "$t" -lt "$rss_after" ] && sleep 5
        done > "$out/opennapj-rss-after.txt"
        tr '\n' ' ' < "$out/opennapj-rss-after.txt" >&2; echo >&2
    fi
    stop_pid "$server_pid"; server_pid=""
    rm -rf "$datadir"; datadir=""
}

# ---------------------------------------------------------------- opennap-ng
run_reference() {
    local port; port=$(free_port)
    local work="$tmproot/napload-run/ref-$port"
    refwork=$work
    echo "[reference] $(napload_dir)/run-reference.sh $port $work ${ref_config[*]}" >&2
    server_pid=$("$(napload_dir)/run-reference.sh" "$port" "$work" "${ref_config[@]}") || {
        echo "opennap-ng did not start" >&2; exit 1; }
    run_napload reference "$port" "$server_pid"
    stop_pid "$server_pid"; server_pid=""
    cp "$work/opennap.log" "$out/reference-server.log" 2>/dev/null || true
    rm -rf "$work"; refwork=""
}

{
    echo "date: $(date -Is)"
    echo "host: $(uname -srm), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2 " GiB"}'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "opennapj commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown) (the jar is rebuilt by ./opennapj when sources are newer)"
    echo "napload args: ${napargs[*]}"
    echo "opennapj heap: $heap, gc: $gc"
} > "$out/run.txt"

if [ -z "$only_reference" ]; then
    run_opennapj
fi
if [ -n "$reference" ]; then
    # let the first run's TIME_WAIT sockets and the CPU settle before the second run
    sleep 3
    run_reference
fi

python3 "$here/scripts/bench-table.py" "$out" | tee "$out/table.txt"
echo "results in $out" >&2
