package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/**
 * Channel operators, voice, modes and bans across a chain of three linked servers a.test -
 * b.test - c.test (docs/LINKING-PROTOCOL.md 3 and 4.3): set on one server, they hold on every
 * server, and a server that links again learns them in the burst.
 */
class ChannelLinkTest {

    private static final int NOTICE = MessageType.NOTICE.code();
    private static final int SAY = MessageType.PUBLIC_MESSAGE.code();

    @TempDir
    Path dir;

    private TestServer start(String name) throws Exception {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        Staff.register(d);
        return TestServer.start(d, "server_name", name);
    }

    private static void join(ServerSession s, String channel) throws Exception {
        s.send(MessageType.JOIN.code(), channel);
        s.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410 " + channel);
    }

    private static Message notice(ServerSession s, String prefix) throws Exception {
        return s.await(TIMEOUT, m -> m.type() == NOTICE && m.data().startsWith(prefix), "404 " + prefix);
    }

    /** The nicks ChanServ lists as the channel's operators (10204 with no nick). */
    private static List<String> operators(ServerSession s, String channel) throws Exception {
        s.send(MessageType.SET_CHANNEL_OP.code(), channel);
        return collectToSync(s).stream().filter(m -> m.type() == MessageType.PRIVATE_MESSAGE.code())
                .map(Message::data).filter(d -> !d.contains(" of channel ")).map(d -> d.substring("ChanServ ".length()))
                .toList();
    }

    @Test
    void operatorsVoiceModesAndBansSetOnOneServerHoldOnEveryServerAndComeWithTheBurst() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test"); TestServer c = start("c.test")) {
            LinkTest.pair(a, "a.test", b, "b.test");
            LinkTest.pair(b, "b.test", c, "c.test");
            try (ServerSession bossA = Staff.login(a, "boss");
                 ServerSession bossB = Staff.login(b, "adm");
                 ServerSession alice = a.login("alice");
                 ServerSession carol = c.login("carol");
                 ServerSession dave = c.login("dave");
                 ServerSession erin = c.login("erin")) {
                LinkTest.link(bossA, "b.test");
                LinkTest.link(bossB, "c.test");
                LinkTest.awaitWhois(alice, "erin", true);
                LinkTest.awaitWhois(erin, "alice", true);

                // alice creates the channel on a: its operator on every server
                join(alice, "ops");
                collectToSync(alice);
                LinkTest.awaitMember(carol, "ops", "alice");
                join(carol, "ops");
                join(dave, "ops");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code() && m.data().startsWith("ops dave "), "406 dave");
                assertThat(operators(dave, "ops")).containsExactly("alice");

