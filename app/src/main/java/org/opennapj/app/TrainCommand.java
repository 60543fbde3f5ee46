package org.opennapj.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opennapj train}: a training run for the JVM's ahead-of-time cache (JDK 25+). It runs
 * {@link TrainingLoad}, the common client traffic against a private server on 127.0.0.1, and
 * stops. Run under {@code -XX:AOTCacheOutput}, the JVM then stores the classes it loaded and the
 * methods' profiles, so a server started with that cache takes its first clients with less
 * warm-up. The launcher does this by itself once per build.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Runs a short load against a private server on 127.0.0.1, then stops: the",
                "training run for the JVM's ahead-of-time cache (the launcher runs it by itself",
                "on JDK 25+, once per build). Touches nothing outside a temporary directory."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "400", description = "clients per round (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rounds", defaultValue = "3", description = "rounds, each with new logins (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--files", defaultValue = "50", description = "files shared per client (default: ${DEFAULT-VALUE})")
    int files;

    @Override
    public Integer call() throws Exception {
        String bad = clients < 2 || clients > 5000 ? "--clients must be between 2 and 5000"
                : rounds < 1 || rounds > 100 ? "--rounds must be between 1 and 100"
                : files < 1 || files > 1000 ? "--files must be between 1 and 1000" : null;
        if (bad != null) {
            System.err.println("train: " + bad);
            return 2;
        }
        try {
            System.out.println("trained: " + new TrainingLoad(clients, rounds, files, 5, true, null).run());
            return 0;
        } catch (TrainingLoad.TrainingException e) {
            System.err.println("train: " + e.getMessage());
            return 1;
        }
    }
}
