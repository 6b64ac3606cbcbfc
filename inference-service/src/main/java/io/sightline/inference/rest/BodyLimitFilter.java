package io.sightline.inference.rest;

import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.kit.rest.RefusedRequests;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body whose declared length is over the limit before a byte of it is read, at any endpoint;
 * counted as a request error only at a prediction endpoint (see {@link PredictionRefusalCount}).
 */
public class BodyLimitFilter {

    private final RequestLimits limits;
    private final RefusedRequests refusals;

    public BodyLimitFilter(RequestLimits limits, RefusedRequests refusals) {
        this.limits = limits;
        this.refusals = refusals;
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ErrorBody> checkContentLength(ContainerRequestContext request) {
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
        refusals.refused(request, "too_large");
        return ErrorAnswers.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                new RequestTooLargeException(limits.maxRequestBytes()).getMessage());
    }
}
