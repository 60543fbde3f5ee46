#!/usr/bin/env bash
# Links an OpenNapJ server with an opennap-ng 0.50 server on loopback, both ways, and checks
# that their users see each other, exchange private messages, chat in a channel, find and
# browse each other's files and arrange downloads, that an Elite on either side can change
# a user's level, kill and ban across, that channel operators, voice, modes and bans set on
# either side hold on the other, and what becomes of registered nicks (accounts).
#
#   scripts/interop-opennap-ng.sh /path/to/opennap-ng/src/opennap
#   OPENNAP_NG=/path/to/opennap scripts/interop-opennap-ng.sh
#
# Without an opennap-ng binary it says so and exits 0 (skipped), so CI can call it. With
# INTEROP_KEEP=1 the temporary directory (both servers' logs and data) is kept. Needs
# python3 (the test clients) and the addresses 127.0.0.2 and 127.0.0.3 (loopback on Linux).
# opennap-ng listens on 127.0.0.2:9888 as "127.0.0.2", OpenNapJ on 127.0.0.3:9889 as
# "127.0.0.3"; each server's name is its address, which is what the servers files name.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
ng="${1:-${OPENNAP_NG:-}}"
if [ -z "$ng" ] || [ ! -x "$ng" ]; then
  echo "interop: no opennap-ng binary given (argument or OPENNAP_NG): skipped"
  exit 0
fi
command -v python3 >/dev/null || { echo "interop: python3 is needed" >&2; exit 1; }
. "$here/scripts/java-env.sh"
jar="$here/app/target/opennapj.jar"
# always the current sources (package, not install: nothing is written to ~/.m2); MAVEN_OFFLINE=1 adds -o
(cd "$here" && ./mvnw -B -q -ntp ${MAVEN_OFFLINE:+-o} -DskipTests package -pl app -am)

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${INTEROP_KEEP:-}" ]; then
    echo "interop: logs and data kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
mkdir -p "$work/ng" "$work/ngvar" "$work/j"
touch "$work/ngvar/channels" "$work/ngvar/motd"
# an Elite on each side: opennap-ng reads a users file without ":version 1" as plain passwords
# (an account not seen for a while is expired by opennap-ng unless it is an Elite: ngreg is new)
now="$(date +%s)"
printf '%s\n' "ngboss ngboss-secret ngboss@example.com Elite 0 0" "ngreg ngreg-secret ngreg@example.com User $now $now" \
    > "$work/ngvar/users"
java -jar "$jar" setup --data="$work/j" --elite=jboss:jboss-secret --server-name=127.0.0.3 > "$work/setup.log" 2>&1
cat > "$work/ng/config" <<EOF
server_name 127.0.0.2
listen_addr 127.0.0.2
server_ports 9888
compression_level 1
EOF
echo "127.0.0.3 from-opennapj from-ng 9889" > "$work/ng/servers"
echo "127.0.0.2 from-ng from-opennapj 9888" > "$work/j/servers"

cat > "$work/check.py" <<'EOF'
import socket, struct, sys, time, select

class Client:
    def __init__(self, host, port, nick, password='pw'):
        self.s = socket.create_connection((host, port), timeout=10)
        self.buf = b''
        self.send(2, f'{nick} {password} 6699 "interop" 3')
        self.wait(lambda t, d: t == 3, 'login ack of ' + nick)

    def send(self, t, d):
        b = d.encode('latin-1')
        self.s.sendall(struct.pack('<HH', len(b), t) + b)

    def wait(self, pred, what, secs=15.0):
        end = time.time() + secs
        while True:
            while len(self.buf) >= 4:
                l, t = struct.unpack('<HH', self.buf[:4])
                if len(self.buf) < 4 + l:
                    break
                d = self.buf[4:4 + l].decode('latin-1')
                self.buf = self.buf[4 + l:]
                if pred(t, d):
                    return d
            left = end - time.time()
            if left <= 0:
                sys.exit(f'interop FAILED: no {what} within {secs} s')
            r, _, _ = select.select([self.s], [], [], left)
            if r:
                chunk = self.s.recv(65536)
                if not chunk:
                    sys.exit(f'interop FAILED: connection closed while waiting for {what}')
                self.buf += chunk

def whois(c, nick):
    end = time.time() + 15
    while time.time() < end:
        c.send(603, nick)
        d = c.wait(lambda t, d: t in (604, 605) or t == 404 and nick in d, 'whois ' + nick)
        if d.startswith(nick + ' "'):
            return d
        time.sleep(0.2)
    sys.exit(f'interop FAILED: {nick} never visible')

