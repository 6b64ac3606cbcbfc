package io.sightline.trainer.rest;

import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.EventDeliveryException;
import io.sightline.trainer.jobs.InvalidJobException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The trainer's own exceptions as {@code {"error": "..."}} answers. A missing token, an unreadable JSON body
 * and JAX-RS' own refusals are the kit's {@code SharedErrorMappers}, in this service's {@link
 * TrainerErrorWording}.
 */
class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    RestResponse<ErrorBody> invalidJob(InvalidJobException e) {
        return ErrorAnswers.of(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> unknown(UnknownResourceException e) {
        return ErrorAnswers.of(Response.Status.NOT_FOUND, e.getMessage());
    }

    /** The broker did not take the event in time: nothing was queued, the client may try again. */
    @ServerExceptionMapper
    RestResponse<ErrorBody> undeliverable(EventDeliveryException e) {
        return ErrorAnswers.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ServerExceptionMapper
    RestResponse<ErrorBody> storeFailure(IOException e) {
        LOG.error("the artefact store failed", e);
        return ErrorAnswers.of(Response.Status.INTERNAL_SERVER_ERROR, "the artefact store failed: " + e.getMessage());
    }
}
