package io.sightline.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * One sweep of a file store's {@code blobs/} ({@link ArtifactStore#sweepBlobs}): loose files, then packs. A pack's
 * write time is its index's modification time (the index is written last, when the pack becomes visible).
 *
 * <p>A repack writes the live blobs into a new pack in {@code tmp/}, installs it (its index renamed in), and only
 * then removes the old pack, index first: a reader that found a blob in the old pack either reads it there (an open
 * file stays readable after its name is gone) or, failing, looks again and finds it in the new one.
 */
final class FileBlobSweep {

    private static final Logger LOG = Logger.getLogger(FileBlobSweep.class);

    private final Path blobs;
    private final BlobPacks packs;
    private final Path tmp;
    private final Predicate<String> live;
    private final Instant writtenBefore;
    private int looseDeleted;
    private int repacked;
    private int packsDeleted;
    private long bytes;
    private long kept;

    FileBlobSweep(Path blobs, BlobPacks packs, Path tmp, Predicate<String> live, Instant writtenBefore) {
        this.blobs = blobs;
        this.packs = packs;
        this.tmp = tmp;
        this.live = live;
        this.writtenBefore = writtenBefore;
    }

    BlobSweepResult sweep(double repackBelow) throws IOException {
        sweepLoose();
        for (PackIndex pack : packs.current()) {
            sweepPack(pack, repackBelow);
        }
        return new BlobSweepResult(looseDeleted, repacked, packsDeleted, bytes, kept);
    }

    private void sweepLoose() throws IOException {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs, "[0-9a-f][0-9a-f]")) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
                    for (Path file : files) {
                        sweepLoose(file);
                    }
                }
            }
        }
    }

    private void sweepLoose(Path file) throws IOException {
        String sha256 = file.getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!Sha256.isHex(sha256) || !attributes.isRegularFile()
                || !attributes.lastModifiedTime().toInstant().isBefore(writtenBefore) || live.test(sha256)) {
            kept++;
            return;
        }
        boolean linkedElsewhere = linkCount(file) > 1; // e.g. from a tree view: deleting it frees nothing yet
        if (Files.deleteIfExists(file)) {
            looseDeleted++;
            bytes += linkedElsewhere ? 0 : attributes.size();
        }
    }

    private static int linkCount(Path file) {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    private void sweepPack(PackIndex pack, double repackBelow) throws IOException {
        Path index = packs.dir().resolve(pack.name() + BlobPacks.INDEX);
        try {
            if (!Files.getLastModifiedTime(index).toInstant().isBefore(writtenBefore)) {
                kept += pack.size();
                return;
            }
        } catch (NoSuchFileException e) {
            return; // removed meanwhile
        }
        long totalBytes = 0;
        long liveBytes = 0;
        List<Integer> liveEntries = new ArrayList<>();
        for (int entry = 0; entry < pack.size(); entry++) {
            totalBytes += pack.length(entry);
            if (live.test(pack.digest(entry))) {
                liveEntries.add(entry);
                liveBytes += pack.length(entry);
            }
        }
        if (liveEntries.isEmpty()) {
            bytes += packs.remove(pack);
            packsDeleted++;
        } else if (liveBytes < repackBelow * totalBytes) {
            repack(pack, liveEntries);
            kept += liveEntries.size();
        } else {
            kept += pack.size();
        }
    }

    /** Copies the live entries into a new pack, installs it, then removes the old one. */
    private void repack(PackIndex pack, List<Integer> liveEntries) throws IOException {
        Path staged = TmpSweep.hold(tmp.resolve("repack-" + UUID.randomUUID()));
        PackWriter writer = new PackWriter(staged);
        try {
            for (int entry : liveEntries) {
                String sha256 = pack.digest(entry);
                byte[] content;
                try (InputStream in = packs.open(new BlobPacks.Location(pack, entry))) {
                    content = in.readAllBytes();
                }
                if (!Sha256.of(content).equals(sha256)) {
                    // copying it would hide the damage; the old pack stays as it is
                    LOG.warnf("pack %s holds blob %s damaged: not repacked", pack.name(), sha256);
                    writer.discard();
                    kept += pack.size() - liveEntries.size();
                    return;
                }
                writer.append(HexFormat.of().parseHex(sha256), content);
            }
            PackIndex fresh = writer.seal();
            packs.install(staged, fresh);
            long freed = packs.remove(pack);
            bytes += freed - BlobPacks.sizeIfExists(packs.dir().resolve(fresh.name() + BlobPacks.PACK))
                    - BlobPacks.sizeIfExists(packs.dir().resolve(fresh.name() + BlobPacks.INDEX));
            repacked++;
        } catch (NoSuchFileException e) {
            writer.discard(); // another collector removed the pack meanwhile
        } catch (IOException | RuntimeException e) {
            writer.discard();
            throw e;
        } finally {
            TmpSweep.release(staged);
        }
    }
}
