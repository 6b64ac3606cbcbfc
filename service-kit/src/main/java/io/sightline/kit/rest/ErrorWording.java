package io.sightline.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;

/**
 * What a service says in the errors {@link SharedErrorMappers} answers. The statuses and the body's shape
 * are the kit's; the sentences are each service's published contract, which is why a service provides
 * this bean (one per service) instead of the kit choosing one wording for all.
 */
public interface ErrorWording {

    /** The message of a 401 for a request that needs the token and has none. */
    default String tokenNeeded() {
        return "this endpoint needs the bearer token (Authorization: Bearer <token>)";
    }

    /** The message of a 401 for a bearer token no configured identity accepts (never says why: decision 085). */
    default String tokenInvalid() {
        return "invalid bearer token: no configured token or identity provider accepts it";
    }

    /** A JSON body Jackson could not read: broken syntax, or (when the JSON reader wraps it) any cause. */
    String unreadableJson(JsonProcessingException e);

    /** A JSON body with a value of the wrong type or shape, thrown as it is. */
    String unboundJson(MismatchedInputException e);

    /** What JAX-RS itself refuses (unknown path, wrong method or media type) whose cause is not JSON. */
    default String refused(WebApplicationException e) {
        return e.getMessage();
    }
}
