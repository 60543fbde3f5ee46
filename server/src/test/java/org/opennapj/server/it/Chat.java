package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.nio.file.Path;
import java.util.List;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.store.Level;

/** Helpers shared by the channel tests: sending, joining, and reading what a command brought. */
final class Chat {

    static final int NOTICE = MessageType.NOTICE.code();
    static final String PASSWORD = "chanpass";
    private static String hash;

    private Chat() {
    }

    static Message msg(MessageType t, String data) {
        return Message.of(t, data);
    }

    static Message notice(String text) {
        return Message.of(MessageType.NOTICE, text);
    }

    static void send(ServerSession s, MessageType t, String data) throws Exception {
        s.send(t.code(), data);
    }

    /** Sends a command and returns everything it brought the sender (up to a server ping's answer). */
    static List<Message> ask(ServerSession s, MessageType t, String data) throws Exception {
        s.send(t.code(), data);
        return TestServer.collectToSync(s);
    }

    /** Joins and returns everything up to and including the 410 topic (or the 404 refusal). */
    static List<Message> join(ServerSession s, String channel) throws Exception {
        s.send(MessageType.JOIN.code(), channel);
        return s.collectUntil(TIMEOUT, MessageType.CHANNEL_TOPIC.code(), NOTICE);
    }

    /** Joins and checks that it worked. */
    static void joined(ServerSession s, String channel) throws Exception {
        List<Message> got = join(s, channel);
        assertThat(got.get(0).type()).as("join %s: %s", channel, got).isEqualTo(MessageType.JOIN_ACK.code());
    }

    /** What arrived for {@code s} so far (after a ping round trip). */
    static List<Message> got(ServerSession s) throws Exception {
        return TestServer.collectToSync(s);
    }

    /** Reads whatever is waiting for each session (joins of others and the like), so the next check starts clean. */
    static void quiet(ServerSession... all) throws Exception {
        for (ServerSession s : all) {
            TestServer.collectToSync(s);
        }
    }

    /** Stores accounts for nicks at a level (call before the server starts). */
    static void accounts(Path dir, Level level, String... nicks) throws Exception {
        if (hash == null) {
            hash = PasswordHash.create(PASSWORD, 1000);
        }
        TestServer.createAccounts(dir, hash, "chan@example.invalid", level, nicks);
    }

    /** Logs in a stored account and reads the level notice a privileged account gets. */
    static ServerSession loginAccount(TestServer server, String nick) throws Exception {
        ServerSession s = server.login(nick, PASSWORD, 6699, 3);
        TestServer.collectToSync(s);
        return s;
    }

    /** The nicks in channel (830), in join order. */
    static List<String> members(ServerSession asker, String channel) throws Exception {
        asker.send(MessageType.LIST_USERS.code(), channel);
        List<Message> got = asker.collectUntil(TIMEOUT, MessageType.LIST_USERS.code(), NOTICE);
        return got.stream().filter(m -> m.type() == MessageType.USER_LIST_ENTRY.code())
                .map(m -> m.data().split(" ")[1]).toList();
    }
}
