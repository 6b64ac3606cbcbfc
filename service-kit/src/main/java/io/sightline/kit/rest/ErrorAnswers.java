package io.sightline.kit.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

/** Error answers in the one shape every service uses: a status, an {@link ErrorBody}, JSON. */
public final class ErrorAnswers {

    /** The challenge of a 401: the same realm as the authentication mechanism's own. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"sightline\"";

    private ErrorAnswers() {
    }

    /** {@code status} with {@code {"error": message}}. */
    public static RestResponse<ErrorBody> of(Response.StatusType status, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status.getStatusCode())
                .entity(new ErrorBody(message))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** As {@link #of}, telling the client when to try again. */
    public static RestResponse<ErrorBody> retryLater(Response.StatusType status, String message,
                                                     long retryAfterSeconds) {
        return RestResponse.ResponseBuilder.create(status, new ErrorBody(message))
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** 401 with a {@code WWW-Authenticate: Bearer} challenge, so that clients know to send the token. */
    public static RestResponse<ErrorBody> challenge(String message) {
        return RestResponse.ResponseBuilder.create(Response.Status.UNAUTHORIZED, new ErrorBody(message))
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
