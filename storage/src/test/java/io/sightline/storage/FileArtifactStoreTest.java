package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the file store, and what only the file store does: loose blob files, its {@code tmp/}. */
class FileArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path root;

    ArtifactStore store;

    @BeforeEach
    void openStore() throws Exception {
        store = new FileArtifactStore(root);
    }

    @Override
    ArtifactStore store() {
        return store;
    }

    /** Every writer staged in {@code tmp/} and renamed or deleted what it staged. */
    @Override
    void assertNothingStaged() {
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aBlobIsOneLooseFileThatCanBeLinked() throws Exception {
        byte[] content = "a picture".getBytes(StandardCharsets.UTF_8);

        BlobRef first = store.putBlob(new ByteArrayInputStream(content));
        store.putBlob(new ByteArrayInputStream(content));

        assertThat(store.localBlob(first.sha256())).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(1);
        }
        assertNothingStaged();
    }

    @Test
    void aCheckOfBlobsReadsPacksAndLooseFilesAndFindsChangedBytes() throws Exception {
        List<BlobRef> packed = new ArrayList<>();
        try (BlobBatch batch = store.newBlobBatch()) {
            for (int i = 0; i < 300; i++) {
                packed.add(batch.put(("picture number " + i).getBytes(StandardCharsets.UTF_8)));
            }
            batch.commit();
        }
        BlobRef loose = store.putBlob(new ByteArrayInputStream("a loose picture".getBytes(StandardCharsets.UTF_8)));
        List<BlobRef> all = new ArrayList<>(packed);
        all.add(loose);
        Collections.reverse(all); // not in pack order: the check sorts
        assertThat(store.damagedBlobs(all)).isEmpty();

        // one byte of blob 150's content changed in its pack, the loose one rewritten, the pack cut short in blob 299
        Path pack = packFile();
        byte[] bytes = Files.readAllBytes(pack);
        int at = indexOf(bytes, "picture number 150".getBytes(StandardCharsets.UTF_8));
        bytes[at + 3] ^= 1;
        Files.write(pack, Arrays.copyOf(bytes, indexOf(bytes, "picture number 299".getBytes(StandardCharsets.UTF_8)) + 4));
        Path looseFile = store.localBlob(loose.sha256()).orElseThrow();
        looseFile.toFile().setWritable(true);
        Files.writeString(looseFile, "another picture");

        assertThat(store.damagedBlobs(all)).isEqualTo(Map.of(
                packed.get(150).sha256(), BlobDamage.MODIFIED,
                packed.get(299).sha256(), BlobDamage.MODIFIED,
                loose.sha256(), BlobDamage.MODIFIED));
        // the check agrees with what a reader of each blob gets
        for (BlobRef ref : packed) {
            try (InputStream in = store.openBlob(ref.sha256())) {
                assertThat(Sha256.of(in).equals(ref.sha256()))
                        .isEqualTo(ref != packed.get(150) && ref != packed.get(299));
            }
        }
    }

    private Path packFile() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("blobs").resolve("packs"))) {
            return files.filter(p -> p.toString().endsWith(".pack")).findFirst().orElseThrow();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    @Test
    void openPicksTheBackendFromTheUri() throws Exception {
        assertThat(ArtifactStore.connect(root.toUri())).isInstanceOf(FileArtifactStore.class);
        assertThat(ArtifactStore.connect("file:" + root)).isInstanceOf(FileArtifactStore.class);
        assertThatThrownBy(() -> ArtifactStore.connect("ftp://x/y")).hasMessageContaining("unsupported");
    }
}
