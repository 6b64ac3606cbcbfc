package io.sightline.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The errors every service answers alike: a missing token, a JSON body that cannot be read, and what
 * JAX-RS itself refuses, each as {@code {"error": "..."}} (Quarkus' own answers to them have other
 * bodies). Each service maps its own domain exceptions next to its resources, with {@link ErrorAnswers}.
 */
@Singleton
public class SharedErrorMappers {

    private final ErrorWording wording;
    private final RefusedRequests refusals;

    public SharedErrorMappers(ErrorWording wording, RefusedRequests refusals) {
        this.wording = wording;
        this.refusals = refusals;
    }

    /** No identity, or the open caller at an endpoint that needs the token. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unauthorized(UnauthorizedException e, ContainerRequestContext request) {
        refusals.refused(request, ErrorCauses.UNAUTHORIZED);
        return ErrorAnswers.challenge(wording.tokenNeeded());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unreadableJson(JsonProcessingException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, ErrorCauses.INVALID_INPUT, wording.unreadableJson(e));
    }

    /** Replaces Quarkus' own mapper for values of the wrong type, whose body is not {@code {"error"}}. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unboundJson(MismatchedInputException e, ContainerRequestContext request) {
        return error(request, Response.Status.BAD_REQUEST, ErrorCauses.INVALID_INPUT, wording.unboundJson(e));
    }

    /** A JSON body past its service's limit, found while reading it ({@link JsonBodyBound}). */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> jsonTooLarge(JsonBodyBound.TooLarge e, ContainerRequestContext request) {
        return error(request, Response.Status.REQUEST_ENTITY_TOO_LARGE, ErrorCauses.ofStatus(413), e.getMessage());
    }

    /** Unknown paths, wrong methods or media types, and bodies the JSON reader gave up on. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> refused(WebApplicationException e, ContainerRequestContext request) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        // the JSON reader answers an unreadable body with a bare 400 whose cause says what is wrong
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return error(request, status, ErrorCauses.INVALID_INPUT, wording.unreadableJson(json));
            }
        }
        return error(request, status, ErrorCauses.ofStatus(status.getStatusCode()), wording.refused(e));
    }

    private RestResponse<ErrorBody> error(ContainerRequestContext request, Response.StatusType status,
                                          String cause, String message) {
        refusals.refused(request, cause);
        return ErrorAnswers.of(status, message);
    }
}
