package org.opennapj.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** Chooses the log format: plain text lines (logback.xml) or one JSON object per line (logback-json.xml). */
final class Logging {

    private Logging() {
    }

    /** Applies {@code plain} or {@code json}; anything else is an IllegalArgumentException. */
    static void configure(String format) {
        String resource = switch (format == null ? "plain" : format) {
            case "plain" -> null;
            case "json" -> "/logback-json.xml";
            default -> throw new IllegalArgumentException("--log-format must be plain or json, not " + format);
        };
        if (resource == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL config = Logging.class.getResource(resource);
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
