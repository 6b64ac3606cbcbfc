package io.sightline.dataset;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobBatch;
import io.sightline.storage.BlobRef;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Publication;
import io.sightline.storage.Sha256;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The import pipeline. Each stage is a public method so the pipeline can be driven, and interfered with,
 * one stage at a time:
 * <ol>
 *   <li>{@link #ingest}: scan the source, read every file once (size, SHA-256, decode as an image), plan
 *       the split;</li>
 *   <li>{@link #copy}: put every file into the store as a content-addressed blob — or, when ingest was given
 *       a {@link BlobBatch}, commit the blobs it already put from the bytes it read (one read per file
 *       serves digest, decode and copy);</li>
 *   <li>{@link #verify}: re-read every blob and every original and reconcile everything with the source;</li>
 *   <li>{@link #publish}: write {@code manifest.json} and {@code verification.json} and make the version
 *       visible at once.</li>
 * </ol>
 * Originals are only ever read.
 */
public final class DatasetImporter {

    /** Longest list of ignored files kept in a report (the count is always complete). */
    public static final int MAX_LISTED = 1000;

    /** Largest file read as an image; bigger ones are corrupt by definition (and would not fit in memory). */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** Originals up to this size are re-read whole for the check after copying, bigger ones streamed. */
    static final long SMALL_FILE_BYTES = 1L << 20;

    private final ArtifactStore store;
    private final SourceScanner scanner = new SourceScanner();
    private final ImageProbe probe = new ImageProbe();
    private final CorruptFilePolicy corruptFiles;
    private final DatasetSettings settings;
    private final Clock clock;

    /** An importer with the default settings but for the corrupt-file policy. */
    public DatasetImporter(ArtifactStore store, CorruptFilePolicy corruptFiles, Clock clock) {
        this(store, new DatasetSettings(List.of(), 0.2, 0, 42, SplitMode.STABLE, corruptFiles), clock);
    }

    public DatasetImporter(ArtifactStore store, DatasetSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.corruptFiles = settings.corruptFiles();
        this.clock = clock;
    }

    /** Runs every stage but publishing: the staging and its report. */
    public VerificationReport prepare(Staging staging) {
        if (staging.problems().isEmpty()) {
            copy(staging);
        }
        return verify(staging);
    }

    /**
     * {@link #prepare(Staging)} for a staging ingested with {@code blobs}: commits them when ingest found no
     * problem (else the caller's close of the batch discards them), then verifies.
     */
    public VerificationReport prepare(Staging staging, BlobBatch blobs) {
        if (staging.problems().isEmpty()) {
            copy(staging, blobs);
        }
        return verify(staging);
    }

    /** Scans, reads and plans; problems found here (corrupt files, escaping symlinks) stop the import. */
    public Staging ingest(ImportSpec spec, String version) {
        return ingest(spec, version, new ImportProgress());
    }

    /** {@link #ingest(ImportSpec, String)}, reporting files read to {@code progress}. */
    public Staging ingest(ImportSpec spec, String version, ImportProgress progress) {
        return ingest(spec, version, progress, null);
    }

    /**
     * {@link #ingest(ImportSpec, String, ImportProgress)} that also puts every image into {@code copyInto}
     * from the bytes it read, when not null: they become visible only when {@link #copy(Staging, BlobBatch)}
     * commits the batch, after the checks of this stage passed.
     */
    public Staging ingest(ImportSpec spec, String version, ImportProgress progress, BlobBatch copyInto) {
        long start = System.nanoTime();
        progress.start("scan", 0);
        SourceScanner.Listing listing;
        try {
            listing = scanner.scan(spec.source(), spec.importRoot());
        } catch (IOException e) {
            Staging failed = new Staging(spec, version, new SourceScanner.Listing(List.of(), List.of(),
                    List.of(), List.of()), progress);
            failed.problem("source cannot be scanned: " + e.getMessage());
            return failed;
        }
        Staging staging = new Staging(spec, version, listing, progress);
        staging.time("scan", start);
        listing.problems().forEach(staging::problem);
        for (String cls : listing.classes()) {
            ClassNames.problem(cls).ifPresent(why -> staging.problem("bad class folder name "
                    + ClassNames.printable(cls) + ": " + why));
        }
        if (listing.classes().isEmpty()) {
            staging.problem("empty dataset: no class folders");
        } else if (listing.files().isEmpty()) {
            staging.problem("empty dataset: no files in any class folder");
        }

        start = System.nanoTime();
        progress.start("read", listing.files().size());
        readAll(staging, listing.files(), copyInto);
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
        VerificationReport.LabelConflicts conflicts = labelConflicts(staging);
        if (conflicts.count() > 0 && settings.labelConflicts().rejects()) {
            conflicts.conflicts().forEach(c -> staging.problem("label conflict: the same content is in classes "
                    + String.join(" and ", c.classes()) + ": " + String.join(", ", c.paths())));
        }
        plan(staging);
        staging.time("split", start);
        return staging;
    }

    /**
     * Reads every file on {@link DatasetSettings#threads()} threads: size, SHA-256 and decode from one read.
     * At most one file per thread is in memory, so the heap needed does not grow with the dataset. Results
     * are kept in source order, so the outcome never depends on thread timing.
     */
    private void readAll(Staging staging, List<SourceScanner.SourceFile> files, BlobBatch copyInto) {
        Object[] outcome = new Object[files.size()];
        inParallel(files.size(), i -> {
            outcome[i] = read(files.get(i), copyInto);
            staging.progress().advance();
        });
        if (copyInto != null) {
            staging.markCopiedWhileReading();
        }
        for (int i = 0; i < outcome.length; i++) {
            SourceScanner.SourceFile file = files.get(i);
            if (outcome[i] instanceof Staging.StagedFile staged) {
                staging.mutableFiles().add(staged);
            } else if (outcome[i] instanceof String copyFailure) {
                staging.problem(copyFailure);
            } else if (outcome[i] instanceof VerificationReport.CorruptFile bad) {
                staging.corrupt(file.path(), bad.reason(), bad.kind());
                if (corruptFiles.rejects() || "unreadable".equals(bad.kind())) {
                    staging.problem(("unreadable".equals(bad.kind()) ? "unreadable: " : "corrupt: ") + file.path()
                            + " (" + bad.reason() + ")");
                }
            }
        }
    }

    /**
     * A {@link Staging.StagedFile}, or a {@link VerificationReport.CorruptFile} saying why not, or a problem
     * putting it into {@code copyInto}.
     */
    private Object read(SourceScanner.SourceFile file, BlobBatch copyInto) {
        byte[] content;
        // one open serves size, digest, decode and copy: the size comes from the open file, not a second lookup
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file.file())) {
            long size = channel.size();
            if (size > MAX_FILE_BYTES) {
                return new VerificationReport.CorruptFile(file.path(), "too large for an image: " + size + " bytes",
                        "too-large");
            }
            content = readFully(channel, (int) size);
        } catch (IOException e) {
            return new VerificationReport.CorruptFile(file.path(), e.toString(), "unreadable");
        }
        ImageProbe.Result image = probe.probe(content);
        if (!image.decoded()) {
            String kind = content.length == 0 ? "empty"
                    : image.failure().startsWith("not a recognised") ? "not-an-image"
                    : image.failure().startsWith("too large") ? "too-large" : "undecodable";
            return new VerificationReport.CorruptFile(file.path(), image.failure(), kind);
        }
        String sha256 = Sha256.of(content);
        if (copyInto != null) {
            try {
                copyInto.put(new java.io.ByteArrayInputStream(content));
            } catch (IOException e) {
                return "copy failed: " + file.path() + " (" + e.getMessage() + ")";
            }
        }
        return new Staging.StagedFile(file.path(), file.className(), file.file(), sha256,
                content.length, image.width(), image.height(), null, null, image.dhash());
    }

    /** The rest of {@code channel}, expected to be {@code size} bytes (a file that grew meanwhile is read to its end). */
    private static byte[] readFully(java.nio.channels.SeekableByteChannel channel, int size) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(size);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading: a read may return fewer bytes than asked
        }
        if (buffer.hasRemaining()) {
            return java.util.Arrays.copyOf(buffer.array(), buffer.position()); // shrank meanwhile
        }
        byte[] more = java.nio.channels.Channels.newInputStream(channel).readAllBytes();
        if (more.length == 0) {
            return buffer.array();
        }
        byte[] grown = java.util.Arrays.copyOf(buffer.array(), size + more.length);
        System.arraycopy(more, 0, grown, size, more.length);
        return grown;
    }

    /** Runs {@code task(0..count-1)} on the configured threads and waits; the first failure is rethrown. */
    private void inParallel(int count, java.util.function.IntConsumer task) {
        if (settings.threads() <= 1 || count < 2) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(settings.threads());
        try {
            pool.submit(() -> java.util.stream.IntStream.range(0, count).parallel().forEach(task)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Contents found under two or more classes. */
    private static VerificationReport.LabelConflicts labelConflictsOf(Staging staging, FindingPolicy policy) {
        Map<String, TreeSet<String>> classes = new HashMap<>();
        Map<String, List<String>> paths = new HashMap<>();
        for (Staging.StagedFile f : staging.files()) {
            classes.computeIfAbsent(f.sha256(), k -> new TreeSet<>()).add(f.className());
            paths.computeIfAbsent(f.sha256(), k -> new ArrayList<>()).add(f.path());
        }
        List<VerificationReport.LabelConflict> found = classes.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> new VerificationReport.LabelConflict(e.getKey(), List.copyOf(e.getValue()),
                        List.copyOf(paths.get(e.getKey()))))
                .sorted(java.util.Comparator.comparing(c -> c.paths().get(0)))
                .toList();
        return new VerificationReport.LabelConflicts(policy.name().toLowerCase(java.util.Locale.ROOT), found.size(),
                found.subList(0, Math.min(MAX_LISTED, found.size())));
    }

    private VerificationReport.LabelConflicts labelConflicts(Staging staging) {
        return labelConflictsOf(staging, settings.labelConflicts());
    }

    private static void plan(Staging staging) {
        List<SplitPlanner.Item> items = staging.files().stream()
                .map(f -> new SplitPlanner.Item(f.path(), f.className(), f.sha256())).toList();
        SplitPlanner.Plan plan = new SplitPlanner(staging.spec().split()).plan(items);
        List<Staging.StagedFile> files = staging.mutableFiles();
        files.replaceAll(f -> {
            SplitPlanner.Assignment a = plan.assignments().get(f.path());
            return f.placed(a.split(), a.group());
        });
        plan.notes().forEach(staging::note);
    }

    /**
     * Copies every staged file into the store as a blob, all in one {@link BlobBatch}: small files go into a
     * pack file rather than a file each (decision 007), and the blobs become visible together when the batch
     * is committed, at the end of this stage. A blob that is already stored is not written again (content
     * addressing); {@link #verify} re-reads it either way.
     */
    public void copy(Staging staging) {
        try (BlobBatch batch = store.newBlobBatch()) {
            copy(staging, batch);
        } catch (IOException e) {
            staging.problem("copy failed: " + e.getMessage());
        }
    }

    /**
     * {@link #copy(Staging)} into {@code batch}, which it commits; files ingest already put into it are not
     * read again.
     */
    public void copy(Staging staging, BlobBatch batch) {
        long start = System.nanoTime();
        Set<String> done = new HashSet<>();
        List<Staging.StagedFile> distinct = staging.copiedWhileReading() ? List.of()
                : staging.files().stream().filter(f -> done.add(f.sha256())).toList();
        String[] problem = new String[distinct.size()];
        staging.progress().start("copy", distinct.size());
        inParallel(distinct.size(), i -> {
            Staging.StagedFile file = distinct.get(i);
            try {
                if (!store.hasBlob(file.sha256())) {
                    BlobRef ref = batch.put(file.original());
                    if (!ref.sha256().equals(file.sha256()) || ref.bytes() != file.bytes()) {
                        problem[i] = "changed during copy: " + file.path();
                    }
                }
            } catch (IOException e) {
                problem[i] = "copy failed: " + file.path() + " (" + e.getMessage() + ")";
            }
            staging.progress().advance();
        });
        try {
            batch.commit();
        } catch (IOException e) {
            staging.problem("copy failed: the blobs could not be committed (" + e.getMessage() + ")");
        }
        for (String p : problem) {
            if (p != null) {
                staging.problem(p);
            }
        }
        staging.markCopied();
        staging.time("copy", start);
    }

    /**
     * Checks the copy against the source: every source file in the version exactly once, every blob
     * re-read with the SHA-256 and size recorded before copying, originals unchanged, per-class counts
     * reconciled, no content on two sides. Problems found by earlier stages are included.
     */
    public VerificationReport verify(Staging staging) {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>(staging.problems());
        int blobsChecked = 0;
        int originalsChecked = 0;
        if (staging.copied()) {
            staging.progress().start("verify", staging.files().size() * 2L);
            checkCoverage(staging, problems);
            blobsChecked = checkBlobs(staging, problems);
            originalsChecked = checkOriginals(staging, problems);
        }
        Map<String, VerificationReport.ClassCount> classes = classCounts(staging);
        VerificationReport.Totals totals = totals(classes);
        if (staging.copied() && !totals.reconciled()) {
            classes.forEach((cls, c) -> {
                if (c.train() + c.test() + c.validation() + c.excluded() != c.source()) {
                    problems.add("count mismatch: class " + cls + " has " + c.source() + " source files but "
                            + (c.train() + c.test() + c.validation()) + " in splits and " + c.excluded()
                            + " excluded");
                }
            });
        }
        int leaked = checkLeakage(staging, problems);
        VerificationReport.NearDuplicateReport near = nearDuplicates(staging, problems);
        VerificationReport.LabelConflicts conflicts = labelConflicts(staging);
        List<VerificationReport.SmallClass> small = smallClasses(classes);
        staging.time("verify", start);

        ImportSpec spec = staging.spec();
        SplitSettings split = spec.split();
        List<SourceScanner.IgnoredFile> ignored = staging.listing().ignored();
        return new VerificationReport(spec.name(), staging.version(), problems.isEmpty() && staging.copied(),
                staging.files().isEmpty() ? null : staging.digest(), spec.origin(),
                split.mode().name().toLowerCase(java.util.Locale.ROOT), split.seed(), split.testRatio(),
                split.validationRatio(), split.groupPatternText(), classes, totals, blobsChecked, originalsChecked,
                List.copyOf(staging.corrupt()), duplicates(staging), ignored.size(),
                List.copyOf(ignored.subList(0, Math.min(MAX_LISTED, ignored.size()))), leaked,
                List.copyOf(staging.notes()), List.copyOf(problems), new LinkedHashMap<>(staging.timingsMs()),
                clock.instant(), conflicts, near, small, settings.threads());
    }

    /** Pairs of look-alike images on different sides; a problem each when the policy rejects them. */
    private VerificationReport.NearDuplicateReport nearDuplicates(Staging staging, List<String> problems) {
        List<NearDuplicates.Item> items = staging.files().stream().filter(f -> f.split() != null)
                .map(f -> new NearDuplicates.Item(f.path(), f.split(), f.sha256(), f.dhash())).toList();
        List<NearDuplicates.Pair> pairs = new ArrayList<>(
                NearDuplicates.acrossSides(items, settings.nearDuplicateDistance()));
        pairs.sort(java.util.Comparator.comparingInt(NearDuplicates.Pair::distance)
                .thenComparing(NearDuplicates.Pair::a).thenComparing(NearDuplicates.Pair::b));
        if (settings.nearDuplicates().rejects()) {
            pairs.stream().limit(MAX_LISTED).forEach(p -> problems.add("near-duplicate across sides: " + p.a() + " ("
                    + p.aSplit() + ") and " + p.b() + " (" + p.bSplit() + "), dHash distance " + p.distance()));
        }
        return new VerificationReport.NearDuplicateReport(
                settings.nearDuplicates().name().toLowerCase(java.util.Locale.ROOT), "dhash64",
                settings.nearDuplicateDistance(), pairs.size(), List.copyOf(pairs.subList(0,
                Math.min(MAX_LISTED, pairs.size()))));
    }

    private List<VerificationReport.SmallClass> smallClasses(Map<String, VerificationReport.ClassCount> classes) {
        List<VerificationReport.SmallClass> small = new ArrayList<>();
        classes.forEach((cls, c) -> {
            int images = c.train() + c.test() + c.validation();
            if (images > 0 && images < settings.smallClassImages()) {
                String note = images == 1 ? "one image: it is in train, the class is not tested"
                        : c.test() == 0 ? "no image in test: the class is not tested"
                        : "fewer than " + settings.smallClassImages() + " images: its test accuracy is coarse";
                small.add(new VerificationReport.SmallClass(cls, images, c.test(), note));
            }
        });
        return small;
    }

    /** Every file the source holds now is in the version exactly once, and nothing else is. */
    private void checkCoverage(Staging staging, List<String> problems) {
        SourceScanner.Listing now;
        try {
            now = scanner.scan(staging.spec().source(), staging.spec().importRoot());
        } catch (IOException e) {
            problems.add("source cannot be re-scanned: " + e.getMessage());
            return;
        }
        Map<String, Integer> listed = new HashMap<>();
        staging.files().forEach(f -> listed.merge(f.path(), 1, Integer::sum));
        staging.corrupt().forEach(c -> listed.merge(c.path(), 1, Integer::sum));
        Set<String> present = new HashSet<>();
        for (SourceScanner.SourceFile file : now.files()) {
            present.add(file.path());
            int times = listed.getOrDefault(file.path(), 0);
            if (times == 0) {
                problems.add("not in manifest: " + file.path());
            } else if (times > 1) {
                problems.add("listed " + times + " times: " + file.path());
            }
        }
        listed.keySet().stream().filter(p -> !present.contains(p)).sorted()
                .forEach(p -> problems.add("original removed: " + p));
    }

    /** Re-reads each distinct blob; a path whose blob is gone is missing, one whose bytes differ modified. */
    private int checkBlobs(Staging staging, List<String> problems) {
        Map<String, Long> distinct = new LinkedHashMap<>();
        staging.files().forEach(f -> distinct.putIfAbsent(f.sha256(), f.bytes()));
        List<Map.Entry<String, Long>> blobs = List.copyOf(distinct.entrySet());
        String[] verdict = new String[blobs.size()]; // null when intact
        inParallel(blobs.size(), i -> {
            verdict[i] = rehashBlob(blobs.get(i).getKey(), blobs.get(i).getValue());
            staging.progress().advance();
        });
        Map<String, String> bySha = new HashMap<>();
        for (int i = 0; i < verdict.length; i++) {
            if (verdict[i] != null) {
                bySha.put(blobs.get(i).getKey(), verdict[i]);
            }
        }
        for (Staging.StagedFile file : staging.files()) {
            String problem = bySha.get(file.sha256());
            if (problem != null) {
                problems.add(problem + ": " + file.path());
            }
        }
        return blobs.size();
    }

    /** null when the blob holds exactly the recorded content, else {@code missing} or {@code modified}. */
    private String rehashBlob(String sha256, long bytes) {
        if (!store.hasBlob(sha256)) {
            return "missing";
        }
        try (InputStream in = store.openBlob(sha256)) {
            MessageDigest digest = Sha256.newDigest();
            long read = new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
            return read == bytes && Sha256.hex(digest.digest()).equals(sha256) ? null : "modified";
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Originals re-hashed after copying: the import must not have changed them, nor anyone meanwhile. */
    private int checkOriginals(Staging staging, List<String> problems) {
        List<Staging.StagedFile> files = staging.files();
        String[] verdict = new String[files.size()]; // null when unchanged, "" when removed
        inParallel(files.size(), i -> {
            Staging.StagedFile file = files.get(i);
            try {
                long size;
                String sha;
                if (file.bytes() <= SMALL_FILE_BYTES) {
                    // one right-sized read: streaming would allocate a 64 KiB buffer per 300-byte file
                    byte[] content = Files.readAllBytes(file.original());
                    size = content.length;
                    sha = Sha256.of(content);
                } else {
                    size = Files.size(file.original());
                    sha = Sha256.of(file.original());
                }
                if (size != file.bytes() || !sha.equals(file.sha256())) {
                    verdict[i] = "original changed: " + file.path();
                }
            } catch (NoSuchFileException e) {
                verdict[i] = ""; // reported by the coverage check as "original removed"
            } catch (IOException e) {
                verdict[i] = "original unreadable: " + file.path() + " (" + e.getMessage() + ")";
            }
            staging.progress().advance();
        });
        int checked = 0;
        for (String v : verdict) {
            if (v == null || v.startsWith("original changed")) {
                checked++;
            }
            if (v != null && !v.isEmpty()) {
                problems.add(v);
            }
        }
        return checked;
    }

    private static Map<String, VerificationReport.ClassCount> classCounts(Staging staging) {
        Map<String, int[]> counts = new TreeMap<>(); // source, train, test, validation, excluded
        for (String cls : staging.listing().classes()) {
            counts.put(cls, new int[5]);
        }
        for (SourceScanner.SourceFile file : staging.listing().files()) {
            counts.computeIfAbsent(file.className(), c -> new int[5])[0]++;
        }
        for (Staging.StagedFile file : staging.files()) {
            int[] c = counts.computeIfAbsent(file.className(), k -> new int[5]);
            if (file.split() == null) {
                continue;
            }
            switch (file.split()) {
                case DatasetManifest.TRAIN -> c[1]++;
                case DatasetManifest.TEST -> c[2]++;
                default -> c[3]++;
            }
        }
        for (VerificationReport.CorruptFile bad : staging.corrupt()) {
            counts.computeIfAbsent(bad.path().substring(0, bad.path().indexOf('/')), k -> new int[5])[4]++;
        }
        Map<String, VerificationReport.ClassCount> result = new TreeMap<>();
        counts.forEach((cls, c) -> result.put(cls, new VerificationReport.ClassCount(c[0], c[1], c[2], c[3], c[4])));
        return result;
    }

    private static VerificationReport.Totals totals(Map<String, VerificationReport.ClassCount> classes) {
        int source = 0;
        int train = 0;
        int test = 0;
        int validation = 0;
        int excluded = 0;
        boolean reconciled = true;
        for (VerificationReport.ClassCount c : classes.values()) {
            source += c.source();
            train += c.train();
            test += c.test();
            validation += c.validation();
            excluded += c.excluded();
            reconciled &= c.train() + c.test() + c.validation() + c.excluded() == c.source();
        }
        return new VerificationReport.Totals(source, train + test + validation, train, test, validation, excluded,
                reconciled);
    }

    /** No content on two sides: the leakage a content-grouped split must make impossible. */
    private static int checkLeakage(Staging staging, List<String> problems) {
        Map<String, Set<String>> sides = new TreeMap<>();
        for (Staging.StagedFile file : staging.files()) {
            if (file.split() != null) {
                sides.computeIfAbsent(file.sha256(), s -> new TreeSet<>()).add(file.split());
            }
        }
        int leaked = 0;
        for (Map.Entry<String, Set<String>> content : sides.entrySet()) {
            if (content.getValue().size() > 1) {
                leaked++;
                problems.add("leak: content " + content.getKey() + " is in " + String.join(" and ", content.getValue()));
            }
        }
        return leaked;
    }

    private static List<VerificationReport.Duplicate> duplicates(Staging staging) {
        Map<String, List<String>> paths = new TreeMap<>();
        staging.files().forEach(f -> paths.computeIfAbsent(f.sha256(), s -> new ArrayList<>()).add(f.path()));
        return paths.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> new VerificationReport.Duplicate(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /**
     * Publishes a verified staging under {@code datasets/<name>/<version>}: both files appear at once, or
     * neither (when anything fails, including another writer publishing the same version first).
     */
    public DatasetManifest publish(Staging staging, VerificationReport report) throws IOException {
        if (!report.passed()) {
            throw new IllegalStateException("only a verified import is published: " + report.problems());
        }
        long start = System.nanoTime();
        ImportSpec spec = staging.spec();
        SplitSettings split = spec.split();
        DatasetManifest manifest = new DatasetManifest(spec.name(), staging.version(), staging.digest(),
                report.source(), split.testRatio(), split.validationRatio(), split.seed(),
                List.copyOf(new TreeSet<>(staging.files().stream().map(Staging.StagedFile::className).toList())),
                staging.entries(), clock.instant());
        try (Publication publication = store.publish(StoreKeys.datasetVersion(spec.name(), staging.version()))) {
            Path dir = publication.directory();
            Files.write(dir.resolve("manifest.json"), StoreJson.write(manifest));
            staging.time("publish", start);
            Map<String, Long> timings = new LinkedHashMap<>(staging.timingsMs());
            timings.put("total", timings.values().stream().mapToLong(Long::longValue).sum());
            Files.write(dir.resolve("verification.json"), StoreJson.write(report.withTimings(timings)));
            publication.commit();
        }
        return manifest;
    }

    /** Reads the stored report of a published version. */
    public VerificationReport readReport(String dataset, String version) throws IOException {
        return StoreJson.read(store.read(StoreKeys.verification(dataset, version)), VerificationReport.class);
    }
}
