package io.sightline.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command in-process with captured output. */
record Run(int exitCode, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        return of(env, Path.of("/nonexistent-home"), args);
    }

    static Run of(Map<String, String> env, Path home, String... args) {
        return of(new CliEnvironment(env, home, false, Duration.ofMillis(5)), args);
    }

    /** With a terminal where a confirmation can be asked and answered. */
    static Run onTerminal(Map<String, String> env, Terminal terminal, String... args) {
        return of(new CliEnvironment(env, Path.of("/nonexistent-home"), false, Duration.ofMillis(5), terminal), args);
    }

    private static Run of(CliEnvironment environment, String... args) {
        CommandLine command = Sightline.commandLine(environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
