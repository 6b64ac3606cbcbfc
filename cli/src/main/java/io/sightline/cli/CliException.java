package io.sightline.cli;

/** A failure to tell the user in one message, with the exit code it means ({@link ExitCodes}). */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    static CliException failed(String message) {
        return new CliException(ExitCodes.FAILED, message);
    }

    /** The same failure with a line saying what to do about it. */
    CliException withHint(String hint) {
        return new CliException(exitCode, getMessage() + "\n  " + hint);
    }

    int exitCode() {
        return exitCode;
    }
}
