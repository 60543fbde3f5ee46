package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.Chat.accounts;
import static org.opennapj.server.it.Chat.ask;
import static org.opennapj.server.it.Chat.got;
import static org.opennapj.server.it.Chat.joined;
import static org.opennapj.server.it.Chat.loginAccount;
import static org.opennapj.server.it.Chat.msg;
import static org.opennapj.server.it.Chat.notice;
import static org.opennapj.server.it.Chat.send;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/** Channel operators (10204-10206), voice (10211, 10212), per-channel muzzles (10213, 10214), 10208, and who may speak. */
class ChannelOperatorsTest {

    @TempDir
    Path dir;

    private static void ops(ServerSession s, String channel, String... nicks) throws Exception {
        var expected = new java.util.ArrayList<org.opennapj.protocol.Message>();
        expected.add(msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel " + channel + ":"));
        for (String n : nicks) {
            expected.add(msg(MessageType.PRIVATE_MESSAGE, "ChanServ " + n));
        }
        assertThat(ask(s, MessageType.CHANNEL_OP_LIST, channel)).containsExactlyElementsOf(expected);
    }

    @Test
    void theCreatorOpsOthersWhoAreToldAndOnlyOperatorsMayOp() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession dave = server.login("dave")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            Chat.quiet(alice, bob, carol);
            // not an operator: refused, nothing changes
            assertThat(ask(carol, MessageType.SET_CHANNEL_OP, "chat carol"))
                    .containsExactly(notice("channel op failed: you are not an operator of channel chat"));
            assertThat(ask(dave, MessageType.SET_CHANNEL_OP, "chat dave"))
                    .containsExactly(notice("channel op failed: you are not in channel chat"));
            ops(carol, "chat", "alice");
            // a nick that is not a member: refused as a whole, bob is not opped either
            assertThat(ask(alice, MessageType.SET_CHANNEL_OP, "chat bob dave"))
                    .containsExactly(notice("channel op failed: dave is not in channel chat"));
            ops(carol, "chat", "alice");
            assertThat(ask(alice, MessageType.SET_CHANNEL_OP, "nowhere bob"))
                    .containsExactly(notice("channel op failed: no such channel nowhere"));
            // the operator ops bob: bob is told, the operator answered, carol hears nothing
            assertThat(ask(alice, MessageType.SET_CHANNEL_OP, "CHAT bob"))
                    .containsExactly(notice("alice opped bob on channel chat"));
            assertThat(got(bob)).containsExactly(notice("alice opped you on channel chat"));
            assertThat(got(carol)).isEmpty();
            ops(dave, "chat", "alice", "bob");
            // the 10204 list form: members holding operator status
            assertThat(ask(carol, MessageType.SET_CHANNEL_OP, "chat")).containsExactly(
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ operators of channel chat:"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ alice"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ bob"));
            assertThat(ask(alice, MessageType.SET_CHANNEL_OP, "chat bob"))
                    .containsExactly(notice("channel op: bob is already an operator on channel chat"));
            // operators are equals: bob may deop alice; the other operators hear of it
            assertThat(ask(bob, MessageType.REMOVE_CHANNEL_OP, "chat alice"))
                    .containsExactly(notice("bob deopped alice on channel chat"));
            assertThat(got(alice)).containsExactly(notice("bob deopped you on channel chat"));
            assertThat(ask(alice, MessageType.REMOVE_CHANNEL_OP, "chat bob"))
                    .containsExactly(notice("channel deop failed: you are not an operator of channel chat"));
            ops(dave, "chat", "bob");
            // operator status goes with leaving a user-created channel
            send(bob, MessageType.PART, "chat");
            bob.expect(TestServer.TIMEOUT, MessageType.PART.code());
            joined(bob, "chat");
            ops(dave, "chat");
            assertThat(got(carol)).noneMatch(m -> m.type() == Chat.NOTICE);
        }
    }

