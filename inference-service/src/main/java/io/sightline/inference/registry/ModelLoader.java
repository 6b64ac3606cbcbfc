package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.vision.Classifier;

/** Turns a promotion into a loaded {@link Classifier}. Called off the request path, one load at a time per model. */
@FunctionalInterface
public interface ModelLoader {

    /**
     * Loads the model version a promotion names. The caller owns (and closes) the result.
     *
     * @throws Exception anything that keeps the version from loading; the registry records it and keeps
     *                   serving the previous version
     */
    Classifier load(ModelPromoted promotion) throws Exception;
}