                // dave, no operator, may not op himself on c; nothing changes anywhere (his message
                // after it reaches a later, on the same links)
                dave.send(MessageType.SET_CHANNEL_OP.code(), "ops dave");
                notice(dave, "channel op failed: you are not an operator of channel ops");
                dave.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "ops after the refusal");
                assertThat(alice.await(TIMEOUT, m -> m.type() == SAY, "403").data()).isEqualTo("ops dave after the refusal");
                assertThat(operators(alice, "ops")).containsExactly("alice");

                // alice on a ops carol on c: carol is told, and is an operator on c and on a
                alice.send(MessageType.SET_CHANNEL_OP.code(), "ops carol");
                notice(alice, "alice opped carol on channel ops");
                notice(carol, "alice opped you on channel ops");
                assertThat(operators(dave, "ops")).containsExactly("alice", "carol");
                assertThat(operators(alice, "ops")).containsExactly("alice", "carol");

                // +MODERATED on a: unvoiced dave may not speak on c, so no server shows his line
                alice.send(MessageType.CHANNEL_MODE.code(), "ops +MODERATED");
                notice(carol, "alice changed mode on channel ops: +MODERATED");
                dave.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "ops muted");
                notice(dave, "public message failed: channel ops is moderated");
                carol.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "ops carol may");
                assertThat(alice.await(TIMEOUT, m -> m.type() == SAY, "403").data()).isEqualTo("ops carol carol may");
                // voiced from a, he may
                alice.send(MessageType.CHANNEL_VOICE.code(), "ops dave");
                notice(dave, "alice voiced you on channel ops");
                notice(carol, "alice voiced dave on channel ops");
                dave.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "ops voiced now");
                assertThat(alice.await(TIMEOUT, m -> m.type() == SAY, "403").data()).isEqualTo("ops dave voiced now");

                // a ban on a keeps erin on c out, and a banned member on c is kicked as on a
                alice.send(MessageType.CHANNEL_BAN.code(), "ops erin \"not here\"");
                notice(carol, "alice banned erin!* from ops: not here");
                erin.send(MessageType.JOIN.code(), "ops");
                notice(erin, "channel join failed: you are banned from channel ops");
                alice.send(MessageType.CHANNEL_BAN.code(), "ops dave");
                assertThat(dave.await(TIMEOUT, m -> m.type() == MessageType.PART.code(), "401").data()).isEqualTo("ops");
                notice(dave, "You were kicked from channel ops by alice (banned)");
                carol.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code() && m.data().startsWith("ops dave "), "407 dave");

                // c leaves the network and comes back: with nobody of its own in the channel it
                // forgot it, and learns operators, modes and bans again from b's burst
                carol.send(MessageType.PART.code(), "ops");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_PARTED.code() && m.data().startsWith("ops carol "), "407 carol");
                bossA.send(MessageType.SERVER_DISCONNECT.code(), "c.test \"relink\"");
                LinkTest.awaitWhois(carol, "alice", false);
                LinkTest.awaitLinked(bossB, "c.test", false);
                LinkTest.link(bossB, "c.test");
                LinkTest.awaitMember(carol, "ops", "alice");
                erin.send(MessageType.JOIN.code(), "ops");
                notice(erin, "channel join failed: you are banned from channel ops");
                join(carol, "ops");
                assertThat(operators(carol, "ops")).containsExactly("alice");
                carol.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "ops muted again");
                notice(carol, "public message failed: channel ops is moderated");
                carol.send(MessageType.CHANNEL_MODE.code(), "ops");
                notice(carol, "mode for channel ops +MODERATED");
            }
        }
    }

    @Test
    void muzzlesMessagesToOperatorsInvitationsLimitAndLevelCrossTheChain() throws Exception {
        try (TestServer a = start("a.test"); TestServer b = start("b.test"); TestServer c = start("c.test")) {
            LinkTest.pair(a, "a.test", b, "b.test");
            LinkTest.pair(b, "b.test", c, "c.test");
            try (ServerSession bossA = Staff.login(a, "boss");
                 ServerSession bossB = Staff.login(b, "adm");
                 ServerSession alice = a.login("alice");
                 ServerSession carol = c.login("carol");
                 ServerSession dave = c.login("dave");
                 ServerSession erin = c.login("erin");
                 ServerSession frank = c.login("frank")) {
                LinkTest.link(bossA, "b.test");
                LinkTest.link(bossB, "c.test");
                LinkTest.awaitWhois(alice, "frank", true);
                LinkTest.awaitWhois(frank, "alice", true);
                join(alice, "mod");
                collectToSync(alice);
                LinkTest.awaitMember(carol, "mod", "alice");
                join(carol, "mod");
                join(dave, "mod");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code() && m.data().startsWith("mod dave "), "406 dave");
                alice.send(MessageType.SET_CHANNEL_OP.code(), "mod carol");
                notice(carol, "alice opped you on channel mod");

                // a channel muzzle from a holds on c, until lifted
                alice.send(MessageType.CHANNEL_MUZZLE.code(), "mod dave \"quiet\"");
                notice(dave, "alice muzzled you on channel mod: quiet");
                notice(carol, "alice muzzled dave on channel mod: quiet");
                dave.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "mod muzzled");
                notice(dave, "public message failed: you are muzzled on channel mod");
                alice.send(MessageType.CHANNEL_UNMUZZLE.code(), "mod dave");
                notice(dave, "alice unmuzzled you on channel mod");
                dave.send(MessageType.PUBLIC_MESSAGE_SEND.code(), "mod free");
                assertThat(alice.await(TIMEOUT, m -> m.type() == SAY, "403").data()).isEqualTo("mod dave free");

                // carol, an operator on c, writes to the operators: alice on a reads it
                carol.send(MessageType.CHANNEL_OPS_MESSAGE.code(), "mod hello ops");
                notice(alice, "carol [ops/mod]: hello ops");

                // invite only from a; alice's invitation lets erin on c in
                alice.send(MessageType.CHANNEL_MODE.code(), "mod +INVITE");
                notice(carol, "alice changed mode on channel mod: +INVITE");
                erin.send(MessageType.JOIN.code(), "mod");
                notice(erin, "channel join failed: channel mod is invite only");
                alice.send(MessageType.CHANNEL_INVITE.code(), "mod erin");
                notice(erin, "alice invited you to channel mod");
                join(erin, "mod");
                alice.send(MessageType.CHANNEL_MODE.code(), "mod -INVITE");
                notice(carol, "alice changed mode on channel mod: -INVITE");

                // a limit from a keeps frank on c out; so does a level
                alice.send(MessageType.CHANNEL_LIMIT.code(), "mod 4");
                notice(carol, "alice set limit on channel mod to 4");
                frank.send(MessageType.JOIN.code(), "mod");
                notice(frank, "channel join failed: channel mod is full (4 members)");
                alice.send(MessageType.CHANNEL_LIMIT.code(), "mod 0");
                notice(carol, "alice set limit on channel mod to 0");
                bossA.send(MessageType.SET_CHANNEL_LEVEL.code(), "mod Moderator");
                notice(carol, "boss set channel mod to level Moderator");
                frank.send(MessageType.JOIN.code(), "mod");
                notice(frank, "channel join failed: requires level Moderator");
            }
        }
    }

    @Test
    void changesThisServerWouldRefuseChangeNothingAndAreAnsweredAsOnOpennapNg() throws Exception {
        try (TestServer a = start("a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 MalformedPeerInputTest.FakePeer fake = new MalformedPeerInputTest.FakePeer(a.port())) {
                join(alice, "room");
                alice.send(MessageType.CHANNEL_BAN.code(), "room banned");
                alice.send(MessageType.CHANNEL_LIMIT.code(), "room 10");
                collectToSync(alice);
                fake.handshake();
                Staff.awaitNotice(boss, "Server fake.test has joined");
                fake.send(2, "mallory pw 6699 \"x\" 3 unknown 1 16777343 fake.test 6699");
                fake.send(2, "banned pw 6699 \"x\" 3 unknown 1 16777343 fake.test 6699");
                fake.send(400, ":mallory room");
                alice.await(TIMEOUT, m -> m.type() == MessageType.USER_JOINED.code() && m.data().startsWith("room mallory "), "406");
                // mallory is no operator here: none of these is taken
                fake.send(MessageType.SET_CHANNEL_OP.code(), ":mallory room mallory");
                fake.send(MessageType.REMOVE_CHANNEL_OP.code(), ":mallory room alice");
                fake.send(MessageType.CHANNEL_MODE.code(), ":mallory room +MODERATED");
                fake.send(MessageType.CHANNEL_UNBAN.code(), ":mallory room banned");
                fake.send(MessageType.CHANNEL_LIMIT.code(), ":mallory room 1 0");
                // a level from a server whose channel timestamp is 0: refused, our value goes back
                fake.send(MessageType.SET_CHANNEL_LEVEL.code(), ":fake.test room Moderator 0");
                // a banned user's join: refused, and the sender told to take it back
                fake.send(400, ":banned room");
                fake.send(402, ":mallory room after all that");
                assertThat(alice.await(TIMEOUT, m -> m.type() == SAY, "403").data()).isEqualTo("room mallory after all that");
                assertThat(operators(alice, "room")).containsExactly("alice");
                alice.send(MessageType.CHANNEL_MODE.code(), "room");
                notice(alice, "mode for channel room");
                assertThat(collectToSync(alice)).extracting(Message::data).doesNotContain("mode for channel room +MODERATED");
                alice.send(MessageType.CHANNEL_LIMIT.code(), "room");
                notice(alice, "Channel room has limit 10");
                alice.send(MessageType.SET_CHANNEL_LEVEL.code(), "room");
                notice(alice, "Channel room is level User");
                alice.send(MessageType.CHANNEL_BAN_LIST.code(), "room");
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_BAN_ENTRY.code(), "421").data())
                        .startsWith("banned!* ");
                // what fake.test got back: our limit and level with our timestamp, and the kick of the join
                // (after a's burst, which has the channel's limit too)
                while (fake.readInflated().type() != 10262) {
                    // the burst
                }
                List<Message> answers = new java.util.ArrayList<>();
                while (answers.size() < 3) {
                    Message m = fake.readInflated();
                    if (m.type() == MessageType.CHANNEL_LIMIT.code() || m.type() == MessageType.SET_CHANNEL_LEVEL.code()
                            || m.type() == MessageType.KICK.code()) {
                        answers.add(m);
                    }
                }
                assertThat(answers).extracting(Message::data).satisfiesExactly(
                        d -> assertThat(d).matches(":a\\.test room 10 [1-9][0-9]*"),
                        d -> assertThat(d).matches(":a\\.test room User [1-9][0-9]*"),
                        d -> assertThat(d).isEqualTo(":a.test room banned \"channel join failed: you are banned from channel room\""));
            }
        }
    }

    @Test
    void anOlderChannelTimestampFromAnotherServerTakesOurOperatorsAwayAndANewerOneIsIgnored() throws Exception {
        try (TestServer a = start("a.test")) {
            Files.writeString(a.dataDir().resolve("servers"), "127.0.0.1 from-fake to-fake 1 fake.test\n");
            try (ServerSession boss = Staff.login(a, "boss");
                 ServerSession alice = a.login("alice");
                 MalformedPeerInputTest.FakePeer fake = new MalformedPeerInputTest.FakePeer(a.port())) {
                join(alice, "room");
                collectToSync(alice);
                fake.handshake();
                Staff.awaitNotice(boss, "Server fake.test has joined");
                fake.send(2, "mallory pw 6699 \"x\" 3 unknown 1 16777343 fake.test 6699");
                fake.send(2, "oscar pw 6699 \"x\" 3 unknown 1 16777343 fake.test 6699");
                fake.send(400, ":mallory room");
                fake.send(400, ":oscar room");
                // a newer timestamp than alice's channel: ignored
                fake.send(MessageType.SET_CHANNEL_OP.code(), ":fake.test room oscar :4000000000");
                // an older one: the channel was there first; its operators count, ours go
                fake.send(MessageType.SET_CHANNEL_OP.code(), ":fake.test room mallory :1000");
                notice(alice, "a.test deopped you on channel room: timestamp");
                assertThat(operators(alice, "room")).containsExactly("mallory");
                // and from now on a timestamp newer than 1000 is refused
                fake.send(MessageType.CHANNEL_VOICE.code(), ":fake.test room oscar :1001");
                fake.send(MessageType.CHANNEL_VOICE.code(), ":fake.test room mallory :1000");
                // the barrier: mallory's voice (after oscar's refused one) has come when the list shows it
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                List<String> voiced;
                while (!(voiced = voiced(alice)).contains("mallory")) {
                    assertThat(System.nanoTime()).as("mallory voiced").isLessThan(deadline);
                }
                assertThat(voiced).containsExactly("mallory");
                // mallory, an operator now, clears the channel from fake.test: alice leaves as on opennap-ng
                fake.send(MessageType.CLEAR_CHANNEL.code(), ":mallory room bye all");
                assertThat(alice.await(TIMEOUT, m -> m.type() == MessageType.PART.code(), "401").data()).isEqualTo("room");
                notice(alice, "mallory cleared channel room: bye all");
            }
        }
    }

    private static List<String> voiced(ServerSession s) throws Exception {
        s.send(MessageType.CHANNEL_VOICE.code(), "room");
        return collectToSync(s).stream().filter(m -> m.type() == MessageType.PRIVATE_MESSAGE.code())
                .map(Message::data).filter(d -> !d.contains(" of channel ")).map(d -> d.substring("ChanServ ".length()))
                .toList();
    }
}
