package org.opennapj.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One {@code opennapj} command run in this JVM ({@link Main#run}), with what it printed to
 * standard output and standard error (both captured while it runs; one command at a time).
 */
record CommandRun(int code, String out, String err) {

    static CommandRun of(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream co = new PrintStream(o, true, StandardCharsets.UTF_8);
                PrintStream ce = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(co);
            System.setErr(ce);
            code = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new CommandRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
