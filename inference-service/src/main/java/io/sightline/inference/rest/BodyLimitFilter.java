package io.sightline.inference.rest;

import io.sightline.inference.InferenceMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body whose declared length is over the limit before a byte of it is read, at any endpoint;
 * counted as a request error only at a prediction endpoint (see {@link PredictionRequests}).
 */
public class BodyLimitFilter {

    private final RequestLimits limits;
    private final InferenceMetrics metrics;

    public BodyLimitFilter(RequestLimits limits, InferenceMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ErrorResponse> checkContentLength(ContainerRequestContext request) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return null; // the HTTP layer rejects malformed lengths itself
        }
        if (!limits.tooLarge(length)) {
            return null;
        }
        if (PredictionRequests.isPrediction(request)) {
            metrics.requestFailed("too_large");
        }
        return RestResponse.ResponseBuilder.create(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                        new ErrorResponse(new RequestTooLargeException(limits.maxRequestBytes()).getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
