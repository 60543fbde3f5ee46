package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Chat.accounts;
import static org.opennapj.server.it.Chat.ask;
import static org.opennapj.server.it.Chat.got;
import static org.opennapj.server.it.Chat.join;
import static org.opennapj.server.it.Chat.joined;
import static org.opennapj.server.it.Chat.loginAccount;
import static org.opennapj.server.it.Chat.members;
import static org.opennapj.server.it.Chat.msg;
import static org.opennapj.server.it.Chat.notice;
import static org.opennapj.server.it.Chat.quiet;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Kicks (829), channel bans (420-424) and clearing a channel (820). */
class ChannelKickBanTest {

    @TempDir
    Path dir;

    /** The 421 lines of a channel's ban list, with the time field replaced by "T". */
    private static List<String> bans(ServerSession s, String channel) throws Exception {
        List<Message> got = ask(s, MessageType.CHANNEL_BAN_LIST, channel);
        assertThat(got).last().isEqualTo(msg(MessageType.CHANNEL_BAN_LIST, channel));
        return got.subList(0, got.size() - 1).stream().map(m -> {
            assertThat(m.type()).isEqualTo(MessageType.CHANNEL_BAN_ENTRY.code());
            String[] w = m.data().split(" ");
            assertThat(Long.parseLong(w[w.length - 2])).isGreaterThan(1_700_000_000L);
            w[w.length - 2] = "T";
            return String.join(" ", w);
        }).toList();
    }

