package org.opennapj.server.core;

import org.opennapj.server.store.Level;

/** What is remembered of a user who recently left, for 605 whowas. */
public record Whowas(String nick, Level level, long lastSeen) {
}
