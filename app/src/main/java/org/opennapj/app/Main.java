package org.opennapj.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single OpenNapJ executable: {@code opennapj server | metaserver | setup | client ...}. */
@Command(name = "opennapj", mixinStandardHelpOptions = true, version = "OpenNapJ 0.1.0",
        description = "OpenNapJ: an OpenNap (Napster protocol) server, metaserver and client.",
        subcommands = {ServerCommand.class, MetaserverCommand.class, SetupCommand.class, TrainCommand.class, ImportCommand.class,
                ClientCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Netty's pooled buffers come in chunks of 8 KiB << maxOrder, one chunk or more per I/O
        // thread. Napster messages are small (max_command_length 2048), so 1 MiB chunks (order 7)
        // serve them as well as Netty's default 4 MiB and take less memory; -D overrides it.
        if (System.getProperty("io.netty.allocator.maxOrder") == null) {
            System.setProperty("io.netty.allocator.maxOrder", "7");
        }
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
