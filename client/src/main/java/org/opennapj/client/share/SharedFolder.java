package org.opennapj.client.share;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.opennapj.protocol.MediaType;

/**
 * A folder shared on the network: its files as announced, kept in step with the disk by
 * {@link #rescan()}, and the way back from an announced name to a local file.
 *
 * <p>Bounds: directories deeper than {@code maxDepth} below the folder are not entered, and at
 * most {@code maxFiles} files are shared. Symbolic links to directories are not followed; a
 * symbolic link to a file is shared only when its target lies inside the folder. Files whose
 * name cannot be carried in a quoted field (a {@code "} or a control character) are skipped.
 *
 * <p>Names: a file is announced as the announced root, a backslash, and its path below the
 * folder with backslashes, e.g. {@code \home\ann\music\sub\song.mp3} for the default root (the
 * folder's absolute path, written as Unix clients such as TekNap announce theirs) or
 * {@code C:\share\sub\song.mp3} for the root {@code C:\share}.
 *
 * <p>Announced names are wire strings like every text of the protocol module: one char per byte
 * (ISO-8859-1), the bytes being the UTF-8 of the local name, so a peer that echoes the bytes finds
 * the file.
 *
 * <p>Thread safety: {@link #rescan()} may run on any one thread at a time; {@link #find} and
 * {@link #files()} may be called from any thread and see the last completed scan.
 */
public final class SharedFolder {
    /** Default bound on directory depth below the folder. */
    public static final int DEFAULT_MAX_DEPTH = 16;
    /** Default bound on the number of files shared. */
    public static final int DEFAULT_MAX_FILES = 20_000;

    private final Path root;
    private final Path realRoot;
    private final String announcedRoot;
    private final int maxDepth;
    private final int maxFiles;
    private volatile Snapshot current = new Snapshot(Map.of(), Map.of());

    private record Snapshot(Map<String, SharedFile> byName, Map<String, SharedFile> byLowerName) {}

    /** Shares {@code folder} under its own absolute path, with the default bounds. */
    public SharedFolder(Path folder) throws IOException {
        this(folder, null, DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILES);
    }

    /**
     * @param announcedRoot the prefix of every announced name (e.g. {@code C:\share}); null for the
     *                      folder's absolute path in backslash form
     */
    public SharedFolder(Path folder, String announcedRoot, int maxDepth, int maxFiles) throws IOException {
        if (maxDepth < 0 || maxFiles < 0) throw new IllegalArgumentException("bounds must not be negative");
        this.root = folder.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        if (!Files.isDirectory(realRoot)) throw new IOException("not a directory: " + folder);
        String prefix = announcedRoot != null ? announcedRoot : root.toString();
        prefix = prefix.replace('/', '\\');
        while (prefix.endsWith("\\")) prefix = prefix.substring(0, prefix.length() - 1);
        if (prefix.indexOf('"') >= 0 || prefix.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("announced root cannot be quoted: " + prefix);
        }
        this.announcedRoot = prefix;
        this.maxDepth = maxDepth;
        this.maxFiles = maxFiles;
    }

    public Path root() {
        return root;
    }

    /** The files shared after the last scan. */
    public Collection<SharedFile> files() {
        return current.byName().values();
    }

    /**
     * Scans the folder again and returns what changed since the last scan (the first scan adds
     * everything). Unchanged files (same size and modification time) are not read again.
     */
    public ShareChanges rescan() throws IOException {
        Snapshot before = current;
        Map<String, SharedFile> found = new HashMap<>();
        List<SharedFile> added = new ArrayList<>();
        boolean[] truncated = {false};
        Files.walkFileTree(realRoot, EnumSet.noneOf(FileVisitOption.class), maxDepth + 1, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (found.size() >= maxFiles) {
                    truncated[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                try {
                    SharedFile f = consider(file, attrs, before);
                    if (f != null) {
                        found.put(f.announcedName(), f);
                        if (!f.equals(before.byName().get(f.announcedName()))) added.add(f);
                    }
                } catch (IOException e) {
                    // unreadable files are simply not shared
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        List<SharedFile> removed = new ArrayList<>();
        for (SharedFile old : before.byName().values()) {
            SharedFile now = found.get(old.announcedName());
            if (!old.equals(now)) removed.add(old);
        }
        Map<String, SharedFile> lower = new HashMap<>();
        for (SharedFile f : found.values()) lower.putIfAbsent(f.announcedName().toLowerCase(Locale.ROOT), f);
        current = new Snapshot(Map.copyOf(found), Map.copyOf(lower));
        return new ShareChanges(added, removed, truncated[0]);
    }

    private SharedFile consider(Path file, BasicFileAttributes attrs, Snapshot before) throws IOException {
        Path relative = realRoot.relativize(file);
        String rel = relative.toString().replace(file.getFileSystem().getSeparator(), "/");
        if (rel.isEmpty() || rel.indexOf('"') >= 0 || rel.indexOf('\\') >= 0 || rel.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return null;
        }
        Path local = file;
        if (attrs.isSymbolicLink()) {
            Path target = file.toRealPath();
            if (!target.startsWith(realRoot) || !Files.isRegularFile(target)) return null;
            attrs = Files.readAttributes(target, BasicFileAttributes.class);
        } else if (!attrs.isRegularFile()) {
            return null;
        }
        String name = wire(announcedRoot + '\\' + rel.replace('/', '\\'));
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().toMillis();
        SharedFile old = before.byName().get(name);
        if (old != null && old.size() == size && old.lastModified() == modified) return old;
        return describe(name, rel, local, size, modified);
    }

    /** A local name as a wire string: its UTF-8 bytes, one char per byte, as the protocol module carries text. */
    static String wire(String text) {
        return new String(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Reads one file: checksum, and the MPEG audio figures when it is MP3. */
    static SharedFile describe(String name, String rel, Path local, long size, long modified) throws IOException {
        try (SeekableByteChannel in = Files.newByteChannel(local, StandardOpenOption.READ)) {
            MediaType byName = MediaType.forFileName(rel);
            Optional<MpegAudio.Info> audio = byName == MediaType.MP3 ? MpegAudio.analyse(in, size) : Optional.empty();
            if (audio.isPresent()) {
                MpegAudio.Info a = audio.get();
                String md5 = NapsterChecksum.of(in, a.audioStart(), a.audioEnd());
                return new SharedFile(name, rel, local, size, modified, md5, MediaType.MP3, a.bitrate(), a.sampleRate(), a.seconds());
            }
            MediaType type = byName == MediaType.MP3 ? MediaType.AUDIO : byName;
            return new SharedFile(name, rel, local, size, modified, NapsterChecksum.of(in, 0), type, 0, 0, 0);
        }
    }

    /**
     * The shared file a peer or the server names, or empty. The name is only ever looked up
     * among the announced names (either slash kind, case-insensitive as a fallback), never
     * turned into a path, and the file found must still be a regular file inside the folder.
     */
    public Optional<SharedFile> find(String announcedName) {
        Objects.requireNonNull(announcedName);
        String key = announcedName.replace('/', '\\');
        Snapshot s = current;
        SharedFile f = s.byName().get(key);
        if (f == null) f = s.byLowerName().get(key.toLowerCase(Locale.ROOT));
        if (f == null) return Optional.empty();
        try {
            Path real = f.local().toRealPath();
            if (!real.startsWith(realRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(f);
    }
}
