package io.sightline.trainer.rest;

import io.sightline.kit.rest.ErrorAnswers;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.trainer.jobs.JobStateConflictException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A cancel or delete that the state of its subject forbids: 409 with the reason and what would be allowed. */
class LifecycleErrorMappers {

    @ServerExceptionMapper
    RestResponse<ErrorBody> conflict(JobStateConflictException e) {
        return ErrorAnswers.of(Response.Status.CONFLICT, e.getMessage());
    }
}
