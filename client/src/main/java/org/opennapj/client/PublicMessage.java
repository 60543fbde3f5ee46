package org.opennapj.client;

/** 403 public message: {@code <channel> <nick> <text>}. */
public record PublicMessage(String channel, String nick, String text) {
}
