package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.events.CanaryAuto;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.traffic.AutoCanaries;
import io.sightline.trainer.traffic.TrafficSplits;
import io.sightline.trainer.traffic.TrafficStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A model's canary and shadow: start, roll back or stop, and read the state the inference replicas apply. */
@Path("/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelTrafficResource {

    private final TrafficSplits splits;
    private final AutoCanaries autoCanaries;
    private final PromotionGateCheck gateCheck;
    private final SecurityIdentity caller;

    ModelTrafficResource(TrafficSplits splits, AutoCanaries autoCanaries, PromotionGateCheck gateCheck,
                         SecurityIdentity caller) {
        this.splits = splits;
        this.autoCanaries = autoCanaries;
        this.gateCheck = gateCheck;
        this.caller = caller;
    }

    /**
     * The body of a canary or shadow start; {@code auto} (canaries only) is {@code {"requests": N,
     * "maxErrorRateIncrease": x, "maxConfidenceDrop": y}}, each optional (decision 107).
     */
    public record ShareRequest(Integer percent, Object auto) {
    }

    @GET
    @Path("/traffic")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The model's canary and shadow, as last recorded (404 when it never had one), with the"
            + " inference replicas' counts since each started: requests, error rate, mean confidence, shadow"
            + " agreement; and an automatic canary's progress and outcome")
    public TrafficStatus get(@PathParam("name") String name) throws IOException {
        return autoCanaries.status(ModelDeletionResource.validName(name))
                .orElseThrow(() -> new UnknownResourceException("model " + name + " never had a canary or shadow"));
    }

    @POST
    @Path("/versions/{version}/canary")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Answer percent (1-99) of the model's requests with this version; sticky per"
            + " X-Sightline-Request-Key. Promote ends it, DELETE rolls it back; with auto, the registry promotes or"
            + " rolls it back itself after N canary requests (a version the promotion gate refuses needs admin)")
    public ModelTrafficChanged startCanary(@PathParam("name") String name, @PathParam("version") String version,
                                           ShareRequest body) throws IOException {
        String model = ModelDeletionResource.validName(name);
        int percent = percent(body);
        CanaryAuto auto = CanaryAutoRequest.parse(body.auto());
        if (auto != null) {
            gateCheck.check(model, version, caller); // it will promote without asking again
        }
        return splits.startCanary(model, version, percent, auto, Callers.name(caller));
    }

    @DELETE
    @Path("/versions/{version}/canary")
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Roll the canary back: the champion answers every request again")
    public ModelTrafficChanged rollBack(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return splits.rollBack(ModelDeletionResource.validName(name), version, Callers.name(caller));
    }

    @POST
    @Path("/versions/{version}/shadow")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Mirror percent (1-100) of the model's requests to this version, never answering from it;"
            + " its top-1 agreement with the champion is a metric")
    public ModelTrafficChanged startShadow(@PathParam("name") String name, @PathParam("version") String version,
                                           ShareRequest body) throws IOException {
        if (body != null && body.auto() != null) {
            throw new InvalidJobException("auto is for canaries only: a shadow never answers, so it is never promoted");
        }
        return splits.startShadow(ModelDeletionResource.validName(name), version, percent(body),
                Callers.name(caller));
    }

    @DELETE
    @Path("/versions/{version}/shadow")
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Stop mirroring to this version")
    public ModelTrafficChanged stopShadow(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        return splits.stopShadow(ModelDeletionResource.validName(name), version, Callers.name(caller));
    }

    private static int percent(ShareRequest body) {
        if (body == null || body.percent() == null) {
            throw new InvalidJobException("the body must be {\"percent\": P}");
        }
        return body.percent();
    }
}
