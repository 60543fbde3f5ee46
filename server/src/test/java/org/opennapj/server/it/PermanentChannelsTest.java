package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Chat.accounts;
import static org.opennapj.server.it.Chat.ask;
import static org.opennapj.server.it.Chat.got;
import static org.opennapj.server.it.Chat.join;
import static org.opennapj.server.it.Chat.joined;
import static org.opennapj.server.it.Chat.loginAccount;
import static org.opennapj.server.it.Chat.msg;
import static org.opennapj.server.it.Chat.notice;
import static org.opennapj.server.it.Chat.quiet;
import static org.opennapj.server.it.Chat.send;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Permanent channels: the channels file, its defaults, restarts, and making channels permanent or not (10209, 10207). */
class PermanentChannelsTest {

    private static final Message LOBBY = msg(MessageType.CHANNEL_ENTRY, "Lobby 0 General chat: say hello");
    private static final Message HELP = msg(MessageType.CHANNEL_ENTRY, "Help 0 Questions about this server and napster clients");
    private static final Message END = msg(MessageType.LIST_CHANNELS, "");

    @TempDir
    Path dir;

    private String file() throws Exception {
        return Files.readString(dir.resolve("channels"), StandardCharsets.ISO_8859_1);
    }

    /** Waits (bounded) until the channels file contains {@code text}: it is written off the core thread. */
    private void awaitFile(String text) throws Exception {
        long deadline = System.nanoTime() + TestServer.TIMEOUT.toNanos();
        while (!file().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("channels file never contained " + text + ": " + file());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aNewDataDirectoryHasTheDefaultChannelsTheyStayEmptyAndGiveNoOperatorStatus() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            assertThat(file()).isEqualTo(":version 1\nLobby 0 User \"General chat: say hello\"\n"
                    + "Help 0 Leech \"Questions about this server and napster clients\"\n");
            assertThat(ask(alice, MessageType.LIST_CHANNELS, "")).containsExactly(LOBBY, HELP, END);
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "lobby")).containsExactly(notice("mode for channel Lobby +REGISTERED"));
            // the first member of a permanent channel does not become its operator
            joined(alice, "lobby");
            joined(bob, "Lobby");
            quiet(alice);
            assertThat(ask(alice, MessageType.KICK, "Lobby bob")).containsExactly(
                    notice("channel kick failed: you are not an operator of channel Lobby"));
            assertThat(ask(carol, MessageType.CHANNEL_OP_LIST, "Lobby")).containsExactly(
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel Lobby:"));
            send(alice, MessageType.PART, "Lobby");
            send(bob, MessageType.PART, "Lobby");
            alice.expect(TestServer.TIMEOUT, MessageType.PART.code());
            bob.expect(TestServer.TIMEOUT, MessageType.PART.code());
            assertThat(ask(carol, MessageType.LIST_CHANNELS, "")).containsExactly(LOBBY, HELP, END);
            // a user-created channel is not written to the file
            joined(carol, "passing");
            assertThat(ask(carol, MessageType.CHANNEL_TOPIC, "passing not stored")).contains(
                    msg(MessageType.CHANNEL_TOPIC, "passing not stored"));
        }
        assertThat(file()).doesNotContain("passing");
    }

    @Test
    void anEmptiedChannelsFileMeansNoChannels() throws Exception {
        Files.writeString(dir.resolve("channels"), "");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            assertThat(ask(alice, MessageType.LIST_CHANNELS, "")).containsExactly(END);
            assertThat(ask(bob, MessageType.SHOW_ALL_CHANNELS, "")).containsExactly(msg(MessageType.SHOW_ALL_CHANNELS, ""));
            joined(carol, "chat");
            assertThat(ask(alice, MessageType.LIST_CHANNELS, "")).containsExactly(
                    msg(MessageType.CHANNEL_ENTRY, "chat 1 Welcome to the chat channel."), END);
        }
        assertThat(file()).isEmpty();
    }

    @Test
    void aHandWrittenFileIsReadInBothFormsAndBadLinesAreSkipped() throws Exception {
        Files.writeString(dir.resolve("channels"), """
                # channels of the test server (no :version line: '#' starts a comment)
                Music 25 User "All about music"
                Staff 0 Moderator "Staff only" +PRIVATE op mod
                Broken 10 Wizard "unknown level"
                Huge 70000 User "limit out of range"
                Music 5 User "defined twice"
                Quoted 0 User "unclosed
                Oddly 0 User "unknown field" +LOUD
                """);
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession mod = loginAccount(server, "mod")) {
            assertThat(ask(alice, MessageType.SHOW_ALL_CHANNELS, "")).containsExactly(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Music 0 0 1 25 \"All about music\""),
                    msg(MessageType.SHOW_ALL_CHANNELS, ""));
            assertThat(ask(mod, MessageType.SHOW_ALL_CHANNELS, "")).containsExactly(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Music 0 0 1 25 \"All about music\""),
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Staff 0 0 2 0 \"Staff only\""),
                    msg(MessageType.SHOW_ALL_CHANNELS, ""));
            assertThat(join(bob, "Staff")).containsExactly(notice("channel join failed: requires level Moderator"));
            // the operator the file names gets operator status on joining
            joined(mod, "Staff");
            assertThat(ask(alice, MessageType.CHANNEL_OP_LIST, "Staff")).containsExactly(
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel Staff:"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ mod"));
        }
        // nothing changed: the operator's file is left as written
        assertThat(file()).startsWith("# channels of the test server");
    }

    @Test
    void aRestartKeepsTopicLimitLevelModesOperatorsAndBans() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        accounts(dir, Level.USER, "alice");
        List<Message> bansBefore;
        try (TestServer server = TestServer.start(dir);
             ServerSession mod = loginAccount(server, "mod");
             ServerSession alice = loginAccount(server, "alice");
             ServerSession carol = server.login("carol")) {
            joined(mod, "keep");
            joined(alice, "keep");
            joined(carol, "keep");
            quiet(mod, alice, carol);
            // only Moderators and up make a channel permanent
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "keep +REGISTERED")).containsExactly(
                    notice("channel mode failed: only moderators and up may make a channel permanent or not (REGISTERED)"));
            assertThat(ask(mod, MessageType.CHANNEL_MODE, "keep +REGISTERED +MODERATED +TOPIC")).containsExactly(
                    notice("mod changed mode on channel keep: +MODERATED +TOPIC +REGISTERED"));
            assertThat(ask(mod, MessageType.CHANNEL_TOPIC, "keep kept across restarts")).contains(
                    msg(MessageType.CHANNEL_TOPIC, "keep kept across restarts"));
            assertThat(ask(mod, MessageType.CHANNEL_LIMIT, "keep 7")).containsExactly(notice("mod set limit on channel keep to 7"));
            assertThat(ask(mod, MessageType.SET_CHANNEL_LEVEL, "keep Leech")).containsExactly(
                    notice("mod set channel keep to level Leech"));
            // alice has an account, carol has not: only alice's operator status outlives her stay
            assertThat(ask(mod, MessageType.SET_CHANNEL_OP, "keep alice carol")).containsExactly(
                    notice("mod opped alice, carol on channel keep"));
            assertThat(ask(mod, MessageType.CHANNEL_BAN, "keep bob \"not welcome\"")).containsExactly(
                    notice("mod banned bob!* from keep: not welcome"));
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "keep 10.9.8.")).containsExactly(
                    msg(MessageType.CHANNEL_TOPIC, "keep kept across restarts"), notice("mod opped you on channel keep"),
                    notice("mod banned bob!* from keep: not welcome"), notice("alice banned *!10.9.8.* from keep"));
            // a permanent channel's topic is kept even while it is empty
            assertThat(ask(mod, MessageType.CHANNEL_TOPIC, "Help ask away")).containsExactly(
                    notice("alice banned *!10.9.8.* from keep"));
            quiet(carol);
            bansBefore = ask(carol, MessageType.CHANNEL_BAN_LIST, "keep");
            assertThat(bansBefore).hasSize(3);
            // written while the server runs, without waiting for its shutdown
            awaitFile("op alice");
        }
        String saved = file();
        assertThat(saved.lines()).contains("keep 7 Leech \"kept across restarts\" +MODERATED +TOPIC op mod op alice ban bob!* mod "
                + bansBefore.get(0).data().split(" ")[4] + " \"not welcome\" ban *!10.9.8.* alice "
                + bansBefore.get(1).data().split(" ")[3] + " \"\"");
        assertThat(saved.lines()).contains("Help 0 Leech \"ask away\"");
        assertThat(saved).doesNotContain("carol");

        try (TestServer server = TestServer.start(dir);
             ServerSession mod = loginAccount(server, "mod");
             ServerSession alice = loginAccount(server, "alice");
             ServerSession carol = server.login("carol");
             ServerSession bob = server.login("bob")) {
            assertThat(ask(carol, MessageType.SHOW_ALL_CHANNELS, "")).containsExactly(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Lobby 0 0 1 0 \"General chat: say hello\""),
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Help 0 0 0 0 \"ask away\""),
                    msg(MessageType.ALL_CHANNELS_ENTRY, "keep 0 0 0 7 \"kept across restarts\""),
                    msg(MessageType.SHOW_ALL_CHANNELS, ""));
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "keep")).containsExactly(
                    notice("mode for channel keep +MODERATED +TOPIC +REGISTERED"));
            assertThat(ask(carol, MessageType.CHANNEL_BAN_LIST, "keep")).isEqualTo(bansBefore);
            assertThat(ask(carol, MessageType.CHANNEL_OP_LIST, "keep")).containsExactly(
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel keep:"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ mod (away)"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ alice (away)"));
            assertThat(join(bob, "keep")).containsExactly(notice("channel join failed: you are banned from channel keep: not welcome"));
            // alice comes back as an operator, carol as a plain member of a moderated channel
            joined(alice, "keep");
            joined(carol, "keep");
            quiet(alice);
            assertThat(ask(carol, MessageType.PUBLIC_MESSAGE_SEND, "keep hello")).containsExactly(
                    notice("public message failed: channel keep is moderated: only operators and voiced members may speak"));
            assertThat(ask(carol, MessageType.CHANNEL_VOICE, "keep carol")).containsExactly(
                    notice("channel voice failed: you are not an operator of channel keep"));
            assertThat(ask(alice, MessageType.CHANNEL_VOICE, "keep carol")).containsExactly(notice("alice voiced carol on channel keep"));
            assertThat(ask(alice, MessageType.CHANNEL_LIMIT, "keep")).containsExactly(notice("Channel keep has limit 7"));
            assertThat(ask(alice, MessageType.SET_CHANNEL_LEVEL, "keep")).containsExactly(notice("Channel keep is level Leech"));
            // an operator who is away: only Moderators and up take the status away
            assertThat(ask(alice, MessageType.REMOVE_CHANNEL_OP, "keep mod")).containsExactly(notice(
                    "channel deop failed: mod is not in channel keep; only moderators and up may take operator status from someone away"));
            assertThat(ask(mod, MessageType.REMOVE_CHANNEL_OP, "keep MOD")).containsExactly(notice("mod deopped mod on channel keep"));
            assertThat(got(alice)).containsExactly(notice("mod deopped mod on channel keep"));
            assertThat(ask(carol, MessageType.CHANNEL_OP_LIST, "keep")).containsExactly(
                    notice("alice voiced you on channel keep"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel keep:"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ alice"));
        }
    }

    @Test
    void droppingOrUnregisteringMakesAChannelGoWithItsLastMember() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession mod = loginAccount(server, "mod")) {
            assertThat(ask(alice, MessageType.DROP_CHANNEL, "Help")).containsExactly(
                    notice("permission denied: drop channel (10207) needs a Moderator or higher"));
            assertThat(ask(alice, MessageType.LIST_CHANNELS, "")).containsExactly(LOBBY, HELP, END);
            // an empty permanent channel goes at once
            assertThat(ask(mod, MessageType.DROP_CHANNEL, "help \"nobody asks\"")).containsExactly(
                    notice("mod dropped channel Help (no longer permanent): nobody asks"));
            assertThat(ask(alice, MessageType.LIST_CHANNELS, "")).containsExactly(LOBBY, END);
            assertThat(ask(mod, MessageType.DROP_CHANNEL, "chat")).containsExactly(notice("channel drop failed: no such channel chat"));
            // one with members stays until the last leaves
            joined(alice, "Lobby");
            joined(bob, "Lobby");
            assertThat(ask(mod, MessageType.CHANNEL_MODE, "Lobby -REGISTERED")).containsExactly(
                    notice("mod changed mode on channel Lobby: -REGISTERED"));
            assertThat(ask(mod, MessageType.DROP_CHANNEL, "Lobby")).containsExactly(
                    notice("channel drop failed: channel Lobby is not permanent"));
            send(alice, MessageType.PART, "Lobby");
            alice.expect(TestServer.TIMEOUT, MessageType.PART.code());
            assertThat(ask(mod, MessageType.LIST_CHANNELS, "")).containsExactly(msg(MessageType.CHANNEL_ENTRY, "Lobby 1 General chat: say hello"), END);
            send(bob, MessageType.PART, "Lobby");
            bob.expect(TestServer.TIMEOUT, MessageType.PART.code());
            assertThat(ask(mod, MessageType.LIST_CHANNELS, "")).containsExactly(END);
            // and a user-created channel made permanent stays when its members leave
            joined(bob, "newhome");
            assertThat(ask(mod, MessageType.CHANNEL_MODE, "newhome +REGISTERED")).containsExactly(
                    notice("mod changed mode on channel newhome: +REGISTERED"));
            got(bob);
            send(bob, MessageType.PART, "newhome");
            bob.expect(TestServer.TIMEOUT, MessageType.PART.code());
            assertThat(ask(mod, MessageType.LIST_CHANNELS, "")).containsExactly(
                    msg(MessageType.CHANNEL_ENTRY, "newhome 0 Welcome to the newhome channel."), END);
        }
        assertThat(file()).isEqualTo(":version 1\nnewhome 0 User \"Welcome to the newhome channel.\"\n");
        try (TestServer server = TestServer.start(dir);
             ServerSession carol = server.login("carol")) {
            assertThat(ask(carol, MessageType.LIST_CHANNELS, "")).containsExactly(
                    msg(MessageType.CHANNEL_ENTRY, "newhome 0 Welcome to the newhome channel."), END);
        }
    }
}
