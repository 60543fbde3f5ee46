package org.opennapj.server;

/**
 * Something a server starts with itself when it is on the class path (found with
 * {@link java.util.ServiceLoader}): the web page's module is one. It talks to the server only
 * through {@link OpenNapServer#features()}, on the core thread.
 */
public interface ServerExtension {

    /**
     * Starts this extension for a server whose core and client port are up, if its configuration
     * asks for it; returns what the server closes when it closes (before its core stops), or null
     * when it is off.
     */
    AutoCloseable start(OpenNapServer server) throws Exception;
}
