package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneCacheTest {

    @TempDir
    Path dir;

    final Instant now = Instant.now();

    private Path file(String name, Duration age) throws Exception {
        Path file = Files.write(dir.resolve(name), new byte[400]);
        Files.setLastModifiedTime(file, FileTime.from(now.minus(age)));
        return file;
    }

    @Test
    void theLeastRecentlyUsedGoFirstNeverARunningJobsOrAFreshOne() throws Exception {
        String running = "https://models.example.org/features.pt";
        file(BackboneDownload.fileName(running), Duration.ofHours(5));
        file("backbone-old1.pt", Duration.ofHours(4));
        file("backbone-old2.pt", Duration.ofHours(3));
        file("backbone-newer.pt", Duration.ofHours(2));
        file("backbone-fresh.pt", Duration.ofMinutes(1));

        BackboneCache.Trimmed trimmed = new BackboneCache(dir, 1200).trim(List.of(running + "#sha256=" + "a".repeat(64),
                "registered-model:3"), now);

        assertThat(trimmed).isEqualTo(new BackboneCache.Trimmed(2, 800));
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    BackboneDownload.fileName(running), "backbone-newer.pt", "backbone-fresh.pt");
        }
        assertThat(new BackboneCache(dir, 1200).trim(List.of(), now)).isEqualTo(new BackboneCache.Trimmed(0, 0));
        // over budget with only a running job's and a fresh file left: both stay
        assertThat(new BackboneCache(dir, 0).trim(List.of(running), now).files()).isEqualTo(1);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.count()).isEqualTo(2);
        }
    }

    @Test
    void aMissingFolderIsNothingToTrim() throws Exception {
        assertThat(new BackboneCache(dir.resolve("none"), 0).trim(List.of(), now).files()).isZero();
    }
}
