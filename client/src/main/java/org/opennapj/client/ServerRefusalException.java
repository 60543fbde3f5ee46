package org.opennapj.client;

/**
 * The server answered a request with a refusal: {@link #numeric()} is the message that said so
 * (0 login error, 9 nick registered, 10 invalid nick, 206 get error, 302 hotlist error, 404 error
 * notice, 609 accept failed, 620 queue limit, 642 direct browse error...), {@link #detail()} its
 * text or what the client made of it.
 */
public class ServerRefusalException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int numeric;
    private final String detail;

    public ServerRefusalException(int numeric, String detail) {
        super(numeric + ": " + detail);
        this.numeric = numeric;
        this.detail = detail;
    }

    public int numeric() {
        return numeric;
    }

    public String detail() {
        return detail;
    }
}
