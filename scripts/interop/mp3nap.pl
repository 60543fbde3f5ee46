#!/usr/bin/perl
# mp3nap.pl - drives MP3::Napster 2.04 (CPAN) as a third-party OpenNap client for
# scripts/interop-mp3napster.sh. MP3NAPSTER_DIR names a built checkout of it (its blib/lib is used).
#
#   mp3nap.pl share  DIR   --server H:P --nick N --password P [--port N] [--for SECS]
#   mp3nap.pl get    WORDS --server H:P --nick N --password P --to DIR [--firewalled] [--port N] [--resume]
#                    [--from NICK --path REMOTEPATH [--size N]]   (skip the search, ask NICK directly)
#   mp3nap.pl search WORDS --server H:P --nick N --password P [--port N] [--firewalled]
#
# Common options: --link N (0..10, default 9 = T1)  --timeout SECS (get/search
# overall deadline, default 60)  --trace (log every server message both ways and
# every peer-to-peer handshake write/read on stderr)  --debug N (MP3::Napster's
# own debug level, 0..3).
# Progress goes to stderr ("[mp3nap HH:MM:SS.mmm nick] ..."); results go to stdout.
use strict;
use warnings;
BEGIN { unshift @INC, ($ENV{MP3NAPSTER_DIR} // die "set MP3NAPSTER_DIR to a built MP3::Napster checkout\n") . "/blib/lib" }
use Getopt::Long qw(:config no_ignore_case pass_through);
use Time::HiRes ();
use POSIX ();
use Scalar::Util ();
use MP3::Napster;   # exports the event-code constants (LOGIN_ACK, TRANSFER_DONE, ...)

$| = 1;
my %o = (port => undef, for => 30, timeout => 60, link => 9, debug => 0, trace => 0);
my $cmd = shift @ARGV // '';
GetOptions(\%o, 'server=s', 'nick=s', 'password=s', 'port=i', 'for=i', 'to=s',
           'firewalled', 'timeout=i', 'link=i', 'trace', 'debug=i', 'resume', 'from=s', 'path=s', 'size=i')
  or usage();
my @args = @ARGV;
usage() unless $cmd =~ /^(share|get|search)$/ && $o{server} && $o{nick} && defined $o{password} && (@args || $o{from});
usage() if grep { /^--/ } @args;

my $STEP = 'start';
sub ts { my ($s, $us) = Time::HiRes::gettimeofday(); POSIX::strftime('%H:%M:%S', gmtime $s) . sprintf('.%03d', $us / 1000) }
sub logm { print STDERR "[mp3nap ", ts(), " $o{nick}] ", @_, "\n" }
sub fail { my ($rc, @m) = @_; logm("FAIL ($STEP): ", @m); print "FAIL\t$STEP\t", @m, "\n"; exit $rc }
sub step { $STEP = shift; logm("step: $STEP", @_ ? (" - ", @_) : ()) }
sub usage {
  print STDERR <<"U"; exit 2 }
usage: $0 share  DIR   --server H:P --nick N --password P [--port N] [--for SECS]
       $0 get    WORDS --server H:P --nick N --password P --to DIR [--firewalled] [--port N] [--resume]
       $0 get    --from NICK --path 'Z:\\nap\\x.mp3' [--size N] --to DIR ...   (no search; probe refusals)
       $0 search WORDS --server H:P --nick N --password P [--port N] [--firewalled]
  common: [--link 0..10] [--timeout SECS] [--trace] [--debug N]
  --port: data port to listen on (0 = firewalled, -1 = any free port).
          Defaults: -1 for all three; --firewalled (get, search) = --port 0.
          NB: OpenNapJ hides firewalled sharers' files from firewalled searchers.
U

our %MESSAGES;   # code => name, exported by MP3::Napster::MessageCodes
sub cname { my $c = shift; defined $MESSAGES{$c} ? "$c/$MESSAGES{$c}" : $c }
sub esc { my $s = shift; $s = '' unless defined $s; my $n = length $s; $s = substr($s, 0, 200);
          $s =~ s/([^\x20-\x7e])/sprintf('\\x%02x', ord $1)/ge; $n > 200 ? "$s...(${n}B)" : $s }

# ---------------------------------------------------------------- tracing
if ($o{trace}) {
  no warnings qw(redefine once);
  my $send = \&MP3::Napster::Server::send_command;
  *MP3::Napster::Server::send_command = sub {
    my ($self, $ec, $body) = @_;
    logm("C> ", cname($ec), " [", esc($body), "]");
    $send->(@_);
  };
  my $pe = \&MP3::Napster::IOLoop::process_event;
  *MP3::Napster::IOLoop::process_event = sub {
    my ($self, $ec, $body) = @_;
    logm("S< ", cname($ec), " [", esc($body), "]") if defined $ec && $ec < 2000 && !ref $body;
    $pe->(@_);
  };
  my $pw = \&MP3::Napster::IOEvent::write;
  *MP3::Napster::PeerToPeer::write = sub {
    my $self = shift;
    logm("P> (fd ", fileno($self->outfh) // '?', ", status ", $self->status, ") [", esc(join '', @_), "]");
    $pw->($self, @_);
  };
  *MP3::Napster::Transfer::write = sub {
    my $self = shift;
    my $d = join '', @_;
    my $r = $self->request;
    logm("P> (transfer ", $r ? $r->direction : '?', ") [", esc($d), "] (size/offset prefix)")
      if $r && $r->direction eq 'upload' && $d =~ /^\d+$/;
    $pw->($self, @_);
  };
  my $pin = \&MP3::Napster::PeerToPeer::incoming_data;
  *MP3::Napster::PeerToPeer::incoming_data = sub {
    my $self = shift;
    logm("P< (fd ", fileno($self->infh) // '?', ", status ", $self->status, ") inbuffer [", esc($self->{inbuffer}), "]");
    $pin->($self, @_);
  };
  my $pc = \&MP3::Napster::PeerToPeer::connect;
  *MP3::Napster::PeerToPeer::connect = sub {
    my ($class, $peer) = @_;
    my $s = $pc->(@_);
    logm("P: outgoing connect to $peer: ", $s ? "in progress/ok (fd " . fileno($s) . ")" : "FAILED ($!)");
    $s;
  };
  my $lin = \&MP3::Napster::Listener::in;
  *MP3::Napster::Listener::in = sub {
    my $r = $lin->(@_);
    logm("P: accepted incoming peer connection from ", $r->peerhost, ":", $r->peerport) if ref $r;
    $r;
  };
}
MP3::Napster->debug($o{debug}) if $o{debug};

# ---------------------------------------------------------------- common
my $deadline = $cmd eq 'share' ? $o{for} + 20 : $o{timeout};
$SIG{ALRM} = sub { logm("TIMEOUT after ${deadline}s in step '$STEP'"); print "FAIL\t$STEP\ttimeout\n"; POSIX::_exit(124) };
alarm $deadline;

my $nap;
my (%REFUSED, $LAST404);
sub connect_login {
  my ($port) = @_;
  step('connect', $o{server});
  $nap = MP3::Napster->new($o{server}) or fail(3, "can't connect to $o{server}: ", MP3::Napster->error // $@ // '');
  step('login', "nick=$o{nick} link=$o{link} dataport=$port");
  my $email = $nap->login($o{nick}, $o{password}, $o{link}, $port);
  fail(4, "login refused: ", $nap->error // 'no answer in 60s') unless defined $email;
  logm("logged in (LOGIN_ACK email '$email'); listening data port = ", $nap->port);
  $nap->transfer_timeout(60);
  $nap->callback(ERROR,      sub { logm("server/internal ERROR event: ", esc($_[2])) });
  $nap->callback(GET_ERROR,  sub { logm("GET_ERROR(206): ", esc($_[2]));
    # MP3::Napster's own GET_ERROR handler never matches (it keeps the quotes), so track it here
    my ($n, $p) = $_[2] =~ /^(\S+) "?(.*?)"?$/; $REFUSED{lc $n}{$p} = "206 GET_ERROR [$_[2]]" if defined $n; });
  $nap->callback(INVALID_ENTITY, sub { logm("INVALID_ENTITY(404): ", esc($_[2])); $LAST404 = $_[2] });
  $nap->callback(QUEUE_LIMIT, sub { logm("QUEUE_LIMIT(620): ", esc($_[2])) });
  $nap->callback(DISCONNECTED, sub { logm("DISCONNECTED from server") });
  $nap->callback(TRANSFER_STARTED, sub { my $t = $_[2];
    logm("transfer registered: ", $t->direction, " ", $t->nickname, " \"", $t->song, "\""); });
  $nap->callback(TRANSFER_QUEUED, sub { logm("transfer queued (remote firewalled, waiting for them to connect to us)") });
  $nap->callback(TRANSFER_STATUS, sub { my $t = $_[2];
    logm("transfer status: ", $t->direction, " ", $t->nickname, " \"", $t->song, "\" -> ", $t->status,
         " (", $t->transferred, "/", $t->size, ", offset ", $t->offset, ")"); });
  $nap->callback(TRANSFER_DONE, sub { my $t = $_[2];
    logm("transfer done: ", $t->direction, " ", $t->nickname, " \"", $t->song, "\" status=", $t->status,
         " bytes=", $t->transferred); });
  return $nap;
}

sub song_line {
  my $s = shift;
  join "\t", $s->owner, $s->path, $s->size, $s->bitrate, $s->freq, $s->length, $s->hash, $s->address, $s->link_code;
}

# ---------------------------------------------------------------- share
if ($cmd eq 'share') {
  my $dir = $args[0];
  -d $dir or fail(2, "no such directory $dir");
  connect_login($o{port} // -1);
  step('share', $dir);
  my @shared = $nap->share_dir($dir, 0);   # 0 = don't write a .mp3-nap cache dir
  fail(5, "nothing shared from $dir: ", $nap->error // 'no .mp3 files MP3::Info accepts') unless @shared;
  for my $s (@shared) {
    my ($sharename) = grep { Scalar::Util::refaddr($nap->registry->{song}{$_}) == Scalar::Util::refaddr($s) } keys %{ $nap->registry->{song} };
    print "SHARED\t$sharename\t", $s->size, "\t", $s->path, "\n";
    logm("sharing \"$sharename\" (", $s->size, " bytes, ", $s->bitrate, " kbps, ", $s->freq, " Hz, ",
         $s->length, " s, md5 ", $s->hash, ") = ", $s->path);
  }
  $nap->callback(TRANSFER_STARTED, sub { my $t = $_[2];
    print "EVENT\tstarted\t", $t->direction, "\t", $t->nickname, "\t", $t->song, "\n" });
  $nap->callback(TRANSFER_DONE, sub { my $t = $_[2];
    print "EVENT\tdone\t", $t->direction, "\t", $t->nickname, "\t", $t->song, "\t", $t->status, "\t",
          $t->transferred, "\t", $t->offset, "\n" });
  $nap->callback(TRANSFER_IN_PROGRESS, sub { my $t = $_[2];
    logm("progress: ", $t->direction, " ", $t->nickname, " ", $t->transferred, "/", ($t->song->size // '?')) });
  step('serve', "online for $o{for}s, data port ", $nap->port);
  $nap->run($o{for});
  my $disc = !$nap->server;
  step('disconnect');
  my @open = $nap->transfers;
  logm(scalar(@open), " transfer(s) still registered at exit: ", join(', ', map { "$_ [" . $_->status . "]" } @open)) if @open;
  $nap->disconnect if $nap->server;
  exit($disc ? 1 : 0);
}

# ---------------------------------------------------------------- search
sub do_search {
  my $words = join ' ', @args;
  step('search', "\"$words\"");
  my @songs = $nap->search(title => $words, timeout => 20);
  logm(scalar(@songs), " result(s)");
  return @songs;
}

if ($cmd eq 'search') {
  connect_login($o{firewalled} ? 0 : ($o{port} // -1));
  my @songs = do_search();
  print "RESULT\t", song_line($_), "\n" for @songs;
  print "RESULTS\t", scalar(@songs), "\n";
  $nap->disconnect;
  exit(@songs ? 0 : 1);
}

# ---------------------------------------------------------------- get
if ($cmd eq 'get') {
  my $to = $o{to} or usage();
  -d $to or fail(2, "no such directory $to");
  my $port = $o{firewalled} ? 0 : ($o{port} // -1);
  connect_login($port);
  my $song;
  if ($o{from}) {   # skip the search: ask NICK for PATH directly (to probe the server's refusals)
    my $p = $o{path} // join(' ', @args);
    $song = MP3::Napster::Song->new_from_search($nap,
      sprintf('"%s" %s %d 128 44100 0 %s 16777343 0', $p, '0' x 32, $o{size} // 0, $o{from}));
    logm("no search (--from): asking $o{from} for \"$p\"");
  } else {
    my @songs = grep { lc($_->owner) ne lc($o{nick}) } do_search();
    fail(5, "no search results (from anyone but me)") unless @songs;
    $song = $songs[0];
  }
  logm("first result: ", song_line($song));
  my $path = "$to/" . $song->name;
  if (-e $path && !$o{resume}) { logm("removing existing $path (MP3::Napster would resume from its size)"); unlink $path }
  step('download', "\"", $song->path, "\" from ", $song->owner, " to $path");
  $nap->download_dir($to);
  my $t = $nap->download($song, $path, 15);
  fail(6, "download not started: ", $nap->error // 'no answer to DOWNLOAD_REQ in 15s') unless $t;
  logm("download request accepted, status '", $t->status, "'");
  step('transfer');
  until ($t->status =~ /^transfer (complete|aborted)$/) {
    last unless $nap->server;
    if (my $r = $REFUSED{lc $song->owner}{$song->path}) {
      $nap->disconnect;
      fail(6, "server refused the download: $r", defined $LAST404 ? " (preceded by 404 [$LAST404])" : '');
    }
    $nap->wait_for([TRANSFER_DONE], 1);
  }
  my $size = -s $path // 0;
  my $st = $t->status;
  step('verify', "status '$st', file $size bytes, expected ", $song->size);
  $nap->disconnect if $nap->server;
  fail(7, "transfer ended with status '$st'; got $size of ", $song->size, " bytes") unless $st eq 'transfer complete';
  fail(7, "size mismatch: got $size, search said ", $song->size, " (MP3::Napster reports 'transfer complete' on any EOF)")
    unless $size == $song->size;
  print "OK\t$path\t$size\n";
  exit 0;
}
