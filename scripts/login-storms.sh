#!/usr/bin/env bash
# Login storms of registered users, OpenNapJ and - with ANCHORS set (or --reference) - then
# opennap-ng 0.50, one after the other, with napload (NAPLOAD_DIR, see scripts/bench-lib.sh):
#
#   1. register   N new users register at once (napload --login-mode register: 7, then 6);
#   2. reconnect  the same N users log in again at once, the server still running (a blip);
#   3. restart    the server is stopped and started again on the same data, and the same N
#                 users log in at once (nothing remembered from before the restart).
#
# During each storm one logged-in user (scripts/storm-probe.py) pings the server every 20 ms and
# searches every 100 ms; its answer times show whether the users already online are served.
# OpenNapJ runs with its default configuration (as `./opennapj server` starts it), so the
# password hash cost is the default password_hash_iterations.
#
#   scripts/login-storms.sh [--users N] [--concurrency C] [--no-reference] [--out DIR]
#                           [-o KEY=VALUE ...]
#
# Results: DIR/{opennapj,reference}-{register,reconnect,restart}.json (napload) and
# -probe.json (the online user), and the side-by-side table in DIR/table.txt.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
users=2000
conc=100
reference=""
[ -n "${ANCHORS:-}${OPENNAP_BIN:-}" ] && reference=yes
out=""
napload="$here/target/napload"
overrides=()
while [ $# -gt 0 ]; do
    case "$1" in
        --users) users=${2:?}; shift ;;
        --concurrency) conc=${2:?}; shift ;;
        --reference) reference=yes ;;
        --no-reference) reference="" ;;
        --out) out=${2:?}; shift ;;
        -o) overrides+=(-o "${2:?-o needs KEY=VALUE}"); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

. "$here/scripts/java-env.sh"
. "$here/scripts/bench-lib.sh"
build_napload "$napload" || exit 2
[ -n "$out" ] || out="$here/target/bench/storms-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
tmproot=${TMPDIR:-/tmp}
tmproot=${tmproot%/}
mkdir -p "$tmproot/napload-run"

server_pid=""
probe_pid=""
work=""
cleanup() {
    stop_pid "$probe_pid"; probe_pid=""
    stop_pid "$server_pid"; server_pid=""
    if [ -n "$work" ] && [ -d "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

start_opennapj() {
    local port=$1 log=$2
    local seen; seen=$(grep -c 'is running' "$log" 2>/dev/null || true)
    start_in_clean_fds "$here/opennapj" server --data "$work" --port "$port" --listen 127.0.0.1 "${overrides[@]}" >> "$log" 2>&1
    server_pid=$!
    wait_listen "$server_pid" "$port" 120 && wait_running "$server_pid" "$log" 120 "${seen:-0}" \
        || { echo "OpenNapJ did not start; see $log" >&2; exit 1; }
}

start_reference() {
    local port=$1 first=$2
    if [ "$first" = yes ]; then
        server_pid=$("$(napload_dir)/run-reference.sh" "$port" "$work")
    else
        # the same data again: run-reference.sh would wipe it, so start the binary as it does
        local bin=${OPENNAP_BIN:-$ANCHORS/opennap-ng/src/opennap}
        ulimit -Sn "$(ulimit -Hn)"
        start_in_clean_fds "$bin" -c "$work/conf" -e "$work/var" -p "$port" -l 127.0.0.1 >> "$work/opennap.log" 2>&1
        server_pid=$!
        wait_listen "$server_pid" "$port" 30 || { echo "opennap-ng did not restart" >&2; exit 1; }
    fi
}

storm() {
    # one storm against the running server, with the probe online throughout
    local name=$1 port=$2; shift 2
    wait_time_wait "$users"
    python3 "$here/scripts/storm-probe.py" "$port" --seconds 900 > "$out/$name-probe.json" 2> "$out/$name-probe.err" &
    probe_pid=$!
    sleep 2
    echo "[$name] napload -p $port -U $users -C $conc --phases login $*" >&2
    set +e
    timeout 900 "$napload" -p "$port" --server-pid "$server_pid" -U "$users" -C "$conc" --phases login \
        --nick-prefix storm --conn-timeout 120 --json "$@" > "$out/$name.txt" 2> "$out/$name.err"
    echo $? > "$out/$name.rc"
    set -e
    sleep 2
    kill -TERM "$probe_pid" 2>/dev/null || true
    wait "$probe_pid" 2>/dev/null || true
    probe_pid=""
    grep '^{"tool":"napload"' "$out/$name.txt" | tail -1 > "$out/$name.json" || true
    grep -E '^  (ok|logins|latency)' "$out/$name.txt" >&2 || true
}

run_server() {
    local who=$1 port
    port=$(free_port)
    work=$(mktemp -d "$tmproot/napload-run/storms-$who.XXXXXX")
    if [ "$who" = opennapj ]; then
        timeout 600 "$here/opennapj" --help > /dev/null 2> "$out/build.log" || { echo "build failed" >&2; exit 1; }
        start_opennapj "$port" "$out/opennapj-server.log"
    else
        start_reference "$port" yes
    fi
    storm "$who-register" "$port" --login-mode register
    storm "$who-reconnect" "$port"
    stop_pid "$server_pid"; server_pid=""
    if [ "$who" = opennapj ]; then
        start_opennapj "$port" "$out/opennapj-server.log"
    else
        start_reference "$port" no
    fi
    storm "$who-restart" "$port"
    stop_pid "$server_pid"; server_pid=""
    rm -rf "$work"; work=""
}

{
    echo "date: $(date -Is)"
    echo "host: $(uname -srm), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
    echo "opennapj commit: $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "users: $users, in flight: $conc, overrides: ${overrides[*]:-none}"
} > "$out/run.txt"

run_server opennapj
if [ -n "$reference" ]; then
    sleep 3
    run_server reference
fi
python3 "$here/scripts/storm-table.py" "$out" | tee "$out/table.txt"
echo "results in $out" >&2
