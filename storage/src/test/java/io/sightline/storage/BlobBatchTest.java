package io.sightline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blob batches of the file store: small blobs packed, visible on commit, read by every store instance. */
class BlobBatchTest {

    @TempDir
    Path root;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(ArtifactStore store, String sha256) throws Exception {
        try (InputStream in = store.openBlob(sha256)) {
            return in.readAllBytes();
        }
    }

    private List<Path> files(String folder) throws Exception {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void smallBlobsArePackedBigOnesStayLooseAndAllBecomeVisibleOnlyOnCommit() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root, 64);
        byte[] big = new byte[200];
        java.util.Arrays.fill(big, (byte) 7);
        Path file = Files.write(root.resolve("picture.png"), bytes("a small picture"));
        List<BlobRef> refs = new ArrayList<>();

        try (BlobBatch batch = store.newBlobBatch()) {
            refs.add(batch.put(file));
            refs.add(batch.put(new ByteArrayInputStream(bytes("another"))));
            refs.add(batch.put(new ByteArrayInputStream(big)));
            refs.add(batch.put(new ByteArrayInputStream(bytes("another")))); // once only

            for (BlobRef ref : refs) {
                assertThat(store.hasBlob(ref.sha256())).isFalse();
                assertThatThrownBy(() -> store.openBlob(ref.sha256())).isInstanceOf(NoSuchFileException.class);
            }
            batch.commit();
            assertThatThrownBy(() -> batch.put(file)).isInstanceOf(IllegalStateException.class);
        }

