package io.sightline.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.UnknownResourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedModelsTest {

    @TempDir
    Path dir;

    ArtifactStore store;
    PublishedModels registry;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(dir);
        registry = new PublishedModels(store);
    }

    @Test
    void versionsCountUpFromOne() throws Exception {
        assertThat(registry.nextVersion("cracks")).isEqualTo("1");

        PublishedVersion first = registry.publish("cracks", (folder, version) -> write(folder, version));
        PublishedVersion second = registry.publish("cracks", (folder, version) -> write(folder, version));

        assertThat(first.version()).isEqualTo("1");
        assertThat(first.artifactKey()).isEqualTo(StoreKeys.modelVersion("cracks", "1"));
        assertThat(second.version()).isEqualTo("2");
        assertThat(new String(store.read(StoreKeys.modelVersion("cracks", "2") + "/weights.bin")))
                .isEqualTo("version 2");
        assertThat(registry.versions("cracks")).containsExactly("1", "2");
        assertThat(registry.models()).containsExactly("cracks");
    }

    @Test
    void versionsSortAsNumbersAndIgnoreOtherFiles() throws Exception {
        for (int i = 0; i < 10; i++) {
            registry.publish("m", (folder, version) -> write(folder, version));
        }
        store.write(StoreKeys.champion("m"), "{}".getBytes());

        assertThat(registry.versions("m")).hasSize(10).startsWith("1", "2").endsWith("9", "10");
        assertThat(registry.nextVersion("m")).isEqualTo("11");
    }

    @Test
    void aJobThatTakesTheNumberFirstPushesTheOtherToTheNext() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        PublishedVersion published = registry.publish("raced", (folder, version) -> {
            if (calls.getAndIncrement() == 0) {
                // another worker commits the same number while this one is still writing
                try (Publication other = store.publish(StoreKeys.modelVersion("raced", version))) {
                    write(other.directory(), "other");
                    other.commit();
                }
            }
            write(folder, version);
        });

        assertThat(calls).hasValue(2);
        assertThat(published.version()).isEqualTo("2");
        assertThat(new String(store.read(StoreKeys.modelVersion("raced", "1") + "/weights.bin")))
                .isEqualTo("version other");
        assertThat(new String(store.read(StoreKeys.modelVersion("raced", "2") + "/weights.bin")))
                .isEqualTo("version 2");
    }

    @Test
    void aFailedWriterLeavesNoVersionBehind() {
        assertThatThrownBy(() -> registry.publish("broken", (folder, version) -> {
            write(folder, version);
            throw new java.io.IOException("disk full");
        })).hasMessage("disk full");

        assertThat(store.exists(StoreKeys.modelVersion("broken", "1"))).isFalse();
    }

    @Test
    void anUnknownModelIsReportedByName() {
        assertThatThrownBy(() -> registry.detail("nope"))
                .isInstanceOf(UnknownResourceException.class)
                .hasMessage("no model nope");
    }

    private static void write(Path folder, String version) throws java.io.IOException {
        Files.writeString(folder.resolve("weights.bin"), "version " + version);
    }
}
