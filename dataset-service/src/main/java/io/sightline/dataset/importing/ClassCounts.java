package io.sightline.dataset.importing;

import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.DatasetManifest;
import java.util.Map;
import java.util.TreeMap;

/** Per-class counts of source files, sides and exclusions, and their totals: what reconciliation compares. */
final class ClassCounts {

    private ClassCounts() {
    }

    static Map<String, VerificationReport.ClassCount> of(Staging staging) {
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

    static VerificationReport.Totals totals(Map<String, VerificationReport.ClassCount> classes) {
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
}