        assertThat(refs.get(0)).isEqualTo(new BlobRef(Sha256.of(file), 15));
        assertThat(refs.get(3)).isEqualTo(refs.get(1));
        assertThat(read(store, refs.get(0).sha256())).isEqualTo(Files.readAllBytes(file));
        assertThat(read(store, refs.get(1).sha256())).isEqualTo(bytes("another"));
        assertThat(read(store, refs.get(2).sha256())).isEqualTo(big);
        assertThat(refs).allSatisfy(ref -> assertThat(store.hasBlob(ref.sha256())).isTrue());
        assertThat(store.localBlob(refs.get(0).sha256())).isEmpty(); // packed: read it, do not link it
        assertThat(store.localBlob(refs.get(2).sha256())).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        List<Path> packs = files("blobs/packs");
        assertThat(packs).extracting(p -> p.getFileName().toString().replaceAll("^[0-9a-f]{64}", "<sha>"))
                .containsExactly("<sha>.idx", "<sha>.pack");
        Path pack = packs.get(1);
        assertThat(pack.getFileName().toString()).isEqualTo(Sha256.of(pack) + ".pack"); // named by its content
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void anAbandonedBatchLeavesNothingVisibleNorBehind() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root, 64);
        BlobRef small;
        BlobRef big;
        try (BlobBatch batch = store.newBlobBatch()) {
            small = batch.put(new ByteArrayInputStream(bytes("half an import")));
            big = batch.put(new ByteArrayInputStream(new byte[100]));
        }

        assertThat(store.hasBlob(small.sha256())).isFalse();
        assertThat(store.hasBlob(big.sha256())).isFalse();
        assertThat(new FileArtifactStore(root).hasBlob(small.sha256())).isFalse();
        assertThat(files("blobs")).isEmpty();
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void packedBlobsAreReadAfterReopeningTheStoreAndAPackWithoutIndexIsInvisible() throws Exception {
        BlobRef ref;
        try (BlobBatch batch = new FileArtifactStore(root).newBlobBatch()) {
            ref = batch.put(new ByteArrayInputStream(bytes("kept")));
            batch.commit();
        }

        ArtifactStore reopened = ArtifactStore.connect("file:" + root);
        assertThat(reopened.hasBlob(ref.sha256())).isTrue();
        assertThat(read(reopened, ref.sha256())).isEqualTo(bytes("kept"));

        // what a crash between writing the pack and its index leaves: a pack no reader looks at
        for (Path index : files("blobs/packs")) {
            if (index.toString().endsWith(".idx")) {
                Files.delete(index);
            }
        }
        assertThat(new FileArtifactStore(root).hasBlob(ref.sha256())).isFalse();
    }

    @Test
    void anotherStoreInstanceSeesAPackCommittedAfterItLooked() throws Exception {
        FileArtifactStore writer = new FileArtifactStore(root);
        FileArtifactStore reader = new FileArtifactStore(root); // another process, in effect
        String first = Sha256.of(bytes("first"));
        String second = Sha256.of(bytes("second"));
        assertThat(reader.hasBlob(first)).isFalse(); // indexes loaded now: none yet

        for (String text : List.of("first", "second")) {
            try (BlobBatch batch = writer.newBlobBatch()) {
                batch.put(new ByteArrayInputStream(bytes(text)));
                batch.commit();
            }
            String sha = Sha256.of(bytes(text));
            assertThat(reader.hasBlob(sha)).as(text).isTrue();
            assertThat(read(reader, sha)).isEqualTo(bytes(text));
        }
        assertThat(read(reader, first)).isEqualTo(bytes("first"));
        assertThat(read(new FileArtifactStore(root), second)).isEqualTo(bytes("second"));
    }

    @Test
    void blobsAreWrittenOnceWhetherLooseOrPacked() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        BlobRef loose = store.putBlob(new ByteArrayInputStream(bytes("loose first")));
        try (BlobBatch batch = store.newBlobBatch()) {
            batch.put(new ByteArrayInputStream(bytes("loose first")));
            batch.put(new ByteArrayInputStream(bytes("packed first")));
            batch.commit();
        }
        BlobRef packed = store.putBlob(new ByteArrayInputStream(bytes("packed first")));
        try (BlobBatch again = store.newBlobBatch()) {
            again.put(new ByteArrayInputStream(bytes("packed first")));
            again.put(new ByteArrayInputStream(bytes("loose first")));
            again.commit(); // nothing new: no second pack
        }

        assertThat(store.localBlob(loose.sha256())).isPresent();
        assertThat(store.localBlob(packed.sha256())).isEmpty();
        assertThat(files("blobs")).hasSize(3); // one loose blob, one pack, its index
        assertThat(PackIndex.read(files("blobs/packs").get(0), "x").size()).isEqualTo(1);
        assertThat(root.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void contentStoredLooseAfterABatchStartedCostsAtMostADuplicateRecord() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        try (BlobBatch batch = store.newBlobBatch()) { // no loose-blob folder yet: the batch looks up none
            BlobRef meanwhile = store.putBlob(new ByteArrayInputStream(bytes("stored by another writer")));
            batch.put(new ByteArrayInputStream(bytes("stored by another writer")));
            batch.commit();

            assertThat(store.localBlob(meanwhile.sha256())).isPresent();
            assertThat(PackIndex.read(files("blobs/packs").get(0), "x").size()).isEqualTo(1);
            assertThat(read(store, meanwhile.sha256())).isEqualTo(bytes("stored by another writer"));
            assertThat(store.damagedBlobs(List.of(meanwhile))).isEmpty();
        }
    }

    @Test
    void severalThreadsPutIntoOneBatch() throws Exception {
        FileArtifactStore store = new FileArtifactStore(root);
        Set<String> expected = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (BlobBatch batch = store.newBlobBatch()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) { // every thread puts the same 500 contents: each packed once
                        BlobRef ref = batch.put(new ByteArrayInputStream(bytes("blob " + i)));
                        expected.add(ref.sha256());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            batch.commit();
        } finally {
            threads.shutdown();
        }

        assertThat(expected).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(read(store, Sha256.of(bytes("blob " + i)))).isEqualTo(bytes("blob " + i));
        }
        Path index = files("blobs/packs").get(0);
        assertThat(PackIndex.read(index, "x").size()).isEqualTo(500);
        long contents = 0;
        for (int i = 0; i < 500; i++) {
            contents += bytes("blob " + i).length;
        }
        // magic, then one record (digest, length, content) per distinct blob
        assertThat(Files.size(files("blobs/packs").get(1)))
                .isEqualTo(PackWriter.MAGIC.length() + 500L * (32 + 4) + contents);
    }

    @Test
    void aStoreThatKeepsBlobsLooseWritesNoPacks() throws Exception {
        ArtifactStore store = ArtifactStore.connect(root.toUri() + "?packBlobsUpTo=0");
        BlobRef ref;
        try (BlobBatch batch = store.newBlobBatch()) {
            ref = batch.put(new ByteArrayInputStream(bytes("loose")));
            assertThat(store.hasBlob(ref.sha256())).isFalse();
            batch.commit();
        }
        assertThat(store.localBlob(ref.sha256())).isPresent();
        assertThat(files("blobs/packs")).isEmpty();
        assertThatThrownBy(() -> ArtifactStore.connect(root.toUri() + "?packs=yes"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
