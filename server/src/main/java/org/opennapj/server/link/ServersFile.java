package org.opennapj.server.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory's {@code servers} file, in opennap-ng's format: one peer per line,
 * {@code <name> <their-password> <my-password> [<port> [<alias>]]}, fields separated by white
 * space (a field may be put in double quotes). A line whose first character is {@code #} or white
 * space is skipped, so are lines with fewer than three fields. A port outside 1..65535 becomes
 * 8888. OpenNapJ reads one more optional field, {@code norelink}, which stops the peer being
 * reconnected by itself after a split; an alias of {@code -} then means none. When two lines name
 * the same server the last one wins. A missing file is no error.
 */
public final class ServersFile {

    static final String NAME = "servers";
    private static final Logger LOG = LoggerFactory.getLogger(ServersFile.class);

    private ServersFile() {
    }

    static List<ServerEntry> read(Path dataDir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDir.resolve(NAME), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<ServerEntry> entries = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            ServerEntry e = parse(line, n);
            if (e != null) {
                entries.add(e);
            }
        }
        return entries;
    }

    /**
     * For an importer: null when a line is a comment, a blank line or an entry read as it is written,
     * otherwise what is wrong with it (too few fields, a port that is not 1..65535, an unknown last field).
     */
    public static String problem(String line) {
        if (line.isEmpty() || line.charAt(0) == '#' || Character.isWhitespace(line.charAt(0))) {
            return null;
        }
        List<String> f = fields(line);
        if (f.size() < 3) {
            return "expected <name> <their-password> <my-password> [<port> [<alias>]]";
        }
        if (f.size() > 3 && !f.get(3).matches("\\d{1,5}")
                || f.size() > 3 && (Integer.parseInt(f.get(3)) < 1 || Integer.parseInt(f.get(3)) > 65535)) {
            return "the port must be a number from 1 to 65535, not '" + f.get(3) + "'";
        }
        if (f.size() > 5 && !f.get(5).equalsIgnoreCase("norelink")) {
            return "unexpected field '" + f.get(5) + "' (only norelink may follow the alias)";
        }
        return null;
    }

    /** One line's entry, or null for a comment, a blank line or a line that is not an entry (logged). */
    static ServerEntry parse(String line, int lineNumber) {
        if (line.isEmpty() || line.charAt(0) == '#' || Character.isWhitespace(line.charAt(0))) {
            return null;
        }
        List<String> f = fields(line);
        if (f.size() < 3) {
            LOG.warn("servers file line {}: expected <name> <their-password> <my-password> [<port> [<alias>]], skipped",
                    lineNumber);
            return null;
        }
        int port = ServerEntry.DEFAULT_PORT;
        if (f.size() > 3) {
            try {
                port = Integer.parseInt(f.get(3));
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                port = ServerEntry.DEFAULT_PORT;
            }
        }
        String alias = f.size() > 4 && !f.get(4).equals("-") && !f.get(4).isEmpty() ? f.get(4) : null;
        boolean relink = !(f.size() > 5 && f.get(5).equalsIgnoreCase("norelink"));
        return new ServerEntry(f.get(0), f.get(1), f.get(2), port, alias, relink);
    }

    /** White-space separated fields; a field may be in double quotes. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            if (line.charAt(i) == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    end = n;
                }
                out.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                out.add(line.substring(start, i));
            }
        }
        return out;
    }
}
