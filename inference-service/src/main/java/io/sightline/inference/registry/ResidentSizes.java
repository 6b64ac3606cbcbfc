package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;

/** Estimates the memory a promoted version takes once loaded, before it is loaded (so room is made first). */
@FunctionalInterface
public interface ResidentSizes {

    /** @throws Exception when the artefact cannot be read; the load fails as it would have */
    long bytes(ModelPromoted promotion) throws Exception;
}
