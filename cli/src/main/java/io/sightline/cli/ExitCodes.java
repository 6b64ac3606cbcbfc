package io.sightline.cli;

/** What {@code sightline} exits with; scripts may rely on these. */
final class ExitCodes {

    /** The command did what it was asked. */
    static final int OK = 0;
    /** The operation ran and failed: a dataset REJECTED, a training job FAILED, a service refused or broke. */
    static final int FAILED = 1;
    /** The command line (or a request it made, as the server judged it) is wrong: fix the arguments. */
    static final int USAGE = 2;
    /** A service could not be reached at all. */
    static final int UNREACHABLE = 3;
    /** A dataset, version, job or model of that name does not exist. */
    static final int NOT_FOUND = 4;

    private ExitCodes() {
    }
}
