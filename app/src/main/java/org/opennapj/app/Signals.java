package org.opennapj.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM and SIGINT into an orderly stop. Left to the JVM they would run the shutdown
 * hooks and end the process with status 143 or 130; handled here, the server closes (clients are
 * told, the store is flushed) and {@code opennapj server} returns and exits 0, which is what a
 * service manager expects of a clean stop.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code stop} on a thread of its own at SIGTERM or SIGINT (where the JVM lets us handle them). */
    static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> {
                    LOG.info("SIG{} received: shutting down", sig.getName());
                    Thread t = new Thread(stop, "opennapj-stop");
                    t.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not available here (or taken by the JVM's own options): the shutdown hook stops the server
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
