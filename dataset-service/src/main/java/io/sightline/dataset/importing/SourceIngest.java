package io.sightline.dataset.importing;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.source.ClassNames;
import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.Layout;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.dataset.split.SplitPlanner;
import io.sightline.storage.BlobBatch;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The first stage: scan the source, read every file once (size, SHA-256, decode as an image, and the blob
 * copy when given a batch), then plan the split. Problems found here (corrupt files, escaping symlinks,
 * empty classes, rejected label conflicts) stop the import.
 */
final class SourceIngest {

    private final SourceScanner scanner;
    private final SourceFileReader reader;
    private final ImportFindings findings;
    private final ParallelWork parallel;
    private final KnownFiles known;

    SourceIngest(DatasetSettings settings, ImportFindings findings, ParallelWork parallel) {
        this.reader = new SourceFileReader(settings.decodeBudget());
        this.known = new KnownFiles(settings.knownFiles());
        this.findings = findings;
        this.parallel = parallel;
        this.scanner = new SourceScanner(parallel::forEach);
    }

    Staging ingest(ImportSpec spec, String version, ImportProgress progress, BlobBatch copyInto) {
        long start = System.nanoTime();
        progress.start("scan", 0);
        SourceScanner.Listing listing;
        try {
            listing = scanner.scan(spec.source(), spec.importRoot(), spec.layout());
        } catch (IOException e) {
            Staging failed = new Staging(spec, version, new SourceScanner.Listing(List.of(), List.of(),
                    List.of(), List.of()), progress);
            failed.problem("source cannot be scanned: " + e.getMessage());
            return failed;
        }
        // the layout settled here is the one the check after copying reads the source in again
        Staging staging = new Staging(listing.layout() == null ? spec : spec.withLayout(listing), version,
                listing, progress);
        staging.time("scan", start);
        listing.problems().forEach(staging::problem);
        listing.notes().forEach(staging::note);
        for (String cls : listing.classes()) {
            ClassNames.problem(cls).ifPresent(why -> staging.problem("bad class folder name "
                    + ClassNames.printable(cls) + ": " + why));
        }
        if (listing.layout() == null) {
            return staging; // the layout could not be told: its problem says what to name
        }
        if (listing.classes().isEmpty()) {
            staging.problem(listing.layout() == Layout.CLASS_FOLDERS ? "empty dataset: no class folders"
                    : "empty dataset: no class found (layout " + listing.layout().id() + ")");
        } else if (listing.files().isEmpty()) {
            staging.problem("empty dataset: no files in any class folder");
        } else if (listing.classes().size() < 2) {
            staging.problem("a classifier needs at least 2 classes; the source has one: "
                    + ClassNames.printable(listing.classes().get(0)) + " (layout " + listing.layout().id() + ")");
        }

        start = System.nanoTime();
        progress.start("read", listing.files().size());
        readAll(staging, listing.files(), copyInto, findings.policies(staging).corruptFiles());
        staging.time("read", start);

        start = System.nanoTime();
        progress.start("split", 0);
        Set<String> nonEmpty = new TreeSet<>();
        staging.files().forEach(f -> nonEmpty.add(f.className()));
        for (String cls : listing.classes()) {
            if (!nonEmpty.contains(cls)) {
                staging.problem("empty class: " + ClassNames.printable(cls) + " has no usable image");
            }
        }
        findings.rejectLabelConflicts(staging);
        plan(staging);
        staging.time("split", start);
        return staging;
    }

    /**
     * Reads every file on the configured threads: size, SHA-256 and decode from one read, unless the file is as an
     * earlier import read it ({@link KnownFiles}). At most one file per thread is in memory, so the heap needed does
     * not grow with the dataset. Results are kept in source order, so the outcome never depends on thread timing.
     */
    private void readAll(Staging staging, List<SourceScanner.SourceFile> files, BlobBatch copyInto,
                         CorruptFilePolicy corruptFiles) {
        SourceFileReader.Outcome[] outcome = new SourceFileReader.Outcome[files.size()];
        boolean[] reused = new boolean[files.size()];
        parallel.forEach(files.size(), i -> {
            SourceScanner.SourceFile file = files.get(i);
            FileStamp stamp = FileStamp.of(file.file());
            SourceFileReader.Staged before = known.staged(file, stamp, copyInto);
            reused[i] = before != null;
            outcome[i] = before != null ? before : known.remember(file, stamp, reader.read(file, stamp, copyInto));
            staging.progress().advance();
        });
        int unread = 0;
        for (boolean r : reused) {
            unread += r ? 1 : 0;
        }
        staging.reusedKnown(unread);
        if (copyInto != null) {
            staging.markCopiedWhileReading();
        }
        for (int i = 0; i < outcome.length; i++) {
            SourceScanner.SourceFile file = files.get(i);
            if (outcome[i] instanceof SourceFileReader.Staged staged) {
                staging.mutableFiles().add(staged.file());
            } else if (outcome[i] instanceof SourceFileReader.CopyFailed copyFailure) {
                staging.problem(copyFailure.problem());
            } else if (outcome[i] instanceof SourceFileReader.Corrupt corrupt) {
                VerificationReport.CorruptFile bad = corrupt.file();
                staging.corrupt(file.path(), bad.reason(), bad.kind());
                if (corruptFiles.rejects() || "unreadable".equals(bad.kind())) {
                    staging.problem(("unreadable".equals(bad.kind()) ? "unreadable: " : "corrupt: ") + file.path()
                            + " (" + bad.reason() + ")");
                }
            }
        }
    }

    private void plan(Staging staging) {
        List<SplitPlanner.Item> items = staging.files().stream()
                .map(f -> new SplitPlanner.Item(f.path(), f.className(), f.sha256(), f.givenSplit())).toList();
        SplitPlanner.Plan plan = new SplitPlanner(staging.spec().split(), parallel::forEach).plan(items);
        List<Staging.StagedFile> files = staging.mutableFiles();
        files.replaceAll(f -> {
            SplitPlanner.Assignment a = plan.assignments().get(f.path());
            return f.placed(a.split(), a.group());
        });
        plan.notes().forEach(staging::note);
    }
}