def closed(c, what, secs=15.0):
    end = time.time() + secs
    seen = []
    while time.time() < end:
        r, _, _ = select.select([c.s], [], [], max(0, end - time.time()))
        if r:
            chunk = c.s.recv(65536)
            if not chunk:
                return seen
            c.buf += chunk
            while len(c.buf) >= 4:
                l, t = struct.unpack('<HH', c.buf[:4])
                if len(c.buf) < 4 + l:
                    break
                seen.append((t, c.buf[4:4 + l].decode('latin-1')))
                c.buf = c.buf[4 + l:]
    sys.exit(f'interop FAILED: {what}: the connection stayed open')

if sys.argv[1] == 'ops':
    # operator actions across: an Elite on each side (jboss on OpenNapJ, ngboss on opennap-ng)
    jb = Client('127.0.0.3', 9889, 'jboss', 'jboss-secret')
    nb = Client('127.0.0.2', 9888, 'ngboss', 'ngboss-secret')
    jv = Client('127.0.0.3', 9889, 'jvictim')
    nv = Client('127.0.0.2', 9888, 'nvictim')
    whois(jb, 'nvictim')
    whois(nb, 'jvictim')
    whois(jb, 'ngboss')
    nb.send(606, 'jvictim Moderator')
    jv.wait(lambda t, d: t == 404 and 'changed your user level to Moderator' in d, 'level change from opennap-ng')
    jb.send(606, 'nvictim Moderator')
    end = time.time() + 15
    while 'Moderator' not in whois(nb, 'nvictim').split(' ')[1]:
        if time.time() > end:
            sys.exit('interop FAILED: level change from OpenNapJ not applied by opennap-ng')
        time.sleep(0.2)
    nb.send(610, 'jvictim "bye from ng"')
    got = closed(jv, 'kill from opennap-ng')
    if not any(t == 404 and 'killed by ngboss' in d for t, d in got):
        sys.exit(f'interop FAILED: no kill notice from opennap-ng: {got}')
    jb.send(610, 'nvictim "bye from opennapj"')
    closed(nv, 'kill from OpenNapJ')
    nb.send(612, 'evilnick "banned on opennap-ng"')
    end = time.time() + 15
    while True:
        t = socket.create_connection(('127.0.0.3', 9889), timeout=10)
        b = 'evilnick pw 6699 "interop" 3'.encode()
        t.sendall(struct.pack('<HH', len(b), 2) + b)
        data = t.recv(4096)
        t.close()
        if b'banned' in data:
            break
        if time.time() > end:
            sys.exit('interop FAILED: a ban from opennap-ng never refused a login on OpenNapJ')
        time.sleep(0.3)
    print('interop ops: level changes, kills and bans work both ways')
    sys.exit(0)

def login_reply(host, port, nick, password):
    """Logs in and returns the first reply's (type, text); the connection is closed."""
    t = socket.create_connection((host, port), timeout=10)
    b = f'{nick} {password} 6699 "interop" 3'.encode('latin-1')
    t.sendall(struct.pack('<HH', len(b), 2) + b)
    head = b''
    while len(head) < 4:
        chunk = t.recv(4 - len(head))
        if not chunk:
            break
        head += chunk
    l, typ = struct.unpack('<HH', head)
    body = b''
    while len(body) < l:
        body += t.recv(l - len(body))
    t.close()
    return typ, body.decode('latin-1')

