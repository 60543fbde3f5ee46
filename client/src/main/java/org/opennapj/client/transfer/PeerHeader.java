package org.opennapj.client.transfer;

/**
 * The line after {@code GET} or {@code SEND} on a data connection:
 * {@code <nick> "<filename>" <number>}, the number being the offset (GET) or the size (SEND).
 */
record PeerHeader(String nick, String fileName, long number) {
    String wire() {
        return nick + " \"" + fileName + "\" " + number;
    }
}
