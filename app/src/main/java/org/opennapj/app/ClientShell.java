package org.opennapj.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.opennapj.client.BrowseResult;
import org.opennapj.client.ChannelJoin;
import org.opennapj.client.NapClient;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.Search;
import org.opennapj.client.Whois;
import org.opennapj.client.share.ShareChanges;
import org.opennapj.client.share.SharedFolder;
import org.opennapj.client.transfer.Transfer;
import org.opennapj.client.transfer.TransferEvents;
import org.opennapj.client.transfer.TransferInfo;
import org.opennapj.client.transfer.TransferResult;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.protocol.SearchResult;

/**
 * The interactive client's command interpreter, without a terminal: {@link #execute(String)}
 * takes one typed line and everything the shell has to say, the answer to a command as well as a
 * message or notice arriving meanwhile, goes to an {@link Output} one line at a time.
 * {@link ClientTerminal} drives it from a JLine reader; tests drive it directly.
 *
 * <p>Threads: {@link #execute} runs on the caller's thread (the terminal's reader) and waits
 * there, bounded by the session timeout, for the server's answers. The session's event thread
 * prints incoming messages and notices, the transfer threads print a transfer's start and end
 * and update its progress; {@link #progressLines} and {@link #transfersTable} may be read from
 * any thread (the terminal's progress refresh thread reads them).
 */
final class ClientShell implements AutoCloseable {

    /** Where the shell's lines go. Called from several threads; each call is one whole line. */
    @FunctionalInterface
    interface Output {
        void line(String text);
    }

    /** The commands, for /help and completion. */
    static final List<String> COMMANDS = List.of("/search", "/get", "/browse", "/join", "/part", "/msg", "/whois", "/share",
            "/transfers", "/help", "/quit");

    private static final List<String> HELP = List.of(
            "/search WORDS      search; results are numbered",
            "/get N             download result N of the last /search or /browse",
            "/get WORDS         search and download the first result",
            "/browse NICK       list a user's shared files (numbered, for /get N)",
            "/join #CHANNEL     join a channel; plain text then goes to it",
            "/part [#CHANNEL]   leave the current (or the named) channel",
            "/msg NICK TEXT     private message",
            "/whois NICK        who a user is",
            "/share DIR         share a folder (instead of the one shared before)",
            "/transfers         downloads and uploads with their progress",
            "/quit              leave");

    /** A file that /get N can fetch: a search result or a browsed file. */
    private record Hit(String nick, String path, long size) {
    }

    /** One transfer as the shell shows it. */
    static final class Row {
        final int id;
        final boolean download;
        final String nick;
        final String file;
        volatile long done;
        volatile long total;
        /** null while under way. */
        volatile TransferResult result;
        volatile boolean started;
        /** A download's transfer, once the server answered. */
        volatile Transfer transfer;

        Row(int id, boolean download, String nick, String file, long total) {
            this.id = id;
            this.download = download;
            this.nick = nick;
            this.file = file;
            this.total = total;
        }

        boolean running() {
            return result == null;
        }
    }

