package org.opennapj.server.share;

import java.util.List;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.protocol.MediaType;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.core.PresenceListener;
import org.opennapj.server.core.ServerCore;
import org.opennapj.server.core.Session;
import org.opennapj.server.core.User;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's shared library: 100 share, 10300 share with media type, 870 share a directory's
 * files, 102 unshare, 110 unshare all. Everything a user shares leaves the index when they go.
 */
public final class ShareRequests implements PresenceListener {

    private static final Logger LOG = LoggerFactory.getLogger(ShareRequests.class);
    /** Longest path accepted, in characters (opennap-ng: a POSIX path buffer). */
    static final int MAX_PATH = 1024;

    private final ServerCore core;
    private final ShareIndex index;
    /** Users already told that they reached max_shared (told once per session). */
    private final java.util.Set<User> warned = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean totalWarned;
    /** File names refused (the block file); core thread. */
    private BlockList block = BlockList.NONE;
    /** Users already told that a file of theirs is blocked (told once per session). */
    private final java.util.Set<User> toldBlocked = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Files of departed users removed per core task (about 0.2 ms of work). */
    private static final int REMOVAL_SLICE = 1000;
    /** Whether a removal slice is queued. */
    private boolean removing;

    public ShareRequests(ServerCore core, ShareIndex index) {
        this.core = core;
        this.index = index;
        core.on(MessageType.SHARE_FILE, false, this::share);
        core.on(MessageType.SHARE_MEDIA, false, this::shareMedia);
        core.on(MessageType.SHARE_DIRECTORY, false, this::shareDirectory);
        core.on(MessageType.UNSHARE_FILE, false, this::unshare);
        core.on(MessageType.UNSHARE_ALL, false, this::unshareAll);
        core.addPresenceListener(this);
        core.everySecond(this::announceCounts);
        core.onPeer(SHARE_COUNT, this::remoteCount);
        core.onBurst(b -> {
            for (User u : core.users()) {
                int n = shared(u);
                if (n > 0 && !b.behindPeer(u)) {
                    b.send(SHARE_COUNT, Fields.join(u.nick(), n, 0));
                }
            }
        });
    }

    /** Sets the file names refused from now on (the block file; core thread or before start). */
    public void block(BlockList b) {
        this.block = java.util.Objects.requireNonNull(b, "block");
    }

    /** opennap-ng's share count between servers: {@code <nick> <files> <kbytes>}. */
    private static final int SHARE_COUNT = 10012;
    /** Local users whose share count changed since the network was last told. */
    private final java.util.Set<User> changed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    /** How many files a user shares: from the index here, from its server's word elsewhere. */
    private int shared(User u) {
        return u.local() ? index.count(u.id()) : u.remoteShared;
    }

    /** Once a second: the other servers learn the share counts that changed (a run of shares is one message). */
    private void announceCounts() {
        if (changed.isEmpty()) {
            return;
        }
        for (User u : changed) {
            core.network().flood(SHARE_COUNT, Fields.join(u.nick(), index.count(u.id()), 0));
        }
        changed.clear();
    }

    // 10012 from another server: <nick> <files> <kbytes>
    private boolean remoteCount(String peer, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        User u = f.size() < 2 ? null : core.user(f.get(0));
        if (u == null || u.local() || !Fields.isInteger(f.get(1))) {
            return false;
        }
        int n = (int) Fields.parseLong(f.get(1), 0, Integer.MAX_VALUE);
        if (n == u.remoteShared) {
            return false;
        }
        u.remoteShared = n;
        return true;
    }

