package org.opennapj.client;

/** The answer to a nick check (7). */
public enum NickStatus {
    /** 8: free to register. */
    NOT_REGISTERED,
    /** 9: someone registered it. */
    REGISTERED,
    /** 10: the server does not accept it as a nick. */
    INVALID
}
