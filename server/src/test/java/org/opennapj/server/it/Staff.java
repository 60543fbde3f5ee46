package org.opennapj.server.it;

import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.nio.file.Path;
import java.util.List;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.account.PasswordHash;
import org.opennapj.server.store.Level;

/**
 * The registered staff of the administration tests, all with password {@link #PASSWORD}: boss
 * (Elite), adm and adm2 (Admins), mod and mod2 (Moderators), reg and reg2 (Users). Unregistered nicks log
 * in with any password.
 */
final class Staff {

    static final String PASSWORD = "pw";
    static final int NOTICE = MessageType.NOTICE.code();

    private Staff() {
    }

    /** Writes the staff's accounts into a data directory (before the server starts on it). */
    static void register(Path dir) throws Exception {
        String hash = PasswordHash.create(PASSWORD, 1000);
        TestServer.createAccounts(dir, hash, "boss@example.com", Level.ELITE, "boss");
        TestServer.createAccounts(dir, hash, "adm@example.com", Level.ADMIN, "adm", "adm2");
        TestServer.createAccounts(dir, hash, "mod@example.com", Level.MODERATOR, "mod", "mod2");
        TestServer.createAccounts(dir, hash, "reg@example.com", Level.USER, "reg", "reg2");
    }

    /** Logs a registered nick in and reads everything up to now (a staff member's level notice). */
    static ServerSession login(TestServer server, String nick) throws Exception {
        ServerSession s = server.login(nick, PASSWORD, 0, 0);
        TestServer.collectToSync(s);
        return s;
    }

    /** The texts of the 404s received up to now. */
    static List<String> notices(ServerSession s) throws Exception {
        return TestServer.collectToSync(s).stream().filter(m -> m.type() == NOTICE).map(Message::data).toList();
    }

    /** Waits for the 404 with exactly this text (others are skipped). */
    static void awaitNotice(ServerSession s, String text) throws Exception {
        s.await(TIMEOUT, m -> m.type() == NOTICE && m.data().equals(text), "404 " + text);
    }

    /** The level whois (603) shows for an online nick. */
    static String whoisLevel(ServerSession asker, String nick) throws Exception {
        asker.send(MessageType.WHOIS.code(), nick);
        Message m = asker.expect(TIMEOUT, MessageType.WHOIS_RESPONSE.code());
        return org.opennapj.protocol.Fields.split(m.data()).get(1);
    }

    /** The status field (Active, Muzzled, Cloaked) whois shows for an online nick. */
    static String whoisStatus(ServerSession asker, String nick) throws Exception {
        asker.send(MessageType.WHOIS.code(), nick);
        Message m = asker.expect(TIMEOUT, MessageType.WHOIS_RESPONSE.code());
        return org.opennapj.protocol.Fields.split(m.data()).get(4);
    }
}
