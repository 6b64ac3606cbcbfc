package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.ImageProbe;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.BlobBatch;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What earlier imports learnt of source files, by the file-system stamp each was read under: digest, size and decode
 * (decision 118). A file whose stamp is the same now, never a racy one, holds the bytes it held then — the trust the
 * check after copying already puts in stamps (decision 110) — so importing a folder again reads only the files that
 * changed, as long as the store still holds the others' blobs (the check after copying re-reads every blob either way).
 * The first remembered are forgotten first. Lock-free for the threads of an import: a lookup per file.
 */
final class KnownFiles {

    private record Known(FileStamp stamp, String sha256, long bytes, int width, int height, long dhash) {
    }

    private final int capacity;
    private final Map<Path, Known> known = new ConcurrentHashMap<>();
    /** The files remembered, first first: who is forgotten when there are more than {@link #capacity}. */
    private final Queue<Path> order = new ConcurrentLinkedQueue<>();

    /** Remembers up to {@code capacity} files; 0 remembers none. */
    KnownFiles(int capacity) {
        this.capacity = Math.max(0, capacity);
    }

    /**
     * {@code file} staged as read before, without reading it, when its stamp now ({@code stamp}) is the one it was read
     * under and {@code batch} holds its blob; else null (read it).
     */
    SourceFileReader.Staged staged(SourceScanner.SourceFile file, FileStamp stamp, BlobBatch batch) {
        if (capacity == 0 || !rememberable(file, stamp) || batch == null) {
            return null;
        }
        Known k = known.get(file.file());
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
            if (known.put(file.file(), k) == null) {
                order.add(file.file());
                while (known.size() > capacity) {
                    Path first = order.poll();
                    if (first == null) {
                        break;
                    }
                    known.remove(first);
                }
            }
        }
        return outcome;
    }

    int size() {
        return known.size();
    }

    /** A crop is an image made from the file, and a racy stamp may not move with the next write. */
    private static boolean rememberable(SourceScanner.SourceFile file, FileStamp stamp) {
        return stamp != null && !stamp.racy() && file.crop() == null;
    }
}
