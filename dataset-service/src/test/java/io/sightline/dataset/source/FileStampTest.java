package io.sightline.dataset.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampTest {

    @TempDir
    Path dir;

    @Test
    void aStampTakenLongAfterTheLastChangeIsNotRacyAndStaysTheSameWhileNothingWrites() throws Exception {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
        Instant later = Instant.now().plusSeconds(10);

        FileStamp stamp = FileStamp.of(file, later);

        assertThat(stamp).isNotNull();
        assertThat(stamp.racy()).isFalse();
        assertThat(stamp.sameAs(FileStamp.of(file, later))).isTrue();
    }

    @Test
    void aWriteOfTheSameSizeWithTheModificationTimePutBackStillMovesTheStamp() throws Exception {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
        FileTime modified = Files.getLastModifiedTime(file);
        FileStamp before = FileStamp.of(file, Instant.now().plusSeconds(10));
        Thread.sleep(20); // past the kernel's timestamp tick

        Files.write(file, new byte[] {9, 9, 9});
        Files.setLastModifiedTime(file, modified); // what cp -p or touch -r would do

        FileStamp after = FileStamp.of(file);
        assertThat(after.size()).isEqualTo(before.size());
        assertThat(after.modifiedNanos()).isEqualTo(before.modifiedNanos());
        assertThat(before.sameAs(after)).as("the status-change time moved").isFalse();
    }

    @Test
    void aFileReplacedByAnotherIsNotTheSame() throws Exception {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});
        FileStamp before = FileStamp.of(file, Instant.now().plusSeconds(10));
        Path other = Files.write(dir.resolve("b.png"), new byte[] {4, 5, 6});
        Files.setLastModifiedTime(other, FileTime.from(before.modifiedNanos(), java.util.concurrent.TimeUnit.NANOSECONDS));

        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(before.sameAs(FileStamp.of(file))).isFalse();
        assertThat(before.sameAs(null)).isFalse();
    }

    @Test
    void aFileChangedJustBeforeItsStampIsRacy() throws Exception {
        Path file = Files.write(dir.resolve("a.png"), new byte[] {1, 2, 3});

        assertThat(FileStamp.of(file).racy()).as("a write in the same tick would leave the stamp as it is").isTrue();
        assertThat(FileStamp.of(file, Instant.now().plus(FileStamp.RACY).plusSeconds(1)).racy()).isFalse();
    }
}
