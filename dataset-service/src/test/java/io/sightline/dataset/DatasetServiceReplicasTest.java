package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetDeleted;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two dataset-service instances on one store, as two replicas: imports at once, distinct versions, both seen. */
class DatasetServiceReplicasTest {

    @TempDir
    Path base;

    private Path root;
    private FileArtifactStore store;
    private final List<DatasetSplit> splits = new CopyOnWriteArrayList<>();
    private DatasetService first;
    private DatasetService second;

    private final DatasetEvents recording = new DatasetEvents() {
        @Override
        public void split(DatasetSplit event) {
            splits.add(event);
        }

        @Override
        public void rejected(DatasetRejected event) {
        }

        @Override
        public void deleted(DatasetDeleted event) {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        store = new FileArtifactStore(base.resolve("store"));
        first = newService("one");
        second = newService("two");
    }

    @AfterEach
    void tearDown() {
        first.close();
        second.close();
    }

    private DatasetService newService(String name) throws Exception {
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT).toBuilder().setWorkDir(base.resolve("work-" + name)).build();
        return new DatasetService(store, settings, recording, new SimpleMeterRegistry(),
                Executors.newSingleThreadExecutor(), Clock.systemUTC()).recover();
    }

    @Test
    void twoReplicasImportingAtOnceGetDistinctVersionsAndBothSeeBoth() throws Exception {
        Path cats = root.resolve("cats");
        TestImages.images(cats, "cats", "c", 5);
        TestImages.images(cats, "dogs", "d", 4);
        Path more = root.resolve("more");
        TestImages.images(more, "cats", "k", 6);
        TestImages.images(more, "dogs", "p", 6);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<DatasetVersion> one = clients.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return first.submit(new ImportRequest("pets", cats.toString(), 0.25, 0.0, 3L, null));
            });
            Future<DatasetVersion> two = clients.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return second.submit(new ImportRequest("pets", more.toString(), 0.25, 0.0, 3L, null));
            });
            DatasetVersion a = one.get(30, TimeUnit.SECONDS);
            DatasetVersion b = two.get(30, TimeUnit.SECONDS);

            assertThat(List.of(a.version(), b.version())).containsExactlyInAnyOrder("1", "2");
            // each replica answers for the other's version at once (a miss reads the journal)
            assertThat(second.version("pets", a.version()).version()).isEqualTo(a.version());
            assertThat(first.version("pets", b.version()).version()).isEqualTo(b.version());
            await().atMost(Duration.ofSeconds(30)).until(() -> first.version("pets", a.version()).status().isFinal()
                    && second.version("pets", b.version()).status().isFinal());

            // both listed by both within the refresh bound
            await().atMost(DatasetCatalog.DEFAULT_REFRESH.plusSeconds(3)).untilAsserted(() -> {
                for (DatasetService replica : List.of(first, second)) {
                    assertThat(replica.versions("pets")).extracting(DatasetVersion::version)
                            .containsExactly("1", "2");
                    assertThat(replica.versions("pets")).extracting(DatasetVersion::status)
                            .containsOnly(VersionStatus.READY);
                }
            });
            assertThat(first.datasets()).containsExactly("pets");
            assertThat(second.datasets()).containsExactly("pets");
            assertThat(splits).extracting(DatasetSplit::version).containsExactlyInAnyOrder("1", "2");
            assertThat(store.exists(StoreKeys.manifest("pets", "1"))).isTrue();
            assertThat(store.exists(StoreKeys.manifest("pets", "2"))).isTrue();
            // a third import on either replica takes the number after both
            assertThat(first.submit(new ImportRequest("pets", cats.toString(), 0.25, 0.0, 4L, null)).version())
                    .isEqualTo("3");
        } finally {
            clients.shutdownNow();
        }
    }
}
