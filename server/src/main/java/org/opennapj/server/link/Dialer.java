package org.opennapj.server.link;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.opennapj.server.core.Connection;

/** Opens a connection to another server (the transport does it; the link package only asks). */
@FunctionalInterface
public interface Dialer {

    /**
     * Connects to {@code remote}; {@code opened} gets the connection once the core has opened it,
     * {@code failed} the reason it could not be made. Both are called on the core thread.
     */
    void dial(InetSocketAddress remote, Consumer<Connection> opened, Consumer<String> failed);
}
