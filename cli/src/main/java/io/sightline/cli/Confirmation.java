package io.sightline.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code -y/--yes}, and the {@code [y/N]} question a destructive command asks before it acts. Without a terminal to
 * ask on (a script, a pipe) and without {@code --yes} the command refuses as a usage error: a script that deletes
 * must say so on its command line rather than hang or act on an answer nobody gave.
 */
final class Confirmation {

    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation (needed without a terminal)")
    boolean yes;

    /**
     * Returns when the action may go ahead: {@code --yes}, or a {@code y}/{@code yes} typed at the terminal.
     *
     * @param question e.g. {@code Delete dataset cats version 3?}
     * @throws CliException usage error without a terminal; failed (exit 1, nothing done) when the answer is not yes
     */
    void require(Sightline root, String question) {
        if (yes) {
            return;
        }
        Terminal terminal = root.environment().terminal();
        if (terminal == null) {
            throw CliException.usage("no terminal to ask \"" + question + "\" on: pass --yes (-y) to go ahead without"
                    + " asking");
        }
        String answer = terminal.readLine(question + " [y/N] ");
        String word = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        if (!word.equals("y") && !word.equals("yes")) {
            throw CliException.failed("not confirmed: nothing was changed");
        }
    }
}
