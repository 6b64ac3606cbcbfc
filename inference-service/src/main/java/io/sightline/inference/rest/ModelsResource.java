package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

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
    @Operation(summary = "Every promoted model with its serving version, load time and last load error")
    public List<ModelStatusResponse> list() {
        return registry.status().stream().map(ModelStatusResponse::of).toList();
    }

    @GET
    @Path("/{model}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "One model's serving version, load time and last load error")
    public ModelStatusResponse get(@RestPath String model) throws UnknownModelException {
        return registry.status(model).map(ModelStatusResponse::of).orElseThrow(() -> new UnknownModelException(model));
    }
}
