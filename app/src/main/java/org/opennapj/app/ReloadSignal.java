package org.opennapj.app;

import java.util.concurrent.TimeUnit;
import org.opennapj.server.OpenNapServer;
import org.opennapj.server.admin.ServerAdministration;

/**
 * SIGHUP rereads the config file and the motd, as on opennap-ng ({@code kill -HUP <pid>}): the
 * same reload as an Elite's 10117 or 800, reported on standard output. Where the JVM offers no
 * signal handling (or the signal is taken), the reload is there from a client only.
 */
final class ReloadSignal {

    private ReloadSignal() {
    }

    /** Installs the handler; false (and a note on standard error) when this JVM cannot. */
    static boolean install(OpenNapServer server) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                // the signal's own thread: wait here (bounded) for the core to have done it
                try {
                    ServerAdministration.Reload r = server.reload("a SIGHUP").get(10, TimeUnit.SECONDS);
                    System.out.println("SIGHUP: " + r.summary());
                } catch (Exception e) {
                    System.err.println("SIGHUP: reload failed: " + e);
                }
            });
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            System.err.println("server: no SIGHUP reload here (" + e.getMessage() + "); an Elite's 10117 still reloads");
            return false;
        }
    }
}
