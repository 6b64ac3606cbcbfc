package io.sightline.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the command reads from around it, passed in so that tests can set it: environment variables, the home
 * folder, whether standard error is a terminal, and how often it polls a running import or job.
 *
 * @param variables    environment variables
 * @param home         the user's home folder ({@code ~/.sightline/cli.properties} lives under it)
 * @param stderrTty    whether standard error is a terminal (progress is drawn there only then, or on --progress)
 * @param pollInterval pause between two looks at an import or a job under way
 * @param terminal     where a confirmation is asked, or null when there is no one to ask (then {@code --yes} is
 *                     needed for a delete)
 */
record CliEnvironment(Map<String, String> variables, Path home, boolean stderrTty, Duration pollInterval,
                      Terminal terminal) {

    /** Surroundings without a terminal to ask on (embedding, tests). */
    CliEnvironment(Map<String, String> variables, Path home, boolean stderrTty, Duration pollInterval) {
        this(variables, home, stderrTty, pollInterval, null);
    }

    /** The real surroundings of this process. {@code bin/sightline} tells whether stderr is a terminal. */
    static CliEnvironment system() {
        String tty = System.getProperty("sightline.cli.stderr-tty");
        boolean stderrTty = tty != null && !tty.isBlank() ? Boolean.parseBoolean(tty) : System.console() != null;
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), stderrTty,
                Duration.ofMillis(400), Terminal.system());
    }

    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
