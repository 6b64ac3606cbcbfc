package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetCatalog;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetServiceTest {

    @TempDir
    Path base;

    private Path root;
    private FileArtifactStore store;
    private final List<DatasetSplit> splits = new CopyOnWriteArrayList<>();
    private final List<DatasetRejected> rejections = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DatasetService service;

    private final DatasetEvents recording = new DatasetEvents() {
        @Override
        public void split(DatasetSplit event) {
            splits.add(event);
        }

        @Override
        public void rejected(DatasetRejected event) {
            rejections.add(event);
        }

        @Override
        public void deleted(io.sightline.events.DatasetDeleted event) {
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        store = new FileArtifactStore(base.resolve("store"));
        service = newService();
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private DatasetService newService() throws Exception {
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.25, 0, 42, SplitMode.STABLE,
                CorruptFilePolicy.REJECT);
        return new DatasetService(store, settings, recording, meters, Executors.newSingleThreadExecutor(),
                Clock.systemUTC()).recover();
    }

    private DatasetVersion awaitFinal(DatasetService on, DatasetVersion submitted) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                on.version(submitted.dataset(), submitted.version()).status().isFinal());
        return on.version(submitted.dataset(), submitted.version());
    }

    private double count(String outcome) {
        var counter = meters.find("sightline.dataset.splits").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theSameContentTwiceYieldsNoNewVersionAndNoEvent() {
        Path src = root.resolve("pets");
        TestImages.images(src, "cats", "c", 5);
        TestImages.images(src, "dogs", "d", 4);
        ImportRequest request = new ImportRequest("pets", src.toString(), 0.25, 0.0, 3L, null);

        DatasetVersion first = awaitFinal(service, service.submit(request));
        DatasetVersion second = awaitFinal(service, service.submit(request));

        assertThat(first.status()).isEqualTo(VersionStatus.READY);
        assertThat(first.sameAs()).isNull();
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(second.status()).isEqualTo(VersionStatus.READY);
        assertThat(second.sameAs()).isEqualTo(first.version());
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(service.versions("pets")).extracting(DatasetVersion::version).containsExactly(first.version());
        assertThat(store.exists(StoreKeys.datasetVersion("pets", second.version()))).isFalse();
        assertThat(splits).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo(first.version());
            assertThat(e.digest()).isEqualTo(first.digest());
            assertThat(e.counts().get("cats").total()).isEqualTo(5);
            assertThat(e.counts().get("dogs").total()).isEqualTo(4);
        });
        assertThat(count(ImportMeters.READY)).isEqualTo(1);
        assertThat(count(ImportMeters.SAME_AS)).isEqualTo(1);
        assertThat(meters.find("sightline.dataset.split.duration").timers())
                .allSatisfy(t -> assertThat(t.count()).isEqualTo(1)).hasSize(2);
    }

    @Test
    void versionsSurviveARestartAndNoIdIsHandedOutTwice() throws Exception {
        Path src = root.resolve("pets");
        TestImages.images(src, "cats", "c", 4);
        TestImages.images(src, "dogs", "d", 4);
        Path bad = root.resolve("bad");
        TestImages.images(bad, "cats", "c", 2);
        TestImages.images(bad, "dogs", "d", 2);
        Files.writeString(bad.resolve("dogs/broken.png"), "x");
        DatasetVersion first = awaitFinal(service,
                service.submit(new ImportRequest("pets", src.toString(), null, null, null, null)));
        DatasetVersion rejected = awaitFinal(service,
                service.submit(new ImportRequest("pets", bad.toString(), null, null, null, null)));
        service.close();
        // a request accepted just before the process died, never finished
        String inFlight = Integer.toString(Integer.parseInt(rejected.version()) + 1);
        store.write(DatasetCatalog.journalKey("pets", inFlight), StoreJson.write(
                DatasetVersion.pending("pets", inFlight, Instant.now())));

        service = newService();

        assertThat(service.datasets()).containsExactly("pets");
        assertThat(service.version("pets", first.version())).satisfies(v -> {
            assertThat(v.status()).isEqualTo(VersionStatus.READY);
            assertThat(v.digest()).isEqualTo(first.digest());
            assertThat(v.report().totals().source()).isEqualTo(8);
        });
        assertThat(service.version("pets", rejected.version())).satisfies(v -> {
            assertThat(v.status()).isEqualTo(VersionStatus.REJECTED);
            assertThat(v.problems()).isEqualTo(rejected.problems());
        });
        assertThat(service.version("pets", inFlight)).satisfies(v -> {
            assertThat(v.status()).isEqualTo(VersionStatus.REJECTED);
            assertThat(v.reason()).startsWith("interrupted");
        });
        DatasetVersion next = service.submit(new ImportRequest("pets", src.toString(), null, null, 99L, null));
        assertThat(Integer.parseInt(next.version())).isEqualTo(Integer.parseInt(inFlight) + 1);
        assertThat(awaitFinal(service, next).sameAs()).isNull();
        assertThat(service.latestPublished("pets")).hasValueSatisfying(v ->
                assertThat(v.version()).isEqualTo(next.version()));
        assertThat(store.list(StoreKeys.datasetVersions("pets"))).containsExactlyInAnyOrder(first.version(), next.version());
    }

    @Test
    void aRejectedImportPublishesNothingAndSaysWhy() throws Exception {
        Path src = root.resolve("pets");
        TestImages.images(src, "cats", "c", 3);
        TestImages.images(src, "dogs", "d", 3);
        Files.writeString(src.resolve("cats/notes.png"), "text");

        DatasetVersion version = awaitFinal(service,
                service.submit(new ImportRequest("pets", src.toString(), null, null, null, null)));

        assertThat(version.status()).isEqualTo(VersionStatus.REJECTED);
        assertThat(version.reason()).contains("cats/notes.png");
        assertThat(version.problems()).containsExactly("corrupt: cats/notes.png (not a recognised image format)");
        assertThat(store.list(StoreKeys.DATASETS)).isEmpty();
        assertThat(rejections).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo(version.version());
            assertThat(e.problems()).isEqualTo(version.problems());
        });
        assertThat(splits).isEmpty();
        assertThat(count(ImportMeters.REJECTED)).isEqualTo(1);
        assertThatThrownBy(() -> service.manifest("pets", version.version()))
                .isInstanceOf(UnknownDatasetException.class).hasMessageContaining("REJECTED");
    }
}
