# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, then the JDKs installed under /usr/lib/jvm (Debian/Ubuntu),
# /usr/java and /opt, then the java on PATH.

opennapj_java_version() {
  # prints the feature version (17, 21, 25, ...) of the java binary in $1/bin
  local out
  out=$("$1/bin/java" -version 2>&1 | head -n 1) || return 1
  out=${out#*\"}; out=${out%%\"*}
  case "$out" in 1.*) out=${out#1.} ;; esac
  echo "${out%%[.-]*}"
}

opennapj_find_jdk() {
  local cand v best="" bestv=0
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for cand in /usr/lib/jvm/* /usr/java/* /opt/*jdk* /opt/java/*; do
    [ -d "$cand" ] && candidates+=("$cand")
  done
  if command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    candidates+=("$cand")
  fi
  for cand in "${candidates[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(opennapj_java_version "$cand") || continue
    case "$v" in ''|*[!0-9]*) continue ;; esac
    # JAVA_HOME wins when it is new enough; otherwise take the newest found
    if [ "$cand" = "${JAVA_HOME:-}" ] && [ "$v" -ge 21 ]; then best=$cand; break; fi
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$cand; bestv=$v; fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

if ! OPENNAPJ_JDK=$(opennapj_find_jdk); then
  cat >&2 <<'MSG'
OpenNapJ needs a JDK 21 or newer, and none was found (looked at $JAVA_HOME,
/usr/lib/jvm, /usr/java, /opt and the javac on PATH).
Install one, for example:  apt-get install openjdk-21-jdk-headless
or set JAVA_HOME to an installed JDK 21+.
MSG
  exit 1
fi
export JAVA_HOME="$OPENNAPJ_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
