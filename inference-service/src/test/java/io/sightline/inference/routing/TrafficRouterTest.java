package io.sightline.inference.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.TestModels;
import io.sightline.inference.batching.BatchSettings;
import io.sightline.inference.batching.ModelBatchers;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.inference.serving.Predictor;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real registries and small real models: which version answers tells from the label (see {@link TestModels}). */
class TrafficRouterTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    FileArtifactStore store;
    SimpleMeterRegistry meters;
    ModelRegistry champions;
    ModelRegistry canaries;
    ModelRegistry shadows;
    TrafficRouter router;
    Predictor predictor;
    String callerKey;
    byte[] image;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        champions = registry(metrics);
        canaries = registry(new InferenceMetrics(new SimpleMeterRegistry()));
        shadows = registry(new InferenceMetrics(new SimpleMeterRegistry()));
        router = new TrafficRouter(champions, canaries, shadows, () -> callerKey, new VersionMetrics(meters), 8);
        predictor = Predictor.routed(router, metrics,
                new ModelBatchers(BatchSettings.DEFAULT, metrics, Executors.defaultThreadFactory()),
                DecodeBudget.ofHeapShare(DecodeBudget.DEFAULT_HEAP_SHARE));
        image = TestModels.png(24, 24);
        for (int version = 1; version <= 3; version++) {
            TestModels.publish(store, "shapes", Integer.toString(version), CLASSES, version - 1);
        }
        champions.promoted(TestModels.promotion("shapes", "1", StoreKeys.modelVersion("shapes", "1")));
    }

    ModelRegistry registry(InferenceMetrics metrics) {
        return ModelRegistry.builder().setLoader(new ArtifactModelLoader(store)).setLoads(Runnable::run)
                .setMetrics(metrics).setMaxPixels(1_000_000).optClock(Clock.systemUTC()).build();
    }

    @AfterEach
    void tearDown() {
        predictor.close();
        router.close();
        champions.close();
        canaries.close();
        shadows.close();
    }

    static ModelTrafficChanged split(TrafficTarget canary, TrafficTarget shadow) {
        return new ModelTrafficChanged(UUID.randomUUID().toString(), "shapes", canary, shadow, "test", Instant.now(),
                "test");
    }

    static TrafficTarget target(String version, int percent) {
        return new TrafficTarget(version, StoreKeys.modelVersion("shapes", version), percent);
    }

    @Test
    void theCanaryAnswersItsShareAndEachCallerStaysOnItsSide() throws Exception {
        router.changed(split(target("2", 30), null));

        int canary = 0;
        int callers = 2_000;
        for (int i = 0; i < callers; i++) {
            callerKey = "caller-" + i;
            PredictionResult first = predictor.predict("shapes", image, 1);
            PredictionResult again = predictor.predict("shapes", image, 1);
            assertThat(again.version()).isEqualTo(first.version());
            // the label says which weights answered, not only which version the answer names
            assertThat(first.predictions().get(0).label()).isEqualTo(first.version().equals("2") ? "square" : "circle");
            canary += first.version().equals("2") ? 1 : 0;
        }
        assertThat(100.0 * canary / callers).isCloseTo(30, Offset.offset(3.0));
        assertThat(meters.get(VersionMetrics.REQUESTS).tags("version", "2", "role", "canary", "outcome", "answered")
                .counter().count()).isEqualTo(2.0 * canary);
        assertThat(meters.get(VersionMetrics.CLASSES).tags("version", "2", "class", "square").counter().count())
                .isEqualTo(2.0 * canary);
    }

    @Test
    void aRequestNamingAVersionIsAnsweredByItInEitherRole() throws Exception {
        router.changed(split(target("2", 50), null));
        float[] zeros = new float[3 * TestModels.SIZE * TestModels.SIZE];
        long[] shape = {1, 3, TestModels.SIZE, TestModels.SIZE};

        for (int i = 0; i < 50; i++) {
            callerKey = "caller-" + i;
            assertThat(predictor.infer("shapes", "1", shape, zeros).version()).isEqualTo("1");
            assertThat(predictor.infer("shapes", "2", shape, zeros).version()).isEqualTo("2");
        }
    }

    @Test
    void rollingBackUnderLoadFailsNoRequestAndReturnsEveryoneToTheChampion() throws Exception {
        router.changed(split(target("2", 50), null));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    while (running.get()) {
                        try {
                            predictor.predict("shapes", image, 1);
                            answered.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > 200);
            router.changed(split(target("3", 50), null)); // another canary: loads while 2 still answers
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > 400);
            router.changed(split(null, null));
            int atRollback = answered.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > atRollback + 200);
        } finally {
            running.set(false);
            load.shutdown();
        }
        assertThat(failures).hasValue(0);
        assertThat(canaries.serving("shapes")).isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(predictor.predict("shapes", image, 1).version()).isEqualTo("1");
        }
    }

    @Test
    void aCanaryNotLoadedLeavesItsShareToTheChampion() throws Exception {
        router.changed(split(target("9", 50), null)); // no such version in the store: its load fails

        for (int i = 0; i < 200; i++) {
            callerKey = "caller-" + i;
            assertThat(predictor.predict("shapes", image, 1).version()).isEqualTo("1");
        }
    }

    @Test
    void theShadowIsComparedButNeverAnswers() throws Exception {
        TestModels.publish(store, "shapes", "4", CLASSES, 0); // agrees with the champion
        router.changed(split(null, target("4", 100)));

        for (int i = 0; i < 50; i++) {
            assertThat(predictor.predict("shapes", image, 1).version()).isEqualTo("1");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> comparisons("4", "true") + dropped() >= 50);
        assertThat(comparisons("4", "true")).isPositive();
        assertThat(comparisons("4", "false")).isZero();

        router.changed(split(null, target("3", 100))); // disagrees: answers triangle
        await().atMost(Duration.ofSeconds(10)).until(() -> shadows.serving("shapes").map(s -> s.version())
                .orElse("").equals("3"));
        for (int i = 0; i < 20; i++) {
            predictor.predict("shapes", image, 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> comparisons("3", "false") + dropped() >= 20);
        assertThat(comparisons("3", "true")).isZero();
    }

    double comparisons(String version, String agreed) {
        var counter = meters.find(VersionMetrics.SHADOW_COMPARISONS).tags("version", version, "agreed", agreed)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    double dropped() {
        return meters.find(VersionMetrics.SHADOW_DROPPED).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
