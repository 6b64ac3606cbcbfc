package io.sightline.storage;

import java.util.regex.Pattern;

/** Where things live in the store; one place so writers and readers agree. */
public final class StoreKeys {

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
        return "datasets/" + requireValidName("dataset", dataset) + "/" + requireValidName("version", version);
    }

    public static String datasetVersions(String dataset) {
        return "datasets/" + requireValidName("dataset", dataset);
    }

    public static String manifest(String dataset, String version) {
        return datasetVersion(dataset, version) + "/manifest.json";
    }

    public static String verification(String dataset, String version) {
        return datasetVersion(dataset, version) + "/verification.json";
    }

    public static String modelVersion(String model, String version) {
        return "models/" + requireValidName("model", model) + "/" + requireValidName("version", version);
    }

    public static String modelVersions(String model) {
        return "models/" + requireValidName("model", model);
    }

    public static String checkpoints(String jobId) {
        return "checkpoints/" + requireValidName("job id", jobId);
    }
}
