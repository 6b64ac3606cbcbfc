package io.sightline.trainer.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelDeleted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingStarted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.jobs.ModelDeletion;
import io.sightline.trainer.jobs.backbone.BackboneCache;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.lease.HeldLease;
import io.sightline.trainer.jobs.lease.JobLease;
import io.sightline.trainer.registry.ModelRetention;
import io.sightline.trainer.registry.PublishedModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collection on a file store: retention through the delete path, finished jobs' checkpoints and leases. */
class TrainerCollectionTest {

    @TempDir
    Path storeDir;
    @TempDir
    Path backboneDir;

    ArtifactStore store;
    JobBoard board;
    RecordingEvents events;
    PublishedModels registry;
    ModelRetention retention;
    SimpleMeterRegistry meters;
    TrainerCollection collection;
    final Instant now = Instant.now();

    @BeforeEach
    void world() throws Exception {
        store = new FileArtifactStore(storeDir);
        board = new JobBoard();
        events = new RecordingEvents();
        registry = new PublishedModels(store);
        retention = new ModelRetention(store, registry, 0, null);
        meters = new SimpleMeterRegistry();
        ModelDeletion deletion = new ModelDeletion(store, registry, events, Clock.systemUTC());
        collection = new TrainerCollection(new TrainerCollection.Sources(store, registry, board, Clock.systemUTC()),
                retention, deletion, new BackboneCache(backboneDir, 1L << 30), Duration.ofHours(1), meters);
    }

    private void version(String model, int version, Instant completedAt) throws Exception {
        String metrics = String.format(Locale.ROOT, "{\"model\":\"%s\",\"version\":\"%d\",\"architecture\":\"cnn\","
                + "\"test\":{\"split\":\"test\",\"count\":10,\"accuracy\":0.9,\"loss\":1.0},\"completedAt\":\"%s\","
                + "\"lineage\":{\"jobId\":\"job-%d\",\"dataset\":\"shapes\",\"datasetVersion\":\"1\"}}",
                model, version, completedAt, version);
        store.write(StoreKeys.metrics(model, String.valueOf(version)), metrics.getBytes(StandardCharsets.UTF_8));
    }

    private void champion(String model, int version) throws Exception {
        registry.writeChampion(new Champion(model, String.valueOf(version), 0.9, "job-" + version, "e", "test", now));
    }

    @Test
    void retentionKeepsExactlyTheNewestCandidatesAndTheChampion() throws Exception {
        for (int v = 1; v <= 5; v++) {
            version("kept", v, now);
            version("untouched", v, now);
        }
        champion("kept", 2);
        retention.setOverride("kept", new ModelRetention.StoredPolicy(2, null, now, "tester"));

        CollectionReport report = collection.run();

        assertThat(registry.versions("kept")).containsExactly("2", "4", "5");
        assertThat(registry.versions("untouched")).hasSize(5); // the default keeps everything
        assertThat(report.modelVersionsDeleted()).isEqualTo(2);
        assertThat(report.bytesReclaimed()).isPositive();
        assertThat(events.of(ModelDeleted.class)).extracting(ModelDeleted::version).containsExactlyInAnyOrder("1", "3");
        assertThat(events.of(ModelDeleted.class)).allSatisfy(d -> {
            assertThat(d.by()).isEqualTo("retention");
            assertThat(d.champion()).isEqualTo("2");
        });
        assertThat(registry.champion("kept").orElseThrow().version()).isEqualTo("2");
        assertThat(registry.nextVersion("kept")).isEqualTo("6");
        assertThat(meters.get("sightline.gc.runs").tag("service", "trainer").counter().count()).isEqualTo(1);
        assertThat(meters.get("sightline.gc.reclaimed.bytes").tag("service", "trainer").counter().count())
                .isEqualTo(report.bytesReclaimed());
    }

    @Test
    void retentionByAgeNeverTakesTheChampion() throws Exception {
        version("aged", 1, now.minus(Duration.ofDays(100)));
        version("aged", 2, now.minus(Duration.ofDays(40)));
        version("aged", 3, now.minus(Duration.ofDays(1)));
        champion("aged", 1);
        retention.setOverride("aged", new ModelRetention.StoredPolicy(null, 30, now, "tester"));

        collection.run();

        assertThat(registry.versions("aged")).containsExactly("1", "3");
    }

    @Test
    void aFinishedJobsCheckpointGoesAfterTheGraceARunningJobsStays() throws Exception {
        checkpoint("finished-long-ago");
        released("finished-long-ago", Clock.systemUTC());
        board.failed("finished-long-ago", "m", "broken", now.minus(Duration.ofHours(2)));
        checkpoint("finished-just-now");
        released("finished-just-now", Clock.systemUTC());
        board.failed("finished-just-now", "m", "broken", now.minus(Duration.ofMinutes(10)));
        checkpoint("unknown-old");
        released("unknown-old", Clock.fixed(now.minus(Duration.ofHours(3)), ZoneOffset.UTC));
        checkpoint("unknown-recent");
        released("unknown-recent", Clock.systemUTC());
        checkpoint("running");
        board.started(new TrainingStarted("running", "m", "shapes", "1", TrainingParameters.builder().build(), "w",
                now.minus(Duration.ofHours(5))), "api");
        // a job the board calls finished long ago, but whose lease a worker holds now (a redelivery running it)
        checkpoint("held");
        board.failed("held", "m", "broken", now.minus(Duration.ofHours(2)));
        try (HeldLease running = new JobLease(store, "w", Duration.ofMinutes(1), Clock.systemUTC()).acquire("running");
             HeldLease held = new JobLease(store, "w", Duration.ofMinutes(1), Clock.systemUTC()).acquire("held")) {

            CollectionReport report = collection.run();

            assertThat(report.checkpointsDeleted()).isEqualTo(2);
            assertThat(report.leasesDeleted()).isEqualTo(2);
            assertThat(store.exists(StoreKeys.checkpoints("finished-long-ago"))).isFalse();
            assertThat(store.exists(StoreKeys.checkpoints("unknown-old"))).isFalse();
            assertThat(store.list("checkpoints")).containsExactlyInAnyOrder("finished-just-now", "unknown-recent",
                    "running", "held");
            assertThat(store.exists(StoreKeys.checkpoints("running") + "/checkpoint.bin")).isTrue();
            assertThat(running.held()).isTrue();
        }
    }

    private void checkpoint(String jobId) throws Exception {
        store.write(StoreKeys.checkpoints(jobId) + "/checkpoint.bin", new byte[1000]);
    }

    private void released(String jobId, Clock clock) throws Exception {
        new JobLease(store, "w", Duration.ofMinutes(1), clock).acquire(jobId).close();
    }

    @Test
    void nothingToCollectIsAnEmptyReport() throws Exception {
        CollectionReport report = collection.run();
        assertThat(report).extracting(CollectionReport::modelVersionsDeleted, CollectionReport::checkpointsDeleted,
                        CollectionReport::leasesDeleted, CollectionReport::backboneFilesDeleted,
                        CollectionReport::bytesReclaimed)
                .containsExactly(0, 0, 0, 0, 0L);
        assertThat(StoreJson.write(report)).isNotEmpty();
    }
}
