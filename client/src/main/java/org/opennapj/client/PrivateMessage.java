package org.opennapj.client;

/** 205 private message as received: {@code <nick> <message>}. */
public record PrivateMessage(String nick, String text) {
}
