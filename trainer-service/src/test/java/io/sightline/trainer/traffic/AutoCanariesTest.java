package io.sightline.trainer.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.CanaryAuto;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.TrafficObserved;
import io.sightline.events.TrafficObserved.VersionObserved;
import io.sightline.kit.outbox.Announcement;
import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.registry.PublishedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic canary's decision (decision 107) on a real file store: promote, roll back, wait for enough
 * requests; a report of an earlier start and a redelivered report change nothing.
 */
class AutoCanariesTest {

    private static final CanaryAuto RULE = new CanaryAuto(100, 0.01, 0.02);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    PublishedModels registry;
    TrafficSplits splits;
    AutoCanaries canaries;
    final List<ModelTrafficChanged> announced = new ArrayList<>();
    final List<String> promoted = new ArrayList<>();

    @BeforeEach
    void modelWithTwoVersions() throws Exception {
        ArtifactStore store = new FileArtifactStore(dir);
        registry = new PublishedModels(store);
        registry.publish("m", (folder, version) -> Files.writeString(folder.resolve("w.bin"), version));
        registry.publish("m", (folder, version) -> Files.writeString(folder.resolve("w.bin"), version));
        registry.writeChampion(new Champion("m", "1", 0.9, "job-1", "e1", "first", T0));
        RecordingEvents events = new RecordingEvents() {
            @Override
            public Announcement trafficChangedOnCommit(ModelTrafficChanged event, OutboxGuard guard) {
                return Announcement.deliveredBy(() -> announced.add(event));
            }
        };
        splits = new TrafficSplits(store, registry, events, Clock.systemUTC());
        canaries = new AutoCanaries(splits, registry, (model, version) -> {
            promoted.add(version);
            registry.writeChampion(new Champion(model, version, 0.9, "job-2", "e2", "auto", Instant.now()));
        });
    }

    @Test
    void promotesWhenTheCanaryHoldsUpAfterEnoughRequests() throws Exception {
        String start = autoCanary();
        assertThat(canaries.observe("m", report("r1", start, 0, counts(400, 4, 0.90), counts(60, 1, 0.89))))
                .isNull();
        assertThat(promoted).isEmpty(); // 60 of 100
        assertThat(canaries.status("m").orElseThrow().canaryObserved().autoRequests()).isEqualTo(60);

        assertThat(canaries.observe("m", report("r2", start, 0, counts(300, 3, 0.91), counts(40, 0, 0.90))))
                .isNull();

        assertThat(promoted).containsExactly("2");
        ModelTrafficChanged now = splits.current("m").orElseThrow();
        assertThat(now.change()).isEqualTo(ModelTrafficChanged.CANARY_PROMOTED);
        assertThat(now.canary()).isNull();
        assertThat(now.by()).isEqualTo("auto");
        assertThat(now.reason()).contains("by=auto").contains("100 canary requests");
        assertThat(announced).last().isEqualTo(now);
        assertThat(canaries.status("m").orElseThrow().autoOutcome()).isEqualTo("canary-promoted");
    }

    @Test
    void rollsBackWhenErrorsRiseOrConfidenceDrops() throws Exception {
        String start = autoCanary();
        // 3% errors against the champion's 1%: more than one point worse
        canaries.observe("m", report("r1", start, 0, counts(1000, 10, 0.90), counts(100, 3, 0.90)));
        assertThat(promoted).isEmpty();
        ModelTrafficChanged now = splits.current("m").orElseThrow();
        assertThat(now.change()).isEqualTo(ModelTrafficChanged.CANARY_ROLLED_BACK);
        assertThat(now.by()).isEqualTo("auto");
        assertThat(now.reason()).contains("error rate 0.0300 vs champion 0.0100");

        String second = autoCanary();
        canaries.observe("m", report("r1", second, 0, counts(1000, 0, 0.90), counts(100, 0, 0.85)));
        assertThat(splits.current("m").orElseThrow().change()).isEqualTo(ModelTrafficChanged.CANARY_ROLLED_BACK);
        assertThat(promoted).isEmpty();
    }

    @Test
    void aReportOfAnEarlierStartAndARedeliveredReportDoNotCount() throws Exception {
        String first = autoCanary();
        String second = autoCanary(); // started again: the first start's counts are of another canary
        assertThat(second).isNotEqualTo(first);

        assertThat(canaries.observe("m", report("r1", first, 0, counts(900, 0, 0.9), counts(900, 0, 0.9))))
                .isEqualTo(AutoCanaries.UNKNOWN_START);
        TrafficObserved sixty = report("r1", second, 1, counts(500, 0, 0.9), counts(60, 0, 0.9));
        canaries.observe("m", sixty);
        canaries.observe("m", sixty); // redelivered
        canaries.observe("m", report("r1", second, 0, counts(400, 0, 0.9), counts(50, 0, 0.9))); // older, late

        assertThat(promoted).isEmpty();
        assertThat(splits.current("m").orElseThrow().canary()).isNotNull();
        assertThat(canaries.status("m").orElseThrow().canaryObserved().autoRequests()).isEqualTo(60);
    }

    @Test
    void hostileAndUnknownReportsAreIgnored() throws Exception {
        String start = autoCanary();
        assertThat(canaries.observe("other", report("r1", start, 0, counts(1, 0, 0.9), counts(1, 0, 0.9))))
                .isEqualTo(AutoCanaries.INVALID); // not the record key
        assertThat(canaries.observe("m", report("r1", start, 0, counts(-1, 0, 0.9), counts(1, 0, 0.9))))
                .isEqualTo(AutoCanaries.INVALID);
        assertThat(canaries.observe("m", new TrafficObserved("r1", "m", start, T0, List.of(
                new VersionObserved("1", "champion", 10, 0, 10, 11.0, 0))))).isEqualTo(AutoCanaries.INVALID);
        assertThat(canaries.observe("m", new TrafficObserved("r1", "m", start, T0, List.of(
                new VersionObserved("7", "canary", 10, 0, 10, 9.0, 0))))).isEqualTo(AutoCanaries.UNKNOWN_VERSION);
        assertThat(canaries.observe("m", null)).isEqualTo(AutoCanaries.INVALID);
        assertThat(canaries.status("m").orElseThrow().canaryObserved().replicas()).isZero();
    }

    private String autoCanary() throws Exception {
        return splits.startCanary("m", "2", 50, RULE, "alice").canary().startId();
    }

    /** Champion version 1 and canary version 2; {@code seconds} after T0. */
    private static TrafficObserved report(String replica, String start, int seconds, long[] champion,
                                          long[] canary) {
        return new TrafficObserved(replica, "m", start, T0.plusSeconds(seconds), List.of(
                version("1", "champion", champion), version("2", "canary", canary)));
    }

    private static VersionObserved version(String version, String role, long[] counts) {
        long answered = counts[0] - counts[1];
        return new VersionObserved(version, role, answered, counts[1], answered, answered * counts[2] / 1000.0, 0);
    }

    /** Requests, failed, mean confidence (as thousandths, to keep one array). */
    private static long[] counts(long requests, long failed, double confidence) {
        return new long[] {requests, failed, Math.round(confidence * 1000)};
    }
}
