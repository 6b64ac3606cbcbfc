package io.sightline.inference.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.PayloadLogged;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.storage.Sha256;
import io.sightline.vision.Prediction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PayloadQueueTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<PayloadLogged> sent = new CopyOnWriteArrayList<>();

    @Test
    void atSampleZeroNothingIsOfferedAndNoThreadRuns() {
        PayloadLogger off = new PayloadLogger(config(0, 8, false), record -> {
            throw new AssertionError("nothing is sent at sample 0");
        }, meters, fixedId("r"));

        off.predicted(result("m"), PNG);

        assertThat(meters.find(PayloadQueue.LOGGED).counter()).isNull();
    }

    @Test
    void onlyTheNamedModelsAreLoggedAndTheRecordCarriesDigestAndMediaType() {
        PayloadConfig config = new TestConfig(1.0, Optional.of(Set.of("cats")), false, 1 << 20, 8, 1 << 20);
        PayloadLogger logger = new PayloadLogger(config, record -> {
            sent.add(record);
            return CompletableFuture.completedFuture(null);
        }, meters, fixedId("r-1"));
        try {
            logger.predicted(result("dogs"), PNG);
            logger.predicted(result("cats"), PNG);

            await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter(PayloadQueue.LOGGED).count() == 1);
            assertThat(sent).singleElement().satisfies(r -> {
                assertThat(r.model()).isEqualTo("cats");
                assertThat(r.requestId()).isEqualTo("r-1");
                assertThat(r.imageSha256()).isEqualTo(Sha256.of(PNG));
                assertThat(r.imageBytes()).isEqualTo(PNG.length);
                assertThat(r.imageMediaType()).isEqualTo("image/png");
                assertThat(r.imageBase64()).isNull();
                assertThat(r.imageOmitted()).isEqualTo(PayloadLogged.OMITTED_NOT_INCLUDED);
                assertThat(r.answer()).extracting(PayloadLogged.ClassScore::label).containsExactly("a", "b");
            });
        } finally {
            logger.close();
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutWaiting() throws Exception {
        CountDownLatch brokerBack = new CountDownLatch(1);
        PayloadQueue queue = new PayloadQueue(config(1.0, 2, true), record -> {
            try {
                brokerBack.await(); // the sender is stuck on an absent broker
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add(record);
            return CompletableFuture.completedFuture(null);
        }, meters);
        try {
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 20; i++) {
                accepted += queue.offer(pending("r" + i)) ? 1 : 0;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(accepted).as("the queue's two, and at most the one the sender holds").isBetween(2, 3);
            assertThat(meters.counter(PayloadQueue.DROPPED, "reason", "queue-full").count())
                    .isEqualTo(20 - accepted);

            brokerBack.countDown();
            int kept = accepted;
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter(PayloadQueue.LOGGED).count() == kept);
            assertThat(sent).hasSize(kept);
        } finally {
            brokerBack.countDown();
            queue.close();
        }
    }

    @Test
    void aFailedSendIsCountedAndTheNextGoesOn() {
        PayloadQueue queue = new PayloadQueue(config(1.0, 8, true), record -> record.requestId().equals("bad")
                ? CompletableFuture.failedFuture(new IllegalStateException("broker refused"))
                : CompletableFuture.completedFuture(null), meters);
        try {
            queue.offer(pending("bad"));
            queue.offer(pending("good"));
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter(PayloadQueue.LOGGED).count() == 1
                    && meters.counter(PayloadQueue.DROPPED, "reason", "send-failed").count() == 1);
        } finally {
            queue.close();
        }
    }

    @Test
    void anImageOverTheCapIsLoggedWithoutItsBytes() {
        PendingPayload big = pending("r");

        assertThat(big.toRecord(true, PNG.length - 1).imageOmitted()).isEqualTo(PayloadLogged.OMITTED_OVER_CAP);
        assertThat(big.toRecord(true, PNG.length).imageBase64()).isNotNull();
    }

    private static PendingPayload pending(String id) {
        return new PendingPayload(id, "m", "1", "predict", Instant.now(), 1.5,
                List.of(new PayloadLogged.ClassScore("a", 0.9)), PNG);
    }

    private static PredictionResult result(String model) {
        return new PredictionResult(model, "1", List.of(new Prediction("a", "a", 0.7), new Prediction("b", "b", 0.2)),
                2.0);
    }

    private static RequestIds fixedId(String id) {
        return new RequestIds(null) {
            @Override
            public String id() {
                return id;
            }
        };
    }

    private static PayloadConfig config(double sample, int queueSize, boolean images) {
        return new TestConfig(sample, Optional.empty(), images, 1 << 20, queueSize, 1 << 20);
    }

    record TestConfig(double sample, Optional<Set<String>> models, boolean includeImages, int maxImageBytes,
                      int queueSize, long queueBytes) implements PayloadConfig {
    }
}
