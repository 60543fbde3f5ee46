package org.opennapj.client;

/** A registered listener; {@link #close()} removes it (messages already being delivered may still reach it). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
