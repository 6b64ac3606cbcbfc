package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.kit.rest.Pages;
import io.sightline.events.ModelPromoted;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.registry.ModelDetail;
import io.sightline.trainer.registry.ModelPages;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.registry.ModelSummary;
import io.sightline.trainer.traffic.TrafficSplits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {

    private final PublishedModels registry;
    private final Promoter promoter;
    private final PromotionGateCheck gateCheck;
    private final SecurityIdentity caller;
    private final TrafficSplits traffic;

    ModelResource(PublishedModels registry, Promoter promoter, PromotionGateCheck gateCheck, SecurityIdentity caller,
                  TrafficSplits traffic) {
        this.registry = registry;
        this.promoter = promoter;
        this.gateCheck = gateCheck;
        this.caller = caller;
        this.traffic = traffic;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Models by name: version count, newest version, champion; pages of limit (100, at most 1000)"
            + " after a Next-Cursor")
    public RestResponse<List<ModelSummary>> list(@RestQuery String limit, @RestQuery String after,
                                                 @Context UriInfo uri) throws IOException {
        Pages.Request page = Pages.Request.parse(limit, after);
        return Pages.answer(new ModelPages(registry).after(page.afterKey(), page.limit() + 1), ModelSummary::name,
                page, uri);
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
        ModelPromoted promoted = promoter.promote(name, version);
        traffic.promoted(name, version, Callers.name(caller)); // a promotion ends the model's canary
        return promoted;
    }
}
