package io.sightline.inference.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.TestModels;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.inference.serving.Predictor;
import io.sightline.storage.FileArtifactStore;
import io.sightline.vision.ArchitectureSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    FileArtifactStore store;
    SimpleMeterRegistry meters;
    InferenceMetrics metrics;
    /** Every load the registry asked for, in order, by version. */
    List<String> loads;
    ModelRegistry registry;
    Predictor predictor;
    byte[] image;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        meters = new SimpleMeterRegistry();
        metrics = new InferenceMetrics(meters);
        loads = new CopyOnWriteArrayList<>();
        registry = registry(Runnable::run); // loads run inline: each promotion is dealt with on return
        predictor = new Predictor(registry, metrics);
        image = TestModels.png(24, 24);
    }

    ModelRegistry registry(Executor executor) {
        ArtifactModelLoader loader = new ArtifactModelLoader(store);
        return ModelRegistry.builder()
                .setLoader(promotion -> {
                    loads.add(promotion.version());
                    return loader.load(promotion);
                })
                .setLoads(executor)
                .setMetrics(metrics)
                .setMaxPixels(1_000_000)
                .optWarmups(2)
                .optClock(Clock.systemUTC())
                .build();
    }

    @AfterEach
    void tearDown() {
        predictor.close();
        registry.close();
    }

    ModelPromoted publishAndPromote(String version, int favourite) throws Exception {
        ModelPromoted promotion = TestModels.promotion("shapes", version,
                TestModels.publish(store, "shapes", version, CLASSES, favourite));
        registry.promoted(promotion);
        return promotion;
    }

    @Test
    void servesAPromotedVersion() throws Exception {
        publishAndPromote("1", 1);

        ModelStatus status = registry.status("shapes").orElseThrow();
        assertThat(status.state()).isEqualTo(ModelState.SERVING);
        assertThat(status.servingVersion()).isEqualTo("1");
        assertThat(status.classes()).isEqualTo(CLASSES);
        assertThat(status.loadedAt()).isNotNull();
        assertThat(registry.pending()).isEmpty();
        PredictionResult result = predictor.predict("shapes", image, 2);
        assertThat(result.version()).isEqualTo("1");
        assertThat(result.predictions()).hasSize(2);
        assertThat(result.predictions().get(0).label()).isEqualTo("square");
        assertThat(meters.get(InferenceMetrics.MODEL_SERVING).tags("model", "shapes", "version", "1").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aSwapClosesTheOldVersionOnlyAfterItsLastRequest() throws Exception {
        publishAndPromote("1", 0);
        ModelLease inFlight = registry.acquire("shapes");
        ServedModel first = inFlight.model();

        publishAndPromote("2", 1);

        assertThat(registry.serving("shapes")).get().extracting(ServedModel::version).isEqualTo("2");
        assertThat(first.isClosed()).as("closed while a request still used it").isFalse();
        // the running request can still compute with the old version
        float[][] scores = first.classifier().probabilities(List.of(new float[first.signature().inputSize()]));
        assertThat(scores[0]).hasSize(CLASSES.size());
        inFlight.close();
        assertThat(first.isClosed()).isTrue();
        inFlight.close(); // twice is harmless
        assertThat(predictor.predict("shapes", image, 1).predictions().get(0).label()).isEqualTo("square");
        assertThat(meters.find(InferenceMetrics.MODEL_SERVING).tags("version", "1").gauge()).isNull();
    }

    @Test
    void swapsUnderConcurrentRequestsWithoutAFailure() throws Exception {
        ModelPromoted one = publishAndPromote("1", 0);
        ModelPromoted two = TestModels.promotion("shapes", "2",
                TestModels.publish(store, "shapes", "2", CLASSES, 1));
        List<ServedModel> served = new ArrayList<>(List.of(registry.serving("shapes").orElseThrow()));

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger byOne = new AtomicInteger();
        AtomicInteger byTwo = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    try {
                        PredictionResult result = predictor.predict("shapes", image, 3);
                        String expected = result.version().equals("1") ? "circle" : "square";
                        if (!result.predictions().get(0).label().equals(expected)) {
                            throw new AssertionError(result + " answered by the wrong weights");
                        }
                        (result.version().equals("1") ? byOne : byTwo).incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }));
        }
        for (int swap = 0; swap < 6; swap++) {
            int before = byOne.get() + byTwo.get();
            while (byOne.get() + byTwo.get() < before + 20) {
                Thread.onSpinWait(); // let requests run against the current version first
            }
            ModelPromoted next = swap % 2 == 0 ? two : one;
            registry.promoted(TestModels.promotion("shapes", next.version(), next.artifactKey()));
            served.add(registry.serving("shapes").orElseThrow());
        }
        stop.set(true);
        for (Future<?> client : running) {
            client.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).isEmpty();
        assertThat(byOne.get()).isPositive();
        assertThat(byTwo.get()).isPositive();
        assertThat(loads).containsExactly("1", "2", "1", "2", "1", "2", "1");
        assertThat(served.subList(0, served.size() - 1)).allMatch(ServedModel::isClosed);
        assertThat(served.get(served.size() - 1).isClosed()).isFalse();
    }

    @Test
    void aVersionThatFailsToLoadLeavesThePreviousOneServing() throws Exception {
        publishAndPromote("1", 0);
        String corrupt = TestModels.publishCorrupt(store, "shapes", "2", CLASSES);
        registry.promoted(TestModels.promotion("shapes", "2", corrupt));

        ModelStatus status = registry.status("shapes").orElseThrow();
        assertThat(status.state()).isEqualTo(ModelState.FAILED);
        assertThat(status.promoted().version()).isEqualTo("2");
        assertThat(status.servingVersion()).isEqualTo("1");
        assertThat(status.lastError().version()).isEqualTo("2");
        assertThat(status.lastError().message()).isNotBlank();
        assertThat(status.failedLoads()).isEqualTo(1);
        assertThat(metrics.loadFailures("shapes")).isEqualTo(1.0);
        assertThat(registry.pending()).isEmpty();
        assertThat(predictor.predict("shapes", image, 1).version()).isEqualTo("1");
    }

    @Test
    void aModelWhoseOutputsDoNotMatchItsClassesIsRefusedAtWarmUp() throws Exception {
        String key = TestModels.publish(store, "shapes", "1", ArchitectureSpec.cnn(TestModels.SIZE, 3, 5), CLASSES, 0);
        registry.promoted(TestModels.promotion("shapes", "1", key));

        ModelStatus status = registry.status("shapes").orElseThrow();
        assertThat(status.state()).isEqualTo(ModelState.FAILED);
        assertThat(status.lastError().message()).contains("5 scores").contains("3 classes");
        assertThatThrownBy(() -> registry.acquire("shapes"))
                .isInstanceOf(ModelNotLoadedException.class)
                .hasMessageContaining("failed to load");
    }

    @Test
    void theLatestPromotionWinsEvenWhenItRollsBack() throws Exception {
        ModelPromoted one = publishAndPromote("1", 0);
        publishAndPromote("2", 1);
        ServedModel two = registry.serving("shapes").orElseThrow();

        registry.promoted(TestModels.promotion("shapes", "1", one.artifactKey()));

        assertThat(registry.status("shapes").orElseThrow().servingVersion()).isEqualTo("1");
        assertThat(two.isClosed()).isTrue();
        assertThat(predictor.predict("shapes", image, 1).predictions().get(0).label()).isEqualTo("circle");
        assertThat(loads).containsExactly("1", "2", "1");
    }

    @Test
    void promotingTheServingVersionAgainChangesNothing() throws Exception {
        ModelPromoted one = publishAndPromote("1", 0);
        ServedModel served = registry.serving("shapes").orElseThrow();

        registry.promoted(one); // the same event, redelivered
        registry.promoted(TestModels.promotion("shapes", "1", one.artifactKey())); // a new event, same version

        assertThat(loads).containsExactly("1");
        assertThat(registry.serving("shapes")).containsSame(served);
        assertThat(served.isClosed()).isFalse();
        assertThat(registry.status("shapes").orElseThrow().state()).isEqualTo(ModelState.SERVING);
    }

    @Test
    void promotionsQueuedBehindALoadCoalesceToTheLatest() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        registry.close();
        registry = registry(queued::add);
        predictor = new Predictor(registry, metrics);
        for (String version : List.of("1", "2", "3")) {
            registry.promoted(TestModels.promotion("shapes", version,
                    TestModels.publish(store, "shapes", version, CLASSES, Integer.parseInt(version) - 1)));
        }

        assertThat(registry.pending()).containsExactly("shapes");
        assertThat(registry.status("shapes").orElseThrow().state()).isEqualTo(ModelState.LOADING);
        assertThatThrownBy(() -> predictor.predict("shapes", image, 1))
                .isInstanceOf(ModelNotLoadedException.class)
                .hasMessageContaining("version 3 is loading");

        queued.forEach(Runnable::run);

        assertThat(loads).containsExactly("3");
        assertThat(registry.pending()).isEmpty();
        assertThat(predictor.predict("shapes", image, 1).predictions().get(0).label()).isEqualTo("triangle");
    }

    @Test
    void unknownModelsAndUnusablePromotionsAreToldApart() throws Exception {
        assertThatThrownBy(() -> registry.acquire("nope")).isInstanceOf(UnknownModelException.class);
        assertThatThrownBy(() -> registry.acquire(null)).isInstanceOf(UnknownModelException.class);

        registry.promoted(TestModels.promotion("../etc", "1", "models/x/1"));
        registry.promoted(TestModels.promotion("shapes", " ", "models/shapes/1"));
        registry.promoted(TestModels.promotion("ghost", "1", "models/ghost/1")); // nothing published there

        assertThat(registry.status()).extracting(ModelStatus::model).containsExactly("ghost");
        assertThat(meters.get(InferenceMetrics.PROMOTIONS_IGNORED).counter().count()).isEqualTo(2.0);
        assertThatThrownBy(() -> registry.acquire("ghost"))
                .isInstanceOf(ModelNotLoadedException.class)
                .hasMessageContaining("version 1 failed to load");
    }

    @Test
    void closingTheRegistryWaitsForRunningRequests() throws Exception {
        publishAndPromote("1", 0);
        ModelLease lease = registry.acquire("shapes");

        registry.close();

        assertThat(lease.model().isClosed()).isFalse();
        lease.close();
        assertThat(lease.model().isClosed()).isTrue();
        assertThatThrownBy(() -> registry.acquire("shapes")).isInstanceOf(ModelNotLoadedException.class);
    }
}
