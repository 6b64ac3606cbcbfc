package io.sightline.dataset.importing;

import io.sightline.dataset.source.FileStamp;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobDamage;
import io.sightline.storage.BlobRef;
import io.sightline.storage.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check after copying: every source file in the version exactly once, every blob re-read with the
 * SHA-256 and size recorded before copying, originals unchanged, per-class counts reconciled, no content on
 * two sides; the findings added. Problems found by earlier stages are included.
 */
final class CopyVerification {

    /** Originals up to this size are re-read whole for the check after copying, bigger ones streamed. */
    static final long SMALL_FILE_BYTES = 1L << 20;
    /** Distinct blobs re-read together by one thread: one sequential pass over their part of a pack. */
    static final int BLOBS_PER_READ = 4096;

    private final ArtifactStore store;
    private final SourceScanner scanner;
    private final ImportFindings findings;
    private final ParallelWork parallel;
    private final Clock clock;

    CopyVerification(ArtifactStore store, ImportFindings findings, ParallelWork parallel, Clock clock) {
        this.store = store;
        this.findings = findings;
        this.parallel = parallel;
        this.scanner = new SourceScanner(parallel::forEach);
        this.clock = clock;
    }

    VerificationReport verify(Staging staging) {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>(staging.problems());
        int blobsChecked = 0;
        int originalsChecked = 0;
        int[] rehashed = new int[1];
        if (staging.copied()) {
            staging.progress().start("verify", staging.files().size() * 2L);
            checkCoverage(staging, problems);
            blobsChecked = checkBlobs(staging, problems);
            originalsChecked = checkOriginals(staging, problems, rehashed);
        }
        Map<String, VerificationReport.ClassCount> classes = ClassCounts.of(staging);
        VerificationReport.Totals totals = ClassCounts.totals(classes);
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
        VerificationReport.NearDuplicateReport near = findings.nearDuplicates(staging, problems, parallel::forEach);
        VerificationReport.LabelConflicts conflicts = findings.labelConflicts(staging);
        List<VerificationReport.SmallClass> small = findings.smallClasses(classes);
        staging.time("verify", start);

        ImportSpec spec = staging.spec();
        List<SourceScanner.IgnoredFile> ignored = staging.listing().ignored();
        return VerificationReport.builder()
                .setDataset(spec.name())
                .setVersion(staging.version())
                .setPassed(problems.isEmpty() && staging.copied())
                .optDigest(staging.files().isEmpty() ? null : staging.digest())
                .setSource(spec.origin())
                .setSplit(spec.split())
                .setClasses(classes)
                .setTotals(totals)
                .setBlobsChecked(blobsChecked)
                .setOriginalsChecked(originalsChecked)
                .optOriginalsRehashed(staging.copied() ? rehashed[0] : null)
                .optOriginalsKnown(staging.originalsKnown())
                .setCorrupt(List.copyOf(staging.corrupt()))
                .setDuplicates(ImportFindings.duplicates(staging))
                .setIgnoredCount(ignored.size())
                .setIgnored(List.copyOf(ignored.subList(0, Math.min(VerificationReport.MAX_LISTED, ignored.size()))))
                .setLeakedContent(leaked)
                .setNotes(List.copyOf(staging.notes()))
                .setProblems(List.copyOf(problems))
                .setTimingsMs(new LinkedHashMap<>(staging.timingsMs()))
                .setVerifiedAt(clock.instant())
                .setLabelConflicts(conflicts)
                .setNearDuplicates(near)
                .setSmallClasses(small)
                .setThreads(parallel.threads())
                .setLayout(staging.listing().layout() == null ? null : new VerificationReport.LayoutFound(
                        staging.listing().layout().id(), !"as asked".equals(staging.listing().why()),
                        staging.listing().why()))
                .setCorruptFiles(findings.policies(staging).corruptFiles().name().toLowerCase(java.util.Locale.ROOT))
                .setClassNames(staging.listing().classNames())
                .optTrainingAdvice(findings.trainingAdvice(classes))
                .build();
    }

