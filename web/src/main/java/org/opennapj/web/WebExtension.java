package org.opennapj.web;

import org.opennapj.server.OpenNapServer;
import org.opennapj.server.ServerExtension;

/** Starts the web page with a server whose {@code web_port} is set (found by the server's ServiceLoader). */
public final class WebExtension implements ServerExtension {

    @Override
    public AutoCloseable start(OpenNapServer server) {
        int port = server.config().integer("web_port");
        if (port < 0) {
            return null;
        }
        return WebPage.start(server.features(), server.config().string("web_listen"), port);
    }
}