if sys.argv[1] == 'accounts':
    # registered nicks across: jreg is registered on OpenNapJ, ngreg on opennap-ng
    jb = Client('127.0.0.3', 9889, 'jboss', 'jboss-secret')
    nb = Client('127.0.0.2', 9888, 'ngboss', 'ngboss-secret')
    r = socket.create_connection(('127.0.0.3', 9889), timeout=10)
    b = 'jreg jreg-secret 6699 "interop" 3 jreg@example.com'.encode('latin-1')
    r.sendall(struct.pack('<HH', len(b), 6) + b)
    if struct.unpack('<HH', r.recv(4))[1] != 3:
        sys.exit('interop FAILED: registering jreg on OpenNapJ')
    r.close()
    time.sleep(1)
    # a user of opennap-ng under a nick registered on OpenNapJ: OpenNapJ checks the password
    # opennap-ng passes on, and kills a wrong one
    bad = Client('127.0.0.2', 9888, 'jreg', 'wrong')
    got = closed(bad, 'a wrong password for a nick registered on OpenNapJ, used on opennap-ng')
    if not any(t == 404 and 'Invalid Password' in d for t, d in got):
        sys.exit(f'interop FAILED: no "Invalid Password" kill: {got}')
    good = Client('127.0.0.2', 9888, 'jreg', 'jreg-secret')
    whois(jb, 'jreg')
    time.sleep(1)
    jb.send(205, 'jreg still there?')
    good.wait(lambda t, d: t == 205 and d == 'jboss still there?', 'a message to jreg, logged in with its password')
    # a registration by an opennap-ng operator (10200, password in clear) reaches OpenNapJ: a
    # wrong password is refused there
    nb.send(10200, 'ngnew ngnew-secret ngnew@example.com User')
    end = time.time() + 15
    while True:
        typ, text = login_reply('127.0.0.3', 9889, 'ngnew', 'wrong')
        if typ == 0 and 'invalid password' in text.lower():
            break
        if time.time() > end:
            sys.exit(f'interop FAILED: 10200 from opennap-ng never reached OpenNapJ: {typ} {text}')
        time.sleep(0.5)
    # a nick registered only on opennap-ng, logging in on OpenNapJ with its password: OpenNapJ
    # does not pass the password on, so opennap-ng kills it (README, "With opennap-ng")
    lost = Client('127.0.0.3', 9889, 'ngreg', 'ngreg-secret')
    got = closed(lost, 'a nick registered on opennap-ng, logged in on OpenNapJ')
    print('interop accounts: OpenNapJ checks and kills wrong passwords of its nicks used on opennap-ng,'
          ' takes 10200 registrations from it; a nick registered on opennap-ng is killed by it when'
          ' used on OpenNapJ (' + '; '.join(d for t, d in got if t == 404)[:120] + ')')
    sys.exit(0)

if sys.argv[1] == 'chanops':
    # channel moderation across: operators, voice, modes and bans set on either side
    ja = Client('127.0.0.3', 9889, 'jchan')
    jb = Client('127.0.0.3', 9889, 'jbanned')
    na = Client('127.0.0.2', 9888, 'nchan')
    nb = Client('127.0.0.2', 9888, 'nbanned')
    whois(ja, 'nbanned')
    whois(na, 'jbanned')
    ch = '#chops'
    ja.send(400, ch)
    ja.wait(lambda t, d: t == 410, 'join on OpenNapJ')
    time.sleep(0.5)  # the join and the creator's op reach opennap-ng before its user joins
    na.send(400, ch)
    ja.wait(lambda t, d: t == 406 and d.startswith(f'{ch} nchan '), 'opennap-ng user joining')
    ja.send(10204, f'{ch} nchan')
    na.wait(lambda t, d: t == 404 and d == f'jchan opped you on channel {ch}', 'op from OpenNapJ on opennap-ng')
    na.send(10211, f'{ch} jchan')
    ja.wait(lambda t, d: t == 404 and d == f'nchan voiced you on channel {ch}', 'voice from opennap-ng on OpenNapJ')
    na.send(10209, f'{ch} +MODERATED')
    ja.wait(lambda t, d: t == 404 and d == f'nchan changed mode on channel {ch}: +MODERATED', 'mode from opennap-ng')
    ja.send(422, f'{ch} nbanned "not here"')
    na.wait(lambda t, d: t == 404 and 'banned nbanned' in d, 'ban from OpenNapJ told to opennap-ng ops')
    nb.send(400, ch)
    nb.wait(lambda t, d: t == 404 and 'banned' in d, 'opennap-ng refusing a user banned on OpenNapJ')
    na.send(422, f'{ch} jbanned "not here either"')
    ja.wait(lambda t, d: t == 404 and d.startswith(f'nchan banned jbanned!* from {ch}'), 'ban from opennap-ng')
    jb.send(400, ch)
    jb.wait(lambda t, d: t == 404 and d.startswith(f'channel join failed: you are banned from channel {ch}'),
            'OpenNapJ refusing a user banned on opennap-ng')
    print('interop chanops: channel operators, voice, modes and bans work both ways')
    sys.exit(0)

