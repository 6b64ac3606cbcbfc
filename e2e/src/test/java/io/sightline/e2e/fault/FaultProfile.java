package io.sightline.e2e.fault;

import java.time.Duration;

/**
 * How hard the fault tests push: {@code ci} (the default; every scenario, small, all classes together
 * within ~3 minutes) or {@code full} ({@code -Dsightline.faults=full}: longer outages, longer load, bigger
 * datasets — minutes per scenario).
 */
final class FaultProfile {

    static final String PROPERTY = "sightline.faults";

    private FaultProfile() {
    }

    static boolean full() {
        return "full".equalsIgnoreCase(System.getProperty(PROPERTY, "ci"));
    }

    /** {@code ci} when not full. */
    static <T> T pick(T ci, T full) {
        return full() ? full : ci;
    }

    static Duration seconds(long ci, long full) {
        return Duration.ofSeconds(full() ? full : ci);
    }
}
