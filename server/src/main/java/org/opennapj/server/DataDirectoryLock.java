package org.opennapj.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a running server holds on its data directory (a lock on the file {@code opennapj.lock}
 * in it), so two servers never share one store; the commands that write into a data directory
 * ({@code setup}, {@code import-opennap}) take it too. The operating system releases it when the
 * process ends, however it ends.
 */
public final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an existing data directory, or fails with {@link DataDirectoryInUseException}
     * naming the directory when a server (or another command) in any process holds it.
     */
    public static DataDirectoryLock acquire(Path dataDir) throws IOException {
        return acquire(dataDir, OpenNapServer.LOCK_FILE);
    }

    static DataDirectoryLock acquire(Path dataDir, String fileName) throws IOException {
        Path file = dataDir.resolve(fileName);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new DataDirectoryInUseException("the data directory " + dataDir.toAbsolutePath().normalize()
                    + " is in use by another running OpenNapJ server (it holds " + fileName + ")");
        }
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close releases it as well
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
