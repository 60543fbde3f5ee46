package org.opennapj.server.core;

import org.opennapj.server.store.Level;

/** What is remembered of a user who recently left, for 605 whowas and 10121 who was. */
public record Whowas(String nick, Level level, long lastSeen, long ipWire, String clientInfo) {
}
