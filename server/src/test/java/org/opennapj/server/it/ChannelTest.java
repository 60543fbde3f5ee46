package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;
import static org.opennapj.server.it.TestServer.collectToSync;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Chat channels: join, part, public messages, emotes, topics and the channel lists. */
class ChannelTest {

    private static final int NOTICE = MessageType.NOTICE.code();
    /** The permanent channels every new data directory starts with. */
    static final Message LOBBY = Message.of(MessageType.CHANNEL_ENTRY, "Lobby 0 General chat: say hello");
    static final Message HELP = Message.of(MessageType.CHANNEL_ENTRY, "Help 0 Questions about this server and napster clients");

    @TempDir
    Path dir;

    private static Message msg(MessageType t, String data) {
        return Message.of(t, data);
    }

    private static void send(ServerSession s, MessageType t, String data) throws Exception {
        s.send(t.code(), data);
    }

    /** Joins and returns everything up to and including the 410 topic. */
    private static List<Message> join(ServerSession s, String channel) throws Exception {
        send(s, MessageType.JOIN, channel);
        return s.collectUntil(TIMEOUT, MessageType.CHANNEL_TOPIC.code(), NOTICE);
    }

    private static String notice(ServerSession s) throws Exception {
        Message m = s.expect(TIMEOUT, NOTICE);
        return m.data();
    }

