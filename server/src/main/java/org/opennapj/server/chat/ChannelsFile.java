package org.opennapj.server.chat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.Fields;
import org.opennapj.protocol.MalformedFieldsException;
import org.opennapj.server.store.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code channels} file of the data directory: the permanent channels, in opennap-ng's
 * format with OpenNapJ's additions at the end of each line (opennap-ng ignores them):
 *
 * <pre>
 * :version 1
 * &lt;name&gt; &lt;limit&gt; &lt;level&gt; "&lt;topic&gt;" [+MODE ...] [op &lt;nick&gt; ...] [ban &lt;pattern&gt; &lt;set-by&gt; &lt;unix-time&gt; "&lt;reason&gt;" ...]
 * </pre>
 *
 * Without the {@code :version 1} first line, lines starting with {@code #} are comments (in a
 * version 1 file {@code #} starts a channel name). Written whole on each change by a thread of
 * its own: a temporary file, synced, then renamed over the old one, so a crash leaves either
 * the old file or the new one.
 */
final class ChannelsFile implements AutoCloseable {

    static final String NAME = "channels";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelsFile.class);
    /** What a new data directory starts with, so a new server's channel list is not empty. */
    static final String DEFAULT = """
            :version 1
            Lobby 0 User "General chat: say hello"
            Help 0 Leech "Questions about this server and napster clients"
            """;

    /** A channel as the file describes it. */
    record Entry(String name, int limit, Level level, String topic, int modes, List<String> operators, List<ChannelBan> bans) {
    }

    private final Path file;
    private final Object lock = new Object();
    /** The newest text not yet written (null: nothing to write). */
    private String pending;
    private boolean closed;
    private final Thread writer;

    ChannelsFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
        this.writer = new Thread(this::run, "opennapj-channels");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Writes the default channels file into a data directory that has none; true if it did. */
    static boolean writeDefaultIfMissing(Path dataDir) throws IOException {
        Path f = dataDir.resolve(NAME);
        if (Files.exists(f)) {
            return false;
        }
        writeDurably(f, DEFAULT);
        return true;
    }

    /** Reads the file; a line that cannot be read is logged and skipped. */
    List<Entry> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        boolean version1 = !lines.isEmpty() && lines.get(0).startsWith(":version 1");
        for (int i = version1 ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (!version1 && line.startsWith("#"))) {
                continue;
            }
            try {
                entries.add(parse(line));
            } catch (MalformedFieldsException e) {
                LOG.warn("{}:{}: line skipped: {}", file, i + 1, e.getMessage());
            }
        }
        return entries;
    }

    static Entry parse(String line) throws MalformedFieldsException {
        List<String> f = Fields.split(line);
        if (f.size() < 4) {
            throw new MalformedFieldsException("expected <name> <limit> <level> \"<topic>\"");
        }
        int limit = Fields.parseInt(f.get(1), 0, 65535);
        Level level = Level.parse(f.get(2));
        if (level == null) {
            throw new MalformedFieldsException("unknown level " + f.get(2));
        }
        int modes = ChannelMode.REGISTERED.bit();
        List<String> ops = new ArrayList<>();
        List<ChannelBan> bans = new ArrayList<>();
        for (int i = 4; i < f.size(); i++) {
            String w = f.get(i);
            if (w.startsWith("+")) {
                ChannelMode m = ChannelMode.find(w.substring(1));
                if (m == null) {
                    throw new MalformedFieldsException("unknown mode " + w);
                }
                modes |= m.bit();
            } else if (w.equals("op") && i + 1 < f.size()) {
                ops.add(f.get(++i));
            } else if (w.equals("ban") && i + 4 < f.size()) {
                String target = f.get(i + 1);
                String setBy = f.get(i + 2);
                long when = Fields.parseLong(f.get(i + 3), 0, Long.MAX_VALUE);
                String reason = f.get(i + 4);
                i += 4;
                if (bans.size() < Channel.MAX_BANS) {
                    bans.add(new ChannelBan(target, setBy, reason, when));
                }
            } else {
                throw new MalformedFieldsException("unexpected field '" + w + "'");
            }
        }
        return new Entry(f.get(0), limit, level, f.get(3), modes, ops, bans);
    }

    /** The line of one permanent channel. */
    static String format(Entry e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.name()).append(' ').append(e.limit()).append(' ').append(e.level().wireName())
                .append(' ').append(Fields.quote(unquoted(e.topic())));
        for (ChannelMode m : ChannelMode.values()) {
            if (m != ChannelMode.REGISTERED && (e.modes() & m.bit()) != 0) {
                sb.append(" +").append(m.name());
            }
        }
        for (String op : e.operators()) {
            sb.append(" op ").append(op);
        }
        for (ChannelBan b : e.bans()) {
            sb.append(" ban ").append(b.target()).append(' ').append(b.setBy()).append(' ').append(b.when())
                    .append(' ').append(Fields.quote(unquoted(b.reason())));
        }
        return sb.toString();
    }

    /** Text for a quoted field: the protocol (and the file) cannot escape a double quote. */
    static String unquoted(String s) {
        return s.replace('"', '\'');
    }

    /** Queues the whole file's new text (core thread); only the newest queued text is written. */
    void save(String text) {
        synchronized (lock) {
            if (closed) {
                LOG.error("channels file not written: already closed");
                return;
            }
            pending = text;
            lock.notifyAll();
        }
    }

    private void run() {
        while (true) {
            String text;
            synchronized (lock) {
                while (pending == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending == null) {
                    return;
                }
                text = pending;
                pending = null;
            }
            try {
                writeDurably(file, text);
            } catch (IOException | RuntimeException e) {
                LOG.error("writing {} failed; the permanent channels' last change is not stored", file, e);
            }
        }
    }

    /** Writes a temporary file, syncs it, renames it over {@code target} and syncs the directory. */
    static void writeDurably(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Path dir = target.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some systems cannot open a directory for syncing; the rename is still atomic
        }
    }

    /** Writes what is queued, then stops the writer (waits at most 10 s). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
