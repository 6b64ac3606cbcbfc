package io.sightline.events;

import java.time.Instant;

/**
 * A retrain binding was set or removed through the API; every trainer replica re-reads it from the store. Sent on
 * {@link Topics#TRAINING_EVENTS}, keyed by dataset name.
 *
 * @param id        unique per event
 * @param dataset   the bound dataset
 * @param changedAt when
 * @param by        who changed it
 * @param deleted   whether it was removed
 */
public record RetrainBindingChanged(String id, String dataset, Instant changedAt, String by, boolean deleted) {

    public static final String TYPE = EventTypes.RETRAIN_BINDING_CHANGED;
}
