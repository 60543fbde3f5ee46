#!/usr/bin/env bash
# Shell functions shared by the load scripts (bench.sh, login-storms.sh); sourced, not run.
# Everything they start or wait for is on 127.0.0.1 and bounded in time.

# napload, the load generator, is not part of this repository: it is an independent C program
# (one file, napload.c, with run-reference.sh to start opennap-ng) kept in the workspace beside
# the project, ../shared/tools/napload. NAPLOAD_DIR points at a copy elsewhere; a built binary
# can also be given with the scripts' --napload option.
napload_dir() {
    local dir=${NAPLOAD_DIR:-$here/../shared/tools/napload}
    if [ ! -f "$dir/napload.c" ]; then
        echo "napload not found in $dir: set NAPLOAD_DIR to the folder holding napload.c (and" \
             "run-reference.sh), or pass --napload with a built binary" >&2
        return 1
    fi
    (cd "$dir" && pwd)
}

build_napload() {
    # build the napload binary $1 from napload.c when it is missing
    local bin=$1 dir
    [ -x "$bin" ] && return 0
    dir=$(napload_dir) || return 1
    mkdir -p "$(dirname "$bin")"
    echo "building napload -> $bin" >&2
    gcc -O2 -o "$bin" "$dir/napload.c"
}

stop_pid() {
    # stop one process we started: TERM, up to 10 s, then KILL
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "pid $pid did not stop within 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
}

free_port() {
    # a port below the ephemeral range (napload binds its own source ports there) not in use
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 12000))
        if ! ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null | grep -q .; then
            echo "$p"; return 0
        fi
    done
    echo "no free port found" >&2; return 1
}

wait_listen() {
    # wait (bounded) until pid listens on port
    local pid=$1 port=$2 secs=$3
    for _ in $(seq 1 $((secs * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        ss -Hltn "sport = :$port" 2>/dev/null | grep -q LISTEN && return 0
        sleep 0.1
    done
    return 1
}

wait_time_wait() {
    # napload leaves its sockets in TIME_WAIT for 60 s; with too many of them the next run's
    # connects fail with "Cannot assign requested address". Wait (at most 120 s) until the
    # ephemeral port range has room for this run's users.
    local range lo hi free tw
    range=$(cat /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo "32768 60999")
    lo=${range%%[[:space:]]*}; hi=${range##*[[:space:]]}
    for i in $(seq 1 120); do
        tw=$(ss -Htan state time-wait 2>/dev/null | wc -l)
        free=$((hi - lo - tw))
        if [ "$free" -gt $((${1:-$users} + ${1:-$users} / 5 + 1000)) ]; then
            [ "$i" -gt 1 ] && echo "  ($tw sockets in TIME_WAIT now)" >&2
            return 0
        fi
        [ "$i" -eq 1 ] && echo "  waiting for $tw TIME_WAIT sockets to expire (at most 120 s)" >&2
        sleep 1
    done
    echo "  still $tw sockets in TIME_WAIT; running anyway" >&2
}

wait_running() {
    # wait (bounded) until an OpenNapJ server's output says it takes clients: it listens before
    # its warm-up and holds connections in the backlog until the warm-up is done. SEEN: how many
    # starts the log already told of (a log shared by a restart)
    local pid=$1 log=$2 secs=$3 seen=${4:-0}
    for _ in $(seq 1 $((secs * 10))); do
        kill -0 "$pid" 2>/dev/null || return 1
        [ "$(grep -c 'is running' "$log" 2>/dev/null)" -gt "$seen" ] && return 0
        sleep 0.1
    done
    return 1
}

start_in_clean_fds() {
    # start "$@" in the background with no descriptors of ours but 0-2 (each would be a client less)
    (
        for fd in $(ls /proc/$BASHPID/fd); do
            [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
        done
        exec "$@" < /dev/null
    ) &
}