    @Test
    void anOperatorKicksWithAReasonAndOthersCannot() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession dave = server.login("dave")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            quiet(alice, bob, carol);
            assertThat(ask(carol, MessageType.KICK, "chat alice")).containsExactly(
                    notice("channel kick failed: you are not an operator of channel chat"));
            assertThat(ask(dave, MessageType.KICK, "chat alice")).containsExactly(
                    notice("channel kick failed: you are not in channel chat"));
            assertThat(ask(alice, MessageType.KICK, "chat dave")).containsExactly(
                    notice("channel kick failed: dave is not in channel chat"));
            assertThat(ask(alice, MessageType.KICK, "chat")).containsExactly(
                    notice("channel kick failed: expected <channel> <nick> [\"reason\"]"));
            assertThat(members(alice, "chat")).containsExactly("alice", "bob", "carol");
            assertThat(got(bob)).isEmpty();
            assertThat(ask(alice, MessageType.KICK, "chat bob \"stop spamming\"")).containsExactly(
                    msg(MessageType.USER_PARTED, "chat bob 0 3"), notice("alice kicked bob out of channel chat: stop spamming"));
            assertThat(got(bob)).containsExactly(msg(MessageType.PART, "chat"),
                    notice("You were kicked from channel chat by alice: stop spamming"));
            assertThat(got(carol)).containsExactly(msg(MessageType.USER_PARTED, "chat bob 0 3"));
            assertThat(members(alice, "chat")).containsExactly("alice", "carol");
            // bob may come back: a kick is not a ban; a kick without reason says so
            joined(bob, "chat");
            quiet(alice, carol);
            assertThat(ask(alice, MessageType.KICK, "chat carol")).containsExactly(
                    msg(MessageType.USER_PARTED, "chat carol 0 3"), notice("alice kicked carol out of channel chat"));
            assertThat(got(carol)).containsExactly(msg(MessageType.PART, "chat"), notice("You were kicked from channel chat by alice"));
        }
    }

    @Test
    void aBanKicksTheMemberKeepsThemOutAndOnlyOperatorsChangeTheList() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            quiet(alice, bob, carol);
            // refused: not an operator; nothing is banned
            assertThat(ask(carol, MessageType.CHANNEL_BAN, "chat bob")).containsExactly(
                    notice("channel ban failed: you are not an operator of channel chat"));
            assertThat(bans(carol, "chat")).isEmpty();
            assertThat(got(bob)).isEmpty();
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat bob \"flooding the channel\"")).containsExactly(
                    msg(MessageType.USER_PARTED, "chat bob 0 3"), notice("alice banned bob!* from chat (kicked bob): flooding the channel"));
            assertThat(got(bob)).containsExactly(msg(MessageType.PART, "chat"),
                    notice("You were kicked from channel chat by alice (banned): flooding the channel"));
            assertThat(got(carol)).containsExactly(msg(MessageType.USER_PARTED, "chat bob 0 3"));
            assertThat(bans(carol, "chat")).containsExactly("bob!* alice \"flooding the channel\" T 0");
            assertThat(join(bob, "chat")).containsExactly(
                    notice("channel join failed: you are banned from channel chat: flooding the channel"));
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat BOB")).containsExactly(
                    notice("channel ban failed: BOB!* is already banned from chat"));
            // an address ban, shown as the pattern it stands for; a pattern with a ! is kept as given
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat 10.1.")).containsExactly(notice("alice banned *!10.1.* from chat"));
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat d?ve!*")).containsExactly(notice("alice banned d?ve!* from chat"));
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat \"a b\"")).singleElement()
                    .satisfies(m -> assertThat(m.data()).startsWith("channel ban failed: a ban is a nick"));
            try (ServerSession dave = server.login("dave")) {
                assertThat(join(dave, "chat")).containsExactly(notice("channel join failed: you are banned from channel chat"));
            }
            // unban: operators only; an unknown pattern is refused
            assertThat(ask(carol, MessageType.CHANNEL_UNBAN, "chat bob")).containsExactly(
                    notice("channel unban failed: you are not an operator of channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_UNBAN, "chat nobody")).containsExactly(
                    notice("channel unban failed: nobody!* is not banned from chat"));
            assertThat(bans(carol, "chat")).containsExactly("bob!* alice \"flooding the channel\" T 0",
                    "*!10.1.* alice \"\" T 0", "d?ve!* alice \"\" T 0");
            assertThat(ask(alice, MessageType.CHANNEL_UNBAN, "chat Bob \"second chance\"")).containsExactly(
                    notice("alice unbanned bob!* from chat: second chance"));
            joined(bob, "chat");
            quiet(carol);
            // clearing the list: operators only, and only when there is something to clear
            assertThat(ask(carol, MessageType.CHANNEL_BAN_CLEAR, "chat")).containsExactly(
                    notice("channel ban clear failed: you are not an operator of channel chat"));
            assertThat(bans(carol, "chat")).hasSize(2);
            quiet(alice);
            assertThat(ask(alice, MessageType.CHANNEL_BAN_CLEAR, "chat")).containsExactly(
                    notice("alice cleared the ban list of chat (2 bans)"));
            assertThat(bans(carol, "chat")).isEmpty();
            assertThat(ask(alice, MessageType.CHANNEL_BAN_CLEAR, "chat")).containsExactly(
                    notice("channel ban clear failed: channel chat has no bans"));
            assertThat(ask(alice, MessageType.CHANNEL_BAN_LIST, "nowhere")).containsExactly(
                    notice("channel ban list failed: no such channel nowhere"));
        }
    }

    @Test
    void bansRespectLevelsAndModeratorsAreNotKeptOut() throws Exception {
        accounts(dir, Level.MODERATOR, "mod", "mod2");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession mod = loginAccount(server, "mod");
             ServerSession mod2 = loginAccount(server, "mod2")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            joined(mod2, "chat");
            quiet(alice, bob, carol, mod2);
            // an operator below Moderator may not ban a Moderator by nick
            assertThat(ask(alice, MessageType.CHANNEL_BAN, "chat mod2")).containsExactly(
                    notice("channel ban failed: permission denied: mod2 is a Moderator and you are a User"));
            assertThat(bans(alice, "chat")).isEmpty();
            // a Moderator outside the channel bans the whole loopback range: every member it may act on
            // is kicked (the operator too), the other Moderator stays
            assertThat(ask(mod, MessageType.CHANNEL_BAN, "chat 127.0.0. \"closed for now\"")).containsExactly(
                    notice("mod banned *!127.0.0.* from chat (kicked alice, bob, carol): closed for now"));
            for (ServerSession s : List.of(alice, bob, carol)) {
                assertThat(got(s)).containsSubsequence(msg(MessageType.PART, "chat"),
                        notice("You were kicked from channel chat by mod (banned): closed for now"));
            }
            assertThat(got(mod2)).containsExactly(msg(MessageType.USER_PARTED, "chat alice 0 3"),
                    msg(MessageType.USER_PARTED, "chat bob 0 3"), msg(MessageType.USER_PARTED, "chat carol 0 3"),
                    notice("mod banned *!127.0.0.* from chat (kicked alice, bob, carol): closed for now"));
            assertThat(members(mod2, "chat")).containsExactly("mod2");
            assertThat(join(alice, "chat")).containsExactly(
                    notice("channel join failed: you are banned from channel chat: closed for now"));
            joined(mod, "chat");
            assertThat(members(mod, "chat")).containsExactly("mod2", "mod");
        }
    }

    @Test
    void clearingAChannelRemovesEveryoneTheOperatorMayActOn() throws Exception {
        accounts(dir, Level.MODERATOR, "mod");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession mod = loginAccount(server, "mod")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            joined(mod, "chat");
            quiet(alice, bob, carol, mod);
            assertThat(ask(bob, MessageType.CLEAR_CHANNEL, "chat")).containsExactly(
                    notice("channel clear failed: you are not an operator of channel chat"));
            assertThat(members(bob, "chat")).containsExactly("alice", "bob", "carol", "mod");
            assertThat(ask(alice, MessageType.CLEAR_CHANNEL, "chat \"time to sleep\"")).containsExactly(
                    msg(MessageType.USER_PARTED, "chat bob 0 3"), msg(MessageType.USER_PARTED, "chat carol 0 3"), notice("alice cleared channel chat: time to sleep (2 users removed; staying: mod (a Moderator))"));
            for (ServerSession s : List.of(bob, carol)) {
                assertThat(got(s)).containsSubsequence(msg(MessageType.PART, "chat"), notice("alice cleared channel chat: time to sleep"));
            }
            assertThat(got(mod)).containsExactly(msg(MessageType.USER_PARTED, "chat bob 0 3"),
                    msg(MessageType.USER_PARTED, "chat carol 0 3"), notice("alice cleared channel chat: time to sleep"));
            assertThat(members(alice, "chat")).containsExactly("alice", "mod");
            // nothing was banned: they may come back
            joined(bob, "chat");
        }
    }
}
