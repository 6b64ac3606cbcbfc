package io.sightline.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.dataset.catalog.DatasetVersion;
import io.sightline.dataset.catalog.VersionStatus;
import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.S3Connections;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.split.SplitMode;
import io.sightline.events.DatasetRejected;
import io.sightline.events.DatasetSplit;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.kit.testing.DeepPng;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bounds that hold under hostile input: a deep PNG, a catastrophic group pattern, a flood of imports. */
class HostileBoundsTest {

    /** What one decode may take here, whatever the test JVM's heap: the deep PNG needs 800 MB. */
    private static final DecodeBudget BUDGET = new DecodeBudget(256L << 20);

    @TempDir
    Path base;

    private Path root;
    private DatasetService service;

    private final DatasetEvents ignore = new DatasetEvents() {
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

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("imports")).toRealPath();
        service = service(Executors.newSingleThreadExecutor(), 16);
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private DatasetService service(ExecutorService workers, int queueSize) throws Exception {
        DatasetSettings settings = new DatasetSettings(List.of(root), 0.5, 0, 7, SplitMode.STABLE,
                CorruptFilePolicy.REJECT).toBuilder().setDecodeBudget(BUDGET).setWorkDir(base.resolve("work")).build();
        return new DatasetService(new FileArtifactStore(base.resolve("store")), settings, ignore,
                new SimpleMeterRegistry(), new ImportQueue(workers, queueSize, Duration.ofSeconds(12)),
                Clock.systemUTC(), new S3Source(settings.limits(), S3Connections.NONE)).recover();
    }

    private DatasetVersion awaitFinal(DatasetVersion submitted) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                service.version(submitted.dataset(), submitted.version()).status().isFinal());
        return service.version(submitted.dataset(), submitted.version());
    }

    private Path twoClasses(String name) {
        Path source = root.resolve(name);
        TestImages.images(source, "cats", "c", 3);
        TestImages.images(source, "dogs", "d", 3);
        return source;
    }

    @Test
    void aDeepPngIsTooLargeFromItsHeaderAndTheNextImportSucceeds() throws Exception {
        byte[] deep = DeepPng.bytes();
        assertThat(deep.length).isLessThan(1 << 20);
        Path source = twoClasses("deep");
        Files.write(source.resolve("cats/deep.png"), deep);

        DatasetVersion refused = awaitFinal(service.submit(new ImportRequest("deep", source.toString(), null, null,
                null, null)));

        assertThat(refused.status()).isEqualTo(VersionStatus.REJECTED);
        assertThat(refused.report().corrupt()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("cats/deep.png");
            assertThat(c.kind()).isEqualTo("too-large");
            assertThat(c.reason()).contains("10000x10000").contains("8 bytes").contains("over the limit of 256 MiB");
        });
        Files.delete(source.resolve("cats/deep.png"));
        DatasetVersion next = awaitFinal(service.submit(new ImportRequest("deep", source.toString(), null, null,
                null, null)));
        assertThat(next.status()).as(String.valueOf(next.problems())).isEqualTo(VersionStatus.READY);
    }

    @Test
    void theSameImageIsDecodedWithinABudgetThatHoldsIt() throws Exception {
        // over the lean decoder's 4 MP: ImageIO reads it, subsampled for the hash
        byte[] png = Files.readAllBytes(TestImages.png(base.resolve("wide.png"), 2600, 2000));
        ImageProbe probe = new ImageProbe(ImageProbe.MAX_PIXELS, new DecodeBudget(64L << 20));

        ImageProbe.Result wide = probe.probe(png);

        assertThat(wide.decoded()).as(wide.failure()).isTrue();
        assertThat(wide.width()).isEqualTo(2600);
        assertThat(wide.height()).isEqualTo(2000);
        assertThat(new ImageProbe(ImageProbe.MAX_PIXELS, new DecodeBudget(1 << 20)).probe(png).failure())
                .startsWith("too large to decode");
        byte[] cut = java.util.Arrays.copyOf(png, png.length / 2); // subsampled, every row is still decoded
        assertThat(probe.probe(cut).decoded()).isFalse();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net: on a backtracking engine this takes ages
    void aCatastrophicGroupPatternOverHostileNamesEndsPromptly() throws Exception {
        Path source = root.resolve("hostile");
        // each path starts with 40 a's and then fails the pattern: 2^40 ways to split them on java.util.regex
        for (String cls : List.of("a".repeat(40) + "!", "a".repeat(40) + "~")) {
            for (int i = 0; i < 4; i++) {
                TestImages.png(source.resolve(cls).resolve("a".repeat(40) + "!" + i + ".png"), 8, 8);
            }
        }
        DatasetVersion done = awaitFinal(service.submit(new ImportRequest("hostile", source.toString(), null, null,
                null, "^(a+)+$")));

        assertThat(done.status()).as(String.valueOf(done.problems())).isEqualTo(VersionStatus.READY);
        assertThat(done.report().notes()).anyMatch(n -> n.contains("did not match groupPattern"));
        assertThatThrownBy(() -> service.submit(new ImportRequest("hostile", source.toString(), null, null, null,
                "(a)\\1"))).isInstanceOf(InvalidImportException.class).hasMessageContaining("RE2");
        assertThatThrownBy(() -> service.submit(new ImportRequest("hostile", source.toString(), null, null, null,
                "(?=a)(a)"))).isInstanceOf(InvalidImportException.class).hasMessageContaining("RE2");
    }

    @Test
    void aFullQueueRefusesTheNextImportWithoutTakingAVersion() throws Exception {
        service.close();
        CountDownLatch hold = new CountDownLatch(1);
        ExecutorService workers = Executors.newSingleThreadExecutor();
        workers.execute(() -> {
            try {
                hold.await(); // the one worker is busy: imports can only wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        service = service(workers, 2);
        Path source = twoClasses("flood");
        ImportRequest request = new ImportRequest("flood", source.toString(), null, null, null, null);
        DatasetVersion first = service.submit(request);
        DatasetVersion second = service.submit(request);

        assertThatThrownBy(() -> service.submit(request)).isInstanceOfSatisfying(ImportQueueFullException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12)));
        assertThatThrownBy(() -> service.checkArchiveOptions(new ImportRequest("flood", null, null, null, null, null)))
                .isInstanceOf(ImportQueueFullException.class);
        assertThat(service.versions("flood")).extracting(DatasetVersion::version).containsExactly("1", "2");

        hold.countDown();
        assertThat(awaitFinal(first).status()).isEqualTo(VersionStatus.READY);
        assertThat(awaitFinal(second).status()).isEqualTo(VersionStatus.READY);
        assertThat(awaitFinal(service.submit(request)).version()).isEqualTo("3");
    }
}
