package io.sightline.inference.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.auth.AuthConfig;
import io.sightline.vision.InvalidImageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes {@code {"error": "..."}} with its status. A refused prediction is also counted by
 * cause; other requests are not (see {@link PredictionRequests}).
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    private final InferenceMetrics metrics;
    private final RequestLimits limits;
    private final AuthConfig auth;

    public ErrorMappers(InferenceMetrics metrics, RequestLimits limits, AuthConfig auth) {
        this.metrics = metrics;
        this.limits = limits;
        this.auth = auth;
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unknownModel(UnknownModelException e, ContainerRequestContext request) {
        return error(request, Response.Status.NOT_FOUND, "unknown_model", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> notLoaded(ModelNotLoadedException e, ContainerRequestContext request) {
        count(request, "model_not_loaded");
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE,
                        new ErrorResponse(e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, limits.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A full queue: 429, not 503, so that gateways do not take the instance for a broken one. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> busy(ServerBusyException e, ContainerRequestContext request) {
        count(request, "overloaded");
        return RestResponse.ResponseBuilder.create(Response.Status.TOO_MANY_REQUESTS,
                        new ErrorResponse(e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, limits.busyRetryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidImage(InvalidImageException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, "invalid_image", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> invalidInput(InvalidInputException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, "invalid_input", e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> tooLarge(RequestTooLargeException e, ContainerRequestContext request) {
        return error(request, Response.Status.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage());
    }

    /** No identity, or the open caller at an endpoint that needs the token. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        return challenge(request, "this endpoint needs a bearer token (Authorization: Bearer <token>)");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> authenticationFailed(AuthenticationFailedException e,
                                                            ContainerRequestContext request) {
        return challenge(request, "invalid bearer token");
    }

    /**
     * A caller without the needed role. With a token configured that can only be a caller without a
     * token (the token grants every role): ask for it. Without one, the endpoint is disabled.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> forbidden(ForbiddenException e, ContainerRequestContext request) {
        if (auth.token().isPresent()) {
            return challenge(request, "this endpoint needs a bearer token (Authorization: Bearer <token>)");
        }
        return error(request, Response.Status.FORBIDDEN, "forbidden",
                "admin endpoints are disabled: no token is configured (sightline.auth.token)");
    }

    private RestResponse<ErrorResponse> challenge(ContainerRequestContext request, String message) {
        count(request, "unauthorized");
        return RestResponse.ResponseBuilder.create(Response.Status.UNAUTHORIZED, new ErrorResponse(message))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sightline\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, unsupported content types, bad JSON. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> http(WebApplicationException e, ContainerRequestContext request) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String cause = switch (status.getStatusCode()) {
            case 400 -> "invalid_input";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status.getStatusCode();
        };
        String message = status.getStatusCode() == 415
                ? "unsupported Content-Type; send image/png, image/jpeg, image/bmp, image/gif, "
                        + "image/x-portable-anymap, application/octet-stream or multipart/form-data with a 'file' part"
                : e.getMessage();
        return error(request, status, cause, message);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unexpected(RuntimeException e, ContainerRequestContext request) {
        LOG.error("request failed", e);
        return error(request, Response.Status.INTERNAL_SERVER_ERROR, "internal", "internal error: " + e);
    }

    private RestResponse<ErrorResponse> error(ContainerRequestContext request, Response.StatusType status,
                                              String cause, String message) {
        count(request, cause);
        return RestResponse.ResponseBuilder.<ErrorResponse>create(status.getStatusCode())
                .entity(new ErrorResponse(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private void count(ContainerRequestContext request, String cause) {
        if (PredictionRequests.isPrediction(request)) {
            metrics.requestFailed(cause);
        }
    }
}
