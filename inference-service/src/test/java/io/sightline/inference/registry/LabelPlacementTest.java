package io.sightline.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.TestModels;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.residency.MemoryBudget;
import io.sightline.inference.residency.ModelSelection;
import io.sightline.inference.residency.ResidencyMetrics;
import io.sightline.inference.serving.Predictor;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placement by labels (decision 108) with real tiny models: two pools hear the same promotions; the pool selecting
 * the promotion's label loads and serves it, the other never loads it and answers 404 as for a name it does not
 * select; a later promotion without the label takes the model off the first pool.
 */
class LabelPlacementTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    final List<Pool> pools = new ArrayList<>();
    final ExecutorService loader = Executors.newSingleThreadExecutor();

    record Pool(ModelRegistry registry, Predictor predictor, List<String> loads) {
        String answer(String model) throws Exception {
            return predictor.predict(model, TestModels.png(24, 24), 1).predictions().get(0).label();
        }
    }

    Pool pool(String... selection) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        MemoryBudget unbounded = MemoryBudget.unbounded();
        ArtifactModelLoader artifacts = new ArtifactModelLoader(new FileArtifactStore(root));
        List<String> loads = new CopyOnWriteArrayList<>();
        ModelRegistry registry = ModelRegistry.builder()
                .setLoader(promotion -> {
                    loads.add(promotion.model() + ":" + promotion.version());
                    return artifacts.load(promotion);
                })
                .setLoads(loader).setMetrics(metrics).setMaxPixels(1_000_000).optWarmups(1)
                .optResidency(new ResidencyPolicy(ModelSelection.of(List.of(selection)), unbounded, p -> 0, Set.of(),
                        Duration.ZERO, new ResidencyMetrics(meters, unbounded)))
                .build();
        Pool pool = new Pool(registry, new Predictor(registry, metrics), loads);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Pool pool : pools) {
            pool.predictor().close();
            pool.registry().close();
        }
        loader.shutdown();
        loader.awaitTermination(30, TimeUnit.SECONDS);
    }

    ModelPromoted promotion(String model, String version, int favourite, Map<String, String> labels)
            throws Exception {
        ModelPromoted plain = TestModels.promotion(model, version,
                TestModels.publish(new FileArtifactStore(root), model, version, CLASSES, favourite));
        return new ModelPromoted(plain.eventId(), model, version, plain.artifactKey(), plain.jobId(), plain.dataset(),
                plain.datasetVersion(), plain.testAccuracy(), plain.promotedAt(), labels);
    }

    @Test
    void thePoolSelectingAPromotionsLabelServesItAndAnotherAnswers404() throws Exception {
        Pool teamA = pool("label:team=vision-a");
        Pool others = pool("pets", "label:team=vision-b");
        ModelPromoted labelled = promotion("cracks", "1", 1, Map.of("team", "vision-a", "tier", "gold"));
        ModelPromoted unlabelled = promotion("pets", "1", 2, null);
        for (Pool pool : pools) {
            pool.registry().promoted(labelled);
            pool.registry().promoted(unlabelled);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> teamA.registry().serving("cracks").isPresent());
        assertThat(teamA.answer("cracks")).isEqualTo("square");
        assertThatThrownBy(() -> others.answer("cracks")).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("not served by this deployment").hasMessageContaining("label:team=vision-b");
        assertThatThrownBy(() -> others.registry().load("cracks", "1")).isInstanceOf(UnknownModelException.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> others.registry().serving("pets").isPresent());
        assertThat(others.answer("pets")).isEqualTo("triangle");
        assertThatThrownBy(() -> teamA.answer("pets")).isInstanceOf(UnknownModelException.class);
        assertThat(others.loads()).containsExactly("pets:1");
        assertThat(teamA.loads()).containsExactly("cracks:1");

        // the model's next promotion carries another team's label: it moves to the pool selecting that one
        ModelPromoted moved = promotion("cracks", "2", 0, Map.of("team", "vision-b"));
        teamA.registry().promoted(moved);
        others.registry().promoted(moved);
        assertThatThrownBy(() -> teamA.answer("cracks")).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("not served by this deployment");
        await().atMost(Duration.ofSeconds(30)).until(() -> others.registry().serving("cracks").isPresent());
        assertThat(others.answer("cracks")).isEqualTo("circle");
    }

    @Test
    void aPromotionWithLabelsOutsideTheRulesIsRefused() throws Exception {
        Pool pool = pool();
        assertThat(pool.registry().promoted(promotion("cracks", "1", 1, Map.of("Team", "a")))).isFalse();
        assertThat(pool.registry().knows("cracks")).isFalse();
    }
}
