package io.sightline.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.TestModels;
import io.sightline.inference.UnknownModelException;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deleted model or version stops being served; what the store still names as champion serves instead. */
class ModelDeletionTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    FileArtifactStore store;
    ModelRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        ArtifactModelLoader loader = new ArtifactModelLoader(store);
        registry = ModelRegistry.builder()
                .setLoader(loader::load)
                .setLoads(Runnable::run)
                .setMetrics(new InferenceMetrics(new SimpleMeterRegistry()))
                .setMaxPixels(1_000_000)
                .optWarmups(1)
                .optWarmupBatch(1)
                .optClock(Clock.systemUTC())
                .optChampions(new ChampionFiles(store))
                .build();
        TestModels.publish(store, "shapes", "1", CLASSES, 0);
        TestModels.publish(store, "shapes", "2", CLASSES, 1);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    String serving() {
        return registry.serving("shapes").map(ServedModel::version).orElse(null);
    }

    @Test
    void deletingAnotherVersionChangesNothing() {
        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2"));

        assertThat(registry.deleted("shapes", "1")).isFalse();

        assertThat(serving()).isEqualTo("2");
    }

    @Test
    void deletingTheServedVersionFallsBackToTheStoresChampion() throws Exception {
        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2"));
        TestModels.writeChampion(store, "shapes", "1"); // a forced delete of 2 after 1 was promoted again
        store.delete(StoreKeys.modelVersion("shapes", "2"));

        assertThat(registry.deleted("shapes", "2")).isTrue();

        assertThat(serving()).isEqualTo("1");
    }

    @Test
    void aDeletionHeardTwiceChangesNothingTheSecondTime() throws Exception {
        // the outbox sends model.deleted again when it cannot tell whether the broker took it
        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2"));
        TestModels.writeChampion(store, "shapes", "1");
        store.delete(StoreKeys.modelVersion("shapes", "2"));
        assertThat(registry.deleted("shapes", "2")).isTrue();

        assertThat(registry.deleted("shapes", "2")).isFalse();

        assertThat(serving()).isEqualTo("1");
    }

    @Test
    void aDeletedModelIsUnknownUntilPromotedAgain() throws Exception {
        registry.promoted(TestModels.promotion("shapes", "2", "models/shapes/2"));

        assertThat(registry.deleted("shapes", null)).isTrue();

        assertThat(registry.knows("shapes")).isFalse();
        assertThatThrownBy(() -> registry.acquire("shapes")).isInstanceOf(UnknownModelException.class);
        registry.promoted(TestModels.promotion("shapes", "1", "models/shapes/1"));
        assertThat(serving()).isEqualTo("1");
    }
}
