package io.sightline.dataset.catalog;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Publication;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Lays a published version out as folders a training script can read:
 * {@code datasets/<name>/<v>/tree/{train,test,val}/<class>/<file>} (the manifest path below the split
 * folder). A file is a hard link to its blob when the store keeps blobs as local files on the same
 * filesystem, else a copy. The tree is written as a store publication, so it appears complete or not at
 * all, and every file in it is re-hashed against the manifest before it is committed, and again each time
 * it is asked for — a tree someone modified (through a hard link that means the blob too) is reported,
 * never handed out silently.
 */
public final class TreeMaterialiser {

    /** Folder below the version's folder that holds the tree. */
    public static final String TREE = "tree";

    /**
     * A materialised tree.
     *
     * @param key       its store key
     * @param path      a local folder holding it (the store's own folder for a {@code file:} store)
     * @param files     files in it, one per manifest entry
     * @param hardLinks files written as hard links to blobs (this call; 0 when it existed)
     * @param copies    files written as copies (this call; 0 when it existed)
     * @param verified  files re-hashed against the manifest by this call
     * @param created   whether this call wrote it (false: it existed and was re-checked)
     * @param tookMs    milliseconds
     */
    public record Tree(String key, String path, int files, int hardLinks, int copies, int verified, boolean created,
                       long tookMs) {
    }

    private final ArtifactStore store;
    private final int threads;

    public TreeMaterialiser(ArtifactStore store, int threads) {
        this.store = store;
        this.threads = Math.max(1, threads);
    }

    public Tree materialise(DatasetManifest manifest) throws IOException {
        long start = System.nanoTime();
        String key = StoreKeys.datasetVersion(manifest.dataset(), manifest.version()) + "/" + TREE;
        if (!store.exists(key)) {
            try (Publication publication = store.publish(key)) {
                Path dir = publication.directory();
                AtomicInteger links = new AtomicInteger();
                AtomicInteger copies = new AtomicInteger();
                parallel(manifest.entries(), entry -> {
                    Path target = dir.resolve(entry.split()).resolve(manifest.treePath(entry));
                    Files.createDirectories(target.getParent());
                    if (link(entry.sha256(), target)) {
                        links.incrementAndGet();
                    } else {
                        try (InputStream in = store.openBlob(entry.sha256())) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                        copies.incrementAndGet();
                    }
                });
                int verified = check(manifest, dir, key);
                publication.commit();
                return new Tree(key, store.localFolder(key).toString(), manifest.entries().size(), links.get(),
                        copies.get(), verified, true, (System.nanoTime() - start) / 1_000_000);
            } catch (FileAlreadyExistsException raced) {
                // another request materialised it meanwhile: check theirs below
            }
        }
        Path dir = store.localFolder(key);
        int verified = check(manifest, dir, key);
        return new Tree(key, dir.toString(), manifest.entries().size(), 0, 0, verified, false,
                (System.nanoTime() - start) / 1_000_000);
    }

    private boolean link(String sha256, Path target) {
        Path blob = store.localBlob(sha256).orElse(null);
        if (blob == null) {
            return false;
        }
        try {
            Files.createLink(target, blob);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // another filesystem, or no hard links there: copy instead
        }
    }

    /** Re-hashes every entry's file in {@code dir} and refuses extra files; returns the files checked. */
    private int check(DatasetManifest manifest, Path dir, String key) throws IOException {
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        parallel(manifest.entries(), entry -> {
            Path file = dir.resolve(entry.split()).resolve(manifest.treePath(entry));
            if (!Files.isRegularFile(file)) {
                problems.add("missing: " + entry.split() + "/" + manifest.treePath(entry));
            } else if (Files.size(file) != entry.bytes() || !Sha256.of(file).equals(entry.sha256())) {
                problems.add("modified: " + entry.split() + "/" + manifest.treePath(entry));
            }
        });
        long present;
        try (Stream<Path> walk = Files.walk(dir)) {
            present = walk.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".published"))
                    .count();
        }
        if (present != manifest.entries().size()) {
            problems.add("the tree holds " + present + " files, the manifest " + manifest.entries().size());
        }
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new TreeMismatchException(key, problems);
        }
        return manifest.entries().size();
    }

    private interface EntryTask {
        void run(DatasetManifest.Entry entry) throws IOException;
    }

    private void parallel(List<DatasetManifest.Entry> entries, EntryTask task) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.submit(() -> entries.parallelStream().forEach(e -> {
                try {
                    task.run(e);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