tag = sys.argv[1]
j = Client('127.0.0.3', 9889, 'j' + tag)
n = Client('127.0.0.2', 9888, 'n' + tag)
whois(j, 'n' + tag)
whois(n, 'j' + tag)
j.send(205, f'n{tag} hello from opennapj')
n.wait(lambda t, d: t == 205 and d == f'j{tag} hello from opennapj', 'private message to opennap-ng')
n.send(205, f'j{tag} hello from opennap-ng')
j.wait(lambda t, d: t == 205 and d == f'n{tag} hello from opennap-ng', 'private message to OpenNapJ')
ch = '#interop' + tag
j.send(400, ch)
j.wait(lambda t, d: t == 410, 'join on OpenNapJ')
n.send(400, ch)
j.wait(lambda t, d: t == 406 and d.startswith(f'{ch} n{tag} '), 'opennap-ng user joining')
n.send(402, f'{ch} public from opennap-ng')
j.wait(lambda t, d: t == 403 and d == f'{ch} n{tag} public from opennap-ng', 'public message from opennap-ng')
j.send(402, f'{ch} public from opennapj')
n.wait(lambda t, d: t == 403 and d == f'{ch} j{tag} public from opennapj', 'public message from OpenNapJ')
n.send(401, ch)
j.wait(lambda t, d: t == 407 and d.startswith(f'{ch} n{tag} '), 'opennap-ng user parting')
md5 = '0' * 32
j.send(100, f'"C:\\mp3\\interop {tag} from opennapj.mp3" {md5} 1000 128 44100 60')
n.send(100, f'"C:\\mp3\\interop {tag} from ng.mp3" {md5} 2000 128 44100 60')
time.sleep(1)  # opennap-ng indexes shares as its client's next command arrives
n.send(214, '')
j.send(200, f'FILENAME CONTAINS "interop {tag} from ng" MAX_RESULTS 10')
j.wait(lambda t, d: t == 201 and f'n{tag}' in d, 'a search result from opennap-ng')
j.wait(lambda t, d: t == 202, 'the end of the search on OpenNapJ')
n.send(200, f'FILENAME CONTAINS "interop {tag} from opennapj" MAX_RESULTS 10')
n.wait(lambda t, d: t == 201 and f'j{tag}' in d, 'a search result from OpenNapJ')
n.wait(lambda t, d: t == 202, 'the end of the search on opennap-ng')
j.send(211, f'n{tag}')
j.wait(lambda t, d: t == 212 and d.startswith(f'n{tag} "C:'), 'a browse entry from opennap-ng')
j.wait(lambda t, d: t == 213, 'the end of the browse from opennap-ng')
n.send(211, f'j{tag}')
n.wait(lambda t, d: t == 212 and d.startswith(f'j{tag} "C:'), 'a browse entry from OpenNapJ')
n.wait(lambda t, d: t == 213, 'the end of the browse from OpenNapJ')
jfile = f'"C:\\mp3\\interop {tag} from opennapj.mp3"'
nfile = f'"C:\\mp3\\interop {tag} from ng.mp3"'
j.send(203, f'n{tag} {nfile}')
n.wait(lambda t, d: t == 607 and d.startswith(f'j{tag} '), 'the upload request on opennap-ng')
n.send(608, f'j{tag} {nfile}')
j.wait(lambda t, d: t == 204 and d.startswith(f'n{tag} '), 'the download ack from opennap-ng')
n.send(203, f'j{tag} {jfile}')
j.wait(lambda t, d: t == 607 and d.startswith(f'n{tag} '), 'the upload request on OpenNapJ')
j.send(608, f'n{tag} {jfile}')
n.wait(lambda t, d: t == 204 and d.startswith(f'j{tag} '), 'the download ack from OpenNapJ')
print(f'interop {tag}: whois, private messages, channel chat, search, browse and downloads work both ways')
EOF

start_ng() {
  "$ng" -c "$work/ng" -e "$work/ngvar" -l 127.0.0.2 -p 9888 > "$work/ng.log" 2>&1 &
  pids+=($!)
}
start_j() {
  java -jar "$jar" server --data="$work/j" --listen=127.0.0.3 --port=9889 --no-warm-up \
      -o server_name=127.0.0.3 "$@" > "$work/j.log" 2>&1 &
  pids+=($!)
}
await_log() {  # file, text
  for _ in $(seq 1 150); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "interop FAILED: '$2' not in $1" >&2
  tail -20 "$1" >&2
  exit 1
}

# 1. OpenNapJ connects to opennap-ng
start_ng
await_log "$work/ng.log" "listening on 127.0.0.2 port 9888"
start_j -o auto_link=on
await_log "$work/j.log" "linked with server 127.0.0.2 (we connected"
python3 "$work/check.py" a
python3 "$work/check.py" ops
python3 "$work/check.py" chanops
python3 "$work/check.py" accounts
for p in "${pids[@]}"; do kill "$p"; done
wait 2>/dev/null || true
pids=()

# 2. opennap-ng connects to OpenNapJ
echo "auto_link on" >> "$work/ng/config"
start_j
await_log "$work/j.log" "listening for clients on 127.0.0.3:9889"
start_ng
await_log "$work/j.log" "linked with server 127.0.0.2 (it connected"
python3 "$work/check.py" b
echo "interop: OpenNapJ and opennap-ng linked in both directions"
