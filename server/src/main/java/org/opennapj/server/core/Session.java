package org.opennapj.server.core;

import java.util.ArrayDeque;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;

/** The core's state for one connection: login progress and, once logged in, its user. */
public final class Session implements Route {

    public enum State { CONNECTED, LOGGING_IN, LOGGED_IN, CLOSED }

    private final Connection connection;
    private final long connectedAtMillis;
    State state = State.CONNECTED;
    User user;
    /** Set once the client itself sent a numeric above 2000: only then may we send such numerics. */
    boolean extendedNumerics;
    private ClientProfile profile = ClientProfile.UNKNOWN;
    /** Messages received while the login was under way, handled once it completes (null when none). */
    ArrayDeque<Message> deferred;
    /** Start (epoch seconds) of the current flood_time window and the commands counted in it. */
    long floodStart;
    int floodCommands;
    /** Over flood_commands: nothing more is read or handled until the window ends (messages wait in {@link #deferred}). */
    boolean floodHeld;
    /** Searches (200) counted against max_searches_per_minute (SearchRequests). */
    public int searches;
    /** Where this connection's messages go instead of the client dispatch (a server link), or null. */
    MessageSink sink;
    /** Slow work under way for this session (a password check), or null; at most one at a time. */
    private SlowWork work;

    /** Work done off the core thread for one session; cancelled if the session closes first. */
    public interface SlowWork {
        /** The session is gone: drop the work if it has not started, ignore its result otherwise (core thread). */
        void cancel();
    }

    Session(Connection connection, long now) {
        this.connection = connection;
        this.connectedAtMillis = now;
    }

    public Connection connection() {
        return connection;
    }

    public State state() {
        return state;
    }

    public boolean loggedIn() {
        return state == State.LOGGED_IN;
    }

    public User user() {
        return user;
    }

    public ClientProfile profile() {
        return profile;
    }

    public void profile(ClientProfile p) {
        this.profile = p;
    }

    /** Whether slow work (a password check) is under way for this session (core thread). */
    public boolean busy() {
        return work != null;
    }

    /** Marks slow work as under way; it is cancelled if the session closes before {@link #workDone} (core thread). */
    public void working(SlowWork w) {
        if (work != null) {
            throw new IllegalStateException("slow work already under way for this session");
        }
        work = w;
    }

    /** The slow work has finished (core thread). */
    public void workDone(SlowWork w) {
        if (work == w) {
            work = null;
        }
    }

    /** The session closes: its slow work is dropped (core thread). */
    void cancelWork() {
        SlowWork w = work;
        work = null;
        if (w != null) {
            w.cancel();
        }
    }

    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    @Override
    public Session session() {
        return this;
    }

    /** Sends a message; numerics above 2000 only to clients that use them themselves. */
    @Override
    public void send(int type, CharSequence data) {
        if (type > 2000 && !extendedNumerics) {
            return;
        }
        connection.send(type, data);
    }

    /** Sends a body built as bytes; numerics above 2000 only to clients that use them themselves. */
    @Override
    public void send(int type, org.opennapj.protocol.Body body) {
        if (type > 2000 && !extendedNumerics) {
            return;
        }
        connection.send(type, body);
    }

    public void send(MessageType type, String data) {
        send(type.code(), data);
    }

    /** An error for the user: 404 once logged in, 0 during login (napster.txt 404). */
    public void error(String text) {
        send(loggedIn() ? MessageType.NOTICE.code() : MessageType.ERROR.code(), text);
    }
}
