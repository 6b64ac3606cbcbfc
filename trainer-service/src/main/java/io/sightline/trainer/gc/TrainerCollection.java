package io.sightline.trainer.gc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.storage.ArtifactStore;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.JobStateConflictException;
import io.sightline.trainer.jobs.ModelDeletion;
import io.sightline.trainer.jobs.backbone.BackboneCache;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.registry.ModelRetention;
import io.sightline.trainer.registry.PublishedModels;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * One collection run: model retention (through {@link ModelDeletion}, as a REST delete would, {@code by =
 * "retention"}), then the checkpoints and lease files of finished jobs, then the backbone downloads. Runs one at a
 * time in this instance; replicas running at once delete the same things, which is harmless (a delete of nothing
 * is a no-op).
 */
public final class TrainerCollection {

    private static final Logger LOG = Logger.getLogger(TrainerCollection.class);
    /** Who retention's deletes are announced as. */
    public static final String RETENTION = "retention";

    private final Sources sources;
    private final ModelRetention retention;
    private final ModelDeletion deletion;
    private final BackboneCache backbones;
    private final CheckpointCollection checkpoints;
    private final Counter reclaimed;
    private final Counter runs;

    /** What the collection looks at: the store, its models, the job table, and the time. */
    public record Sources(ArtifactStore store, PublishedModels registry, JobBoard board, Clock clock) {
    }

    /** @param finishedJobGrace how long a finished job's checkpoint and lease files stay */
    public TrainerCollection(Sources sources, ModelRetention retention, ModelDeletion deletion, BackboneCache backbones,
                             Duration finishedJobGrace, MeterRegistry meters) {
        this.sources = sources;
        this.retention = retention;
        this.deletion = deletion;
        this.backbones = backbones;
        this.checkpoints = new CheckpointCollection(sources.store(), sources.board(), sources.clock(),
                finishedJobGrace);
        this.reclaimed = Counter.builder("sightline.gc.reclaimed.bytes")
                .description("Bytes the collection removed").tag("service", "trainer").register(meters);
        this.runs = Counter.builder("sightline.gc.runs")
                .description("Collection runs").tag("service", "trainer").register(meters);
    }

    public synchronized CollectionReport run() throws IOException {
        long start = System.nanoTime();
        Instant now = sources.clock().instant();
        int versions = 0;
        long bytes = 0;
        for (String model : sources.registry().models()) {
            for (String version : retention.expired(model, now)) {
                try {
                    bytes += deletion.deleteVersion(model, version, false, RETENTION).bytesFreed();
                    versions++;
                } catch (JobStateConflictException | UnknownResourceException e) {
                    LOG.debugf("retention: model %s version %s not deleted: %s", model, version, e.getMessage());
                }
            }
        }
        CheckpointCollection.Removed jobs = checkpoints.run();
        bytes += jobs.bytes();
        List<String> runningBases = sources.board().list().stream()
                .filter(j -> j.status() == JobStatus.RUNNING)
                .map(TrainingJob::parameters).filter(Objects::nonNull)
                .map(p -> p.baseModel()).filter(Objects::nonNull).toList();
        BackboneCache.Trimmed trimmed = backbones.trim(runningBases, now);
        bytes += trimmed.bytes();
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        runs.increment();
        reclaimed.increment(bytes);
        CollectionReport report = new CollectionReport(versions, jobs.checkpoints(), jobs.leases(), trimmed.files(),
                bytes, durationMs);
        LOG.infof("collection: %s", report);
        return report;
    }
}
