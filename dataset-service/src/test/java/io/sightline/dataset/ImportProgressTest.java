package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While an import runs, its version shows the stage and how many files of it are done. */
class ImportProgressTest {

    record Sample(String stage, long done, long total) {
    }

    @TempDir
    Path base;

    @Test
    void progressIsVisibleFromQueuedThroughTheStagesAndGoneWhenFinished() throws Exception {
        Path root = Files.createDirectories(base.resolve("imports")).toRealPath();
        Path src = root.resolve("many");
        TestImages.images(src, "cats", "c", 200);
        TestImages.images(src, "dogs", "d", 200);
        CountDownLatch go = new CountDownLatch(1);
        // the one worker is busy until the test says go, so the import's queued state can be seen
        ExecutorService held = Executors.newSingleThreadExecutor();
        held.execute(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DatasetEvents ignore = new DatasetEvents() {
            @Override
            public void split(DatasetSplit event) {
            }

            @Override
            public void rejected(DatasetRejected event) {
            }

            @Override
            public void deleted(io.sightline.events.DatasetDeleted event) {
            }
        };
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT);
        DatasetService service = new DatasetService(new FileArtifactStore(base.resolve("store")), settings, ignore,
                new SimpleMeterRegistry(), held, Clock.systemUTC());

        DatasetVersion pending = service.submit(new ImportRequest("many", src.toString(), 0.25, 0.0, 1L, null));
        ImportProgress queued = service.progress("many", pending.version()).orElseThrow();
        assertThat(queued.stage()).isEqualTo("queued");

        List<Sample> samples = new ArrayList<>();
        go.countDown();
        while (!service.version("many", pending.version()).status().isFinal()) {
            service.progress("many", pending.version())
                    .ifPresent(p -> samples.add(new Sample(p.stage(), p.done(), p.total())));
            Thread.onSpinWait();
        }

        service.close();
        assertThat(service.version("many", pending.version()).status()).isEqualTo(VersionStatus.READY);
        assertThat(service.progress("many", pending.version())).isEmpty();
        assertThat(samples).as("progress seen while splitting")
                .anyMatch(s -> !s.stage().equals("queued") && s.total() > 0 && s.done() > 0)
                .allMatch(s -> s.done() >= 0 && (s.total() == 0 || s.done() <= s.total()));
    }
}
