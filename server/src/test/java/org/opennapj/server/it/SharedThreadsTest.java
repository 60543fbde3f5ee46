package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opennapj.server.it.TestServer.TIMEOUT;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.config.ServerConfig;

/** A second server on another's network threads, as {@code opennapj server}'s warm-up runs. */
class SharedThreadsTest {

    /** The event loop groups that have threads now ("epollEventLoopGroup-7" for its threads "-7-1", "-7-2"). */
    private static Set<String> eventLoopGroups() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.contains("EventLoopGroup")).map(n -> n.substring(0, n.lastIndexOf('-')))
                .collect(Collectors.toSet());
    }

    @Test
    void aServerOnAnothersThreadsServesItsOwnClientsAndClosesWithoutStoppingThem(@TempDir Path hostDir,
                                                                                  @TempDir Path guestDir) throws Exception {
        try (TestServer host = TestServer.start(hostDir);
             ServerSession alice = host.login("alice")) {
            Set<String> before = eventLoopGroups();
            assertThat(before).as("the host's threads").isNotEmpty();
            ServerSession carol;
            try (OpenNapServer guest = OpenNapServer.startOnThreadsOf(host.server(), guestDir,
                    new ServerConfig().set("listen_addr", "127.0.0.1").set("server_ports", "0"))) {
                carol = ServerSession.connect("127.0.0.1", guest.port(), TIMEOUT);
                carol.send(MessageType.LOGIN.code(), "carol pass 6699 \"nap v1.0\" 3");
                assertThat(carol.expect(TIMEOUT, MessageType.LOGIN_ACK.code(), MessageType.ERROR.code()).type())
                        .isEqualTo(MessageType.LOGIN_ACK.code());
                TestServer.sync(carol);
                // its connections run on the host's threads (it may start one the host had not
                // needed yet): no event loop group or acceptor of its own (groups of earlier tests
                // may still be ending meanwhile)
                assertThat(eventLoopGroups()).isSubsetOf(before);
                // and it is a server of its own: the host's users do not see its users
                alice.send(MessageType.WHOIS.code(), "carol");
                Message whois = alice.expect(TIMEOUT, MessageType.WHOWAS.code(), MessageType.WHOIS_RESPONSE.code(),
                        MessageType.NOTICE.code());
                assertThat(whois.type()).isNotEqualTo(MessageType.WHOIS_RESPONSE.code());
            }
            // closing it closed its connection...
            TestServer.untilClosed(carol);
            carol.close();
            // ...and left the host's threads serving the host's clients, old and new
            TestServer.sync(alice);
            try (ServerSession bob = host.login("bob")) {
                TestServer.sync(bob);
            }
            assertThat(eventLoopGroups()).isSubsetOf(before);
        }
    }
}
