package io.sightline.dataset.catalog;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal of dataset versions in the store, {@code journal/datasets/<name>@<version>.json}: one flat folder of
 * plain files (the S3 store lists only published folders and plain files, not folders of plain files; '@' cannot
 * occur in a name). A version number is claimed by creating its entry only if absent, so replicas sharing the store
 * never hand out one number twice (docs/decisions/096).
 */
final class CatalogJournal {

    static final String FOLDER = "journal/datasets";
    private static final Pattern ENTRY = Pattern.compile("(.+)@([1-9][0-9]{0,8})\\.json");

    private final ArtifactStore store;

    CatalogJournal(ArtifactStore store) {
        this.store = store;
    }

    static String key(String dataset, String version) {
        return FOLDER + "/" + StoreKeys.requireValidName("dataset", dataset) + "@"
                + StoreKeys.requireValidName("version", version) + ".json";
    }

    /** Journals a new version's first state; false when the number is taken (by this or another replica). */
    boolean claim(DatasetVersion pending) {
        try {
            return store.createIfAbsent(key(pending.dataset(), pending.version()), StoreJson.write(pending));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal " + pending.dataset() + " version " + pending.version(), e);
        }
    }

    /** Journals a state, replacing the previous one. */
    void write(DatasetVersion version) {
        try {
            store.write(key(version.dataset(), version.version()), StoreJson.write(version));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot journal " + version.dataset() + " version " + version.version(), e);
        }
    }

    /** The journalled state of one version; empty when it has no entry. */
    Optional<DatasetVersion> read(String dataset, String version) throws IOException {
        try {
            return Optional.of(StoreJson.read(store.read(key(dataset, version)), DatasetVersion.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The file names of the journal, all datasets. */
    List<String> files() throws IOException {
        return store.list(FOLDER);
    }

    /** Dataset → version numbers journalled, from one listing of the journal. */
    Map<String, List<Integer>> numbers() throws IOException {
        Map<String, List<Integer>> numbers = new TreeMap<>();
        for (String file : files()) {
            Matcher entry = ENTRY.matcher(file);
            if (entry.matches() && StoreKeys.isValidName(entry.group(1))) {
                numbers.computeIfAbsent(entry.group(1), d -> new ArrayList<>()).add(Integer.parseInt(entry.group(2)));
            }
        }
        return numbers;
    }

    DatasetVersion readFile(String file) throws IOException {
        return StoreJson.read(store.read(FOLDER + "/" + file), DatasetVersion.class);
    }
}
