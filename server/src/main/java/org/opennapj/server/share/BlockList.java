package org.opennapj.server.share;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The data directory's {@code block} file (opennap-ng's format): one extended regular expression
 * per line, lines starting with {@code #} and empty lines skipped. A shared file whose path has a
 * match that is not part of a longer run of letters (opennap-ng wraps each expression in
 * {@code (^|[^[:alpha:]])...($|[^[:alpha:]])}) is refused, letters matching either case. All the
 * expressions are compiled into one pattern, so a path is scanned once whatever their number.
 */
public final class BlockList {

    /** Nothing blocked. */
    public static final BlockList NONE = new BlockList(null, 0, List.of());

    private final Pattern pattern;
    private final int size;
    private final List<String> problems;

    private BlockList(Pattern pattern, int size, List<String> problems) {
        this.pattern = pattern;
        this.size = size;
        this.problems = problems;
    }

    /** Builds a block list from the file's lines; lines that are not valid expressions are skipped and reported. */
    public static BlockList of(List<String> lines, String source) {
        StringBuilder all = new StringBuilder();
        List<String> problems = new ArrayList<>();
        int n = 0;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            String t = line.stripTrailing();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String re = posixClasses(t);
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                problems.add(source + " line " + lineNo + ": " + e.getDescription() + " in " + t);
                continue;
            }
            all.append(n == 0 ? "" : "|").append("(?:").append(re).append(')');
            n++;
        }
        if (n == 0) {
            return new BlockList(null, 0, List.copyOf(problems));
        }
        Pattern p = Pattern.compile("(?:^|[^\\p{IsAlphabetic}])(?:" + all + ")(?:$|[^\\p{IsAlphabetic}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return new BlockList(p, n, List.copyOf(problems));
    }

    /** Reads a block file; a missing file blocks nothing. */
    public static BlockList load(Path file) throws IOException {
        try {
            return of(Files.readAllLines(file, StandardCharsets.ISO_8859_1), file.getFileName().toString());
        } catch (NoSuchFileException e) {
            return NONE;
        }
    }

    /** POSIX bracket classes ({@code [:alpha:]} inside a bracket expression) in Java's spelling. */
    private static String posixClasses(String re) {
        return re.replace("[:alpha:]", "\\p{Alpha}").replace("[:digit:]", "\\p{Digit}")
                .replace("[:alnum:]", "\\p{Alnum}").replace("[:space:]", "\\s")
                .replace("[:upper:]", "\\p{Upper}").replace("[:lower:]", "\\p{Lower}")
                .replace("[:punct:]", "\\p{Punct}");
    }

    /** Whether a shared path is blocked. */
    public boolean blocks(String path) {
        return pattern != null && pattern.matcher(path).find();
    }

    /** How many expressions are in force. */
    public int size() {
        return size;
    }

    /** The lines that could not be used, with their numbers. */
    public List<String> problems() {
        return problems;
    }
}
