package io.sightline.trainer.sweeps;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Sweep documents in the store, {@code sweeps/<id>.json}: any replica reads and advances them. */
public final class SweepStore {

    static final String FOLDER = "sweeps";
    private static final String SUFFIX = ".json";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    private final ArtifactStore store;

    public SweepStore(ArtifactStore store) {
        this.store = store;
    }

    /** Whether {@code id} has the form of a sweep id (so a hostile path value never reaches the store). */
    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    Optional<Sweep> read(String id) throws IOException {
        if (!isValidId(id) || !store.exists(key(id))) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(store.read(key(id)), Sweep.class));
    }

    void write(Sweep sweep) throws IOException {
        store.write(key(sweep.id()), StoreJson.write(sweep));
    }

    List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String name : store.list(FOLDER)) {
            String id = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : "";
            if (isValidId(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String key(String id) {
        return FOLDER + "/" + id + SUFFIX;
    }
}
