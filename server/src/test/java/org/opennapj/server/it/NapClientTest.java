package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.BrowseResult;
import org.opennapj.client.ChannelJoin;
import org.opennapj.client.DownloadRefusedException;
import org.opennapj.client.LoginDetails;
import org.opennapj.client.LoginRefusedException;
import org.opennapj.client.NapClient;
import org.opennapj.client.NickStatus;
import org.opennapj.client.PrivateMessage;
import org.opennapj.client.PublicMessage;
import org.opennapj.client.Search;
import org.opennapj.client.ServerRefusalException;
import org.opennapj.client.Whois;
import org.opennapj.protocol.DirectBrowseAccept;
import org.opennapj.protocol.DownloadAck;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.PushRequest;
import org.opennapj.protocol.SearchCompare;
import org.opennapj.protocol.SearchResult;
import org.opennapj.protocol.SharedFile;
import org.opennapj.protocol.UploadRequest;

/** The client library's session against a real server over loopback. */
class NapClientTest {

    @TempDir
    Path dir;

    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    private static NapClient connect(TestServer s) throws Exception {
        return NapClient.connect("127.0.0.1", s.port(), TIMEOUT).timeout(TIMEOUT);
    }

    private static NapClient login(TestServer s, String nick, int dataPort, int linkType) throws Exception {
        NapClient c = connect(s);
        c.login(new LoginDetails(nick, "pass", dataPort, "OpenNapJ test", linkType)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return c;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
    }

    /** The exception a future failed with. */
    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("did not fail: " + e, e);
        }
        throw new AssertionError("completed normally");
    }

    private static <T> T take(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(v).as("received within the timeout").isNotNull();
        return v;
    }

    private static Set<String> paths(List<SearchResult> results) {
        return results.stream().map(r -> r.file().path()).collect(Collectors.toSet());
    }

    @Test
    void anUploadRequestAndAPushRequestDuringASearchReachTheListenersAndTheSearchStillEnds() throws Exception {
        try (TestServer a = TestServer.start(dir, "server_name", "a.test", "search_timeout", "120")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (NapClient alice = login(a, "alice", 0, 3);
                 NapClient bob = login(a, "bob", 6699, 3);
                 MalformedPeerInputTest.FakePeer fake = new MalformedPeerInputTest.FakePeer(a.port())) {
                BlockingQueue<UploadRequest> uploads = new LinkedBlockingQueue<>();
                BlockingQueue<PushRequest> pushes = new LinkedBlockingQueue<>();
                BlockingQueue<Message> all = new LinkedBlockingQueue<>();
                alice.onAny(all::add);
                alice.onUploadRequest(u -> {
                    uploads.add(u);
                    try {
                        alice.acceptUpload(u.nick(), u.path());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                alice.onPushRequest(pushes::add);
                SharedFile song = new SharedFile("C:\\share\\firewalled song.mp3", MD5, 4000, 128, 44100, 30);
                alice.share(song);

                // a linked server that answers searches only when the test says so
                fake.handshake();
                fake.send(2, "faraway pw 6699 \"fake client\" 3 unknown 1 16777343 fake.test 6699");
                awaitOnline(alice, "faraway");

                CompletableFuture<List<SearchResult>> search = alice.search(Search.forWords("distant tune"));
                String id = null;
                for (int i = 0; i < 10_000 && id == null; i++) {
                    Message m = fake.readInflated();
                    if (m.type() == 10015) {
                        id = m.data().split(" ")[1];
                    }
                }
                assertThat(id).as("the search reached the linked server").isNotNull();

                // while alice's search waits for the network, bob asks the firewalled alice for her file
                bob.requestPush("alice", song.path());
                assertThat(take(uploads)).isEqualTo(new UploadRequest("bob", song.path(), 3));
                PushRequest push = take(pushes);
                assertThat(push.nick()).isEqualTo("bob");
                assertThat(push.port()).isEqualTo(6699);
                assertThat(push.path()).isEqualTo(song.path());
                assertThat(push.checksum()).isEqualTo(MD5);
                assertThat(search).as("the search is still waiting for the linked server").isNotDone();

                fake.send(10016, id + " faraway \"far\\distant tune.mp3\" " + MD5 + " 123456 192 44100 200");
                fake.send(10017, id);
                List<SearchResult> results = get(search);
                assertThat(results).hasSize(1);
                SearchResult r = results.get(0);
                assertThat(r.nick()).isEqualTo("faraway");
                assertThat(r.file()).isEqualTo(new SharedFile("far\\distant tune.mp3", MD5, 123456, 192, 44100, 200));

                // and the catch-all listener saw every one of those messages, in order
                List<Integer> types = new ArrayList<>();
                for (Message m; (m = all.poll()) != null; ) {
                    types.add(m.type());
                }
                assertThat(types).containsSubsequence(607, 501, 201, 202);
            }
        }
    }

    /** Whois until the user is online (a user from a linked server arrives a moment after its login is sent). */
    private static void awaitOnline(NapClient c, String nick) throws Exception {
        for (int i = 0; i < 200; i++) {
            CompletableFuture<Whois> w = c.whois(nick);
            try {
                if (get(w).online()) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError(nick + " never came online");
    }

    @Test
    void loginAndRegistrationAnswersAreTyped() throws Exception {
        try (TestServer s = TestServer.start(dir)) {
            LoginDetails newbie = new LoginDetails("newbie", "secret", 6699, "OpenNapJ test", 3);
            try (NapClient c = connect(s)) {
                assertThat(get(c.checkNick("newbie"))).isEqualTo(NickStatus.NOT_REGISTERED);
                assertThat(get(c.checkNick("#bad"))).isEqualTo(NickStatus.INVALID);
                assertThat(get(c.register(newbie, "newbie@example.org"))).isEqualTo("newbie@example.org");
            }
            try (NapClient c = connect(s)) {
                assertThat(get(c.checkNick("newbie"))).isEqualTo(NickStatus.REGISTERED);
                Throwable t = failure(c.register(newbie, "other@example.org"));
                assertThat(t).isInstanceOf(LoginRefusedException.class);
                assertThat(((LoginRefusedException) t).reason()).isEqualTo(LoginRefusedException.Reason.ERROR);
                assertThat(((LoginRefusedException) t).numeric()).isZero();
                // the server closed the connection: what is asked now fails at once
                get(c.closed());
                assertThat(failure(c.whois("newbie"))).isInstanceOf(java.io.IOException.class);
            }
            try (NapClient c = connect(s)) {
                Throwable t = failure(c.login(new LoginDetails("newbie", "wrong", 6699, "OpenNapJ test", 3)));
                assertThat(t).isInstanceOf(LoginRefusedException.class);
                assertThat(((LoginRefusedException) t).reason()).isEqualTo(LoginRefusedException.Reason.ERROR);
            }
            try (NapClient c = connect(s)) {
                Throwable t = failure(c.login(new LoginDetails("#bad", "pw", 6699, "OpenNapJ test", 3)));
                assertThat(((LoginRefusedException) t).reason()).isEqualTo(LoginRefusedException.Reason.INVALID_NICK);
                assertThat(((LoginRefusedException) t).detail()).contains("#bad");
            }
            try (NapClient c = connect(s)) {
                assertThat(get(c.login(newbie))).isEqualTo("newbie@example.org");
            }
        }
    }

    @Test
    void everySearchCriterionReachesTheServerAndFilters() throws Exception {
        try (TestServer s = TestServer.start(dir);
             NapClient alice = login(s, "alice", 6699, 3);
             NapClient carol = login(s, "carol", 6699, 8);
             NapClient bob = login(s, "bob", 6699, 3)) {
            alice.share(new SharedFile("crit alpha.mp3", MD5, 1000, 128, 44100, 100));
            alice.share(new SharedFile("crit beta.mp3", MD5, 5000, 320, 48000, 300));
            alice.share(new SharedFile("crit gamma unwanted.mp3", MD5, 2000, 192, 22050, 200));
            alice.share(new SharedFile("crit tune.wma", "WMA-FILE", 2500, 64, 32000, 150));
            alice.shareMedia("crit clip.avi", 3000, MD5, "video");
            carol.share(new SharedFile("crit delta.mp3", MD5, 800, 128, 44100, 90));
            get(alice.serverPing());
            get(carol.serverPing());

            assertThat(paths(get(bob.search(Search.forWords("crit")))))
                    .containsExactlyInAnyOrder("crit alpha.mp3", "crit beta.mp3", "crit gamma unwanted.mp3", "crit tune.wma", "crit delta.mp3");
            assertThat(get(bob.search(Search.forWords("crit").maxResults(2)))).hasSize(2);
            assertThat(paths(get(bob.search(Search.forWords("crit").contains("alpha")))))
                    .containsExactly("crit alpha.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").excludes("unwanted")))))
                    .doesNotContain("crit gamma unwanted.mp3").contains("crit alpha.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").bitrate(SearchCompare.AT_LEAST, 192)))))
                    .containsExactlyInAnyOrder("crit beta.mp3", "crit gamma unwanted.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").bitrate(SearchCompare.AT_BEST, 64)))))
                    .containsExactly("crit tune.wma");
            assertThat(paths(get(bob.search(Search.forWords("crit").frequency(SearchCompare.EQUAL_TO, 48000)))))
                    .containsExactly("crit beta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").frequency(SearchCompare.AT_BEST, 22050)))))
                    .containsExactly("crit gamma unwanted.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").size(SearchCompare.AT_LEAST, 5000)))))
                    .containsExactly("crit beta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").duration(SearchCompare.AT_BEST, 90)))))
                    .containsExactly("crit delta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").linespeed(SearchCompare.AT_BEST, 3)))))
                    .doesNotContain("crit delta.mp3").contains("crit alpha.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").size(SearchCompare.AT_BEST, 1000)))))
                    .containsExactlyInAnyOrder("crit alpha.mp3", "crit delta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").duration(SearchCompare.AT_LEAST, 300)))))
                    .containsExactly("crit beta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").linespeed(SearchCompare.AT_LEAST, 8)))))
                    .containsExactly("crit delta.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").linespeed(SearchCompare.EQUAL_TO, 3)))))
                    .doesNotContain("crit delta.mp3").contains("crit alpha.mp3");
            assertThat(paths(get(bob.search(Search.forWords("crit").type("video")))))
                    .containsExactly("crit clip.avi");
            assertThat(paths(get(bob.search(Search.forWords("crit").wmaOnly()))))
                    .containsExactly("crit tune.wma");
            assertThat(paths(get(bob.search(Search.forWords("crit").localOnly().bitrate(SearchCompare.AT_LEAST, 128)
                    .frequency(SearchCompare.AT_LEAST, 44100).size(SearchCompare.AT_LEAST, 1000).duration(SearchCompare.AT_BEST, 100)))))
                    .containsExactly("crit alpha.mp3");
            SearchResult delta = get(bob.search(Search.forWords("delta"))).get(0);
            assertThat(delta.nick()).isEqualTo("carol");
            assertThat(delta.linkType()).isEqualTo(8);
            assertThat(delta.ip()).isEqualTo(org.opennapj.protocol.IpAddress.LOOPBACK);

            // several searches at once are sent one after the other and each gets its own results
            CompletableFuture<List<SearchResult>> first = bob.search(Search.forWords("alpha"));
            CompletableFuture<List<SearchResult>> second = bob.search(Search.forWords("beta"));
            CompletableFuture<List<SearchResult>> third = bob.search(Search.forWords("nothing matches this"));
            assertThat(paths(get(first))).containsExactly("crit alpha.mp3");
            assertThat(paths(get(second))).containsExactly("crit beta.mp3");
            assertThat(get(third)).isEmpty();

            Throwable t = failure(bob.search(Search.forWords("crit").type("nonsense")));
            assertThat(t).isInstanceOf(ServerRefusalException.class);
            assertThat(((ServerRefusalException) t).detail()).startsWith("search failed");
        }
    }

    @Test
    void browseChatHotlistWhoisPingAndDirectBrowse() throws Exception {
        try (TestServer s = TestServer.start(dir);
             NapClient alice = login(s, "alice", 6699, 3);
             NapClient bob = login(s, "bob", 6699, 3)) {
            SharedFile one = new SharedFile("dir\\one.mp3", MD5, 100, 128, 44100, 10);
            SharedFile two = new SharedFile("dir\\two.mp3", MD5, 200, 128, 44100, 20);
            alice.share(one);
            alice.share(two);
            get(alice.serverPing());

            BrowseResult browsed = get(bob.browse("ALICE"));
            assertThat(browsed.nick()).isEqualTo("alice");
            assertThat(browsed.entries()).extracting(e -> e.file()).containsExactlyInAnyOrder(one, two);
            assertThat(browsed.ip()).isEqualTo(org.opennapj.protocol.IpAddress.LOOPBACK);
            assertThat(((ServerRefusalException) failure(bob.browse("nobody"))).numeric()).isEqualTo(210);

            BlockingQueue<PublicMessage> heard = new LinkedBlockingQueue<>();
            BlockingQueue<Message> channelNews = new LinkedBlockingQueue<>();
            alice.onPublicMessage(heard::add);
            alice.on(MessageType.CHANNEL_TOPIC, channelNews::add);
            alice.on(MessageType.USER_PARTED, channelNews::add);
            ChannelJoin aliceJoin = get(alice.join("room"));
            assertThat(aliceJoin.members()).containsExactly("alice");
            take(channelNews);  // the topic sent with the join
            ServerRefusalException again = (ServerRefusalException) failure(alice.join("room"));
            assertThat(again.detail()).startsWith("channel join failed");
            ChannelJoin bobJoin = get(bob.join("room"));
            assertThat(bobJoin.channel()).isEqualTo("room");
            assertThat(bobJoin.members()).containsExactlyInAnyOrder("alice", "bob");
            bob.say("room", "hello there");
            assertThat(take(heard)).isEqualTo(new PublicMessage("room", "bob", "hello there"));
            alice.topic("room", "the new topic");  // the channel's operator: its creator
            assertThat(take(channelNews).data()).isEqualTo("room the new topic");
            bob.part("room");
            assertThat(take(channelNews).type()).isEqualTo(MessageType.USER_PARTED.code());

            BlockingQueue<PrivateMessage> whispers = new LinkedBlockingQueue<>();
            alice.onPrivateMessage(whispers::add);
            bob.privateMessage("alice", "hi, alice");
            assertThat(take(whispers)).isEqualTo(new PrivateMessage("bob", "hi, alice"));

            Whois w = get(bob.whois("alice"));
            assertThat(w.online()).isTrue();
            assertThat(w.level()).isEqualTo("User");
            assertThat(w.shared()).isEqualTo(2);
            assertThat(w.linkType()).isEqualTo(3);
            assertThat(w.channels()).containsExactly("room");
            assertThat(((ServerRefusalException) failure(bob.whois("nobody"))).numeric()).isEqualTo(404);
            assertThat(get(bob.linkSpeed("alice"))).isEqualTo(3);

            alice.on(MessageType.PING, m -> {
                try {
                    alice.pong(m.data());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            get(bob.ping("alice"));
            assertThat(failure(bob.ping("nobody"))).isInstanceOf(ServerRefusalException.class);

            alice.onDirectBrowseRequest(r -> {
                try {
                    alice.acceptDirectBrowse(r.nick());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DirectBrowseAccept direct = get(bob.directBrowse("alice"));
            assertThat(direct).isEqualTo(new DirectBrowseAccept("alice", org.opennapj.protocol.IpAddress.LOOPBACK, 6699));
            assertThat(((ServerRefusalException) failure(bob.directBrowse("nobody"))).numeric()).isEqualTo(642);

            BlockingQueue<Message> signoffs = new LinkedBlockingQueue<>();
            bob.on(MessageType.USER_SIGNOFF, signoffs::add);
            get(bob.hotlistAdd("alice"));
            assertThat(((ServerRefusalException) failure(bob.hotlistAdd("#bad"))).numeric()).isEqualTo(302);
            alice.close();
            assertThat(take(signoffs).data()).isEqualTo("alice");
        }
    }

    @Test
    void downloadRequestsAreAnsweredTypedAndCountersReachTheServer() throws Exception {
        try (TestServer s = TestServer.start(dir);
             NapClient alice = login(s, "alice", 6699, 4);
             NapClient carol = login(s, "carol", 6699, 3);
             NapClient dave = login(s, "dave", 0, 3);
             NapClient bob = login(s, "bob", 7000, 3)) {
            SharedFile song = new SharedFile("music\\song.mp3", MD5, 4321, 128, 44100, 60);
            alice.share(song);
            carol.share(song);
            dave.share(song);
            SharedFile refused = new SharedFile("music\\private.mp3", MD5, 10, 128, 44100, 60);
            alice.share(refused);
            alice.onUploadRequest(u -> {
                try {
                    if (u.path().equals(song.path())) {
                        alice.acceptUpload(u.nick(), u.path());
                    } else {
                        alice.refuseUpload(u.nick(), u.path());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            carol.onUploadRequest(u -> {
                try {
                    carol.queueLimit(u.nick(), u.path(), 2);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            get(alice.serverPing());
            get(carol.serverPing());
            get(dave.serverPing());

            DownloadAck ack = get(bob.download("alice", song.path()));
            assertThat(ack).isEqualTo(new DownloadAck("alice", org.opennapj.protocol.IpAddress.LOOPBACK, 6699, song.path(), MD5, 4));
            assertThat(ack.firewalled()).isFalse();
            assertThat(get(bob.download("dave", song.path())).firewalled()).isTrue();

            DownloadRefusedException notShared = (DownloadRefusedException) failure(bob.download("alice", "music\\absent.mp3"));
            assertThat(notShared.kind()).isEqualTo(DownloadRefusedException.Kind.GET_ERROR);
            DownloadRefusedException offline = (DownloadRefusedException) failure(bob.download("nobody", song.path()));
            assertThat(offline.kind()).isEqualTo(DownloadRefusedException.Kind.GET_ERROR);
            DownloadRefusedException no = (DownloadRefusedException) failure(bob.download("alice", refused.path()));
            assertThat(no.kind()).isEqualTo(DownloadRefusedException.Kind.ACCEPT_FAILED);
            DownloadRefusedException full = (DownloadRefusedException) failure(bob.download("carol", song.path()));
            assertThat(full.kind()).isEqualTo(DownloadRefusedException.Kind.QUEUE_FULL);
            assertThat(full.numeric()).isEqualTo(620);

            bob.downloading();
            alice.uploading();
            get(bob.serverPing());
            get(alice.serverPing());
            assertThat(get(carol.whois("bob")).fields().get(6)).as("bob's downloads").isEqualTo("1");
            assertThat(get(carol.whois("alice")).fields().get(7)).as("alice's uploads").isEqualTo("1");
            bob.downloadComplete();
            alice.uploadComplete();
            get(bob.serverPing());
            get(alice.serverPing());
            assertThat(get(carol.whois("bob")).fields().get(6)).isEqualTo("0");
            assertThat(get(carol.whois("alice")).fields().get(7)).isEqualTo("0");
        }
    }

    @Test
    void aListenerThatBlocksDelaysOnlyTheListenersAndOneThatThrowsStopsNothing() throws Exception {
        try (TestServer s = TestServer.start(dir);
             NapClient alice = login(s, "alice", 6699, 3)) {
            CountDownLatch release = new CountDownLatch(1);
            BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
            alice.on(MessageType.SERVER_PING, m -> {
                throw new IllegalStateException("a listener that fails (reported, then ignored)");
            });
            alice.on(MessageType.SERVER_PING, m -> {
                seen.add(m);
                try {
                    release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<CompletableFuture<Void>> pings = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pings.add(alice.serverPing());
            }
            take(seen);
            // the event thread is held by the listener; the reader still reads and matches
            assertThat(alice.isClosed()).isFalse();
            release.countDown();
            for (CompletableFuture<Void> p : pings) {
                get(p);
            }
            for (int i = 1; i < 50; i++) {
                take(seen);
            }
        }
    }
}
