package org.opennapj.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single OpenNapJ executable: {@code opennapj server | setup ...}. */
@Command(name = "opennapj", mixinStandardHelpOptions = true, version = "OpenNapJ 0.1.0",
        description = "OpenNapJ: an OpenNap (Napster protocol) server.",
        subcommands = {ServerCommand.class, SetupCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
