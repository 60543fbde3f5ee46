package org.opennapj.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code opennapj client}: with a subcommand, the client's commands for scripts; without one, the
 * interactive client ({@link ClientShell} on a {@link ClientTerminal}), which takes the same
 * connection options.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"An OpenNap client: share a folder, search, download and browse.",
                "Without a subcommand, the interactive client: give --server/--servers/--metaserver and --nick here.",
                "Every subcommand takes --server/--servers/--metaserver, --nick and --password."},
        subcommands = {ClientCommand.Share.class, ClientCommand.SearchCommand.class, ClientCommand.Get.class,
                ClientCommand.Browse.class})
final class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClientOptions options;

    @CommandLine.Option(names = "--downloads", paramLabel = "DIR", defaultValue = ".",
            description = "interactive client: where downloads go (default: the current folder)")
    java.nio.file.Path downloads;

    @CommandLine.Option(names = "--share", paramLabel = "DIR", description = "interactive client: share this folder at once (as /share DIR)")
    java.nio.file.Path share;

    /** The interactive client; only the usage when nothing says where to connect or who we are. */
    @Override
    public Integer call() {
        options.out = spec.commandLine().getOut();
        options.err = spec.commandLine().getErr();
        if (!options.connectionGiven()) {
            spec.commandLine().usage(options.out);
            return 0;
        }
        org.jline.terminal.Terminal terminal = null;
        try {
            options.entries(); // a usage problem before the terminal is taken over
            String nick = options.nick;
            if (nick == null) throw new ClientOptions.UsageProblem("no nick: give --nick NICK");
            options.password = options.password().toCharArray(); // asked on the plain console, before JLine
            terminal = ClientTerminal.systemTerminal();
            ClientTerminal.Above above = new ClientTerminal.Above(terminal);
            ClientShell shell = new ClientShell(options, downloads, above);
            shell.connect();
            if (share != null) shell.execute("/share " + share);
            org.jline.reader.LineReader reader = ClientTerminal.reader(terminal, shell);
            above.reader(reader);
            ClientTerminal.run(shell, reader, above, nick);
            return 0;
        } catch (ClientOptions.UsageProblem e) {
            options.err.println("client: " + e.getMessage());
            return 2;
        } catch (ClientOptions.Failure e) {
            options.err.println("client: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            options.err.println("client: cannot use the terminal: " + e.getMessage());
            return 1;
        } finally {
            if (terminal != null) {
                try {
                    terminal.close();
                } catch (java.io.IOException e) {
                    // leaving anyway
                }
            }
        }
    }

    /** Runs a subcommand's work, turning its problems into one line on stderr and an exit code. */
    abstract static class Sub implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract String name();

        abstract int work() throws Exception;

        @Override
        public final Integer call() {
            // connection options given before the subcommand's name (opennapj client --nick N search ...)
            // went to the parent command: they count when none came after it
            if (!options.connectionGiven() && spec.parent() != null
                    && spec.parent().userObject() instanceof ClientCommand parent && parent.options.connectionGiven()) {
                options = parent.options;
            }
            options.out = spec.commandLine().getOut();
            options.err = spec.commandLine().getErr();
            try {
                return work();
            } catch (ClientOptions.UsageProblem e) {
                options.err.println("client " + name() + ": " + e.getMessage());
                return 2;
            } catch (ClientOptions.Failure e) {
                options.err.println("client " + name() + ": " + e.getMessage());
                return 1;
            } catch (Exception e) {
                options.err.println("client " + name() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                return 1;
            }
        }
    }

    @Command(name = "share", mixinStandardHelpOptions = true,
            description = {"Logs in, shares DIR and serves uploads until stopped or the time is up.",
                    "With several servers, shares on each and reconnects with backoff when one drops."})
    static final class Share extends Sub {
        @CommandLine.Parameters(paramLabel = "DIR", description = "the folder to share")
        java.nio.file.Path dir;

        @CommandLine.Option(names = "--for", paramLabel = "SECONDS", description = "stop after this long (default: until stopped)")
        Integer seconds;

        @CommandLine.Option(names = "--as", paramLabel = "ROOT",
                description = "the folder's name as others see it, e.g. 'C:\\Music' (default: its absolute path)")
        String as;

        @CommandLine.Option(names = "--rescan", paramLabel = "SECONDS", defaultValue = "60",
                description = "look for new, changed and removed files this often (default: ${DEFAULT-VALUE})")
        int rescan;

        @Override
        String name() {
            return "share";
        }

        @Override
        int work() throws Exception {
            return new ClientShare(options, dir, as, seconds, rescan).run();
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Searches and prints the results, one a line: nick, size in bytes, file name.")
    static final class SearchCommand extends Sub {
        @CommandLine.Parameters(paramLabel = "WORDS", arity = "1..*", description = "words the file name must contain")
        java.util.List<String> words;

        @CommandLine.Option(names = "--max", paramLabel = "N", defaultValue = "100", description = "most results (default: ${DEFAULT-VALUE})")
        int max;

        @CommandLine.Option(names = "--type", paramLabel = "TYPE", defaultValue = "any",
                description = "media type: mp3, audio, video, image, text, application or any (default: ${DEFAULT-VALUE})")
        String type;

        @Override
        String name() {
            return "search";
        }

        @Override
        int work() throws Exception {
            return ClientQueries.search(options, String.join(" ", words), max, type);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Searches, downloads the first result that completes and prints where it went.",
                    "When a download fails, the next result is tried."})
    static final class Get extends Sub {
        @CommandLine.Parameters(paramLabel = "WORDS", arity = "1..*", description = "words the file name must contain")
        java.util.List<String> words;

        @CommandLine.Option(names = "--to", paramLabel = "DIR", required = true, description = "the folder to download into")
        java.nio.file.Path to;

        @CommandLine.Option(names = "--max", paramLabel = "N", defaultValue = "20", description = "results to try at most (default: ${DEFAULT-VALUE})")
        int max;

        @CommandLine.Option(names = "--type", paramLabel = "TYPE", defaultValue = "any", description = "media type (default: ${DEFAULT-VALUE})")
        String type;

        @Override
        String name() {
            return "get";
        }

        @Override
        int work() throws Exception {
            return ClientQueries.get(options, String.join(" ", words), to, max, type);
        }
    }

    @Command(name = "browse", mixinStandardHelpOptions = true,
            description = "Lists a user's shared files, one a line: size in bytes, file name.")
    static final class Browse extends Sub {
        @CommandLine.Parameters(paramLabel = "NICK", description = "the user")
        String nick;

        @CommandLine.Option(names = "--direct", description = "fetch the list from the user's own data port (640/641) instead of the server")
        boolean direct;

        @Override
        String name() {
            return "browse";
        }

        @Override
        int work() throws Exception {
            return ClientQueries.browse(options, nick, direct);
        }
    }
}
