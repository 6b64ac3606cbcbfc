package io.sightline.dataset;

import io.sightline.dataset.importing.DatasetImporter;
import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.importing.ImportSpec;
import io.sightline.dataset.importing.Staging;
import io.sightline.dataset.importing.VerificationReport;
import io.sightline.dataset.split.SplitSettings;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.FileArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Imports a small generated dataset a few times into a throwaway store, so that the first real import after a
 * start runs compiled code instead of paying the JIT's warm-up (decision 113). Every stage runs as for a user's
 * import: scan, read (digest, decode, difference hash, pack), split, verify, publish. Nothing of it is kept.
 */
public final class ImportWarmUp {

    /** Classes of the generated dataset ({@link WarmUpImages}). */
    private static final int CLASSES = 3;
    /** Loose blobs in each round's store before its import: about a fifth of the fan-out folders. */
    private static final int LOOSE_BLOBS = 64;

    /**
     * What a warm-up did.
     *
     * @param rounds imports run
     * @param files  images per import
     * @param millis wall time, generating the images included
     */
    public record Result(int rounds, int files, long millis) {
    }

    private ImportWarmUp() {
    }

    /**
     * Runs up to {@code rounds} imports of {@code files} images in {@code folder} (made, then deleted), stopping
     * after the round that passes {@code budgetMillis} or once {@code yield} says a real import is waiting;
     * {@code afterFirstRound} runs once, between the first round and the second.
     */
    public static Result run(DatasetSettings settings, Path folder, int files, int rounds, long budgetMillis,
                             BooleanSupplier yield, Runnable afterFirstRound) throws IOException {
        long start = System.nanoTime();
        int done = 0;
        try {
            Path source = Files.createDirectories(folder.resolve("source")).toRealPath();
            WarmUpImages.write(source, files, CLASSES);
            while (done < rounds && (System.nanoTime() - start) / 1_000_000 < budgetMillis && !yield.getAsBoolean()) {
                done++;
                // a store of its own per round: in one store every round after the first would find its blobs
                // stored, and the put path (pack append, digest set) would stay uncompiled for the real import
                FileArtifactStore store = new FileArtifactStore(Files.createDirectories(folder.resolve("store-" + done)));
                // a store in use holds loose blobs (the health check's probe, models, reports) in some of its 256 fan-out
                // folders, and the put path looks there for a blob whose folder exists: compiled on an empty store, that
                // branch was an uncommon trap, and the put path was compiled again during the user's import
                for (int k = 0; k < LOOSE_BLOBS; k++) {
                    store.putBlob(new ByteArrayInputStream(("loose blob " + k).getBytes(StandardCharsets.UTF_8)));
                }
                DatasetImporter importer = new DatasetImporter(store, settings, Clock.systemUTC());
                // another seed each round: the split differs, so no round is answered as "same as" the one before
                SplitSettings split = new SplitSettings(0.2, 0, done, null, settings.splitMode());
                ImportSpec spec = new ImportSpec("warm-up", source.toString(), source, source, split, false);
                VerificationReport report;
                Staging staging;
                try (BlobBatch blobs = store.newBlobBatch()) {
                    staging = importer.ingest(spec, Integer.toString(done), new ImportProgress(), blobs);
                    report = importer.prepare(staging, blobs);
                }
                if (!report.passed()) {
                    throw new IOException("the warm-up's own import did not pass: " + report.problems());
                }
                importer.publish(staging, report);
                WorkFolders.deleteTree(folder.resolve("store-" + done));
                if (done == 1) {
                    afterFirstRound.run();
                }
            }
        } finally {
            WorkFolders.deleteTree(folder);
        }
        return new Result(done, files, (System.nanoTime() - start) / 1_000_000);
    }

}
