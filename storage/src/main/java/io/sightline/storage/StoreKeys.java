package io.sightline.storage;

import java.util.regex.Pattern;

/**
 * Where things live in the store; one place so writers and readers agree. Each store document has its file
 * name here once, and a function giving its whole key:
 *
 * <pre>
 * datasets/&lt;dataset&gt;/&lt;version&gt;/{@value #MANIFEST}, {@value #VERIFICATION}, {@value #TOMBSTONE}
 * datasets/&lt;dataset&gt;/{@value #RETENTION}, models/&lt;model&gt;/{@value #RETENTION}
 * models/&lt;model&gt;/{@value #CHAMPION}
 * models/&lt;model&gt;/&lt;version&gt;/{@value #MODEL_PARAMS}, {@value #ARCHITECTURE}, {@value #SIGNATURE},
 *                          {@value #METRICS}, {@value #CURVES}, {@value #REPORT}
 * checkpoints/&lt;job id&gt;/
 * {@value #GC_HOLDS}/&lt;id&gt;.json, {@value #GC_LOCK}
 * </pre>
 *
 * The name constants are for writers filling a {@link Publication}'s folder, which has no key yet.
 */
public final class StoreKeys {

    /** The folder holding one folder per dataset. */
    public static final String DATASETS = "datasets";
    /** The folder holding one folder per model. */
    public static final String MODELS = "models";

    /** A dataset version's {@link DatasetManifest}: the version is ready once its folder holds it. */
    public static final String MANIFEST = "manifest.json";
    /** A dataset version's verification report, written by the dataset service beside the manifest. */
    public static final String VERIFICATION = "verification.json";

    /**
     * Beside a deleted dataset version's manifest when a model's lineage names the version: its metadata stays,
     * its blobs are no longer live for the garbage collection.
     */
    public static final String TOMBSTONE = "tombstone.json";
    /** A dataset's or model's retention override, beside its version folders. */
    public static final String RETENTION = "retention.json";
    /** The folder of writers' holds against the garbage collection ({@link WriterHold}). */
    public static final String GC_HOLDS = "gc/holds";
    /** The garbage collector's lock. */
    public static final String GC_LOCK = "gc/lock.json";

    /** A model's {@link Champion}, beside its version folders: the version that is served. */
    public static final String CHAMPION = "champion.json";
    /** A model version's weights. */
    public static final String MODEL_PARAMS = "model.params";
    /** A model version's architecture, to rebuild its network before loading the weights. */
    public static final String ARCHITECTURE = "architecture.json";
    /** A model version's image signature: input size, normalisation and class names. */
    public static final String SIGNATURE = "signature.json";
    /** How a model version was trained and how it scored. */
    public static final String METRICS = "metrics.json";
    /** A model version's training curves (SVG). */
    public static final String CURVES = "curves.svg";
    /** A model version's report (one self-contained HTML page). */
    public static final String REPORT = "report.html";

    /** Names of datasets, models and versions: no path tricks, no spaces, no leading dot. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StoreKeys() {
    }

    /** @return whether {@code name} may be a dataset, model or version name */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws IllegalArgumentException naming what is wrong when {@code name} is not valid */
    public static String requireValidName(String what, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ", got: " + name);
        }
        return name;
    }

    public static String datasetVersion(String dataset, String version) {
        return DATASETS + "/" + requireValidName("dataset", dataset) + "/" + requireValidName("version", version);
    }

    public static String datasetVersions(String dataset) {
        return DATASETS + "/" + requireValidName("dataset", dataset);
    }

    public static String manifest(String dataset, String version) {
        return datasetVersion(dataset, version) + "/" + MANIFEST;
    }

    public static String verification(String dataset, String version) {
        return datasetVersion(dataset, version) + "/" + VERIFICATION;
    }

    public static String tombstone(String dataset, String version) {
        return datasetVersion(dataset, version) + "/" + TOMBSTONE;
    }

    public static String datasetRetention(String dataset) {
        return datasetVersions(dataset) + "/" + RETENTION;
    }

    public static String modelRetention(String model) {
        return modelVersions(model) + "/" + RETENTION;
    }

    /** A writer's hold; {@code id} is a name ({@link #isValidName}). */
    public static String gcHold(String id) {
        return GC_HOLDS + "/" + requireValidName("hold id", id) + ".json";
    }

    public static String modelVersion(String model, String version) {
        return MODELS + "/" + requireValidName("model", model) + "/" + requireValidName("version", version);
    }

    public static String modelVersions(String model) {
        return MODELS + "/" + requireValidName("model", model);
    }

    public static String champion(String model) {
        return modelVersions(model) + "/" + CHAMPION;
    }

    public static String modelParams(String model, String version) {
        return modelVersion(model, version) + "/" + MODEL_PARAMS;
    }

    public static String architecture(String model, String version) {
        return modelVersion(model, version) + "/" + ARCHITECTURE;
    }

    public static String signature(String model, String version) {
        return modelVersion(model, version) + "/" + SIGNATURE;
    }

    public static String metrics(String model, String version) {
        return modelVersion(model, version) + "/" + METRICS;
    }

    public static String curves(String model, String version) {
        return modelVersion(model, version) + "/" + CURVES;
    }

    public static String report(String model, String version) {
        return modelVersion(model, version) + "/" + REPORT;
    }

    public static String checkpoints(String jobId) {
        return "checkpoints/" + requireValidName("job id", jobId);
    }
}