    // 100 share file: "<filename>" <md5> <size> <bitrate> <frequency> <time>
    private void share(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 6) {
            throw new MalformedFieldsException("expected \"<filename>\" <md5> <size> <bitrate> <frequency> <time>");
        }
        add(s, f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), MediaType.MP3);
    }

    // 10300 share generic media file: "<filename>" <size> <md5> <content-type>
    private void shareMedia(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 4) {
            throw new MalformedFieldsException("expected \"<filename>\" <size> <md5> <content-type>");
        }
        MediaType type = MediaType.fromWire(f.get(3));
        if (type == null) {
            throw new MalformedFieldsException("unknown content type '" + f.get(3)
                    + "' (audio, video, text, image, application or mp3)");
        }
        add(s, f.get(0), f.get(2), f.get(1), "0", "0", "0", type);
    }

    // 870 add files by directory: "<directory>" "<file>" <md5> <size> <bitrate> <freq> <duration> [...]
    private void shareDirectory(Session s, String data) throws MalformedFieldsException {
        List<String> f = Fields.split(data);
        if (f.size() < 7) {
            throw new MalformedFieldsException("expected \"<directory>\" followed by groups of"
                    + " \"<file>\" <md5> <size> <bitrate> <freq> <duration>");
        }
        String dir = f.get(0);
        String prefix = dir.isEmpty() || dir.endsWith("\\") ? dir : dir + "\\";
        int i = 1;
        for (; i + 5 < f.size(); i += 6) {
            if (!add(s, prefix + f.get(i), f.get(i + 1), f.get(i + 2), f.get(i + 3), f.get(i + 4), f.get(i + 5),
                    MediaType.MP3)) {
                return;
            }
        }
        if (i < f.size()) {
            // the complete groups are shared; an incomplete one at the end is reported
            throw new MalformedFieldsException("the last file (" + f.get(i) + ") has " + (f.size() - i)
                    + " of its 6 fields: \"<file>\" <md5> <size> <bitrate> <freq> <duration>");
        }
    }

    /** Validates and indexes one file; false when the user may share no more. */
    private boolean add(Session s, String path, String md5, String size, String bitrate, String freq,
                        String duration, MediaType type) throws MalformedFieldsException {
        User u = s.user();
        if (!core.config().flag("allow_share")) {
            warnOnce(u, "sharing is disabled on this server");
            return false;
        }
        if (u.level() == Level.LEECH) {
            warnOnce(u, "leeches may not share files");
            return false;
        }
        if (path.isEmpty() || path.length() > MAX_PATH) {
            throw new MalformedFieldsException(path.isEmpty() ? "the filename is empty"
                    : "the filename is longer than " + MAX_PATH + " characters");
        }
        if (md5.isEmpty()) {
            throw new MalformedFieldsException("the checksum is empty");
        }
        if (block.blocks(path)) {
            // not indexed; the rest of the list goes on (opennap-ng says nothing, we say it once)
            if (toldBlocked.add(u)) {
                u.notice(path + " is blocked on this server and is not shared (further blocked files are refused silently)");
            }
            return true;
        }
        long bytes = Fields.parseLong(size, 0, Long.MAX_VALUE);
        int br = Fields.parseInt(bitrate, 0, Integer.MAX_VALUE);
        int fr = Fields.parseInt(freq, 0, Integer.MAX_VALUE);
        int secs = Fields.parseInt(duration, 0, Integer.MAX_VALUE);
        int max = core.config().integer("max_shared");
        if (max > 0 && index.count(u.id()) >= max) {
            warnOnce(u, "You may only share " + max + " files");
            return false;
        }
        int maxTotal = core.config().integer("max_total_shared");
        if (maxTotal > 0 && index.totalFiles() >= maxTotal) {
            if (!totalWarned) {
                totalWarned = true;
                LOG.warn("max_total_shared ({}) reached: further shares are refused until files are removed", maxTotal);
            }
            warnOnce(u, "the server's file index is full; your files are not shared");
            return false;
        }
        totalWarned = false;
        if (index.find(u.id(), path) >= 0) {
            return true;  // shared again (clients re-send their list): keep the one entry
        }
        index.add(u.id(), path, md5, bytes, br, fr, secs, type);
        changed.add(u);
        return true;
    }

    private void warnOnce(User u, String text) {
        if (warned.add(u)) {
            u.notice(text);
        }
    }

    // 102 remove file: <filename>
    private void unshare(Session s, String data) throws MalformedFieldsException {
        String path = data.startsWith("\"") ? Fields.split(data).get(0) : data;
        if (path.isEmpty()) {
            throw new MalformedFieldsException("a filename is required");
        }
        if (!index.remove(s.user().id(), path)) {
            s.error("You are not sharing " + path);
        } else {
            warned.remove(s.user());
            changed.add(s.user());
        }
    }

    // 110 unshare all files: (empty) -> 110 <count>
    private void unshareAll(Session s, String data) {
        int n = dropShares(s.user());
        changed.add(s.user());
        s.send(MessageType.UNSHARE_ALL, Integer.toString(n));
    }

    @Override
    public void userLeft(User user) {
        changed.remove(user);
        toldBlocked.remove(user);
        dropShares(user);
    }

    /**
     * Takes all of a user's files out of the index: out of sight at once, removed in slices, so
     * that many users with large libraries leaving together do not hold up the searches queued
     * behind them. Returns how many files the user had.
     */
    private int dropShares(User user) {
        int n = index.detachAll(user.id());
        if (n > 0 && !removing) {
            removing = true;
            core.executeLater(this::removeSlice);
        }
        warned.remove(user);
        return n;
    }

    private void removeSlice() {
        if (index.removeDetached(REMOVAL_SLICE)) {
            core.executeLater(this::removeSlice);   // behind what arrived meanwhile, after a flush
        } else {
            removing = false;
            // after a mass logout most of the index's columns are empty: give that memory back
            index.compactIfSparse();
        }
    }
}
