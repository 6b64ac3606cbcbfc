package io.sightline.trainer.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.datasets.PublishedDatasets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the console's dataset list from the published versions in the store. */
public final class DatasetOverviews {

    private final PublishedDatasets catalog;

    public DatasetOverviews(PublishedDatasets catalog) {
        this.catalog = catalog;
    }

    /** The newest ready version of every dataset, by name. */
    public List<DatasetOverview> list() throws IOException {
        List<DatasetOverview> all = new ArrayList<>();
        for (String name : catalog.names()) {
            Optional<String> version = catalog.latestVersion(name);
            Optional<DatasetManifest> manifest = version.isEmpty() ? Optional.empty()
                    : catalog.manifest(name, version.get());
            if (manifest.isEmpty()) {
                continue; // removed meanwhile
            }
            DatasetManifest m = manifest.get();
            JsonNode verification = null;
            Optional<byte[]> stored = catalog.verification(name, m.version());
            if (stored.isPresent()) {
                verification = StoreJson.mapper().readTree(stored.get());
            }
            all.add(new DatasetOverview(name, m.version(), m.entries().size(),
                    m.entries(DatasetManifest.TRAIN).size(), m.entries(DatasetManifest.TEST).size(),
                    m.entries(DatasetManifest.VALIDATION).size(), m.classes().size(), verification,
                    m.layout() == null ? DatasetManifest.CLASS_FOLDERS : m.layout(), namedClasses(m)));
        }
        return all;
    }

    private static int namedClasses(DatasetManifest manifest) {
        Map<String, String> names = manifest.classNames();
        return names == null ? 0 : (int) manifest.classes().stream().filter(names::containsKey).count();
    }
}
