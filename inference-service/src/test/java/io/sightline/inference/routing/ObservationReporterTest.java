package io.sightline.inference.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.TestModels;
import io.sightline.inference.batching.BatchSettings;
import io.sightline.inference.batching.ModelBatchers;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.routing.VersionMetrics.VersionCount;
import io.sightline.inference.serving.Predictor;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter sends what {@link VersionMetrics} counted since the canary started (decision 107), on real
 * registries and small real models: requests answered before the start do not count, a later change of the split
 * (a shadow started) does not restart the count, and a split without start id is not reported.
 */
class ObservationReporterTest {

    @TempDir
    Path root;

    FileArtifactStore store;
    ModelRegistry champions;
    ModelRegistry canaries;
    ModelRegistry shadows;
    TrafficRouter router;
    Predictor predictor;
    final List<TrafficObserved> sent = new ArrayList<>();
    ObservationReporter reporter;
    String callerKey;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        champions = registry(metrics);
        canaries = registry(new InferenceMetrics(new SimpleMeterRegistry()));
        shadows = registry(new InferenceMetrics(new SimpleMeterRegistry()));
        router = new TrafficRouter(champions, canaries, shadows, () -> callerKey, new VersionMetrics(meters), 8);
        predictor = Predictor.routed(router, metrics,
                new ModelBatchers(BatchSettings.DEFAULT, metrics, Executors.defaultThreadFactory()),
                DecodeBudget.ofHeapShare(DecodeBudget.DEFAULT_HEAP_SHARE));
        for (int version = 1; version <= 2; version++) {
            TestModels.publish(store, "shapes", Integer.toString(version), TrafficRouterTest.CLASSES, version - 1);
        }
        champions.promoted(TestModels.promotion("shapes", "1", StoreKeys.modelVersion("shapes", "1")));
        reporter = new ObservationReporter(router, report -> sent.add(report), "replica-1", Clock.systemUTC());
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

    @Test
    void reportsTheCountsSinceTheStart() throws Exception {
        byte[] image = TestModels.png(24, 24);
        predict(image, 7); // before the canary: the champion's, not part of the comparison
        TrafficTarget canary = new TrafficTarget("2", StoreKeys.modelVersion("shapes", "2"), 50, "start-1", null);
        router.changed(split(canary, null));
        predict(image, 40);
        // a shadow starting later leaves the canary's start as it was
        router.changed(split(canary, new TrafficTarget("2", StoreKeys.modelVersion("shapes", "2"), 1)));
        predict(image, 40);

        assertThat(reporter.report()).isEqualTo(1); // the shadow has no start id: not reported
        TrafficObserved report = sent.get(0);
        assertThat(report.replica()).isEqualTo("replica-1");
        assertThat(report.model()).isEqualTo("shapes");
        assertThat(report.startId()).isEqualTo("start-1");
        VersionObserved champion = report.versions().get(0);
        VersionObserved candidate = report.versions().get(1);
        assertThat(champion.role()).isEqualTo("champion");
        assertThat(champion.version()).isEqualTo("1");
        assertThat(candidate.role()).isEqualTo("canary");
        assertThat(candidate.version()).isEqualTo("2");
        assertThat(champion.answered() + candidate.answered()).isEqualTo(80);
        assertThat(candidate.answered()).isBetween(20L, 60L);
        assertThat(champion.failed() + candidate.failed()).isZero();

        // exactly what VersionMetrics counted: the canary from zero, the champion less its 7 earlier requests
        List<VersionCount> counted = router.metrics().counts("shapes");
        VersionCount countedCanary = counted.stream().filter(c -> c.role().equals("canary")).findFirst()
                .orElseThrow();
        VersionCount countedChampion = counted.stream().filter(c -> c.role().equals("champion")).findFirst()
                .orElseThrow();
        assertThat(candidate.answered()).isEqualTo(countedCanary.answered());
        assertThat(candidate.rows()).isEqualTo(countedCanary.rows());
        assertThat(candidate.confidenceSum()).isCloseTo(countedCanary.meanConfidence() * countedCanary.rows(),
                Offset.offset(1e-6));
        assertThat(champion.answered()).isEqualTo(countedChampion.answered() - 7);
        assertThat(champion.confidenceSum()).isBetween(0.0, (double) champion.rows());
    }

    @Test
    void aRolledBackCanaryIsNoLongerReported() throws Exception {
        TrafficTarget canary = new TrafficTarget("2", StoreKeys.modelVersion("shapes", "2"), 50, "start-1", null);
        router.changed(split(canary, null));
        router.changed(split(null, null));
        assertThat(reporter.report()).isZero();
        assertThat(router.metrics().since("shapes", "start-1")).isEmpty();
    }

    private void predict(byte[] image, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            callerKey = UUID.randomUUID().toString();
            predictor.predict("shapes", image, 1);
        }
    }

    private static ModelTrafficChanged split(TrafficTarget canary, TrafficTarget shadow) {
        return new ModelTrafficChanged(UUID.randomUUID().toString(), "shapes", canary, shadow, "test", Instant.now(),
                "test");
    }
}
