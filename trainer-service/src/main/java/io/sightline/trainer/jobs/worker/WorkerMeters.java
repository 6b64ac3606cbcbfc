package io.sightline.trainer.jobs.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.training.TrainedModel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The worker's meters: jobs running, jobs handled by outcome, training time and throughput per job. */
final class WorkerMeters {

    private final MeterRegistry registry;

    /** @param running the jobs running in this instance, by id */
    WorkerMeters(MeterRegistry registry, Map<String, ?> running) {
        this.registry = registry;
        Gauge.builder("sightline.trainer.jobs.running", running, Map::size)
                .description("Training jobs running in this instance")
                .register(registry);
        for (JobOutcome outcome : JobOutcome.values()) {
            jobsCounter(outcome); // every outcome visible from the start, at 0
        }
    }

    /** Counts a handled job. */
    JobOutcome count(JobOutcome outcome) {
        jobsCounter(outcome).increment();
        return outcome;
    }

    /** Records how long a job's epochs took and how fast they went. */
    void trained(TrainedModel trained) {
        Timer.builder("sightline.trainer.training.duration")
                .description("Wall time of the training epochs of a job")
                .tag("architecture", trained.architecture().name())
                .register(registry)
                .record(Duration.ofMillis(trained.trainingMs()));
        DistributionSummary.builder("sightline.trainer.training.throughput")
                .description("Training images processed per second, per job")
                .baseUnit("images.per.second")
                .tag("architecture", trained.architecture().name())
                .register(registry)
                .record(trained.imagesPerSecond());
    }

    private Counter jobsCounter(JobOutcome outcome) {
        return Counter.builder("sightline.trainer.jobs")
                .description("Training jobs handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
