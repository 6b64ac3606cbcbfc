package io.sightline.trainer.jobs.attempts;

import io.sightline.trainer.training.StopSignal;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Test-only: halts the JVM (no shutdown hooks, nothing acknowledged, as a SIGKILL or the kernel's OOM killer would)
 * at the first batch of a run of one named model, so that the crash-loop limit can be tested on real processes.
 * Only in force with {@code sightline.trainer.test-hooks=true}.
 */
public final class CrashHook {

    private static final Logger LOG = Logger.getLogger(CrashHook.class);
    private static final CrashHook OFF = new CrashHook(null);

    private final String model;

    private CrashHook(String model) {
        this.model = model;
    }

    public static CrashHook off() {
        return OFF;
    }

    /** Halts every run of {@code model}, when present. */
    public static CrashHook haltingRunsOf(Optional<String> model) {
        return model.map(CrashHook::new).orElse(OFF);
    }

    /** {@code stop}, or for the named model a signal that halts the JVM when first asked (the first batch). */
    public StopSignal around(String jobModel, StopSignal stop) {
        if (model == null || !model.equals(jobModel)) {
            return stop;
        }
        return () -> {
            LOG.errorf("test hook: halting the JVM at the first batch of model %s", jobModel);
            Runtime.getRuntime().halt(137);
            return stop.stopRequested();
        };
    }
}
