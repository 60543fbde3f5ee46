package org.opennapj.server.link;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.SearchResult;
import org.opennapj.protocol.SharedFile;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.User;

/**
 * Searches across the network (docs/LINKING-PROTOCOL.md 5.1): ours, flooded as 10015 with a random
 * id and answered by each server with 10016 per hit and a 10017 once it and the servers behind it
 * are done; and those another server forwarded to us, which we answer from our index, pass on to
 * our other links and end with our own 10017 once they have. Core thread only.
 */
final class NetworkSearches {

    private static final int REMOTE_SEARCH = 10015;
    private static final int REMOTE_SEARCH_RESULT = 10016;
    private static final int REMOTE_SEARCH_END = 10017;
    /** Most searches under way at once across the network; more are answered as done at once. */
    private static final int MAX_SEARCHES = 10_000;

    private final ServerCore core;
    private final SecureRandom random;
    /** The linked servers (a live view of the link package's). */
    private final Collection<Link> linked;
    /** Searches under way, by id: ours, and those we forwarded for a peer. */
    private final Map<String, Search> searches = new HashMap<>();

    /**
     * A search under way: started here for a local user (from is null), or forwarded for a peer
     * (from is that link, where our 10016s and finally our 10017 go).
     */
    private static final class Search {
        final String id;
        final User searcher;
        final Link from;
        final Set<Link> waiting;
        final long deadlineMillis;
        int remaining;
        Consumer<String> result;
        Runnable done;

        Search(String id, User searcher, Link from, Set<Link> waiting, long deadlineMillis) {
            this.id = id;
            this.searcher = searcher;
            this.from = from;
            this.waiting = waiting;
            this.deadlineMillis = deadlineMillis;
        }
    }

    NetworkSearches(ServerCore core, SecureRandom random, Collection<Link> linked) {
        this.core = core;
        this.random = random;
        this.linked = linked;
    }

    /** Asks every linked server; false (nothing asked) when there is none or too many searches are under way. */
    boolean start(User searcher, String query, int max, Consumer<String> result, Runnable done) {
        if (linked.isEmpty() || searches.size() >= MAX_SEARCHES) {
            return false;
        }
        String id = searchId();
        Search s = new Search(id, searcher, null, new LinkedHashSet<>(linked), deadline());
        s.remaining = max;
        s.result = result;
        s.done = done;
        searches.put(id, s);
        flood(REMOTE_SEARCH, searcher.nick() + " " + id + " " + query, null);
        return true;
    }

    /** 10015, 10016 or 10017 from a linked server. */
    void received(Link l, int type, String data) throws MalformedFieldsException {
        switch (type) {
            case REMOTE_SEARCH -> search(l, data);
            case REMOTE_SEARCH_RESULT -> result(l, data);
            case REMOTE_SEARCH_END -> end(l, data);
            default -> throw new IllegalArgumentException("not a search numeric: " + type);
        }
    }

    /** A local searcher is gone: its searches end without a 202. */
    void userLeft(User u) {
        if (!searches.isEmpty()) {
            searches.values().removeIf(s -> s.searcher == u && s.from == null);
        }
    }

    /** A link split: searches it forwarded are dropped, and those waiting for it wait for one server less. */
    void linkGone(Link l) {
        for (Search s : new ArrayList<>(searches.values())) {
            if (s.from == l) {
                searches.remove(s.id);
            } else if (s.waiting.remove(l) && s.waiting.isEmpty()) {
                finish(s);
            }
        }
    }

    /** Ends the searches that ran out of time (search_timeout). */
    void tick(long now) {
        if (searches.isEmpty()) {
            return;
        }
        for (Search s : new ArrayList<>(searches.values())) {
            if (s.deadlineMillis <= now) {
                finish(s);
            }
        }
    }

    private void flood(int type, String data, Link except) {
        for (Link l : linked) {
            if (l != except) {
                l.send(type, data);
            }
        }
    }

    /** An id no search under way has: 8 random upper-case letters, as opennap-ng makes them. */
    private String searchId() {
        while (true) {
            char[] c = new char[8];
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) ('A' + random.nextInt(26));
            }
            String id = new String(c);
            if (!searches.containsKey(id)) {
                return id;
            }
        }
    }

    private long deadline() {
        return System.currentTimeMillis() + Math.max(1, core.config().integer("search_timeout")) * 1000L;
    }

    /** A search has its answers (or ran out of time): its origin gets the 202, a peer our 10017. */
    private void finish(Search s) {
        if (searches.remove(s.id) != s) {
            return;
        }
        if (s.from != null) {
            if (s.from.state == Link.State.LINKED) {
                s.from.send(REMOTE_SEARCH_END, s.id);
            }
        } else if (core.user(s.searcher.nick()) == s.searcher) {
            s.done.run();
        }
    }

    // 10015 <searcher> <id> <query>
    private void search(Link l, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 3);
        if (f.size() < 2) {
            return;
        }
        String id = f.get(1);
        User searcher = core.user(f.get(0));
        if (searcher == null || searcher.local() || f.size() < 3 || searches.containsKey(id)
                || searches.size() >= MAX_SEARCHES) {
            l.send(REMOTE_SEARCH_END, id);
            return;
        }
        int hits = core.fileSearch().search(searcher, f.get(2), hit -> l.send(REMOTE_SEARCH_RESULT, id + " " + hit));
        Set<Link> others = new LinkedHashSet<>(linked);
        others.remove(l);
        if (others.isEmpty() || hits >= core.config().integer("max_results")) {
            l.send(REMOTE_SEARCH_END, id);
            return;
        }
        // the servers behind us search too, under the same id; we answer once they all have
        searches.put(id, new Search(id, searcher, l, others, deadline()));
        flood(REMOTE_SEARCH, data, l);
    }

    // 10016 <id> <owner> "<path>" <md5> <size> <bitrate> <frequency> <duration>
    private void result(Link l, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data, 3);
        if (f.size() < 3) {
            return;
        }
        Search s = searches.get(f.get(0));
        if (s == null || !s.waiting.contains(l)) {
            return;
        }
        if (s.from != null) {
            s.from.send(REMOTE_SEARCH_RESULT, data);
            return;
        }
        User owner = core.user(f.get(1));
        if (owner == null || s.remaining <= 0) {
            return;
        }
        // the file's fields as the peer sent them must be a file's (a malformed one is dropped as
        // malformed input); the owner's from what we know of it
        SharedFile file = SharedFile.parse(f.get(2));
        s.remaining--;
        s.result.accept(new SearchResult(file, owner.nick(), owner.ipWire(), owner.linkSpeed).format());
    }

    // 10017 <id>
    private void end(Link l, String data) throws MalformedFieldsException {
        Search s = searches.get(Fields.first(data, "a search id"));
        if (s != null && s.waiting.remove(l) && s.waiting.isEmpty()) {
            finish(s);
        }
    }
}
