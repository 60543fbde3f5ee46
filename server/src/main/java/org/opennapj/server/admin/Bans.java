package org.opennapj.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.opennapj.server.store.Ban;
import org.opennapj.server.store.BanStore;
import org.opennapj.server.store.StoreException;
import org.opennapj.server.store.StoreWriter;

/**
 * The server's ban list (core thread), loaded from the store at start-up, consulted at login and
 * changed by 612/614. Every ban is a {@code nick!address} glob pattern: a bare nick {@code bob}
 * means {@code bob!*}, a bare address {@code 10.1.2.3} means {@code *!10.1.2.3} and an address
 * ending in a dot {@code 10.1.2.} means {@code *!10.1.2.*}, as in opennap-ng. Changes are written
 * through the store writer; their continuations run once they are durable. Expired bans are ignored
 * until they are removed.
 */
public final class Bans {

    /** Longest ban pattern accepted. */
    public static final int MAX_TARGET = 64;

    private final StoreWriter writer;
    private final BanStore store;
    /** Normalised target (lower case) -> the ban; its target is as it is stored. */
    private final Map<String, Ban> bans = new LinkedHashMap<>();

    public Bans(BanStore store, StoreWriter writer) throws StoreException {
        this.store = store;
        this.writer = writer;
        for (Ban b : store.loadBans()) {
            bans.putIfAbsent(key(normalize(b.target())), b);
        }
    }

    /** A target in the full {@code nick!address} form (opennap-ng's rule for bare nicks and addresses). */
    public static String normalize(String target) {
        if (target.indexOf('!') >= 0) {
            return target;
        }
        boolean address = !target.isEmpty();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                address = false;
            }
        }
        if (address) {
            return "*!" + target + (target.endsWith(".") ? "*" : "");
        }
        return target + "!*";
    }

    /**
     * Null when a ban target (as the operator wrote it) is acceptable, otherwise what is wrong: at
     * most {@link #MAX_TARGET} characters, printable without spaces or quotes, one {@code !} at
     * most, and the address part only digits, dots and wildcards.
     */
    public static String problem(String target) {
        if (target.isEmpty()) {
            return "a nick or address is required";
        }
        if (target.length() > MAX_TARGET) {
            return "a ban may have at most " + MAX_TARGET + " characters";
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c > '~' || c == '"') {
                return "a ban may only contain printable characters without spaces or quotes";
            }
        }
        String full = normalize(target);
        int bang = full.indexOf('!');
        if (full.indexOf('!', bang + 1) >= 0) {
            return "a ban has one ! between the nick and the address";
        }
        String address = full.substring(bang + 1);
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '*' && c != '?') {
                return "the address of a ban may only contain digits, dots, * and ?";
            }
        }
        if (bang == 0 || address.isEmpty()) {
            return "a ban needs a nick and an address on either side of the !";
        }
        return null;
    }

    private static String key(String normalized) {
        return normalized.toLowerCase(Locale.ROOT);
    }

    /** The ban in force covering this nick from this dotted-quad address, or null. */
    public Ban find(String nick, String ip) {
        long now = System.currentTimeMillis() / 1000;
        String mask = nick + "!" + (ip == null ? "" : ip);
        for (Map.Entry<String, Ban> e : bans.entrySet()) {
            if (!e.getValue().expired(now) && Glob.matches(e.getKey(), mask)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The ban on exactly this target (any form, any case), or null. */
    public Ban get(String target) {
        return bans.get(key(normalize(target)));
    }

    /** The bans as 616 lists them (targets in the full form), oldest first. */
    public List<Ban> list() {
        List<Ban> out = new ArrayList<>(bans.size());
        for (Ban b : bans.values()) {
            out.add(shown(b));
        }
        return out;
    }

    /** A ban with its target in the full {@code nick!address} form. */
    public static Ban shown(Ban b) {
        String full = normalize(b.target());
        return full.equals(b.target()) ? b : new Ban(full, b.setBy(), b.reason(), b.created(), b.expires());
    }

    /** Adds a ban (its target already normalised); done(true) once it is durable. */
    public void add(Ban b, Consumer<Boolean> done) {
        bans.put(key(b.target()), b);
        writer.write("ban on " + b.target(), () -> store.putBan(b), done);
    }

    /** Removes the ban on a target (any form); returns it, or null if there was none. done(true) once durable. */
    public Ban remove(String target, Consumer<Boolean> done) {
        Ban b = bans.remove(key(normalize(target)));
        if (b != null) {
            writer.write("removal of the ban on " + b.target(), () -> store.deleteBan(b.target()), done);
        }
        return b;
    }

    /** The bans that have expired by {@code now} (still listed until removed). */
    public List<Ban> expired(long now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : bans.values()) {
            if (b.expired(now)) {
                out.add(b);
            }
        }
        return out;
    }

    public int size() {
        return bans.size();
    }
}
