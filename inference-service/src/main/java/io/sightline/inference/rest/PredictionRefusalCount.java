package io.sightline.inference.rest;

import io.sightline.inference.InferenceMetrics;
import io.sightline.kit.rest.RefusedRequests;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Counts a refused request as a failed prediction, by cause, only when it is one (see
 * {@link PredictionRequests}): the refusals of the kit's shared mappers, of {@link ErrorMappers} and of
 * {@link BodyLimitFilter} alike.
 */
@Singleton
public class PredictionRefusalCount implements RefusedRequests {

    private final InferenceMetrics metrics;

    public PredictionRefusalCount(InferenceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void refused(ContainerRequestContext request, String cause) {
        if (PredictionRequests.isPrediction(request)) {
            metrics.requestFailed(cause);
        }
    }
}
