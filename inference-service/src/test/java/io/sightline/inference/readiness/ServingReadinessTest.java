package io.sightline.inference.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.TestModels;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingReadinessTest {

    @TempDir
    Path root;

    static ModelRegistry registry(FileArtifactStore store, List<Runnable> queued) {
        return ModelRegistry.builder()
                .setLoader(new ArtifactModelLoader(store))
                .setLoads(queued::add)
                .setMetrics(new InferenceMetrics(new SimpleMeterRegistry()))
                .setMaxPixels(1_000_000)
                .optWarmups(0)
                .optClock(Clock.systemUTC())
                .build();
    }

    @Test
    void readyOnceTheTopicIsReadAndEveryPromotionDealtWithThenStaysReady() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        List<Runnable> queued = new ArrayList<>();
        TopicCatchUp catchUp = new TopicCatchUp();
        try (ModelRegistry registry = registry(store, queued)) {
            ServingReadiness readiness = new ServingReadiness(catchUp, registry);
            assertThat(readiness.ready()).isFalse();

            catchUp.assigned(Map.of(0, 0L), Map.of(0, 2L));
            registry.promoted(TestModels.promotion("shapes", "1",
                    TestModels.publish(store, "shapes", "1", List.of("x", "y"), 0)));
            catchUp.processed(0, 0);
            registry.promoted(TestModels.promotion("broken", "1", "models/broken/1"));
            catchUp.processed(0, 1);

            ServingReadiness.Report waiting = readiness.check();
            assertThat(waiting.caughtUp()).isTrue();
            assertThat(waiting.loading()).containsExactly("broken", "shapes");
            assertThat(waiting.ready()).isFalse();

            runAll(queued);

            assertThat(readiness.ready()).as("a failed load counts as dealt with").isTrue();

            registry.promoted(TestModels.promotion("late", "1", "models/late/1"));
            assertThat(readiness.check().loading()).containsExactly("late");
            assertThat(readiness.ready()).as("ready stays ready").isTrue();
            runAll(queued);
        }
    }

    @Test
    void withRequiredModelsReadyOnlyOnceThoseServe() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        List<Runnable> queued = new ArrayList<>();
        TopicCatchUp catchUp = new TopicCatchUp();
        try (ModelRegistry registry = registry(store, queued)) {
            ServingReadiness readiness = new ServingReadiness(catchUp, registry, Set.of("shapes", "broken"));
            catchUp.assigned(Map.of(0, 0L), Map.of(0, 0L));
            registry.promoted(TestModels.promotion("shapes", "1",
                    TestModels.publish(store, "shapes", "1", List.of("x", "y"), 0)));
            registry.promoted(TestModels.promotion("broken", "1", "models/broken/1"));
            runAll(queued);

            ServingReadiness.Report report = readiness.check();
            assertThat(report.ready()).as("a required model that failed to load is not served").isFalse();
            assertThat(report.loading()).containsExactly("broken");

            registry.promoted(TestModels.promotion("broken", "2",
                    TestModels.publish(store, "broken", "2", List.of("x", "y"), 1)));
            runAll(queued);
            assertThat(readiness.ready()).isTrue();
        }
    }

    @Test
    void serverReadinessOfTheProtocolFallsWhileARequiredModelIsLeftUnservedByAFailedLoad() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        List<Runnable> queued = new ArrayList<>();
        TopicCatchUp catchUp = new TopicCatchUp();
        try (ModelRegistry registry = registry(store, queued)) {
            ServingReadiness readiness = new ServingReadiness(catchUp, registry, Set.of("shapes"));
            catchUp.assigned(Map.of(0, 0L), Map.of(0, 0L));
            registry.promoted(TestModels.promotion("shapes", "1",
                    TestModels.publish(store, "shapes", "1", List.of("x", "y"), 0)));
            registry.promoted(TestModels.promotion("other", "1", "models/other/1")); // not required: ignored
            runAll(queued);
            assertThat(readiness.serverReady()).isTrue();

            registry.unload("shapes");
            registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2")); // never published
            runAll(queued);
            assertThat(readiness.ready()).as("readiness itself stays up").isTrue();
            assertThat(readiness.serverReady()).as("nothing serves a required model").isFalse();

            registry.load("shapes", "1");
            runAll(queued);
            assertThat(readiness.serverReady()).isTrue();
        }
    }

    private static void runAll(List<Runnable> queued) {
        List<Runnable> now = new ArrayList<>(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }
}
