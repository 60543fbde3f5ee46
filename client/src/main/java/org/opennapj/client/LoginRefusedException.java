package org.opennapj.client;

/** A login (2) or registration (6) that the server refused. */
public final class LoginRefusedException extends ServerRefusalException {

    private static final long serialVersionUID = 1L;

    /** Why, as far as the server's answers tell. */
    public enum Reason {
        /** 10: the nick breaks the server's rules (the 0 that follows gives the detail). */
        INVALID_NICK,
        /** 9: a registration of a nick someone already registered. */
        NICK_REGISTERED,
        /** 0 with a reason: a wrong password, a ban, too many clones, a bad field... */
        ERROR
    }

    private final Reason reason;

    public LoginRefusedException(Reason reason, int numeric, String detail) {
        super(numeric, detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
