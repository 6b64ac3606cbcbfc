package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients keep sending {@code POST /predict} to the packaged inference-service while an operator flips
 * the champion between two versions through the trainer's promote endpoint, so each flip travels as
 * {@code model.promoted} over Kafka and becomes a load, warm-up and swap under load. Not one request may
 * fail, and answers must come from both versions. Once over HTTP, once with the Open Inference Protocol's
 * ModelInfer over gRPC (BYTES images, raw contents), which shares the batcher and the swap. CI: 4 clients for 10 s,
 * a flip a second; full: 16 clients for 60 s.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class HotSwapUnderLoadTest {

    private static final int CLIENTS = FaultProfile.pick(4, 16);
    private static final Duration LOAD = FaultProfile.seconds(10, 60);
    private static final Duration FLIP_EVERY = Duration.ofSeconds(1);
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    /** How the clients ask: {@code POST /predict} over HTTP, or the Open Inference Protocol's ModelInfer over gRPC. */
    enum Transport { HTTP, GRPC }

    /** One request; the version that answered, or an exception saying why not. */
    interface Classification {
        String answeringVersion() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void swappingVersionsUnderSustainedLoadFailsNoRequest(Transport transport) throws Exception {
        String model = FaultStack.probeModel();
        SightlineClient client = FaultStack.client();
        String second;
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.TRAINING_EVENTS)) {
            String jobId = client.startTraining(SightlineClient.object().put("model", model).put("dataset", "shapes")
                            .put("datasetVersion", FaultStack.shapesDataset()).put("epochs", 1).put("batchSize", 16)
                            .put("imageSize", 16).put("seed", 7))
                    .requireStatus(202).body().path("jobId").asText();
            second = log.await(e -> (jobId + ":completed").equals(e.id()), Duration.ofMinutes(2),
                    () -> FaultStack.stack().logTail(Service.TRAINER, 40)).field("modelVersion");
        }
        FaultStack.promote(model, second);
        FaultStack.awaitServing(model, second, Duration.ofMinutes(1));
        double loadsBefore = FaultStack.metric(Service.INFERENCE, "sightline_inference_model_loads_total", model);

        byte[] image = new ShapesDataset(32, 77).png("vertical");
        URI predict = FaultStack.stack().url(Service.INFERENCE).resolve("/predict/" + model + "?topK=1");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> latenciesMicros = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + LOAD.toNanos();

        OpenInferenceGrpc grpc = new OpenInferenceGrpc(FaultStack.running().inferenceGrpcPort());
        Classification classify = transport == Transport.HTTP ? () -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(predict)
                            .header("Content-Type", "image/png").timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher version = VERSION.matcher(response.body());
            if (response.statusCode() != 200 || !version.find()) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            return version.group(1);
        } : () -> grpc.classify(model, image);

        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    try {
                        String version = classify.answeringVersion();
                        latenciesMicros.add((System.nanoTime() - t) / 1000);
                        ok.incrementAndGet();
                        byVersion.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "load-" + c);
            thread.start();
            clients.add(thread);
        }
        int flips = 0;
        String[] versions = {"1", second};
        while (System.nanoTime() < end - FLIP_EVERY.toNanos()) {
            Thread.sleep(FLIP_EVERY.toMillis()); // the promotion cadence under load, not a wait for anything
            FaultStack.promote(model, versions[flips % 2]);
            flips++;
        }
        for (Thread thread : clients) {
            thread.join();
        }
        grpc.close();

        long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
        double loads = FaultStack.metric(Service.INFERENCE, "sightline_inference_model_loads_total", model) - loadsBefore;
        System.out.printf("hot swap under load over %s: %d clients, %d s, %d promotions, %.0f loads; %d ok, %d failed; "
                        + "answers by version %s; client-side latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                transport, CLIENTS, LOAD.toSeconds(), flips, loads, ok.get(), failures.size(), byVersion,
                percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000.0);
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(byVersion.keySet()).as("answers came from both versions").contains("1", second);
        assertThat(flips).isGreaterThanOrEqualTo((int) LOAD.toSeconds() / 2);
    }

    private static double percentile(long[] sortedMicros, int p) {
        if (sortedMicros.length == 0) {
            return 0;
        }
        return sortedMicros[Math.min(sortedMicros.length - 1, sortedMicros.length * p / 100)] / 1000.0;
    }
}
