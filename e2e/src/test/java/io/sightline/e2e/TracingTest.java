package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.events.Topics;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces over OTLP, end to end: the packaged services export to a tiny OTLP/HTTP receiver this test runs,
 * and one trace follows a dataset from {@code POST /datasets} through the import, {@code dataset.split},
 * the debounced retrain, the training job, {@code model.promoted} and the model load; the first
 * prediction the new version answers links back to the promotion. Its stack is its own: the exporter's
 * settings are read at start ({@link TracesOffByDefaultTest} checks the shared stack, which has none, exports
 * nothing).
 */
@Tag("stack")
class TracingTest {

    private static final String DATASET = "traced";
    private static final String MODEL = "traced-cnn";
    private static final String DATASET_SERVICE = "sightline-dataset";
    private static final String TRAINER_SERVICE = "sightline-trainer";
    private static final String INFERENCE_SERVICE = "sightline-inference";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneTraceFollowsADatasetFromUploadToTheFirstPredictionOfItsModel() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            Path data = new ShapesDataset(16, 3).write(work.resolve("import/" + DATASET), 12);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("quarkus.otel.sdk.disabled", "false");
            properties.put("quarkus.otel.exporter.otlp.endpoint", receiver.url());
            properties.put("quarkus.otel.exporter.otlp.protocol", "http/protobuf");
            properties.put("quarkus.otel.bsp.schedule.delay", "100ms");
            properties.put("trainer-service:sightline.trainer.retrain-debounce", "1s"); // the timer hop, short
            properties.put("trainer-service:sightline.trainer.retrain." + DATASET + ".model", MODEL);
            properties.put("trainer-service:sightline.trainer.retrain." + DATASET + ".epochs", "1");
            properties.put("trainer-service:sightline.trainer.retrain." + DATASET + ".batch-size", "8");
            properties.put("trainer-service:sightline.trainer.retrain." + DATASET + ".image-size", "16");

            try (RunningStack running = RunningStack.start(work, properties)) {
                LocalStack stack = running.stack();

                // the upload comes from a traced client: its trace id is the one to follow
                String upload = traceId();
                HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(stack.url(Service.DATASET)
                                .resolve("/datasets"))
                        .header("Content-Type", "application/json")
                        .header("traceparent", traceparent(upload))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + DATASET + "\",\"source\":\""
                                + data + "\",\"testRatio\":0.25,\"seed\":7}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

                String version = awaitServing(stack);

                // the first answer of the new version, and one after it, each from a traced client
                String first = traceId();
                String second = traceId();
                assertThat(predict(stack, first)).isEqualTo(200);
                assertThat(predict(stack, second)).isEqualTo(200);

                Predicate<List<Received>> complete = spans -> has(spans, first, INFERENCE_SERVICE, "SERVER")
                        && has(spans, second, INFERENCE_SERVICE, "SERVER")
                        && spans.stream().anyMatch(s -> s.traceId.equals(upload) && s.name.equals("model load"))
                        && spans.stream().anyMatch(s -> s.traceId.equals(upload) && s.name.equals("training job"));
                List<Received> spans;
                try {
                    spans = receiver.await(complete, Duration.ofSeconds(15));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nexporter lines in the service logs:\n"
                            + exporterLines(), e);
                }
                List<Received> trace = spans.stream().filter(s -> s.traceId.equals(upload)).toList();
                String dump = dump(trace);

