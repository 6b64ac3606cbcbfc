package io.sightline.inference.rest;

import io.sightline.events.ModelPromoted;
import io.sightline.inference.registry.LoadFailure;
import io.sightline.inference.registry.ModelState;
import io.sightline.inference.registry.ModelStatus;
import java.time.Instant;
import java.util.List;

/**
 * One model as {@code GET /models} shows it.
 *
 * @param model          model name
 * @param state          {@code LOADING}, {@code SERVING} or {@code FAILED} (with respect to its latest promotion)
 * @param servingVersion the version answering requests, {@code null} when none is loaded
 * @param loadedAt       when the serving version became ready
 * @param classes        class ids of the serving version (the labels it answers)
 * @param promoted       the latest promotion received
 * @param lastError      the most recent failed load, if any
 * @param failedLoads    failed loads since start
 * @param classNames     display names parallel to {@code classes}; null when the serving version has none
 */
public record ModelStatusResponse(String model, ModelState state, String servingVersion, Instant loadedAt,
                                  List<String> classes, ModelPromoted promoted, LoadFailure lastError,
                                  long failedLoads, List<String> classNames) {

    static ModelStatusResponse of(ModelStatus status) {
        return new ModelStatusResponse(status.model(), status.state(), status.servingVersion(), status.loadedAt(),
                status.classes(), status.promoted(), status.lastError(), status.failedLoads(), status.classNames());
    }
}
