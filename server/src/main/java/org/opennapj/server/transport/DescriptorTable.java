package org.opennapj.server.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Grows the process's file descriptor table before clients come, so that a storm of new
 * connections does not grow it while they wait.
 *
 * <p>Linux keeps a process's descriptors in one table, doubled whenever a new descriptor needs a
 * slot past its end. In a process with more than one thread, each doubling waits for an RCU grace
 * period inside the system call that needed it: for a server, inside {@code accept4} on the
 * acceptor thread. Measured on a 2-core machine, that is 8 to 18 ms during which no connection is
 * accepted, so every client waiting to log in waits that long too; a storm of 5,000 logins after
 * a start met it once or twice (the table went from 2,048 to 8,192 slots) and it set the storm's
 * slowest 1 %. A single-threaded server never waits for it. The table never shrinks, so opening
 * the descriptors once at start-up and closing them again pays the waits before anyone is
 * connected.
 *
 * <p>Where {@code /proc/self/status} is not there to say the table's size (not Linux), nothing is
 * done.
 */
public final class DescriptorTable {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path NULL_DEVICE = Path.of("/dev/null");

    private DescriptorTable() {
    }

    /**
     * Makes the table hold at least {@code slots} descriptors, by opening {@code /dev/null} until
     * the highest descriptor open is past that many (or the process's limit answers "too many open
     * files"), then closing all of them again. Returns the table's size afterwards, or -1 where it
     * cannot be read.
     */
    public static int reserve(int slots) {
        int size = size();
        if (size < 0 || size >= slots || !Files.isReadable(NULL_DEVICE)) {
            return size;
        }
        // the lowest free descriptor is always taken first, so the table grows to hold the number
        // of descriptors open at once: those already open plus these (without that count, opening
        // slots more could go past what the caller meant to leave free)
        int open = openDescriptors();
        if (open < 0) {
            return size;
        }
        List<FileChannel> held = new ArrayList<>();
        try {
            for (int i = open; i < slots; i++) {
                held.add(FileChannel.open(NULL_DEVICE));
            }
        } catch (IOException | RuntimeException e) {
            // the descriptor limit: the table cannot usefully be larger than that anyway
        } finally {
            for (FileChannel c : held) {
                try {
                    c.close();
                } catch (IOException e) {
                    // closing /dev/null does not fail; nothing to do if it did
                }
            }
        }
        return size();
    }

    /** The table's size (the {@code FDSize} line of {@code /proc/self/status}), or -1 where it cannot be read. */
    public static int size() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("FDSize:")) {
                    return Integer.parseInt(line.substring("FDSize:".length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a /proc without the line
        }
        return -1;
    }

    /** How many descriptors the process has open now ({@code /proc/self/fd}), or -1 where it cannot be read. */
    public static int openDescriptors() {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            // listing the folder itself takes one descriptor, which it gives back
            return (int) entries.count() - 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
