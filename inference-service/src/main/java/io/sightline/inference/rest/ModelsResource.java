package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.kit.rest.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code GET /models}: what this instance serves, what it is loading, and what failed. */
@Path("/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelRegistry registry;

    public ModelsResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Every promoted model with its serving version, load time and last load error, by name;"
            + " a page of limit (100, at most 1000), Next-Cursor while more follow")
    public RestResponse<List<ModelStatusResponse>> list(@RestQuery String limit, @RestQuery String after,
                                                        @Context UriInfo uri) {
        return Pages.answer(registry.status().stream().map(ModelStatusResponse::of).toList(),
                ModelStatusResponse::model, Pages.Request.parse(limit, after), uri);
    }

    @GET
    @Path("/{model}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "One model's serving version, load time and last load error")
    public ModelStatusResponse get(@RestPath String model) throws UnknownModelException {
        return registry.status(model).map(ModelStatusResponse::of).orElseThrow(() -> new UnknownModelException(model));
    }
}
