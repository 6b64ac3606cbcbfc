package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.BlobBatch;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What earlier imports learnt of source files, by the file-system stamp each was read under: digest, size and decode
 * (decision 118). A file whose stamp is the same now, never a racy one, holds the bytes it held then — the trust the
 * check after copying already puts in stamps (decision 110) — so importing a folder again reads only the files that
 * changed, as long as the store still holds the others' blobs (the check after copying re-reads every blob either way).
 * The least recently seen are forgotten first. Safe for the threads of an import.
 */
final class KnownFiles {

    private record Known(FileStamp stamp, String sha256, long bytes, int width, int height, long dhash) {
    }

    private final int capacity;
    private final Map<Path, Known> known; // guarded by this

    /** Remembers up to {@code capacity} files; 0 remembers none. */
    KnownFiles(int capacity) {
        this.capacity = Math.max(0, capacity);
        this.known = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Known> eldest) {
                return size() > KnownFiles.this.capacity;
            }
        };
    }

    /**
     * {@code file} staged as read before, without reading it, when its stamp now ({@code stamp}) is the one it was read
     * under and {@code batch} holds its blob; else null (read it).
     */
    SourceFileReader.Staged staged(SourceScanner.SourceFile file, FileStamp stamp, BlobBatch batch) {
        if (capacity == 0 || !rememberable(file, stamp) || batch == null) {
            return null;
        }
        Known k;
        synchronized (this) {
            k = known.get(file.file());
        }
        if (k == null || !k.stamp().sameAs(stamp) || !batch.holds(k.sha256())) {
            return null;
        }
        return new SourceFileReader.Staged(Staging.StagedFile.unplaced(file, k.sha256(), k.bytes(),
                new ImageProbe.Result(k.width(), k.height(), k.dhash(), null), stamp));
    }

    /** Remembers what reading {@code file} under {@code stamp} gave, when that staged an image; returns it. */
    SourceFileReader.Outcome remember(SourceScanner.SourceFile file, FileStamp stamp, SourceFileReader.Outcome outcome) {
        if (capacity > 0 && rememberable(file, stamp) && outcome instanceof SourceFileReader.Staged staged) {
            Staging.StagedFile f = staged.file();
            Known k = new Known(stamp, f.sha256(), f.bytes(), f.width(), f.height(), f.dhash());
            synchronized (this) {
                known.put(file.file(), k);
            }
        }
        return outcome;
    }

    synchronized int size() {
        return known.size();
    }

    /** A crop is an image made from the file, and a racy stamp may not move with the next write. */
    private static boolean rememberable(SourceScanner.SourceFile file, FileStamp stamp) {
        return stamp != null && !stamp.racy() && file.crop() == null;
    }
}
