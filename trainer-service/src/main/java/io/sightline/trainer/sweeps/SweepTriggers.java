package io.sightline.trainer.sweeps;

/** The {@code trigger} of a sweep's jobs: trials are marked so that their versions never become champion. */
public final class SweepTriggers {

    /** Prefix of a trial job's trigger, followed by the sweep id. */
    public static final String TRIAL = "sweep-trial:";
    /** Prefix of the trigger of the job that retrains the winner as the real model. */
    public static final String WINNER = "sweep:";

    private SweepTriggers() {
    }

    public static boolean isTrial(String trigger) {
        return trigger != null && trigger.startsWith(TRIAL);
    }
}
