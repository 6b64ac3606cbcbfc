package io.sightline.dataset.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk spread over top-level folders finds exactly what a walk on one thread finds. */
class SourceScannerTest {

    @TempDir
    Path root;

    private final List<String> threadsUsed = new ArrayList<>();

    /** Runs the tasks on a pool of 3 and notes the threads, so a spread that ran nothing in parallel shows. */
    private final SourceScanner spread = new SourceScanner((count, task) -> {
        var threads = ConcurrentHashMap.<String>newKeySet();
        var pool = new java.util.concurrent.ForkJoinPool(3);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(i -> {
                threads.add(Thread.currentThread().getName());
                task.accept(i);
            })).get();
        } catch (Exception e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        threadsUsed.addAll(threads);
    });

    private Path file(String rel) throws IOException {
        Path file = root.resolve("src").resolve(rel);
        Files.createDirectories(file.getParent());
        return Files.write(file, rel.getBytes());
    }

    @Test
    void aSpreadWalkFindsWhatOneThreadFinds() throws Exception {
        for (int c = 0; c < 6; c++) {
            for (int i = 0; i < 40; i++) {
                file("class-" + c + "/img-" + i + ".png");
            }
        }
        file("class-1/nested/deeper/x.png");
        file("class-2/labels.csv");
        file("top-level.png");
        file("README.md");
        file(".hidden/secret.png");
        file("class-3/.DS_Store");
        file("class-4/Thumbs.db");
        Files.createDirectories(root.resolve("src/empty-class"));
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.write(outside.resolve("o.png"), new byte[] {1});
        Files.createSymbolicLink(root.resolve("src/escapes"), outside);
        Files.createSymbolicLink(root.resolve("src/linked-class"), root.resolve("src/class-0"));
        Files.createSymbolicLink(root.resolve("src/class-5/dangling.png"), root.resolve("src/nowhere.png"));
        Path source = root.resolve("src").toRealPath();

        SourceScanner.Walk one = new SourceScanner().walk(source, source); // the source is the import root
        SourceScanner.Walk many = spread.walk(source, source);

        assertThat(many.images()).isEqualTo(one.images()).hasSize(6 * 40 + 2 + 40); // the linked class walked too
        assertThat(many.others()).isEqualTo(one.others());
        assertThat(many.ignored()).isEqualTo(one.ignored()).hasSize(3);
        assertThat(many.folders()).isEqualTo(one.folders()).contains("class-1/nested/deeper", "empty-class");
        assertThat(many.problems()).containsExactlyInAnyOrderElementsOf(one.problems())
                .contains("escapes import root: escapes/", "dangling symlink: class-5/dangling.png");
        assertThat(many.stamps().keySet()).isEqualTo(one.stamps().keySet()).contains("", "class-0/", "class-2/labels.csv");
        one.stamps().forEach((key, stamp) -> assertThat(stamp.sameAs(many.stamps().get(key))).as(key).isTrue());
        assertThat(threadsUsed).isNotEmpty();
    }

    @Test
    void aTopLevelFolderThatCannotBeListedFailsTheSpreadWalkAsItFailsOne() throws Exception {
        file("a/1.png");
        Path locked = file("b/2.png").getParent();
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            boolean root = Files.isReadable(locked); // root reads any folder: nothing to fail then
            Path source = this.root.resolve("src").toRealPath();
            if (!root) {
                assertThatThrownBy(() -> new SourceScanner().walk(source, this.root.toRealPath()))
                        .isInstanceOf(IOException.class);
                assertThatThrownBy(() -> spread.walk(source, this.root.toRealPath()))
                        .isInstanceOf(IOException.class);
            } else {
                assertThat(spread.walk(source, this.root.toRealPath()).images()).hasSize(2);
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
