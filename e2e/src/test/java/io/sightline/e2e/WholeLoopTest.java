package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole loop over a real broker, with the packaged services as separate processes (the run's
 * {@link SharedStack}): a generated dataset is posted, split, verified, trained on (by the trainer's retrain
 * binding: {@link SharedStack#WHOLE_LOOP_DATASET}, 8 epochs at 32 px), promoted and served.
 */
@Tag("stack")
@ExtendWith(SharedStack.class)
class WholeLoopTest {

    private static final String DATASET = SharedStack.WHOLE_LOOP_DATASET;
    private static final String MODEL = SharedStack.WHOLE_LOOP_MODEL;

    @Test
    void aPostedDatasetBecomesAServedModelThatPredictsFreshImages(RunningStack running) throws Exception {
        Path data = new ShapesDataset(32, 1).write(running.imports().resolve(DATASET), 40);
        // display names, as GTSRB's signnames.csv gives them: they travel to the model and its predictions
        Files.writeString(data.resolve("names.csv"), "ClassId,Name\ndisc,Round disc\nhorizontal,Bar (lying)\n"
                + "vertical,Bar (standing)\n");
        Path broken = new ShapesDataset(32, 2).write(running.imports().resolve("broken"), 3);
        Files.writeString(broken.resolve("disc/bad.png"), "not a picture");

        try (KafkaConsumer<String, String> consumer = consumer(running.broker().bootstrapServers())) {
            LocalStack stack = running.stack();
            SightlineClient client = running.client();
            // the PyTorch services start with glibc's malloc tuned: glibc reads it from their environment at start
            for (Service service : new Service[] {Service.TRAINER, Service.INFERENCE}) {
                assertThat(environment(stack.process(service))).as(service.module())
                        .containsAllEntriesOf(LocalStack.MALLOC_TUNING);
            }
            EventLog events = new EventLog(consumer, stack);

            // a dataset with a file that is not an image is refused, with the reason, on the wire too
            client.createDataset("broken", broken.toString(), 0.25, 7).requireStatus(202);
            ConsumerRecord<String, String> rejected = events.await(EventTypes.DATASET_REJECTED, "broken",
                    Duration.ofMinutes(1));
            assertThat(StoreJson.mapper().readTree(rejected.value()).path("reason").asText()).contains("bad.png");
            assertThat(running.store().resolve("datasets/broken")).doesNotExist();

            SightlineClient.Reply accepted = client.createDataset(DATASET, data.toString(), 0.25, 7,
                    Map.of("classNames", "names.csv")).requireStatus(202);
            String location = accepted.raw().headers().firstValue("Location").orElseThrow();
            JsonNode version = client.await(client.datasetUrl().resolve(location),
                    SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(2));
            assertThat(version.path("status").asText()).as(version.toString()).isEqualTo("READY");
            assertThat(version.path("layout").asText()).isEqualTo("class-folders");
            assertThat(version.path("classNames").path("horizontal").asText()).isEqualTo("Bar (lying)");

            ConsumerRecord<String, String> split = events.await(EventTypes.DATASET_SPLIT, DATASET,
                    Duration.ofMinutes(1));
            assertThat(header(split, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(split, "ce_source")).isEqualTo(EventTypes.SOURCE_DATASET_SERVICE);

            ConsumerRecord<String, String> promoted = events.await(EventTypes.MODEL_PROMOTED, MODEL,
                    Duration.ofMinutes(5));
            JsonNode promotion = StoreJson.mapper().readTree(promoted.value());
            assertThat(promotion.path("dataset").asText()).isEqualTo(DATASET);
            String modelVersion = promotion.path("version").asText();
            assertThat(running.store().resolve(promotion.path("artifactKey").asText()).resolve("model.params"))
                    .isRegularFile();

            // fresh images the model has never seen, from another seed
            ShapesDataset fresh = new ShapesDataset(32, 424242);
            awaitServing(client, fresh.png("disc"), modelVersion);
            int correct = 0;
            int total = 0;
            for (String label : ShapesDataset.CLASSES) {
                for (int i = 0; i < 20; i++) {
                    JsonNode answer = client.predict(MODEL, fresh.png(label), "image/png", 3).requireStatus(200).body();
                    assertThat(answer.path("predictions")).hasSize(3);
                    assertThat(answer.path("version").asText()).isEqualTo(modelVersion);
                    JsonNode best = answer.path("predictions").get(0);
                    assertThat(best.path("name").asText()).isEqualTo(Map.of("disc", "Round disc",
                            "horizontal", "Bar (lying)", "vertical", "Bar (standing)").get(best.path("label").asText()));
                    if (best.path("label").asText().equals(label)) {
                        correct++;
                    }
                    total++;
                }
            }
            double accuracy = (double) correct / total;
            // chance is 1/3
            assertThat(accuracy).as("accuracy on %d fresh images", total).isGreaterThan(0.7);
        }
    }

    /** A running process's environment as Linux shows it ({@code /proc/<pid>/environ}: NUL-separated entries). */
    private static Map<String, String> environment(Process process) throws IOException {
        Map<String, String> environment = new HashMap<>();
        String raw = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "environ"),
                StandardCharsets.ISO_8859_1);
        for (String entry : raw.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environment;
    }

    private static void awaitServing(SightlineClient client, byte[] image, String version) {
        Eventually.until(Duration.ofMinutes(1), Duration.ofMillis(200), () -> client.predict(MODEL, image, "image/png", 1),
                reply -> reply.status() == 200 && version.equals(reply.body().path("version").asText()),
                reply -> "inference never served " + MODEL + " v" + version + ": "
                        + (reply == null ? "no answer" : reply.raw().body()));
    }

    /** Every record read so far; waiting for one type keeps the others for later questions. */
    private static final class EventLog {
        private final KafkaConsumer<String, String> consumer;
        private final LocalStack stack;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        EventLog(KafkaConsumer<String, String> consumer, LocalStack stack) {
            this.consumer = consumer;
            this.stack = stack;
        }

        ConsumerRecord<String, String> await(String type, String key, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (ConsumerRecord<String, String> record : seen) {
                    if (type.equals(header(record, "ce_type")) && key.equals(record.key())) {
                        return record;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + type + " event for " + key + " within " + timeout
                            + "\ntrainer log:\n" + stack.logTail(Service.TRAINER, 60));
                }
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        // a pattern picks the topics up once the services create them
        consumer.subscribe(Pattern.compile(Pattern.quote(Topics.DATASETS) + "|" + Pattern.quote(Topics.MODELS)));
        return consumer;
    }
}
