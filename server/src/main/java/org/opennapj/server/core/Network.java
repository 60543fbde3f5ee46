package org.opennapj.server.core;

/**
 * The other servers this one is linked with, as the features see them (core thread). Features
 * tell the network about what their local users do ({@link #flood}); the link package sets the
 * implementation. Without links every call does nothing (a user on another server cannot exist).
 */
public interface Network {

    /**
     * OpenNapJ's own numeric between servers, {@code 10290 :<server> <feature>...}, sent at the start
     * of a burst (opennap-ng ignores it, answering a 404 "Unknown command code 10290").
     */
    int PEER_FEATURES = 10290;
    /** The feature of a server that exchanges every account as 10014 with its stored hash. */
    String ACCOUNTS_FEATURE = "accounts";
    /** Longest nick taken from another server (a user it announces, an account it sends). */
    int MAX_REMOTE_NICK = 64;

    /** Sends a message to every linked server (one that already carries a {@code :sender} prefix). */
    void flood(int type, String data);

    /**
     * Removes a user who is on another server: the other servers are told (610 from {@code by},
     * a user's nick, or from this server when null, with the reason), then the user leaves here.
     */
    void kill(User remote, String by, String reason);

    /**
     * Asks the other servers to search their files for a local user (core thread). Each result
     * comes to {@code result} as a 201 line, at most {@code max} of them; {@code done} runs once
     * every server has answered or the search timed out, and not at all if the searcher left.
     *
     * @return false when there is no other server to ask (then neither callback runs)
     */
    boolean search(User searcher, String query, int max, java.util.function.Consumer<String> result, Runnable done);

    /**
     * Sends a message on the link towards a user on another server (core thread). Returns false,
     * sending nothing, when the user is not behind a link, or when the next hop is the server
     * {@code arrivedFrom} (a message that came from there would loop; null for our own).
     */
    boolean route(User remote, int type, String data, String arrivedFrom);

    /**
     * Passes a message from linked server {@code arrivedFrom} on to the other linked servers, in
     * a form of its own (as when only part of what came is to go on).
     */
    default void floodExcept(int type, String data, String arrivedFrom) {
    }

    /** Sends a message back to one linked server (the answer to a refused change); nothing if it is gone. */
    default void sendTo(String server, int type, String data) {
    }

    /**
     * Sends to every linked server that shares accounts (an OpenNapJ server that announced it),
     * except {@code arrivedFrom} (null: all of them).
     */
    default void floodAccounts(int type, String data, String arrivedFrom) {
    }

    /** Whether a linked server exchanges accounts as OpenNapJ does (it announced the feature). */
    default boolean sharesAccounts(String linkedServer) {
        return false;
    }

    /** This server's name, as the network knows it. */
    String serverName();

    /** Whether a name is another server of the network (a {@code :server} sender to be trusted). */
    boolean knownServer(String name);

    /** No links: nothing to tell, and a remote user (there is none) just leaves. */
    Network NONE = new Network() {
        @Override
        public void flood(int type, String data) {
        }

        @Override
        public void kill(User remote, String by, String reason) {
        }

        @Override
        public boolean search(User searcher, String query, int max, java.util.function.Consumer<String> result,
                              Runnable done) {
            return false;
        }

        @Override
        public boolean route(User remote, int type, String data, String arrivedFrom) {
            return false;
        }

        @Override
        public String serverName() {
            return "";
        }

        @Override
        public boolean knownServer(String name) {
            return false;
        }
    };
}
