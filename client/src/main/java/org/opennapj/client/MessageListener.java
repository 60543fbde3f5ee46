package org.opennapj.client;

import org.opennapj.protocol.Message;

/**
 * Receives messages from the server on the session's event thread, in the order they arrived.
 * See {@link NapClient} for the threading rule.
 */
@FunctionalInterface
public interface MessageListener {

    void received(Message message);
}
