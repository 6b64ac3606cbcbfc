package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import io.sightline.events.EventTypes;
import io.sightline.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dataset-service is SIGKILLed while it splits a few thousand generated PNGs. Nothing of the version
 * becomes visible under {@code datasets/<name>/}, no {@code dataset.split} is ever sent for it, and after a
 * restart the request reads REJECTED with an "interrupted" reason (the service's journal, decision 010);
 * the same source submitted again then completes. CI kills once, in the first of the copy or verify
 * stages it sees (where the store is written); the full profile kills once in each of read, copy and verify.
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class DatasetKillTest {

    private static final String NAME = "bulk";
    private static final int PER_CLASS = FaultProfile.pick(1000, 3000);

    @Test
    void aDatasetServiceKilledMidSplitPublishesNothingAndRejectsTheRequestAfterRestart() throws Exception {
        Path source = FaultStack.running().imports().resolve("bulk");
        long t0 = System.nanoTime();
        new ShapesDataset(32, 21).write(source, PER_CLASS);
        System.out.printf("generated %d PNGs in %d ms%n", 3 * PER_CLASS, (System.nanoTime() - t0) / 1_000_000);
        Path store = FaultStack.running().store();
        SightlineClient client = FaultStack.client();
        List<List<String>> killStages = FaultProfile.pick(List.of(List.of("copy", "verify")),
                List.of(List.of("read"), List.of("copy"), List.of("verify")));

        List<String> interrupted = new ArrayList<>();
        try (TopicLog log = new TopicLog(FaultStack.bootstrap(), Topics.DATASETS)) {
            for (List<String> stages : killStages) {
                String version = submit(client, source);
                URI url = client.datasetUrl().resolve("/datasets/" + NAME + "/versions/" + version);
                String killedIn = killDuring(client, url, stages);
                System.out.printf("killed dataset-service in stage %s of version %s%n", killedIn, version);
                assertThat(store.resolve("datasets/" + NAME + "/" + version)).as("half-published version").doesNotExist();
                long tmpBytes = bytesUnder(store.resolve("tmp"));

                FaultStack.stack().restart(Service.DATASET, FaultStack.START_TIMEOUT);
                JsonNode after = client.await(url, SightlineClient.statusIn("READY", "REJECTED"), Duration.ofSeconds(30));
                System.out.printf("after restart: %s, reason: %s; store tmp/ held %d bytes of staged writes at the kill,"
                        + " %d bytes after the restart%n", after.path("status").asText(), after.path("reason").asText(),
                        tmpBytes, bytesUnder(store.resolve("tmp")));
                assertThat(after.path("status").asText()).isEqualTo("REJECTED");
                assertThat(after.path("reason").asText()).startsWith("interrupted");
                assertThat(store.resolve("datasets/" + NAME + "/" + version)).doesNotExist();
                interrupted.add(version);
            }

            // the same request again, uninterrupted, completes with every image
            String version = submit(client, source);
            JsonNode ready = client.await(client.datasetUrl().resolve("/datasets/" + NAME + "/versions/" + version),
                    SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(3));
            assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("READY");
            assertThat(ready.at("/verification/images").asInt()).isEqualTo(3 * PER_CLASS);
            assertThat(ready.path("version").asText()).isNotIn(interrupted);
            log.await(e -> EventTypes.DATASET_SPLIT.equals(e.type()) && NAME.equals(e.key())
                    && version.equals(e.field("version")), Duration.ofMinutes(1), () -> "");
            // no event, ever, names an interrupted version
            assertThat(log.settle(e -> NAME.equals(e.key()) && interrupted.contains(e.field("version")),
                    Duration.ofSeconds(2))).isEmpty();
            try (Stream<Path> versions = Files.list(store.resolve("datasets/" + NAME))) {
                assertThat(versions.map(p -> p.getFileName().toString())).containsExactly(version);
            }
        }
        // and the restarted service goes on taking new datasets
        try {
            FaultStack.createDataset("after-kill", 10, 16, 51);
        } catch (Exception e) {
            throw new AssertionError("the restarted dataset-service took no new dataset: " + e + "\n"
                    + FaultStack.threadDump(Service.DATASET), e);
        }
    }

    private static String submit(SightlineClient client, Path source) throws IOException {
        return client.createDataset(NAME, source.toString(), 0.2, 42).requireStatus(202).body().path("version").asText();
    }

    /** Polls the version and SIGKILLs the service at the first sight of one of {@code stages}; returns the stage. */
    private static String killDuring(SightlineClient client, URI url, List<String> stages) throws Exception {
        AtomicReference<String> last = new AtomicReference<>("");
        JsonNode seen = Eventually.until(Duration.ofMinutes(3), Duration.ofMillis(20),
                () -> client.await(url, body -> true, Duration.ofSeconds(10)), version -> {
                    String status = version.path("status").asText();
                    String stage = version.at("/progress/stage").asText("");
                    if (!stage.equals(last.getAndSet(stage))) {
                        System.out.printf("  %s %s %s/%s%n", status, stage, version.at("/progress/done").asText(),
                                version.at("/progress/total").asText());
                    }
                    if (status.equals("READY") || status.equals("REJECTED")) {
                        throw new AssertionError("the split ended (" + status + ") before stage " + stages
                                + " was seen: make the dataset bigger");
                    }
                    return status.equals("SPLITTING") && stages.contains(stage);
                }, version -> "stage " + stages + " never seen");
        FaultStack.stack().kill(Service.DATASET);
        return seen.at("/progress/stage").asText() + " (" + seen.at("/progress/done").asText() + "/"
                + seen.at("/progress/total").asText() + ")";
    }

    private static long bytesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
