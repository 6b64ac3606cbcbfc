package io.sightline.dataset.importing;

import io.sightline.dataset.split.SplitSettings;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Publication;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The last stage: a verified staging becomes {@code datasets/<name>/<version>} with its manifest and
 * verification report, both visible at once or neither (when anything fails, including another writer
 * publishing the same version first).
 */
final class VersionPublisher {

    private final ArtifactStore store;
    private final Clock clock;

    VersionPublisher(ArtifactStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    DatasetManifest publish(Staging staging, VerificationReport report, DatasetImporter.BeforeCommit beforeCommit)
            throws IOException {
        if (!report.passed()) {
            throw new IllegalStateException("only a verified import is published: " + report.problems());
        }
        long start = System.nanoTime();
        ImportSpec spec = staging.spec();
        SplitSettings split = spec.split();
        String name = spec.name();
        String version = staging.version();
        List<DatasetManifest.Entry> entries = staging.entries();
        boolean given = entries.stream().findFirst().map(e -> staging.files().get(0).givenSplit() != null)
                .orElse(false);
        // a given split records the shares it has; Sightline's split the shares it was asked for
        double test = given ? share(entries, DatasetManifest.TEST) : split.testRatio();
        double validation = given ? share(entries, DatasetManifest.VALIDATION) : split.validationRatio();
        DatasetManifest manifest = new DatasetManifest(name, version, staging.digest(),
                report.source(), test, validation, split.seed(),
                List.copyOf(new TreeSet<>(staging.files().stream().map(Staging.StagedFile::className).toList())),
                entries, clock.instant(), staging.listing().layout().id(), staging.listing().classNames());
        try (Publication publication = store.publish(StoreKeys.datasetVersion(name, version))) {
            String manifestSha256 = StoreJson.writeCompact(manifest,
                    inPublication(publication, StoreKeys.manifest(name, version)));
            staging.time("publish", start);
            Files.write(inPublication(publication, StoreKeys.verification(name, version)),
                    StoreJson.write(stored(staging, report)));
            beforeCommit.staged(manifest, StoreKeys.manifest(name, version), manifestSha256);
            publication.commit();
        }
        return manifest;
    }

    private static double share(List<DatasetManifest.Entry> entries, String split) {
        return entries.stream().filter(e -> split.equals(e.split())).count() / (double) entries.size();
    }

    /** The report as {@link #publish} stores it: with the stage timings up to the manifest's write, and their total. */
    static VerificationReport stored(Staging staging, VerificationReport report) {
        Map<String, Long> timings = new LinkedHashMap<>(staging.timingsMs());
        timings.put("total", timings.values().stream().mapToLong(Long::longValue).sum());
        return report.withTimings(timings);
    }

    /** Reads the stored report of a published version. */
    VerificationReport readReport(String dataset, String version) throws IOException {
        return StoreJson.read(store.read(StoreKeys.verification(dataset, version)), VerificationReport.class);
    }

    /** Where the document stored under {@code key} is staged: its place relative to the publication's key. */
    private static Path inPublication(Publication publication, String key) {
        String prefix = publication.key() + "/";
        if (!key.startsWith(prefix)) {
            throw new IllegalArgumentException(key + " does not lie under " + publication.key());
        }
        return publication.directory().resolve(key.substring(prefix.length()));
    }
}
