package io.sightline.dataset.importing;

import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.source.SourceScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an import may carry but a reader of its report should know: label conflicts, near-duplicates across
 * sides, small classes and duplicate contents, each with the configured policy applied.
 */
final class ImportFindings {

    private final DatasetSettings settings;

    ImportFindings(DatasetSettings settings) {
        this.settings = settings;
    }

    /** The policies of {@code staging}'s import: its request's, else the configured ones. */
    ImportPolicies policies(Staging staging) {
        ImportPolicies configured = new ImportPolicies(settings.corruptFiles(), settings.labelConflicts(),
                settings.nearDuplicates());
        ImportPolicies asked = staging.spec().policies();
        return asked != null ? asked.or(configured) : configured;
    }

    /** Contents found under two or more classes. */
    VerificationReport.LabelConflicts labelConflicts(Staging staging) {
        Map<String, TreeSet<String>> classes = new HashMap<>();
        Map<String, List<String>> paths = new HashMap<>();
        for (Staging.StagedFile f : sharingContentAcross(staging, Staging.StagedFile::className)) {
            classes.computeIfAbsent(f.sha256(), k -> new TreeSet<>()).add(f.className());
            paths.computeIfAbsent(f.sha256(), k -> new ArrayList<>()).add(f.path());
        }
        List<VerificationReport.LabelConflict> found = classes.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .map(e -> new VerificationReport.LabelConflict(e.getKey(), List.copyOf(e.getValue()),
                        List.copyOf(paths.get(e.getKey()))))
                .sorted(Comparator.comparing(c -> c.paths().get(0)))
                .toList();
        return new VerificationReport.LabelConflicts(policies(staging).labelConflicts().name().toLowerCase(Locale.ROOT),
                found.size(), found.subList(0, Math.min(VerificationReport.MAX_LISTED, found.size())));
    }

    /**
     * The files whose content is also there under another value of {@code of} (another class, another side), in the
     * staging's order; a file whose value is null does not count. One map entry per content: tens of thousands of
     * unique files make no collection each.
     */
    static List<Staging.StagedFile> sharingContentAcross(Staging staging, Function<Staging.StagedFile, String> of) {
        Map<String, String> first = new HashMap<>();
        Set<String> across = new HashSet<>();
        for (Staging.StagedFile f : staging.files()) {
            String value = of.apply(f);
            String seen = value == null ? null : first.putIfAbsent(f.sha256(), value);
            if (seen != null && !seen.equals(value)) {
                across.add(f.sha256());
            }
        }
        return across.isEmpty() ? List.of() : staging.files().stream()
                .filter(f -> of.apply(f) != null && across.contains(f.sha256())).toList();
    }

    /** A problem per label conflict when the policy rejects them. */
    void rejectLabelConflicts(Staging staging) {
        VerificationReport.LabelConflicts conflicts = labelConflicts(staging);
        if (conflicts.count() > 0 && policies(staging).labelConflicts().rejects()) {
            conflicts.conflicts().forEach(c -> staging.problem("label conflict: the same content is in classes "
                    + String.join(" and ", c.classes()) + ": " + String.join(", ", c.paths())));
        }
    }

    /**
     * Pairs of look-alike images on different sides, searched on {@code spread}'s threads; a problem each when the
     * policy rejects them.
     */
    VerificationReport.NearDuplicateReport nearDuplicates(Staging staging, List<String> problems,
                                                          SourceScanner.Spread spread) {
        List<NearDuplicates.Item> items = staging.files().stream().filter(f -> f.split() != null)
                .map(f -> new NearDuplicates.Item(f.path(), f.split(), f.sha256(), f.dhash())).toList();
        List<NearDuplicates.Pair> pairs = new ArrayList<>(
                NearDuplicates.acrossSides(items, settings.nearDuplicateDistance(), spread));
        pairs.sort(Comparator.comparingInt(NearDuplicates.Pair::distance)
                .thenComparing(NearDuplicates.Pair::a).thenComparing(NearDuplicates.Pair::b));
        if (policies(staging).nearDuplicates().rejects()) {
            pairs.stream().limit(VerificationReport.MAX_LISTED).forEach(p -> problems.add(
                    "near-duplicate across sides: " + p.a() + " (" + p.aSplit() + ") and " + p.b() + " ("
                            + p.bSplit() + "), dHash distance " + p.distance()));
        }
        return new VerificationReport.NearDuplicateReport(
                policies(staging).nearDuplicates().name().toLowerCase(Locale.ROOT), "dhash64",
                settings.nearDuplicateDistance(), pairs.size(), List.copyOf(pairs.subList(0,
                Math.min(VerificationReport.MAX_LISTED, pairs.size()))));
    }

    List<VerificationReport.SmallClass> smallClasses(Map<String, VerificationReport.ClassCount> classes) {
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

    TrainingAdvice trainingAdvice(Map<String, VerificationReport.ClassCount> classes) {
        return TrainingAdvice.of(classes, settings.transferBelow());
    }

    /** Contents under more than one path, by digest. */
    static List<VerificationReport.Duplicate> duplicates(Staging staging) {
        // a list only for a content seen twice: tens of thousands of unique files make no list each
        Map<String, String> firstPath = new HashMap<>();
        Map<String, List<String>> paths = new TreeMap<>();
        for (Staging.StagedFile f : staging.files()) {
            String first = firstPath.putIfAbsent(f.sha256(), f.path());
            if (first != null) {
                paths.computeIfAbsent(f.sha256(), s -> new ArrayList<>(List.of(first))).add(f.path());
            }
        }
        return paths.entrySet().stream()
                .map(e -> new VerificationReport.Duplicate(e.getKey(), List.copyOf(e.getValue()))).toList();
    }
}
