package io.sightline.trainer.registry;

import io.sightline.storage.Champion;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Models in name order, a page at a time: only the models on the page are looked at (versions, champion), not every
 * model in the store.
 */
public final class ModelPages {

    private final PublishedModels registry;

    public ModelPages(PublishedModels registry) {
        this.registry = registry;
    }

    /**
     * Up to {@code count} summaries of models named after {@code afterName} (null: from the first), in name order;
     * a model without versions is left out.
     */
    public List<ModelSummary> after(String afterName, int count) throws IOException {
        List<ModelSummary> page = new ArrayList<>();
        for (String name : registry.modelNames()) {
            if (page.size() == count) {
                break;
            }
            if (!StoreKeys.isValidName(name) || afterName != null && name.compareTo(afterName) <= 0) {
                continue;
            }
            List<String> versions = registry.versions(name);
            if (!versions.isEmpty()) {
                page.add(new ModelSummary(name, versions.size(), versions.get(versions.size() - 1),
                        registry.champion(name).map(Champion::version).orElse(null)));
            }
        }
        return page;
    }
}
