package io.sightline.cli;

import java.io.Console;

/** Where a question to the person at the keyboard is asked and answered; absent when nobody can answer. */
interface Terminal {

    /** Shows {@code prompt} and reads one line; null when input ended. */
    String readLine(String prompt);

    /**
     * The process's terminal, or null when standard input or output is not one (a pipe, a script, a CI job): then
     * a question cannot be asked and a command that needs an answer must be told it with a flag instead.
     */
    static Terminal system() {
        Console console = System.console();
        return console == null ? null : prompt -> console.readLine("%s", prompt);
    }
}
