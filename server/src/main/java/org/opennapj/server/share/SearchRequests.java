package org.opennapj.server.share;

import java.util.List;
import org.opennapj.protocol.Body;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.SearchResult;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;

/** 200 search -> 201 results then 202; 215 resume search -> 216 results then 217. */
public final class SearchRequests {

    private final ServerCore core;
    private final ShareIndex index;
    /** The result line being built (core thread only), reused for every result. */
    private final Body line = new Body(256);

    public SearchRequests(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.SEARCH, false, this::search);
        core.on(MessageType.RESUME_SEARCH, false, this::resumeSearch);
        core.fileSearch(this::searchForNetwork);
    }

    // 200 search: [FILENAME CONTAINS "..."] MAX_RESULTS <n> [LINESPEED|BITRATE|FREQ|SIZE|DURATION <cmp> <n>] [TYPE t] ...
    private void search(Session s, String data) {
        SearchQuery q;
        try {
            q = SearchQuery.parse(data, core.config().integer("max_results"), index.filter());
        } catch (InvalidSearchException e) {
            s.error(e.getMessage());
            s.send(MessageType.SEARCH_END, "");
            return;
        }
        User searcher = s.user();
        if (searcher.level() == Level.LEECH) {
            // as opennap-ng: a leech's search finds nothing (it still ends, so the client stops waiting)
            s.error("search failed: permission denied: leeches may not search");
            s.send(MessageType.SEARCH_END, "");
            return;
        }
        if (!q.localOnly() && q.minSize() != q.maxSize()) {
            // searches for one exact size (resumes) and local ones are not counted, as in opennap-ng
            s.searches++;
            long rate = searchRate(s);
            if (rate >= 0) {
                s.searches--;  // a refused search does not count
                core.metrics().flood("searches");
                s.error("search failed: Your client is thrashing on the network (" + rate
                        + " searches per minute, " + core.config().integer("max_searches_per_minute") + " max)");
                s.send(MessageType.SEARCH_END, "");
                return;
            }
        }
        Body line = this.line;
        int[] found = {0};
        long started = System.nanoTime();
        index.search(q, owner -> eligible(searcher, owner, q), fileId -> {
            User owner = core.userById(index.owner(fileId));
            line.clear();
            index.appendFileFields(fileId, line);
            SearchResult.appendOwner(line, owner.nick(), owner.ipWire(), owner.linkSpeed);
            s.send(MessageType.SEARCH_RESULT.code(), line);
            found[0]++;
            return true;
        });
        core.metrics().searched(System.nanoTime() - started);
        // fewer than asked for: the other servers of the network search too, and the 202 waits for them
        int wanted = q.maxResults() - found[0];
        if (wanted > 0 && core.network().search(searcher, data, wanted,
                result -> s.send(MessageType.SEARCH_RESULT, result), () -> s.send(MessageType.SEARCH_END, ""))) {
            return;
        }
        s.send(MessageType.SEARCH_END, "");
    }

    /**
     * max_searches_per_minute, as opennap-ng counts it: once a client has been connected
     * evaluate_search_abuse_after_secs seconds and has searched more than
     * evaluate_search_abuse_after_tags times, the searches beyond that grace, per minute connected
     * (the first minute counting as one), may not exceed the limit. Returns that rate when over the
     * limit, otherwise -1. Two counters per session, no allocation.
     */
    private long searchRate(Session s) {
        int max = core.config().integer("max_searches_per_minute");
        if (max <= 0) {
            return -1;
        }
        long online = (System.currentTimeMillis() - s.connectedAtMillis()) / 1000;
        if (online < core.config().integer("evaluate_search_abuse_after_secs")) {
            return -1;
        }
        int counted = s.searches - core.config().integer("evaluate_search_abuse_after_tags");
        if (counted <= 0) {
            return -1;
        }
        long rate = counted / Math.max(1, online / 60);
        return rate > max ? rate : -1;
    }

    /**
     * A search another server forwarded (10015) for one of its users: this server's files, each
     * hit as {@code <owner> "<path>" <md5> <size> <bitrate> <frequency> <duration>}.
     */
    private int searchForNetwork(User searcher, String query, java.util.function.Consumer<String> hit) {
        SearchQuery q;
        try {
            q = SearchQuery.parse(query, core.config().integer("max_results"), index.filter());
        } catch (InvalidSearchException e) {
            return 0;
        }
        if (searcher.level() == Level.LEECH) {
            return 0;
        }
        Body line = this.line;
        int[] found = {0};
        index.search(q, owner -> eligible(searcher, owner, q), fileId -> {
            User owner = core.userById(index.owner(fileId));
            line.clear();
            index.appendFileFields(fileId, line);
            hit.accept(owner.nick() + " " + new String(line.bytes(), 0, line.length(), java.nio.charset.StandardCharsets.ISO_8859_1));
            found[0]++;
            return true;
        });
        return found[0];
    }

    private boolean eligible(User searcher, int ownerId, SearchQuery q) {
        if (ownerId == searcher.id()) {
            return false;
        }
        User owner = core.userById(ownerId);
        if (owner == null || (owner.firewalled() && searcher.firewalled())) {
            return false;
        }
        return q.linespeedMatches(owner.linkSpeed);
    }

    // 215 request resume: <checksum> <filesize>
    private void resumeSearch(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 2) {
            throw new MalformedFieldsException("expected <checksum> <filesize>");
        }
        long size = Fields.parseLong(f.get(1), 0, Long.MAX_VALUE);
        User searcher = s.user();
        if (searcher.level() == Level.LEECH) {
            s.error("resume search failed: permission denied: leeches may not search");
            s.send(MessageType.RESUME_END, "");
            return;
        }
        index.findByChecksum(f.get(0), size, core.config().integer("max_results"), fileId -> {
            User owner = core.userById(index.owner(fileId));
            if (owner == null || owner == searcher || (owner.firewalled() && searcher.firewalled())) {
                return true;
            }
            // 216: <user> <ip> <port> "<filename>" <checksum> <size> <speed>
            s.send(MessageType.RESUME_RESULT, Fields.join(owner.nick(), owner.ipWire(), owner.dataPort,
                    Fields.quote(index.path(fileId)), index.checksum(fileId), index.size(fileId), owner.linkSpeed));
            return true;
        });
        s.send(MessageType.RESUME_END, "");
    }
}