                // every hop of the loop is in the upload's trace, in the service that does it
                assertThat(one(trace, DATASET_SERVICE, "SERVER", s -> s.attributes.getOrDefault("http.route", "")
                        .equals("/datasets")).parentSpanId).as(dump).isNotEmpty();
                assertThat(trace).as(dump)
                        .anyMatch(s -> s.service.equals(DATASET_SERVICE) && s.name.equals("dataset import"))
                        .anyMatch(producer(DATASET_SERVICE, Topics.DATASETS))
                        .anyMatch(consumer(TRAINER_SERVICE, Topics.DATASETS))
                        .anyMatch(producer(TRAINER_SERVICE, Topics.TRAINING_REQUESTS))
                        .anyMatch(consumer(TRAINER_SERVICE, Topics.TRAINING_REQUESTS))
                        .anyMatch(s -> s.service.equals(TRAINER_SERVICE) && s.name.equals("training job")
                                && MODEL.equals(s.attributes.get("sightline.model"))
                                && DATASET.equals(s.attributes.get("sightline.dataset"))
                                && "completed".equals(s.attributes.get("sightline.job.outcome")))
                        .anyMatch(producer(TRAINER_SERVICE, Topics.TRAINING_EVENTS))
                        .anyMatch(producer(TRAINER_SERVICE, Topics.MODELS))
                        .anyMatch(consumer(INFERENCE_SERVICE, Topics.MODELS))
                        .anyMatch(s -> s.service.equals(INFERENCE_SERVICE) && s.name.equals("model load")
                                && version.equals(s.attributes.get("sightline.model.version")));
                // one connected tree: every span's parent is in the trace, but the client's span of the upload
                Set<String> ids = trace.stream().map(s -> s.spanId).collect(Collectors.toSet());
                assertThat(trace.stream().filter(s -> !ids.contains(s.parentSpanId)).toList()).as(dump)
                        .singleElement().satisfies(root -> {
                            assertThat(root.service).isEqualTo(DATASET_SERVICE);
                            assertThat(root.kind).isEqualTo("SERVER");
                        });

