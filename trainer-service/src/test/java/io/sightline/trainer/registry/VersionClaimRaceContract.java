package io.sightline.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two trainers publishing a version of one model at the same moment, each through its own {@link PublishedModels}
 * on one store: one gets the number, the other the next, and every file of each version is its own job's.
 */
abstract class VersionClaimRaceContract {

    private static final int FILES = 12;
    private static final int ROUNDS = 4;

    abstract ArtifactStore store();

    /** Whether a dead publication can leave objects under its key (S3 uploads in place; the file store renames). */
    abstract boolean uploadsInPlace();

    @Test
    void racingPublishersGetConsecutiveNumbersAndNoMixedFiles() throws Exception {
        String model = "raced-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<PublishedVersion>> racers = new ArrayList<>();
                for (String job : List.of("job-a-" + round, "job-b-" + round)) {
                    PublishedModels registry = new PublishedModels(store());
                    racers.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return registry.publish(model, job, (dir, version) -> writeFiles(dir, job));
                    }));
                }
                PublishedVersion a = racers.get(0).get(60, TimeUnit.SECONDS);
                PublishedVersion b = racers.get(1).get(60, TimeUnit.SECONDS);

                long low = 2L * round + 1;
                assertThat(List.of(a.version(), b.version()))
                        .containsExactlyInAnyOrder(Long.toString(low), Long.toString(low + 1));
                assertOnlyFilesOf(model, a.version(), "job-a-" + round);
                assertOnlyFilesOf(model, b.version(), "job-b-" + round);
                assertThat(claimant(model, a.version())).isEqualTo("job-a-" + round);
                assertThat(claimant(model, b.version())).isEqualTo("job-b-" + round);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new PublishedModels(store()).versions(model)).hasSize(2 * ROUNDS);
    }

    @Test
    void aDeadRunsClaimIsSkippedByOthersAndReusedByItsOwnRetry() throws Exception {
        String model = "crashed-" + System.nanoTime();
        PublishedModels registry = new PublishedModels(store());
        // a trainer claimed 1 and died before its version appeared (on S3: with part of its upload in place)
        assertThat(new VersionClaims(store()).claim(model, "1", "job-dead")).isTrue();
        if (uploadsInPlace()) {
            store().write(StoreKeys.modelVersion(model, "1") + "/part-stale.txt", "half of job-dead".getBytes());
        }

        PublishedVersion other = registry.publish(model, "job-other", (dir, version) -> writeFiles(dir, "job-other"));
        PublishedVersion retry = registry.publish(model, "job-dead", (dir, version) -> writeFiles(dir, "job-dead"));
        PublishedVersion next = registry.publish(model, "job-next", (dir, version) -> writeFiles(dir, "job-next"));

        assertThat(other.version()).isEqualTo("2");
        assertThat(retry.version()).isEqualTo("1");
        assertThat(next.version()).isEqualTo("3");
        assertOnlyFilesOf(model, "1", "job-dead");
        assertOnlyFilesOf(model, "2", "job-other");
    }

    private static void writeFiles(Path dir, String job) throws java.io.IOException {
        for (int i = 0; i < FILES; i++) {
            Files.writeString(dir.resolve("part-" + i + ".txt"), job, StandardCharsets.UTF_8);
            Thread.yield();
        }
    }

    private void assertOnlyFilesOf(String model, String version, String job) throws Exception {
        String key = StoreKeys.modelVersion(model, version);
        assertThat(store().exists(key)).isTrue();
        Path local = store().localFolder(key);
        List<Path> files;
        try (var walk = Files.walk(local)) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("part-"))
                    .toList();
        }
        assertThat(files).hasSize(FILES);
        for (Path file : files) {
            assertThat(Files.readString(file)).as("%s of version %s", file.getFileName(), version).isEqualTo(job);
        }
    }

    private String claimant(String model, String version) throws Exception {
        return StoreJson.read(store().read(VersionClaims.key(model, version)), VersionClaims.Claim.class).jobId();
    }
}
