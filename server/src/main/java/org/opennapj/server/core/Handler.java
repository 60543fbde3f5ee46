package org.opennapj.server.core;

import org.opennapj.protocol.MalformedFieldsException;

/** Handles one client numeric on the core thread. */
@FunctionalInterface
public interface Handler {
    /**
     * @param session who sent it
     * @param data    the message data (ISO-8859-1 decoded)
     * @throws MalformedFieldsException when the data does not parse; the core answers with an
     *                                  error naming the numeric and the problem
     */
    void handle(Session session, String data) throws MalformedFieldsException;
}
