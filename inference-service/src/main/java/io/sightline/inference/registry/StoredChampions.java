package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import java.io.IOException;
import java.util.Optional;

/**
 * The version of a model the artefact store says should serve, for when the registry topic cannot tell:
 * on a compacted topic an unusable record may be the only one left for a model.
 */
@FunctionalInterface
public interface StoredChampions {

    /** No store to fall back to: every model has no recorded champion. */
    StoredChampions NONE = model -> Optional.empty();

    /**
     * The champion of a model as a promotion of its version folder; empty when the store records none.
     *
     * @throws IOException when the record exists but cannot be read
     */
    Optional<ModelPromoted> champion(String model) throws IOException;
}
