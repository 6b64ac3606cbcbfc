package io.sightline.dataset.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Which model versions name which dataset versions: the {@code lineage} ({@code dataset}, {@code datasetVersion}) of
 * every {@code models/<m>/<v>/metrics.json} the trainer published. Read from the store on each call, so a model
 * trained a moment ago counts; only the lineage is looked at, so fields added to the metrics later do not matter.
 */
public final class ModelLineages {

    private static final Logger LOG = Logger.getLogger(ModelLineages.class);

    private final ArtifactStore store;

    public ModelLineages(ArtifactStore store) {
        this.store = store;
    }

    /** Dataset version → the {@code model:version}s whose lineage names it, for one dataset. */
    public Map<String, List<String>> of(String dataset) throws IOException {
        Map<String, List<String>> named = new TreeMap<>();
        for (String model : store.list(StoreKeys.MODELS)) {
            if (!StoreKeys.isValidName(model)) {
                continue;
            }
            for (String version : store.list(StoreKeys.modelVersions(model))) {
                if (!version.matches("[1-9][0-9]{0,8}") || !store.exists(StoreKeys.metrics(model, version))) {
                    continue;
                }
                JsonNode lineage = lineage(model, version);
                if (lineage != null && dataset.equals(lineage.path("dataset").asText(null))
                        && lineage.hasNonNull("datasetVersion")) {
                    named.computeIfAbsent(lineage.get("datasetVersion").asText(), v -> new ArrayList<>())
                            .add(model + ":" + version);
                }
            }
        }
        return named;
    }

    private JsonNode lineage(String model, String version) {
        try {
            return StoreJson.mapper().readTree(store.read(StoreKeys.metrics(model, version))).get("lineage");
        } catch (IOException e) {
            // unreadable metrics name nothing we can tell; the model's own checks report it
            LOG.warnf("model %s version %s: %s cannot be read: %s", model, version, StoreKeys.METRICS, e.getMessage());
            return null;
        }
    }
}
