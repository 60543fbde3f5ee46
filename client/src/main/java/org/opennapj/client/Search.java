package org.opennapj.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opennapj.protocol.SearchCompare;

/**
 * A search request (200) with every criterion napster.txt and OpenNap's extensions define:
 * FILENAME CONTAINS, FILENAME EXCLUDES, MAX_RESULTS, LINESPEED, BITRATE, FREQ, SIZE, DURATION
 * (each with AT LEAST, AT BEST or EQUAL TO), TYPE, WMA-FILE and LOCAL_ONLY. Immutable: each
 * method returns a new search.
 */
public final class Search {

    private final List<String> clauses;
    private final int maxResults;

    private Search(List<String> clauses, int maxResults) {
        this.clauses = List.copyOf(clauses);
        this.maxResults = maxResults;
    }

    /** Files whose names contain every one of these words (FILENAME CONTAINS). */
    public static Search forWords(String words) {
        return new Search(List.of(), 0).contains(words);
    }

    private Search with(String clause) {
        List<String> c = new ArrayList<>(clauses);
        c.add(clause);
        return new Search(c, maxResults);
    }

    private static String quoted(String s) {
        Objects.requireNonNull(s, "text");
        if (s.indexOf('"') >= 0) {
            throw new IllegalArgumentException("search text cannot contain '\"'");
        }
        return "\"" + s + "\"";
    }

    /** Another FILENAME CONTAINS clause: its words are required too. */
    public Search contains(String words) {
        return with("FILENAME CONTAINS " + quoted(words));
    }

    /** FILENAME EXCLUDES: no result may contain these words. */
    public Search excludes(String words) {
        return with("FILENAME EXCLUDES " + quoted(words));
    }

    /** MAX_RESULTS; 0 or less leaves it to the server. */
    public Search maxResults(int n) {
        return new Search(clauses, n);
    }

    /** LINESPEED: the sharer's link type (0-10). */
    public Search linespeed(SearchCompare c, int linkType) {
        return with("LINESPEED " + quoted(c.wireName()) + " " + linkType);
    }

    /** BITRATE in kbps. */
    public Search bitrate(SearchCompare c, int kbps) {
        return with("BITRATE " + quoted(c.wireName()) + " " + quoted(Integer.toString(kbps)));
    }

    /** FREQ: sample rate in Hz. */
    public Search frequency(SearchCompare c, int hz) {
        return with("FREQ " + quoted(c.wireName()) + " " + quoted(Integer.toString(hz)));
    }

    /** SIZE in bytes (OpenNap). */
    public Search size(SearchCompare c, long bytes) {
        return with("SIZE " + quoted(c.wireName()) + " " + bytes);
    }

    /** DURATION in seconds (OpenNap). */
    public Search duration(SearchCompare c, int seconds) {
        return with("DURATION " + quoted(c.wireName()) + " " + seconds);
    }

    /** TYPE: a media type (audio, video, text, image, application, mp3) or {@code any} (OpenNap). */
    public Search type(String mediaType) {
        if (mediaType.isEmpty() || mediaType.indexOf(' ') >= 0 || mediaType.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a media type is one word");
        }
        return with("TYPE " + mediaType);
    }

    /** WMA-FILE: only Windows Media files. */
    public Search wmaOnly() {
        return with("WMA-FILE");
    }

    /** LOCAL_ONLY: only users on this server, not the whole network. */
    public Search localOnly() {
        return with("LOCAL_ONLY");
    }

    /** The body of the 200. */
    public String toWire() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < clauses.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(clauses.get(i));
            if (i == 0 && maxResults > 0) {
                sb.append(" MAX_RESULTS ").append(maxResults);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toWire();
    }
}
