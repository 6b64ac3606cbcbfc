package io.sightline.dataset.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.UnauthorizedException;
import io.sightline.dataset.InvalidImportException;
import io.sightline.dataset.TreeMaterialiser;
import io.sightline.dataset.UnknownDatasetException;
import io.sightline.dataset.UploadTooLargeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns exceptions into {@code {"error": "..."}} responses. */
class ErrorMappers {

    /** A write without the configured bearer token (or with a wrong one). */
    @ServerExceptionMapper
    Response unauthorized(UnauthorizedException e) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sightline\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("this endpoint needs the bearer token (Authorization: Bearer <token>)"))
                .build();
    }

    @ServerExceptionMapper
    Response invalid(InvalidImportException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    Response tooLarge(UploadTooLargeException e) {
        return error(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
    }

    @ServerExceptionMapper
    Response treeMismatch(TreeMaterialiser.TreeMismatchException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    Response unknown(UnknownDatasetException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    Response malformed(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST, "malformed JSON body: " + e.getOriginalMessage());
    }

    /** Replaces Quarkus' own mapper for wrong value types, whose body is not {@code {"error"}}. */
    @ServerExceptionMapper
    Response mismatched(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? "body" : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return error(Response.Status.BAD_REQUEST, "malformed JSON body: " + field + " has the wrong type or shape");
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        // the JSON reader reports an unreadable body as a bare 400 whose cause says what is wrong
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformed(json);
            }
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String message = e.getMessage() == null || e.getMessage().isBlank() ? status.getReasonPhrase() : e.getMessage();
        return error(status, message);
    }

    static Response error(Response.StatusType status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