                // the first answer of the new version links to the promotion as inference received it
                Received promotion = one(trace, INFERENCE_SERVICE, "CONSUMER", s -> true);
                Received firstAnswer = one(spans, INFERENCE_SERVICE, "SERVER", s -> s.traceId.equals(first));
                assertThat(firstAnswer.links).as(dump(List.of(firstAnswer)))
                        .containsExactly(upload + "/" + promotion.spanId);
                assertThat(firstAnswer.attributes).containsEntry("sightline.model.version", version)
                        .containsEntry("sightline.model.first_prediction", "true");
                Received secondAnswer = one(spans, INFERENCE_SERVICE, "SERVER", s -> s.traceId.equals(second));
                assertThat(secondAnswer.links).isEmpty();
            }
        }
    }

    /** What the services logged about OpenTelemetry or exporting, for a failure message. */
    private String exporterLines() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Service service : Service.values()) {
            try (Stream<String> log = Files.lines(work.resolve("logs").resolve(service.module() + ".log"))) {
                log.filter(line -> line.toLowerCase(Locale.ROOT).matches(".*(otel|opentelemetry|export).*"))
                        .limit(20).forEach(line -> lines.append(service.module()).append(": ").append(line).append('\n'));
            }
        }
        return lines.toString();
    }

    /** Polls the model's status (not {@code /predict}: the first prediction is the test's) until it serves. */
    private String awaitServing(LocalStack stack) throws IOException {
        HttpResponse<String> reply = Eventually.until(Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> http.send(HttpRequest.newBuilder(modelStatus(stack)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()),
                answer -> answer.statusCode() == 200 && "SERVING".equals(state(answer).path("state").asText()),
                answer -> "inference never served " + MODEL + ": " + (answer == null ? "no answer" : answer.body())
                        + "\ntrainer log:\n" + stack.logTail(Service.TRAINER, 40));
        return StoreJson.mapper().readTree(reply.body()).path("servingVersion").asText();
    }

    private static JsonNode state(HttpResponse<String> answer) {
        try {
            return StoreJson.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URI modelStatus(LocalStack stack) {
        return stack.url(Service.INFERENCE).resolve("/models/" + MODEL);
    }

    private int predict(LocalStack stack, String traceId) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(stack.url(Service.INFERENCE).resolve("/predict/" + MODEL))
                .header("Content-Type", "image/png")
                .header("traceparent", traceparent(traceId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new ShapesDataset(16, 11).png("disc")))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static boolean has(List<Received> spans, String traceId, String service, String kind) {
        return spans.stream().anyMatch(s -> s.traceId.equals(traceId) && s.service.equals(service)
                && s.kind.equals(kind));
    }

    private static Received one(List<Received> spans, String service, String kind, Predicate<Received> which) {
        List<Received> found = spans.stream()
                .filter(s -> s.service.equals(service) && s.kind.equals(kind) && which.test(s)).toList();
        assertThat(found).as("%s %s spans in%n%s", service, kind, dump(spans)).hasSize(1);
        return found.get(0);
    }

    private static Predicate<Received> producer(String service, String topic) {
        return s -> s.service.equals(service) && s.kind.equals("PRODUCER") && topic.equals(destination(s));
    }

    private static Predicate<Received> consumer(String service, String topic) {
        return s -> s.service.equals(service) && s.kind.equals("CONSUMER") && topic.equals(destination(s));
    }

    private static String destination(Received span) {
        return span.attributes.get("messaging.destination.name");
    }

    private static String dump(List<Received> spans) {
        return spans.stream().map(Received::toString).collect(Collectors.joining("\n"));
    }

    private static String traceId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String traceparent(String traceId) {
        byte[] span = new byte[8];
        RANDOM.nextBytes(span);
        return "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /** A span as the receiver got it; ids in lower-case hex, links as {@code traceId/spanId}. */
    record Received(String service, String traceId, String spanId, String parentSpanId, String name, String kind,
                    Map<String, String> attributes, List<String> links) {
        @Override
        public String toString() {
            return service + " " + kind + " '" + name + "' trace=" + traceId + " span=" + spanId + " parent="
                    + parentSpanId + " " + attributes + (links.isEmpty() ? "" : " links=" + links);
        }
    }

    /** An OTLP/HTTP (protobuf) trace receiver on a free port: what a collector would see. */
    static final class OtlpReceiver implements AutoCloseable {
        private final HttpServer server;
        private final ConcurrentLinkedQueue<Received> spans = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

        private OtlpReceiver(HttpServer server) {
            this.server = server;
        }

        static OtlpReceiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OtlpReceiver receiver = new OtlpReceiver(server);
            server.createContext("/", receiver::handle);
            server.start();
            return receiver;
        }

        String url() {
            // an address, not "localhost": the exporter must not pick ::1 while this listens on 127.0.0.1
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                if (!exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                InputStream body = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                try {
                    collect(ExportTraceServiceRequest.parseFrom(body));
                } catch (IOException | RuntimeException | LinkageError e) {
                    requests.add("failed: " + e); // the server would swallow it: keep it for the failure message
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            }
        }

        private void collect(ExportTraceServiceRequest request) {
            HexFormat hex = HexFormat.of();
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service = attributes(resource.getResource().getAttributesList()).get("service.name");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
                        List<String> links = new ArrayList<>();
                        span.getLinksList().forEach(link -> links.add(hex.formatHex(link.getTraceId().toByteArray())
                                + "/" + hex.formatHex(link.getSpanId().toByteArray())));
                        spans.add(new Received(service, hex.formatHex(span.getTraceId().toByteArray()),
                                hex.formatHex(span.getSpanId().toByteArray()),
                                hex.formatHex(span.getParentSpanId().toByteArray()), span.getName(),
                                span.getKind().name().replace("SPAN_KIND_", ""),
                                attributes(span.getAttributesList()), links));
                    }
                }
            }
        }

        private static Map<String, String> attributes(List<KeyValue> values) {
            Map<String, String> map = new LinkedHashMap<>();
            for (KeyValue kv : values) {
                AnyValue v = kv.getValue();
                map.put(kv.getKey(), switch (v.getValueCase()) {
                    case STRING_VALUE -> v.getStringValue();
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    default -> v.toString();
                });
            }
            return map;
        }

        /** Waits until the spans received so far satisfy {@code done}; returns them. */
        List<Received> await(Predicate<List<Received>> done, Duration timeout) {
            return Eventually.until(timeout, Duration.ofMillis(100), () -> List.copyOf(spans), done,
                    now -> "spans never complete; requests " + requests + ", received:\n" + dump(now));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
