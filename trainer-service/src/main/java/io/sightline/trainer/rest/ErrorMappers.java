package io.sightline.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.UnauthorizedException;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.InvalidJobException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as {@code {"error": "..."}}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** A write without the configured bearer token (or with a wrong one). */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sightline\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorResponse("this endpoint needs the bearer token (Authorization: Bearer <token>)"))
                .build();
    }

    @ServerExceptionMapper
    public Response invalidJob(InvalidJobException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknown(UnknownResourceException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response undeliverable(EventDeliveryException e) {
        return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    /** A body Jackson could bind no value from (wrong type, wrong shape); replaces Quarkus' own mapper. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return error(Response.Status.BAD_REQUEST, describe(e));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, describe(e));
    }

    /** JAX-RS' own errors (malformed JSON, unknown path, wrong method or media type) in the same shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String message = e.getCause() instanceof JsonProcessingException json ? describe(json) : e.getMessage();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }

    private static String describe(JsonProcessingException e) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at " + mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "";
        return "the body is not the JSON expected" + where + ": " + e.getOriginalMessage();
    }

    @ServerExceptionMapper
    public Response storeFailure(java.io.IOException e) {
        LOG.error("the artefact store failed", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR, "the artefact store failed: " + e.getMessage());
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(message)).build();
    }
}
