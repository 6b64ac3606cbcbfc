package io.sightline.trainer.rest;

import io.sightline.auth.Roles;
import io.sightline.kit.rest.Pages;
import io.sightline.kit.http.SecurityHeaders;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.board.TrainingJob;
import io.sightline.trainer.jobs.queue.QueuedJob;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.history.JobFilter;
import io.sightline.trainer.jobs.history.JobHistory;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

@Path("/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training jobs")
public class TrainingJobResource {

    private final TrainingJobs jobs;
    private final JobBoard board;
    private final JobHistory history;

    TrainingJobResource(TrainingJobs jobs, JobBoard board, JobHistory history) {
        this.jobs = jobs;
        this.board = board;
        this.history = history;
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Job changes as they happen (server-sent events): job id, model, what happened, status;"
            + " the job's full state is at /training-jobs/{id}")
    public Multi<JobBoard.JobChange> events() {
        // a slow client misses changes rather than holding memory; each change names the job to re-read
        return Multi.createFrom().emitter(emitter -> {
            Consumer<JobBoard.JobChange> listener = emitter::emit;
            board.subscribe(listener);
            emitter.onTermination(() -> board.unsubscribe(listener));
        }, BackPressureStrategy.DROP);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Queue a training job",
            description = "Omitted hyperparameters get defaults (cnn, 5 epochs or as many as fit timeBudgetSeconds,"
                    + " batch sized to the dataset, learning rate 0.001 on a cosine schedule, the architecture's image"
                    + " size, seed 42, a 10% validation slice when the dataset has no validation split); an omitted"
                    + " datasetVersion means the newest.")
    public Response submit(JobRequest request) throws IOException {
        if (request == null) {
            throw new InvalidJobException("a JSON body describing the job is required");
        }
        QueuedJob queued = jobs.queue(request);
        TrainingJob job = queued.job();
        return Response.accepted(new JobAccepted(job.jobId(), JobStatus.QUEUED, job.model(), job.dataset(),
                        job.datasetVersion(), job.parameters().architecture(), queued.architectureNote()))
                .location(UriBuilder.fromPath("/training-jobs/{id}").build(job.jobId()))
                .build();
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Jobs, newest request first, finished ones past the table's memory included; filtered by"
            + " status (comma-separated), model and dataset; pages of limit (100, at most 1000) after a Next-Cursor")
    public RestResponse<List<TrainingJob>> list(@RestQuery String status, @RestQuery String model,
                                                @RestQuery String dataset, @RestQuery String limit,
                                                @RestQuery String after, @Context UriInfo uri) {
        Pages.Request page = Pages.Request.parse(limit, after);
        return Pages.answer(history.page(JobFilter.of(status, model, dataset), page), uri);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A job: status, parameters, per-epoch metrics, resulting model version or failure reason")
    public TrainingJob get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The report of the job's model version (HTML): environment, stage times, hyperparameters,"
            + " architecture and why, lineage, curves, confusion matrix")
    public RestResponse<byte[]> report(@PathParam("id") String id) throws IOException {
        return document(jobs.output(id, StoreKeys.REPORT), MediaType.TEXT_HTML);
    }

    @GET
    @Path("/{id}/curves.svg")
    @Produces("image/svg+xml")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Loss, accuracy and learning rate per epoch of the job's model version (SVG)")
    public RestResponse<byte[]> curves(@PathParam("id") String id) throws IOException {
        return document(jobs.output(id, StoreKeys.CURVES), "image/svg+xml");
    }

    /** A stored document under a policy that lets its inline styles work and no script run at all. */
    private static RestResponse<byte[]> document(byte[] body, String mediaType) {
        return RestResponse.ResponseBuilder.ok(body, mediaType)
                .header("Content-Security-Policy", SecurityHeaders.DOCUMENT_POLICY).build();
    }
}
