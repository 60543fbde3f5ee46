#!/usr/bin/env bash
# Transfers files between OpenNapJ's own client (`opennapj client`) and MP3::Napster 2.04, a
# third-party OpenNap client, through an OpenNapJ server on 127.0.0.1, in both directions, with
# and without a firewalled sharer, and checks every file byte for byte:
#   1. MP3::Napster shares (data port open),    `opennapj client get` downloads;
#   2. MP3::Napster shares firewalled (push),   `opennapj client get` downloads;
#   3. `opennapj client share` (data port open), MP3::Napster downloads;
#   4. `opennapj client share --data-port 0`,   MP3::Napster downloads (push).
#
#   scripts/interop-mp3napster.sh /path/to/MP3-Napster     # a checkout built with perl Makefile.PL && make
#   MP3NAPSTER_DIR=/path/to/MP3-Napster scripts/interop-mp3napster.sh
#
# MP3::Napster is not part of the project: fetch it beside the project (gitpan/MP3-Napster), build
# it there, and install Debian's libmp3-info-perl. Without it the script says it is skipped and
# exits 0. INTEROP_KEEP=1 keeps the temporary directory (logs, files).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mp3nap="${1:-${MP3NAPSTER_DIR:-}}"
if [ -z "$mp3nap" ] || [ ! -f "$mp3nap/blib/lib/MP3/Napster.pm" ]; then
  echo "interop: no built MP3::Napster checkout given (argument or MP3NAPSTER_DIR): skipped"
  exit 0
fi
perl -MMP3::Info -e1 2>/dev/null || { echo "interop: MP3::Info is needed (Debian: libmp3-info-perl)" >&2; exit 1; }
export MP3NAPSTER_DIR="$(cd "$mp3nap" && pwd)"
. "$here/scripts/java-env.sh"
jar="$here/app/target/opennapj.jar"
(cd "$here" && ./mvnw -B -q -ntp ${MAVEN_OFFLINE:+-o} -DskipTests package -pl app -am)
driver="$here/scripts/interop/mp3nap.pl"
port=9777
server="127.0.0.1:$port"

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${INTEROP_KEEP:-}" ]; then echo "interop: logs and files kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
mkdir -p mshare jshare
python3 "$here/scripts/interop/gen_mp3.py" mshare/mp3nap_song_one.mp3 800 --seed 3 > /dev/null
python3 "$here/scripts/interop/gen_mp3.py" jshare/opennapj_song_two.mp3 800 --seed 4 > /dev/null

java -jar "$jar" server --data="$work/data" --listen=127.0.0.1 --port=$port --no-warm-up > server.log 2>&1 &
pids+=($!)
await() {  # file, text
  for _ in $(seq 1 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "interop FAILED: '$2' not in $1" >&2; tail -20 "$1" >&2; exit 1
}
same() {  # expected, got, what
  cmp -s "$1" "$2" || { echo "interop FAILED: $3: $2 differs from $1" >&2; exit 1; }
  echo "interop: $3: byte-exact"
}
await server.log "Point your Napster client at"

step=0
mp3nap_shares() {  # port (-1 open, 0 firewalled), then: get with opennapj client
  step=$((step + 1))
  perl "$driver" share mshare --server "$server" --nick "mnap$step" --password pw --port "$1" --for 60 \
      > "mshare$step.out" 2> "mshare$step.err" &
  local sharer=$!
  await "mshare$step.out" "^SHARED"
  java -jar "$jar" client get mp3nap song one --to "dl$step" --server "$server" --nick "jget$step" --password pw \
      > "jget$step.out" 2>&1 || { cat "jget$step.out" >&2; exit 1; }
  same mshare/mp3nap_song_one.mp3 "dl$step/mp3nap_song_one.mp3" "$2"
  kill "$sharer" 2>/dev/null || true; wait "$sharer" 2>/dev/null || true
}
opennapj_shares() {  # data port option, then: get with MP3::Napster
  step=$((step + 1))
  java -jar "$jar" client share jshare --for 60 $1 --server "$server" --nick "jshare$step" --password pw \
      > "jshare$step.out" 2>&1 &
  local sharer=$!
  await "jshare$step.out" "^sharing 1 files"
  mkdir -p "dl$step"
  perl "$driver" get opennapj song two --to "dl$step" --server "$server" --nick "mget$step" --password pw \
      > "mget$step.out" 2> "mget$step.err" || { cat "mget$step.out" "mget$step.err" >&2; exit 1; }
  same jshare/opennapj_song_two.mp3 "dl$step/opennapj_song_two.mp3" "$2"
  kill "$sharer" 2>/dev/null || true; wait "$sharer" 2>/dev/null || true
}

mp3nap_shares -1 "MP3::Napster shares, opennapj client get downloads"
mp3nap_shares 0 "MP3::Napster shares firewalled (pushed), opennapj client get downloads"
opennapj_shares "" "opennapj client share shares, MP3::Napster downloads"
opennapj_shares "--data-port 0" "opennapj client share shares firewalled (pushed), MP3::Napster downloads"
echo "interop: opennapj client and MP3::Napster transfer both ways, direct and pushed"
