package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.trainer.jobs.cancel.JobCancellation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training jobs")
public class JobCancellationResource {

    private final JobCancellation cancellation;
    private final SecurityIdentity caller;

    JobCancellationResource(JobCancellation cancellation, SecurityIdentity caller) {
        this.cancellation = cancellation;
        this.caller = caller;
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Cancel a job: a queued one is CANCELLED at once; a running one stops at its next batch"
            + " (CANCELLING, then CANCELLED with training.cancelled), publishing nothing; 409 once it has ended")
    public RestResponse<JobCancellation.Answer> cancel(@PathParam("id") String id) throws IOException {
        return RestResponse.accepted(cancellation.cancel(id, Callers.name(caller)));
    }
}
