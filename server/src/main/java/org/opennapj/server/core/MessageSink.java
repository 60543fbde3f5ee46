package org.opennapj.server.core;

import org.opennapj.protocol.Message;

/**
 * Takes a connection's messages instead of the client dispatch: a connection that turned out to be
 * another server (it opened with 10010) is diverted to its link ({@link ServerCore#divert}). Both
 * methods run on the core thread.
 */
public interface MessageSink {

    /** A message arrived on the diverted connection. */
    void received(Message m);

    /** The connection is gone (closed by either side, or dropped for a full output queue). */
    void closed(String why);
}
