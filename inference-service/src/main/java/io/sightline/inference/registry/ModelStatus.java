package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one model in the registry.
 *
 * @param model          model name
 * @param state          where it stands with its latest promotion
 * @param promoted       the latest promotion seen (the version that should serve); for a model known only
 *                       from the store's champion (its records were unusable), that champion
 * @param servingVersion the version that answers requests now; {@code null} when none is loaded
 * @param loadedAt       when the serving version finished loading and warming up
 * @param classes        class ids of the serving version, empty when none is loaded
 * @param lastError      the most recent failed load, {@code null} when none failed
 * @param failedLoads    failed loads of this model since start
 * @param classNames     display names parallel to {@code classes}; {@code null} when none is loaded or its
 *                       dataset named none
 */
public record ModelStatus(String model, ModelState state, ModelPromoted promoted, String servingVersion,
                          Instant loadedAt, List<String> classes, LoadFailure lastError, long failedLoads,
                          List<String> classNames) {
}
