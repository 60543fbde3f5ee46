package org.opennapj.server.core;

/** Told on the core thread when a user has logged in or is leaving (before it is forgotten). */
public interface PresenceListener {
    default void userJoined(User user) {
    }

    default void userLeft(User user) {
    }
}
