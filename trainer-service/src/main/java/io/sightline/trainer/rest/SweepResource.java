package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.kit.http.SecurityHeaders;
import io.sightline.trainer.sweeps.Sweep;
import io.sightline.trainer.sweeps.SweepCancellation;
import io.sightline.trainer.sweeps.SweepRequest;
import io.sightline.trainer.sweeps.Sweeps;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sweeps")
public class SweepResource {

    private final Sweeps sweeps;
    private final SweepCancellation cancellation;
    private final SecurityIdentity caller;

    SweepResource(Sweeps sweeps, SweepCancellation cancellation, SecurityIdentity caller) {
        this.sweeps = sweeps;
        this.cancellation = cancellation;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Every sweep, newest first, summarised: status, rung, trials, winner")
    public List<SweepSummary> list() throws IOException {
        return sweeps.list().stream().map(SweepSummary::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Queue a hyperparameter sweep",
            description = "Grid or random search over learningRate, batchSize, architecture and augmentation (at most"
                    + " 32 trials, each checked like a training job); trials are training jobs pruned by successive"
                    + " halving and ranked by validation accuracy; the winner is trained as the model and meets its"
                    + " promotion gate; no new rung starts once budgetSeconds has passed (decision 106).")
    public Response start(SweepRequest request) throws IOException {
        Sweep sweep = sweeps.start(request);
        return Response.accepted(new SweepAccepted(sweep.id(), sweep.status(), sweep.request().model(),
                        sweep.trials().size(), sweep.rungs()))
                .location(UriBuilder.fromPath("/sweeps/{id}").build(sweep.id())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A sweep: status, rung, every trial with its values, jobs, states and validation accuracy,"
            + " the winner and whether it was promoted")
    public Sweep get(@PathParam("id") String id) throws IOException {
        return sweeps.get(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Cancel a running sweep: its queued and running jobs are cancelled as by DELETE"
            + " /training-jobs/{id}; the sweep is kept, CANCELLED, with its trials and report; 409 once it has ended")
    public Sweep cancel(@PathParam("id") String id) throws IOException {
        return cancellation.cancel(id, Callers.name(caller));
    }

    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The trials compared (HTML): a ranked table and their validation curves overlaid")
    public RestResponse<byte[]> report(@PathParam("id") String id) throws IOException {
        return RestResponse.ResponseBuilder.ok(sweeps.report(id).getBytes(StandardCharsets.UTF_8), MediaType.TEXT_HTML)
                .header("Content-Security-Policy", SecurityHeaders.DOCUMENT_POLICY).build();
    }
}
