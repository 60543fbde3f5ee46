package org.opennapj.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opennapj.server.DataDirectoryInUseException;
import org.opennapj.server.DataDirectoryLock;
import org.opennapj.server.migrate.OpennapImport;
import org.opennapj.server.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opennapj import-opennap}: brings an opennap / opennap-ng data directory into a data directory. */
@Command(name = "import-opennap", mixinStandardHelpOptions = true,
        description = {"Imports an opennap or opennap-ng data directory: users and bans into the account",
                "store (passwords are only ever stored hashed), and config, motd, channels, servers, filter",
                "and block copied as they are. Every file is checked first; any line that cannot be read is",
                "reported with its file and line number and then nothing is imported (exit code 1)."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "DIR",
            description = "the opennap(-ng) directory holding users, bans, channels, servers, motd, filter, block, config")
    Path from;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "OpenNapJ's data directory (created if missing)")
    Path data;

    @Option(names = "--overwrite",
            description = "replace accounts that exist already, and files (config, motd, ...) that differ")
    boolean overwrite;

    @Override
    public Integer call() {
        OpennapImport.Result r;
        // a data directory that exists may be a running server's: never write under it
        try (DataDirectoryLock lock = Files.isDirectory(data) ? DataDirectoryLock.acquire(data) : null) {
            r = OpennapImport.run(from, data, overwrite);
        } catch (DataDirectoryInUseException e) {
            System.err.println("import-opennap: " + e.getMessage() + "; stop it first. Nothing was imported");
            return 1;
        } catch (IOException e) {
            System.err.println("import-opennap: " + e.getMessage() + "; nothing was imported");
            return 1;
        } catch (StoreException e) {
            System.err.println("import-opennap: the account store in " + data + ": " + e.getMessage()
                    + "; nothing was imported");
            return 1;
        }
        for (String w : r.warnings()) {
            System.out.println("note: " + w);
        }
        for (OpennapImport.Problem p : r.problems()) {
            System.err.println("import-opennap: " + p);
        }
        StringBuilder counts = new StringBuilder();
        for (Map.Entry<String, Integer> e : r.counts().entrySet()) {
            counts.append(counts.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        String read = counts.isEmpty() ? "no opennap files found" : counts.toString();
        if (!r.written()) {
            System.err.println("import-opennap: " + r.problems().size() + " problem(s); nothing was imported (read: "
                    + read + ")");
            return 1;
        }
        System.out.println("imported from " + from + " into " + data + ": " + read);
        return 0;
    }
}
