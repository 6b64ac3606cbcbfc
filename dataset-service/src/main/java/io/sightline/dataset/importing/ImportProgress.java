package io.sightline.dataset.importing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far an import is, readable from any thread while a worker updates it: the stage it is in and the
 * files (or archive entries, or objects) done out of the total known for that stage.
 */
public final class ImportProgress {

    private volatile String stage = "queued";
    private volatile long total;
    private final AtomicLong done = new AtomicLong();

    /** Enters a stage with {@code total} units of work. */
    public void start(String newStage, long newTotal) {
        done.set(0);
        total = newTotal;
        stage = newStage;
    }

    public void advance() {
        done.incrementAndGet();
    }

    /** {@code steps} more units of the stage done. */
    public void advance(long steps) {
        done.addAndGet(steps);
    }

    public String stage() {
        return stage;
    }

    public long done() {
        return done.get();
    }

    public long total() {
        return total;
    }
}
