package io.sightline.inference.rest;

import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.kit.rest.ErrorCauses;
import io.sightline.kit.rest.RefusedRequests;
import io.sightline.vision.InvalidImageException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * This service's own failures as {@code {"error": "..."}} with their status; a missing, invalid or
 * insufficient token, unreadable JSON and JAX-RS' own refusals are answered by the kit's shared mappers, in
 * {@link InferenceErrorWording}'s words. A refused prediction is also counted by cause; other requests are not
 * ({@link PredictionRefusalCount}).
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final RefusedRequests refusals;
    private final RequestLimits limits;

    public ErrorMappers(RefusedRequests refusals, RequestLimits limits) {
        this.refusals = refusals;
        this.limits = limits;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownModel(UnknownModelException e, ContainerRequestContext request) {
        return error(request, Response.Status.NOT_FOUND, "unknown_model", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> notLoaded(ModelNotLoadedException e, ContainerRequestContext request) {
        refusals.refused(request, "model_not_loaded");
        return ErrorAnswers.retryLater(Response.Status.SERVICE_UNAVAILABLE, e.getMessage(), limits.retryAfterSeconds());
    }

    /** A full queue: 429, not 503, so that gateways do not take the instance for a broken one. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> busy(ServerBusyException e, ContainerRequestContext request) {
        refusals.refused(request, "overloaded");
        return ErrorAnswers.retryLater(Response.Status.TOO_MANY_REQUESTS, e.getMessage(),
                limits.busyRetryAfterSeconds());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidImage(InvalidImageException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, "invalid_image", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidInput(InvalidInputException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, ErrorCauses.INVALID_INPUT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> tooLarge(RequestTooLargeException e, ContainerRequestContext request) {
        return error(request, Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(RuntimeException e, ContainerRequestContext request) {
        LOG.error("request failed", e);
        return error(request, Response.Status.INTERNAL_SERVER_ERROR, "internal", "internal error: " + e);
    }

    private RestResponse<ErrorBody> error(ContainerRequestContext request, Response.StatusType status,
                                          String cause, String message) {
        refusals.refused(request, cause);
        return ErrorAnswers.of(status, message);
    }
}
