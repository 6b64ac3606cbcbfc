package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.events.ModelPromoted;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.registry.ModelDetail;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.registry.ModelSummary;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    private final PublishedModels registry;
    private final Promoter promoter;
    private final PromotionGateCheck gateCheck;
    private final SecurityIdentity caller;

    ModelResource(PublishedModels registry, Promoter promoter, PromotionGateCheck gateCheck, SecurityIdentity caller) {
        this.registry = registry;
        this.promoter = promoter;
        this.gateCheck = gateCheck;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Every model: version count, newest version, champion")
    public List<ModelSummary> list() throws IOException {
        return registry.summaries();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A model's versions with their test metrics, newest first, and its champion")
    public ModelDetail get(@PathParam("name") String name) throws IOException {
        return registry.detail(name);
    }

    @POST
    @Path("/{name}/versions/{version}/promote")
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Make an existing version the served one (rollback): records it and emits ModelPromoted;"
            + " a version the promotion gate refuses needs the admin role")
    public ModelPromoted promote(@PathParam("name") String name, @PathParam("version") String version)
            throws IOException {
        gateCheck.check(name, version, caller);
        return promoter.promote(name, version);
    }
}
