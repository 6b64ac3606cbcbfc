package io.sightline.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.sightline.kit.rest.ErrorWording;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** This service's sentences in the errors the kit's shared mappers answer (a published contract). */
@Singleton
public class InferenceErrorWording implements ErrorWording {

    /** The 401 of a request that needs the token: also what a token-less caller at admin is told. */
    static final String TOKEN_NEEDED = "this endpoint needs a bearer token (Authorization: Bearer <token>)";

    /** The 415: what a prediction may send instead. */
    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported Content-Type; send image/png, image/jpeg, "
            + "image/bmp, image/gif, image/x-portable-anymap, application/octet-stream or multipart/form-data "
            + "with a 'file' part";

    @Override
    public String tokenNeeded() {
        return TOKEN_NEEDED;
    }

    /**
     * Unreachable while every JSON body is parsed by {@link RequestLimits#json}; worded as it words them, so
     * that a body bound by JAX-RS one day answers alike.
     */
    @Override
    public String unreadableJson(JsonProcessingException e) {
        return "malformed JSON: " + e.getOriginalMessage();
    }

    /** Unreachable for the same reason as {@link #unreadableJson}. */
    @Override
    public String unboundJson(MismatchedInputException e) {
        return "malformed JSON: " + e.getOriginalMessage();
    }

    @Override
    public String refused(WebApplicationException e) {
        return e.getResponse().getStatus() == Response.Status.UNSUPPORTED_MEDIA_TYPE.getStatusCode()
                ? UNSUPPORTED_MEDIA_TYPE
                : e.getMessage();
    }
}
