package org.opennapj.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * The interactive client on a terminal: a JLine {@link LineReader} feeds typed lines to a
 * {@link ClientShell}, whose lines are printed above the input line ({@link LineReader#printAbove})
 * so that arriving messages never garble what is being typed. Commands and nicks complete with
 * TAB; the history is kept for the session (up and down arrows). On a terminal that can hold a
 * status area, the transfers under way are shown there as progress bars, refreshed by the thread
 * {@code opennapj-client-progress}; on a dumb terminal (stdin not a terminal, e.g. piped input)
 * the reader is line-based and the progress is only what /transfers says.
 */
final class ClientTerminal {

    /** How often the progress bars are redrawn (when they changed). */
    private static final long REFRESH_MILLIS = 250;

    private ClientTerminal() {
    }

    /**
     * {@code text} with every character that a terminal would act on instead of showing made
     * visible: C0 and C1 controls (ESC, CR, LF, BEL, ...), DEL, and the bidirectional overrides
     * and isolates (U+202A to U+202E, U+2066 to U+2069) become {@code \xNN} or <code>&#92;uNNNN</code>.
     * Much of what the shell prints comes from other users (messages, file names, client strings),
     * and an escape sequence in it could retitle the window, move the cursor or rewrite lines.
     */
    static String printable(String text) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (bad) {
                if (b == null) b = new StringBuilder(text.length() + 8).append(text, 0, i);
                b.append(c <= 0xff ? String.format(Locale.ROOT, "\\x%02X", (int) c) : String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? text : b.toString();
    }

    /** A terminal on stdin/stdout, or a dumb one when they are not a terminal. */
    static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().name("opennapj").system(true).dumb(true).build();
    }

    /**
     * The shell's output: each line printed above the input line of the reader once there is one
     * ({@link #reader(LineReader)}), straight to the terminal before. Its lock also orders the
     * progress area's redraws with these lines.
     */
    static final class Above implements ClientShell.Output {
        private final Terminal terminal;
        private LineReader reader;

        Above(Terminal terminal) {
            this.terminal = terminal;
        }

        synchronized void reader(LineReader r) {
            reader = r;
        }

        @Override
        public synchronized void line(String text) {
            text = printable(text);
            if (reader != null) {
                reader.printAbove(text);
            } else {
                terminal.writer().println(text);
                terminal.flush();
            }
        }
    }

    /**
     * Runs the shell until /quit or the end of input (Ctrl-D, or the end of piped input, after
     * which the downloads under way are waited for); then closes the shell. The shell must be
     * connected already.
     */
    static void run(ClientShell shell, LineReader reader, Above above, String nick) {
        Terminal terminal = reader.getTerminal();
        String type = terminal.getType();
        // a terminal without the capabilities gets a Status that draws nothing; a dumb one gets none
        Status status = type == null || type.startsWith("dumb") ? null : Status.getStatus(terminal);
        Thread refresh = status == null ? null : startRefresh(shell, terminal, status, above);
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt(shell, nick));
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C drops the line being typed
                } catch (EndOfFileException e) {
                    shell.awaitDownloads(); // piped input: let the script's downloads finish
                    break;
                }
                if (!shell.execute(line)) break;
            }
        } finally {
            if (refresh != null) refresh.interrupt();
            shell.close();
            if (status != null) {
                synchronized (above) {
                    status.update(List.of());
                }
            }
            terminal.flush();
        }
    }

    private static String prompt(ClientShell shell, String nick) {
        String c = shell.channel();
        return (c == null ? nick : nick + " " + c) + "> ";
    }

    private static Thread startRefresh(ClientShell shell, Terminal terminal, Status status, Above above) {
        Thread t = new Thread(() -> {
            List<String> shown = List.of();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(REFRESH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                int width = Math.max(40, terminal.getWidth() - 1);
                List<String> now = shell.progressLines(width);
                if (now.equals(shown)) continue;
                shown = now;
                List<AttributedString> lines = new ArrayList<>();
                for (String l : now) lines.add(new AttributedString(printable(l)));
                synchronized (above) {
                    status.update(lines);
                }
            }
        }, "opennapj-client-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A reader on {@code terminal} that completes the shell's commands, then nicks and channels. */
    static LineReader reader(Terminal terminal, ClientShell shell) {
        return LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("opennapj")
                .completer(completer(shell))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // a '!' in a message is just a '!'
                .variable(LineReader.HISTORY_SIZE, 500)
                .build();
    }

    /** TAB: the commands as the first word; after it, channels for /join and /part, nicks otherwise. */
    static Completer completer(ClientShell shell) {
        return (reader, line, candidates) -> {
            if (line.wordIndex() == 0 && line.word().startsWith("/")) {
                for (String c : ClientShell.COMMANDS) candidates.add(new Candidate(c));
                return;
            }
            String first = line.words().isEmpty() ? "" : line.words().get(0).toLowerCase(Locale.ROOT);
            if (first.equals("/join") || first.equals("/part")) {
                for (String c : shell.channels()) candidates.add(new Candidate(c));
            } else if (!first.equals("/search") && !first.equals("/get") && !first.equals("/share")) {
                for (String n : shell.nicks()) candidates.add(new Candidate(n));
            }
        };
    }
}