    private final ClientOptions options;
    private final Path downloads;
    private final Output out;
    private volatile OpenNapClient client;
    private final List<String> joined = new CopyOnWriteArrayList<>();
    private volatile String channel;
    private volatile List<Hit> last = List.of();
    private final NavigableSet<String> nicks = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);
    private final List<Row> rows = new CopyOnWriteArrayList<>();
    /**
     * The uploads under way by their {@link TransferInfo} instance (one per transfer, the same for
     * its start, progress and end): by identity, since two uploads of one file to one nick from one
     * offset have equal records.
     */
    private final Map<TransferInfo, Row> uploads = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean quitting;
    /** 404 notices since the current command started: its error need not repeat one. */
    private final List<String> notices = new CopyOnWriteArrayList<>();
    /** Set by a /quit refused because transfers were under way: the next /quit stops them. */
    private boolean quitWarned;

    ClientShell(ClientOptions options, Path downloads, Output out) {
        this.options = options;
        this.downloads = downloads;
        this.out = out;
    }

    /** Logs in to the first server that takes us and starts printing what arrives. */
    void connect() throws ClientOptions.Failure, ClientOptions.UsageProblem {
        OpenNapClient.Settings settings = options.settings(downloads, new Events());
        // listening before the login is sent, so the MOTD that follows it is printed too
        OpenNapClient c = options.logInAnywhere(settings, null, connected -> listen(connected.session()));
        client = c;
        out.line("logged in as " + settings.nick() + (c.dataPort() == 0 ? " (firewalled)" : " (data port " + c.dataPort() + ")")
                + "; downloads go to " + settings.downloads().toAbsolutePath().normalize() + ". /help lists the commands.");
    }

    private void listen(NapClient s) {
        s.onPrivateMessage(m -> {
            nicks.add(m.nick());
            out.line("*" + m.nick() + "* " + m.text());
        });
        s.onPublicMessage(m -> {
            nicks.add(m.nick());
            out.line("[" + m.channel() + "] <" + m.nick() + "> " + m.text());
        });
        s.on(MessageType.NOTICE, m -> {
            notices.add(m.data());
            out.line("! " + m.data());
        });
        s.on(MessageType.MOTD, m -> out.line("| " + m.data()));
        s.on(MessageType.OPERATOR_MESSAGE, m -> out.line("! [operators] " + firstWordAndRest(m)));
        s.on(MessageType.GLOBAL_MESSAGE, m -> out.line("! [announcement] " + firstWordAndRest(m)));
        s.on(MessageType.USER_JOINED, m -> channelEvent(m, "joined"));
        s.on(MessageType.USER_PARTED, m -> channelEvent(m, "left"));
        s.closed().thenRun(() -> {
            OpenNapClient c = client;
            // a session whose login failed (another server is tried) is not ours to report
            if (!quitting && c != null && c.session() == s) out.line("! the server closed the connection; /quit and start again to reconnect");
        });
    }

    private static String firstWordAndRest(Message m) {
        String d = m.data();
        int sp = d.indexOf(' ');
        return sp < 0 ? d : d.substring(0, sp) + ": " + d.substring(sp + 1);
    }

    // 406/407 <channel> <nick> <shared> <link type>
    private void channelEvent(Message m, String what) {
        String[] f = m.data().split(" ");
        if (f.length < 2) return;
        nicks.add(f[1]);
        out.line("* " + f[1] + " " + what + " " + f[0]);
    }

    /** Nicks seen so far (search results, messages, channel members), for completion. */
    List<String> nicks() {
        return List.copyOf(nicks);
    }

    /** Channels joined, for completion. */
    List<String> channels() {
        return List.copyOf(joined);
    }

    /** The channel plain text goes to, or null. */
    String channel() {
        return channel;
    }

    /**
     * Runs one typed line: a command, or text for the current channel.
     *
     * @return false once the line was /quit
     */
    boolean execute(String line) {
        String l = line.strip();
        if (l.isEmpty()) return true;
        if (!l.startsWith("/")) {
            run(() -> say(l));
            return true;
        }
        int sp = l.indexOf(' ');
        String cmd = (sp < 0 ? l : l.substring(0, sp)).toLowerCase(Locale.ROOT);
        String arg = sp < 0 ? "" : l.substring(sp + 1).strip();
        switch (cmd) {
            case "/quit", "/exit" -> {
                long running = rows.stream().filter(Row::running).count();
                if (running == 0 || quitWarned) return false;
                quitWarned = true;
                out.line(running + (running == 1 ? " transfer is" : " transfers are") + " under way: /quit again stops "
                        + (running == 1 ? "it" : "them") + " (partial downloads are kept for resuming)");
                return true;
            }
            case "/help" -> HELP.forEach(out::line);
            case "/search" -> run(() -> search(arg));
            case "/get" -> run(() -> get(arg));
            case "/browse" -> run(() -> browse(arg));
            case "/join" -> run(() -> join(arg));
            case "/part" -> run(() -> part(arg));
            case "/msg" -> run(() -> msg(arg));
            case "/whois" -> run(() -> whois(arg));
            case "/share" -> run(() -> share(arg));
            case "/transfers" -> transfersTable().forEach(out::line);
            default -> out.line("error: unknown command " + cmd + "; /help lists the commands");
        }
        return true;
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs a command, turning its problem into one "error:" line. */
    private void run(Work w) {
        notices.clear();
        try {
            if (client == null) throw new ClientOptions.Failure("not connected");
            w.run();
        } catch (ClientOptions.Failure e) {
            // a refusal the server also sent as a notice (404) was printed already
            if (notices.stream().noneMatch(n -> !n.isBlank() && e.getMessage().contains(n))) out.line("error: " + e.getMessage());
        } catch (ClientOptions.UsageProblem e) {
            out.line("error: " + e.getMessage());
        } catch (IOException e) {
            out.line("error: the server connection failed: " + e.getMessage());
        } catch (Exception e) {
            out.line("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private static String need(String arg, String usage) throws ClientOptions.UsageProblem {
        if (arg.isEmpty()) throw new ClientOptions.UsageProblem("usage: " + usage);
        return arg;
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f) throws ClientOptions.Failure {
        return ClientOptions.await(f, options.timeout());
    }

    private List<SearchResult> find(String words) throws Exception {
        Search s;
        try {
            s = Search.forWords(words).maxResults(100).type("any");
        } catch (IllegalArgumentException e) {
            throw new ClientOptions.UsageProblem(e.getMessage());
        }
        List<SearchResult> results = await(client.search(s));
        if (results.isEmpty()) throw new ClientOptions.Failure("no results for " + words);
        for (SearchResult r : results) nicks.add(r.nick());
        return results;
    }

    private void search(String arg) throws Exception {
        List<SearchResult> results = find(need(arg, "/search WORDS"));
        List<Hit> hits = new ArrayList<>();
        for (SearchResult r : results) {
            hits.add(new Hit(r.nick(), r.file().path(), r.file().size()));
            out.line(String.format(Locale.ROOT, "%3d. %-14s %9s  %s", hits.size(), r.nick(), size(r.file().size()), r.file().path()));
        }
        last = List.copyOf(hits);
        out.line(hits.size() + (hits.size() == 1 ? " result" : " results") + "; /get N downloads one");
    }

    private void get(String arg) throws Exception {
        need(arg, "/get N (a number from the last /search or /browse) or /get WORDS");
        Hit h;
        if (arg.matches("\\d{1,9}")) {
            int n = Integer.parseInt(arg);
            List<Hit> l = last;
            if (l.isEmpty()) throw new ClientOptions.UsageProblem("no results to get from: /search first");
            if (n < 1 || n > l.size()) throw new ClientOptions.UsageProblem("no result " + n + ": the last list has 1 to " + l.size());
            h = l.get(n - 1);
        } else {
            SearchResult r = find(arg).get(0);
            h = new Hit(r.nick(), r.file().path(), r.file().size());
        }
        download(h);
    }

    private void download(Hit h) throws Exception {
        Row row = new Row(ids.incrementAndGet(), true, h.nick(), baseName(h.path()), h.size());
        Transfer t;
        try {
            t = await(client.download(h.nick(), h.path(), h.size(), null, (done, total) -> {
                row.started = true;
                row.done = done;
                row.total = total;
            }));
        } catch (ClientOptions.Failure f) {
            throw new ClientOptions.Failure("cannot download " + h.path() + " from " + h.nick() + ": " + f.getMessage());
        }
        row.transfer = t;
        rows.add(row);
        out.line("[" + row.id + "] downloading " + row.file + " from " + h.nick() + " (" + size(h.size()) + ")");
        t.result().thenAccept(r -> {
            row.result = r;
            if (r.complete()) {
                row.done = row.total;
                out.line("[" + row.id + "] saved " + r.file());
            } else {
                out.line("[" + row.id + "] download of " + row.file + " " + (r.status() == TransferResult.Status.CANCELLED ? "cancelled" : "failed")
                        + ": " + r.error() + (r.file() != null ? " (partial file kept for resuming: /get it again)" : ""));
            }
        });
    }

    private void browse(String arg) throws Exception {
        String nick = need(arg, "/browse NICK");
        BrowseResult b = await(client.browse(nick));
        List<Hit> hits = new ArrayList<>();
        for (org.opennapj.protocol.BrowseEntry e : b.entries()) {
            hits.add(new Hit(e.nick(), e.file().path(), e.file().size()));
            out.line(String.format(Locale.ROOT, "%3d. %9s  %s", hits.size(), size(e.file().size()), e.file().path()));
        }
        if (hits.isEmpty()) throw new ClientOptions.Failure(nick + " shares no files");
        nicks.add(nick);
        last = List.copyOf(hits);
        out.line(nick + " shares " + hits.size() + (hits.size() == 1 ? " file" : " files") + "; /get N downloads one");
    }

    private void join(String arg) throws Exception {
        String name = need(arg, "/join #CHANNEL");
        if (name.indexOf(' ') >= 0) throw new ClientOptions.UsageProblem("a channel name is one word");
        ChannelJoin j = await(client.session().join(name));
        nicks.addAll(j.members());
        if (!joined.contains(j.channel())) joined.add(j.channel());
        channel = j.channel();
        out.line("joined " + j.channel() + " (" + j.members().size() + " here: " + String.join(", ", j.members())
                + "); plain text now goes to " + j.channel());
    }

    private void part(String arg) throws Exception {
        String name = arg.isEmpty() ? channel : arg;
        if (name == null) throw new ClientOptions.UsageProblem("not in a channel");
        String known = joined.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new ClientOptions.UsageProblem("not in " + name));
        client.session().part(known);
        joined.remove(known);
        if (known.equals(channel)) channel = joined.isEmpty() ? null : joined.get(joined.size() - 1);
        out.line("left " + known + (channel != null ? "; plain text now goes to " + channel : ""));
    }

    private void msg(String arg) throws Exception {
        int sp = arg.indexOf(' ');
        if (sp < 0) throw new ClientOptions.UsageProblem("usage: /msg NICK TEXT");
        String nick = arg.substring(0, sp);
        String text = arg.substring(sp + 1).strip();
        client.session().privateMessage(nick, text);
        nicks.add(nick);
        out.line("-> *" + nick + "* " + text);
    }

    private void say(String text) throws Exception {
        String c = channel;
        if (c == null) throw new ClientOptions.UsageProblem("not in a channel: /join #CHANNEL first, or /msg NICK TEXT");
        client.session().say(c, text); // the server sends it back to us with the others' copies
    }

    private void whois(String arg) throws Exception {
        String nick = need(arg, "/whois NICK");
        Whois w = await(client.session().whois(nick));
        nicks.add(w.nick());
        List<String> f = w.fields();
        if (!w.online()) {
            out.line(w.nick() + ": " + w.level() + ", offline" + (f.size() > 2 ? ", last seen " + seen(f.get(2)) : ""));
            return;
        }
        StringBuilder b = new StringBuilder(w.nick()).append(": ").append(w.level()).append(", online");
        if (f.size() > 2) b.append(" for ").append(duration(f.get(2)));
        b.append(", channels: ").append(w.channels().isEmpty() ? "none" : String.join(" ", w.channels()));
        if (f.size() > 4) b.append(", status ").append(f.get(4));
        if (w.shared() >= 0) b.append(", shares ").append(w.shared()).append(" files");
        if (f.size() > 7) b.append(", ").append(f.get(6)).append(" downloads, ").append(f.get(7)).append(" uploads");
        if (w.linkType() >= 0) b.append(", link type ").append(w.linkType());
        if (f.size() > 9) b.append(", client \"").append(f.get(9)).append('"');
        out.line(b.toString());
    }

    private void share(String arg) throws Exception {
        Path dir = Path.of(need(arg, "/share DIR"));
        SharedFolder folder;
        try {
            folder = new SharedFolder(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClientOptions.Failure("cannot share " + dir + ": " + e.getMessage());
        }
        out.line("scanning " + folder.root() + "...");
        ShareChanges c = client.share(folder);
        out.line("sharing " + folder.files().size() + " files of " + folder.root()
                + (c.removed().isEmpty() ? "" : " (" + c.removed().size() + " of the folder before withdrawn)")
                + (c.truncated() ? "; the folder has more files than are shared" : ""));
    }

    // ---------------------------------------------------------------- transfers

    /** Every transfer, one a line, with its state; "no transfers" when there are none. */
    List<String> transfersTable() {
        if (rows.isEmpty()) return List.of("no transfers");
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            TransferResult res = r.result;
            String state;
            if (res == null) state = r.started ? percent(r) + " " + size(r.done) + " of " + size(r.total) : "waiting for the peer";
            else if (res.complete()) state = "done" + (r.download && res.file() != null ? ", " + res.file() : "");
            else state = (res.status() == TransferResult.Status.CANCELLED ? "cancelled: " : "failed: ") + res.error();
            lines.add(String.format(Locale.ROOT, "[%d] %s %s %s %s: %s", r.id, r.download ? "download" : "upload",
                    r.file, r.download ? "from" : "to", r.nick, state));
        }
        return lines;
    }

    /** A progress bar for each transfer under way, {@code width} columns at most; empty when none runs. */
    List<String> progressLines(int width) {
        List<String> lines = new ArrayList<>();
        for (Row r : rows) {
            if (!r.running()) continue;
            String head = "[" + r.id + "] " + (r.download ? "get " : "put ");
            String tail = String.format(Locale.ROOT, " %4s %9s %s %s", percent(r), size(r.done), r.download ? "from" : "to", r.nick);
            int barWidth = 20;
            int nameWidth = Math.max(8, width - head.length() - barWidth - 3 - tail.length());
            String name = r.file.length() <= nameWidth ? r.file : r.file.substring(0, nameWidth - 1) + "~";
            int filled = r.total <= 0 ? 0 : (int) Math.min(barWidth, r.done * barWidth / r.total);
            String bar = "=".repeat(filled) + (filled < barWidth ? ">" + " ".repeat(barWidth - filled - 1) : "");
            String line = head + name + " [" + bar + "]" + tail;
            lines.add(line.length() > width ? line.substring(0, Math.max(0, width)) : line);
        }
        return lines;
    }

    private static String percent(Row r) {
        return r.total <= 0 ? "?%" : (int) Math.min(100, r.done * 100 / r.total) + "%";
    }

    /** Uploads: the transfer threads tell us of them (downloads are tracked from /get). */
    final class Events implements TransferEvents {
        @Override
        public void uploadStarted(TransferInfo t) {
            Row row = new Row(ids.incrementAndGet(), false, t.nick(), baseName(t.fileName()), t.size());
            row.started = true;
            row.done = t.offset();
            uploads.put(t, row);
            rows.add(row);
            out.line("[" + row.id + "] " + t.nick() + " is downloading " + row.file + " from us");
        }

        @Override
        public void uploadEnded(TransferInfo t, TransferResult r) {
            Row row = uploads.remove(t);
            if (row == null) return;
            if (r.complete()) row.done = row.total;
            row.result = r;
            out.line("[" + row.id + "] " + (r.complete() ? "uploaded " + row.file + " to " + t.nick()
                    : "upload of " + row.file + " to " + t.nick() + " failed: " + r.error()));
        }

        @Override
        public void progress(TransferInfo t, long done, long total) {
            if (t.direction() != TransferInfo.Direction.UPLOAD) return;
            Row row = uploads.get(t);
            if (row != null) {
                row.done = done;
                row.total = total;
            }
        }
    }

    // ---------------------------------------------------------------- formatting

    /** The last part of a remote name, either slash kind. */
    static String baseName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return i < 0 ? path : path.substring(i + 1);
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        double v = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String duration(String seconds) {
        try {
            long s = Long.parseLong(seconds);
            return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
        } catch (NumberFormatException e) {
            return seconds + " s";
        }
    }

    private static String seen(String epochSeconds) {
        try {
            return java.time.Instant.ofEpochSecond(Long.parseLong(epochSeconds)).toString();
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return epochSeconds;
        }
    }

    /**
     * Waits for the downloads under way to end (each ends by itself: every peer step has a
     * timeout), saying so first; for the end of piped input, so a script's /get is not cut short.
     */
    void awaitDownloads() {
        List<java.util.concurrent.CompletableFuture<TransferResult>> running = new ArrayList<>();
        for (Row r : rows) {
            Transfer t = r.transfer;
            if (r.download && r.running() && t != null) running.add(t.result());
        }
        if (running.isEmpty()) return;
        out.line("waiting for " + running.size() + (running.size() == 1 ? " download" : " downloads") + " to end...");
        java.util.concurrent.CompletableFuture.allOf(running.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
    }

    /** Logs out: closes the session, the data port and every transfer (partial files are kept). */
    @Override
    public void close() {
        quitting = true;
        OpenNapClient c = client;
        if (c != null) c.close();
    }
}
