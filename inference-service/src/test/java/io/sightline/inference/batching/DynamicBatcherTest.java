package io.sightline.inference.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.TestModels;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.inference.serving.Predictor;
import io.sightline.storage.FileArtifactStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicBatcherTest {

    static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @TempDir
    Path root;

    FileArtifactStore store;
    SimpleMeterRegistry meters;
    InferenceMetrics metrics;
    ModelRegistry registry;
    /** The batchers of the predictor the test made last. */
    ModelBatchers batchers;
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<AutoCloseable> closeables = new ArrayList<>();
    byte[] image;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        meters = new SimpleMeterRegistry();
        metrics = new InferenceMetrics(meters);
        registry = ModelRegistry.builder()
                .setLoader(new ArtifactModelLoader(store))
                .setLoads(Runnable::run)
                .setMetrics(metrics)
                .setMaxPixels(10_000_000)
                .optWarmups(1)
                .optClock(Clock.systemUTC())
                .build();
        image = TestModels.png(24, 24);
        promote("1", 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.shutdownNow();
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        registry.close();
    }

    void promote(String version, int favourite) throws Exception {
        registry.promoted(TestModels.promotion("shapes", version,
                TestModels.publish(store, "shapes", version, CLASSES, favourite)));
    }

    Predictor predictor(BatchSettings settings, ThreadFactory threads) {
        batchers = new ModelBatchers(settings, metrics, threads);
        Predictor predictor = new Predictor(registry, metrics, batchers);
        closeables.add(predictor);
        return predictor;
    }

    /** Worker threads that start working only once the latch opens: lets a test fill the queue. */
    static ThreadFactory heldUntil(CountDownLatch open) {
        return task -> new Thread(() -> {
            try {
                open.await();
            } catch (InterruptedException e) {
                return;
            }
            task.run();
        });
    }

    @Test
    void concurrentRequestsShareForwardPassesAndGetTheirOwnAnswers() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Predictor predictor = predictor(new BatchSettings(8, Duration.ofMillis(5), 64, 1), heldUntil(open));
        float[] expected;
        try (ModelLease lease = registry.acquire("shapes")) {
            expected = lease.model().classifier().probabilities(
                    List.of(lease.model().preprocessor().preprocess(image)))[0];
        }
        List<Future<PredictionResult>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(clients.submit(() -> predictor.predict("shapes", image, 3)));
        }
        // the worker is held: all twelve queue up, then run as a batch of 8 and one of 4
        await().atMost(Duration.ofSeconds(20))
                .until(() -> batchers.of("shapes").queued() == 12);
        open.countDown();
        for (Future<PredictionResult> answer : answers) {
            PredictionResult result = answer.get(20, TimeUnit.SECONDS);
            assertThat(result.predictions().get(0).label()).isEqualTo("circle");
            assertThat(result.predictions().get(0).probability()).isCloseTo(expected[0], within(1e-5));
        }
        DistributionSummary sizes = meters.find(InferenceMetrics.BATCH_SIZE).tag("model", "shapes").summary();
        assertThat(sizes.count()).isEqualTo(2);
        assertThat(sizes.max()).isEqualTo(8);
        assertThat(sizes.totalAmount()).isEqualTo(12);
        assertThat(meters.find(InferenceMetrics.QUEUE_WAIT).tag("model", "shapes").timer().count()).isEqualTo(12);
    }

    @Test
    void aLoneRequestDoesNotWaitForTheBatchingDelay() throws Exception {
        // a delay far longer than the test may take: only spent while other requests are on their way
        Predictor predictor = predictor(new BatchSettings(16, Duration.ofMinutes(10), 64, 1),
                Executors.defaultThreadFactory());

        Future<PredictionResult> answer = clients.submit(() -> predictor.predict("shapes", image, 1));

        assertThat(answer.get(60, TimeUnit.SECONDS).predictions().get(0).label()).isEqualTo("circle");
    }

    @Test
    void aFullQueueRefusesAtOnceAndTheQueuedRequestsStillRun() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Predictor predictor = predictor(new BatchSettings(4, Duration.ZERO, 2, 1), heldUntil(open));
        List<Future<PredictionResult>> queued = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            queued.add(clients.submit(() -> predictor.predict("shapes", image, 1)));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> batchers.of("shapes").queued() == 2);

        assertThatThrownBy(() -> predictor.predict("shapes", image, 1))
                .isInstanceOf(ServerBusyException.class)
                .hasMessageContaining("busy");

        open.countDown();
        for (Future<PredictionResult> answer : queued) {
            assertThat(answer.get(20, TimeUnit.SECONDS).predictions()).hasSize(1);
        }
        assertThat(predictor.predict("shapes", image, 1).predictions()).hasSize(1);
    }

    @Test
    void aBatchSpanningAHotSwapRunsEachRequestOnTheVersionItLeased() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Predictor predictor = predictor(new BatchSettings(8, Duration.ZERO, 64, 1), heldUntil(open));
        Future<PredictionResult> onOne = clients.submit(() -> predictor.predict("shapes", image, 1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> batchers.of("shapes").queued() == 1);
        ServedModel one = registry.serving("shapes").orElseThrow();

        promote("2", 1); // swapped while version 1's request waits in the queue
        Future<PredictionResult> onTwo = clients.submit(() -> predictor.predict("shapes", image, 1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> batchers.of("shapes").queued() == 2);
        assertThat(one.isClosed()).as("closed under a queued request").isFalse();
        open.countDown();

        PredictionResult first = onOne.get(20, TimeUnit.SECONDS);
        PredictionResult second = onTwo.get(20, TimeUnit.SECONDS);
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.predictions().get(0).label()).isEqualTo("circle");
        assertThat(second.version()).isEqualTo("2");
        assertThat(second.predictions().get(0).label()).isEqualTo("square");
        assertThat(one.isClosed()).isTrue();
    }

    @Test
    void unbatchedRunsOneRequestPerPass() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        Predictor predictor = predictor(BatchSettings.unbatched(64, 1), heldUntil(open));
        List<Future<PredictionResult>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(clients.submit(() -> predictor.predict("shapes", image, 1)));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> batchers.of("shapes").queued() == 5);
        open.countDown();
        for (Future<PredictionResult> answer : answers) {
            answer.get(20, TimeUnit.SECONDS);
        }
        DistributionSummary sizes = meters.find(InferenceMetrics.BATCH_SIZE).tag("model", "shapes").summary();
        assertThat(sizes.count()).isEqualTo(5);
        assertThat(sizes.max()).isEqualTo(1);
    }

    @Test
    void closingRefusesNewRequests() throws Exception {
        Predictor predictor = predictor(BatchSettings.DEFAULT, Executors.defaultThreadFactory());
        assertThat(predictor.predict("shapes", image, 1).predictions()).hasSize(1);

        predictor.close();

        assertThatThrownBy(() -> predictor.predict("shapes", image, 1)).isInstanceOf(ServerBusyException.class);
    }
}
