package org.opennapj.client.transfer;

import java.io.IOException;

/** A peer broke the client-to-client protocol, refused, or said something unreadable; that transfer ends. */
public class PeerProtocolException extends IOException {
    public PeerProtocolException(String message) {
        super(message);
    }
}
