package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's layout and documents: keys, names, and JSON that a store written before still reads. */
class StoreDocumentsTest {

    @Test
    void manifestDigestDependsOnContentOnly() {
        var a = new DatasetManifest.Entry("cats/1.png", "cats", "aa", 3, 1, 1, "train", "aa");
        var b = new DatasetManifest.Entry("dogs/1.png", "dogs", "bb", 3, 1, 1, "test", "bb");
        var bMoved = new DatasetManifest.Entry("dogs/1.png", "dogs", "bb", 3, 1, 1, "train", "bb");

        assertThat(DatasetManifest.digestOf(List.of(a, b))).isEqualTo(DatasetManifest.digestOf(List.of(b, a)));
        assertThat(DatasetManifest.digestOf(List.of(a, b))).isNotEqualTo(DatasetManifest.digestOf(List.of(a, bMoved)));
        assertThat(StoreKeys.isValidName("gtsrb-v2_1.0")).isTrue();
        assertThat(StoreKeys.isValidName("../x")).isFalse();
        assertThat(StoreKeys.isValidName(".hidden")).isFalse();
    }

    @Test
    void aCompactDocumentIsStreamedToItsFileWithTheDigestOfWhatWasWritten(@TempDir Path dir) throws Exception {
        var entries = java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> new DatasetManifest.Entry("c/" + i + ".png", "c", "ab" + i, 3, 1, 1, "train", "ab" + i))
                .toList();
        Path file = dir.resolve("doc.json");
        Files.writeString(file, "an older, longer document that is replaced whole ".repeat(5_000));

        String sha256 = StoreJson.writeCompact(java.util.Map.of("entries", entries), file);

        byte[] written = Files.readAllBytes(file);
        assertThat(sha256).isEqualTo(Sha256.of(written));
        assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("older");
        assertThat(StoreJson.mapper().readTree(written).get("entries")).hasSize(2_000);
    }

    @Test
    void everyDocumentHasTheKeyItAlwaysHad() {
        assertThat(StoreKeys.datasetVersions("cats")).isEqualTo("datasets/cats");
        assertThat(StoreKeys.datasetVersion("cats", "3")).isEqualTo("datasets/cats/3");
        assertThat(StoreKeys.manifest("cats", "3")).isEqualTo("datasets/cats/3/manifest.json");
        assertThat(StoreKeys.verification("cats", "3")).isEqualTo("datasets/cats/3/verification.json");
        assertThat(StoreKeys.modelVersions("m")).isEqualTo("models/m");
        assertThat(StoreKeys.modelVersion("m", "2")).isEqualTo("models/m/2");
        assertThat(StoreKeys.champion("m")).isEqualTo("models/m/champion.json");
        assertThat(StoreKeys.modelParams("m", "2")).isEqualTo("models/m/2/model.params");
        assertThat(StoreKeys.architecture("m", "2")).isEqualTo("models/m/2/architecture.json");
        assertThat(StoreKeys.signature("m", "2")).isEqualTo("models/m/2/signature.json");
        assertThat(StoreKeys.metrics("m", "2")).isEqualTo("models/m/2/metrics.json");
        assertThat(StoreKeys.curves("m", "2")).isEqualTo("models/m/2/curves.svg");
        assertThat(StoreKeys.report("m", "2")).isEqualTo("models/m/2/report.html");
        assertThat(StoreKeys.checkpoints("job-1")).isEqualTo("checkpoints/job-1");
        assertThat(List.of(StoreKeys.DATASETS, StoreKeys.MODELS)).containsExactly("datasets", "models");
        assertThatThrownBy(() -> StoreKeys.champion("../m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreKeys.metrics("m", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChampionIsWrittenWithTheTrainersPropertiesInTheirOrder() throws Exception {
        Champion champion = new Champion("m", "2", 0.9, "job-2", "event-2", "first version",
                Instant.parse("2026-01-01T00:00:00Z"));

        JsonNode json = StoreJson.mapper().readTree(StoreJson.write(champion));

        assertThat(json.fieldNames()).toIterable()
                .containsExactly("model", "version", "testAccuracy", "jobId", "eventId", "reason", "promotedAt");
        assertThat(json.path("testAccuracy").asDouble()).isEqualTo(0.9);
        assertThat(json.path("promotedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(StoreJson.read(StoreJson.write(champion), Champion.class)).isEqualTo(champion);
    }

    @Test
    void aChampionWrittenBeforeStillReadsAndUnknownPropertiesAreIgnored() throws Exception {
        String written = "{\"model\": \"m\", \"version\": \"2\", \"testAccuracy\": 0.9, \"jobId\": \"job-2\","
                + " \"eventId\": \"event-2\", \"reason\": \"first version\", \"promotedAt\": \"2026-01-01T00:00:00Z\","
                + " \"addedLater\": {\"any\": [1, 2]}}";

        Champion champion = StoreJson.read(written.getBytes(StandardCharsets.UTF_8), Champion.class);

        assertThat(champion).isEqualTo(new Champion("m", "2", 0.9, "job-2", "event-2", "first version",
                Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(StoreJson.read("{}".getBytes(StandardCharsets.UTF_8), Champion.class))
                .isEqualTo(new Champion(null, null, 0.0, null, null, null, null));
    }
}
