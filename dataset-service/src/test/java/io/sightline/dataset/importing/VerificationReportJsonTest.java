package io.sightline.dataset.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.StoreJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** verification.json keeps its shape: a report written before still reads, and readers see the same order. */
class VerificationReportJsonTest {

    private static VerificationReport sample() {
        return VerificationReport.builder()
                .setDataset("pets").setVersion("1").setPassed(true).optDigest("d").setSource("file:/x")
                .setSplitMode("stable").setSeed(7).setTestRatio(0.5).setValidationRatio(0).optGroupPattern(null)
                .setClasses(Map.of("cats", new VerificationReport.ClassCount(1, 1, 0, 0, 0)))
                .setTotals(new VerificationReport.Totals(1, 1, 1, 0, 0, 0, true))
                .setBlobsChecked(1).setOriginalsChecked(1)
                .setCorrupt(List.of(new VerificationReport.CorruptFile("cats/x.png", "empty file", "empty")))
                .setDuplicates(List.of(new VerificationReport.Duplicate("s", List.of("a", "b"))))
                .setIgnoredCount(1).setIgnored(List.of(new SourceScanner.IgnoredFile("cats/.DS_Store", "hidden")))
                .setLeakedContent(0).setNotes(List.of("n")).setProblems(List.of())
                .setTimingsMs(Map.of("scan", 1L)).setVerifiedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setLabelConflicts(new VerificationReport.LabelConflicts("warn", 0, List.of()))
                .setNearDuplicates(new VerificationReport.NearDuplicateReport("warn", "dhash64", 4, 0, List.of()))
                .setSmallClasses(List.of(new VerificationReport.SmallClass("cats", 1, 0, "one image")))
                .setThreads(2)
                .setLayout(new VerificationReport.LayoutFound("class-folders", true, "one folder per class"))
                .setCorruptFiles("reject")
                .setClassNames(Map.of("cats", "Cats"))
                .optTrainingAdvice(new TrainingAdvice(1, "cats", 1, 2000, TrainingAdvice.TRANSFER, "1 training image"))
                .optOriginalsRehashed(1)
                .optOriginalsKnown(0)
                .build();
    }

    @Test
    void aReportWrittenBeforeTrainingAdviceStillLoads() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode old =
                (com.fasterxml.jackson.databind.node.ObjectNode) StoreJson.mapper().readTree(StoreJson.write(sample()));
        old.remove("trainingAdvice");
        old.remove("originalsRehashed");
        old.remove("originalsKnown");

        VerificationReport read = StoreJson.read(StoreJson.mapper().writeValueAsBytes(old), VerificationReport.class);

        assertThat(read.trainingAdvice()).isNull();
        assertThat(read.originalsRehashed()).isNull();
        assertThat(read.originalsKnown()).isNull();
        assertThat(read.classNames()).containsEntry("cats", "Cats");
    }

    @Test
    void propertiesAreWrittenInTheirPublishedOrderAndReadBack() throws Exception {
        VerificationReport report = sample();
        byte[] json = StoreJson.write(report);

        List<String> names = new ArrayList<>();
        StoreJson.mapper().readTree(json).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("dataset", "version", "passed", "digest", "source", "splitMode", "seed",
                "testRatio", "validationRatio", "groupPattern", "classes", "totals", "blobsChecked",
                "originalsChecked", "corrupt", "duplicates", "ignoredCount", "ignored", "leakedContent", "notes",
                "problems", "timingsMs", "verifiedAt", "labelConflicts", "nearDuplicates", "smallClasses",
                "threads", "layout", "corruptFiles", "classNames", "trainingAdvice", "originalsRehashed",
                "originalsKnown");
        JsonNode tree = StoreJson.mapper().readTree(json);
        assertThat(tree.get("groupPattern").isNull()).isTrue();
        assertThat(StoreJson.read(json, VerificationReport.class)).isEqualTo(report);
    }

    @Test
    void aCopyWithTimingsChangesOnlyTheTimings() {
        VerificationReport report = sample();

        VerificationReport timed = report.withTimings(Map.of("total", 3L));

        assertThat(timed.timingsMs()).containsExactly(Map.entry("total", 3L));
        assertThat(timed.toBuilder().setTimingsMs(report.timingsMs()).build()).isEqualTo(report);
    }
}
