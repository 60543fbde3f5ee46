package org.opennapj.server.core;

/**
 * How text that someone sent is quoted back in a reply, a notice or the log: cut after a number
 * of characters and marked with "...", so that one long message cannot fill a queue or a log line.
 */
public final class Shown {

    private Shown() {
    }

    /** {@code text} as it is quoted: its first {@code max} characters and "..." when it is longer. */
    public static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "..." : text;
    }
}
