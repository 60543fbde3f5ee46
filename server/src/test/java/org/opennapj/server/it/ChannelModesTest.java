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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Channel modes (10209), invitations (430-432, 10210), the topic mode, level (823) and limit (826). */
class ChannelModesTest {

    @TempDir
    Path dir;

    /** A server without the default channels, so the lists hold only what a test makes. */
    private TestServer start() throws Exception {
        Files.writeString(dir.resolve("channels"), "");
        return TestServer.start(dir);
    }

    private static List<Message> channelList(ServerSession s) throws Exception {
        return ask(s, MessageType.LIST_CHANNELS, "");
    }

    @Test
    void modesAreShownAndChangedByOperatorsWithPlusAndMinus() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession mod = loginAccount(server, "mod")) {
            joined(alice, "chat");
            joined(bob, "chat");
            quiet(alice, bob);
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "chat")).containsExactly(notice("mode for channel chat"));
            assertThat(ask(bob, MessageType.CHANNEL_MODE, "chat +PRIVATE")).containsExactly(
                    notice("channel mode failed: you are not an operator of channel chat"));
            // a bad word refuses the whole change
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +INVITE +LOUD")).containsExactly(
                    notice("channel mode failed: invalid mode '+LOUD': use +NAME or -NAME with PRIVATE, MODERATED, INVITE, TOPIC or REGISTERED"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat PRIVATE")).singleElement()
                    .satisfies(m -> assertThat(m.data()).startsWith("channel mode failed: invalid mode 'PRIVATE'"));
            // only Moderators and up make a channel permanent
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +TOPIC +REGISTERED")).containsExactly(
                    notice("channel mode failed: only moderators and up may make a channel permanent or not (REGISTERED)"));
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "chat")).containsExactly(notice("mode for channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +invite +Private +TOPIC -TOPIC")).containsExactly(
                    notice("alice changed mode on channel chat: +PRIVATE +INVITE"));
            assertThat(got(bob)).isEmpty();
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "chat")).containsExactly(notice("mode for channel chat +PRIVATE +INVITE"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +PRIVATE")).containsExactly(
                    notice("channel mode: nothing changed; mode for channel chat +PRIVATE +INVITE"));
            // a Moderator changes modes anywhere; the channel's operator is told
            assertThat(ask(mod, MessageType.CHANNEL_MODE, "chat -INVITE +MODERATED")).containsExactly(
                    notice("mod changed mode on channel chat: +MODERATED -INVITE"));
            assertThat(got(alice)).containsExactly(notice("mod changed mode on channel chat: +MODERATED -INVITE"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "nowhere")).containsExactly(
                    notice("channel mode failed: no such channel nowhere"));
        }
    }

    @Test
    void privateChannelsAreListedOnlyToMembersAndModerators() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession mod = loginAccount(server, "mod")) {
            joined(alice, "hidden");
            joined(alice, "open");
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "hidden +PRIVATE")).containsExactly(
                    notice("alice changed mode on channel hidden: +PRIVATE"));
            Message hidden = msg(MessageType.CHANNEL_ENTRY, "hidden 1 Welcome to the hidden channel.");
            Message open = msg(MessageType.CHANNEL_ENTRY, "open 1 Welcome to the open channel.");
            Message end = msg(MessageType.LIST_CHANNELS, "");
            assertThat(channelList(bob)).containsExactly(open, end);
            assertThat(ask(bob, MessageType.SHOW_ALL_CHANNELS, "")).containsExactly(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "open 1 1 1 0 \"Welcome to the open channel.\""),
                    msg(MessageType.SHOW_ALL_CHANNELS, ""));
            assertThat(channelList(alice)).containsExactly(hidden, open, end);
            assertThat(channelList(mod)).containsExactly(hidden, open, end);
            assertThat(ask(mod, MessageType.SHOW_ALL_CHANNELS, "")).contains(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "hidden 1 1 1 0 \"Welcome to the hidden channel.\""));
            // private is not closed: bob may join it if he knows its name
            joined(bob, "hidden");
            assertThat(channelList(bob)).containsExactly(msg(MessageType.CHANNEL_ENTRY, "hidden 2 Welcome to the hidden channel."),
                    open, end);
        }
    }

    @Test
    void anInviteOnlyChannelAdmitsInvitedUsersOnly() throws Exception {
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession dave = server.login("dave")) {
            joined(alice, "club");
            joined(bob, "club");
            quiet(alice);
            // 10210 on a channel that is not invite only
            assertThat(ask(bob, MessageType.CHANNEL_INVITE, "club carol")).containsExactly(
                    notice("channel invite failed: channel club is not invite only"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "club +INVITE")).containsExactly(
                    notice("alice changed mode on channel club: +INVITE"));
            assertThat(join(carol, "club")).containsExactly(notice("channel join failed: channel club is invite only"));
            // only members invite
            assertThat(ask(dave, MessageType.CHANNEL_INVITE, "club dave")).containsExactly(
                    notice("channel invite failed: you are not in channel club"));
            assertThat(ask(bob, MessageType.CHANNEL_INVITE, "club nobody")).containsExactly(
                    notice("channel invite failed: user nobody is not currently online"));
            assertThat(ask(bob, MessageType.CHANNEL_INVITE, "club alice")).containsExactly(
                    notice("channel invite failed: alice is already in channel club"));
            assertThat(join(dave, "club")).containsExactly(notice("channel join failed: channel club is invite only"));
            // a member (not an operator) invites carol: she is told, the operator too
            assertThat(ask(bob, MessageType.CHANNEL_INVITE, "club carol")).containsExactly(notice("bob invited carol to channel club"));
            assertThat(got(carol)).containsExactly(notice("bob invited you to channel club"));
            assertThat(got(alice)).containsExactly(notice("bob invited carol to channel club"));
            joined(carol, "club");
            // an invitation is used up by joining
            send(carol, MessageType.PART, "club");
            carol.expect(TestServer.TIMEOUT, MessageType.PART.code());
            assertThat(join(carol, "club")).containsExactly(notice("channel join failed: channel club is invite only"));
            // the napster 2.0 form: 430 to the invited user, who declines (432) or accepts (431)
            quiet(alice);
            assertThat(ask(alice, MessageType.INVITE, "dave club")).containsExactly(notice("alice invited dave to channel club"));
            Message invitation = msg(MessageType.INVITE, "alice club \"Welcome to the club channel.\" 0 Hello!");
            assertThat(got(dave)).containsExactly(invitation);
            assertThat(ask(dave, MessageType.INVITE_DECLINED, invitation.data())).containsExactly(
                    notice("you declined the invitation to channel club"));
            assertThat(got(alice)).containsExactly(notice("dave declined your invitation to channel club"));
            assertThat(join(dave, "club")).containsExactly(notice("channel join failed: channel club is invite only"));
            assertThat(ask(dave, MessageType.INVITE_ACCEPTED, "alice club")).containsExactly(
                    notice("invitation accept failed: you are not invited to channel club"));
            assertThat(ask(alice, MessageType.INVITE, "dave club")).containsExactly(notice("alice invited dave to channel club"));
            got(dave);
            send(dave, MessageType.INVITE_ACCEPTED, "alice club");
            assertThat(dave.collectUntil(TestServer.TIMEOUT, MessageType.CHANNEL_TOPIC.code()).get(0))
                    .isEqualTo(msg(MessageType.JOIN_ACK, "club"));
            assertThat(got(alice)).contains(notice("dave accepted your invitation to channel club"),
                    msg(MessageType.USER_JOINED, "club dave 0 3"));
        }
    }

    @Test
    void theTopicModeLetsAnyMemberSetTheTopic() throws Exception {
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            joined(alice, "chat");
            joined(bob, "chat");
            quiet(alice, bob);
            assertThat(ask(bob, MessageType.CHANNEL_TOPIC, "chat bob was here")).containsExactly(
                    notice("topic failed: only channel operators and moderators may set the topic of chat"));
            assertThat(ask(carol, MessageType.CHANNEL_TOPIC, "chat")).containsExactly(
                    msg(MessageType.CHANNEL_TOPIC, "chat Welcome to the chat channel."));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +TOPIC")).containsExactly(
                    notice("alice changed mode on channel chat: +TOPIC"));
            assertThat(ask(bob, MessageType.CHANNEL_TOPIC, "chat bob was here")).containsExactly(
                    msg(MessageType.CHANNEL_TOPIC, "chat bob was here"));
            assertThat(got(alice)).containsExactly(msg(MessageType.CHANNEL_TOPIC, "chat bob was here"),
                    notice("bob set topic on chat: bob was here"));
            // still members only
            assertThat(ask(carol, MessageType.CHANNEL_TOPIC, "chat carol too")).containsExactly(
                    notice("topic failed: you are not in channel chat"));
        }
    }

    @Test
    void theLevelKeepsLowerUsersOutAndCannotBeSetAboveTheSetter() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        accounts(dir, Level.LEECH, "leech");
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession leech = loginAccount(server, "leech");
             ServerSession mod = loginAccount(server, "mod")) {
            joined(alice, "chat");
            assertThat(ask(bob, MessageType.SET_CHANNEL_LEVEL, "chat")).containsExactly(notice("Channel chat is level User"));
            assertThat(ask(bob, MessageType.SET_CHANNEL_LEVEL, "chat Leech")).containsExactly(
                    notice("channel level failed: you are not in channel chat"));
            assertThat(ask(alice, MessageType.SET_CHANNEL_LEVEL, "chat Moderator")).containsExactly(
                    notice("channel level failed: permission denied: you cannot require a level above your own (User)"));
            assertThat(ask(alice, MessageType.SET_CHANNEL_LEVEL, "chat Boss")).containsExactly(
                    notice("channel level failed: unknown level Boss (Leech, User, Moderator, Admin or Elite)"));
            assertThat(join(leech, "chat")).containsExactly(notice("channel join failed: requires level User"));
            assertThat(ask(alice, MessageType.SET_CHANNEL_LEVEL, "chat leech")).containsExactly(
                    notice("alice set channel chat to level Leech"));
            joined(leech, "chat");
            quiet(alice);
            assertThat(ask(mod, MessageType.SET_CHANNEL_LEVEL, "chat 2")).containsExactly(
                    notice("mod set channel chat to level Moderator"));
            assertThat(got(alice)).containsExactly(notice("mod set channel chat to level Moderator"));
            assertThat(join(bob, "chat")).containsExactly(notice("channel join failed: requires level Moderator"));
            assertThat(ask(mod, MessageType.SHOW_ALL_CHANNELS, "")).contains(
                    msg(MessageType.ALL_CHANNELS_ENTRY, "chat 2 1 2 0 \"Welcome to the chat channel.\""));
        }
    }

    @Test
    void theLimitKeepsAFullChannelClosedExceptToModerators() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = start();
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession mod = loginAccount(server, "mod")) {
            joined(alice, "chat");
            joined(bob, "chat");
            quiet(alice);
            assertThat(ask(carol, MessageType.CHANNEL_LIMIT, "chat")).containsExactly(notice("Channel chat has limit 0"));
            assertThat(ask(bob, MessageType.CHANNEL_LIMIT, "chat 2")).containsExactly(
                    notice("channel limit failed: you are not an operator of channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_LIMIT, "chat 70000")).containsExactly(
                    notice("channel limit (826): 70000 is out of range 0..65535"));
            assertThat(ask(carol, MessageType.CHANNEL_LIMIT, "chat")).containsExactly(notice("Channel chat has limit 0"));
            assertThat(ask(alice, MessageType.CHANNEL_LIMIT, "chat 2")).containsExactly(notice("alice set limit on channel chat to 2"));
            assertThat(join(carol, "chat")).containsExactly(notice("channel join failed: channel chat is full (2 members)"));
            joined(mod, "chat");
            assertThat(Chat.members(alice, "chat")).containsExactly("alice", "bob", "mod");
            assertThat(ask(mod, MessageType.CHANNEL_LIMIT, "chat 0")).containsExactly(notice("mod set limit on channel chat to 0"));
            joined(carol, "chat");
        }
    }
}