    @Test
    void joinListsTheMembersAndTellsThemAboutTheNewcomer() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob", "pass", 6699, 7)) {
            assertThat(join(alice, "Rock")).containsExactly(
                    msg(MessageType.JOIN_ACK, "Rock"),
                    msg(MessageType.CHANNEL_USER, "Rock alice 0 3"),
                    msg(MessageType.CHANNEL_USER_END, "Rock"),
                    msg(MessageType.CHANNEL_TOPIC, "Rock Welcome to the Rock channel."));
            send(bob, MessageType.SHARE_FILE, "\"C:\\mp3\\a.mp3\" 00000000000000000000000000000000 1000 128 44100 60");
            // the name is case-insensitive and keeps its creator's spelling
            assertThat(join(bob, "rOCK")).containsExactly(
                    msg(MessageType.JOIN_ACK, "Rock"),
                    msg(MessageType.CHANNEL_USER, "Rock alice 0 3"),
                    msg(MessageType.CHANNEL_USER, "Rock bob 1 7"),
                    msg(MessageType.CHANNEL_USER_END, "Rock"),
                    msg(MessageType.CHANNEL_TOPIC, "Rock Welcome to the Rock channel."));
            assertThat(collectToSync(alice)).containsExactly(msg(MessageType.USER_JOINED, "Rock bob 1 7"));
            // whois shows the channels
            send(alice, MessageType.WHOIS, "bob");
            assertThat(alice.expect(TIMEOUT, MessageType.WHOIS_RESPONSE.code()).data()).contains("\"Rock\"");
        }
    }

    @Test
    void publicMessagesReachEveryMemberTheSenderToo() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            join(alice, "chat");
            join(bob, "chat");
            collectToSync(alice);
            send(alice, MessageType.PUBLIC_MESSAGE_SEND, "chat hello  \"all\" ");
            Message expected = msg(MessageType.PUBLIC_MESSAGE, "chat alice hello  \"all\" ");
            assertThat(alice.expect(TIMEOUT, MessageType.PUBLIC_MESSAGE.code())).isEqualTo(expected);
            assertThat(bob.expect(TIMEOUT, MessageType.PUBLIC_MESSAGE.code())).isEqualTo(expected);
            // not a member: refused, nothing delivered
            send(carol, MessageType.PUBLIC_MESSAGE_SEND, "chat let me in");
            assertThat(notice(carol)).isEqualTo("public message failed: you are not in channel chat");
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "CHAT " + "y".repeat(200));
            Message cut = msg(MessageType.PUBLIC_MESSAGE, "chat bob " + "y".repeat(180));
            assertThat(alice.expect(TIMEOUT, MessageType.PUBLIC_MESSAGE.code())).isEqualTo(cut);
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat");
            assertThat(notice(bob)).startsWith("public message:");
            assertThat(collectToSync(carol)).isEmpty();
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void ignoredSendersAreNotDelivered() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            join(alice, "chat");
            join(bob, "chat");
            send(alice, MessageType.IGNORE_ADD, "bob");
            alice.expect(TIMEOUT, MessageType.IGNORE_ADD.code());
            collectToSync(alice);
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat anyone?");
            assertThat(bob.expect(TIMEOUT, MessageType.PUBLIC_MESSAGE.code()).data()).isEqualTo("chat bob anyone?");
            assertThat(collectToSync(alice)).isEmpty();
        }
    }

    @Test
    void emotesAreQuotedAndBroadcast() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            join(alice, "chat");
            join(bob, "chat");
            send(bob, MessageType.EMOTE, "chat \"waves hello\"");
            Message expected = msg(MessageType.EMOTE, "chat bob \"waves hello\"");
            assertThat(alice.expect(TIMEOUT, MessageType.EMOTE.code())).isEqualTo(expected);
            assertThat(bob.expect(TIMEOUT, MessageType.EMOTE.code())).isEqualTo(expected);
            send(bob, MessageType.EMOTE, "chat");
            assertThat(notice(bob)).startsWith("emote:");
        }
    }

    @Test
    void partAndLogoutTellTheOthersAndTheLastMemberRemovesTheChannel() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            join(alice, "chat");
            join(bob, "chat");
            join(carol, "chat");
            collectToSync(alice);
            send(bob, MessageType.PART, "Chat");
            assertThat(bob.expect(TIMEOUT, MessageType.PART.code()).data()).isEqualTo("chat");
            assertThat(collectToSync(alice)).containsExactly(msg(MessageType.USER_PARTED, "chat bob 0 3"));
            send(bob, MessageType.PART, "chat");
            assertThat(notice(bob)).isEqualTo("part channel failed: you are not in channel chat");
            TestServer.logout(carol, "carol", bob);
            assertThat(collectToSync(alice)).containsExactly(msg(MessageType.USER_PARTED, "chat carol 0 3"));
            send(bob, MessageType.LIST_CHANNELS, "");
            assertThat(bob.collectUntil(TIMEOUT, MessageType.LIST_CHANNELS.code())).containsExactly(
                    LOBBY, HELP,
                    msg(MessageType.CHANNEL_ENTRY, "chat 1 Welcome to the chat channel."),
                    msg(MessageType.LIST_CHANNELS, ""));
            send(alice, MessageType.PART, "chat");
            alice.expect(TIMEOUT, MessageType.PART.code());
            send(bob, MessageType.LIST_CHANNELS, "");
            // the permanent channels of a new data directory stay, empty
            assertThat(bob.collectUntil(TIMEOUT, MessageType.LIST_CHANNELS.code()))
                    .containsExactly(LOBBY, HELP, msg(MessageType.LIST_CHANNELS, ""));
            // a new channel of the same name starts afresh, with its new creator's spelling
            assertThat(join(bob, "CHAT").get(0)).isEqualTo(msg(MessageType.JOIN_ACK, "CHAT"));
        }
    }

    @Test
    void topicIsSetByTheCreatorAndModeratorsOnly() throws Exception {
        TestServer.createAccount(dir, "mod", "modpass", "mod@example.invalid", Level.MODERATOR);
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession mod = server.login("mod", "modpass", 6699, 3)) {
            assertThat(notice(mod)).isEqualTo("You are logged in as Moderator");
            join(alice, "chat");
            join(bob, "chat");
            collectToSync(alice);
            send(bob, MessageType.CHANNEL_TOPIC, "chat bob's topic");
            assertThat(notice(bob)).isEqualTo("topic failed: only channel operators and moderators may set the topic of chat");
            send(alice, MessageType.CHANNEL_TOPIC, "chat  new\r\ntopic " + "z".repeat(80));
            String set = "chat new  topic " + "z".repeat(80);
            Message expected = msg(MessageType.CHANNEL_TOPIC, set.substring(0, "chat ".length() + 64));
            assertThat(alice.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code())).isEqualTo(expected);
            assertThat(bob.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code())).isEqualTo(expected);
            // a moderator outside the channel may set it; anyone may ask for it
            send(mod, MessageType.CHANNEL_TOPIC, "chat by a moderator");
            assertThat(bob.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code()).data()).isEqualTo("chat by a moderator");
            send(mod, MessageType.CHANNEL_TOPIC, "CHAT");
            assertThat(mod.expect(TIMEOUT, MessageType.CHANNEL_TOPIC.code()).data()).isEqualTo("chat by a moderator");
            send(mod, MessageType.CHANNEL_TOPIC, "nowhere");
            assertThat(notice(mod)).isEqualTo("topic failed: channel nowhere does not exist");
        }
    }

    @Test
    void joinRefusals() throws Exception {
        TestServer.createAccount(dir, "leech", "leechpass", "l@example.invalid", Level.LEECH);
        try (TestServer server = TestServer.start(dir, "max_user_channels", "2", "max_channel_length", "8",
                "strict_channels", "off");
             ServerSession alice = server.login("alice");
             ServerSession leech = server.login("leech", "leechpass", 6699, 3)) {
            join(alice, "one");
            assertThat(join(alice, "ONE")).containsExactly(msg(MessageType.NOTICE, "channel join failed: you are already in one"));
            join(alice, "two");
            assertThat(join(alice, "three")).containsExactly(msg(MessageType.NOTICE, "channel join failed: you may only join 2 channels"));
            send(alice, MessageType.PART, "two");
            alice.expect(TIMEOUT, MessageType.PART.code());
            assertThat(join(alice, "ninechars").get(0).data()).isEqualTo("channel join failed: channel names are at most 8 characters");
            assertThat(join(alice, "a$b").get(0).data()).startsWith("channel join failed: channel names may not contain");
            assertThat(join(alice, "\"a b\"").get(0).data()).startsWith("channel join failed: channel names may not contain");
            assertThat(join(leech, "one")).containsExactly(msg(MessageType.NOTICE, "channel join failed: requires level User"));
            assertThat(join(alice, "three").get(0)).isEqualTo(msg(MessageType.JOIN_ACK, "three"));
        }
    }

    @Test
    void strictAndIrcChannels() throws Exception {
        TestServer.createAccount(dir, "mod", "modpass", "mod@example.invalid", Level.MODERATOR);
        try (TestServer server = TestServer.start(dir, "strict_channels", "on", "irc_channels", "on");
             ServerSession alice = server.login("alice");
             ServerSession mod = server.login("mod", "modpass", 6699, 3)) {
            assertThat(notice(mod)).isEqualTo("You are logged in as Moderator");
            assertThat(join(alice, "new").get(0).data())
                    .isEqualTo("channel join failed: channel #new does not exist and only moderators may create channels");
            assertThat(join(mod, "new").get(0)).isEqualTo(msg(MessageType.JOIN_ACK, "#new"));
            assertThat(join(alice, "#new").get(0)).isEqualTo(msg(MessageType.JOIN_ACK, "#new"));
            assertThat(join(alice, "&local").get(0).data()).startsWith("channel join failed: channel &local does not exist");
        }
    }

    @Test
    void memberListAndFullChannelList() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob")) {
            join(alice, "chat");
            join(bob, "chat");
            send(bob, MessageType.LIST_USERS, "chat");
            assertThat(bob.collectUntil(TIMEOUT, MessageType.LIST_USERS.code())).containsExactly(
                    msg(MessageType.USER_LIST_ENTRY, "chat alice 0 3"),
                    msg(MessageType.USER_LIST_ENTRY, "chat bob 0 3"),
                    msg(MessageType.LIST_USERS, ""));
            send(bob, MessageType.SHOW_ALL_CHANNELS, "");
            assertThat(bob.collectUntil(TIMEOUT, MessageType.SHOW_ALL_CHANNELS.code())).containsExactly(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Lobby 0 0 1 0 \"General chat: say hello\""),
                    msg(MessageType.ALL_CHANNELS_ENTRY, "Help 0 0 0 0 \"Questions about this server and napster clients\""),
                    msg(MessageType.ALL_CHANNELS_ENTRY, "chat 2 1 1 0 \"Welcome to the chat channel.\""),
                    msg(MessageType.SHOW_ALL_CHANNELS, ""));
            send(bob, MessageType.PART, "chat");
            bob.expect(TIMEOUT, MessageType.PART.code());
            send(bob, MessageType.LIST_USERS, "chat");
            assertThat(notice(bob)).isEqualTo("list users failed: you are not in channel chat");
        }
    }
}
