package io.sightline.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.TestModels;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.readiness.TopicCatchUp;
import io.sightline.storage.FileArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model whose registry record is unusable, on an instance serving no version of it, serves the store's champion. */
class ChampionFallbackTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    FileArtifactStore store;
    SimpleMeterRegistry meters;
    InferenceMetrics metrics;
    /** Every load the registry asked for, in order, by version. */
    List<String> loads;
    ModelRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        meters = new SimpleMeterRegistry();
        metrics = new InferenceMetrics(meters);
        loads = new CopyOnWriteArrayList<>();
        registry = registry(Runnable::run, new ChampionFiles(store));
    }

    ModelRegistry registry(Executor executor, StoredChampions champions) {
        ArtifactModelLoader loader = new ArtifactModelLoader(store);
        return ModelRegistry.builder()
                .setLoader(promotion -> {
                    loads.add(promotion.version());
                    return loader.load(promotion);
                })
                .setLoads(executor)
                .setMetrics(metrics)
                .setMaxPixels(1_000_000)
                .optWarmups(1)
                .optWarmupBatch(1)
                .optClock(Clock.systemUTC())
                .optChampions(champions)
                .build();
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    String publish(String version) throws IOException {
        return TestModels.publish(store, "shapes", version, CLASSES, Integer.parseInt(version) - 1);
    }

    double fallbacks(String outcome) {
        Counter counter = meters.find(InferenceMetrics.CHAMPION_FALLBACKS).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    String servingVersion() {
        return registry.serving("shapes").map(ServedModel::version).orElse(null);
    }

    @Test
    void anUnreadableRecordServesTheStoredChampion() throws Exception {
        publish("1");
        publish("2");
        TestModels.writeChampion(store, "shapes", "2");

        registry.unusable("shapes", null, "record sightline.models-0@0 (key shapes) was unreadable");

        assertThat(servingVersion()).isEqualTo("2");
        ModelStatus status = registry.status("shapes").orElseThrow();
        assertThat(status.state()).isEqualTo(ModelState.SERVING);
        assertThat(status.promoted().artifactKey()).isEqualTo("models/shapes/2");
        assertThat(registry.pending()).isEmpty();
        assertThat(fallbacks("served")).isEqualTo(1.0);
        try (ModelLease lease = registry.acquire("shapes")) {
            assertThat(lease.model().signature().classes()).isEqualTo(CLASSES);
        }
    }

    @Test
    void aReadablePayloadWithAnInvalidModelNameFallsBackByTheRecordKey() throws Exception {
        publish("1");
        TestModels.writeChampion(store, "shapes", "1");

        assertThat(registry.promoted(TestModels.promotion("../etc", "1", "models/x/1"))).isFalse();
        registry.unusable("shapes", TestModels.promotion("../etc", "1", "models/x/1"), "record 0@1 (key shapes)");

        assertThat(servingVersion()).isEqualTo("1");
        assertThat(registry.knows("../etc")).isFalse();
    }

    @Test
    void aGhostPromotionFallsBackToTheChampionWhenItNamesAPublishedVersion() throws Exception {
        publish("1");
        TestModels.writeChampion(store, "shapes", "1");

        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2")); // never published

        assertThat(servingVersion()).isEqualTo("1");
        ModelStatus status = registry.status("shapes").orElseThrow();
        assertThat(status.state()).as("its latest promotion failed; the champion serves meanwhile")
                .isEqualTo(ModelState.FAILED);
        assertThat(status.lastError().version()).isEqualTo("2");
        assertThat(loads).containsExactly("2", "1");
        assertThat(fallbacks("served")).isEqualTo(1.0);
        assertThat(registry.pending()).isEmpty();
    }

    @Test
    void withoutAUsableChampionTheModelStaysAsItWas() throws Exception {
        registry.unusable("shapes", null, "record 0@0 (key shapes) was unreadable");

        assertThat(registry.knows("shapes")).isFalse();
        assertThatThrownBy(() -> registry.acquire("shapes")).isInstanceOf(UnknownModelException.class);
        assertThat(fallbacks("no_champion")).isEqualTo(1.0);

        TestModels.writeChampion(store, "shapes", "2"); // names a version that is not in the store
        registry.unusable("shapes", null, "record 0@1 (key shapes) was unreadable");
        assertThat(registry.knows("shapes")).isFalse();
        assertThat(fallbacks("unusable")).isEqualTo(1.0);

        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2")); // a ghost of that same version
        assertThatThrownBy(() -> registry.acquire("shapes"))
                .isInstanceOf(ModelNotLoadedException.class)
                .hasMessageContaining("version 2 failed to load");
        assertThat(loads).as("the champion names the version that just failed: not tried again")
                .containsExactly("2", "2");
        assertThat(fallbacks("unusable")).isEqualTo(2.0);
        assertThat(registry.pending()).isEmpty();

        registry.unusable(null, null, "a record without a key"); // nothing to fall back to, nothing happens
        registry.unusable("../etc", null, "a record with an invalid key");
        assertThat(registry.status()).extracting(ModelStatus::model).containsExactly("shapes");
    }

    @Test
    void anInstanceServingTheModelKeepsItsVersionWhenABadRecordArrives() throws Exception {
        String one = publish("1");
        publish("2");
        TestModels.writeChampion(store, "shapes", "2"); // newer in the store: still not taken
        registry.promoted(TestModels.promotion("shapes", "1", one));

        registry.unusable("shapes", null, "record 0@1 (key shapes) was unreadable");
        registry.promoted(TestModels.promotion("shapes", "3", "models/shapes/3")); // a ghost

        assertThat(servingVersion()).isEqualTo("1");
        assertThat(loads).containsExactly("1", "3");
        assertThat(meters.find(InferenceMetrics.CHAMPION_FALLBACKS).counters()).isEmpty();
    }

    @Test
    void aGoodPromotionAfterAFallbackSwapsNormally() throws Exception {
        publish("1");
        String two = publish("2");
        TestModels.writeChampion(store, "shapes", "1");
        registry.unusable("shapes", null, "record 0@0 (key shapes) was unreadable");
        ServedModel fallback = registry.serving("shapes").orElseThrow();

        registry.promoted(TestModels.promotion("shapes", "2", two));

        assertThat(servingVersion()).isEqualTo("2");
        assertThat(registry.status("shapes").orElseThrow().state()).isEqualTo(ModelState.SERVING);
        assertThat(fallback.isClosed()).isTrue();
        assertThat(loads).containsExactly("1", "2");
    }

    @Test
    void aPromotionThatArrivesBeforeAQueuedFallbackRunsWins() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        registry.close();
        registry = registry(queued::add, new ChampionFiles(store));
        publish("1");
        String two = publish("2");
        TestModels.writeChampion(store, "shapes", "1");

        registry.unusable("shapes", null, "record 0@0 (key shapes) was unreadable");
        registry.promoted(TestModels.promotion("shapes", "2", two));
        queued.forEach(Runnable::run);

        assertThat(servingVersion()).isEqualTo("2");
        assertThat(loads).containsExactly("2");
        assertThat(fallbacks("superseded")).isEqualTo(1.0);
    }

    @Test
    void readinessWaitsForAFallbackButNotForeverWhenTheStoreFails() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        registry.close();
        registry = registry(queued::add, model -> {
            throw new IOException("store unreachable");
        });
        TopicCatchUp catchUp = new TopicCatchUp();
        ServingReadiness readiness = new ServingReadiness(catchUp, registry);
        catchUp.assigned(Map.of(0, 0L), Map.of(0, 1L));

        registry.unusable("shapes", null, "record 0@0 (key shapes) was unreadable");
        catchUp.processed(0, 0);
        assertThat(readiness.check().loading()).containsExactly("shapes");
        assertThat(readiness.ready()).isFalse();

        queued.forEach(Runnable::run);

        assertThat(readiness.ready()).isTrue();
        assertThat(registry.knows("shapes")).isFalse();
        assertThat(fallbacks("store_error")).isEqualTo(1.0);
    }
}