    @Test
    void nobodyActsOnAnEqualOrHigherLevelExceptAnElite() throws Exception {
        accounts(dir, Level.MODERATOR, "mod", "mod2");
        accounts(dir, Level.ADMIN, "admin");
        accounts(dir, Level.ELITE, "elite");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession mod = loginAccount(server, "mod");
             ServerSession mod2 = loginAccount(server, "mod2");
             ServerSession admin = loginAccount(server, "admin");
             ServerSession elite = loginAccount(server, "elite")) {
            joined(alice, "chat");
            for (ServerSession s : new ServerSession[] {bob, mod, mod2, admin, elite}) {
                joined(s, "chat");
            }
            Chat.quiet(alice, bob, mod, mod2, admin, elite);
            // the creator (a User) is an operator, but has no authority over a Moderator
            assertThat(ask(alice, MessageType.KICK, "chat mod"))
                    .containsExactly(notice("channel kick failed: permission denied: mod is a Moderator and you are a User"));
            assertThat(ask(alice, MessageType.CHANNEL_MUZZLE, "chat mod"))
                    .containsExactly(notice("channel muzzle failed: permission denied: mod is a Moderator and you are a User"));
            // a Moderator acts in any channel without being an operator, but not on an equal
            assertThat(ask(mod, MessageType.KICK, "chat mod2"))
                    .containsExactly(notice("channel kick failed: permission denied: mod2 is a Moderator and you are a Moderator"));
            assertThat(ask(admin, MessageType.KICK, "chat elite"))
                    .containsExactly(notice("channel kick failed: permission denied: elite is an Elite and you are an Admin"));
            assertThat(Chat.members(bob, "chat")).containsExactly("alice", "bob", "mod", "mod2", "admin", "elite");
            // the Moderator takes alice's operator status; an Elite may act on anyone
            assertThat(ask(mod, MessageType.REMOVE_CHANNEL_OP, "chat alice"))
                    .containsExactly(notice("mod deopped alice on channel chat"));
            assertThat(got(alice)).containsExactly(notice("mod deopped you on channel chat"));
            // the kicker is answered; being a Moderator and up in the channel, it also heard of the deop
            assertThat(ask(elite, MessageType.KICK, "chat admin \"enough\"")).containsExactly(
                    notice("mod deopped alice on channel chat"),
                    msg(MessageType.USER_PARTED, "chat admin 0 3"),
                    notice("elite kicked admin out of channel chat: enough"));
            assertThat(got(admin)).containsExactly(notice("mod deopped alice on channel chat"),
                    msg(MessageType.PART, "chat"), notice("You were kicked from channel chat by elite: enough"));
            assertThat(Chat.members(bob, "chat")).containsExactly("alice", "bob", "mod", "mod2", "elite");
            // the Moderators in the channel heard of both
            assertThat(got(mod2)).containsExactly(notice("mod deopped alice on channel chat"),
                    msg(MessageType.USER_PARTED, "chat admin 0 3"), notice("elite kicked admin out of channel chat: enough"));
        }
    }

    @Test
    void aModeratedChannelHearsOnlyOperatorsVoicedMembersAndModerators() throws Exception {
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
            Chat.quiet(alice, bob, carol, mod);
            assertThat(ask(carol, MessageType.CHANNEL_MODE, "chat +MODERATED"))
                    .containsExactly(notice("channel mode failed: you are not an operator of channel chat"));
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat still open");
            assertThat(got(bob)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob still open"));
            assertThat(ask(alice, MessageType.CHANNEL_MODE, "chat +moderated"))
                    .containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob still open"),
                            notice("alice changed mode on channel chat: +MODERATED"));
            assertThat(got(mod)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob still open"),
                    notice("alice changed mode on channel chat: +MODERATED"));
            got(carol);
            String refused = "channel chat is moderated: only operators and voiced members may speak";
            assertThat(ask(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat hello?"))
                    .containsExactly(notice("public message failed: " + refused));
            assertThat(ask(bob, MessageType.EMOTE, "chat \"waves\"")).containsExactly(notice("emote failed: " + refused));
            assertThat(got(carol)).isEmpty();
            // voice: only operators give it; the voiced member speaks
            assertThat(ask(carol, MessageType.CHANNEL_VOICE, "chat carol"))
                    .containsExactly(notice("channel voice failed: you are not an operator of channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_VOICE, "chat bob"))
                    .containsExactly(notice("alice voiced bob on channel chat"));
            assertThat(got(bob)).containsExactly(notice("alice voiced you on channel chat"));
            assertThat(ask(carol, MessageType.CHANNEL_VOICE, "chat"))
                    .containsExactly(msg(MessageType.PRIVATE_MESSAGE, "ChanServ voiced members of channel chat:"),
                            msg(MessageType.PRIVATE_MESSAGE, "ChanServ bob"));
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat thanks");
            assertThat(got(bob)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob thanks"));
            send(mod, MessageType.PUBLIC_MESSAGE_SEND, "chat moderators always speak");
            assertThat(got(mod)).containsExactly(notice("alice voiced bob on channel chat"),
                    msg(MessageType.PUBLIC_MESSAGE, "chat bob thanks"),
                    msg(MessageType.PUBLIC_MESSAGE, "chat mod moderators always speak"));
            assertThat(got(carol)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob thanks"),
                    msg(MessageType.PUBLIC_MESSAGE, "chat mod moderators always speak"));
            got(bob);
            assertThat(ask(alice, MessageType.CHANNEL_UNVOICE, "chat bob")).endsWith(notice("alice devoiced bob on channel chat"));
            assertThat(ask(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat again?"))
                    .containsExactly(notice("alice devoiced you on channel chat"), notice("public message failed: " + refused));
            assertThat(got(carol)).isEmpty();
        }
    }

    @Test
    void aChannelMuzzleSilencesTheMemberUntilLiftedEvenAcrossRejoining() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            Chat.quiet(alice, bob, carol);
            assertThat(ask(carol, MessageType.CHANNEL_MUZZLE, "chat bob"))
                    .containsExactly(notice("channel muzzle failed: you are not an operator of channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_MUZZLE, "chat nobody"))
                    .containsExactly(notice("channel muzzle failed: nobody is not in channel chat"));
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat still free");
            assertThat(got(bob)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob still free"));
            got(carol);
            got(alice);
            assertThat(ask(alice, MessageType.CHANNEL_MUZZLE, "chat bob \"too loud\""))
                    .containsExactly(notice("alice muzzled bob on channel chat: too loud"));
            assertThat(got(bob)).containsExactly(notice("alice muzzled you on channel chat: too loud"));
            assertThat(ask(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat hey"))
                    .containsExactly(notice("public message failed: you are muzzled on channel chat"));
            assertThat(ask(bob, MessageType.EMOTE, "chat \"shrugs\""))
                    .containsExactly(notice("emote failed: you are muzzled on channel chat"));
            // leaving and coming back does not lift it
            send(bob, MessageType.PART, "chat");
            bob.expect(TestServer.TIMEOUT, MessageType.PART.code());
            joined(bob, "chat");
            assertThat(ask(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat back"))
                    .containsExactly(notice("public message failed: you are muzzled on channel chat"));
            assertThat(got(carol)).containsExactly(msg(MessageType.USER_PARTED, "chat bob 0 3"),
                    msg(MessageType.USER_JOINED, "chat bob 0 3"));
            assertThat(ask(carol, MessageType.CHANNEL_MUZZLE, "chat")).containsExactly(
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ muzzled on channel chat:"),
                    msg(MessageType.PRIVATE_MESSAGE, "ChanServ bob"));
            assertThat(got(carol)).noneMatch(m -> m.type() == MessageType.PUBLIC_MESSAGE.code() || m.type() == MessageType.EMOTE.code());
            assertThat(ask(carol, MessageType.CHANNEL_UNMUZZLE, "chat bob"))
                    .containsExactly(notice("channel unmuzzle failed: you are not an operator of channel chat"));
            got(alice);
            assertThat(ask(alice, MessageType.CHANNEL_UNMUZZLE, "chat carol"))
                    .containsExactly(notice("channel unmuzzle failed: carol is not muzzled on channel chat"));
            got(alice);
            assertThat(ask(alice, MessageType.CHANNEL_UNMUZZLE, "chat bob")).containsExactly(notice("alice unmuzzled bob on channel chat"));
            assertThat(got(bob)).containsExactly(notice("alice unmuzzled you on channel chat"));
            send(bob, MessageType.PUBLIC_MESSAGE_SEND, "chat free again");
            assertThat(got(bob)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat bob free again"));
        }
    }

    @Test
    void aServerMuzzleSilencesPublicMessagesAndEmotesEverywhere() throws Exception {
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            Chat.quiet(alice, bob, carol);
            // the server-wide muzzle (622) is set by the administration commands; set it directly here
            server.core().execute(() -> server.core().user("alice").muzzled = true);
            assertThat(ask(alice, MessageType.PUBLIC_MESSAGE_SEND, "chat anyone?"))
                    .containsExactly(notice("public message failed: you are muzzled"));
            assertThat(ask(alice, MessageType.EMOTE, "chat \"waves\"")).containsExactly(notice("emote failed: you are muzzled"));
            assertThat(got(bob)).isEmpty();
            // even as the channel's operator
            send(carol, MessageType.PUBLIC_MESSAGE_SEND, "chat others still talk");
            assertThat(got(carol)).containsExactly(msg(MessageType.PUBLIC_MESSAGE, "chat carol others still talk"));
        }
    }

    @Test
    void aMessageToTheOperatorsReachesOnlyThemAndTheModerators() throws Exception {
        accounts(dir, Level.MODERATOR, "mod", "outsider");
        try (TestServer server = TestServer.start(dir);
             ServerSession alice = server.login("alice");
             ServerSession bob = server.login("bob");
             ServerSession carol = server.login("carol");
             ServerSession mod = loginAccount(server, "mod");
             ServerSession outsider = loginAccount(server, "outsider")) {
            joined(alice, "chat");
            joined(bob, "chat");
            joined(carol, "chat");
            joined(mod, "chat");
            Chat.quiet(alice, bob, carol, mod);
            assertThat(ask(alice, MessageType.SET_CHANNEL_OP, "chat bob")).containsExactly(notice("alice opped bob on channel chat"));
            got(bob);
            got(mod);
            assertThat(ask(carol, MessageType.CHANNEL_OPS_MESSAGE, "chat let me in"))
                    .containsExactly(notice("channel wallop failed: you are not an operator of channel chat"));
            assertThat(ask(alice, MessageType.CHANNEL_OPS_MESSAGE, "chat carol is  spamming"))
                    .containsExactly(notice("alice [ops/chat]: carol is  spamming"));
            assertThat(got(bob)).containsExactly(notice("alice [ops/chat]: carol is  spamming"));
            assertThat(got(mod)).containsExactly(notice("alice [ops/chat]: carol is  spamming"));
            // a Moderator outside the channel may write to its operators and gets a copy
            assertThat(ask(outsider, MessageType.CHANNEL_OPS_MESSAGE, "chat all fine?"))
                    .containsExactly(notice("outsider [ops/chat]: all fine?"));
            assertThat(got(alice)).containsExactly(notice("outsider [ops/chat]: all fine?"));
            assertThat(got(carol)).isEmpty();
        }
    }
}