    /**
     * Every file the source holds now is in the version exactly once, and nothing else is. When the listing followed
     * from names alone and no folder or label file has moved its stamp, no entry came or went: the walk is not
     * repeated (decision 110).
     */
    private void checkCoverage(Staging staging, List<String> problems) {
        if (unchangedByStamps(staging.spec().source(), staging.listing().stamps())) {
            return;
        }
        SourceScanner.Listing now;
        try {
            now = scanner.scan(staging.spec().source(), staging.spec().importRoot(), staging.spec().layout());
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

    private static boolean unchangedByStamps(java.nio.file.Path source, Map<String, FileStamp> stamps) {
        if (stamps == null || stamps.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, FileStamp> entry : stamps.entrySet()) {
            FileStamp then = entry.getValue();
            if (then.racy() || !then.sameAs(FileStamp.of(entry.getKey().isEmpty() ? source
                    : source.resolve(entry.getKey())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Re-reads each distinct blob, in runs of {@link #BLOBS_PER_READ} the threads share (the file store reads a run's
     * packed blobs in file order); a path whose blob is gone is missing, one whose bytes differ modified.
     */
    private int checkBlobs(Staging staging, List<String> problems) {
        Map<String, Long> distinct = new LinkedHashMap<>();
        staging.files().forEach(f -> distinct.putIfAbsent(f.sha256(), f.bytes()));
        List<BlobRef> blobs = new ArrayList<>(distinct.size());
        distinct.forEach((sha256, bytes) -> blobs.add(new BlobRef(sha256, bytes)));
        Map<String, BlobDamage> damaged = new ConcurrentHashMap<>();
        parallel.forEach((blobs.size() + BLOBS_PER_READ - 1) / BLOBS_PER_READ, run -> {
            List<BlobRef> these = blobs.subList(run * BLOBS_PER_READ, Math.min(blobs.size(), (run + 1) * BLOBS_PER_READ));
            try {
                damaged.putAll(store.damagedBlobs(these));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            staging.progress().advance(these.size());
        });
        for (Staging.StagedFile file : staging.files()) {
            BlobDamage damage = damaged.get(file.sha256());
            if (damage != null) {
                problems.add(damage.label() + ": " + file.path());
            }
        }
        return blobs.size();
    }

    /**
     * Originals unchanged by the import or anyone meanwhile: an original whose file-system stamp is as it was before
     * it was read is unchanged; the others (stamp moved, racy, or none) are re-hashed (decision 110).
     */
    private int checkOriginals(Staging staging, List<String> problems, int[] rehashed) {
        List<Staging.StagedFile> files = staging.files();
        String[] verdict = new String[files.size()]; // null when unchanged, "" when removed
        boolean[] read = new boolean[files.size()];
        parallel.forEach(files.size(), i -> {
            Staging.StagedFile file = files.get(i);
            read[i] = !unchangedByStamp(file);
            verdict[i] = read[i] ? rehashedProblem(file) : null;
            staging.progress().advance();
        });
        for (boolean r : read) {
            rehashed[0] += r ? 1 : 0;
        }
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

    private static boolean unchangedByStamp(Staging.StagedFile file) {
        FileStamp stamp = file.source().stamp();
        return stamp != null && !stamp.racy() && stamp.sameAs(FileStamp.of(file.original()));
    }

    /** Re-hashes the original: null when it is as it was read, "" when gone (the coverage check names it), else why. */
    private static String rehashedProblem(Staging.StagedFile file) {
        Staging.StagedFile.Origin origin = file.source();
        try {
            long size;
            String sha;
            if (origin.bytes() <= SMALL_FILE_BYTES) {
                // one right-sized read: streaming would allocate a 64 KiB buffer per 300-byte file
                byte[] content = Files.readAllBytes(file.original());
                size = content.length;
                sha = Sha256.of(content);
            } else {
                size = Files.size(file.original());
                sha = Sha256.of(file.original());
            }
            return size != origin.bytes() || !sha.equals(origin.sha256()) ? "original changed: " + file.path() : null;
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "original unreadable: " + file.path() + " (" + e.getMessage() + ")";
        }
    }

    /**
     * No content on two sides: the leakage a content-grouped split must make impossible, so a problem. A split the
     * source gave may well hold it: then each such content is named (its paths and sides), and is a problem only
     * when the import's near-duplicate policy rejects.
     */
    private int checkLeakage(Staging staging, List<String> problems) {
        Map<String, Set<String>> sides = new TreeMap<>();
        Map<String, List<String>> paths = new HashMap<>();
        for (Staging.StagedFile file : ImportFindings.sharingContentAcross(staging, Staging.StagedFile::split)) {
            sides.computeIfAbsent(file.sha256(), s -> new TreeSet<>()).add(file.split());
            paths.computeIfAbsent(file.sha256(), s -> new ArrayList<>()).add(file.path() + " (" + file.split() + ")");
        }
        boolean given = staging.files().stream().anyMatch(f -> f.givenSplit() != null);
        boolean rejects = !given || findings.policies(staging).nearDuplicates() == FindingPolicy.REJECT;
        int leaked = 0;
        for (Map.Entry<String, Set<String>> content : sides.entrySet()) {
            if (content.getValue().size() > 1) {
                leaked++;
                if (!given) {
                    problems.add("leak: content " + content.getKey() + " is in "
                            + String.join(" and ", content.getValue()));
                } else if (leaked <= VerificationReport.MAX_LISTED) {
                    String line = "identical image across the given splits: "
                            + String.join(", ", paths.get(content.getKey())) + " (sha256 " + content.getKey() + ")";
                    if (rejects) {
                        problems.add(line);
                    } else {
                        staging.note(line);
                    }
                }
            }
        }
        return leaked;
    }
}
