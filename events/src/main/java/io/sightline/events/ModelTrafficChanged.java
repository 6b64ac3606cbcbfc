package io.sightline.events;

import java.time.Instant;

/**
 * How a model's requests are split now: the whole state, not a delta, so the latest record per key is all a
 * consumer needs. On {@link Topics#MODELS} under the key {@link #key(String) model + "/traffic"}, never the model's
 * own key: the topic is compacted by key, and a record under the model's key would compact away its latest
 * promotion, which is what every inference replica serves from.
 *
 * @param id        unique per event
 * @param model     model name
 * @param canary    the version answering part of the requests; null when none does
 * @param shadow    the version that part of the requests is mirrored to, never answering; null when none
 * @param change    what changed: {@code canary-started}, {@code canary-promoted}, {@code canary-rolled-back},
 *                  {@code shadow-started}, {@code shadow-stopped}
 * @param changedAt when
 * @param by        who asked (the caller's name), {@code auto} when an automatic canary decided
 * @param reason    why an automatic canary was promoted or rolled back, with its numbers; null otherwise
 */
public record ModelTrafficChanged(String id, String model, TrafficTarget canary, TrafficTarget shadow, String change,
                                  Instant changedAt, String by, String reason) {

    /** A change without a reason: every change but an automatic canary's decision. */
    public ModelTrafficChanged(String id, String model, TrafficTarget canary, TrafficTarget shadow, String change,
                               Instant changedAt, String by) {
        this(id, model, canary, shadow, change, changedAt, by, null);
    }

    public static final String TYPE = EventTypes.MODEL_TRAFFIC_CHANGED;

    public static final String CANARY_STARTED = "canary-started";
    public static final String CANARY_PROMOTED = "canary-promoted";
    public static final String CANARY_ROLLED_BACK = "canary-rolled-back";
    public static final String SHADOW_STARTED = "shadow-started";
    public static final String SHADOW_STOPPED = "shadow-stopped";

    /** The record key of a model's traffic state; '/' is never part of a model name, so it never collides. */
    public static String key(String model) {
        return model + "/traffic";
    }
}
