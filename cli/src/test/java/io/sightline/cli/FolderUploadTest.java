package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder the dataset-service cannot see is streamed to it as a tar, with the import's options. */
class FolderUploadTest {

    private static final String ACCEPTED = "{\"name\":\"pets\",\"version\":\"1\",\"status\":\"PENDING\"}";

    @TempDir
    Path work;

    private FakeService dataset;
    private Path pets;

    @BeforeEach
    void folder() throws IOException {
        dataset = new FakeService();
        pets = Files.createDirectories(work.resolve("pets"));
        Files.createDirectories(pets.resolve("cats"));
        Files.createDirectories(pets.resolve("dogs/nested"));
        Files.writeString(pets.resolve("cats/1.png"), "cat one");
        Files.writeString(pets.resolve("dogs/nested/2.png"), "dog two");
        Files.write(pets.resolve("dogs/3.jpg"), new byte[70_000]);
    }

    @AfterEach
    void stop() {
        dataset.close();
    }

    private Run run(String... args) {
        return Run.of(Map.of("SIGHTLINE_DATASET_URL", dataset.url().toString()), args);
    }

    private static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                entries.put(e.getName(), content.length > 100 ? content.length + " bytes"
                        : new String(content, StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void aFolderTheServiceCannotSeeIsUploadedAsATarWithTheOptions() throws IOException {
        dataset.on("POST /datasets/layout", 400, "{\"error\":\"source does not exist: " + pets + "\"}")
                .on("POST /datasets/pets/archive", 202, ACCEPTED);

        Run run = run("dataset", "create", "pets", "--from", pets.toString(), "--seed", "7", "--layout",
                "class-folders", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("uploading " + pets + " (3 files, ")
                .contains("the dataset-service cannot read it where it runs");
        FakeService.Request upload = dataset.requests.get(1);
        assertThat(upload.path()).isEqualTo("/datasets/pets/archive");
        assertThat(upload.query()).contains("seed=7").contains("layout=class-folders");
        assertThat(upload.headers().get("Content-type")).containsExactly("application/x-tar");
        assertThat(entries(upload.body())).containsExactly(Map.entry("cats/1.png", "cat one"),
                Map.entry("dogs/3.jpg", "70000 bytes"), Map.entry("dogs/nested/2.png", "dog two"));
        assertThat(dataset.requests).extracting(FakeService.Request::path)
                .containsExactly("/datasets/layout", "/datasets/pets/archive");
    }

    @Test
    void anotherRefusalOfThePreviewStaysARefusalAndUploadForcesTheTar() {
        dataset.on("POST /datasets/layout", 400, "{\"error\":\"layout cannot be told: several labels files\"}");
        Run refused = run("dataset", "create", "pets", "--from", pets.toString(), "--no-wait");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(dataset.requests).extracting(FakeService.Request::path).containsExactly("/datasets/layout");

        dataset.on("POST /datasets/pets/archive", 202, ACCEPTED);
        Run forced = run("dataset", "create", "pets", "--from", pets.toString(), "--upload", "--no-wait");
        assertThat(forced.exitCode()).as(forced.err()).isEqualTo(0);
        assertThat(dataset.requests).extracting(FakeService.Request::path)
                .containsExactly("/datasets/layout", "/datasets/pets/archive");
    }

    @Test
    void symlinksAreLeftOutAndCounted() throws IOException {
        Path secret = Files.writeString(work.resolve("secret.txt"), "not for the cluster");
        Files.createSymbolicLink(pets.resolve("cats/link.png"), secret);
        AtomicLong skipped = new AtomicLong();
        FolderUpload upload = FolderUpload.of(pets, skipped);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        upload.write(tar, () -> { });

        assertThat(skipped.get()).isEqualTo(1);
        assertThat(entries(tar.toByteArray())).doesNotContainKey("cats/link.png").hasSize(3);
        assertThat(upload.progress()).contains("3/3 files");
    }
}
