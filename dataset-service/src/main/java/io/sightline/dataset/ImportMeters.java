package io.sightline.dataset;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The import metrics: finished imports and their duration, tagged by outcome. */
final class ImportMeters {

    /** Outcome tag values. */
    static final String READY = "ready";
    static final String REJECTED = "rejected";
    static final String SAME_AS = "same_as";

    private final MeterRegistry meters;

    ImportMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Starts timing an import. */
    Timer.Sample start() {
        return Timer.start(meters);
    }

    /** Counts a finished import and stops its timing. */
    void finished(Timer.Sample timing, String outcome) {
        Counter.builder("sightline.dataset.splits").description("Dataset imports finished, by outcome")
                .tag("outcome", outcome).register(meters).increment();
        timing.stop(Timer.builder("sightline.dataset.split.duration")
                .description("Time from starting an import to READY or REJECTED").tag("outcome", outcome)
                .register(meters));
    }
}
